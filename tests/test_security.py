"""What a client or a spreadsheet gets back never harms it or exposes the server: error bodies
carry no server paths or exception text, CSV cells never start a formula (CLI export and API).

Real parts throughout: a SQLite file on disk, the FastAPI app in process, the Typer CLI.
"""

from __future__ import annotations

import csv
import io
import logging
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

with warnings.catch_warnings():  # starlette suggests another httpx package for its test client
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventwire import Document, Event, Evidence, Range, Settings, open_store
from eventwire.cli import app as cli
from eventwire.web import create_app
from eventwire.web.app import INTERNAL_ERROR, STORE_UNAVAILABLE
from eventwire.web.writes import INTERNAL_REASON, public_reason

TEXT = '=HYPERLINK("http://evil.example/","more") Marchers gathered in Lowbridge on Tuesday.'
SENTENCE = "Marchers gathered in Lowbridge on Tuesday."
TOKEN = "t0ken-for-tests"


def formula_event() -> Event:
    start = TEXT.index(SENTENCE)
    return Event(
        "ev-formula",
        "Protests",
        "Peaceful protest",
        event_date="2024-04-02",
        actor1="@SUM(1+1)*cmd|' /C calc'!A0",
        actor2="-1+1",
        country="Testland",
        location="=1+2",
        latitude=-12.5,
        longitude=-3.2,
        fatalities=Range(0, 0, 0),
        sources=[
            Evidence(
                "doc-formula", "+Harbour Wire", None, "2024-04-02", SENTENCE, start, start + len(SENTENCE)
            )
        ],
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret-folder") / "private-events.db"
    with open_store(str(path)) as store:
        store.add_document(
            Document("doc-formula", TEXT, title="=2+5 headline", outlet="+Harbour Wire"), [formula_event()]
        )
    return path


def client_for(db: Path, **settings: Any) -> TestClient:
    app = create_app(Settings(db=str(db), **settings), warm_index=False)
    return TestClient(app, raise_server_exceptions=False)


def assert_neutral(rows: Iterable[dict[str, str]]) -> None:
    for row in rows:
        for column, cell in row.items():
            if column not in ("latitude", "longitude"):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)


# --- CSV formula injection ---------------------------------------------------------------------------


def test_the_api_csv_neutralises_formulas_and_keeps_numbers(db: Path) -> None:
    response = client_for(db).get("/events", params={"format": "csv"})
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.text, newline=""))
    assert row["actor1"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["actor2"] == "'-1+1"
    assert row["location"] == "'=1+2"
    assert row["source"] == "'+Harbour Wire"
    assert (row["latitude"], row["longitude"]) == ("-12.5", "-3.2")  # our numbers stay numbers
    assert_neutral([row])


def test_the_cli_csv_export_neutralises_formulas(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--format", "csv", "--db", str(db)])
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(result.stdout, newline=""))
    assert (row["actor1"], row["longitude"]) == ("'@SUM(1+1)*cmd|' /C calc'!A0", "-3.2")
    assert_neutral([row])
    target = tmp_path / "docs.csv"
    result = runner.invoke(
        cli, ["export", "--what", "documents", "--format", "csv", "--db", str(db), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    (doc,) = csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline=""))
    assert (doc["title"], doc["outlet"]) == ("'=2+5 headline", "'+Harbour Wire")
    assert doc["text"].startswith("'=HYPERLINK(")
    assert_neutral([doc])


# --- error bodies --------------------------------------------------------------------------------------


def test_not_found_bodies_name_the_id_and_not_the_database(db: Path) -> None:
    client = client_for(db)
    for path, name in [
        ("/events/ev-none", "event 'ev-none'"),
        ("/documents/doc-none", "document 'doc-none'"),
        ("/tallies/tl-none", "tally 'tl-none'"),
        ("/tallies/tl-none/reconcile", "tally 'tl-none'"),
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"error": f"{name} is not in the store"}
        assert "secret-folder" not in response.text and "private-events" not in response.text


def test_a_broken_store_is_a_503_without_its_path_and_the_log_has_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "secret-folder" / "private-events.db"
    path.parent.mkdir()
    with open_store(str(path)):
        pass
    client = client_for(path)
    path.write_bytes(b"this is no longer an SQLite database, it is a text file " * 10)
    with caplog.at_level(logging.ERROR, logger="eventwire.web.app"):
        response = client.get("/events")
    assert response.status_code == 503
    assert response.json() == {"error": STORE_UNAVAILABLE}
    assert "secret-folder" not in response.text
    assert str(path) in caplog.text  # the operator still learns which file is broken


def test_an_unexpected_exception_is_a_generic_500(db: Path) -> None:
    app = create_app(Settings(db=str(db)), warm_index=False)

    def boom() -> None:
        raise RuntimeError(f"cannot read {db}/internal/state")

    app.add_api_route("/boom", boom)  # a route with a bug; the error handling under test is the app's
    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    assert response.json() == {"error": INTERNAL_ERROR}
    assert "secret-folder" not in response.text and "RuntimeError" not in response.text


class FailingPipeline:
    """A pipeline whose stage has a bug that names a server file (the write path under test is real)."""

    def __init__(self, db: Path) -> None:
        self.db = db

    def pipe(self, docs: Iterable[Document], on_error: Any = None, **_: Any) -> Iterator[Document]:
        for doc in docs:
            on_error(doc, RuntimeError(f"body: stage places failed: OSError: cannot open {self.db}.lock"))
        return iter(())


def test_a_failed_write_reports_without_server_internals(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "secret-folder" / "writes.db"
    target.parent.mkdir()
    app = create_app(
        Settings(db=str(target), api_token=TOKEN), pipeline=FailingPipeline(target), warm_index=False
    )
    response = TestClient(app).post(
        "/documents",
        json={"id": "w-1", "text": "Gunmen fired on a bus near Lowbridge on Sunday."},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 422
    (failure,) = response.json()["failures"]
    assert failure["reason"] == f"body: stage places failed ({INTERNAL_REASON})"
    assert "secret-folder" not in response.text and "OSError" not in response.text


def test_public_reason_replaces_the_database_path_and_hides_internal_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    assert public_reason(f"{db}: cannot write document: database is locked", db) == (
        "the store: cannot write document: database is locked"
    )
    assert public_reason("internal error: KeyError: 'spans'", db) == INTERNAL_REASON
    assert public_reason("field 'text' is empty", db) == "field 'text' is empty"
