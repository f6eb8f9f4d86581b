"""The document-wide resolver: each rule, on toponym lists written for the test."""

from __future__ import annotations

import pytest

from eventwire.gazetteer import Gazetteer
from eventwire.gazetteer.resolver import Toponym, resolve_toponyms


@pytest.fixture(scope="module")
def gaz(resources) -> Gazetteer:
    return resources.gazetteer


def tops(text: str, *names: str, hint: dict[str, str] | None = None) -> list[Toponym]:
    """Toponyms for each occurrence of ``names`` in ``text`` (sentence 0)."""
    out = []
    for name in names:
        start = text.index(name)
        out.append(Toponym(name, start, start + len(name), 0, (hint or {}).get(name)))
    return sorted(out, key=lambda t: t.start)


def test_containment_puts_the_town_inside_the_state_that_follows(gaz: Gazetteer) -> None:
    text = "A storm hit Paris, Texas on Monday."
    paris = resolve_toponyms(gaz, tops(text, "Paris", "Texas"), text=text)[0].candidate
    assert paris is not None and paris.iso3 == "USA" and paris.admin1 == "Texas"


def test_proximity_picks_the_homonym_near_the_documents_other_places(gaz: Gazetteer) -> None:
    text = "Deputies from Henry County drove to Paris after the fire."
    paris = resolve_toponyms(gaz, tops(text, "Henry County", "Paris"), text=text)[1].candidate
    assert paris is not None and paris.iso3 == "USA"


def test_a_country_name_that_is_a_state_of_the_documents_country_is_the_state(gaz: Gazetteer) -> None:
    text = "Storms crossed Atlanta and Savannah before leaving Georgia."
    georgia = resolve_toponyms(gaz, tops(text, "Atlanta", "Savannah", "Georgia"), text=text)[2].candidate
    assert georgia is not None and georgia.feature_type == "admin1" and georgia.iso3 == "USA"


def test_a_bare_name_shared_with_its_province_means_the_town(gaz: Gazetteer) -> None:
    text = "Shelling hit Kirkuk. Later the Kirkuk province council met."
    found = resolve_toponyms(
        gaz, tops(text, "Kirkuk", "Kirkuk province", hint={"Kirkuk province": "admin1"}), text=text
    )
    assert found[0].candidate is not None and found[0].candidate.feature_type == "city"
    assert found[1].candidate is not None and found[1].candidate.feature_type == "admin1"


def test_organisations_tied_to_one_country_steer_ambiguous_names(gaz: Gazetteer) -> None:
    text = "FARDC soldiers clashed with militiamen near Baraka."
    found = resolve_toponyms(gaz, tops(text, "Baraka"), text=text, hinted_countries=gaz.focus_hints(text))
    assert gaz.focus_hints(text) == ["CD"]
    assert found[0].candidate is None or found[0].candidate.iso3 == "COD"


def test_a_small_homonym_outside_the_named_countries_is_refused_with_a_note(gaz: Gazetteer) -> None:
    text = "Fighting in Mali spread to Boni."
    found = resolve_toponyms(gaz, tops(text, "Mali", "Boni"), text=text)
    boni = found[1]
    assert boni.candidate is None or boni.candidate.iso3 == "MLI"
    if boni.candidate is None:
        assert boni.note and "outside" in boni.note


def test_an_unknown_name_spoils_nothing(gaz: Gazetteer) -> None:
    text = "Raiders left Qwertzuiopville for Mosul."
    found = resolve_toponyms(gaz, tops(text, "Qwertzuiopville", "Mosul"), text=text)
    assert found[0].candidate is None and found[0].note == "not in the gazetteer"
    assert found[1].candidate is not None and found[1].candidate.iso3 == "IRQ"


def test_a_demonym_given_as_a_span_names_its_country(gaz: Gazetteer) -> None:
    text = "Iraqi officials met."
    found = resolve_toponyms(gaz, tops(text, "Iraqi"), text=text)
    assert found[0].candidate is not None and found[0].candidate.feature_type == "country"
    assert found[0].candidate.iso3 == "IRQ"


def test_each_mention_of_a_repeated_name_resolves_the_same_way(gaz: Gazetteer) -> None:
    text = "Dublin police said Dublin roads near Columbus, Ohio were closed."
    found = resolve_toponyms(
        gaz, [Toponym("Dublin", 0, 6), Toponym("Dublin", 19, 25), *tops(text, "Columbus", "Ohio")], text=text
    )
    assert found[0].candidate == found[1].candidate
    assert found[0].candidate is not None and found[0].candidate.iso3 == "USA"
