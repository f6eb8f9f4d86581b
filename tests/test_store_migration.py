"""Schema upgrades: databases written by older eventwire versions are upgraded in place.

Version 2 gave events their full place record; version 3 gave them UCDP's
``date_prec`` and added the tallies and claims tables.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.model import Claim, Document, Event, Evidence, Range, Tally
from eventwire.store import SCHEMA_VERSION, EventFilter, migrations, open_store

# The schema exactly as eventwire 0.x (schema version 1) created it; frozen here on
# purpose, so the test keeps proving the upgrade from what old files really hold.
SCHEMA_V1_SQL = """
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

CREATE TABLE events (
    event_id         TEXT PRIMARY KEY,
    document_id      TEXT NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    event_type       TEXT NOT NULL COLLATE NOCASE,
    sub_event_type   TEXT NOT NULL COLLATE NOCASE,
    disorder_type    TEXT,
    event_date       TEXT,
    date_start       TEXT,
    date_end         TEXT,
    time_precision   INTEGER,
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
    weapon           TEXT,
    fatalities_low   INTEGER,
    fatalities_best  INTEGER,
    fatalities_high  INTEGER,
    injuries_low     INTEGER,
    injuries_best    INTEGER,
    injuries_high    INTEGER,
    reported_as      TEXT NOT NULL,
    responds_to      TEXT,
    confidence       REAL NOT NULL
);

CREATE INDEX events_document ON events(document_id);
CREATE INDEX events_date ON events(event_date, event_id);
CREATE INDEX events_type ON events(event_type, sub_event_type);
CREATE INDEX events_sub_type ON events(sub_event_type);
CREATE INDEX events_country ON events(country);
CREATE INDEX events_iso3 ON events(iso3);
CREATE INDEX events_reported_as ON events(reported_as);

CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    document_id TEXT NOT NULL,
    outlet      TEXT,
    url         TEXT,
    published   TEXT,
    sentence    TEXT NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    speaker     TEXT,
    UNIQUE (event_id, position)
);

