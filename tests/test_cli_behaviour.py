"""The command line behaves: a version, flags that look like flags, JSON that parses,
wrong filter values that say what is valid, and tables that fit an 80-column terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from eventwire import __version__
from eventwire.api import event_filter
from eventwire.cli import app
from eventwire.errors import QueryError
from eventwire.store import open_store
from merge_helpers import HILL, document, report

runner = CliRunner()
SRC = Path(__file__).parent.parent / "src"


@pytest.fixture
def db(db_url: str) -> str:
    """Two events in invented Freedonia: a shelling of Harbour Town, one of Hill Town."""
    with open_store(db_url) as store:
        store.add_document(document("quay"), [report("qy1", "quay", killed=3)])
        store.add_document(document("ridge"), [report("rg1", "ridge", point=HILL, place="Hill Town")])
    return db_url


def every_command() -> list[list[str]]:
    """The path of every command and group, the top level first."""
    found: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        found.append(path)
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


def test_the_version_is_printed() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"eventwire {__version__}"


@pytest.mark.parametrize("path", every_command(), ids=lambda p: " ".join(p) or "eventwire")
def test_every_boolean_option_shows_as_a_flag_in_help(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "--help" in result.stdout
    assert "<bool>" not in result.stdout


def test_the_walk_reaches_the_subcommands() -> None:
    paths = [" ".join(p) for p in every_command()]
    assert {"events", "eval geoparse", "gazetteer lookup", "corrections import"} <= set(paths)


def test_events_json_is_one_document_and_jsonl_one_line_per_event(db: str) -> None:
    listed = json.loads(runner.invoke(app, ["events", "--json", "--db", db]).stdout)
    assert [e["event_id"] for e in listed] == ["qy1", "rg1"]
    lines = runner.invoke(app, ["events", "--jsonl", "--db", db]).stdout.splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == ["qy1", "rg1"]
    nothing = runner.invoke(app, ["events", "--json", "--from", "2030-01-01", "--db", db])
    assert nothing.exit_code == 0 and json.loads(nothing.stdout) == []
    both = runner.invoke(app, ["events", "--json", "--jsonl", "--db", db])
    assert both.exit_code == 2 and "--json and --jsonl" in both.stderr


def test_tallies_json_is_a_list(db: str) -> None:
    result = runner.invoke(app, ["tallies", "--json", "--db", db])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "Explosion"], "type: 'Explosion' is not known; did you mean Explosions/Remote violence?"),
        (["--type", "zzz"], "valid: Battles, Explosions/Remote violence, Violence against civilians"),
        (["--sub-type", "air strike"], "sub_type: 'air strike' is not known; did you mean Air/drone strike"),
        (
            ["--country", "Freedona"],
            "country: 'Freedona' is not a country name or ISO3 code; did you mean Freedonia",
        ),
        (["--country", "Irak"], "did you mean Iraq"),
        (["--columns", "event_id,colour"], "--columns: colour: the columns are event_id, date, type"),
    ],
)
def test_a_wrong_filter_value_names_what_is_valid(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["events", *args, "--db", db])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_export_checks_its_filters_as_events_does(db: str, tmp_path: Path) -> None:
    out = tmp_path / "mali.csv"
    result = runner.invoke(
        app, ["export", "--country", "Freedona", "--format", "csv", "-o", str(out), "--db", db]
    )
    assert result.exit_code == 2
    assert "country: 'Freedona' is not a country name or ISO3 code; did you mean Freedonia" in result.stderr
    assert not out.exists()
    fine = runner.invoke(
        app, ["export", "--country", "Portugal", "--format", "csv", "-o", str(out), "--db", db]
    )
    assert fine.exit_code == 0 and out.exists()  # a real country without events: an empty file


def test_filters_accept_any_case_iso_codes_and_the_stores_own_countries(db: str) -> None:
    def ids(*args: str) -> list[str]:
        result = runner.invoke(app, ["events", "--json", *args, "--db", db])
        assert result.exit_code == 0, result.output
        return [e["event_id"] for e in json.loads(result.stdout)]

    assert ids("--type", "explosions/remote VIOLENCE") == ["qy1", "rg1"]
    assert ids("--country", "Freedonia") == ids("--country", "frd") == ["qy1", "rg1"]
    assert ids("--country", "Iraq") == ids("--country", "IRQ") == []  # known, just not here


def test_the_library_check_serves_every_caller() -> None:
    with pytest.raises(QueryError, match="type: 'Riot' is not known; did you mean Riots"):
        event_filter(event_type="Riot")
    with pytest.raises(QueryError, match="country: 'Atlantis'"):
        event_filter(country="Atlantis", known_countries=[])
    assert event_filter(country="Atlantis").country == "Atlantis"  # no store at hand: not checked
    with open_store(":memory:") as store:
        assert store.countries() == []


def test_the_store_lists_its_countries(db: str) -> None:
    with open_store(db) as store:
        assert store.countries() == ["FRD", "Freedonia"]


@pytest.mark.parametrize("command", ["events", "tallies"])
def test_tables_fit_an_80_column_terminal(db: str, command: str) -> None:
    env = {**os.environ, "COLUMNS": "80", "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-m", "eventwire", command, "--db", db],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_columns_choose_and_wide_shows_all(db: str) -> None:
    chosen = runner.invoke(app, ["events", "--columns", "country,event_id", "--db", db]).stdout
    header = chosen.splitlines()[1]
    assert header.index("country") < header.index("event_id") and "date" not in header
    wide = runner.invoke(app, ["events", "--wide", "--db", db], env={"COLUMNS": "200"}).stdout
    assert all(name in wide for name in ("actor2", "injured", "country"))
