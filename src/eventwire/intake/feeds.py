"""RSS and Atom feeds to Documents with feedparser.

Each entry becomes a Document: text from the entry's content (else its summary) with HTML
stripped to paragraphs, title, published (the parsed date as an ISO 8601 UTC datetime),
outlet = the feed's title, url = the entry's link, document id = the entry's id/guid (else a
hash of the text). An entry without text is its own IntakeError named ``feed[INDEX]``.
A feed feedparser cannot read (bozo with no entries), or XML that is no feed, is an IntakeError.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser

from ..errors import IntakeError
from ..model import Document
from .html import html_to_text
from .text import bom_encoding, normalise_text

_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_PROLOG = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"\s*<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` starts like an RSS, RSS 1.0 (RDF) or Atom document (its root element)."""
    head = data[:4096]
    codec = bom_encoding(head)
    if codec and codec != "utf-8-sig":
        head = head.decode(codec, errors="ignore").encode("utf-8")
    elif codec:
        head = head[3:]
    pos = 0
    while match := _PROLOG.match(head, pos):
        pos = match.end()
    root = _ROOT.match(head, pos)
    return root is not None and root.group(2).decode("ascii").lower() in _FEED_ROOTS


def _iso(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    except (TypeError, ValueError):
        return None


def _entry_text(entry: Mapping[str, Any]) -> str:
    """The longest of the entry's content parts and its summary, as plain text."""
    parts = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    detail = entry.get("summary_detail") or {}
    parts.append((entry.get("summary") or "", detail.get("type") or "text/html"))
    texts = [normalise_text(v) if kind == "text/plain" else html_to_text(v) for v, kind in parts if v]
    return max(texts, key=len, default="")


def documents_from_feed(
    data: bytes, source: str, *, headers: Mapping[str, str] | None = None
) -> Iterator[Document | IntakeError]:
    """Documents from the entries of one RSS/Atom feed (``data`` are its bytes)."""
    parsed = feedparser.parse(io.BytesIO(data), response_headers=dict(headers or {}))
    if not parsed.get("version") and not looks_like_feed(data):
        yield IntakeError(source, "not an RSS or Atom feed")
        return
    if not parsed.get("entries"):
        if parsed.bozo:
            exc = parsed.get("bozo_exception")
            yield IntakeError(source, f"malformed feed ({exc or 'unreadable'})")
        elif not parsed.get("version"):
            yield IntakeError(source, "not an RSS or Atom feed")
        return
    outlet = normalise_text(parsed.feed.get("title") or "") or None
    for index, entry in enumerate(parsed.entries):
        where = f"{source}[{index}]"
        text = normalise_text(_entry_text(entry))
        if not text:
            yield IntakeError(where, "feed entry has no text (no content or summary)")
            continue
        title = html_to_text(entry.get("title") or "") or None
        entry_id = (entry.get("id") or "").strip()
        yield Document(
            document_id=entry_id or Document.content_id(text),
            text=text,
            title=title,
            published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            outlet=outlet,
            url=entry.get("link") or None,
            source=where,
        )
