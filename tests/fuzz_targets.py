"""What the fuzz tests (tests/test_fuzz.py) and the long fuzz run (benchmarks/fuzz.py) feed eventwire.

Each target takes one generated input and raises AssertionError when eventwire broke its promise:
a reader may refuse an input only with an IntakeError naming it, never with any other exception,
and everything it returns can be stored and printed; the API answers every query with a status
below 500 and a JSON reason when it refuses.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from eventwire.errors import IntakeError
from eventwire.intake.files import documents_from_bytes
from eventwire.intake.records import documents_from_json, documents_from_jsonl
from eventwire.intake.text import check_document
from eventwire.model import Document

FIELDS = ("id", "title", "text", "published", "outlet", "url")

# --- strategies --------------------------------------------------------------------------------

# any JSON value, with the surrogates and huge numbers that real feeds and scrapers produce
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
field_values = (
    st.text(max_size=60)
    | st.integers()
    | st.sampled_from(["2023-W05", "2023-11-22", "2023-11-22T08:30:00Z", "20231122", "", " ", "9" * 5000])
    | st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3)
    | json_values
)
records = st.dictionaries(st.sampled_from(FIELDS), field_values, max_size=6)


@st.composite
def record_files(draw: Any) -> tuple[str, str]:
    """(kind, text): a JSON or JSONL file of records, some of them damaged."""
    kind = draw(st.sampled_from(["json", "jsonl"]))
    items = draw(st.lists(records | json_values, max_size=4))
    if kind == "json":
        text = json.dumps(items if draw(st.booleans()) else (items[0] if items else {}))
    else:
        text = "\n".join(json.dumps(i) for i in items)
    if draw(st.booleans()):  # damage: cut, splice in raw text, or a lone surrogate escape
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "\\ud800", '"', "{", "\x00", "1" * 4400]))
    return kind, text


raw_inputs = st.tuples(
    st.sampled_from(["text", "html", "json", "jsonl", "feed"]),
    st.binary(max_size=400)
    | st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.sampled_from(
        [
            b"<rss><channel><item><title>x</title><description>y</description></item></channel></rss>",
            b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<feed><entry><summary>&b;</summary></entry></feed>",
            b"<html><head><title>t</title></head><body>"
            + b"<p>Gunmen raided Tolvik.</p>" * 20
            + b"</body></html>",
            b"\xef\xbb\xbf{}",
            b"\xff\xfe\x00\x00",
        ]
    ),
)

query_values = st.text(max_size=30) | st.sampled_from(
    [
        "2023-W05",
        "2023-02-30",
        "Battles",
        "IRQ",
        "air\x00base",
        "0,0,1,1",
        "-200,-100,200,100",
        "nan,nan,1,1",
        "' OR 1=1 --",
    ]
)
queries = st.dictionaries(
    st.sampled_from(
        [
            "type",
            "sub_type",
            "country",
            "from",
            "to",
            "actor",
            "bbox",
            "q",
            "reported_as",
            "limit",
            "cursor",
            "format",
            "total",
        ]
    ),
    query_values | st.integers(-5, 10**6).map(str),
    max_size=5,
)
api_paths = st.sampled_from(["/events", "/map/points", "/timeline", "/tallies", "/stats", "/events/ev-x"])


# --- targets -------------------------------------------------------------------------------------


def check_items(items: list[Document | IntakeError]) -> None:
    """Every item is a Document that can be made safe (or refused with an IntakeError), or an
    IntakeError whose source and reason can be printed."""
    for item in items:
        if isinstance(item, IntakeError):
            assert item.reason and item.source
            str(item).encode("utf-8")
            continue
        assert isinstance(item, Document), type(item)
        try:
            doc = check_document(item)
        except IntakeError:
            continue
        for name in ("document_id", "text", "title", "published", "outlet", "url", "source"):
            value = getattr(doc, name)
            if value is not None:
                value.encode("utf-8")


def record_target(case: tuple[str, str]) -> None:
    """The record reader on a JSON or JSONL file."""
    kind, text = case
    read = documents_from_json if kind == "json" else documents_from_jsonl
    check_items(list(read(text, f"fuzz.{kind}")))


def bytes_target(case: tuple[str, bytes]) -> None:
    """Any reader (text, HTML, JSON, JSONL, feed) on any bytes."""
    kind, data = case
    check_items(list(documents_from_bytes(data, f"fuzz.{kind}", kind)))


def api_target(client: Any, path: str, params: dict[str, str]) -> None:
    """One GET with generated query parameters: below 500, and a JSON reason when refused."""
    answer = client.get(path, params=params)
    assert answer.status_code < 500, (path, params, answer.status_code, answer.text[:200])
    if answer.status_code >= 400:
        assert answer.json().get("error"), (path, params, answer.text[:200])
