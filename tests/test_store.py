"""The SQLite store: round trips, one transaction per document, filters, refusals."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from eventwire.errors import NotFoundError, SchemaVersionError, StoreError
from eventwire.model import Claim, Document, Event, Evidence, Range
from eventwire.settings import Settings
from eventwire.store import SCHEMA_VERSION, EventFilter, SQLiteStore, migrations, open_store

TEXT = (
    "Militants fired three rockets at the Harbour Road checkpoint in Port Vell on Monday, "
    'killing two soldiers. A spokesman said the group\'s drone unit ("Unit-7") was responsible.'
)


def make_doc(document_id: str = "doc-1", text: str = TEXT) -> Document:
    return Document(
        document_id=document_id,
        text=text,
        title="Rockets hit checkpoint",
        published="2024-03-05",
        outlet="Example Wire",
        url=f"https://news.example.org/{document_id}",
        source=f"feed.jsonl#{document_id}",
    )


def make_event(
    event_id: str,
    document_id: str = "doc-1",
    *,
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Shelling/artillery/missile attack",
    event_date: str | None = "2024-03-04",
    country: str | None = "Freedonia",
    iso3: str | None = "FRD",
    actor1: str | None = "Militants (Freedonia)",
    actor2: str | None = "Military Forces of Freedonia",
    assoc: list[str] | None = None,
    sentence: str = "Militants fired three rockets at the Harbour Road checkpoint in Port Vell on Monday.",
    reported_as: str = "new",
) -> Event:
    return Event(
        event_id=event_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        event_date=event_date,
        country=country,
        iso3=iso3,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=assoc or [],
        reported_as=reported_as,
        sources=[Evidence(document_id, "Example Wire", None, "2024-03-05", sentence, 0, len(sentence))],
    )


def full_event() -> Event:
    """An event with every field set to a non-default value."""
    return Event(
        event_id="ev-full",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        disorder_type="Political violence",
        event_date="2024-03-04",
        date_start="2024-03-03",
        date_end="2024-03-04",
        time_precision=2,
        date_prec=2,
        actor1="Militants (Freedonia)",
        actor2="Military Forces of Freedonia",
        assoc_actor_1=["Unit-7", "Südliche Brigade"],
        assoc_actor_2=["Civilians (Freedonia)"],
        country="Freedonia",
        iso3="FRD",
        admin1="Coastal Province",
        admin2="Port Vell District",
        location="Port Vell",
        latitude=12.345678,
        longitude=-45.678901,
        geo_precision=1,
        where_prec=1,
        location_as_written="the port of Port-Vell",
        gazetteer_id="geonames:1234567",
        location_type="city",
        weapon="drone",
        fatalities=Range(2, 3, 5),
        injuries=Range(1, 4, 10),
        reported_as="background",
        responds_to="ev-earlier",
        confidence=0.83,
        sources=[
            Evidence(
                "doc-1",
                "Example Wire",
                "https://a.example.org/1",
                "2024-03-05",
                "First.",
                0,
                6,
                "A spokesman",
            ),
            Evidence(
                "doc-0", "Other Daily", "https://b.example.org/2", "2024-03-04T10:00:00Z", "Second.", 7, 14
            ),
        ],
        claims=[
            Claim(
                kind="figure",
                document_id="doc-1",
                sentence="First.",
                char_start=0,
                char_end=6,
                stance="asserted",
                metric="killed",
                value=Range(2, 3, 5),
                speaker="Ana Costa",
                speaker_title="army spokeswoman",
                organisation="Army of Freedonia",
                outlet="Example Wire",
                said_on="2024-03-04",
                published="2024-03-05",
            ),
            Claim(
                kind="responsibility",
                document_id="doc-0",
                sentence="Second.",
                char_start=7,
                char_end=14,
                stance="denied",
                actor="Unit-7 Brigade",
                organisation="Unit-7 Brigade",
                outlet="Other Daily",
                published="2024-03-04T10:00:00Z",
            ),
        ],
    )


@pytest.fixture
def store(db_url: str):
    """A new store of each backend: an SQLite file, a PostgreSQL database."""
    with open_store(db_url) as s:
        yield s


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    """Three documents, four events across two countries and two types."""
    store.add_document(
        make_doc("doc-1"),
        [
            make_event("ev-a", "doc-1", event_date="2024-03-04", assoc=["Unit-7 Brigade"]),
            make_event(
                "ev-b",
                "doc-1",
                event_type="Battles",
                sub_event_type="Armed clash",
                event_date="2024-02-28",
                actor2="Police Forces of Freedonia",
                sentence="Gunmen clashed with police near the old market (Souk-al-Qadim) last week.",
                reported_as="background",
            ),
        ],
    )
    store.add_document(
        make_doc("doc-2"),
        [
            make_event(
                "ev-c",
                "doc-2",
                event_type="Protests",
                sub_event_type="Peaceful protest",
                event_date="2024-04-10",
                country="Sylvania",
                iso3="SYL",
                actor1="Protesters (Sylvania)",
                actor2=None,
                sentence="Thousands of students marched through the capital on Wednesday.",
            ),
            make_event("ev-d", "doc-2", event_date=None, country=None, iso3=None, actor1=None),
        ],
    )
    store.add_document(make_doc("doc-3"), [])
    return store


def ids(store: SQLiteStore, **filters: object) -> list[str]:
    return [e.event_id for e in store.events(EventFilter(**filters))]  # type: ignore[arg-type]


# -- round trips ---------------------------------------------------------------


def test_an_event_with_every_field_set_comes_back_equal(store: SQLiteStore) -> None:
    earlier = make_event("ev-earlier", event_date="2024-03-01")
    event = full_event()
    assert store.add_document(make_doc(), [earlier, event]) is True
    back = store.get_event("ev-full")
    assert [(m.report_id, m.how) for m in back.merge] == [("ev-full", "anchor")]  # one source, its own event
    assert dataclasses.replace(back, merge=[]) == event
    assert [dataclasses.replace(e, merge=[]) for e in store.events()] == [earlier, event]


def test_a_link_to_an_event_that_is_not_stored_reads_back_as_none(store: SQLiteStore) -> None:
    store.add_document(make_doc(), [full_event()])  # it responds to "ev-earlier", never stored
    assert store.get_event("ev-full").responds_to is None


def test_document_metadata_and_text_come_back(store: SQLiteStore) -> None:
    doc = make_doc("doc-9")
    store.add_document(doc, [])
    assert store.has_document("doc-9")
    assert not store.has_document("doc-10")
    assert store.get_document("doc-9") == doc.metadata()
    assert list(store.documents()) == [doc.metadata()]


def test_unknown_ids_raise_not_found_naming_the_id(store: SQLiteStore) -> None:
    with pytest.raises(NotFoundError, match="no-such-event"):
        store.get_event("no-such-event")
    with pytest.raises(NotFoundError, match="no-such-doc"):
        store.get_document("no-such-doc")


def test_data_survives_closing_and_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with open_store(str(path)) as s:
        s.add_document(make_doc(), [make_event("ev-earlier"), full_event()])
    with open_store(settings=Settings(db=str(path))) as s:
        assert dataclasses.replace(s.get_event("ev-full"), merge=[]) == full_event()
        assert s.path == str(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- transactions -------------------------------------------------------------


def test_adding_the_same_document_again_writes_nothing(store: SQLiteStore) -> None:
    assert store.add_document(make_doc(), [make_event("ev-a")]) is True
    assert store.add_document(make_doc(), [make_event("ev-a"), make_event("ev-other")]) is False
    assert [e.event_id for e in store.events()] == ["ev-a"]
    assert store.stats()["documents"] == 1


def test_a_failure_mid_document_leaves_no_trace(store: SQLiteStore) -> None:
    store.add_document(make_doc("doc-ok"), [make_event("ev-ok", "doc-ok")])
    with pytest.raises(StoreError, match="doc-bad"):
        store.add_document(
            make_doc("doc-bad"), [make_event("ev-dup", "doc-bad"), make_event("ev-dup", "doc-bad")]
        )
    assert not store.has_document("doc-bad")
    assert [e.event_id for e in store.events()] == ["ev-ok"]
    assert store.count_events(EventFilter(text="rockets")) == 1  # no orphan evidence indexed
    # and the store still works afterwards
    assert store.add_document(make_doc("doc-bad"), [make_event("ev-dup", "doc-bad")]) is True


def test_reingesting_into_a_fresh_file_gives_identical_rows(tmp_path: Path) -> None:
    def dump(path: Path) -> list[tuple[object, ...]]:
        with sqlite3.connect(path) as raw:
            return [
                row
                for table in ("meta", "documents", "events", "evidence")
                for row in raw.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
            ]

    for name in ("a.db", "b.db"):
        with open_store(str(tmp_path / name)) as s:
            s.add_document(make_doc(), [full_event()])
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")


# -- filters --------------------------------------------------------------------


def test_events_are_ordered_by_date_with_unknown_dates_last(filled: SQLiteStore) -> None:
    assert ids(filled) == ["ev-b", "ev-a", "ev-c", "ev-d"]


def test_type_filters_are_exact_and_case_insensitive(filled: SQLiteStore) -> None:
    assert ids(filled, event_type="battles") == ["ev-b"]
    assert ids(filled, event_type="Battle") == []
    assert ids(filled, sub_event_type="PEACEFUL PROTEST") == ["ev-c"]


def test_country_matches_name_or_iso3(filled: SQLiteStore) -> None:
    assert ids(filled, country="sylvania") == ["ev-c"]
    assert ids(filled, country="SYL") == ["ev-c"]
    assert ids(filled, country="frd") == ["ev-b", "ev-a"]


def test_date_range_is_inclusive_and_accepts_months(filled: SQLiteStore) -> None:
    assert ids(filled, date_from="2024-02-28", date_to="2024-03-04") == ["ev-b", "ev-a"]
    assert ids(filled, date_from="2024-03-01") == ["ev-a", "ev-c"]
    assert ids(filled, date_to="2024-03") == ["ev-b", "ev-a"]
    with pytest.raises(StoreError, match="date_from.*04/03/2024"):
        ids(filled, date_from="04/03/2024")


def test_actor_is_a_substring_of_either_actor_or_an_associate(filled: SQLiteStore) -> None:
    assert ids(filled, actor="police") == ["ev-b"]
    assert ids(filled, actor="protesters") == ["ev-c"]
    assert ids(filled, actor="unit-7") == ["ev-a"]
    assert ids(filled, actor="nobody") == []


def test_text_searches_evidence_sentences(filled: SQLiteStore) -> None:
    assert ids(filled, text="students") == ["ev-c"]
    assert ids(filled, text="rocket") == ["ev-a", "ev-d"]  # stemmed: rockets
    assert ids(filled, text="gunmen police") == ["ev-b"]  # every word
    assert ids(filled, text="stud*") == ["ev-c"]


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "(Souk-al-Qadim)", "market: AND OR", "NEAR(", "*", "'; DROP TABLE events; --", "!!!", ""],
)
def test_punctuation_in_a_text_query_never_raises(filled: SQLiteStore, query: str) -> None:
    found = ids(filled, text=query)
    assert set(found) <= {"ev-b"}
    assert filled.count_events(EventFilter(text=query)) == len(found)
    assert filled.count_events() == 4


def test_text_search_ignores_diacritics_on_both_backends(store: SQLiteStore) -> None:
    store.add_document(
        make_doc("doc-accents"),
        [
            make_event(
                "ev-e", "doc-accents", sentence="Gunmen attacked the cattle market of Kaboré-Ségou at dawn."
            )
        ],
    )
    assert ids(store, text="Kabore-Segou") == ["ev-e"]
    assert ids(store, text="ségou") == ["ev-e"]
    assert ids(store, text="segou cattle") == ["ev-e"]


def test_hyphenated_words_match(filled: SQLiteStore) -> None:
    assert ids(filled, text="Souk-al-Qadim") == ["ev-b"]


def test_reported_as_limit_offset_and_count(filled: SQLiteStore) -> None:
    assert ids(filled, reported_as="background") == ["ev-b"]
    assert ids(filled, limit=2) == ["ev-b", "ev-a"]
    assert ids(filled, limit=2, offset=2) == ["ev-c", "ev-d"]
    assert filled.count_events(EventFilter(country="FRD", limit=1)) == 2  # limit ignored
    with pytest.raises(StoreError, match="limit"):
        ids(filled, limit=-1)


def test_a_bounding_box_keeps_events_inside_it(store: SQLiteStore) -> None:
    near = make_event("ev-near")
    near.latitude, near.longitude = 10.5, 20.5
    far = make_event("ev-far", event_date="2024-03-05")
    far.latitude, far.longitude = -30.0, 170.0
    store.add_document(make_doc("doc-1"), [near, far, make_event("ev-nowhere", event_date="2024-03-06")])
    assert ids(store, bbox=(20.0, 10.0, 21.0, 11.0)) == ["ev-near"]
    assert ids(store, bbox=(160.0, -40.0, -170.0, 0.0)) == ["ev-far"]  # across the antimeridian
    assert ids(store, bbox=(0.0, 0.0, 1.0, 1.0)) == []


def test_a_cursor_pages_through_events_in_order(filled: SQLiteStore) -> None:
    everything = ids(filled)
    seen: list[str] = []
    after = None
    while True:
        page = list(filled.events(EventFilter(after=after, limit=1)))
        if not page:
            break
        seen.append(page[0].event_id)
        after = (page[0].event_date, page[0].event_id)
    assert seen == everything  # dated events first, then the undated one


def test_filters_combine(filled: SQLiteStore) -> None:
    assert ids(filled, country="FRD", event_type="Explosions/Remote violence", date_from="2024-01-01") == [
        "ev-a"
    ]


def test_stats_count_by_type_and_country(filled: SQLiteStore) -> None:
    stats = filled.stats()
    assert stats["documents"] == 3
    assert stats["events"] == 4
    assert stats["by_type"] == {"Explosions/Remote violence": 2, "Battles": 1, "Protests": 1}
    assert stats["by_country"] == {"Freedonia": 2, "Sylvania": 1, "unknown": 1}
    assert {"event_type": "Battles", "country": "Freedonia", "events": 1, "new": 0, "background": 1} in stats[
        "by_type_country"
    ]
    assert (stats["date_min"], stats["date_max"]) == ("2024-02-28", "2024-04-10")


def test_an_empty_store_has_empty_stats(store: SQLiteStore) -> None:
    assert store.stats() == {
        "documents": 0,
        "events": 0,
        "by_type": {},
        "by_country": {},
        "by_type_country": [],
        "date_min": None,
        "date_max": None,
        "tallies": 0,
    }


# -- refusals ---------------------------------------------------------------------


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaVersionError) as info:
        open_store(str(path))
    assert str(info.value) == (
        f"{path}: database schema version {SCHEMA_VERSION + 1} is newer than this eventwire "
        f"supports ({SCHEMA_VERSION}); upgrade eventwire"
    )


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    with pytest.raises(StoreError, match=r"notes\.db: not an SQLite database"):
        open_store(str(path))
    assert path.read_text() == "these are my notes, not a database\n"


def test_an_sqlite_file_of_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StoreError, match=r"other\.db: not an eventwire database"):
        open_store(str(path))


def test_a_missing_directory_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such"
    with pytest.raises(StoreError) as info:
        open_store(str(missing / "events.db"))
    assert str(info.value) == f"{missing / 'events.db'}: directory {missing} does not exist"
    assert not missing.exists()


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with open_store(str(path)) as s:
        assert s.add_document(make_doc(), []) is True


def test_a_failing_evidence_row_rolls_back_the_events_before_it(store: SQLiteStore) -> None:
    broken = make_event("ev-2")
    broken.sources[0].sentence = None  # type: ignore[assignment]
    with pytest.raises(StoreError, match="(?i)doc-1.*not.null"):
        store.add_document(make_doc(), [make_event("ev-1"), broken])
    assert not store.has_document("doc-1")
    assert store.count_events() == 0


def test_an_older_schema_is_upgraded_by_the_migration_hook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.db"
    with open_store(str(path)) as s:
        s.add_document(make_doc(), [make_event("ev-a")])
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")

    def add_notes(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE notes (event_id TEXT, note TEXT)")

    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1, add_notes)
    with open_store(str(path)) as s:
        assert [e.event_id for e in s.events()] == ["ev-a"]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("SELECT count(*) FROM notes").fetchone()[0] == 0


def test_an_older_schema_without_a_migration_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "events.db"
    open_store(str(path)).close()
    monkeypatch.delitem(migrations.MIGRATIONS, SCHEMA_VERSION - 1)
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    with pytest.raises(
        SchemaVersionError, match=f"no migration from database schema version {SCHEMA_VERSION - 1}"
    ):
        open_store(str(path))


def test_a_closed_store_raises_store_error(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "events.db"))
    store.close()
    with pytest.raises(StoreError, match="events.db"):
        list(store.events())


def test_events_without_details_skip_sources_claims_and_notes(filled: SQLiteStore) -> None:
    light = list(filled.events(details=False))
    full = list(filled.events())
    assert [e.event_id for e in light] == [e.event_id for e in full]
    assert all(e.sources == [] and e.claims == [] and e.merge == [] for e in light)
    assert [dataclasses.replace(e, sources=[], claims=[], merge=[]) for e in full] == light
