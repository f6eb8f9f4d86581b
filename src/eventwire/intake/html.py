"""HTML pages to Documents with trafilatura, and HTML fragments to plain text.

Decoding: a byte-order mark wins, then the charset the HTTP response or a ``<meta>`` tag
declares, then UTF-8; a page that is none of these is decoded with trafilatura's guess
(charset_normalizer). The main text keeps one paragraph per blank-line separated block;
a leading line that repeats the title is dropped.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import lxml.html
import trafilatura
from lxml import etree

from ..errors import IntakeError
from ..model import Document
from .text import bom_encoding, check_not_binary, normalise_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header footer "
    "figure figcaption dd dt hr".split()
)
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_WHITESPACE = re.compile(r"\s+")


def decode_html(data: bytes, source: str, charset: str | None = None) -> str:
    """HTML bytes to str: BOM, then ``charset`` (HTTP header), then ``<meta charset>``, then UTF-8,
    then a guess."""
    check_not_binary(data, source)
    candidates: list[str] = []
    bom = bom_encoding(data)
    if bom:
        candidates.append(bom)
    if charset:
        candidates.append(charset)
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii"))
    candidates.append("utf-8")
    for codec in candidates:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return trafilatura.utils.decode_file(data)


def _paragraphs(lines: str) -> str:
    """Collapse whitespace in each line and join the non-empty lines with blank lines."""
    parts = [_SPACES.sub(" ", line).strip() for line in lines.splitlines()]
    return "\n\n".join(p for p in parts if p)


def _plain_paragraphs(text: str) -> str:
    """Plain text with blank-line paragraphs kept and other whitespace collapsed."""
    parts = (_WHITESPACE.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in parts if p)


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def document_from_html(
    data: bytes | str, source: str, *, url: str | None = None, charset: str | None = None
) -> Document:
    """A Document from one HTML page.

    text = trafilatura's main text (no comments, no tables); title, published (``YYYY-MM-DD``),
    outlet (site name) and url (canonical) from the page's metadata. ``url`` (the final URL of a
    fetch) overrides the canonical URL. IntakeError when the page yields no main text.
    """
    html = decode_html(data, source, charset) if isinstance(data, bytes) else data
    if not html.strip():
        raise IntakeError(source, "empty HTML")
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise IntakeError(source, f"cannot parse HTML ({type(exc).__name__}: {exc})") from None
    if not isinstance(result, trafilatura.settings.Document) or not (result.text or "").strip():
        raise IntakeError(source, "no main text found in the HTML (empty, truncated or not an article)")
    title = normalise_text(result.title) if result.title else None
    lines = normalise_text(result.text or "").split("\n")
    if title and len(lines) > 1 and lines[0].strip().casefold() == title.casefold():
        lines = lines[1:]
    body = _paragraphs("\n".join(lines))
    if not body:
        raise IntakeError(source, "no main text found in the HTML (empty, truncated or not an article)")
    return Document(
        document_id=Document.content_id(body),
        text=body,
        title=title or None,
        published=_iso_date(result.date),
        outlet=result.sitename or None,
        url=url or result.url or None,
        source=source,
    )


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (e.g. a feed summary): block elements become paragraphs,
    other whitespace collapses to single spaces."""
    if "<" not in fragment:
        return _plain_paragraphs(unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _plain_paragraphs(unescape(fragment))
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        el.text = _WHITESPACE.sub(" ", el.text) if el.text else el.text
        el.tail = _WHITESPACE.sub(" ", el.tail) if el.tail else el.tail
        if el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    return _paragraphs(root.text_content())
