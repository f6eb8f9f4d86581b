"""Bytes to text: decoding, binary detection, newline normalisation, plain-text documents.

Encoding policy (plain text, JSON, JSONL and text/plain responses):

* a byte-order mark wins: UTF-8, UTF-16 and UTF-32 with a BOM are decoded and the BOM dropped;
* otherwise the bytes must be UTF-8 (or the charset an HTTP response declares);
* anything else is refused with an :class:`IntakeError` that gives the byte offset of the
  first undecodable byte, rather than guessed: a wrong guess would silently corrupt names.

HTML is the exception (see :mod:`eventwire.intake.html`): pages often declare their charset
in a ``<meta>`` tag, and when they declare none and are not UTF-8 the encoding is guessed.

A NUL byte (outside UTF-16/32) marks the input as binary and refuses it.

Text is normalised the same way for every kind of input: ``\\r\\n`` and ``\\r`` become ``\\n``
and surrounding whitespace is stripped, so offsets index into exactly what the pipeline sees.
"""

from __future__ import annotations

import codecs
import re

from ..errors import IntakeError
from ..model import Document

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: a first line at most this long (and not ending like a sentence) is taken as a .txt title
TITLE_MAX_CHARS = 150


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a leading byte-order mark, or None."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def check_not_binary(data: bytes, source: str) -> None:
    """Raise IntakeError when ``data`` holds a NUL byte (and is not UTF-16/32 with a BOM)."""
    if bom_encoding(data) in ("utf-16", "utf-32"):
        return
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IntakeError(source, f"binary data, not text (NUL byte at offset {nul})")


def decode_text(data: bytes, source: str, charset: str | None = None) -> str:
    """Decode ``data`` following the module's encoding policy; IntakeError when it cannot."""
    check_not_binary(data, source)
    codec = bom_encoding(data) or charset or "utf-8"
    try:
        return data.decode(codec)
    except LookupError:
        raise IntakeError(source, f"unknown character encoding {codec!r}") from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex().upper()
        raise IntakeError(
            source,
            f"not valid {codec.upper()} text (byte 0x{bad} at offset {exc.start}); re-save it as UTF-8",
        ) from None


def normalise_text(text: str) -> str:
    """Unix newlines, no surrounding whitespace, no stray BOM."""
    return text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").strip()


def guess_title(text: str) -> str | None:
    """The first line of a plain-text report when it reads like a headline.

    That is: the text has more than one line, the first line is at most
    :data:`TITLE_MAX_CHARS` characters and does not end like a sentence (``.``, ``,``, ``;``, ``:``,
    also before a closing quote).
    The title line stays in the text (offsets are never shifted).
    """
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first or len(first) > TITLE_MAX_CHARS:
        return None
    if first.rstrip("\"'”’)")[-1:] in (".", ",", ";", ":", ""):
        return None
    return first


def document_from_text(text: str, source: str, *, url: str | None = None) -> Document:
    """A Document from plain text: id = content hash, title = :func:`guess_title`."""
    text = normalise_text(text)
    if not text:
        raise IntakeError(source, "no text (blank)")
    return Document(
        document_id=Document.content_id(text),
        text=text,
        title=guess_title(text),
        url=url,
        source=source,
    )


#: a document id longer than this is refused (ids are keys, shown and typed by people)
MAX_ID_CHARS = 512

_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate (``"\\ud800"`` in JSON; no character, so it can
    neither be stored nor printed) replaced by U+FFFD, one for one so offsets hold; and how
    many were replaced."""
    return _SURROGATE.subn("\ufffd", text)


def check_document(doc: Document) -> Document:
    """``doc`` made safe to process and store, or IntakeError naming its source and the reason.

    Lone surrogates are **repaired** in the text and the other descriptive fields (replaced by
    U+FFFD, with a note on the document) and **refused** in the id, which must stay exactly as
    the caller gave it; an id over :data:`MAX_ID_CHARS` characters is refused too.
    """
    source = doc.source or doc.document_id
    if _SURROGATE.search(doc.document_id):
        raise IntakeError(source, "field 'id' holds a lone surrogate (not a character); fix the id")
    if len(doc.document_id) > MAX_ID_CHARS:
        raise IntakeError(
            source, f"field 'id' is {len(doc.document_id)} characters long, over the limit of {MAX_ID_CHARS}"
        )
    for name in ("text", "title", "published", "outlet", "url", "source"):
        value = getattr(doc, name)
        if value is None:
            continue
        fixed, count = repair_surrogates(value)
        if count:
            setattr(doc, name, fixed)
            doc.notes.append(f"field {name!r}: {count} lone surrogate(s) replaced by U+FFFD")
    return doc
