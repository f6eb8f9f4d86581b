"""Parquet in: one row per document, with the fields of a JSON record.

Every file here is written by the test with pyarrow."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.errors import IntakeError
from eventwire.intake import read_sources
from eventwire.model import Document
from eventwire.settings import Settings

FIRST = "Gunmen attacked a market in Velmora on Tuesday, killing four traders, the district chief said."
SECOND = "Soldiers clashed with fighters of the Dorn Front near Ostrava Bridge on Wednesday."


def write(path: Path, columns: dict[str, list[Any]], **kwargs: Any) -> Path:
    pq.write_table(pa.table(columns), path, **kwargs)
    return path


def read(*paths: Path) -> list[Document | IntakeError]:
    return list(read_sources([str(p) for p in paths], Settings()))


def test_each_row_becomes_a_document_with_the_record_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path / "wire.parquet",
        {
            "id": ["vl-1", "vl-2"],
            "title": ["Market attack in Velmora", None],
            "text": [FIRST, SECOND],
            "published": ["2025-03-04", "2025-03-05T08:30:00Z"],
            "outlet": ["Velmora Courier", "Ostrava Wire"],
            "url": ["https://courier.example/1", None],
            "ignored": [1, 2],
        },
    )
    first, second = read(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.document_id, first.title, first.published, first.outlet, first.url) == (
        "vl-1",
        "Market attack in Velmora",
        "2025-03-04",
        "Velmora Courier",
        "https://courier.example/1",
    )
    assert first.text == FIRST and first.source == f"{path}[0]"
    assert (second.document_id, second.title, second.url, second.source) == ("vl-2", None, None, f"{path}[1]")


def test_only_text_is_required_and_the_id_is_then_a_hash_of_it(tmp_path: Path) -> None:
    (doc,) = read(write(tmp_path / "t.parquet", {"text": [FIRST]}))
    assert isinstance(doc, Document)
    assert doc.document_id == Document.content_id(FIRST)


def test_integer_ids_and_date_or_timestamp_columns_are_taken_as_text(tmp_path: Path) -> None:
    stamp = datetime(2025, 3, 5, 8, 30, tzinfo=UTC)
    days = write(tmp_path / "d.parquet", {"id": [7], "text": [FIRST], "published": [date(2025, 3, 4)]})
    stamps = write(tmp_path / "s.parquet", {"id": [8], "text": [SECOND], "published": [stamp]})
    (a,), (b,) = read(days), read(stamps)
    assert isinstance(a, Document) and isinstance(b, Document)
    assert (a.document_id, a.published) == ("7", "2025-03-04")
    assert (b.document_id, b.published) == ("8", "2025-03-05T08:30:00+00:00")


def test_a_bad_row_is_its_own_failure_naming_the_row_and_the_rest_come_through(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.parquet",
        {
            "id": ["ok-1", "no-text", "blank", "bad-date", "ok-2"],
            "text": [FIRST, None, "   ", SECOND, SECOND + " More later."],
            "published": ["2025-03-04", None, None, "04/03/2025", None],
        },
    )
    items = read(path)
    assert [i.document_id for i in items if isinstance(i, Document)] == ["ok-1", "ok-2"]
    failures = [(i.source, i.reason) for i in items if isinstance(i, IntakeError)]
    assert failures[0] == (f"{path}[1]", "record has no 'text' field")
    assert failures[1] == (f"{path}[2]", "field 'text' is empty")
    assert failures[2][0] == f"{path}[3]" and "field 'published' is not an ISO 8601" in failures[2][1]


def test_a_column_of_the_wrong_type_is_named(tmp_path: Path) -> None:
    (item,) = read(write(tmp_path / "n.parquet", {"text": [FIRST], "outlet": [42]}))
    assert isinstance(item, IntakeError)
    assert item.reason == "field 'outlet' must be a string, got number"


def test_a_file_that_is_not_parquet_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_text('{"text": "not parquet at all"}', "utf-8")
    (item,) = read(path)
    assert isinstance(item, IntakeError)
    assert item.source == str(path) and item.reason.startswith("not a readable Parquet file (")


def test_a_file_without_a_text_column_is_refused_listing_its_columns(tmp_path: Path) -> None:
    (item,) = read(write(tmp_path / "cols.parquet", {"id": ["a"], "body": [FIRST]}))
    assert isinstance(item, IntakeError)
    assert item.reason == "Parquet file has no 'text' column (columns: body, id)"


def test_an_empty_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), path)
    (item,) = read(path)
    assert isinstance(item, IntakeError) and item.reason == "Parquet file holds no rows"


def test_many_row_groups_are_read_in_order_and_directories_find_parquet_files(tmp_path: Path) -> None:
    texts = [f"Police arrested {n} protesters in Velmora on day {n}." for n in range(1, 2501)]
    write(tmp_path / "big.parquet", {"id": [f"r{n}" for n in range(2500)], "text": texts}, row_group_size=700)
    (tmp_path / "note.txt").write_text(FIRST, "utf-8")
    items = read(tmp_path)
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == 2501
    assert [d.document_id for d in docs[:2500]] == [f"r{n}" for n in range(2500)]
    assert docs[2499].source == f"{tmp_path / 'big.parquet'}[2499]"
