"""The PostgreSQL store on a real server: wrong addresses and credentials, a newer schema,
a lost connection, and several writer processes at once.

The contract itself (round trips, filters, merging, tallies, the CLI, the API and the desk)
is tested on both backends through the ``db_url`` fixture; this file holds what only a
database server can get wrong.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from eventwire import ingest
from eventwire.cli import app
from eventwire.errors import SchemaVersionError, StoreError, StoreUnavailable
from eventwire.pipeline import Pipeline
from eventwire.store import SCHEMA_VERSION, merging, open_store
from eventwire.store.base import EventFilter
from pg_server import GUARDED, _free_port
from store_rows import count, query
from test_concurrent_writers import corpus
from test_store import make_doc, make_event

runner = CliRunner()


def host_of(server: Any) -> str:
    """``HOST:PORT`` of the test server."""
    return urlsplit(server.admin_url).netloc.rsplit("@", 1)[-1]


def one_line_error(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


# -- addresses, credentials, schemas ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql://eventwire@127.0.0.1:notaport/x", "not a valid PostgreSQL URL"),
        ("postgresql://eventwire@127.0.0.1:5432", "the URL names no database"),
        ("postgresql://eventwire@:5432/x", "the URL names no host"),
    ],
)
def test_a_malformed_url_is_one_line_naming_it_and_exit_2(url: str, reason: str) -> None:
    line = one_line_error(["events", "--db", url])
    assert url in line and reason in line


def test_an_unreachable_server_is_one_line_and_nothing_is_read(tmp_path: Path) -> None:
    url = f"postgresql://eventwire@127.0.0.1:{_free_port()}/events"
    source = tmp_path / "one.txt"
    source.write_text("Gunmen attacked a police post in Oskarn on Monday.", "utf-8")
    line = one_line_error(["ingest", str(source), "--db", url])
    assert url in line and "cannot connect" in line and "refused" in line.lower()


def test_wrong_credentials_are_named_and_the_password_never_shown(postgres: Any) -> None:
    postgres.admin(f"DROP ROLE IF EXISTS {GUARDED}")
    postgres.admin(f"CREATE ROLE {GUARDED} LOGIN PASSWORD 'right-one'")
    url = postgres.new_database()
    name = urlsplit(url).path.strip("/")
    postgres.admin(f"GRANT ALL ON DATABASE {name} TO {GUARDED}")
    wrong = f"postgresql://{GUARDED}:not-the-password@{host_of(postgres)}/{name}"
    line = one_line_error(["stats", "--db", wrong])
    assert f'password authentication failed for user "{GUARDED}"' in line
    assert "not-the-password" not in line and f"{GUARDED}:***@" in line
    assert count(url, "documents") == 0


def test_a_database_from_a_newer_schema_is_refused_and_left_as_it_was(postgres: Any, tmp_path: Path) -> None:
    url = postgres.new_database()
    postgres_exec(url, "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(SchemaVersionError, match=f"schema version {SCHEMA_VERSION + 1} is newer"):
        open_store(url)
    source = tmp_path / "one.txt"
    source.write_text("Gunmen attacked a police post in Oskarn on Monday.", "utf-8")
    line = one_line_error(["ingest", str(source), "--db", url])
    assert "is newer than this eventwire supports" in line
    assert count(url, "documents") == 0


def test_a_database_of_another_application_is_refused(postgres: Any) -> None:
    url = postgres.new_database(schema=False)
    postgres_exec(url, "CREATE TABLE invoices (id integer)")
    with pytest.raises(StoreError, match="not an eventwire database"):
        open_store(url)
    assert query(url, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'events'") == [(0,)]


def test_a_read_command_on_an_empty_database_is_an_error_and_creates_nothing(postgres: Any) -> None:
    url = postgres.new_database(schema=False)
    for command in (
        ["stats"],
        ["events"],
        ["export", "--format", "csv"],
        ["corrections", "export", "-o", "/dev/null"],
    ):
        line = one_line_error([*command, "--db", url])
        assert "no eventwire tables yet (run `eventwire ingest` first)" in line, command
    assert query(url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == [
        (0,)
    ]


def test_an_empty_database_opened_by_four_processes_at_once_gets_one_schema(postgres: Any) -> None:
    url = postgres.new_database(schema=False)
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            open_store(url).close()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert query(url, "SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]


def postgres_exec(url: str, sql: str, params: tuple[Any, ...] = ()) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.replace("?", "%s"), params)


def test_a_user_who_may_not_create_extensions_gets_a_store_whose_search_keeps_diacritics(
    postgres: Any,
) -> None:
    """unaccent needs CREATE on the database: without it the schema is still made, and text
    search works, only without folding accents."""
    role = "no_extensions"
    url = postgres.new_database(schema=False)
    name = urlsplit(url).path.strip("/")
    postgres.admin(f"DO $$ BEGIN CREATE ROLE {role} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    postgres_exec(url, f"GRANT ALL ON SCHEMA public TO {role}")
    as_role = f"postgresql://{role}@{host_of(postgres)}/{name}"
    with open_store(as_role) as store:
        sentence = "Gunmen attacked the cattle market of Kaboré-Ségou at dawn."
        store.add_document(
            make_doc("doc-accents"), [make_event("ev-accents", "doc-accents", sentence=sentence)]
        )
        assert [e.event_id for e in store.events(EventFilter(text="Kaboré"))] == ["ev-accents"]
        assert list(store.events(EventFilter(text="Kabore"))) == []
    assert query(url, "SELECT count(*) FROM pg_extension WHERE extname = 'unaccent'") == [(0,)]


# -- a lost connection ------------------------------------------------------------------------


def test_a_connection_lost_mid_document_writes_nothing_and_a_rerun_completes(
    postgres: Any, pipeline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [str(p) for p in corpus(tmp_path / "in", 6)]
    serial = postgres.new_database()
    with open_store(serial) as store:
        ingest(files, store, pipeline=pipeline)

    url = postgres.new_database()
    name = urlsplit(url).path.strip("/")
    real = merging.merge_new
    documents: list[str] = []

    def cut_on_the_third(conn: Any, reports: Any, config: Any) -> None:
        documents.append(reports[0].document_id if reports else "")
        if len(documents) == 3:  # its rows are written, its merge is not: the server goes away
            postgres.admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        real(conn, reports, config)

    monkeypatch.setattr(merging, "merge_new", cut_on_the_third)
    with open_store(url) as store, pytest.raises(StoreUnavailable, match="lost the connection") as lost:
        ingest(files, store, pipeline=pipeline)
    assert url in str(lost.value) and "nothing of it was written" in str(lost.value)
    assert count(url, "documents") == 2 and count(url, "reports") == 2

    monkeypatch.undo()
    with open_store(url) as store:
        again = ingest(files, store, pipeline=pipeline)
    assert (again.documents_added, again.documents_skipped, again.failures) == (4, 2, [])
    assert content(url) == content(serial)


# -- several writers at once -------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import json, sys
    from eventwire import Pipeline, Settings, ingest, open_store

    url, *sources = sys.argv[1:]
    with open_store(url) as store:
        report = ingest(sources, store, pipeline=Pipeline(Settings(workers=1)))
        retries = store.write_retries
    print(json.dumps({"added": report.documents_added, "skipped": report.documents_skipped,
                      "failures": report.failures, "retries": retries}))
    """
)


