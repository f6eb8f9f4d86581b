"""Merged events in the store: reports of one incident become one event, in any order,
explained, and correctable by hand in a way later ingests respect."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire import Pipeline, ingest
from eventwire.cli import app
from eventwire.errors import MergeError, NotFoundError, StoreError
from eventwire.model import Event, Range
from eventwire.store import EventFilter, SQLiteStore, merging, open_store
from merge_helpers import HILL, document, report


def corpus() -> list[tuple[str, str, list[Event]]]:
    """Six documents: a shelling told by three outlets (figures updated), a shelling of
    Hill Town the same day, and the next day's strike on Harbour Town's water works."""
    return [
        ("wire", "2024-03-04", [report("w1", "wire", killed=3, published="2024-03-04")]),
        (
            "radio",
            "2024-03-05",
            [
                report(
                    "r1",
                    "radio",
                    killed=5,
                    published="2024-03-05",
                    sentence="The toll from the shelling of the Harbour Town fish market rose to five.",
                )
            ],
        ),
        (
            "paper",
            "2024-03-06",
            [
                report(
                    "p1",
                    "paper",
                    killed=6,
                    published="2024-03-06",
                    sentence="Stalls of the fish market in Harbour Town still smouldered after the rebel shelling.",
                )
            ],
        ),
        ("hill", "2024-03-05", [report("h1", "hill", point=HILL, place="Hill Town", published="2024-03-05")]),
        (
            "works",
            "2024-03-06",
            [
                report(
                    "x1",
                    "works",
                    day="2024-03-05",
                    published="2024-03-06",
                    sentence="A shell struck the water works of Harbour Town, cutting supplies to the east.",
                )
            ],
        ),
    ]


def fill(store: SQLiteStore, order: list[int] | None = None) -> None:
    docs = corpus()
    for i in order or range(len(docs)):
        doc_id, published, events = docs[i]
        assert store.add_document(document(doc_id, published), events)


def snapshot(store: SQLiteStore) -> list[tuple[object, ...]]:
    """What a reader sees: each event's id, sources and resolved fields."""
    return [
        (
            e.event_id,
            tuple(m.document_id for m in e.merge),
            e.sub_event_type,
            e.event_date,
            e.location,
            e.fatalities,
            tuple(s.document_id for s in e.sources),
        )
        for e in store.events()
    ]


@pytest.fixture
def store(db_url: str) -> SQLiteStore:
    with open_store(db_url) as s:
        yield s


def test_three_outlets_make_one_event_and_near_misses_stay_apart(store: SQLiteStore) -> None:
    fill(store)
    by_docs = {tuple(sorted(m.document_id for m in e.merge)): e for e in store.events()}
    assert set(by_docs) == {("paper", "radio", "wire"), ("hill",), ("works",)}
    shelling = by_docs["paper", "radio", "wire"]
    assert shelling.event_id == "w1"
    assert shelling.fatalities == Range(3, 6, 6)  # the latest attributed figure is best
    assert [s.document_id for s in shelling.sources] == ["wire", "radio", "paper"]
    assert store.stats()["events"] == 3 and store.stats()["documents"] == 5


def test_any_order_of_ingestion_gives_the_same_events(new_db: Any) -> None:
    with open_store(new_db("all.db")) as store:
        fill(store)
        expected = snapshot(store)
    for seed in range(6):
        order = list(range(len(corpus())))
        random.Random(seed).shuffle(order)
        with open_store(new_db(f"order-{seed}.db")) as store:
            fill(store, order)
            assert snapshot(store) == expected, order


def test_show_explains_each_merged_document_with_its_scores(db_url: str) -> None:
    db = db_url
    with open_store(db) as store:
        fill(store)
    result = CliRunner().invoke(app, ["show", "w1", "--db", db])
    assert result.exit_code == 0, result.output
    assert "reports (3 document(s) merged)" in result.output
    assert "wire (Outlet wire, 2024-03-04): first report" in result.output
    assert (
        "paper (Outlet paper, 2024-03-06): matched w1 (wire) at 0.985: type 1, date 1, place 1"
        in result.output
    )
    assert "date 1" in result.output and "place 1" in result.output
    assert (
        "its own version: Shelling/artillery/missile attack, 2024-03-04, Harbour Town, killed 5"
        in result.output
    )


