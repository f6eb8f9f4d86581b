"""A hot spot (many reports of one place and day) costs each new report the same, however
many came before: bounded candidates, no regrouping of the whole component, bounded samples."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from eventwire.merge import Link, MergeConfig, Report, compare, filing_keys
from eventwire.merge.incremental import MAX_NOTES, REPRESENTATIVES, SMALL_COMPONENT, grown_event
from eventwire.model import Document, Event, Range
from eventwire.store import SQLiteStore, merging, open_store
from eventwire.store.base import SCHEMA_VERSION
from merge_helpers import document, report

TARGETS = ["fish market", "quay", "grain depot", "bus station", "school", "clinic"]


def add_hot(store: SQLiteStore, i: int) -> None:
    """The i-th report of one shelling of Harbour Town, told with small variations."""
    hour = 6 + i % 12
    sentence = (
        f"Rebel guns shelled the {TARGETS[i % len(TARGETS)]} of Harbour Town; "
        f"report {i} of the fish market shelling."
    )
    published = f"2024-03-05T{hour:02d}:{i % 60:02d}"
    doc_id = f"hot{i:04d}"
    event = report(f"{doc_id}#e1", doc_id, killed=3 + i % 2, published=published, sentence=sentence)
    doc: Document = document(doc_id, published)
    assert store.add_document(doc, [event])


def work_of_next(path: str, n: int) -> Counter[str]:
    """What merging loads, scores and regroups to add report n + 1 after n of one hot spot."""
    with open_store(path) as store:
        for i in range(n):
            add_hot(store, i)
        before = Counter(merging.WORK)
        add_hot(store, n)
        work = Counter(merging.WORK)
        work.subtract(before)
        event = store.get_event(f"hot{n:04d}#e1")
        # the new report joined the big event (it did not stay apart)
        assert event.event_id != f"hot{n:04d}#e1"
        assert f"hot{n:04d}" in {s.document_id for s in event.sources}
    return work


def test_adding_a_report_to_a_hot_spot_costs_the_same_after_100_or_300_reports(new_db: Any) -> None:
    small = work_of_next(new_db("n100.db"), 100)
    large = work_of_next(new_db("n300.db"), 300)
    assert small == large
    # candidates and samples are a few events' representatives, nothing is regrouped whole
    assert large["regrouped"] == 0
    assert 0 < large["loaded"] <= 3 * REPRESENTATIVES
    assert 0 < large["scored"] <= 3 * REPRESENTATIVES


def test_a_hot_spot_event_keeps_every_source_and_files_only_its_representatives(tmp_path: Path) -> None:
    path = tmp_path / "hot.db"
    n = SMALL_COMPONENT + 40
    with open_store(str(path)) as store:
        for i in range(n):
            add_hot(store, i)
        [event] = list(store.events())
        assert event.event_id == "hot0000#e1"  # the earliest report stays the anchor
        assert len(event.sources) == n and len(event.merge) == min(n, MAX_NOTES)
        assert event.fatalities.low == 3 and event.fatalities.high == 4
        assert [m.how for m in event.merge[:2]] == ["anchor", "auto"]
    with sqlite3.connect(path) as raw:
        reps = raw.execute("SELECT count(*) FROM reports WHERE rep = 1").fetchone()[0]
        filed = raw.execute("SELECT count(DISTINCT report_id) FROM report_keys").fetchone()[0]
    assert reps == filed == REPRESENTATIVES


def test_a_split_at_a_hot_spot_survives_later_reports(new_db: Any) -> None:
    with open_store(new_db("split.db")) as store:
        for i in range(SMALL_COMPONENT + 10):
            add_hot(store, i)
        [event] = list(store.events())
        parts = store.split_event(event.event_id, ["hot0001"])
        assert sorted(len(p.sources) for p in parts) == [1, SMALL_COMPONENT + 9]
        for i in range(SMALL_COMPONENT + 10, SMALL_COMPONENT + 30):
            add_hot(store, i)
        # later reports may join either part, but the two parts never become one again
        apart = {s.document_id for s in store.get_event("hot0001#e1").sources}
        rest = {s.document_id for s in store.get_event("hot0000#e1").sources}
        assert "hot0001" in apart and not apart & {f"hot{i:04d}" for i in range(SMALL_COMPONENT + 10)} - {
            "hot0001"
        }
        assert "hot0000" in rest and "hot0001" not in rest
        assert len(apart | rest) == SMALL_COMPONENT + 30 and store.count_events() == 2


def test_growing_an_event_keeps_its_range_and_the_more_precise_place() -> None:
    first = Report(report("a", "a", killed=2, published="2024-03-04"), "a", "2024-03-04")
    later = Report(report("b", "b", killed=9, published="2024-03-06"), "b", "2024-03-06")
    stored = report("a", "a", killed=2, published="2024-03-04", geo_precision=1)
    stored.fatalities = Range(1, 2, 2)  # an earlier, unsampled member said 1
    coarse = Report(report("c", "c", killed=5, geo_precision=2, published="2024-03-07"), "c", "2024-03-07")
    link = Link("c", "a", compare(coarse, first, MergeConfig()), "auto")
    grown = grown_event(stored, [first, later], coarse, link)
    assert grown.event_id == "a"
    assert (grown.fatalities.low, grown.fatalities.high) == (1, 9)
    assert grown.geo_precision == 1
    assert [m.report_id for m in grown.merge] == ["c"]  # appended to the (here empty) stored notes
    assert grown.merge[0].joined == "a"


def test_a_version_four_file_files_only_representatives_after_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    n = REPRESENTATIVES + 4
    with open_store(str(path)) as store:
        for i in range(n):
            add_hot(store, i)
        [before] = list(store.events())
    # as schema 4 kept it: no representative mark, every report filed under its keys
    with sqlite3.connect(path) as raw:
        raw.execute("DROP INDEX reports_event_rep")
        raw.execute("ALTER TABLE reports DROP COLUMN rep")
        rows = raw.execute("SELECT report_id, document_id, published, data FROM reports").fetchall()
        keys = [
            (key, rid)
            for rid, doc, published, data in rows
            for key in filing_keys(Report(Event.from_dict(json.loads(data)), doc, published))
        ]
        raw.executemany("INSERT OR IGNORE INTO report_keys(key, report_id) VALUES (?, ?)", keys)
        raw.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
        raw.execute("PRAGMA user_version = 4")
        assert raw.execute("SELECT count(DISTINCT report_id) FROM report_keys").fetchone()[0] == n
    with open_store(str(path)) as store:
        [after] = list(store.events())
        assert [m.report_id for m in after.merge] == [m.report_id for m in before.merge]
        add_hot(store, n)
        assert len(store.get_event(after.event_id).sources) == n + 1
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert (
            raw.execute("SELECT count(DISTINCT report_id) FROM report_keys").fetchone()[0] == REPRESENTATIVES
        )
        assert raw.execute("SELECT count(*) FROM reports WHERE rep = 1").fetchone()[0] == REPRESENTATIVES


def test_an_event_past_its_merge_notes_still_lists_and_splits_every_report(new_db: Any) -> None:
    n = MAX_NOTES + 14
    with open_store(new_db("many.db")) as store:
        for i in range(n):
            add_hot(store, i)
        [event] = list(store.events())
        assert len(event.merge) == MAX_NOTES < n == len(event.sources)
        reports = store.reports(event.event_id)
        assert len(reports) == n and {r.event_id for r in reports} == {f"hot{i:04d}#e1" for i in range(n)}
        last = f"hot{n - 1:04d}"  # a report with no merge note of its own
        parts = store.split_event(event.event_id, [last])
        assert sorted(len(p.sources) for p in parts) == [1, n - 1]
        assert [s.document_id for p in parts if len(p.sources) == 1 for s in p.sources] == [last]


CROWD = [
    (
        "Attack",
        "Gunmen of the Red Hand",
        "Gunmen of the Red Hand shot dead farmers tending millet outside Harbour Town.",
    ),
    (
        "Armed clash",
        "Coast Guard Militia",
        "Coast Guard Militia fighters fought soldiers for hours at the northern toll gate.",
    ),
    (
        "Abduction/forced disappearance",
        "Salt Road Brigade",
        "Salt Road Brigade men seized six lorry drivers at the cement works.",
    ),
    (
        "Remote explosive/landmine/IED",
        "Unknown assailants",
        "A roadside bomb tore through a minibus on the airport road at dawn.",
    ),
    (
        "Air/drone strike",
        "Air Force of Freedonia",
        "Warplanes bombed a warehouse of tinned fish beside the railway sidings.",
    ),
    (
        "Grenade",
        "Youth of the Dunes",
        "Someone hurled a grenade into a crowded tea shop near the bus terminal.",
    ),
    (
        "Suicide bomb",
        "Dune Emirate",
        "A bomber blew himself up at the gate of the customs office after noon prayers.",
    ),
    (
        "Sexual violence",
        "Border Patrol Unit",
        "Guards raped two women held at the lagoon checkpoint, a nurse said.",
    ),
    ("Chemical weapon", "Hill Army", "Chlorine canisters burst over trenches dug along the dry riverbed."),
    (
        "Shelling/artillery/missile attack",
        "Rebels of the Coast",
        "Mortar rounds fell on the lighthouse quarter, flattening a school kitchen.",
    ),
]


def test_a_crowded_key_still_offers_every_event_as_a_candidate(new_db: Any) -> None:
    """More distinct events under one blocking key than its reading cap holds (10 events of 8
    reports; 64 read per key): a new report of the last one still finds it."""
    with open_store(new_db("crowd.db")) as store:
        for e, (sub, actor, sentence) in enumerate(CROWD):
            for k in range(REPRESENTATIVES):
                doc_id = f"c{e}{k}"
                event = report(
                    f"{doc_id}#e1", doc_id, sub=sub, actor1=actor, actor2=None, weapon=None, sentence=sentence
                )
                assert store.add_document(document(doc_id, "2024-03-05"), [event])
        assert len(list(store.events())) == len(CROWD)
        sub, actor, sentence = CROWD[-1]
        late = report(
            "z-late#e1", "z-late", sub=sub, actor1=actor, actor2=None, weapon=None, sentence=sentence
        )
        assert store.add_document(document("z-late", "2024-03-06"), [late])
        joined = store.get_event("z-late#e1")
        assert joined.event_id == f"c{len(CROWD) - 1}0#e1"
        assert len(joined.sources) == REPRESENTATIVES + 1
