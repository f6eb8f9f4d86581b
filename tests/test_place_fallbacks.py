"""When the place an event happened is not in the gazetteer, the event takes the most
specific unit the text ties it to, coded as ACLED and UCDP code it, and never a made-up point.

The villages (Kashebere, Mulenzi, Ngorova, Zelvandi) are invented and unknown to the
gazetteer; the towns, districts and provinces around them are real. ACLED geo_precision:
1 the town itself, 2 near a town or in a district, 3 only a province or a country; UCDP
where_prec: 1 exact, 2 within ~25 km of a known point, 3 a district, 4 a province, 6 a
country.
"""

from __future__ import annotations

import pytest

from eventwire import Document, Pipeline
from eventwire.geo import haversine_km
from eventwire.model import Event

PUBLISHED = "2024-05-10"


def new_event(pipeline: Pipeline, text: str) -> Event:
    doc = pipeline(Document("t", text, published=PUBLISHED))
    events = [e for e in doc.events if e.reported_as == "new"]
    assert len(events) == 1, [e.to_dict() for e in doc.events]
    return events[0]


def coded(event: Event) -> tuple[str | None, str | None, int | None, int | None]:
    return event.location, event.location_type, event.geo_precision, event.where_prec


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        (  # the village is in a district the gazetteer knows
            "Militiamen killed four civilians in Mulenzi village, Masisi territory, North Kivu, on Monday.",
            "Mulenzi village",
            ("Masisi Territory", "admin2", 2, 3),
        ),
        (
            "Militiamen killed four civilians in Kashebere village in Masisi territory on Monday.",
            "Kashebere village",
            ("Masisi Territory", "admin2", 2, 3),
        ),
        (  # only the province is known
            "Gunmen killed six farmers in Ngorova village, Borno state, on Sunday.",
            "Ngorova village",
            ("Borno", "admin1", 3, 4),
        ),
        (  # a town the text names: its point, near it
            "Militiamen killed four civilians in Kashebere village, Uvira, on Monday.",
            "Kashebere village",
            ("Uvira", "city", 2, 2),
        ),
        (
            "Militiamen killed four civilians in Kashebere village near Uvira on Monday.",
            "Kashebere village",
            ("Uvira", "city", 2, 2),
        ),
        (  # only the country
            "Gunmen killed six farmers in Ngorova village in Nigeria on Sunday.",
            "Ngorova village",
            ("Nigeria", "country", 3, 6),
        ),
    ],
)
def test_an_unknown_village_takes_the_most_specific_known_unit_the_text_puts_it_in(
    pipeline: Pipeline, text: str, written: str, expected: tuple[str, str, int, int]
) -> None:
    event = new_event(pipeline, text)
    assert coded(event) == expected
    assert event.location_as_written == written  # the name as written, not the unit's
    assert event.latitude is not None and event.longitude is not None  # the unit's own point


def test_a_village_near_a_town_takes_the_town_point_at_precision_two(pipeline: Pipeline) -> None:
    event = new_event(
        pipeline, "Militiamen killed four civilians in the village of Kashebere, near Bukavu, on Monday."
    )
    assert coded(event) == ("Bukavu", "city", 2, 2)
    assert event.admin1 == "Sud-Kivu"


def test_a_town_written_as_an_exact_place_keeps_precision_one(pipeline: Pipeline) -> None:
    event = new_event(pipeline, "Gunmen attacked a market in Maiduguri on Sunday, killing six people.")
    assert coded(event) == ("Maiduguri", "city", 1, 1)
    assert (event.admin1, event.admin2) == ("Borno", "Jere")


