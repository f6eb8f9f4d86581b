"""From a news text to events: the whole pipeline on articles written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire import Document, Pipeline
from eventwire.model import EVENT_KEYS

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def load(name: str) -> Document:
    rec = json.loads((FIXTURES / name).read_text("utf-8"))
    return Document(rec["id"], rec["text"], rec.get("title"), rec.get("published"), rec.get("outlet"))


@pytest.fixture(scope="module")
def strikes(pipeline: Pipeline) -> Document:
    return pipeline(load("two_strikes.json"))


def test_an_attack_and_the_strike_that_answered_it_are_two_new_events(strikes: Document) -> None:
    new = [e for e in strikes.events if e.reported_as == "new"]
    assert [e.sub_event_type for e in new] == ["Shelling/artillery/missile attack", "Air/drone strike"]
    rockets, drone = new
    assert rockets.event_type == "Explosions/Remote violence"
    assert drone.responds_to == rockets.event_id
    assert rockets.responds_to is None


def test_figures_land_on_their_own_incident(strikes: Document) -> None:
    rockets, drone = [e for e in strikes.events if e.reported_as == "new"]
    assert rockets.injuries.best == 4
    assert not rockets.fatalities.is_known()
    assert drone.fatalities.best == 3


def test_relative_dates_resolve_against_the_publication_date(strikes: Document) -> None:
    rockets = next(e for e in strikes.events if e.reported_as == "new")
    # published Wednesday 14 February 2024; "on Tuesday" is the day before
    assert rockets.event_date == "2024-02-13"
    assert rockets.time_precision == 1


def test_place_and_country_come_from_the_gazetteer(strikes: Document) -> None:
    rockets = next(e for e in strikes.events if e.reported_as == "new")
    assert rockets.country == "Iraq"
    assert rockets.iso3 == "IRQ"
    assert rockets.location is not None and "Kirkuk" in rockets.location
    assert rockets.latitude is not None and abs(rockets.latitude - 35.47) < 0.5


def test_a_recalled_past_attack_is_background_and_not_dated_to_the_publication_day(strikes: Document) -> None:
    background = [e for e in strikes.events if e.reported_as == "background"]
    assert len(background) == 1
    assert background[0].event_date != "2024-02-14"
    assert all(e.reported_as == "new" for e in strikes.events if e is not background[0])


def test_every_evidence_span_points_at_its_sentence(strikes: Document) -> None:
    for event in strikes.events:
        assert event.sources
        for src in event.sources:
            assert strikes.text[src.char_start : src.char_end] == src.sentence
            assert src.document_id == "test-two-strikes"
            assert src.outlet == "Test Desk"


def test_attributed_sentences_name_their_speaker(strikes: Document) -> None:
    speakers = {s.speaker for e in strikes.events for s in e.sources if s.speaker}
    assert any("spokesman" in s.lower() or "salman" in s.lower() for s in speakers)


def test_the_record_has_every_contract_key(strikes: Document) -> None:
    for event in strikes.events:
        record = event.to_dict()
        assert tuple(record) == EVENT_KEYS
        assert set(record["fatalities"]) == {"low", "best", "high"}
        json.dumps(record)  # serialisable as is


def test_a_peaceful_march_is_a_peaceful_protest(pipeline: Pipeline) -> None:
    text = (FIXTURES / "protest.txt").read_text("utf-8")
    doc = pipeline(Document("test-protest", text, published="2024-06-07"))
    assert [e.sub_event_type for e in doc.events] == ["Peaceful protest"]
    assert doc.events[0].event_type == "Protests"
    assert doc.events[0].country == "Kenya"


def test_a_report_without_violence_gives_no_event(pipeline: Pipeline) -> None:
    doc = pipeline(load("not_an_event.json"))
    assert doc.events == []


def test_no_time_expression_means_the_publication_date_with_a_coarse_precision(pipeline: Pipeline) -> None:
    doc = pipeline(
        Document("t-nodate", "Gunmen shot dead a village chief in Borno state.", published="2024-03-10")
    )
    event = doc.events[0]
    assert event.event_date == "2024-03-10"
    assert event.time_precision is not None and event.time_precision > 1
    assert event.date_start is not None and event.date_start < "2024-03-10"
