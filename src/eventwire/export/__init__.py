"""Write events, reports, claims, documents and tallies as JSON Lines, CSV, GeoJSON or Parquet.

What each format holds (``docs/export.md`` lists every column):

* ``jsonl``: one JSON object per line. Events are ``Event.to_dict()`` (every contract key,
  in order) followed by ``plover_type``, ``plover_mode`` and ``cameo_code``; reports the same
  with their ``report_id`` and ``document_id`` first and the merged event's ``event_id``;
  claims ``Claim.to_dict()`` after their ``event_id`` and ``claim_index``; documents their
  metadata with the text; tallies ``Tally.to_dict()``.
* ``csv``: events use ACLED's column names where ACLED has one (:data:`ACLED_COLUMNS`, in
  ACLED's order), eventwire's own columns inside them (the date's UCDP precision after
  ``time_precision``, PLOVER and CAMEO codes after ``sub_event_type``, the place record after
  ``geo_precision``, the fatality range after ``fatalities``) and after them
  (:data:`~eventwire.export.acled.EXTRA_COLUMNS`). Lists are joined with ``"; "``; unknown
  values are empty cells, except ``fatalities``, which is 0 when none are reported, as ACLED
  writes it (``fatalities_best`` keeps eventwire's unknown). Cells are safe to open in a
  spreadsheet (:func:`csv_cell`, OWASP's advice on CSV injection): a text cell that begins with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote; numbers
  are never changed. The API's ``format=csv`` goes through the same writer.
* ``geojson`` (events and reports only): a FeatureCollection of Points, properties the JSON
  record or, with ``flat``, the CSV's columns as plain values (see :mod:`.geojson`).
* ``parquet``: the CSV's columns, typed, lists as lists (see :mod:`.parquet`); the output
  must be a binary file.

Every writer returns the number of records written, and fills ``counts`` when given
(:class:`ExportCounts`: also the unlocated features a GeoJSON export left out). An unknown
format raises :class:`ExportFormatError`, an :class:`~eventwire.errors.EventwireError` and a
``ValueError``, before anything is written. :func:`write_atomically` gives a file that only
appears, complete, when the export succeeds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from ..model import Event, Tally
from .acled import (
    ACLED_COLUMNS,
    CLAIM_COLUMNS,
    CODE_COLUMNS,
    DOCUMENT_COLUMNS,
    EVENT_CSV_COLUMNS,
    REPORT_COLUMNS,
    TALLY_CSV_COLUMNS,
    acled_row,
    claim_record,
    claim_row,
    document_row,
    event_record,
    iso_numeric,
    report_record,
    report_row,
    summary,
    tally_row,
)
from .base import (
    ExportCounts,
    ExportFormatError,
    ExportTargetError,
    check_format,
    dumps,
    write_atomically,
    write_jsonl,
)
from .csv import FORMULA_STARTS, csv_cell, write_csv
from .geojson import flat_properties, write_geojson

FORMATS = ("jsonl", "csv", "geojson", "parquet")  # events and reports
TABLE_FORMATS = ("jsonl", "csv", "parquet")  # claims, documents, tallies: no geometry
DOCUMENT_FORMATS = TABLE_FORMATS
TALLY_FORMATS = TABLE_FORMATS
CLAIM_FORMATS = TABLE_FORMATS
BINARY_FORMATS = ("parquet",)

__all__ = [
    "ACLED_COLUMNS",
    "BINARY_FORMATS",
    "CLAIM_COLUMNS",
    "CODE_COLUMNS",
    "DOCUMENT_COLUMNS",
    "EVENT_CSV_COLUMNS",
    "FORMATS",
    "FORMULA_STARTS",
    "REPORT_COLUMNS",
    "TABLE_FORMATS",
    "TALLY_CSV_COLUMNS",
    "ExportCounts",
    "ExportFormatError",
    "ExportTargetError",
    "acled_row",
    "csv_cell",
    "event_record",
    "export_claims",
    "export_documents",
    "export_events",
    "export_reports",
    "export_tallies",
    "iso_numeric",
    "summary",
    "tally_row",
    "write_atomically",
]


def _parquet(
    records: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO[Any], counts: ExportCounts
) -> int:
    from .parquet import write_parquet  # pyarrow loads only for a Parquet export

    return write_parquet(records, columns, out, counts)


def _check_flat(name: str, flat: bool) -> None:
    if flat and name != "geojson":
        raise ExportFormatError(f"flat: only GeoJSON has nested properties to flatten, not {name}")


def export_events(
    events: Iterable[Event],
    fmt: str,
    out: IO[Any],
    *,
    flat: bool = False,
    include_unlocated: bool = True,
    counts: ExportCounts | None = None,
) -> int:
    """Write ``events`` to ``out`` as ``fmt`` (jsonl | csv | geojson | parquet); returns how many."""
    name = check_format(fmt, FORMATS, "events")
    _check_flat(name, flat)
    counts = counts if counts is not None else ExportCounts()
    if name == "jsonl":
        return write_jsonl((event_record(e) for e in events), out, counts)
    if name == "csv":
        return write_csv((acled_row(e) for e in events), EVENT_CSV_COLUMNS, out, counts)
    if name == "parquet":
        return _parquet((acled_row(e) for e in events), EVENT_CSV_COLUMNS, out, counts)
    items = (
        (e.event_id, e, _flat(acled_row(e), EVENT_CSV_COLUMNS) if flat else event_record(e)) for e in events
    )
    return write_geojson(items, out, include_unlocated=include_unlocated, counts=counts)


def export_reports(
    reports: Iterable[tuple[str, Event]],
    fmt: str,
    out: IO[Any],
    *,
    flat: bool = False,
    include_unlocated: bool = True,
    counts: ExportCounts | None = None,
) -> int:
    """Write reports, ``(merged event id, report)`` pairs (``Store.reports`` gives each event's),
    as ``fmt`` (jsonl | csv | geojson | parquet); returns how many."""
    name = check_format(fmt, FORMATS, "reports")
    _check_flat(name, flat)
    counts = counts if counts is not None else ExportCounts()
    if name == "jsonl":
        return write_jsonl((report_record(eid, r) for eid, r in reports), out, counts)
    if name == "csv":
        return write_csv((report_row(eid, r) for eid, r in reports), REPORT_COLUMNS, out, counts)
    if name == "parquet":
        return _parquet((report_row(eid, r) for eid, r in reports), REPORT_COLUMNS, out, counts)
    items = (
        (r.event_id, r, _flat(report_row(eid, r), REPORT_COLUMNS) if flat else report_record(eid, r))
        for eid, r in reports
    )
    return write_geojson(items, out, include_unlocated=include_unlocated, counts=counts)


def export_claims(
    events: Iterable[Event], fmt: str, out: IO[Any], *, counts: ExportCounts | None = None
) -> int:
    """Write the claims of ``events`` (one record per claim) as jsonl | csv | parquet; returns how many."""
    name = check_format(fmt, CLAIM_FORMATS, "claims")
    counts = counts if counts is not None else ExportCounts()
    pairs = ((e.event_id, i, c) for e in events for i, c in enumerate(e.claims))
    if name == "jsonl":
        return write_jsonl((claim_record(*p) for p in pairs), out, counts)
    rows = (claim_row(*p) for p in pairs)
    if name == "csv":
        return write_csv(rows, CLAIM_COLUMNS, out, counts)
    return _parquet(rows, CLAIM_COLUMNS, out, counts)


def export_documents(
    docs: Iterable[dict[str, Any]], fmt: str, out: IO[Any], *, counts: ExportCounts | None = None
) -> int:
    """Write document dicts (as ``Store.documents()`` gives them) as jsonl | csv | parquet; returns how many."""
    name = check_format(fmt, DOCUMENT_FORMATS, "documents")
    counts = counts if counts is not None else ExportCounts()
    records = (document_row(d) for d in docs)
    if name == "jsonl":
        return write_jsonl(records, out, counts)
    if name == "csv":
        return write_csv(records, DOCUMENT_COLUMNS, out, counts)
    return _parquet(records, DOCUMENT_COLUMNS, out, counts)


def export_tallies(
    tallies: Iterable[Tally], fmt: str, out: IO[Any], *, counts: ExportCounts | None = None
) -> int:
    """Write ``tallies`` as jsonl | csv (the breakdown as JSON text) | parquet (the breakdown as
    a list of place/value records); returns how many."""
    name = check_format(fmt, TALLY_FORMATS, "tallies")
    counts = counts if counts is not None else ExportCounts()
    if name == "jsonl":
        return write_jsonl((t.to_dict() for t in tallies), out, counts)
    if name == "csv":
        rows = ({**tally_row(t), "breakdown": dumps(t.breakdown)} for t in tallies)
        return write_csv(rows, TALLY_CSV_COLUMNS, out, counts)
    return _parquet((tally_row(t) for t in tallies), TALLY_CSV_COLUMNS, out, counts)


def _flat(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    return flat_properties({c: row.get(c) for c in columns})
