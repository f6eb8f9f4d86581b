"""SQLite schema and the upgrade steps between schema versions.

``SCHEMA_SQL`` creates a fresh database at :data:`SCHEMA_VERSION`. When the
schema changes, bump ``SCHEMA_VERSION`` in ``base.py`` and add one function to
``MIGRATIONS`` keyed by the version it upgrades *from* (``n -> n + 1``); the
store runs the missing steps in order, inside one transaction, on open.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from ..model import EVENT_KEYS
from .base import SCHEMA_VERSION

APPLICATION = "eventwire"

TALLIES_SQL = """
CREATE TABLE tallies (
    tally_id      TEXT PRIMARY KEY,
    document_id   TEXT NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    metric        TEXT NOT NULL COLLATE NOCASE,
    subject       TEXT,
    value_low     INTEGER,
    value_best    INTEGER,
    value_high    INTEGER,
    qualifier     TEXT,
    period_start  TEXT,
    period_end    TEXT,
    breakdown     TEXT NOT NULL DEFAULT '[]',  -- JSON list of {"place", "value"}
    excludes      TEXT,
    speaker       TEXT,
    speaker_title TEXT,
    organisation  TEXT,
    sentence      TEXT NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    outlet        TEXT,
    published     TEXT
);

CREATE INDEX tallies_document ON tallies(document_id);
CREATE INDEX tallies_metric ON tallies(metric);

"""

# Version 3 added tallies and claims; the 2 -> 3 step creates them as they were then.
V3_RECORDS_SQL = (
    TALLIES_SQL
    + """
CREATE TABLE claims (
    event_id      TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    document_id   TEXT NOT NULL,
    sentence      TEXT NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    stance        TEXT NOT NULL,
    metric        TEXT,
    value_low     INTEGER,
    value_best    INTEGER,
    value_high    INTEGER,
    actor         TEXT,
    speaker       TEXT,
    speaker_title TEXT,
    organisation  TEXT,
    outlet        TEXT,
    said_on       TEXT,
    published     TEXT,
    PRIMARY KEY (event_id, position)
);
"""
)


# Version 4: merged events. Each document's events are kept as reports, with
# their evidence and claims; an event is a group of reports (see merging.py).
REPORTS_SQL = """
CREATE TABLE reports (
    report_id   TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    event_id    TEXT NOT NULL,  -- the stored event the report is part of
    component   TEXT NOT NULL,  -- reports linked by candidate pairs or manual merges
    published   TEXT,
    data        TEXT NOT NULL   -- the document's own event as JSON, without sources and claims
);

CREATE INDEX reports_event ON reports(event_id);
CREATE INDEX reports_component ON reports(component);
CREATE INDEX reports_document ON reports(document_id);

CREATE TABLE report_keys (
    key       TEXT NOT NULL,  -- blocking key: family|day|cell, family|day|country
    report_id TEXT NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    PRIMARY KEY (key, report_id)
) WITHOUT ROWID;

CREATE TABLE merge_overrides (  -- an analyst's corrections, kept across regroupings
    report_a TEXT NOT NULL,
    report_b TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('must', 'cannot')),
    PRIMARY KEY (report_a, report_b)
);
"""

# Version 5: only an event's representatives (its first few reports) are filed
# under their blocking keys, so merging reads a bounded number of candidates
# (see merging.py); the index finds an event's representatives and latest reports.
REPRESENTATIVES_SQL = """
ALTER TABLE reports ADD COLUMN rep INTEGER NOT NULL DEFAULT 0;  -- 1: filed in report_keys

CREATE INDEX reports_event_rep ON reports(event_id, rep, published);
"""

EVIDENCE_SQL = """
CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    document_id TEXT NOT NULL,
    outlet      TEXT,
    url         TEXT,
    published   TEXT,
    sentence    TEXT NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    speaker     TEXT,
    UNIQUE (report_id, position)
);

"""

EVIDENCE_TRIGGERS_SQL = """
CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN
    INSERT INTO evidence_fts(rowid, sentence) VALUES (new.id, new.sentence);
END;

CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN
    INSERT INTO evidence_fts(evidence_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence);
