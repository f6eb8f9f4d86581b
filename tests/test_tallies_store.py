"""Tallies and claims in the store: written with their document in one transaction, read back equal."""

from __future__ import annotations

import dataclasses

import pytest

from eventwire import Pipeline, extract
from eventwire.errors import NotFoundError, StoreError
from eventwire.model import Claim, Document, Event, Evidence, Range, Tally
from eventwire.store import SQLiteStore, TallyFilter, open_store
from store_rows import count

TEXT = (
    "Rebels shelled the Fort Amber garrison on Friday, killing four soldiers, an army spokeswoman said. "
    "The garrison has been attacked 14 times since May 2, including 9 times in North Province "
    "and 5 times in South Province, not counting Friday's shelling."
)
FIRST = TEXT.index("Rebels")
SECOND = TEXT.index("The garrison")


def make_tally(document_id: str = "doc-1", n: int = 0, **changes: object) -> Tally:
    fields: dict[str, object] = {
        "tally_id": f"{document_id}#t{n}",
        "metric": "attacks",
        "subject": "the Fort Amber garrison",
        "value": Range(14, 14, 14),
        "qualifier": None,
        "period_start": "2024-05-02",
        "period_end": "2024-06-01",
        "breakdown": [{"place": "North Province", "value": 9}, {"place": "South Province", "value": 5}],
        "excludes": "Friday's shelling",
        "speaker": "Ana Costa",
        "speaker_title": "army spokeswoman",
        "organisation": "Army of Freedonia",
        "document_id": document_id,
        "sentence": TEXT[SECOND:],
        "char_start": SECOND,
        "char_end": len(TEXT),
        "outlet": "Example Wire",
        "published": "2024-06-01",
    }
    fields.update(changes)
    return Tally(**fields)  # type: ignore[arg-type]


def make_event(event_id: str = "ev-1", document_id: str = "doc-1") -> Event:
    sentence = TEXT[FIRST:SECOND].strip()
    return Event(
        event_id=event_id,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        event_date="2024-05-31",
        time_precision=1,
        date_prec=1,
        sources=[Evidence(document_id, "Example Wire", None, "2024-06-01", sentence, 0, len(sentence))],
        claims=[
            Claim(
                kind="figure",
                document_id=document_id,
                sentence=sentence,
                char_start=0,
                char_end=len(sentence),
                metric="killed",
                value=Range(4, 4, 4),
                speaker_title="army spokeswoman",
                outlet="Example Wire",
                said_on="2024-05-31",
                published="2024-06-01",
            ),
            Claim(
                kind="responsibility",
                document_id=document_id,
                sentence=sentence,
                char_start=0,
                char_end=len(sentence),
                stance="claimed",
                actor="Rebels (Freedonia)",
            ),
        ],
    )


def make_doc(document_id: str = "doc-1", tallies: list[Tally] | None = None) -> Document:
    return Document(document_id, TEXT, published="2024-06-01", outlet="Example Wire", tallies=tallies or [])


@pytest.fixture
def store(db_url: str):
    with open_store(db_url) as s:
        yield s


def test_a_document_stores_its_tallies_and_its_events_claims(store: SQLiteStore) -> None:
    tally = make_tally()
    assert store.add_document(make_doc(tallies=[tally]), [make_event()])
    assert store.tally("doc-1#t0") == tally
    assert list(store.tallies()) == [tally]
    event = store.get_event("ev-1")
    assert dataclasses.replace(event, merge=[]) == make_event()
    assert event.date_prec == 1
    assert [(c.kind, c.stance) for c in event.claims] == [
        ("figure", "asserted"),
        ("responsibility", "claimed"),
    ]
    # a responsibility claim has no value, and reads back without one
    assert event.claims[1].value is None
    assert store.stats()["tallies"] == 1


def test_storing_the_same_document_again_adds_no_duplicate(store: SQLiteStore) -> None:
    assert store.add_document(make_doc(tallies=[make_tally()]), [make_event()])
    assert not store.add_document(make_doc(tallies=[make_tally()]), [make_event()])
    assert count(store.path, "tallies") == 1
    assert count(store.path, "claims") == 2


