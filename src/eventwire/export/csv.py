"""CSV: one header row, then one row per record; lists joined with ``"; "``, a tally's
breakdown as JSON text, and every text cell safe to open in a spreadsheet (:func:`csv_cell`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from .base import ExportCounts, dumps

#: a text cell that starts with one of these is read as a formula by spreadsheets (OWASP)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows and never runs: None is empty, text that
    starts with one of :data:`FORMULA_STARTS` gets a leading ``'``; numbers stay numbers;
    a list is its items joined with ``"; "``; a dict (a tally's breakdown) is JSON text."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "; ".join(value)
    elif isinstance(value, list | dict):
        value = dumps(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(
    records: Iterable[dict[str, Any]],
    columns: tuple[str, ...],
    out: IO[str],
    counts: ExportCounts | None = None,
) -> int:
    """Write ``records`` under the header ``columns`` (other keys are left out); returns how many."""
    counts = counts if counts is not None else ExportCounts()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow({k: csv_cell(v) for k, v in record.items()})
        counts.written += 1
    return counts.written
