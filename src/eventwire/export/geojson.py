"""GeoJSON: one FeatureCollection of Point features (``[longitude, latitude]``), one feature
per line.

Properties are the event's JSON record (``Event.to_dict()`` and its PLOVER and CAMEO codes),
or with ``flat`` the CSV's columns as plain values: no nested objects or lists (lists joined
with ``"; "``), so QGIS and spreadsheets read every property as a column. A feature without
usable coordinates has ``geometry`` null; with ``include_unlocated=False`` it is left out and
counted in ``ExportCounts.left_out``."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import IO, Any

from ..model import Event
from .base import ExportCounts, dumps


def geometry(event: Event) -> dict[str, Any] | None:
    """The event's Point, or None without usable (finite) coordinates."""
    lat, lon = event.latitude, event.longitude
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


def flat_properties(row: dict[str, Any]) -> dict[str, Any]:
    """A record with every list joined with ``"; "`` (None when empty)."""
    return {k: ("; ".join(str(x) for x in v) or None) if isinstance(v, list) else v for k, v in row.items()}


def write_geojson(
    items: Iterable[tuple[str, Event, dict[str, Any]]],
    out: IO[str],
    *,
    include_unlocated: bool = True,
    counts: ExportCounts | None = None,
) -> int:
    """Stream a FeatureCollection of ``(feature id, event, properties)``; returns how many
    features were written."""
    counts = counts if counts is not None else ExportCounts()
    out.write('{"type": "FeatureCollection", "features": [')
    for feature_id, event, properties in items:
        point = geometry(event)
        if point is None and not include_unlocated:
            counts.left_out += 1
            continue
        record = {"type": "Feature", "id": feature_id, "geometry": point, "properties": properties}
        out.write(("," if counts.written else "") + "\n" + dumps(record))
        counts.written += 1
    out.write("\n]}\n")
    return counts.written
