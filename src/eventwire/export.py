"""Write events and documents as JSON Lines, CSV or GeoJSON.

Formats (``fmt``, case-insensitive):

* ``jsonl``: one JSON object per line. Events are ``Event.to_dict()`` (every
  contract key present); documents are their metadata with the text.
* ``csv``: events use ACLED's column names where ACLED has one
  (:data:`ACLED_COLUMNS`, in ACLED's order), with eventwire's place record
  (:data:`PLACE_COLUMNS`: UCDP ``where_prec``, the place as written, the
  gazetteer id, the feature type) right after ``geo_precision``, then
  eventwire's own columns (:data:`EXTRA_COLUMNS`). UCDP's ``date_prec``
  comes right after ACLED's ``time_precision``.
  Lists are joined with ``"; "``; unknown values are empty cells (ACLED would
  write 0 fatalities, eventwire does not invent a count). ``iso`` is the ISO
  3166-1 numeric code as an integer, as ACLED writes it. Documents: one row of
  :data:`DOCUMENT_COLUMNS` each, text included.
* ``geojson``: events as one FeatureCollection of Point features
  (``[longitude, latitude]``; ``geometry`` is null without coordinates) whose
  properties are ``Event.to_dict()``. Documents have no geometry, so asking for
  documents as GeoJSON raises :class:`ExportFormatError`.

Tallies (:func:`export_tallies`) are ``jsonl`` (``Tally.to_dict()``) or
``csv`` (:data:`TALLY_CSV_COLUMNS`: the value as ``value_low``/``value_best``/
``value_high``, the breakdown as JSON text in one column).

CSV cells are safe to open in a spreadsheet (:func:`csv_cell`, OWASP's advice on CSV
injection): a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, which a spreadsheet would run as a formula (``=HYPERLINK(...)``), is written with a
leading single quote, so it shows as text. Only text is changed, never a number eventwire
writes itself (a longitude of -3.2 stays the number -3.2); a reader that wants the exact
strings back should use ``jsonl``. The API's ``format=csv`` goes through the same writer.

Every writer returns the number of records written. An unknown format raises
:class:`ExportFormatError`, an :class:`~eventwire.errors.EventwireError` and a
``ValueError``.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from functools import cache
from typing import Any, TextIO

import pycountry

from .errors import EventwireError
from .model import TALLY_KEYS, Event, Tally

FORMATS = ("jsonl", "csv", "geojson")
DOCUMENT_FORMATS = ("jsonl", "csv")

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "iso",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
EXTRA_COLUMNS = (
    "event_id",
    "iso3",
    "fatalities_low",
    "fatalities_high",
    "injuries_low",
    "injuries_best",
    "injuries_high",
    "abducted_low",
    "abducted_best",
    "abducted_high",
    "arrested_low",
    "arrested_best",
    "arrested_high",
    "weapon",
    "reported_as",
    "responds_to",
    "confidence",
    "document_ids",
    "source_urls",
)
# eventwire's place record, written right after ACLED's geo_precision
PLACE_COLUMNS = ("where_prec", "location_as_written", "gazetteer_id", "location_type")
_AFTER_TIME = ACLED_COLUMNS.index("time_precision") + 1
_AFTER_PRECISION = ACLED_COLUMNS.index("geo_precision") + 1
EVENT_CSV_COLUMNS = (
    ACLED_COLUMNS[:_AFTER_TIME]
    + ("date_prec",)
    + ACLED_COLUMNS[_AFTER_TIME:_AFTER_PRECISION]
    + PLACE_COLUMNS
    + ACLED_COLUMNS[_AFTER_PRECISION:]
    + EXTRA_COLUMNS
)
_VALUE_COLUMNS = ("value_low", "value_best", "value_high")
_AT_VALUE = TALLY_KEYS.index("value")
TALLY_CSV_COLUMNS = TALLY_KEYS[:_AT_VALUE] + _VALUE_COLUMNS + TALLY_KEYS[_AT_VALUE + 1 :]
TALLY_FORMATS = ("jsonl", "csv")
DOCUMENT_COLUMNS = ("document_id", "title", "published", "outlet", "url", "source", "text")


#: a text cell that starts with one of these is read as a formula by spreadsheets (OWASP)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportFormatError(EventwireError, ValueError):
    """The export format is unknown, or does not fit the records."""


def _format(fmt: str, allowed: tuple[str, ...], what: str) -> str:
    name = fmt.strip().lower()
    if name == "geojson" and name not in allowed:
        raise ExportFormatError(
            f"export format {fmt!r}: {what} have no geometry; choose {' or '.join(allowed)}"
        )
    if name not in allowed:
        raise ExportFormatError(f"unknown export format {fmt!r} for {what} (choose {', '.join(allowed)})")
    return name


def export_events(events: Iterable[Event], fmt: str, out: TextIO) -> int:
    """Write ``events`` to ``out`` as ``fmt`` (jsonl | csv | geojson); returns how many."""
    name = _format(fmt, FORMATS, "events")
    if name == "jsonl":
        return _write_jsonl((e.to_dict() for e in events), out)
    if name == "csv":
        return _write_csv((acled_row(e) for e in events), EVENT_CSV_COLUMNS, out)
    return _write_geojson(events, out)


def export_documents(docs: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write document dicts (as ``Store.documents()`` gives them) as jsonl | csv; returns how many."""
    name = _format(fmt, DOCUMENT_FORMATS, "documents")
    records = ({k: d.get(k) for k in DOCUMENT_COLUMNS} for d in docs)
    if name == "jsonl":
        return _write_jsonl(records, out)
    return _write_csv(records, DOCUMENT_COLUMNS, out)


