"""Parquet files to Documents: one row per document, read with pyarrow.

A row has the fields of a JSON record (:mod:`eventwire.intake.records`): ``id``, ``title``,
``text``, ``published``, ``outlet``, ``url``; only ``text`` is required and other columns
are not read. ``published`` may also be a Parquet date or timestamp column (taken as its ISO
8601 text). A bad row is its own IntakeError, named ``file.parquet[ROW]`` (rows counted from
0), and the other rows still come through; a file that is not Parquet, or has no ``text``
column, is one IntakeError naming the file. Row groups are read one batch at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from ..errors import IntakeError
from ..model import Document
from .records import guarded_record

FIELDS = ("id", "title", "text", "published", "outlet", "url")
ROWS_PER_BATCH = 1024


def _row(record: dict[str, Any]) -> dict[str, Any]:
    published = record.get("published")
    if isinstance(published, datetime | date):
        record["published"] = published.isoformat()
    return record


def documents_from_parquet(data: bytes, source: str) -> Iterator[Document | IntakeError]:
    """Documents from the bytes of a Parquet file, one per row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
        names = set(parquet.schema_arrow.names)
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield IntakeError(source, f"not a readable Parquet file ({str(exc).splitlines()[0][:200]})")
        return
    if "text" not in names:
        shown = ", ".join(sorted(names)[:20]) or "none"
        yield IntakeError(source, f"Parquet file has no 'text' column (columns: {shown})")
        return
    columns = [name for name in FIELDS if name in names]
    row = 0
    try:
        for chunk in parquet.iter_batches(batch_size=ROWS_PER_BATCH, columns=columns):
            for record in chunk.to_pylist():
                yield guarded_record(_row(record), f"{source}[{row}]")
                row += 1
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield IntakeError(
            f"{source}[{row}]", f"cannot read the Parquet data ({str(exc).splitlines()[0][:200]})"
        )
        return
    if row == 0:
        yield IntakeError(source, "Parquet file holds no rows")