def test_an_id_merged_away_still_opens_its_event(store: SQLiteStore) -> None:
    fill(store)
    assert store.get_event("p1").event_id == "w1"
    assert [e.event_id for e in store.reports("w1")] == ["w1", "r1", "p1"]
    assert store.reports("w1")[1].fatalities.best == 5  # each source's own version
    with pytest.raises(NotFoundError):
        store.get_event("nope")


def test_document_filter_and_text_search_find_the_merged_event(store: SQLiteStore) -> None:
    fill(store)
    assert [e.event_id for e in store.events(EventFilter(document_id="paper"))] == ["w1"]
    assert [e.event_id for e in store.events(EventFilter(text="smouldered"))] == ["w1"]


# -- corrections --------------------------------------------------------------------


def test_a_split_survives_later_documents_about_the_same_incident(store: SQLiteStore) -> None:
    fill(store)
    parts = store.split_event("w1", ["paper"])
    assert sorted(tuple(m.document_id for m in e.merge) for e in parts) == [("paper",), ("wire", "radio")]
    late = report("l1", "late", killed=6, published="2024-03-07")
    store.add_document(document("late", "2024-03-07"), [late])
    groups = sorted(tuple(sorted(m.document_id for m in e.merge)) for e in store.events())
    assert ("paper", "radio", "wire") not in groups and ("paper", "late", "radio", "wire") not in groups
    assert any("late" in g for g in groups)
    # and a rerun of the same documents changes nothing
    before = snapshot(store)
    assert not store.add_document(document("paper", "2024-03-06"), [])
    assert snapshot(store) == before


def test_a_manual_merge_survives_later_documents(store: SQLiteStore) -> None:
    fill(store)
    merged = store.merge_events(["w1", "x1"])  # the analyst says the water works strike is the same
    assert sorted(m.document_id for m in merged.merge) == ["paper", "radio", "wire", "works"]
    assert [m.how for m in merged.merge].count("manual") >= 1
    store.add_document(
        document("more", "2024-03-06"), [report("m1", "more", day="2024-03-05", published="2024-03-06")]
    )
    event = store.get_event("x1")
    assert {"wire", "works"} <= {m.document_id for m in event.merge}


def test_a_manual_merge_of_incompatible_events_needs_force(store: SQLiteStore) -> None:
    fill(store)
    store.add_document(document("demo"), [report("d1", "demo", sub="Peaceful protest", point=HILL)])
    with pytest.raises(
        MergeError, match=r"w1 / d1: unrelated kinds of event .*places 140 km apart \(force the merge"
    ):
        store.merge_events(["w1", "d1"])
    assert store.get_event("d1").event_id == "d1"  # nothing changed
    merged = store.merge_events(["w1", "d1"], force=True)
    assert {m.document_id for m in merged.merge} == {"wire", "radio", "paper", "demo"}
    assert merged.sub_event_type == "Shelling/artillery/missile attack"  # the most supported type


def test_corrections_that_cannot_be_done_say_why(store: SQLiteStore) -> None:
    fill(store)
    with pytest.raises(MergeError, match="h1 has a single source .hill.; nothing to split"):
        store.split_event("h1")
    with pytest.raises(MergeError, match="w1 has no report from nowhere"):
        store.split_event("w1", ["nowhere"])
    with pytest.raises(MergeError, match="would leave nothing behind"):
        store.split_event("w1", ["wire", "radio", "paper"])
    with pytest.raises(MergeError, match="two or more different events"):
        store.merge_events(["w1", "r1"])  # two ids of one event
    with pytest.raises(NotFoundError):
        store.merge_events(["w1", "missing"])


