"""Intake from JSON and JSON Lines records: fields, ids, and one error per bad record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import IntakeError
from eventwire.intake import document_from_record, read_path
from eventwire.model import Document
from eventwire.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
SETTINGS = Settings()
TEXT = "Security forces dispersed a crowd of demonstrators outside the governor's office on Friday."


def read(path: Path) -> list[Document | IntakeError]:
    return list(read_path(path, SETTINGS))


def write_json(tmp_path: Path, data: object, name: str = "records.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_jsonl_records_become_documents_with_their_fields() -> None:
    path = FIXTURES / "records.jsonl"
    first, second, third = read(path)
    assert isinstance(first, Document) and isinstance(second, Document) and isinstance(third, Document)
    assert first.document_id == "rec-1"
    assert first.title == "Clashes in the hills"
    assert first.published == "2024-01-07"
    assert first.outlet == "Valley Times"
    assert first.url == "https://valley.example.org/clashes"
    assert first.source == f"{path}:1"
    # line 2 is blank; the second record is on line 3, has no id and an extra field
    assert second.source == f"{path}:3"
    assert second.document_id == Document.content_id(second.text)
    assert second.published == "2024-01-11T09:15:00Z"
    assert third.document_id == "42"


def test_json_file_with_one_record(tmp_path: Path) -> None:
    path = write_json(tmp_path, {"id": "x-1", "text": TEXT, "title": "Crowd dispersed"})
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert (doc.document_id, doc.title, doc.text, doc.source) == ("x-1", "Crowd dispersed", TEXT, str(path))


def test_json_list_bad_records_are_errors_and_good_ones_still_come_through(tmp_path: Path) -> None:
    records = [
        {"text": TEXT},
        {"title": "no text here"},
        {"text": 17},
        "just a string",
        {"text": "   "},
        {"text": TEXT, "published": "last Tuesday"},
        {"text": TEXT, "id": "ok-2", "published": "2024-05-01T08:00:00+02:00"},
    ]
    path = write_json(tmp_path, records)
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Document"] + ["IntakeError"] * 5 + ["Document"]
    reasons = {i.source: i.reason for i in items if isinstance(i, IntakeError)}
    assert reasons == {
        f"{path}[1]": "record has no 'text' field",
        f"{path}[2]": "field 'text' must be a string, got number",
        f"{path}[3]": "record is not a JSON object (got string)",
        f"{path}[4]": "field 'text' is empty",
        f"{path}[5]": "field 'published' is not an ISO 8601 calendar date or datetime (YYYY-MM-DD[THH:MM[:SS]]): 'last Tuesday'",
    }
    assert items[-1].source == f"{path}[6]"


def test_truncated_json_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[{"text": "Gunmen attacked a convoy", "id": ', encoding="utf-8")
    (err,) = read(path)
    assert isinstance(err, IntakeError)
    assert err.source == str(path)
    assert err.reason.startswith("not valid JSON (")


@pytest.mark.parametrize(("data", "kind"), [(3, "number"), ("text", "string"), (None, "null")])
def test_json_that_is_not_records_is_refused(tmp_path: Path, data: object, kind: str) -> None:
    (err,) = read(write_json(tmp_path, data))
    assert isinstance(err, IntakeError)
    assert err.reason == f"JSON must be an object or a list of objects, got {kind}"


def test_jsonl_bad_line_names_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"text": TEXT})
        + "\n"
        + '{"text": "cut off'
        + "\n"
        + "[1, 2]\n"
        + json.dumps({"text": TEXT}),
        encoding="utf-8",
    )
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Document", "IntakeError", "IntakeError", "Document"]
    assert items[1].source == f"{path}:2" and "not valid JSON" in str(items[1])
    assert str(items[2]) == f"{path}:3: record is not a JSON object (got list)"


def test_record_field_types_are_checked() -> None:
    with pytest.raises(IntakeError, match=r"feed\[0\]: field 'title' must be a string, got list"):
        document_from_record({"text": TEXT, "title": ["a"]}, "feed[0]")
    with pytest.raises(IntakeError, match="field 'id' must be a string or an integer, got object"):
        document_from_record({"text": TEXT, "id": {"n": 1}}, "r")
    with pytest.raises(IntakeError, match="field 'published' must be an ISO 8601 string, got number"):
        document_from_record({"text": TEXT, "published": 20240101}, "r")


def test_record_text_is_normalised_but_id_from_hash_is_stable() -> None:
    a = document_from_record({"text": "  " + TEXT + "\r\n"}, "a")
    b = document_from_record({"text": TEXT}, "b")
    assert a.text == TEXT
    assert a.document_id == b.document_id == Document.content_id(TEXT)


def test_json_nested_too_deeply_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    (err,) = read(path)
    assert isinstance(err, IntakeError)
    assert err.reason == "not valid JSON (nested too deeply)"
