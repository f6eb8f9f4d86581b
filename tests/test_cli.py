"""The command line, run in process against a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the test articles, ingested once through the CLI."""
    path = tmp_path_factory.mktemp("cli") / "events.db"
    result = runner.invoke(app, ["ingest", str(FIXTURES), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "documents: 3 added" in result.output
    return path


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ingest_prints_a_summary_by_type_and_country(db: Path) -> None:
    out = run("stats", "--db", str(db))
    assert "Explosions/Remote violence" in out
    assert "Iraq" in out
    assert "documents: 3" in out


def test_ingesting_the_same_content_again_adds_nothing(db: Path) -> None:
    before = json.loads(run("stats", "--db", str(db), "--json"))
    result = runner.invoke(app, ["ingest", str(FIXTURES), "--db", str(db)])
    assert result.exit_code == 0
    assert "0 added, 3 already stored" in result.stdout
    assert json.loads(run("stats", "--db", str(db), "--json")) == before


def test_the_database_can_come_from_the_environment(db: Path) -> None:
    result = runner.invoke(app, ["stats", "--json"], env={"EVENTWIRE_DB": str(db)})
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"] == 3


def test_events_filter_by_country_type_date_and_text(db: Path) -> None:
    def ids(*args: str) -> list[str]:
        return [
            json.loads(line)["event_id"]
            for line in run("events", "--db", str(db), "--json", *args).splitlines()
        ]

    everything = ids()
    iraq = ids("--country", "IRQ")
    assert iraq and set(iraq) < set(everything)
    assert ids("--country", "iraq") == iraq
    assert ids("--type", "Protests") and not set(ids("--type", "Protests")) & set(iraq)
    assert ids("--from", "2024-02-13", "--to", "2024-02-13")
    assert ids("--from", "2030-01-01") == []
    assert ids("--search", "drone") and set(ids("--search", "drone")) <= set(iraq)


def test_show_prints_every_evidence_sentence_with_document_and_speaker(db: Path) -> None:
    event_id = json.loads(run("events", "--db", str(db), "--json", "--search", "rockets").splitlines()[0])[
        "event_id"
    ]
    out = run("show", event_id, "--db", str(db))
    assert "Shelling/artillery/missile attack" in out
    assert "test-two-strikes" in out
    assert "Test Desk" in out
    assert "said by" in out


def test_export_jsonl_csv_and_geojson(db: Path, tmp_path: Path) -> None:
    lines = run("export", "--what", "events", "--format", "jsonl", "--db", str(db)).splitlines()
    assert lines and all("sources" in json.loads(line) for line in lines)
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--db", str(db)))))
    assert len(rows) == len(lines)
    assert {"event_date", "event_type", "sub_event_type", "actor1", "fatalities", "latitude"} <= set(rows[0])
    target = tmp_path / "events.geojson"
    run("export", "--format", "geojson", "-o", str(target), "--db", str(db))
    assert json.loads(target.read_text("utf-8"))["type"] == "FeatureCollection"
    docs = run("export", "--what", "documents", "--format", "jsonl", "--db", str(db)).splitlines()
    assert len(docs) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "ev-does-not-exist"], "ev-does-not-exist"),
        (["events", "--from", "13/02/2024"], "YYYY-MM-DD"),
        (["events", "--reported-as", "sometimes"], "reported_as"),
        (["export", "--format", "xlsx"], "xlsx"),
        (["export", "--what", "people"], "people"),
    ],
)
def test_wrong_arguments_get_one_clear_line_and_exit_code_2(db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_reading_commands_refuse_a_missing_database(tmp_path: Path) -> None:
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no such database" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_a_missing_database_directory_is_named(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(FIXTURES / "protest.txt"), "--db", str(tmp_path / "no" / "x.db")]
    )
    assert result.exit_code == 2
    assert str(tmp_path / "no") in result.stderr


def test_a_database_from_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    result = runner.invoke(app, ["ingest", str(FIXTURES / "protest.txt"), "--db", str(path)])
    assert result.exit_code == 2
    assert "newer" in result.stderr


def test_a_batch_goes_on_past_bad_items_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", "utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (tmp_path / "bad.jsonl").write_text(
        '{"id": "ok-1", "text": "Police arrested five protesters in Lagos."}\n{"id": \n', "utf-8"
    )
    result = runner.invoke(
        app, ["ingest", str(tmp_path), str(FIXTURES / "protest.txt"), "--db", str(tmp_path / "e.db")]
    )
    assert result.exit_code == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failures) == 3
    assert any("empty.txt" in f for f in failures)
    assert any("binary.txt" in f for f in failures)
    assert any("bad.jsonl:2" in f for f in failures)
    assert "2 added" in result.stdout and "3 failed" in result.stdout


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"eventwire {name}" in readme, name
    for command in ("eval case2021", "eval acled"):
        assert f"eventwire {command}" in readme
