"""The command line, run in process against a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.model import Claim, Document, Event, Evidence, Range, Tally
from eventwire.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(module_new_db: Any) -> str:
    """A database holding the test articles, ingested once through the CLI (each backend)."""
    path = module_new_db("events.db")
    result = runner.invoke(app, ["ingest", str(FIXTURES), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "documents: 3 added" in result.output
    return path


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ingest_prints_a_summary_by_type_and_country(db: str) -> None:
    out = run("stats", "--db", str(db))
    assert "Explosions/Remote violence" in out
    assert "Iraq" in out
    assert "documents: 3" in out


def test_ingesting_the_same_content_again_adds_nothing(db: str) -> None:
    before = json.loads(run("stats", "--db", str(db), "--json"))
    result = runner.invoke(app, ["ingest", str(FIXTURES), "--db", str(db)])
    assert result.exit_code == 0
    assert "0 added, 3 already stored" in result.stdout
    assert json.loads(run("stats", "--db", str(db), "--json")) == before


def test_the_database_can_come_from_the_environment(db: str) -> None:
    result = runner.invoke(app, ["stats", "--json"], env={"EVENTWIRE_DB": str(db)})
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"] == 3


def test_events_filter_by_country_type_date_and_text(db: str) -> None:
    def ids(*args: str) -> list[str]:
        return [
            json.loads(line)["event_id"]
            for line in run("events", "--db", str(db), "--jsonl", *args).splitlines()
        ]

    everything = ids()
    iraq = ids("--country", "IRQ")
    assert iraq and set(iraq) < set(everything)
    assert ids("--country", "iraq") == iraq
    assert ids("--type", "Protests") and not set(ids("--type", "Protests")) & set(iraq)
    assert ids("--from", "2024-02-13", "--to", "2024-02-13")
    assert ids("--from", "2030-01-01") == []
    assert ids("--search", "drone") and set(ids("--search", "drone")) <= set(iraq)


def test_show_prints_every_evidence_sentence_with_document_and_speaker(db: str) -> None:
    event_id = json.loads(run("events", "--db", str(db), "--jsonl", "--search", "rockets").splitlines()[0])[
        "event_id"
    ]
    out = run("show", event_id, "--db", str(db))
    assert "Shelling/artillery/missile attack" in out
    assert "test-two-strikes" in out
    assert "Test Desk" in out
    assert "said by" in out


def test_export_jsonl_csv_and_geojson(db: str, tmp_path: Path) -> None:
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
        (["export", "--what", "tallies", "--format", "geojson"], "no geometry"),
        (["export", "--what", "claims", "--format", "geojson"], "no geometry"),
        (["export", "--what", "documents", "--country", "Iraq"], "--country: filters select events"),
        (["export", "--what", "tallies", "--type", "Battles"], "tallies take --from and --to"),
        (["export", "--reported-as", "sometimes"], "reported_as: 'sometimes'"),
        (["events", "--reported-as", "sometimes"], "new, background, all"),
        (["export", "--bbox", "1,2,3"], "bbox: needs four numbers"),
        (["export", "--from", "2024-02-30"], "from: '2024-02-30' is not a date"),
        (["export", "--format", "csv", "--include-unlocated"], "--include-unlocated: only a GeoJSON"),
        (["export", "--format", "csv", "--flat"], "flat: only GeoJSON"),
        (["reconcile", "tl-does-not-exist"], "tl-does-not-exist"),
    ],
)
def test_wrong_arguments_get_one_clear_line_and_exit_code_2(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_export_geojson_leaves_unlocated_events_out_and_says_how_many(db: str, tmp_path: Path) -> None:
    everything = [json.loads(line) for line in run("export", "--db", str(db)).splitlines()]
    unlocated = sum(1 for e in everything if e["latitude"] is None)
    target = tmp_path / "events.geojson"
    result = runner.invoke(
        app, ["export", "--format", "geojson", "--flat", "-o", str(target), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    features = json.loads(target.read_text("utf-8"))["features"]
    assert len(features) == len(everything) - unlocated
    assert all(f["geometry"] is not None for f in features)
    assert all(not isinstance(v, dict | list) for f in features for v in f["properties"].values())
    assert f"exported {len(features)} events" in result.stderr
    assert (f"left out {unlocated} events without coordinates" in result.stderr) == bool(unlocated)
    kept = runner.invoke(app, ["export", "--format", "geojson", "--include-unlocated", "--db", str(db)])
    assert len(json.loads(kept.stdout)["features"]) == len(everything)


def test_export_reports_and_claims_belong_to_the_exported_events(db: str) -> None:
    events = {json.loads(line)["event_id"] for line in run("export", "--db", str(db)).splitlines()}
    reports = [json.loads(line) for line in run("export", "--what", "reports", "--db", str(db)).splitlines()]
    assert reports and {r["event_id"] for r in reports} == events
    assert all(r["report_id"] and r["document_id"] for r in reports)
    rows = list(
        csv.DictReader(io.StringIO(run("export", "--what", "claims", "--format", "csv", "--db", str(db))))
    )
    assert {r["event_id"] for r in rows} <= events


def test_export_to_a_file_that_cannot_be_written_leaves_nothing(db: str, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", "utf-8")
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "plain" / "events.csv"), "--db", str(db)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["plain"]


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


# -- tallies and claims ----------------------------------------------------------

TALLY_SENTENCE = (
    "The checkpoint has been attacked about 20 times since April 1, 12 in Kirkuk and 8 in Diyala."
)
STRIKE_SENTENCE = "Militants shelled the Kirkuk checkpoint on Monday, killing three police officers."


@pytest.fixture(scope="module")
def records_db(module_new_db: Any) -> str:
    """A database holding two tallies and one event with a figure claim and a responsibility claim."""
    path = module_new_db("records.db")
    event = Event(
        event_id="ev-checkpoint",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        event_date="2024-04-22",
        time_precision=1,
        date_prec=1,
        country="Iraq",
        iso3="IRQ",
        actor2="Police Forces of Iraq",
        fatalities=Range(3, 3, 3),
        sources=[
            Evidence("doc-a", "Example Wire", None, "2024-04-23", STRIKE_SENTENCE, 0, len(STRIKE_SENTENCE))
        ],
        claims=[
            Claim(
                "figure",
                "doc-a",
                STRIKE_SENTENCE,
                0,
                len(STRIKE_SENTENCE),
                metric="killed",
                value=Range(3, 3, 5),
                speaker="Karim Saleh",
                speaker_title="police spokesman",
                organisation="Kirkuk police",
                outlet="Example Wire",
                said_on="2024-04-22",
            ),
            Claim(
                "responsibility",
                "doc-a",
                STRIKE_SENTENCE,
                0,
                len(STRIKE_SENTENCE),
                stance="denied",
                actor="Hidden Hand Brigade",
                organisation="Hidden Hand Brigade",
                outlet="Example Wire",
                published="2024-04-23",
            ),
        ],
    )
    attacks = Tally(
        tally_id="tl-attacks",
        metric="attacks",
        subject="the checkpoint",
        value=Range(20, 20, 20),
        qualifier="about",
        period_start="2024-04-01",
        period_end="2024-04-23",
        breakdown=[{"place": "Kirkuk", "value": 12}, {"place": "Diyala", "value": 8}],
        speaker="Karim Saleh",
        speaker_title="police spokesman",
        document_id="doc-a",
        sentence=TALLY_SENTENCE,
        char_end=len(TALLY_SENTENCE),
    )
    killed = Tally(
        tally_id="tl-killed",
        metric="killed",
        subject="police officers",
        value=Range(30, 30, None),
        qualifier="more than",
        period_start="2024-01-01",
        period_end="2024-01-31",
        document_id="doc-a",
        sentence=TALLY_SENTENCE,
    )
    with open_store(str(path)) as store:
        text = STRIKE_SENTENCE + " " + TALLY_SENTENCE
        store.add_document(
            Document("doc-a", text, published="2024-04-23", tallies=[attacks, killed]), [event]
        )
    return path


def test_tallies_lists_every_tally_as_a_table(records_db: str) -> None:
    result = runner.invoke(app, ["tallies", "--wide", "--db", str(records_db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "tl-attacks" in out and "tl-killed" in out
    assert "Kirkuk 12; Diyala 8" in out
    assert "Karim Saleh (police spokesman)" in out
    assert "2 tally(ies)" in out


def test_tallies_filter_by_metric_and_period_and_print_json_lines(records_db: str) -> None:
    def ids(*args: str) -> list[str]:
        return [
            json.loads(line)["tally_id"]
            for line in run("tallies", "--db", str(records_db), "--jsonl", *args).splitlines()
        ]

    assert ids() == ["tl-killed", "tl-attacks"]
    assert ids("--metric", "attacks") == ["tl-attacks"]
    assert ids("--from", "2024-04-10") == ["tl-attacks"]
    assert ids("--to", "2024-02-01") == ["tl-killed"]
    assert ids("--from", "2025-01-01") == []
    [record] = json.loads(run("tallies", "--db", str(records_db), "--json", "--metric", "killed"))
    assert record["value"] == {"low": 30, "best": 30, "high": None}


@pytest.mark.parametrize(("option", "value"), [("--from", "April 1"), ("--to", "2024-13-01")])
def test_tallies_refuse_a_malformed_date_naming_the_option(records_db: str, option: str, value: str) -> None:
    result = runner.invoke(app, ["tallies", option, value, "--db", str(records_db)])
    assert result.exit_code == 2
    assert f"{option.lstrip('-')}: {value!r} is not a date" in result.stderr


def test_tallies_on_an_empty_store_print_an_empty_table(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    open_store(str(path)).close()
    assert "0 tally(ies)" in run("tallies", "--db", str(path))
    assert json.loads(run("tallies", "--json", "--db", str(path))) == []
    assert run("tallies", "--jsonl", "--db", str(path)) == ""


def test_export_tallies_as_jsonl_and_csv(records_db: str) -> None:
    lines = run("export", "--what", "tallies", "--db", str(records_db)).splitlines()
    assert [json.loads(line)["tally_id"] for line in lines] == ["tl-killed", "tl-attacks"]
    rows = list(
        csv.DictReader(
            io.StringIO(run("export", "--what", "tallies", "--format", "csv", "--db", str(records_db)))
        )
    )
    assert json.loads(rows[1]["breakdown"]) == [
        {"place": "Kirkuk", "value": 12},
        {"place": "Diyala", "value": 8},
    ]
    assert rows[1]["value_best"] == "20"


def test_events_export_keeps_claims_and_date_prec(records_db: str) -> None:
    [line] = run("export", "--db", str(records_db)).splitlines()
    record = json.loads(line)
    assert record["date_prec"] == 1
    assert [c["stance"] for c in record["claims"]] == ["asserted", "denied"]
    [row] = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--db", str(records_db)))))
    assert row["date_prec"] == "1"


def test_show_prints_each_claim_on_one_line(records_db: str) -> None:
    out = run("show", "ev-checkpoint", "--db", str(records_db))
    assert "claims (2)" in out
    assert (
        "asserted: killed 3 (3-5); said by Karim Saleh (police spokesman, Kirkuk police); "
        "outlet Example Wire; said on 2024-04-22"
    ) in out
    assert (
        "denied: responsibility Hidden Hand Brigade; said by Hidden Hand Brigade; outlet Example Wire; said on 2024-04-23"
        in out
    )


@pytest.mark.parametrize("command", [["tallies"], ["reconcile", "tl-1"], ["export", "--what", "tallies"]])
def test_tally_commands_refuse_a_database_from_a_newer_schema(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('application', 'eventwire')")
        conn.execute("PRAGMA user_version = 99")
    result = runner.invoke(app, [*command, "--db", str(path)])
    assert result.exit_code == 2
    assert "schema version 99 is newer" in result.stderr
