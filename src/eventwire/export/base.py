"""What every export format shares: the format check, the counts, JSON text and atomic files."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import EventwireError


class ExportFormatError(EventwireError, ValueError):
    """The export format is unknown, or does not fit the records."""


class ExportTargetError(EventwireError, OSError):
    """The export's target file cannot be written (nothing is left behind)."""


@dataclass
class ExportCounts:
    """What an export wrote: ``written`` records, and ``left_out`` events or reports without
    coordinates that a GeoJSON export without ``include_unlocated`` did not write."""

    written: int = 0
    left_out: int = 0


def check_format(fmt: str, allowed: tuple[str, ...], what: str) -> str:
    """``fmt`` folded to lower case; ExportFormatError naming ``what`` and the formats it has."""
    name = fmt.strip().lower()
    if name == "geojson" and name not in allowed:
        raise ExportFormatError(
            f"export format {fmt!r}: {what} have no geometry; choose {', '.join(allowed)}"
        )
    if name not in allowed:
        raise ExportFormatError(f"unknown export format {fmt!r} for {what} (choose {', '.join(allowed)})")
    return name


def dumps(record: Any) -> str:
    """One JSON text, UTF-8 characters as they are, NaN and infinities as null."""
    return json.dumps(finite(record), ensure_ascii=False, allow_nan=False)


def finite(value: Any) -> Any:
    """``value`` with NaN and infinities as None (JSON has no such numbers)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str], counts: ExportCounts | None = None) -> int:
    """One JSON object per line; returns how many."""
    counts = counts if counts is not None else ExportCounts()
    for record in records:
        out.write(dumps(record) + "\n")
        counts.written += 1
    return counts.written


def unique(values: Iterable[str | None]) -> list[str]:
    """The values that are set, each once, in order."""
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v, None)
    return list(seen)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def write_atomically(target: str | os.PathLike[str], *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write the export to: a temporary file in ``target``'s directory, renamed to
    ``target`` when the block ends without an error and removed when it raises (even on
    KeyboardInterrupt), so a failed export leaves no file behind and an earlier export at
    ``target`` intact. ExportTargetError when the directory cannot take the file."""
    path = Path(os.path.realpath(target))  # a link to the target keeps pointing at it
    if path.is_dir():
        raise ExportTargetError(f"{target}: is a directory")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise ExportTargetError(f"{target}: cannot write ({exc.strerror or exc})") from None
    handle: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        with handle:
            os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else _new_file_mode())
            yield handle
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise ExportTargetError(f"{target}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
