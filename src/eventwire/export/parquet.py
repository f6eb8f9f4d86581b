"""Parquet (pyarrow): the CSV's columns, typed, with lists as Parquet lists.

Types: counts, codes and precisions are int64 (``fatalities``, ``inter1``, ``iso``,
``geo_precision``...); ``latitude``, ``longitude`` and ``confidence`` float64; the calendar
days of the contract (``event_date``, ``date_start``, ``date_end``, a claim's ``said_on``, a
tally's ``period_start``/``period_end``) date32, null where the stored value is not a full
YYYY-MM-DD date; ``published`` stays a string (ISO 8601 date or date-time, as the source gave
it); CAMEO codes are strings ("057"). Associated actors, an event's document ids and source
URLs are ``list<string>``; a tally's breakdown is ``list<struct<place, value_low, value_best,
value_high>>``. Everything else is a string. Rows are written in batches, so an export of any
size runs in bounded memory."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from .acled import DATE_COLUMNS, LIST_COLUMNS
from .base import ExportCounts

BATCH_ROWS = 5_000

INT_COLUMNS = frozenset(
    {
        "year",
        "time_precision",
        "date_prec",
        "inter1",
        "inter2",
        "interaction",
        "iso",
        "geo_precision",
        "where_prec",
        "fatalities",
        "timestamp",
        "claim_index",
        "char_start",
        "char_end",
        *(
            f"{m}_{k}"
            for m in ("fatalities", "injuries", "abducted", "arrested", "value")
            for k in ("low", "best", "high")
        ),
    }
)
FLOAT_COLUMNS = frozenset({"latitude", "longitude", "confidence"})
BREAKDOWN = pa.list_(
    pa.struct(
        [
            ("place", pa.string()),
            ("value_low", pa.int64()),
            ("value_best", pa.int64()),
            ("value_high", pa.int64()),
        ]
    )
)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def arrow_type(column: str) -> pa.DataType:
    """The Parquet type of an export column."""
    if column in INT_COLUMNS:
        return pa.int64()
    if column in FLOAT_COLUMNS:
        return pa.float64()
    if column in DATE_COLUMNS:
        return pa.date32()
    if column in LIST_COLUMNS:
        return pa.list_(pa.string())
    if column == "breakdown":
        return BREAKDOWN
    return pa.string()


def schema(columns: tuple[str, ...]) -> pa.Schema:
    """The Parquet schema of an export with these columns."""
    return pa.schema([pa.field(c, arrow_type(c)) for c in columns])


def day(value: Any) -> date | None:
    """A full YYYY-MM-DD date as a date; None for anything else."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def breakdown(entries: Any) -> list[dict[str, Any]]:
    """A tally's breakdown as place/value records: a plain number is exact (low = best = high),
    a {low, best, high} dict is kept as it is."""
    out = []
    for entry in entries or []:
        if not isinstance(entry, dict):
            continue
        value = entry.get("value")
        if isinstance(value, dict):
            low, best, high = (_count(value.get(k)) for k in ("low", "best", "high"))
        else:
            low = best = high = _count(value)
        place = entry.get("place")
        out.append(
            {
                "place": None if place is None else str(place),
                "value_low": low,
                "value_best": best,
                "value_high": high,
            }
        )
    return out


def _typed(column: str, value: Any) -> Any:
    if column in DATE_COLUMNS:
        return day(value)
    if column == "breakdown":
        return breakdown(value)
    if column in LIST_COLUMNS:
        return [str(v) for v in value or []]
    return value


def _batches(records: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> Iterator[list[dict[str, Any]]]:
    it = iter(records)
    while batch := list(islice(it, BATCH_ROWS)):
        yield [{c: _typed(c, r.get(c)) for c in columns} for r in batch]


def write_parquet(
    records: Iterable[dict[str, Any]],
    columns: tuple[str, ...],
    out: IO[bytes],
    counts: ExportCounts | None = None,
) -> int:
    """Write ``records`` as one Parquet file of ``columns``; returns how many rows."""
    counts = counts if counts is not None else ExportCounts()
    table_schema = schema(columns)
    with pq.ParquetWriter(out, table_schema) as writer:
        for rows in _batches(records, columns):
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=table_schema))
            counts.written += len(rows)
    return counts.written
