"""Hostile input: one bad record, name or special file fails alone, and the batch goes on.

Every case here once raised an uncaught exception (or blocked) and cost the good documents of its
batch. Each is now its own failure line naming the input and the reason; a bug (as opposed to bad
input) is reported as an internal error, with exit status 3.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire import Document, IngestReport, Pipeline, Settings, ingest, open_store
from eventwire.cli import app, main
from eventwire.errors import ExtractionError, IntakeError, InternalError, printable
from eventwire.intake import read_path
from eventwire.intake.records import check_published, documents_from_jsonl
from eventwire.pipeline import DEFAULT_STAGES, Resources, stage

runner = CliRunner()

GOOD = "Gunmen attacked a checkpoint near Dorvan on Tuesday, killing two guards."
OTHER = "Protesters marched through the centre of Lesk on Sunday."


@stage("tests.hostile_bug_on_marker.v1", default_config={"marker": "TRIPWIRE"})
def make_tripwire(resources: Any, marker: str) -> Any:
    def trip(doc: Document) -> None:
        if marker in doc.text:
            {}["no such key"]  # a bug, as a stage might have one

    return trip


@stage("tests.hostile_refuse_on_marker.v1", default_config={"marker": "REFUSE"})
def make_refuser(resources: Any, marker: str) -> Any:
    def refuse(doc: Document) -> None:
        if marker in doc.text:
            raise ExtractionError("this document is refused on purpose")

    return refuse


@stage("tests.hostile_kill_worker_on_marker.v1", default_config={"marker": "KILLSWITCH", "parent": 0})
def make_killer(resources: Any, marker: str, parent: int) -> Any:
    def kill(doc: Document) -> None:
        if marker in doc.text and os.getpid() != parent:  # only ever a worker process
            os.kill(os.getpid(), signal.SIGKILL)

    return kill


def _jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _ingest(tmp_path: Path, pipeline: Pipeline, *sources: Path) -> IngestReport:
    with open_store(str(tmp_path / "h.db")) as store:
        return ingest([str(s) for s in sources], store, pipeline=pipeline)


def _stored_ids(tmp_path: Path) -> set[str]:
    with sqlite3.connect(tmp_path / "h.db") as conn:
        return {row[0] for row in conn.execute("SELECT document_id FROM documents")}


# --- records -----------------------------------------------------------------------------------


def test_a_lone_surrogate_in_the_text_is_repaired_and_noted(tmp_path: Path, pipeline: Pipeline) -> None:
    path = _jsonl(
        tmp_path / "s.jsonl",
        json.dumps({"id": "good-1", "text": GOOD}),
        '{"id": "odd-2", "text": "Broken \\ud800 byte. ' + OTHER + '"}',
    )
    report = _ingest(tmp_path, pipeline, path)
    assert report.documents_added == 2 and not report.failures
    assert report.notes == [(f"{path}:2", "field 'text': 1 lone surrogate(s) replaced by U+FFFD")]
    with sqlite3.connect(tmp_path / "h.db") as conn:
        (text,) = conn.execute("SELECT text FROM documents WHERE document_id = 'odd-2'").fetchone()
    assert text.startswith("Broken \ufffd byte.")


def test_a_lone_surrogate_without_an_id_still_gets_a_content_id(tmp_path: Path, pipeline: Pipeline) -> None:
    path = _jsonl(tmp_path / "n.jsonl", '{"text": "\\udc80 ' + GOOD + '"}')
    report = _ingest(tmp_path, pipeline, path)
    assert report.documents_added == 1 and not report.failures
    assert next(iter(_stored_ids(tmp_path))).startswith("sha256:")


def test_an_id_with_a_lone_surrogate_is_refused_and_the_batch_goes_on(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    path = _jsonl(
        tmp_path / "i.jsonl",
        '{"id": "bad-\\ud800", "text": "' + GOOD + '"}',
        json.dumps({"id": "good-2", "text": OTHER}),
    )
    report = _ingest(tmp_path, pipeline, path)
    assert report.failures == [
        (f"{path}:1", "field 'id' holds a lone surrogate (not a character); fix the id")
    ]
    assert _stored_ids(tmp_path) == {"good-2"}
    assert report.internal_errors == 0


def test_an_integer_of_over_4300_digits_fails_its_record_only(tmp_path: Path, pipeline: Pipeline) -> None:
    path = _jsonl(
        tmp_path / "big.jsonl",
        '{"id": ' + "7" * 5000 + ', "text": "' + GOOD + '"}',
        json.dumps({"id": 12345, "text": OTHER}),
    )
    whole = tmp_path / "big.json"
    whole.write_text('[{"id": ' + "7" * 5000 + ', "text": "x"}]', "utf-8")
    report = _ingest(tmp_path, pipeline, path, whole)
    assert report.failures == [
        (f"{path}:1", "not valid JSON here (a number of over 4,300 digits)"),
        (str(whole), "not valid JSON here (a number of over 4,300 digits)"),
    ]
    assert _stored_ids(tmp_path) == {"12345"}


def test_an_overlong_id_is_refused(tmp_path: Path, pipeline: Pipeline) -> None:
    path = _jsonl(tmp_path / "long.jsonl", json.dumps({"id": "x" * 600, "text": GOOD}))
    report = _ingest(tmp_path, pipeline, path)
    assert report.failures == [(f"{path}:1", "field 'id' is 600 characters long, over the limit of 512")]


@pytest.mark.parametrize(
    "value", ["2023-W05", "2023-W05-2", "2023-326", "20231122", "2023-11", "Nov 22 2023"]
)
def test_published_must_be_a_calendar_date(value: str) -> None:
    with pytest.raises(IntakeError, match="not an ISO 8601 calendar date"):
        check_published(value, "r.json")


@pytest.mark.parametrize(
    "value", ["2023-11-22", "2023-11-22T08:30", "2023-11-22T08:30:05Z", "2023-11-22 08:30:05.25+03:00"]
)
def test_calendar_dates_and_datetimes_are_accepted(value: str) -> None:
    assert check_published(value, "r.json") == value


def test_a_bug_reading_one_record_fails_that_record_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.intake import records

    real = records.document_from_record

    def flaky(record: Any, source: str) -> Document:
        if record.get("id") == "trip":
            raise ZeroDivisionError("division by zero")
        return real(record, source)

    monkeypatch.setattr(records, "document_from_record", flaky)
    lines = [json.dumps({"id": "trip", "text": GOOD}), json.dumps({"id": "fine", "text": OTHER})]
    items = list(documents_from_jsonl("\n".join(lines), "r.jsonl"))
    assert isinstance(items[0], InternalError)
    assert items[0].reason == "internal error: ZeroDivisionError: division by zero"
    assert isinstance(items[1], Document) and items[1].document_id == "fine"


# --- file names and special files --------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_refused_showing_its_bytes(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.fsdecode(bytes(folder) + b"/caf\xe9.txt")
    Path(bad).write_text(GOOD, "utf-8")
    (folder / "ok.txt").write_text(OTHER, "utf-8")
    report = _ingest(tmp_path, pipeline, folder)
    assert report.failures == [(f"{folder}/caf\\xe9.txt", "file name is not valid UTF-8; rename the file")]
    assert report.documents_added == 1


def _read_within(path: Path, seconds: float = 60.0) -> list[Document | IntakeError]:
    """Everything ``read_path`` yields for ``path``; fails (instead of hanging) if it blocks."""
    found: list[Document | IntakeError] = []
    reader = threading.Thread(target=lambda: found.extend(read_path(path, Settings())), daemon=True)
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), f"reading {path} blocked"
    return found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_in_a_directory_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(GOOD, "utf-8")
    found = _read_within(tmp_path)
    assert [type(x) for x in found] == [IntakeError, Document]
    assert isinstance(found[0], IntakeError)
    assert found[0].reason == "a named pipe (FIFO), not a regular file: refused"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no unix sockets on this system")
def test_a_socket_and_a_device_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        (sock,) = _read_within(path)
    finally:
        server.close()
    assert isinstance(sock, IntakeError) and sock.reason == "a socket, not a regular file: refused"
    (device,) = _read_within(Path(os.devnull))
    assert isinstance(device, IntakeError) and device.reason.startswith("a character device")


def test_printable_shows_undecodable_bytes_and_lone_surrogates() -> None:
    assert printable("plain") == "plain"
    assert printable(os.fsdecode(b"caf\xe9")) == "caf\\xe9"
    assert printable("a\ud800b") == "a\\ud800b"


# --- internal errors and exit status -----------------------------------------------------------


def test_a_stage_bug_fails_its_document_as_an_internal_error_exit_3(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "in" / "b.txt").write_text("TRIPWIRE. " + OTHER, "utf-8")
    stages = ", ".join(
        f'"{s}"' for s in (*DEFAULT_STAGES[:-1], "tests.hostile_bug_on_marker.v1", DEFAULT_STAGES[-1])
    )
    config = tmp_path / "c.toml"
    config.write_text(f"pipeline = [{stages}]\nworkers = 1\n", "utf-8")
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "h.db"), "--config", str(config)]
    )
    assert result.exit_code == 3
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert failed == [
        f"failed: {tmp_path / 'in' / 'b.txt'}: stage tests.hostile_bug_on_marker.v1 failed: KeyError: 'no such key'"
    ]
    assert "1 of the failures above are internal errors" in result.stderr
    assert "1 added" in result.stdout


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stage_that_refuses_a_document_on_purpose_is_no_internal_error(
    tmp_path: Path, resources: Resources, workers: int
) -> None:
    stages = (*DEFAULT_STAGES[:-1], "tests.hostile_refuse_on_marker.v1", "tests.hostile_bug_on_marker.v1")
    pipeline = Pipeline(Settings(pipeline=stages, workers=workers, batch_size=2), resources)
    docs = [Document(f"d{i}", f"{GOOD} Item {i}.") for i in range(10)]
    docs[3] = Document("refused", "REFUSE. " + GOOD)
    docs[7] = Document("crashed", "TRIPWIRE. " + GOOD)
    from eventwire.ingest import ingest_documents

    with open_store(str(tmp_path / "h.db")) as store:
        report = ingest_documents(docs, store, pipeline=pipeline)
    assert sorted(report.failures) == [
        ("crashed", "stage tests.hostile_bug_on_marker.v1 failed: KeyError: 'no such key'"),
        (
            "refused",
            "stage tests.hostile_refuse_on_marker.v1 failed: ExtractionError: this document is refused on purpose",
        ),
    ]
    assert report.internal_errors == 1 and report.documents_added == 8


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="uses SIGKILL")
def test_a_worker_killed_by_a_document_fails_that_document_only(tmp_path: Path, resources: Resources) -> None:
    from eventwire.ingest import ingest_documents

    stages = (*DEFAULT_STAGES[:-1], "tests.hostile_kill_worker_on_marker.v1", DEFAULT_STAGES[-1])
    settings = Settings(
        pipeline=stages,
        workers=2,
        batch_size=2,
        stage_config={"tests.hostile_kill_worker_on_marker.v1": {"parent": os.getpid()}},
    )
    docs = [Document(f"d{i:02d}", f"{GOOD} Item {i}.") for i in range(12)]
    docs[5] = Document("killer", "KILLSWITCH. " + GOOD)
    reports: list[IngestReport] = []

    def run() -> None:
        with open_store(str(tmp_path / "h.db")) as store:
            reports.append(ingest_documents(docs, store, pipeline=Pipeline(settings, resources)))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(300)
    assert not worker.is_alive(), "the batch stalled after a worker died"
    (report,) = reports
    assert report.failures == [
        (
            "killer",
            "stage worker process died while extracting it (killed by the system, perhaps out of memory)",
        )
    ]
    assert report.internal_errors == 1
    assert _stored_ids(tmp_path) == {d.document_id for d in docs} - {"killer"}


def test_bad_input_alone_still_exits_1(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "in" / "b.jsonl").write_text('{"id": ' + "9" * 4400 + "}\n", "utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "h.db")])
    assert result.exit_code == 1, result.stderr
    assert "internal error" not in result.stderr


def test_an_unexpected_exception_in_a_command_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from eventwire.store.sqlite import SQLiteStore

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("simulated")

    open_store(str(tmp_path / "x.db")).close()
    monkeypatch.setattr(SQLiteStore, "stats", broken)
    monkeypatch.setattr(sys, "argv", ["eventwire", "stats", "--db", str(tmp_path / "x.db")])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("internal error: MemoryError: simulated")
    assert "Traceback" not in err


def test_the_store_rolls_back_a_document_whose_write_breaks(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.store import merging

    pipeline = Pipeline(Settings(workers=1), resources)
    docs = [Document("ok-a", GOOD), Document("breaks", OTHER + " TRIP"), Document("ok-b", OTHER)]
    real = merging.report_data

    def fragile(event: Any) -> str:
        if event.event_id and any(s.document_id == "breaks" for s in event.sources):
            raise OverflowError("simulated bug in the store")
        return real(event)

    monkeypatch.setattr(merging, "report_data", fragile)
    from eventwire.ingest import ingest_documents

    with open_store(str(tmp_path / "h.db")) as store:
        report = ingest_documents(docs, store, pipeline=pipeline)
    assert report.internal_errors == 1
    assert report.failures == [("breaks", "internal error: OverflowError: simulated bug in the store")]
    assert _stored_ids(tmp_path) == {"ok-a", "ok-b"}


# --- the HTTP API ------------------------------------------------------------------------------


def test_the_api_answers_hostile_bodies_with_a_reason_never_a_500(tmp_path: Path, pipeline: Pipeline) -> None:
    from fastapi.testclient import TestClient

    from eventwire.web.app import create_app

    config = Settings(db=str(tmp_path / "w.db"), api_token="s3cret-token")
    client = TestClient(create_app(config, pipeline=pipeline, warm_index=False))
    auth = {"Authorization": "Bearer s3cret-token", "Content-Type": "application/json"}

    huge = client.post("/documents", content=b'{"id": ' + b"8" * 5000 + b', "text": "x"}', headers=auth)
    assert huge.status_code == 400 and "4,300 digits" in huge.json()["error"]

    bad_id = client.post(
        "/documents", content=b'{"id": "a\\udfff", "text": "' + GOOD.encode() + b'"}', headers=auth
    )
    assert bad_id.status_code == 422 and "lone surrogate" in bad_id.json()["error"]

    body = b'[{"id": "w-1", "text": "\\ud800 ' + GOOD.encode() + b'"}, {"id": "w-2", "text": 5}]'
    mixed = client.post("/documents", content=body, headers=auth)
    assert mixed.status_code == 201
    result = mixed.json()
    assert result["documents_added"] == 1
    assert result["notes"] == [
        {"source": "body[0]", "note": "field 'text': 1 lone surrogate(s) replaced by U+FFFD"}
    ]
    assert result["failures"] == [
        {"source": "body[1]", "reason": "field 'text' must be a string, got number"}
    ]

    for raw in (b"\xff\xfe", b"[" * 100_000, b"null", b'"text"', b"1e999999"):
        answer = client.post("/documents", content=raw, headers=auth)
        assert 400 <= answer.status_code < 500, (raw[:20], answer.status_code)
        assert answer.json()["error"]


@pytest.mark.parametrize("value", ["2023-W05", "20231122", "2023-326", "２０２３-11-22"])
def test_a_date_filter_must_be_a_calendar_date(value: str) -> None:
    from eventwire import QueryError, event_filter

    with pytest.raises(QueryError, match="is not a date in the form YYYY-MM-DD"):
        event_filter(date_from=value)


def test_a_search_with_control_characters_is_a_search_not_a_store_error(tmp_path: Path) -> None:
    from eventwire import event_filter
    from eventwire.store.sqlite import fts_query

    assert fts_query("air\x00base\x1f") == '"air" "base"'
    with open_store(str(tmp_path / "q.db")) as store:
        assert list(store.events(event_filter(text="ab\x00c"))) == []
