"""Intake: files, directories, JSON/JSONL records, RSS/Atom feeds and URLs to Documents.

:func:`read_sources` is the entry point; it never raises for a bad input but yields an
:class:`~eventwire.errors.IntakeError` in its place, so one bad file does not stop a run.
Intake never imports the NLP pipeline or the store.

What each source becomes (``Document.source`` in brackets):

* ``.txt`` -> one Document [path]; id = hash of the text; title = the first line when it reads
  like a headline (short, more text follows, no sentence-final punctuation); the title line
  stays in the text.
* ``.html``/``.htm`` -> one Document [path] from trafilatura: main text (paragraphs separated by
  blank lines, a leading repeat of the headline dropped), title, published ``YYYY-MM-DD``,
  outlet = site name, url = canonical URL.
* ``.json`` (a record or a list) / ``.jsonl`` -> one Document per record [path, path[INDEX],
  path:LINE]; see :mod:`eventwire.intake.records`.
* ``.parquet`` -> one Document per row [path[ROW]], the fields of a JSON record; see
  :mod:`eventwire.intake.parquet`.
* ``.xml``/``.rss``/``.atom`` (or any file that starts like a feed) -> one Document per entry
  [path[INDEX]]; see :mod:`eventwire.intake.feeds`.
* a directory -> every known file under it, sorted, hidden entries skipped.
* an ``http(s)://`` URL -> by content type or sniffing, as above [URL, URL[INDEX], URL:LINE];
  see :mod:`eventwire.intake.web`.

Text is always UTF-8 (a BOM, UTF-16/32 with a BOM, or a charset an HTTP response or HTML page
declares also work); other bytes are refused with the offset of the first bad byte, never
guessed (except HTML without a declared charset). See :mod:`eventwire.intake.text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import IntakeError, InternalError
from ..model import Document
from ..settings import Settings
from .feeds import documents_from_feed, looks_like_feed
from .files import KNOWN_EXTENSIONS, iter_files, read_path
from .html import document_from_html, html_to_text
from .parquet import documents_from_parquet
from .records import document_from_record, documents_from_json, documents_from_jsonl
from .text import decode_text, document_from_text
from .web import fetch_url, is_url, read_url

__all__ = [
    "KNOWN_EXTENSIONS",
    "decode_text",
    "document_from_html",
    "document_from_record",
    "document_from_text",
    "documents_from_feed",
    "documents_from_json",
    "documents_from_jsonl",
    "documents_from_parquet",
    "fetch_url",
    "html_to_text",
    "is_url",
    "iter_files",
    "looks_like_feed",
    "read_path",
    "read_source",
    "read_sources",
    "read_url",
]


def read_source(source: str, settings: Settings) -> Iterator[Document | IntakeError]:
    """Documents (and IntakeErrors) from one source: a URL, a file or a directory."""
    if is_url(source):
        yield from read_url(source, settings)
    else:
        yield from read_path(source, settings)


def read_sources(sources: Iterable[str], settings: Settings) -> Iterator[Document | IntakeError]:
    """Yield one Document per readable item and one IntakeError per bad item, in a stable order
    (sources as given; within a source, file and record order), never raising for a bad item."""
    for source in sources:
        try:
            yield from read_source(source, settings)
        except Exception as exc:  # a bug in one source must not cost the others
            yield InternalError.of(source, exc)