def test_split_without_documents_gives_every_source_its_own_event(store: SQLiteStore) -> None:
    fill(store)
    parts = store.split_event("w1")
    assert sorted(e.event_id for e in parts) == ["p1", "r1", "w1"]


def test_merge_and_split_from_the_command_line(db_url: str) -> None:
    db = db_url
    with open_store(db) as store:
        fill(store)
    runner = CliRunner()
    result = runner.invoke(app, ["split", "w1", "--document", "radio", "--db", db])
    assert result.exit_code == 0, result.output
    assert "split w1 into 2 events" in result.output
    result = runner.invoke(app, ["merge", "w1", "r1", "--db", db])
    assert result.exit_code == 0, result.output
    assert "merged into w1 (3 reports)" in result.output
    result = runner.invoke(app, ["split", "h1", "--db", db])
    assert result.exit_code == 2
    assert "error: event h1 has a single source" in result.output


# -- links and bad input -------------------------------------------------------------------


def test_a_response_links_to_the_stored_event_its_background_mention_merged_into(store: SQLiteStore) -> None:
    fill(store)
    recalled = report("q0", "reply", reported_as="background", published="2024-03-08")
    answer = report(
        "q1",
        "reply",
        sub="Air/drone strike",
        day="2024-03-07",
        point=HILL,
        place="Hill Town",
        responds_to="q0",
        published="2024-03-08",
        sentence="In retaliation for the market shelling, drones struck a rebel depot near Hill Town.",
    )
    store.add_document(document("reply", "2024-03-08"), [recalled, answer])
    assert store.get_event("q1").responds_to == "w1"  # the recalled shelling is the stored event
    assert "reply" in {m.document_id for m in store.get_event("w1").merge}
    assert [e.event_id for e in store.events(EventFilter(responds_to="w1"))] == ["q1"]


def test_reports_without_date_or_place_are_stored_on_their_own(store: SQLiteStore) -> None:
    fill(store)
    store.add_document(document("undated"), [report("u1", "undated", day=None)])
    store.add_document(document("nowhere"), [report("n1", "nowhere", point=None, place=None, country=None)])
    assert [m.document_id for m in store.get_event("u1").merge] == ["undated"]
    assert [m.document_id for m in store.get_event("n1").merge] == ["nowhere"]


def test_a_failure_while_merging_leaves_no_trace_of_the_document(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store)
    before = snapshot(store)

    def broken(*args: object, **kwargs: object) -> None:
        raise store.DRIVER_ERRORS[0]("disk full")  # what the database driver raises

    monkeypatch.setattr(merging, "regroup", broken)
    with pytest.raises(StoreError, match="cannot store document 'late'.*disk full"):
        store.add_document(document("late", "2024-03-07"), [report("l1", "late", published="2024-03-07")])
    assert not store.has_document("late")
    assert snapshot(store) == before
    monkeypatch.undo()
    assert store.add_document(document("late", "2024-03-07"), [report("l1", "late", published="2024-03-07")])
    assert "late" in {m.document_id for m in store.get_event("w1").merge}


# -- the real pipeline ------------------------------------------------------------------

TINY = Path(__file__).parent / "fixtures" / "merge_tiny" / "articles"


def test_real_articles_merge_the_same_one_by_one_in_any_order_or_all_at_once(
    pipeline: Pipeline, new_db: Any
) -> None:
    files = sorted(str(p) for p in TINY.glob("*.json"))
    with open_store(new_db("batch.db")) as store:
        assert ingest(files, store, pipeline=pipeline).documents_added == len(files)
        expected = snapshot(store)
        merged = [e for e in store.events() if len(e.merge) > 1]
    assert merged, "the tiny set has incidents told by several articles"
    for seed in (1, 2):
        order = files[:]
        random.Random(seed).shuffle(order)
        with open_store(new_db(f"one-by-one-{seed}.db")) as store:
            for path in order:
                ingest([path], store, pipeline=pipeline)
            assert snapshot(store) == expected, order
