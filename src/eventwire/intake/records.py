"""JSON and JSON Lines records to Documents.

A record is a JSON object with the fields ``id``, ``title``, ``text``, ``published``
(ISO 8601, a trailing ``Z`` accepted), ``outlet`` and ``url``; only ``text`` (a non-empty
string) is required and unknown fields are ignored. ``id`` (a string or an integer) becomes
the document id; without one the id is a hash of the text. ``published`` is kept as given
once it parses.

A ``.json`` input holds one record or a list of records; a ``.jsonl`` input one record per
line (blank lines skipped). A bad record is its own IntakeError, named ``file.json[INDEX]``
or ``file.jsonl:LINE``; the other records still come through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ..errors import IntakeError, InternalError
from ..model import Document
from .text import normalise_text

_OPTIONAL_STRINGS = ("title", "outlet", "url")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "list", dict: "object"}.get(
        type(value), type(value).__name__
    )


#: an ISO 8601 calendar date (``2023-11-22``) or date and time (``2023-11-22T08:30``, seconds,
#: fractions and an offset or ``Z`` optional); week dates, ordinal dates and basic formats are not
_ISO_CALENDAR = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?",
    re.ASCII,
)


def check_published(value: str, source: str) -> str:
    """``value`` when it is an ISO 8601 calendar date or datetime (trailing Z allowed), else
    IntakeError. ``2023-W05`` (a week), ``2023-326`` (an ordinal day) and ``20231122`` are refused:
    a publication date must name its day the way every reader of the record will read it."""
    text = value.strip()
    reason = f"field 'published' is not an ISO 8601 calendar date or datetime (YYYY-MM-DD[THH:MM[:SS]]): {value[:80]!r}"
    if not _ISO_CALENDAR.fullmatch(text):
        raise IntakeError(source, reason)
    candidate = text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text
    try:
        datetime.fromisoformat(candidate.replace(",", "."))
    except ValueError:
        raise IntakeError(source, reason) from None
    return text


def document_from_record(record: Any, source: str) -> Document:
    """A Document from one record (a parsed JSON object); IntakeError naming ``source`` when bad."""
    if not isinstance(record, dict):
        raise IntakeError(source, f"record is not a JSON object (got {_json_type(record)})")
    if "text" not in record or record["text"] is None:
        raise IntakeError(source, "record has no 'text' field")
    raw_text = record["text"]
    if not isinstance(raw_text, str):
        raise IntakeError(source, f"field 'text' must be a string, got {_json_type(raw_text)}")
    text = normalise_text(raw_text)
    if not text:
        raise IntakeError(source, "field 'text' is empty")
    fields: dict[str, str | None] = {}
    for name in _OPTIONAL_STRINGS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise IntakeError(source, f"field {name!r} must be a string, got {_json_type(value)}")
        fields[name] = (value.strip() or None) if isinstance(value, str) else None
    published = record.get("published")
    if published is not None and not isinstance(published, str):
        raise IntakeError(
            source, f"field 'published' must be an ISO 8601 string, got {_json_type(published)}"
        )
    published = check_published(published, source) if published and published.strip() else None
    rid = record.get("id")
    if isinstance(rid, bool) or (rid is not None and not isinstance(rid, str | int)):
        raise IntakeError(source, f"field 'id' must be a string or an integer, got {_json_type(rid)}")
    document_id = str(rid).strip() if rid is not None and str(rid).strip() else Document.content_id(text)
    return Document(
        document_id=document_id,
        text=text,
        title=fields["title"],
        published=published,
        outlet=fields["outlet"],
        url=fields["url"],
        source=source,
    )


def guarded_record(record: Any, source: str) -> Document | IntakeError:
    """The record's Document, or its failure: a bad record (IntakeError) or a bug (InternalError)."""
    try:
        return document_from_record(record, source)
    except IntakeError as err:
        return err
    except Exception as exc:  # a bug must not cost the other records of the file
        return InternalError.of(source, exc)


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"


def _number_error(exc: ValueError) -> str:
    """Python refuses to read integers of over 4,300 digits (a guard against slow conversions)."""
    if "digits" in str(exc):
        return "not valid JSON here (a number of over 4,300 digits)"
    return f"not valid JSON ({exc})"


def parse_json(text: str, source: str) -> Any:
    """``json.loads(text)``, with every way it can fail turned into IntakeError naming ``source``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IntakeError(source, _json_error(exc)) from None
    except RecursionError:
        raise IntakeError(source, "not valid JSON (nested too deeply)") from None
    except ValueError as exc:
        raise IntakeError(source, _number_error(exc)) from None


def documents_from_json(text: str, source: str) -> Iterator[Document | IntakeError]:
    """Documents from a JSON text holding one record or a list of records."""
    try:
        data = parse_json(text, source)
    except IntakeError as err:
        yield err
        return
    if isinstance(data, dict):
        yield guarded_record(data, source)
    elif isinstance(data, list):
        if not data:
            yield IntakeError(source, "JSON list holds no records")
        for index, record in enumerate(data):
            yield guarded_record(record, f"{source}[{index}]")
    else:
        yield IntakeError(source, f"JSON must be an object or a list of objects, got {_json_type(data)}")


def documents_from_jsonl(text: str, source: str) -> Iterator[Document | IntakeError]:
    """Documents from JSON Lines text: one record per line, blank lines skipped."""
    seen = False
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IntakeError(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield IntakeError(where, "not valid JSON (nested too deeply)")
            continue
        except ValueError as exc:
            yield IntakeError(where, _number_error(exc))
            continue
        yield guarded_record(record, where)
    if not seen:
        yield IntakeError(source, "no records (every line is blank)")
