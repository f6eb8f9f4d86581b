"""Stage eventwire.places.v1: place mentions, resolved, with precision codes."""

from __future__ import annotations

import pytest

from eventwire.geo import haversine_km
from eventwire.model import Document, PlaceMention
from eventwire.pipeline.registry import create_stage


@pytest.fixture(scope="module")
def places(resources):
    spacy_stage = create_stage("eventwire.spacy.v1", resources)
    places_stage = create_stage("eventwire.places.v1", resources)

    def run(text: str) -> list[PlaceMention]:
        doc = Document("t", text)
        spacy_stage(doc)
        places_stage(doc)
        return doc.places

    return run


def by_text(places: list[PlaceMention], text: str) -> PlaceMention:
    matches = [p for p in places if p.text == text]
    assert matches, f"{text!r} not among {[p.text for p in places]}"
    return matches[0]


def test_air_base_the_model_calls_an_organisation(places) -> None:
    found = places("A drone hit a hangar at Al-Asad air base in western Iraq on Tuesday.")
    base = by_text(found, "Al-Asad air base")
    assert base.feature_type == "airbase" and base.iso3 == "IRQ" and base.admin1 == "Anbar"
    assert base.latitude == pytest.approx(33.79, abs=0.05) and base.longitude == pytest.approx(
        42.44, abs=0.05
    )
    assert (base.geo_precision, base.where_prec) == (1, 1)


def test_erbil_and_irbil_resolve_even_when_mislabelled(places) -> None:
    found = places("Rockets landed in Erbil overnight. Residents of Irbil heard sirens.")
    assert {p.name for p in found if p.text in ("Erbil", "Irbil")} == {"Erbil"}


def test_country_only_mention_has_precision_3_and_a_point_inside_the_country(places) -> None:
    syria = by_text(places("Fighting continued in Syria."), "Syria")
    assert syria.feature_type == "country" and syria.iso3 == "SYR"
    assert (syria.geo_precision, syria.where_prec) == (3, 6)
    assert 32.3 < syria.latitude < 37.4 and 35.7 < syria.longitude < 42.4  # the country's middle


def test_near_a_town_is_precision_2(places) -> None:
    kirkuk = by_text(places("A bomb exploded near Kirkuk on Sunday."), "Kirkuk")
    assert (kirkuk.geo_precision, kirkuk.where_prec) == (2, 2)


def test_province_mention_sets_admin1_and_passes_it_to_the_town(places) -> None:
    found = places("Gunmen attacked a checkpoint in Ramadi, in Anbar province, on Monday.")
    province = by_text(found, "Anbar province")
    assert province.feature_type == "admin1" and (province.geo_precision, province.where_prec) == (3, 4)
    assert by_text(found, "Ramadi").admin1 == "Al Anbar"


def test_unknown_place_gives_a_null_location_and_spoils_nothing(places) -> None:
    found = places("Militants raided Zorblaxton in Qwertystan, then moved on to Baghdad.")
    unknown = [p for p in found if p.name is None]
    assert unknown and all(p.latitude is None and p.longitude is None for p in unknown)
    assert by_text(found, "Baghdad").iso3 == "IRQ"


@pytest.mark.parametrize(
    ("story", "iso3"),
    [
        ("Clashes erupted in Tripoli on Sunday. The Lebanese army deployed across Lebanon's north.", "LBN"),
        ("Clashes erupted in Tripoli on Sunday. Rival militias have fought across Libya for years.", "LBY"),
    ],
)
def test_homonyms_follow_the_documents_country(places, story: str, iso3: str) -> None:
    assert by_text(places(story), "Tripoli").iso3 == iso3


def test_demonyms_and_organisations_are_not_places(places) -> None:
    found = places("Iraqi officials met Kataib Hezbollah leaders and US forces on Monday.")
    assert not any(p.text in ("Iraqi", "US", "Kataib Hezbollah") for p in found)


def test_seas_are_international_waters(places) -> None:
    sea = by_text(places("A missile hit a cargo ship in the Red Sea."), "Red Sea")
    assert sea.where_prec == 7 and sea.country is None


def test_rerun_replaces_rather_than_appends(resources) -> None:
    spacy_stage = create_stage("eventwire.spacy.v1", resources)
    places_stage = create_stage("eventwire.places.v1", resources)
    doc = Document("t", "Shelling continued in Aleppo.")
    spacy_stage(doc)
    places_stage(doc)
    places_stage(doc)
    assert [p.text for p in doc.places] == ["Aleppo"]


