"""The default gazetteer: names from installed packages and curated facilities.

Runs against the compiled default gazetteer (``resources.gazetteer``); the
bounding boxes below are rough outlines of each country, from general
knowledge, so a point far outside them is wrong.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pycountry
import pytest

from eventwire.errors import GazetteerError
from eventwire.gazetteer import Candidate, Gazetteer, normalize

# (south, north, west, east) in degrees
BOXES = {
    "IQ": (29.0, 37.4, 38.8, 48.6),
    "SY": (32.3, 37.4, 35.6, 42.4),
    "JO": (29.2, 33.4, 34.9, 39.3),
    "NG": (4.2, 13.9, 2.6, 14.7),
    "US": (24.4, 49.4, -124.8, -66.9),  # the contiguous states
    "CD": (-13.5, 5.4, 12.2, 31.3),
    "FR": (41.3, 51.1, -5.2, 9.6),  # metropolitan France
    "YE": (12.1, 19.0, 42.5, 54.6),
    "AF": (29.4, 38.5, 60.5, 75.0),
    "SO": (-1.7, 12.0, 40.9, 51.5),
    "ML": (10.1, 25.0, -12.3, 4.3),
    "UA": (44.3, 52.4, 22.1, 40.3),
    "CL": (-56.0, -17.5, -75.7, -66.4),
    "NO": (57.9, 71.2, 4.6, 31.1),
    "ID": (-11.0, 6.1, 95.0, 141.0),  # an archipelago
    "PH": (4.5, 21.2, 116.9, 126.7),  # an archipelago
    "JP": (24.0, 45.6, 122.9, 145.9),  # an archipelago
}


def inside(c: Candidate, iso2: str) -> bool:
    south, north, west, east = BOXES[iso2]
    return (
        c.latitude is not None
        and c.longitude is not None
        and south <= c.latitude <= north
        and west <= c.longitude <= east
    )


def best(gaz: Gazetteer, name: str) -> Candidate | None:
    """What the resolver would take: the exact lookup, else the transliteration skeleton."""
    hit = gaz.resolve(name)
    if hit is not None:
        return hit
    fuzzy = gaz.lookup_fuzzy(name)
    return max(fuzzy, key=gaz.prior) if fuzzy else None


@pytest.fixture(scope="module")
def gaz(resources) -> Gazetteer:
    return resources.gazetteer


# -- keys ---------------------------------------------------------------------


def test_normalize_unifies_articles_hyphens_accents_and_apostrophes() -> None:
    assert normalize("Al-Asad") == normalize("al Asad") == normalize("Asad") == "asad"
    assert normalize("As Sulaymānīyah") == "sulaymaniyah"
    assert normalize("Ma\u2019rib") == normalize("Marib")
    assert normalize("U.S.") == normalize("US")


# -- transliteration variants -----------------------------------------------------

DEIR_EZ_ZOR = {"geonames:170794", "iso3166-2:SY-DY"}  # the city and its governorate


@pytest.mark.parametrize(
    "name", ["Deir ez-Zor", "Deir al-Zor", "Dayr az Zawr", "Deir Ezzor", "Dair al-Zour", "Deir el-Zour"]
)
def test_deir_ez_zor_spellings_reach_syrias_deir_ez_zor(gaz: Gazetteer, name: str) -> None:
    place = best(gaz, name)
    assert place is not None and place.iso2 == "SY"
    assert place.gazetteer_id in DEIR_EZ_ZOR


@pytest.mark.parametrize("name", ["Erbil", "Irbil", "Arbil"])
def test_erbil_spellings_resolve_to_the_city(gaz: Gazetteer, name: str) -> None:
    place = gaz.resolve(name)
    assert place is not None and place.feature_type == "city"
    assert place.name == "Erbil" and place.iso3 == "IRQ"


@pytest.mark.parametrize(
    ("names", "iso2"),
    [
        (["Raqqa", "al-Raqqa", "Ar-Raqqah", "Raqqah"], "SY"),
        (["Fallujah", "Falluja", "al-Fallujah"], "IQ"),
        (["Sana'a", "Sanaa", "Sana\u2019a"], "YE"),
        (["Misrata", "Misurata"], "LY"),
    ],
)
def test_article_and_apostrophe_variants_reach_one_city(gaz: Gazetteer, names: list[str], iso2: str) -> None:
    places = [gaz.resolve(n) for n in names]
    assert all(p is not None and p.feature_type == "city" and p.iso2 == iso2 for p in places)
    assert len({p.gazetteer_id for p in places if p is not None}) == 1


@pytest.mark.parametrize("name", ["Al-Asad air base", "Al Asad Airbase", "Ain al-Asad", "al-Asad"])
def test_al_asad_spellings_resolve_to_the_air_base_in_iraq(gaz: Gazetteer, name: str) -> None:
    place = gaz.resolve(name)
    assert place is not None
    assert place.feature_type == "airbase"
    assert place.iso3 == "IRQ"
    assert place.latitude == pytest.approx(33.79, abs=0.05)
    assert place.longitude == pytest.approx(42.44, abs=0.05)


# -- admin regions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("city", "iso2", "admin1", "admin1_id", "admin2"),
    [
        ("Maiduguri", "NG", "Borno", "iso3166-2:NG-BO", "Jere"),
        ("Kano", "NG", "Kano", "iso3166-2:NG-KN", "Kano Municipal"),
        ("Ramadi", "IQ", "Al Anbar", "iso3166-2:IQ-AN", "Ramadi District"),
        ("Fallujah", "IQ", "Al Anbar", "iso3166-2:IQ-AN", "Falluja District"),
    ],
)
def test_cities_carry_their_admin1_in_its_iso_spelling_and_their_admin2(
    gaz: Gazetteer, city: str, iso2: str, admin1: str, admin1_id: str, admin2: str
) -> None:
    place = gaz.resolve(city)
    assert place is not None and place.feature_type == "city" and place.iso2 == iso2
    assert (place.admin1, place.admin1_id, place.admin2) == (admin1, admin1_id, admin2)
    region = gaz.get(admin1_id)
    assert region is not None and region.feature_type == "admin1" and region.name == admin1


def test_hint_prefers_the_province_to_the_city_of_the_same_name(gaz: Gazetteer) -> None:
    city = gaz.resolve("Kirkuk")
    province = gaz.resolve("Kirkuk", hint="admin1")
    assert city is not None and city.feature_type == "city"
    assert province is not None and province.feature_type == "admin1" and province.admin1 == "Kirkuk"


@pytest.mark.parametrize(
    ("iso_name", "other_name", "gid"),
    [
        ("Nord-Kivu", "North Kivu", "iso3166-2:CD-NK"),
        ("Dayr az Zawr", "Deir ez-Zor", "iso3166-2:SY-DY"),
        ("Borno", "Borno State", "iso3166-2:NG-BO"),
        ("Sud-Kivu", "South Kivu", "iso3166-2:CD-SK"),
        pytest.param(
            "Ninawa",
            "Nineveh",
            "iso3166-2:IQ-NI",
            marks=pytest.mark.xfail(strict=True, reason="GeoNames' Nineveh is not merged with ISO's Ninawa"),
        ),
    ],
)
def test_iso_and_geonames_names_of_a_region_reach_the_same_entry(
    gaz: Gazetteer, iso_name: str, other_name: str, gid: str
) -> None:
    iso2 = gid.split(":")[1][:2]
    for name in (iso_name, other_name):
        regions = {c.gazetteer_id for c in gaz.lookup(name) if c.feature_type == "admin1" and c.iso2 == iso2}
        assert regions == {gid}, name  # one entry, not two for one region
        place = gaz.resolve(name, hint="admin1")
        assert place is not None and place.gazetteer_id == gid, name


@pytest.mark.parametrize(
    ("abbreviation", "state"),
    [("Ind.", "Indiana"), ("W. Va.", "West Virginia"), ("Calif.", "California")],
)
def test_ap_state_abbreviations_name_us_states(gaz: Gazetteer, abbreviation: str, state: str) -> None:
    place = gaz.resolve(abbreviation)
    assert place is not None and place.feature_type == "admin1"
    assert place.name == state and place.iso2 == "US" and inside(place, "US")


@pytest.mark.parametrize("iso2", ["IQ", "SY", "NG", "YE", "CD", "AF", "SO", "ML"])
def test_admin1_points_lie_inside_their_country(gaz: Gazetteer, iso2: str) -> None:
    placed = 0
    for sub in pycountry.subdivisions.get(country_code=iso2):
        if sub.parent_code is not None:
            continue
        regions = [c for c in gaz.lookup(sub.name) if c.iso2 == iso2 and c.feature_type == "admin1"]
        assert regions, sub.name
        for region in regions:
            if region.latitude is not None:
                placed += 1
                assert inside(region, iso2), (sub.name, region)
    assert placed >= 8


@pytest.mark.xfail(strict=True, reason="ISO subdivisions left unmatched to a GeoNames region have no point")
@pytest.mark.parametrize("iso2", ["IQ", "SY"])
def test_every_first_level_iso_subdivision_has_a_point(gaz: Gazetteer, iso2: str) -> None:
    for sub in pycountry.subdivisions.get(country_code=iso2):
        if sub.parent_code is None:
            regions = [c for c in gaz.lookup(sub.name) if c.iso2 == iso2 and c.feature_type == "admin1"]
            assert all(r.latitude is not None for r in regions), sub.name


# -- countries, continents, demonyms ---------------------------------------------


@pytest.mark.parametrize("iso2", sorted(BOXES))
def test_countries_have_a_representative_point_inside_the_country(gaz: Gazetteer, iso2: str) -> None:
    country = gaz.country(iso2)
    assert country is not None and country.feature_type == "country" and country.iso2 == iso2
    assert inside(country, iso2), country


def test_countries_are_found_by_name_code_and_alias(gaz: Gazetteer) -> None:
    syria = gaz.resolve("Syria")
    assert syria is not None and syria.feature_type == "country" and syria.iso3 == "SYR"
    assert gaz.country("SYR") == gaz.country("SY") == gaz.country("Syria")
    ids = {c.gazetteer_id for c in (gaz.resolve("United States"), gaz.resolve("US"), gaz.country("USA")) if c}
    assert ids == {"iso3166:US"}


@pytest.mark.parametrize("name", ["Africa", "Asia", "Europe", "South America", "North America", "Oceania"])
def test_continents_exist_as_regions(gaz: Gazetteer, name: str) -> None:
    place = gaz.resolve(name)
    assert place is not None and place.feature_type == "region" and place.name == name
    assert place.iso2 is None and place.latitude is not None and place.longitude is not None


@pytest.mark.parametrize(
    ("word", "iso2"),
    [
        ("Iraqi", "IQ"),
        ("Iraqis", "IQ"),
        ("Nigerians", "NG"),
        ("Syrians", "SY"),
        ("Yemenis", "YE"),
        ("Congolese", "CD"),
        ("Sudanese", "SD"),
        ("South Sudanese", "SS"),
        ("Israelis", "IL"),
        ("Americans", "US"),
        ("American", "US"),
    ],
)
def test_demonyms_and_their_plurals_name_countries(gaz: Gazetteer, word: str, iso2: str) -> None:
    assert gaz.country_of_demonym(word) == iso2
    assert gaz.is_demonym(word)


def test_demonyms_are_not_places(gaz: Gazetteer) -> None:
    assert gaz.lookup("Iraqis") == []
    assert gaz.country_name("US", article=True) == "the United States"
    assert gaz.country_name("IQ", article=True) == "Iraq"


def test_country_focus_picks_among_homonyms(gaz: Gazetteer) -> None:
    lebanon = gaz.resolve("Tripoli", ["LB"])
    libya = gaz.resolve("Tripoli", ["LY"])
    assert lebanon is not None and lebanon.iso3 == "LBN"
    assert libya is not None and libya.iso3 == "LBY"


# -- curated facilities ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "iso2", "lat", "lon"),
    [
        ("al-Tanf", "SY", 33.50, 38.66),
        ("Tower 22", "JO", 33.33, 38.80),
        ("Conoco field", "SY", 35.33, 40.29),
        ("Omar field", "SY", 34.97, 40.59),
        ("Mission Support Site Euphrates", "SY", 35.02, 40.45),
        ("Bab al-Hawa", "SY", 36.23, 36.67),
    ],
)
def test_curated_facilities_resolve_with_sane_coordinates(
    gaz: Gazetteer, name: str, iso2: str, lat: float, lon: float
) -> None:
    place = gaz.resolve(name)
    assert place is not None and place.feature_type == "facility"
    assert place.gazetteer_id.startswith("facility:") and place.iso2 == iso2
    assert inside(place, iso2)
    assert place.latitude == pytest.approx(lat, abs=0.3)
    assert place.longitude == pytest.approx(lon, abs=0.3)


def test_seas_are_water_in_no_country(gaz: Gazetteer) -> None:
    sea = gaz.resolve("Red Sea")
    assert sea is not None and sea.water and sea.country is None


# -- odd input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "iso2"), [("بغداد", "IQ"), ("Москва", "RU"), ("Київ", "UA"), ("北京", "CN")]
)
def test_names_in_other_scripts_give_no_candidate_or_the_right_one(
    gaz: Gazetteer, name: str, iso2: str
) -> None:
    for found in (gaz.lookup(name), gaz.lookup_fuzzy(name)):
        assert all(c.iso2 == iso2 for c in found), found
    place = gaz.resolve(name)
    assert place is None or place.iso2 == iso2


@pytest.mark.parametrize("name", ["", " ", "\t\n", "-", "'"])
def test_empty_and_blank_names_give_nothing(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) == []
    assert gaz.lookup_fuzzy(name) == []
    assert gaz.resolve(name) is None


def test_unknown_names_give_no_candidates(gaz: Gazetteer) -> None:
    assert gaz.lookup("Qwxzzyville") == []
    assert gaz.resolve("Qwxzzyville") is None


# -- opening files ---------------------------------------------------------------------


def test_open_names_a_missing_file_and_the_command_that_builds_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    with pytest.raises(GazetteerError, match="eventwire gazetteer build") as info:
        Gazetteer.open(missing)
    assert str(missing) in str(info.value)


def test_open_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    bogus = tmp_path / "gazetteer.sqlite"
    bogus.write_text("name,lat,lon\nCamp Qwerty,33.1,43.9\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="not a compiled gazetteer") as info:
        Gazetteer.open(bogus)
    assert str(bogus) in str(info.value)


def test_open_refuses_an_sqlite_file_that_is_not_a_gazetteer(tmp_path: Path) -> None:
    other = tmp_path / "events.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE events (id TEXT)")
    con.commit()
    con.close()
    with pytest.raises(GazetteerError, match="not a compiled gazetteer") as info:
        Gazetteer.open(other)
    assert str(other) in str(info.value)
