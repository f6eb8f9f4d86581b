"""An event happens where its trigger says, never where somebody talked about it.

The place of an event is the place the parse attaches to its own trigger ("struck
the X air base", "killed nine in X", "ambushed bandits near X"), else another
place of the incident's sentences; the dateline only when nothing else is named;
and never where a statement was made or where its speaker sits ("said in
Washington", "speaking in Korbana", "the Brussels-based group", "a statement
issued in Baghdad"). The towns are invented (see ``invented_places.py``); the
capitals and countries are real.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire import Document, Pipeline, extract, ingest_documents, open_store
from eventwire.geo import haversine_km
from eventwire.model import Event
from eventwire.pipeline import Resources
from invented_places import invented_pipeline

PUBLISHED = "2024-05-10"


@pytest.fixture(scope="module")
def invented(resources: Resources) -> Pipeline:
    return invented_pipeline(resources)


def new_event(pipeline: Pipeline, text: str, published: str = PUBLISHED) -> Event:
    doc = extract(text, published=published, pipeline=pipeline)
    events = [e for e in doc.events if e.reported_as == "new"]
    assert len(events) == 1, [e.to_dict() for e in doc.events]
    return events[0]


def test_a_strike_in_iraq_told_by_the_pentagon_in_washington_is_placed_in_iraq(invented: Pipeline) -> None:
    text = (
        "Drones struck a base housing coalition troops in Iraq on Tuesday, wounding four soldiers, "
        "the Pentagon said in Washington. A spokesman told reporters in Washington that the drones "
        "were launched by an Iran-backed militia."
    )
    event = new_event(invented, text)
    assert (event.iso3, event.location_type, event.location_as_written) == ("IRQ", "country", "Iraq")
    roles = {(p.text, p.role) for p in extract(text, published=PUBLISHED, pipeline=invented).places}
    assert ("Washington", "statement") in roles


def test_a_spokesman_in_a_foreign_capital_named_first_does_not_move_the_attack(invented: Pipeline) -> None:
    event = new_event(
        invented,
        "In Washington, a Pentagon spokesman said drones had struck the Qarvash air base on Tuesday, "
        "wounding four soldiers.",
    )
    assert (event.location, event.location_as_written, event.iso3) == ("Qarvash", "Qarvash air base", "IRQ")
    assert (event.geo_precision, event.location_type) == (1, "airbase")


def test_a_ministry_statement_issued_in_the_capital_is_not_where_the_rockets_fell(invented: Pipeline) -> None:
    event = new_event(
        invented,
        "A defence ministry statement issued in Baghdad said three rockets hit the Qarvash air base "
        "overnight, wounding two guards.",
    )
    assert event.location == "Qarvash"


def test_a_governor_speaking_in_the_state_capital_leaves_the_attack_in_the_village(
    invented: Pipeline,
) -> None:
    event = new_event(
        invented,
        "Speaking in Korbana, the state capital, Governor Amina Ufot said gunmen had killed nine "
        "farmers in the village of Dalvorin on Sunday.",
    )
    assert (event.location, event.admin1, event.iso3) == ("Dalvorin", "Velland", "NGA")


def test_the_seat_of_a_foreign_ngo_is_not_where_protesters_were_shot(invented: Pipeline) -> None:
    event = new_event(
        invented,
        "The Brussels-based monitoring group Ceasefire Watch said soldiers shot dead five protesters "
        "in Tesselby on Friday.",
    )
    assert (event.location, event.iso3) == ("Tesselby", "KEN")


def test_envoys_telling_reporters_in_geneva_leave_the_shelling_in_sudan(invented: Pipeline) -> None:
    event = new_event(
        invented,
        "A UN envoy told reporters in Geneva that shelling had killed eleven civilians in Marrowby "
        "on Wednesday.",
    )
    assert (event.location, event.iso3) == ("Marrowby", "SDN")


def test_a_dateline_in_the_capital_gives_way_to_the_place_of_the_attack(invented: Pipeline) -> None:
    text = (
        "NAIROBI, Kenya (AP) — Raiders attacked a cattle camp near Ombeyo on Monday, killing 14 herders, "
        "a local official said."
    )
    event = new_event(invented, text)
    assert (event.location, event.geo_precision) == ("Ombeyo", 2)  # "near": within about 25 km
    doc = extract(text, published=PUBLISHED, pipeline=invented)
    assert [(p.text, p.role) for p in doc.places] == [
        ("NAIROBI", "dateline"),
        ("Kenya", "dateline"),
        ("Ombeyo", None),
    ]


def test_a_report_that_names_no_other_place_is_placed_at_its_dateline(invented: Pipeline) -> None:
    event = new_event(
        invented,
        "NAIROBI, Kenya — A grenade exploded at a crowded bus station on Saturday, wounding seven "
        "people, police said.",
    )
    assert (event.location, event.location_as_written, event.location_type) == ("Nairobi", "NAIROBI", "city")
    assert event.geo_precision == 1


def test_of_two_towns_in_the_sentence_the_one_attached_to_the_ambush_places_it(invented: Pipeline) -> None:
    # Korbana is named first and more precisely ("near Dalvorin" is precision 2), but the
    # soldiers only drove from there: the ambush happened near Dalvorin
    event = new_event(
        invented,
        "Soldiers who had driven from Korbana ambushed bandits near Dalvorin on Thursday, killing "
        "twelve, the army said.",
    )
    assert (event.location, event.geo_precision) == ("Dalvorin", 2)


def test_residents_are_at_the_scene_so_their_town_places_the_event(invented: Pipeline) -> None:
    text = "Residents of Dalvorin said gunmen burned the market on Sunday."
    doc = extract(text, published=PUBLISHED, pipeline=invented)
    assert [(p.text, p.role) for p in doc.places] == [("Dalvorin", None)]
    assert [e.location for e in doc.events] == ["Dalvorin"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry said in Baghdad that the convoy was safe.",
        "A spokesman told reporters in Baghdad that the convoy was safe.",
        "Speaking in Baghdad, the minister said the convoy was safe.",
        "A statement issued in Baghdad said the convoy was safe.",
        "At a news conference in Baghdad, the minister said the convoy was safe.",
        "Officials in Baghdad said the convoy was safe.",
        "The convoy was safe, according to officials in Baghdad.",
        "The Baghdad-based group said the convoy was safe.",
    ],
)
def test_where_a_statement_was_made_is_marked_as_the_statement_s_place(
    invented: Pipeline, sentence: str
) -> None:
    doc = extract(sentence, published=PUBLISHED, pipeline=invented)
    assert [(p.text, p.role) for p in doc.places] == [("Baghdad", "statement")]


def test_a_place_the_event_happened_in_is_never_marked_as_a_statement_s(invented: Pipeline) -> None:
    doc = extract(
        "The ministry said gunmen killed two guards in Baghdad and that residents of Dalvorin fled.",
        published=PUBLISHED,
        pipeline=invented,
    )
    assert [(p.text, p.role) for p in doc.places] == [("Baghdad", None), ("Dalvorin", None)]


def test_two_reports_of_one_strike_merge_though_one_quotes_a_spokesman_in_washington(
    invented: Pipeline, tmp_path: Path
) -> None:
    wire = Document(
        "tigris-wire",
        "Drones struck the Qarvash air base in northern Iraq on Tuesday, wounding four soldiers, "
        "Iraqi security officials said.",
        published="2024-05-08",
        outlet="Tigris Wire",
    )
    daily = Document(
        "capital-daily",
        "A Pentagon spokesman told reporters in Washington on Tuesday that drones had hit the Qarvash "
        "air base in Iraq, wounding four soldiers. The spokesman said the drones were launched by an "
        "Iran-backed militia.",
        published="2024-05-08",
        outlet="Capital Daily",
    )
    with open_store(str(tmp_path / "events.db")) as store:
        assert ingest_documents([wire, daily], store, pipeline=invented).documents_added == 2
        events = list(store.events())
    assert len(events) == 1, [(e.location, [m.document_id for m in e.merge]) for e in events]
    [event] = events
    assert sorted(m.document_id for m in event.merge) == ["capital-daily", "tigris-wire"]
    assert {m.location for m in event.merge} == {"Qarvash"}  # each report's own place
    assert event.latitude is not None and event.longitude is not None
    assert haversine_km(event.latitude, event.longitude, 35.95, 42.80) < 1.0
