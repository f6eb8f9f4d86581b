"""The Python API: everything the CLI does, from a script."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import eventwire
from eventwire import Pipeline, event_filter, export_events, extract, ingest, open_store

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def test_the_public_api_is_small_and_importable_without_loading_a_model() -> None:
    assert "Pipeline" in eventwire.__all__ and "ingest" in eventwire.__all__
    for name in eventwire.__all__:
        assert hasattr(eventwire, name), name


def test_extract_runs_the_pipeline_on_one_text(pipeline: Pipeline) -> None:
    doc = extract(
        "Police fired tear gas at protesters in Lahore on Sunday.",
        published="2024-07-08",
        outlet="Test Desk",
        pipeline=pipeline,
    )
    assert [e.event_type for e in doc.events] == ["Protests"]
    assert doc.events[0].sources[0].outlet == "Test Desk"


def test_ingest_query_and_export_from_python(pipeline: Pipeline, db_url: str) -> None:
    with open_store(db_url) as store:
        report = ingest([str(FIXTURES)], store, pipeline=pipeline)
        assert report.documents_added == 3 and not report.failures
        iraq = list(store.events(event_filter(country="Iraq", reported_as="new")))
        assert len(iraq) == 2
        out = io.StringIO()
        assert export_events(iraq, "jsonl", out) == 2
        assert {json.loads(line)["country"] for line in out.getvalue().splitlines()} == {"Iraq"}
        again = ingest([str(FIXTURES)], store, pipeline=pipeline)
        assert again.documents_added == 0 and again.documents_skipped == 3


def test_tally_filters_are_checked_before_any_query() -> None:
    from eventwire import QueryError, tally_filter

    assert tally_filter(metric="killed", date_from="2024-01-01").date_from == "2024-01-01"
    with pytest.raises(QueryError, match="from: '2024-02-30' is not a date"):
        tally_filter(date_from="2024-02-30")
    with pytest.raises(QueryError, match="from 2024-03-01 is after to 2024-02-01"):
        tally_filter(date_from="2024-03-01", date_to="2024-02-01")


def test_a_tally_can_be_reconciled_from_python(db_url: str) -> None:
    from eventwire import Document, Range, Tally, reconcile_tally

    tally = Tally("tl-1", "attacks", None, Range(3, 3, 3), None, "2024-01-01", "2024-01-31", document_id="d")
    with open_store(db_url) as store:
        store.add_document(Document("d", "text", tallies=[tally]), [])
        result = reconcile_tally(store, store.tally("tl-1"))
    assert (result.tally_value, result.events_total, result.difference, result.places) == (3, 0, 3, [])


def test_a_bounding_box_is_checked_before_any_query() -> None:
    from eventwire import QueryError
    from eventwire.api import event_filter

    assert event_filter(bbox=(40.0, 30.0, 45.0, 35.0)).bbox == (40.0, 30.0, 45.0, 35.0)
    with pytest.raises(QueryError, match="bbox: .* outside"):
        event_filter(bbox=(40.0, 30.0, 200.0, 35.0))
    with pytest.raises(QueryError, match="bbox: south 35.0 is north of north 30.0"):
        event_filter(bbox=(40.0, 35.0, 45.0, 30.0))


def test_linked_events_name_the_target_and_the_responses(db_url: str) -> None:
    from eventwire import Document, Event, Evidence, Settings
    from eventwire.api import linked_events

    def event(event_id: str, responds_to: str | None = None) -> Event:
        sentence = "Militia fighters shelled the river port on Tuesday."
        return Event(
            event_id,
            "Battles",
            "Armed clash",
            event_date="2024-05-07",
            responds_to=responds_to,
            sources=[Evidence("d", None, None, None, sentence, 0, len(sentence))],
        )

    db = db_url
    with open_store(db) as store:
        store.add_document(
            Document("d", "text"), [event("ev-1"), event("ev-2", "ev-1"), event("ev-3", "ev-gone")]
        )
    settings = Settings(db=db)
    first = linked_events(settings, "ev-1")
    assert first.responds_to is None and [e.event_id for e in first.responses] == ["ev-2"]
    second = linked_events(settings, "ev-2")
    assert second.responds_to is not None and second.responds_to.event_id == "ev-1"
    assert linked_events(settings, "ev-3").responds_to is None  # a target that is not stored