END;
"""

CLAIMS_SQL = """
CREATE TABLE claims (
    report_id     TEXT NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    document_id   TEXT NOT NULL,
    sentence      TEXT NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    stance        TEXT NOT NULL,
    metric        TEXT,
    value_low     INTEGER,
    value_best    INTEGER,
    value_high    INTEGER,
    actor         TEXT,
    speaker       TEXT,
    speaker_title TEXT,
    organisation  TEXT,
    outlet        TEXT,
    said_on       TEXT,
    published     TEXT,
    PRIMARY KEY (report_id, position)
);
"""

EVENTS_SQL = """
CREATE TABLE events (
    event_id         TEXT PRIMARY KEY,
    document_id      TEXT NOT NULL,  -- the anchor report's document
    event_type       TEXT NOT NULL COLLATE NOCASE,
    sub_event_type   TEXT NOT NULL COLLATE NOCASE,
    disorder_type    TEXT,
    event_date       TEXT,
    date_start       TEXT,
    date_end         TEXT,
    time_precision   INTEGER,
    date_prec        INTEGER,
    actor1           TEXT,
    actor2           TEXT,
    assoc_actor_1    TEXT NOT NULL DEFAULT '[]',  -- JSON list of names
    assoc_actor_2    TEXT NOT NULL DEFAULT '[]',
    country          TEXT COLLATE NOCASE,
    iso3             TEXT COLLATE NOCASE,
    admin1           TEXT,
    admin2           TEXT,
    location         TEXT,
    latitude         REAL,
    longitude        REAL,
    geo_precision    INTEGER,
    where_prec       INTEGER,
    location_as_written TEXT,
    gazetteer_id     TEXT,
    location_type    TEXT,
    weapon           TEXT,
    fatalities_low   INTEGER,
    fatalities_best  INTEGER,
    fatalities_high  INTEGER,
    injuries_low     INTEGER,
    injuries_best    INTEGER,
    injuries_high    INTEGER,
    abducted_low     INTEGER,
    abducted_best    INTEGER,
    abducted_high    INTEGER,
    arrested_low     INTEGER,
    arrested_best    INTEGER,
    arrested_high    INTEGER,
    reported_as      TEXT NOT NULL,
    responds_to      TEXT,
    confidence       REAL NOT NULL,
    merge            TEXT NOT NULL DEFAULT '[]'  -- JSON list of MergeNote: the reports and why
);

CREATE INDEX events_document ON events(document_id);
CREATE INDEX events_date ON events(event_date, event_id);
CREATE INDEX events_type ON events(event_type, sub_event_type);
CREATE INDEX events_sub_type ON events(sub_event_type);
CREATE INDEX events_country ON events(country, event_date, event_id);
CREATE INDEX events_iso3 ON events(iso3, event_date, event_id);
CREATE INDEX events_reported_as ON events(reported_as);

"""

# Columns compared case-insensitively by the filters carry COLLATE NOCASE, so
# their indexes serve those comparisons.
SCHEMA_SQL = (
    """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE documents (
    document_id TEXT PRIMARY KEY,
    title       TEXT,
    published   TEXT,
    outlet      TEXT,
    url         TEXT,
    source      TEXT,
    text        TEXT NOT NULL
);

"""
    + EVENTS_SQL
    + REPORTS_SQL
    + REPRESENTATIVES_SQL
    + EVIDENCE_SQL
    + """
