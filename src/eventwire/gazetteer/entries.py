"""User gazetteer entries: a JSON file in the format of ``facilities.json``.

::

    {"places": [
      {"id": "camp-alpha", "name": "Camp Alpha", "feature_type": "facility",
       "country": "IQ", "lat": 33.1, "lon": 43.9,
       "aliases": ["Alpha base"], "admin1": "Al Anbar", "source": "our field team"}
    ]}

``id``, ``name`` and ``feature_type`` are required; ``lat``/``lon`` are
required for points (facility, airbase, airport, city) and optional for
regions. Every problem is reported with the file, the entry and the field.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ..errors import GazetteerError

FEATURE_TYPES = ("country", "admin1", "admin2", "region", "city", "airbase", "airport", "facility")
POINT_TYPES = frozenset({"city", "airbase", "airport", "facility"})
_STR_FIELDS = ("country", "admin1", "admin2", "source", "same_as")


def read_entries(path: Path) -> list[dict[str, Any]]:
    """The validated entries of a user file; raises GazetteerError naming the problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GazetteerError(f"{path}: gazetteer entries file not found") from None
    except IsADirectoryError:
        raise GazetteerError(f"{path}: is a directory, not a gazetteer entries file") from None
    if not raw.strip():
        raise GazetteerError(f"{path}: gazetteer entries file is empty")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise GazetteerError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    places = data.get("places") if isinstance(data, dict) else data
    if not isinstance(places, list):
        raise GazetteerError(f"{path}: expected a list of places or an object with a 'places' list")
    if not places:
        raise GazetteerError(f"{path}: the entries file lists no places")
    seen: set[str] = set()
    out = []
    for i, entry in enumerate(places, start=1):
        out.append(_check(path, i, entry))
        if out[-1]["id"] in seen:
            raise GazetteerError(f"{path}: entry {i}: id {out[-1]['id']!r} is used twice")
        seen.add(out[-1]["id"])
    return out


def _check(path: Path, i: int, entry: Any) -> dict[str, Any]:
    where = f"{path}: entry {i}"
    if not isinstance(entry, dict):
        raise GazetteerError(f"{where}: must be an object, got {type(entry).__name__}")
    for key in ("id", "name", "feature_type"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise GazetteerError(f"{where}: field {key!r} is required and must be a non-empty string")
    where = f"{path}: entry {i} ({entry['name']!r})"
    if entry["feature_type"] not in FEATURE_TYPES:
        raise GazetteerError(
            f"{where}: feature_type {entry['feature_type']!r} is not one of {', '.join(FEATURE_TYPES)}"
        )
    lat, lon = entry.get("lat"), entry.get("lon")
    if (lat is None) != (lon is None):
        raise GazetteerError(f"{where}: give both 'lat' and 'lon', or neither")
    if lat is None and entry["feature_type"] in POINT_TYPES:
        raise GazetteerError(f"{where}: a {entry['feature_type']} needs 'lat' and 'lon'")
    if lat is not None:
        for key, value, limit in (("lat", lat, 90.0), ("lon", lon, 180.0)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise GazetteerError(f"{where}: {key!r} must be a number, got {value!r}")
            if abs(value) > limit:
                raise GazetteerError(f"{where}: {key!r} {value} is outside -{limit:g}..{limit:g}")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise GazetteerError(f"{where}: 'aliases' must be a list of non-empty strings")
    for key in _STR_FIELDS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise GazetteerError(f"{where}: {key!r} must be a string")
    country = entry.get("country")
    if country is not None:
        import pycountry

        if len(country) != 2 or pycountry.countries.get(alpha_2=country.upper()) is None:
            raise GazetteerError(f"{where}: country {country!r} is not an ISO 3166 alpha-2 code")
        entry = {**entry, "country": country.upper()}
    pop = entry.get("population", 0)
    if isinstance(pop, bool) or not isinstance(pop, int) or pop < 0:
        raise GazetteerError(f"{where}: 'population' must be a whole number >= 0")
    return entry