def test_a_document_that_fails_half_way_leaves_no_tally_and_no_claim(store: SQLiteStore) -> None:
    # a tally without its sentence breaks a NOT NULL rule after the events and claims were written
    broken = make_doc("doc-2", tallies=[make_tally("doc-2", sentence=None)])
    with pytest.raises(StoreError, match="doc-2"):
        store.add_document(broken, [make_event("ev-2", "doc-2")])
    assert not store.has_document("doc-2")
    assert (count(store.path, "events"), count(store.path, "claims"), count(store.path, "tallies")) == (
        0,
        0,
        0,
    )


def test_a_tally_id_met_twice_in_one_document_keeps_its_first_record(store: SQLiteStore) -> None:
    first, again = make_tally("doc-3"), make_tally("doc-3", value=Range(9, 9, 9))
    assert store.add_document(make_doc("doc-3", [first, again]), [])
    assert list(store.tallies()) == [first]


def test_an_unknown_tally_id_is_not_found_and_named(store: SQLiteStore) -> None:
    with pytest.raises(NotFoundError, match="'tl-nothing' is not in the store"):
        store.tally("tl-nothing")


def test_an_empty_store_lists_no_tally(store: SQLiteStore) -> None:
    assert list(store.tallies()) == []
    assert list(store.tallies(TallyFilter(metric="killed", date_from="2024-01-01"))) == []


def test_tallies_filter_by_metric_document_and_overlapping_period(store: SQLiteStore) -> None:
    may = make_tally("doc-1", 0)  # 2024-05-02 .. 2024-06-01
    killed = make_tally("doc-1", 1, metric="killed", period_start=None, period_end="2024-03-10")
    undated_end = make_tally(
        "doc-2", 0, period_start="2024-07-01", period_end=None, published="2024-07-20T08:00Z"
    )
    store.add_document(make_doc("doc-1", [may, killed]), [])
    store.add_document(make_doc("doc-2", [undated_end]), [])

    def ids(**filters: object) -> list[str]:
        return [t.tally_id for t in store.tallies(TallyFilter(**filters))]  # type: ignore[arg-type]

    # ordered by the end of the period: a missing end is the publication day
    assert ids() == ["doc-1#t1", "doc-1#t0", "doc-2#t0"]
    assert ids(metric="KILLED") == ["doc-1#t1"]
    assert ids(document_id="doc-2") == ["doc-2#t0"]
    assert ids(date_from="2024-05-20", date_to="2024-05-25") == ["doc-1#t0"]  # inside the May period
    assert ids(date_from="2024-07-15") == ["doc-2#t0"]  # runs until its publication day
    assert ids(date_to="2024-04-30") == ["doc-1#t1"]  # no start: open towards the past
    assert ids(date_to="2024-05") == ["doc-1#t1", "doc-1#t0"]  # a month includes its days
    assert ids(limit=1) == ["doc-1#t1"]


def test_a_malformed_filter_date_is_refused_with_its_name(store: SQLiteStore) -> None:
    with pytest.raises(StoreError, match="date_from"):
        list(store.tallies(TallyFilter(date_from="yesterday")))


def test_a_document_from_the_real_pipeline_keeps_its_tallies_and_events(
    pipeline: Pipeline, store: SQLiteStore
) -> None:
    doc = extract(
        TEXT, published="2024-06-01", outlet="Example Wire", document_id="real-1", pipeline=pipeline
    )
    # whatever the tallies stage found, the store keeps exactly the document's list
    doc.tallies = [*doc.tallies, make_tally("real-1", 99)]
    assert doc.events
    assert store.add_document(doc, doc.events)
    stored = list(store.tallies(TallyFilter(document_id="real-1")))
    assert {t.tally_id for t in stored} == {t.tally_id for t in doc.tallies}
    first: dict[str, Tally] = {}
    for tally in doc.tallies:
        first.setdefault(tally.tally_id, tally)
    for tally_id, tally in first.items():
        assert store.tally(tally_id) == tally
    for event in doc.events:
        assert dataclasses.replace(store.get_event(event.event_id), merge=[]) == event
