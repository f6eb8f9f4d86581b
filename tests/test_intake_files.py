"""Intake from local files and directories: what each kind of file becomes, and how bad files fail."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from eventwire.errors import IntakeError
from eventwire.intake import read_path, read_sources
from eventwire.model import Document
from eventwire.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
SETTINGS = Settings()

REPORT = (
    "Curfew imposed after riot in port city\n"
    "\n"
    "Authorities imposed a night curfew on the port city of Lenhall on Saturday after rioters "
    "set fire to shops and two police vehicles.\n"
    "\n"
    "At least three people were injured, the regional governor said.\n"
)


def only(items: list[Document | IntakeError]) -> Document | IntakeError:
    assert len(items) == 1, items
    return items[0]


def read_one(path: Path, settings: Settings = SETTINGS) -> Document | IntakeError:
    return only(list(read_path(path, settings)))


def error_of(path: Path, settings: Settings = SETTINGS) -> IntakeError:
    item = read_one(path, settings)
    assert isinstance(item, IntakeError), item
    assert "\n" not in str(item)
    return item


# --- plain text ------------------------------------------------------------------------------------


def test_txt_file_becomes_one_document_with_headline_title(tmp_path: Path) -> None:
    path = tmp_path / "curfew.txt"
    path.write_text(REPORT, encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == REPORT.strip()
    assert doc.title == "Curfew imposed after riot in port city"
    assert doc.document_id == Document.content_id(REPORT)
    assert doc.source == str(path)
    assert doc.published is None and doc.url is None


def test_txt_first_line_that_is_a_sentence_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Rioters burned shops on Saturday.\n\nThree people were hurt.\n", encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.title is None


def test_windows_newlines_and_utf8_bom_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(codecs.BOM_UTF8 + REPORT.replace("\n", "\r\n").encode("utf-8"))
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == REPORT.strip()


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(REPORT.encode("utf-16"))
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == REPORT.strip()


def test_text_that_is_not_utf8_is_refused_with_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Troops entered Saint-Étienne-du-Lac on Monday.".encode("latin-1"))
    err = error_of(path)
    assert err.source == str(path)
    assert "not valid UTF-8" in err.reason
    assert "byte 0xC9 at offset 21" in err.reason


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    err = error_of(path)
    assert "binary" in err.reason and "offset 8" in err.reason


def test_empty_and_blank_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n\t \n", encoding="utf-8")
    assert error_of(empty).reason == "empty file"
    assert "no text" in error_of(blank).reason


def test_missing_path_is_an_error_naming_it(tmp_path: Path) -> None:
    err = error_of(tmp_path / "nowhere.txt")
    assert str(err) == f"{tmp_path / 'nowhere.txt'}: no such file or directory"


def test_file_over_max_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(REPORT * 10, encoding="utf-8")
    err = error_of(path, Settings(max_bytes=100))
    assert "over the limit of 100" in err.reason


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_text(REPORT, encoding="utf-8")
    err = error_of(path)
    assert "unknown file extension '.docx'" in err.reason


def test_file_with_unknown_extension_that_sniffs_as_a_feed_is_read_as_one(tmp_path: Path) -> None:
    path = tmp_path / "latest.feed"
    path.write_bytes((FIXTURES / "feed.rss").read_bytes())
    docs = list(read_path(path, SETTINGS))
    assert [d.title for d in docs if isinstance(d, Document)] == [
        "Drone strike hits fuel depot",
        "Protesters block highway over fuel prices",
    ]


# --- directories and mixing sources ----------------------------------------------------------------


def test_directory_is_walked_recursively_in_sorted_order_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "one.txt").write_text("Shelling hit the market.\n", encoding="utf-8")
    (tmp_path / "a" / "deep" / "two.txt").write_text("Gunmen raided a bank.\n", encoding="utf-8")
    (tmp_path / "a" / "three.txt").write_text("Students marched in protest.\n", encoding="utf-8")
    (tmp_path / ".cache" / "hidden.txt").write_text("Should not be read.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Should not be read either.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Not a known extension.\n", encoding="utf-8")
    items = list(read_path(tmp_path, SETTINGS))
    assert [Path(str(d.source)).relative_to(tmp_path).as_posix() for d in items] == [
        "a/deep/two.txt",
        "a/three.txt",
        "b/one.txt",
    ]
    assert all(isinstance(d, Document) for d in items)


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    assert "no files with a known extension" in error_of(tmp_path).reason


def test_read_sources_keeps_going_past_bad_items_in_order(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    items = list(
        read_sources(
            [
                str(tmp_path / "missing.txt"),
                str(good),
                str(FIXTURES / "records.jsonl"),
                "ftp://example.org/x",
            ],
            SETTINGS,
        )
    )
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["IntakeError", "Document", "Document", "Document", "Document", "IntakeError"]
    assert items[-1].source == "ftp://example.org/x"
    assert "unsupported URL scheme 'ftp'" in str(items[-1])


def test_every_fixture_file_reads_without_errors() -> None:
    items = list(read_path(FIXTURES, SETTINGS))
    errors = [str(i) for i in items if isinstance(i, IntakeError)]
    assert errors == []
    assert len(items) == 1 + 2 + 3  # article.html, two feed entries, three records


@pytest.mark.parametrize("name", ["report.HTML", "report.htm"])
def test_html_extensions_are_case_insensitive(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes((FIXTURES / "article.html").read_bytes())
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.outlet == "Harbour Gazette"
