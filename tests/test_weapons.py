"""Stage eventwire.weapons.v1: weapon mentions normalised from data/weapons.json."""

from __future__ import annotations

from eventwire.model import Document
from eventwire.pipeline.registry import create_stage


def weapons_of(resources, text: str) -> list[tuple[str, str]]:
    doc = Document("t", text)
    create_stage("eventwire.spacy.v1", resources)(doc)
    create_stage("eventwire.weapons.v1", resources)(doc)
    return [(w.text, w.weapon) for w in doc.weapons]


def test_weapons_are_normalised(resources) -> None:
    found = weapons_of(
        resources,
        "Militants fired two ballistic missiles and a one-way attack drone. An AC-130 gunship responded. "
        "A roadside bomb and a car bomb exploded; police fired tear gas, rubber bullets and live ammunition.",
    )
    assert found == [
        ("ballistic missiles", "ballistic missile"),
        ("one-way attack drone", "drone"),
        ("AC-130 gunship", "airstrike"),
        ("roadside bomb", "IED"),
        ("car bomb", "car bomb"),
        ("tear gas", "tear gas"),
        ("rubber bullets", "rubber bullets"),
        ("live ammunition", "live ammunition"),
    ]


def test_longest_phrase_wins_and_acronyms_are_case_sensitive(resources) -> None:
    found = weapons_of(resources, "Sam said a VBIED and an IED went off before a SAM was fired.")
    assert found == [("VBIED", "car bomb"), ("IED", "IED"), ("SAM", "surface-to-air missile")]


def test_chemical_and_bladed_weapons_and_small_arms(resources) -> None:
    found = dict(weapons_of(resources, "Attackers used chlorine gas, machetes and AK-47s."))
    assert found == {"chlorine gas": "chemical weapon", "machetes": "bladed weapon", "AK-47s": "small arms"}


def test_weapons_carry_their_sentence_index(resources) -> None:
    doc = Document("t", "Nothing happened. Then a grenade exploded.")
    create_stage("eventwire.spacy.v1", resources)(doc)
    stage = create_stage("eventwire.weapons.v1", resources)
    stage(doc)
    stage(doc)
    assert [(w.weapon, w.sentence) for w in doc.weapons] == [("grenade", 1)]