def test_an_offset_moves_the_point_and_lowers_the_precision(places) -> None:
    plain = by_text(places("Troops patrolled Mosul on Monday."), "Mosul")
    moved = by_text(places("A drone struck a convoy 40 km south-west of Mosul on Monday."), "Mosul")
    assert moved.offset_km == pytest.approx(40.0) and moved.bearing_deg == 225.0
    assert moved.latitude < plain.latitude and moved.longitude < plain.longitude
    assert haversine_km(plain.latitude, plain.longitude, moved.latitude, moved.longitude) == pytest.approx(
        40, abs=0.5
    )
    assert (moved.geo_precision, moved.where_prec) == (2, 2)


def test_miles_are_converted(places) -> None:
    moved = by_text(places("The camp lies 10 miles north of Kirkuk."), "Kirkuk")
    assert moved.offset_km == pytest.approx(16.09, abs=0.01) and moved.bearing_deg == 0.0


def test_an_absurd_offset_is_ignored_with_a_note(places) -> None:
    plain = by_text(places("Troops patrolled Mosul on Monday."), "Mosul")
    far = by_text(places("Shells fell 9000 km east of Mosul, the report claimed."), "Mosul")
    assert far.offset_km is None and far.note and "9000 km" in far.note
    assert (far.latitude, far.longitude) == (plain.latitude, plain.longitude)
    assert far.geo_precision == 2  # the named place is only a reference point


def test_province_of_x_asks_for_the_province(places) -> None:
    found = places("Clashes spread across the province of Kirkuk on Friday.")
    assert by_text(found, "Kirkuk").feature_type == "admin1"


def test_a_well_known_city_counts_without_a_preposition(places) -> None:
    found = places("Later that day Kirkuk was shelled again.")
    assert by_text(found, "Kirkuk").iso3 == "IRQ"


def test_names_in_other_scripts_give_a_null_location_not_an_error(places) -> None:
    found = places("Protesters gathered in بغداد and in Москва on Sunday, then marched to Basra.")
    assert all(p.latitude is None for p in found if not p.text.isascii())
    assert by_text(found, "Basra").iso3 == "IRQ"


def test_a_national_web_domain_hints_at_the_country(resources) -> None:
    spacy_stage = create_stage("eventwire.spacy.v1", resources)
    places_stage = create_stage("eventwire.places.v1", resources)

    def tripoli(url: str | None) -> str | None:
        doc = Document("t", "Clashes erupted in Tripoli on Sunday, residents said.", url=url)
        spacy_stage(doc)
        places_stage(doc)
        return by_text(doc.places, "Tripoli").iso3

    assert tripoli("https://news.example.com.lb/story/1") == "LBN"
    assert tripoli("https://news.example.ly/story/1") == "LBY"


def test_the_town_inside_an_organisations_name_is_a_place(places) -> None:
    found = places("Gunmen stormed the University of Mosul campus on Friday.")
    assert by_text(found, "Mosul").iso3 == "IRQ"


def test_a_name_followed_by_area_or_residents_is_used_as_a_place(places) -> None:
    assert by_text(places("Shelling hit the Kirkuk area overnight."), "Kirkuk").iso3 == "IRQ"
    assert by_text(places("Angry Ramadi residents blocked the road."), "Ramadi").iso3 == "IRQ"


def test_an_oblast_is_found_by_its_english_name(places) -> None:
    region = by_text(places("Drones struck Kharkiv region overnight."), "Kharkiv region")
    assert region.feature_type == "admin1" and region.iso3 == "UKR"
    assert (region.geo_precision, region.where_prec) == (3, 4)


def test_a_nigerian_local_government_area_names_its_town(places) -> None:
    found = places("Gunmen raided villages in Kajuru Local Government Area on Sunday.")
    assert by_text(found, "Kajuru Local Government Area").iso3 == "NGA"


def test_a_capital_standing_for_its_government_is_no_place(places) -> None:
    assert places("The Damascus regime denied the report.") == []


def test_a_dateline_in_capitals_names_a_place(places) -> None:
    found = places("GAROWE, Somalia — A roadside bomb hit a police truck on Monday, officials said.")
    garowe = by_text(found, "GAROWE")
    assert (garowe.name, garowe.iso3) == ("Garoowe", "SOM")  # GeoNames spelling
    assert places("BREAKING NEWS: A roadside bomb hit a police truck.") == []  # capitals that are no place


def test_the_edge_of_a_town_makes_it_a_place(places) -> None:
    found = places("Gunmen shot four herders on the eastern edge of Djibo on Saturday.")
    assert by_text(found, "Djibo").iso3 == "BFA"
