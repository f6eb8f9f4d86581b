"""Every event carries its full place record: what was written, what it resolved to, how precisely."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import Document, Pipeline
from eventwire.cli import app
from eventwire.export import export_events
from eventwire.model import Event
from eventwire.store import open_store

AIR_BASE = (
    "A drone struck the Al-Asad air base in western Iraq on Tuesday, wounding two soldiers, officials said."
)
PROVINCE = "Militants attacked a police post in Helmand province on Friday, killing three officers."
COUNTRY = "Security forces clashed with protesters in Kenya on Tuesday, killing two people, police said."
# the new incident names no place; the only places belong to a recalled one
UNPLACED = (
    "Gunmen abducted twelve students from a boarding school on Monday night, police said.\n\n"
    "In 2019, bandits attacked a school in Kaduna, Nigeria, killing four pupils."
)


def new_event(pipeline: Pipeline, text: str, document_id: str = "t") -> Event:
    doc = pipeline(Document(document_id, text, published="2024-05-10"))
    events = [e for e in doc.events if e.reported_as == "new"]
    assert len(events) == 1, [e.to_dict() for e in doc.events]
    return events[0]


def test_an_air_base_is_an_exact_point_with_its_gazetteer_id(pipeline: Pipeline) -> None:
    event = new_event(pipeline, AIR_BASE)
    assert event.location_type == "airbase"
    assert event.gazetteer_id is not None
    assert event.gazetteer_id.startswith(("icao:", "facility:"))
    assert (event.geo_precision, event.where_prec) == (1, 1)
    assert event.location_as_written == "Al-Asad air base"
    assert event.location is not None and "Asad" in event.location  # the resolved name
    assert event.iso3 == "IRQ"


def test_a_province_only_event_stays_at_province_precision(pipeline: Pipeline) -> None:
    event = new_event(pipeline, PROVINCE)
    assert event.location_type == "admin1"
    assert (event.geo_precision, event.where_prec) == (3, 4)
    assert event.admin1 == "Helmand"
    assert event.location_as_written == "Helmand province"
    assert event.iso3 == "AFG"


def test_a_country_only_event_has_a_representative_point_inside_the_country(pipeline: Pipeline) -> None:
    event = new_event(pipeline, COUNTRY)
    assert event.location_type == "country"
    assert (event.geo_precision, event.where_prec) == (3, 6)
    assert event.gazetteer_id is not None and event.iso3 == "KEN"
    assert event.latitude is not None and event.longitude is not None
    assert -4.7 < event.latitude < 5.1 and 33.9 < event.longitude < 42.0  # Kenya's bounding box


def test_an_event_without_a_place_takes_the_country_point_and_writes_nothing(pipeline: Pipeline) -> None:
    event = new_event(pipeline, UNPLACED)
    assert event.location_type == "country"
    assert event.location_as_written is None  # the text wrote no place for this incident
    assert (event.geo_precision, event.where_prec) == (3, 6)
    assert event.iso3 == "NGA" and event.gazetteer_id is not None
    assert event.latitude is not None and event.longitude is not None
    assert 4.2 < event.latitude < 13.9 and 2.6 < event.longitude < 14.7  # Nigeria's bounding box


def test_a_province_is_never_coded_as_an_exact_point(pipeline: Pipeline) -> None:
    doc = pipeline(Document("t", PROVINCE, published="2024-05-10"))
    [province] = [p for p in doc.places if p.feature_type == "admin1"]
    province.geo_precision, province.where_prec = 1, 1  # a places stage that claimed too much
    assemble = dict(pipeline.stages)["eventwire.assemble.v1"]
    assemble(doc)  # re-run: the stage replaces its events
    [event] = [e for e in doc.events if e.reported_as == "new"]
    assert (event.location_type, event.geo_precision, event.where_prec) == ("admin1", 3, 4)


def test_the_place_record_survives_the_store_and_every_export(pipeline: Pipeline, tmp_path: Path) -> None:
    doc = pipeline(Document("air-base", AIR_BASE, published="2024-05-10"))
    with open_store(str(tmp_path / "events.db")) as store:
        store.add_document(doc, doc.events)
        stored = list(store.events())
    assert [dataclasses.replace(e, merge=[]) for e in stored] == doc.events

    out = io.StringIO()
    export_events(stored, "jsonl", out)
    record = json.loads(out.getvalue().splitlines()[0])
    assert record["gazetteer_id"] == stored[0].gazetteer_id
    assert record["location_as_written"] == "Al-Asad air base"

    out = io.StringIO(newline="")
    export_events(stored, "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert (row["geo_precision"], row["where_prec"], row["location_type"]) == ("1", "1", "airbase")

    out = io.StringIO()
    export_events(stored, "geojson", out)
    feature = json.loads(out.getvalue())["features"][0]
    assert feature["properties"]["location_type"] == "airbase"
    assert feature["geometry"]["coordinates"] == [stored[0].longitude, stored[0].latitude]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (AIR_BASE, ["(airbase)", "geo_precision 1, where_prec 1", 'written "Al-Asad air base"']),
        (UNPLACED, ["(country)", "geo_precision 3, where_prec 6", "not written: the report's main country"]),
    ],
)
def test_show_prints_one_place_line_with_codes_and_gazetteer_id(
    pipeline: Pipeline, tmp_path: Path, text: str, expected: list[str]
) -> None:
    db = tmp_path / "events.db"
    doc = pipeline(Document("t", text, published="2024-05-10"))
    [event] = [e for e in doc.events if e.reported_as == "new"]
    with open_store(str(db)) as store:
        store.add_document(doc, doc.events)
    result = CliRunner().invoke(app, ["show", event.event_id, "--db", str(db)])
    assert result.exit_code == 0, result.output
    [place_line] = [line for line in result.stdout.splitlines() if line.startswith("place ")]
    for part in expected:
        assert part in place_line
    assert f"gazetteer {event.gazetteer_id}" in place_line
    assert "where_prec " not in result.stdout.replace(place_line, "")  # no separate lines for the codes


def test_a_text_without_places_takes_its_country_from_its_people_and_groups(pipeline) -> None:
    for text, iso3 in (
        ("FARDC soldiers clashed with militiamen in Qwertyville on Monday, killing four.", "COD"),
        ("Nigerian troops killed six insurgents in an ambush on Monday.", "NGA"),
    ):
        doc = pipeline(Document("t", text, published="2024-03-05"))
        event = [e for e in doc.events if e.reported_as == "new"][0]
        assert event.iso3 == iso3
        assert (event.location_type, event.geo_precision, event.where_prec) == ("country", 3, 6)
        assert event.location_as_written is None
