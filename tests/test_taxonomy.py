"""The ACLED taxonomy and its crosswalks, as shipped in taxonomy/acled.json."""

from __future__ import annotations

import pytest

from eventwire.taxonomy import (
    CASE2021_LABELS,
    EVENT_TYPES,
    NON_EVENT_CASE_LABELS,
    SUB_EVENT_TYPES,
    TaxonomyError,
    case_label_to_sub,
    disorder_type_of,
    event_type_of,
    old_acled_type,
    sub_event_types_of,
    sub_to_case_label,
)


def test_six_event_types_with_acled_names() -> None:
    assert EVENT_TYPES == (
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    )


def test_twenty_five_sub_event_types_grouped_as_in_the_codebook() -> None:
    assert len(SUB_EVENT_TYPES) == len(set(SUB_EVENT_TYPES)) == 25
    assert sub_event_types_of("Battles") == (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    )
    assert sub_event_types_of("Explosions/Remote violence") == (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    )
    assert sub_event_types_of("Riots") == ("Violent demonstration", "Mob violence")
    assert "Headquarters or base established" in sub_event_types_of("Strategic developments")
    assert len(sub_event_types_of("Strategic developments")) == 8


def test_each_sub_event_type_knows_its_event_type_and_disorder_type() -> None:
    assert event_type_of("Grenade") == "Explosions/Remote violence"
    assert event_type_of("Looting/property destruction") == "Strategic developments"
    assert disorder_type_of("Armed clash") == "Political violence"
    assert disorder_type_of("Peaceful protest") == "Demonstrations"
    assert disorder_type_of("Violent demonstration") == "Demonstrations"
    assert disorder_type_of("Mob violence") == "Political violence"
    assert disorder_type_of("Arrests") == "Strategic developments"
    assert disorder_type_of("Excessive force against protesters") == "Political violence; Demonstrations"


def test_case2021_labels_map_to_sub_event_types_or_to_no_event() -> None:
    assert len(CASE2021_LABELS) == 30
    assert case_label_to_sub("ART_MISS_ATTACK") == "Shelling/artillery/missile attack"
    assert case_label_to_sub("PROPERTY_DISTRUCT") == "Looting/property destruction"
    assert sorted(NON_EVENT_CASE_LABELS) == [
        "ATTRIB",
        "DIPLO",
        "MAN_MADE_DISASTER",
        "NATURAL_DISASTER",
        "ORG_CRIME",
    ]
    assert all(case_label_to_sub(label) is None for label in NON_EVENT_CASE_LABELS)
    mapped = {case_label_to_sub(label) for label in CASE2021_LABELS} - {None}
    assert mapped == set(SUB_EVENT_TYPES)
    assert sub_to_case_label("Grenade") == "GRENADE"
    assert sub_to_case_label(None) is None


def test_old_acled_crosswalk() -> None:
    assert old_acled_type("Armed clash") == "Battle-No change of territory"
    assert old_acled_type("Air/drone strike") == "Remote violence"
    assert old_acled_type("Peaceful protest") == "Riots/Protests"
    assert old_acled_type("Arrests") == "Strategic development"
    assert old_acled_type("Non-violent transfer of territory") == "Non-violent transfer of territory"
    assert {old_acled_type(s) for s in SUB_EVENT_TYPES} >= {"Violence against civilians", "Riots/Protests"}


@pytest.mark.parametrize("call", [event_type_of, disorder_type_of, old_acled_type, case_label_to_sub])
def test_unknown_names_raise_a_named_error(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TaxonomyError, match="Airstrike"):
        call("Airstrike")
