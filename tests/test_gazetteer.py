"""The first gazetteer: names from installed packages and curated facilities."""

from __future__ import annotations

import pytest

from eventwire.gazetteer import Gazetteer, normalize


@pytest.fixture(scope="module")
def gaz(resources) -> Gazetteer:
    return resources.gazetteer


def test_normalize_unifies_articles_hyphens_accents_and_apostrophes() -> None:
    assert normalize("Al-Asad") == normalize("al Asad") == normalize("Asad") == "asad"
    assert normalize("As Sulaymānīyah") == "sulaymaniyah"
    assert normalize("Ma\u2019rib") == normalize("Marib")
    assert normalize("U.S.") == normalize("US")


@pytest.mark.parametrize("name", ["Al-Asad air base", "Al Asad Airbase", "Ain al-Asad", "al-Asad"])
def test_al_asad_spellings_resolve_to_the_air_base_in_iraq(gaz: Gazetteer, name: str) -> None:
    place = gaz.resolve(name)
    assert place is not None
    assert place.feature_type == "airbase"
    assert place.iso3 == "IRQ"
    assert place.latitude == pytest.approx(33.79, abs=0.05)
    assert place.longitude == pytest.approx(42.44, abs=0.05)


@pytest.mark.parametrize("name", ["Erbil", "Irbil", "Arbil"])
def test_erbil_spellings_resolve_to_the_city(gaz: Gazetteer, name: str) -> None:
    place = gaz.resolve(name)
    assert place is not None and place.feature_type == "city"
    assert place.name == "Erbil" and place.iso3 == "IRQ"


def test_country_focus_picks_among_homonyms(gaz: Gazetteer) -> None:
    lebanon = gaz.resolve("Tripoli", ["LB"])
    libya = gaz.resolve("Tripoli", ["LY"])
    assert lebanon is not None and lebanon.iso3 == "LBN"
    assert libya is not None and libya.iso3 == "LBY"


def test_hint_prefers_the_province_to_the_city_of_the_same_name(gaz: Gazetteer) -> None:
    city = gaz.resolve("Kirkuk")
    province = gaz.resolve("Kirkuk", hint="admin1")
    assert city is not None and city.feature_type == "city"
    assert province is not None and province.feature_type == "admin1" and province.admin1 == "Kirkuk"


def test_countries_have_alpha3_and_a_representative_point(gaz: Gazetteer) -> None:
    syria = gaz.resolve("Syria")
    assert syria is not None and syria.feature_type == "country" and syria.iso3 == "SYR"
    assert syria.latitude is not None  # the capital's point
    assert gaz.resolve("United States") == gaz.resolve("US")


def test_curated_facilities_and_seas(gaz: Gazetteer) -> None:
    tower = gaz.resolve("Tower 22")
    assert tower is not None and tower.feature_type == "facility" and tower.iso3 == "JOR"
    sea = gaz.resolve("Red Sea")
    assert sea is not None and sea.water and sea.country is None


def test_demonyms_name_countries_but_are_not_places(gaz: Gazetteer) -> None:
    assert gaz.country_of_demonym("Iraqi") == "IQ"
    assert gaz.is_demonym("Nigerian")
    assert gaz.country_name("US", article=True) == "the United States"
    assert gaz.country_name("IQ", article=True) == "Iraq"


def test_unknown_names_give_no_candidates(gaz: Gazetteer) -> None:
    assert gaz.lookup("Qwxzzyville") == []
    assert gaz.resolve("Qwxzzyville") is None
