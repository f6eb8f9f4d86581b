"""Local files and directories to Documents.

Known extensions: ``.txt`` (plain text), ``.html``/``.htm`` (trafilatura), ``.json`` and
``.jsonl`` (records), ``.parquet`` (one record per row), ``.xml``/``.rss``/``.atom`` (feeds). A file given explicitly with another
extension is read as a feed when its content starts like one, otherwise refused. A directory
is walked recursively: files with known extensions only, sorted by path, hidden files and
directories (name starting with ``.``) skipped, symbolic links to directories not followed.

Every file is size-checked (``settings.max_bytes``) before it is read. Only regular files are
read: a named pipe, socket or device (given or met in a directory) is refused without being opened
for a blocking read, and so is a file whose name is not valid UTF-8 (its name could be neither
stored nor shown as it is; the failure line shows the bad bytes as ``\\xNN``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ..errors import IntakeError, InternalError
from ..model import Document
from ..settings import Settings
from .feeds import documents_from_feed, looks_like_feed
from .html import document_from_html
from .parquet import documents_from_parquet
from .records import documents_from_json, documents_from_jsonl
from .text import check_not_binary, decode_text, document_from_text

TEXT_EXTENSIONS = (".txt",)
HTML_EXTENSIONS = (".html", ".htm")
JSON_EXTENSIONS = (".json",)
JSONL_EXTENSIONS = (".jsonl",)
PARQUET_EXTENSIONS = (".parquet",)
FEED_EXTENSIONS = (".xml", ".rss", ".atom")
KNOWN_EXTENSIONS = (
    TEXT_EXTENSIONS
    + HTML_EXTENSIONS
    + JSON_EXTENSIONS
    + JSONL_EXTENSIONS
    + PARQUET_EXTENSIONS
    + FEED_EXTENSIONS
)


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def iter_files(directory: Path) -> list[Path]:
    """The files with known extensions under ``directory``, sorted, hidden entries skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not _is_hidden(d)]
        for name in files:
            if not _is_hidden(name) and Path(name).suffix.lower() in KNOWN_EXTENSIONS:
                found.append(Path(root) / name)
    return sorted(found)


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def _not_regular(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file, else None."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _NOT_REGULAR if test(mode)), "not a regular file")


def check_name(path: Path, source: str) -> None:
    """IntakeError when the file name is not valid UTF-8 (Python keeps such bytes as surrogates)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise IntakeError(source, "file name is not valid UTF-8; rename the file") from None


def read_bytes(path: Path, settings: Settings, source: str) -> bytes:
    """The bytes of ``path``; IntakeError when missing, unreadable, not a regular file, empty or
    over ``max_bytes``."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise IntakeError(source, "no such file or directory") from None
    except OSError as exc:
        raise IntakeError(source, f"cannot read ({exc.strerror or exc})") from None
    what = _not_regular(mode)
    if what:
        raise IntakeError(source, f"{what}, not a regular file: refused")
    try:
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, opening does not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise IntakeError(source, f"cannot read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        what = _not_regular(info.st_mode)
        if what:
            raise IntakeError(source, f"{what}, not a regular file: refused")
        if info.st_size > settings.max_bytes:
            raise IntakeError(
                source, f"file is {info.st_size} bytes, over the limit of {settings.max_bytes} (max_bytes)"
            )
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(settings.max_bytes + 1)
    except OSError as exc:
        raise IntakeError(source, f"cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > settings.max_bytes:
        raise IntakeError(source, f"file is over the limit of {settings.max_bytes} bytes (max_bytes)")
    if not data:
        raise IntakeError(source, "empty file")
    return data


def documents_from_bytes(data: bytes, source: str, kind: str) -> Iterator[Document | IntakeError]:
    """Documents from the bytes of one input of ``kind`` (text, html, json, jsonl, parquet or feed)."""
    try:
        if kind == "feed":
            check_not_binary(data, source)
            yield from documents_from_feed(data, source)
        elif kind == "html":
            yield document_from_html(data, source)
        elif kind == "json":
            yield from documents_from_json(decode_text(data, source), source)
        elif kind == "jsonl":
            yield from documents_from_jsonl(decode_text(data, source), source)
        elif kind == "parquet":
            yield from documents_from_parquet(data, source)
        else:
            yield document_from_text(decode_text(data, source), source)
    except IntakeError as err:
        yield err


def kind_of(path: Path) -> str | None:
    """The input kind an extension names, or None."""
    suffix = path.suffix.lower()
    for kind, exts in (
        ("text", TEXT_EXTENSIONS),
        ("html", HTML_EXTENSIONS),
        ("json", JSON_EXTENSIONS),
        ("jsonl", JSONL_EXTENSIONS),
        ("parquet", PARQUET_EXTENSIONS),
        ("feed", FEED_EXTENSIONS),
    ):
        if suffix in exts:
            return kind
    return None


def read_file(path: Path, settings: Settings) -> Iterator[Document | IntakeError]:
    """Documents (and IntakeErrors) from one file; a bug while reading it is its InternalError."""
    source = str(path)
    try:
        yield from _read_file(path, settings, source)
    except Exception as exc:  # a bug must not cost the other files of the batch
        yield InternalError.of(source, exc)


def _read_file(path: Path, settings: Settings, source: str) -> Iterator[Document | IntakeError]:
    try:
        check_name(path, source)
        data = read_bytes(path, settings, source)
    except IntakeError as err:
        yield err
        return
    kind = kind_of(path)
    if kind is None:
        if looks_like_feed(data):
            kind = "feed"
        else:
            known = ", ".join(KNOWN_EXTENSIONS)
            yield IntakeError(source, f"unknown file extension {path.suffix or '(none)'!r} (known: {known})")
            return
    yield from documents_from_bytes(data, source, kind)


def read_path(path: str | os.PathLike[str], settings: Settings) -> Iterator[Document | IntakeError]:
    """Documents (and IntakeErrors) from a file, or from every known file under a directory."""
    p = Path(path)
    if p.is_dir():
        files = iter_files(p)
        if not files:
            known = ", ".join(KNOWN_EXTENSIONS)
            yield IntakeError(str(p), f"directory holds no files with a known extension ({known})")
        for file in files:
            yield from read_file(file, settings)
    else:
        yield from read_file(p, settings)