def test_a_distance_from_a_town_is_near_that_town(pipeline: Pipeline) -> None:
    town = new_event(pipeline, "Gunmen attacked a market in Konduga on Sunday, killing six people.")
    plain = new_event(pipeline, "Gunmen killed six farmers 20 km from Konduga on Sunday.")
    assert coded(plain) == ("Konduga", "city", 2, 2)
    assert (plain.latitude, plain.longitude) == (town.latitude, town.longitude)

    moved = new_event(
        pipeline, "Gunmen killed six farmers in Ngorova village, 30 km north of Konduga, on Sunday."
    )
    assert coded(moved) == ("Konduga", "city", 2, 2)
    assert moved.location_as_written == "Ngorova village"
    assert moved.admin1 == "Borno"  # the town's province
    # the places stage moves the point by the offset; the event keeps it
    assert town.latitude is not None and town.longitude is not None
    assert moved.latitude is not None and moved.longitude is not None
    assert haversine_km(town.latitude, town.longitude, moved.latitude, moved.longitude) == pytest.approx(
        30, abs=1
    )


def test_an_unknown_village_tied_to_no_known_place_never_makes_the_other_town_exact(
    pipeline: Pipeline,
) -> None:
    # Goma is where the militiamen came from: the nearest known point, not the place itself
    event = new_event(
        pipeline, "Militiamen who came from Goma killed four civilians in Kashebere village on Monday."
    )
    assert coded(event) == ("Goma", "city", 2, 2)
    assert (event.iso3, event.admin1) == ("COD", "Nord-Kivu")


@pytest.mark.parametrize(
    ("text", "admin1", "admin2"),
    [
        # the gazetteer gives the town no district: the one the text names, in its province
        ("Gunmen attacked a market in Gwoza town, Gwoza local government area, on Sunday, killing six.",
         "Borno", "Gwoza"),
        ("Militiamen killed four civilians in Lubero, Lubero district, on Monday.", "Nord-Kivu", "Lubero"),
        # a district reading carries its province
        ("Militiamen killed four civilians in Mulenzi, Masisi territory, on Monday.", "Nord-Kivu", "Masisi Territory"),
        # a province reading has no district
        ("Gunmen killed six farmers in Ngorova village, Borno state, on Sunday.", "Borno", None),
    ],
)  # fmt: skip
def test_admin1_and_admin2_come_from_the_hierarchy_of_the_resolved_place(
    pipeline: Pipeline, text: str, admin1: str, admin2: str | None
) -> None:
    event = new_event(pipeline, text)
    assert (event.admin1, event.admin2) == (admin1, admin2)


def test_a_district_named_far_from_a_town_or_outside_its_province_is_not_its_district(
    pipeline: Pipeline,
) -> None:
    # Uvira is in South Kivu; Masisi territory is in North Kivu
    event = new_event(
        pipeline, "Militiamen attacked Uvira, Masisi territory, on Monday, killing four civilians."
    )
    assert (event.location, event.admin1, event.admin2) == ("Uvira", "Sud-Kivu", None)


def test_an_event_with_no_place_at_all_has_no_place(pipeline: Pipeline) -> None:
    event = new_event(pipeline, "Gunmen killed three people on Monday, police said.")
    assert coded(event) == (None, None, None, None)
    assert (event.latitude, event.longitude, event.admin1, event.location_as_written) == (
        None,
        None,
        None,
        None,
    )


def test_an_event_in_an_unknown_place_of_an_unnamed_country_has_no_place(pipeline: Pipeline) -> None:
    event = new_event(pipeline, "Gunmen killed three people in Zelvandi on Monday, police said.")
    assert (event.latitude, event.longitude, event.geo_precision, event.where_prec) == (
        None,
        None,
        None,
        None,
    )


def test_an_event_the_text_places_only_in_a_country_is_coded_to_the_country(pipeline: Pipeline) -> None:
    event = new_event(pipeline, "Gunmen killed three people in Nigeria on Monday, police said.")
    assert (event.location_type, event.iso3, event.geo_precision, event.where_prec) == (
        "country",
        "NGA",
        3,
        6,
    )
    assert event.latitude is not None  # the country's representative point