def export_tallies(tallies: Iterable[Tally], fmt: str, out: TextIO) -> int:
    """Write ``tallies`` as jsonl | csv; returns how many."""
    name = _format(fmt, TALLY_FORMATS, "tallies")
    if name == "jsonl":
        return _write_jsonl((t.to_dict() for t in tallies), out)
    return _write_csv((tally_row(t) for t in tallies), TALLY_CSV_COLUMNS, out)


def tally_row(tally: Tally) -> dict[str, Any]:
    """One CSV row for ``tally``: value split in three columns, breakdown as JSON text."""
    d = tally.to_dict()
    value = d.pop("value")
    d.update({f"value_{k}": v for k, v in value.items()})
    d["breakdown"] = _dumps(d["breakdown"])
    return d


def acled_row(event: Event) -> dict[str, Any]:
    """One CSV row for ``event``: ACLED's columns, then eventwire's."""
    sources = event.sources
    return {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date,
        "year": event.event_date[:4] if event.event_date else None,
        "time_precision": event.time_precision,
        "date_prec": event.date_prec,
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": "; ".join(event.assoc_actor_1),
        "actor2": event.actor2,
        "assoc_actor_2": "; ".join(event.assoc_actor_2),
        "iso": iso_numeric(event.iso3),
        "country": event.country,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "where_prec": event.where_prec,
        "location_as_written": event.location_as_written,
        "gazetteer_id": event.gazetteer_id,
        "location_type": event.location_type,
        "source": "; ".join(_unique(s.outlet for s in sources)),
        "notes": sources[0].sentence.strip() if sources else None,
        "fatalities": event.fatalities.best,
        "event_id": event.event_id,
        "iso3": event.iso3,
        "fatalities_low": event.fatalities.low,
        "fatalities_high": event.fatalities.high,
        "injuries_low": event.injuries.low,
        "injuries_best": event.injuries.best,
        "injuries_high": event.injuries.high,
        "abducted_low": event.abducted.low,
        "abducted_best": event.abducted.best,
        "abducted_high": event.abducted.high,
        "arrested_low": event.arrested.low,
        "arrested_best": event.arrested.best,
        "arrested_high": event.arrested.high,
        "weapon": event.weapon,
        "reported_as": event.reported_as,
        "responds_to": event.responds_to,
        "confidence": event.confidence,
        "document_ids": "; ".join(_unique(s.document_id for s in sources)),
        "source_urls": "; ".join(_unique(s.url for s in sources)),
    }


@cache
def iso_numeric(iso3: str | None) -> int | None:
    """ISO 3166-1 numeric code (as ACLED writes it: 368 for IRQ), None when unknown."""
    if not iso3:
        return None
    country = pycountry.countries.get(alpha_3=iso3.upper())
    return int(country.numeric) if country is not None else None


def feature(event: Event) -> dict[str, Any]:
    """A GeoJSON Feature for ``event`` (geometry null without usable coordinates)."""
    lat, lon = event.latitude, event.longitude
    geometry = None
    if lat is not None and lon is not None and math.isfinite(lat) and math.isfinite(lon):
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": event.to_dict()}


# -- writers ------------------------------------------------------------------


def _dumps(record: Any) -> str:
    return json.dumps(_finite(record), ensure_ascii=False, allow_nan=False)


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities as None (JSON has no such numbers)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for record in records:
        out.write(_dumps(record) + "\n")
        n += 1
    return n


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows and never runs: None is empty, text that
    starts with one of :data:`FORMULA_STARTS` gets a leading ``'``; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(records: Iterable[dict[str, Any]], columns: tuple[str, ...], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow({k: csv_cell(v) for k, v in record.items()})
        n += 1
    return n


def _write_geojson(events: Iterable[Event], out: TextIO) -> int:
    """Stream a FeatureCollection, one feature per line."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for event in events:
        out.write(("," if n else "") + "\n" + _dumps(feature(event)))
        n += 1
    out.write("\n]}\n")
    return n


def _unique(values: Iterable[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v, None)
    return list(seen)