CREATE VIRTUAL TABLE evidence_fts USING fts5(
    sentence,
    content = 'evidence',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN
    INSERT INTO evidence_fts(rowid, sentence) VALUES (new.id, new.sentence);
END;

CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN
    INSERT INTO evidence_fts(evidence_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence);
END;
"""

# Version 2 is version 1 with the place record added to events, exactly as 0.2 created it.
SCHEMA_V2_SQL = SCHEMA_V1_SQL.replace(
    "    geo_precision    INTEGER,\n",
    "    geo_precision    INTEGER,\n"
    "    where_prec       INTEGER,\n"
    "    location_as_written TEXT,\n"
    "    gazetteer_id     TEXT,\n"
    "    location_type    TEXT,\n",
)

PLACE_FIELDS = ("where_prec", "location_as_written", "gazetteer_id", "location_type")


def make_v1_file(path: Path, version: int = 1) -> None:
    """A version-1 (or 2) database holding one document, one event and its evidence."""
    with sqlite3.connect(path) as raw:
        raw.executescript(SCHEMA_V1_SQL if version == 1 else SCHEMA_V2_SQL)
        raw.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?)",
            [("application", "eventwire"), ("schema_version", str(version))],
        )
        raw.execute(f"PRAGMA user_version = {version}")
        raw.execute(
            "INSERT INTO documents(document_id, title, published, outlet, url, source, text) "
            "VALUES ('old-doc', 'Shelling in Port Vell', '2023-11-02', 'Old Wire', NULL, 'old.jsonl#1', "
            "'Artillery shelled the eastern quarter of Port Vell on Tuesday, killing three people.')"
        )
        raw.execute(
            "INSERT INTO events(event_id, document_id, event_type, sub_event_type, event_date, country, iso3, "
            "admin1, location, latitude, longitude, geo_precision, fatalities_best, reported_as, confidence) "
            "VALUES ('ev-old', 'old-doc', 'Explosions/Remote violence', 'Shelling/artillery/missile attack', "
            "'2023-10-31', 'Freedonia', 'FRD', 'Coastal Province', 'Port Vell', 12.5, -45.25, 1, 3, 'new', 0.8)"
        )
        raw.execute(
            "INSERT INTO evidence(event_id, position, document_id, outlet, sentence, char_start, char_end) "
            "VALUES ('ev-old', 0, 'old-doc', 'Old Wire', "
            "'Artillery shelled the eastern quarter of Port Vell on Tuesday, killing three people.', 0, 84)"
        )
    # sqlite3's context manager commits but does not close
    sqlite3.connect(path).close()


def make_v2_file(path: Path) -> None:
    """A version-2 database holding the same document, event and evidence."""
    make_v1_file(path, version=2)


def event_columns(path: Path) -> list[str]:
    with sqlite3.connect(path) as raw:
        return [row[1] for row in raw.execute("PRAGMA table_info(events)")]


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as raw:
        return {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_the_schema_is_at_version_five_with_a_step_from_each_older_version() -> None:
    assert SCHEMA_VERSION == 5
    assert set(migrations.MIGRATIONS) == {1, 2, 3, 4}


def test_a_version_one_file_is_migrated_on_open_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_file(path)
    assert not set(PLACE_FIELDS) & set(event_columns(path))

    with open_store(str(path)) as store:
        [event] = list(store.events())
        assert store.get_document("old-doc")["outlet"] == "Old Wire"
        assert store.stats()["events"] == 1

    assert event.event_id == "ev-old"
    assert (event.location, event.latitude, event.longitude, event.geo_precision) == (
        "Port Vell",
        12.5,
        -45.25,
        1,
    )
    assert event.fatalities == Range(None, 3, None)
    assert [s.sentence for s in event.sources] == [
        "Artillery shelled the eastern quarter of Port Vell on Tuesday, killing three people."
    ]
    # what version 1 never recorded reads back as unknown
    assert [getattr(event, f) for f in PLACE_FIELDS] == [None, None, None, None]

    assert set(PLACE_FIELDS) <= set(event_columns(path))
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
            SCHEMA_VERSION
        )


def test_text_search_still_finds_migrated_evidence(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_file(path)
    with open_store(str(path)) as store:
        assert [e.event_id for e in store.events(EventFilter(text="shelled"))] == ["ev-old"]


def test_a_migrated_file_stores_and_returns_the_new_place_fields(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_file(path)
    text = "A drone struck the Kestrel air base on Sunday."
    new = Event(
        event_id="ev-new",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        location="Kestrel Air Base",
        latitude=10.0,
        longitude=20.0,
        geo_precision=1,
        where_prec=1,
        location_as_written="the Kestrel air base",
        gazetteer_id="facility:kestrel",
        location_type="airbase",
        sources=[Evidence("new-doc", None, None, None, text, 0, len(text))],
    )
    with open_store(str(path)) as store:
        store.add_document(Document("new-doc", text), [new])
    with open_store(str(path)) as store:  # reopening an upgraded file migrates nothing
        assert dataclasses.replace(store.get_event("ev-new"), merge=[]) == new
        assert store.get_event("ev-old").where_prec is None


def test_a_failing_upgrade_leaves_the_version_one_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    make_v1_file(path)
    real_step = migrations.MIGRATIONS[1]

    def step_then_fail(conn: sqlite3.Connection) -> None:
        real_step(conn)  # columns added inside the transaction...
        conn.execute("SELECT * FROM no_such_table")  # ...then the upgrade fails

    monkeypatch.setitem(migrations.MIGRATIONS, 1, step_then_fail)
    with pytest.raises(StoreError, match=r"old\.db: cannot upgrade the schema from version 1"):
        open_store(str(path))
    assert not set(PLACE_FIELDS) & set(event_columns(path))
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        assert raw.execute("SELECT count(*) FROM events").fetchone()[0] == 1


# -- version 2 -> 3 --------------------------------------------------------------


def a_tally(document_id: str = "new-doc") -> Tally:
    sentence = "Rebels have attacked the garrison 14 times since 2 May, 9 in the north and 5 in the south."
    return Tally(
        tally_id=f"{document_id}#t0",
        metric="attacks",
        subject="the garrison",
        value=Range(14, 14, 14),
        qualifier=None,
        period_start="2024-05-02",
        period_end="2024-06-01",
        breakdown=[{"place": "North Province", "value": 9}, {"place": "South Province", "value": 5}],
        speaker="Ivo Marek",
        organisation="Army of Freedonia",
        document_id=document_id,
        sentence=sentence,
        char_end=len(sentence),
    )


def test_a_version_two_file_gains_date_prec_tallies_and_claims_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    make_v2_file(path)
    assert "date_prec" not in event_columns(path)
    assert not {"tallies", "claims"} & tables(path)

    with open_store(str(path)) as store:
        old = store.get_event("ev-old")
        assert list(store.tallies()) == []
        assert store.stats()["tallies"] == 0

    # the old event reads back as before; what version 2 never recorded is unknown or empty
    assert (old.location, old.fatalities, old.date_prec, old.claims) == (
        "Port Vell",
        Range(None, 3, None),
        None,
        [],
    )
    assert "date_prec" in event_columns(path)
    assert {"tallies", "claims"} <= tables(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_migrated_version_two_file_stores_tallies_claims_and_date_prec(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    make_v2_file(path)
    text = "Rebels shelled the garrison on Friday, killing four soldiers, the army said."
    claim = Claim(
        "figure", "new-doc", text, 0, len(text), metric="killed", value=Range(4, 4, 4), organisation="army"
    )
    new = Event(
        event_id="ev-new",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        event_date="2024-05-31",
        date_prec=1,
        sources=[Evidence("new-doc", None, None, None, text, 0, len(text))],
        claims=[claim],
    )
    doc = Document("new-doc", text, tallies=[a_tally()])
    with open_store(str(path)) as store:
        assert store.add_document(doc, [new])
    with open_store(str(path)) as store:
        assert dataclasses.replace(store.get_event("ev-new"), merge=[]) == new
        assert store.tally("new-doc#t0") == a_tally()


def test_a_failing_upgrade_leaves_the_version_two_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v2.db"
    make_v2_file(path)
    real_step = migrations.MIGRATIONS[2]

    def step_then_fail(conn: sqlite3.Connection) -> None:
        real_step(conn)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(migrations.MIGRATIONS, 2, step_then_fail)
    with pytest.raises(StoreError, match=r"v2\.db: cannot upgrade the schema from version 2"):
        open_store(str(path))
    assert "date_prec" not in event_columns(path)
    assert not {"tallies", "claims"} & tables(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 2


# -- version 3 -> 4 --------------------------------------------------------------


def make_v3_file(path: Path) -> None:
    """A version-3 database with two documents reporting the same shelling, the second
    with a claim: version 3 kept them as two events."""
    make_v2_file(path)
    with sqlite3.connect(path) as raw:
        raw.row_factory = sqlite3.Row
        migrations.MIGRATIONS[2](raw)  # the 2 -> 3 step, as version 3 ran it
        raw.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        raw.execute("PRAGMA user_version = 3")
        text = "Shelling of Port Vell's eastern quarter on Tuesday killed four people, the mayor said."
        raw.execute(
            "INSERT INTO documents(document_id, published, outlet, text) VALUES ('later-doc', '2023-11-03', "
            "'Harbour Radio', ?)",
            (text,),
        )
        raw.execute(
            "INSERT INTO events(event_id, document_id, event_type, sub_event_type, event_date, time_precision, "
            "country, iso3, admin1, location, latitude, longitude, geo_precision, fatalities_best, reported_as, "
            "confidence) VALUES ('ev-later', 'later-doc', 'Explosions/Remote violence', "
            "'Shelling/artillery/missile attack', '2023-10-31', 1, 'Freedonia', 'FRD', 'Coastal Province', "
            "'Port Vell', 12.51, -45.26, 1, 4, 'new', 0.7)"
        )
        raw.execute(
            "INSERT INTO evidence(event_id, position, document_id, outlet, sentence, char_start, char_end) "
            "VALUES ('ev-later', 0, 'later-doc', 'Harbour Radio', ?, 0, ?)",
            (text, len(text)),
        )
        raw.execute(
            "INSERT INTO claims(event_id, position, kind, document_id, sentence, char_start, char_end, stance, "
            "metric, value_best, speaker_title) VALUES ('ev-later', 0, 'figure', 'later-doc', ?, 0, ?, "
            "'asserted', 'killed', 4, 'mayor')",
            (text, len(text)),
        )
    sqlite3.connect(path).close()


def test_a_version_three_file_keeps_its_reports_and_merges_their_events(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    make_v3_file(path)
    assert "reports" not in tables(path)

    with open_store(str(path)) as store:
        [event] = list(store.events())
        assert store.get_event("ev-later") == event  # the merged-away id opens the event
        assert [e.event_id for e in store.events(EventFilter(text="mayor"))] == [event.event_id]
        assert [e.event_id for e in store.reports(event.event_id)] == ["ev-old", "ev-later"]

    assert event.event_id == "ev-old"  # the first report, by publication
    assert [m.document_id for m in event.merge] == ["old-doc", "later-doc"]
    assert event.fatalities == Range(3, 4, 4)  # the later, attributed figure is best
    assert [c.speaker_title for c in event.claims] == ["mayor"]
    assert len(event.sources) == 2
    assert {"reports", "report_keys", "merge_overrides"} <= tables(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("SELECT count(*) FROM meta WHERE key = 'regroup'").fetchone()[0] == 0


def test_a_failing_upgrade_leaves_the_version_three_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v3.db"
    make_v3_file(path)
    real_step = migrations.MIGRATIONS[3]

    def step_then_fail(conn: sqlite3.Connection) -> None:
        real_step(conn)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(migrations.MIGRATIONS, 3, step_then_fail)
    with pytest.raises(StoreError, match=r"v3\.db: cannot upgrade the schema from version 3"):
        open_store(str(path))
    assert "reports" not in tables(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM events").fetchone()[0] == 2
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 3