def content(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without the evidence row numbers (they follow the order of writes)."""
    tables = [
        r[0]
        for r in query(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    ]
    found = {}
    for table in tables:
        columns = [
            r[0]
            for r in query(
                url,
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND column_name <> 'id' "
                "ORDER BY ordinal_position",
                (table,),
            )
        ]
        found[table] = sorted(query(url, f"SELECT {', '.join(columns)} FROM {table}"), key=repr)
    return found


def test_four_writers_over_overlapping_inputs_end_as_one_serial_run(
    postgres: Any, pipeline: Pipeline, tmp_path: Path
) -> None:
    files = [str(p) for p in corpus(tmp_path / "in", 40)]
    serial = postgres.new_database()
    with open_store(serial) as store:
        assert ingest(files, store, pipeline=pipeline).documents_added == 40

    shared = postgres.new_database()
    # overlapping slices in different orders: the same incidents reach the store from several writers
    slices = [files[:24], files[10:34], list(reversed(files[16:])), files[::2]]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, shared, *part],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in slices
    ]
    results = []
    for proc in writers:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    assert all(r["failures"] == [] for r in results), results
    assert sum(r["added"] for r in results) == 40
    assert sum(r["added"] + r["skipped"] for r in results) == sum(map(len, slices))
    got, want = content(shared), content(serial)
    for table in want:
        if table == "meta":
            continue
        assert got[table] == want[table], table


# -- schema upgrades ----------------------------------------------------------------------------


def test_an_older_schema_is_upgraded_by_its_migration_step(
    postgres: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.store import pg_schema

    url = postgres.new_database()
    postgres_exec(url, "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION - 1),))

    def add_notes(conn: Any) -> None:
        conn.execute("CREATE TABLE notes (event_id TEXT, note TEXT)")

    monkeypatch.setitem(pg_schema.MIGRATIONS, SCHEMA_VERSION - 1, add_notes)
    open_store(url).close()
    assert query(url, "SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    assert count(url, "notes") == 0


def test_an_older_schema_without_a_migration_step_is_refused(postgres: Any) -> None:
    url = postgres.new_database()
    postgres_exec(url, "UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(SchemaVersionError, match="no migration from database schema version 1"):
        open_store(url)


def test_the_config_file_can_name_a_postgresql_database(postgres: Any, tmp_path: Path) -> None:
    url = postgres.new_database()
    source = tmp_path / "one.json"
    source.write_text(
        json.dumps({"id": "cfg-1", "text": "Gunmen attacked a police post in Oskarn on Monday."})
    )
    config = tmp_path / "eventwire.toml"
    config.write_text(f'db = "{url}"\n', "utf-8")
    result = runner.invoke(app, ["ingest", str(source), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert count(url, "documents") == 1
    stats = runner.invoke(app, ["stats", "--config", str(config), "--json"])
    assert json.loads(stats.stdout)["documents"] == 1