CREATE VIRTUAL TABLE evidence_fts USING fts5(
    sentence,
    content = 'evidence',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

"""
    + EVIDENCE_TRIGGERS_SQL
    + CLAIMS_SQL
    + TALLIES_SQL
)

Migration = Callable[[sqlite3.Connection], None]


def _add_place_record(conn: sqlite3.Connection) -> None:
    """1 -> 2: events keep their full place record (existing rows get NULLs)."""
    for column, sql_type in (
        ("where_prec", "INTEGER"),
        ("location_as_written", "TEXT"),
        ("gazetteer_id", "TEXT"),
        ("location_type", "TEXT"),
    ):
        conn.execute(f"ALTER TABLE events ADD COLUMN {column} {sql_type}")


def _add_records(conn: sqlite3.Connection) -> None:
    """2 -> 3: events gain UCDP's date_prec and abducted/arrested figures (NULL for existing
    rows); tallies and claims tables."""
    conn.execute("ALTER TABLE events ADD COLUMN date_prec INTEGER")
    for metric in ("abducted", "arrested"):
        for part in ("low", "best", "high"):
            conn.execute(f"ALTER TABLE events ADD COLUMN {metric}_{part} INTEGER")
    for statement in _statements(V3_RECORDS_SQL):
        conn.execute(statement)


def _event_dict(row: sqlite3.Row) -> dict[str, Any]:
    """A version-3 events row as ``Event.to_dict()`` keys (without sources and claims)."""
    d: dict[str, Any] = {k: row[k] for k in row.keys() if k in EVENT_KEYS}
    d["assoc_actor_1"] = json.loads(row["assoc_actor_1"] or "[]")
    d["assoc_actor_2"] = json.loads(row["assoc_actor_2"] or "[]")
    for metric in ("fatalities", "injuries", "abducted", "arrested"):
        d[metric] = {part: row[f"{metric}_{part}"] for part in ("low", "best", "high")}
    return d


def _add_reports(conn: sqlite3.Connection) -> None:
    """3 -> 4: every stored event becomes its document's report; evidence and claims
    move to the reports; the events table is emptied and marked for regrouping,
    which the store does right after the steps, in the same transaction."""
    for statement in _statements(REPORTS_SQL):
        conn.execute(statement)
    rows = conn.execute(
        "SELECT e.*, d.published AS doc_published FROM events AS e JOIN documents AS d USING (document_id) "
        "ORDER BY e.document_id, e.rowid"
    ).fetchall()
    position: dict[str, int] = {}
    reports = []
    for row in rows:
        n = position[row["document_id"]] = position.get(row["document_id"], -1) + 1
        data = json.dumps(_event_dict(row), ensure_ascii=False)
        eid = row["event_id"]
        reports.append((eid, row["document_id"], n, eid, eid, row["doc_published"], data))
    conn.executemany(
        "INSERT INTO reports(report_id, document_id, position, event_id, component, published, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        reports,
    )
    conn.execute("DROP TRIGGER evidence_fts_insert")
    conn.execute("DROP TRIGGER evidence_fts_delete")
    conn.execute("ALTER TABLE evidence RENAME TO evidence_v3")
    conn.execute("ALTER TABLE claims RENAME TO claims_v3")
    for statement in _statements(EVIDENCE_SQL + EVIDENCE_TRIGGERS_SQL + CLAIMS_SQL):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO evidence(id, report_id, position, document_id, outlet, url, published, sentence, "
        "char_start, char_end, speaker) SELECT id, event_id, position, document_id, outlet, url, published, "
        "sentence, char_start, char_end, speaker FROM evidence_v3"
    )
    conn.execute("INSERT INTO claims SELECT * FROM claims_v3")
    conn.execute("DROP TABLE evidence_v3")
    conn.execute("DROP TABLE claims_v3")
    conn.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')")
    conn.execute("DROP TABLE events")
    for statement in _statements(EVENTS_SQL):
        conn.execute(statement)
    conn.execute("INSERT INTO meta(key, value) VALUES ('regroup', '1')")


def _add_representatives(conn: sqlite3.Connection) -> None:
    """4 -> 5: reports gain the representative mark; the store regroups every report
    right after the steps (in the same transaction), filing only representatives."""
    for statement in _statements(REPRESENTATIVES_SQL):
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('regroup', '1')")


# version n -> the step that upgrades a database from n to n + 1
MIGRATIONS: dict[int, Migration] = {
    1: _add_place_record,
    2: _add_records,
    3: _add_reports,
    4: _add_representatives,
}


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table of the current schema (inside the caller's transaction)."""
    for statement in _statements(SCHEMA_SQL):
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO meta(key, value) VALUES (?, ?)",
        [("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))],
    )
    conn.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")


def pending(version: int) -> list[Migration]:
    """The steps that bring a database at ``version`` to SCHEMA_VERSION.

    Raises KeyError naming the first version that has no step.
    """
    steps = []
    for v in range(version, SCHEMA_VERSION):
        if v not in MIGRATIONS:
            raise KeyError(v)
        steps.append(MIGRATIONS[v])
    return steps


def _statements(script: str) -> list[str]:
    """Split a script into statements (triggers contain ';' inside BEGIN...END)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
