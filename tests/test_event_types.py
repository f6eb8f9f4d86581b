"""Event detection and typing: sentences in, ACLED sub-event types with their trigger words out."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.errors import ConfigError
from eventwire.model import Document
from eventwire.pipeline.event_rules import classify_text, score_sentence
from eventwire.pipeline.nlp import SpacyStage
from eventwire.pipeline.registry import create_stage
from eventwire.taxonomy import SUB_EVENT_TYPES, event_type_of

# one sentence (written for these tests) per sub-event type the rules can tell apart
TYPED = [
    ("Soldiers and rebel fighters clashed near the town of Karu on Monday, leaving six dead.", "Armed clash"),
    (
        "Government troops recaptured the town of Lomi from insurgents after a week-long offensive.",
        "Government regains territory",
    ),
    (
        "Rebels seized the district capital of Bora on Sunday after days of heavy fighting.",
        "Non-state actor overtakes territory",
    ),
    ("Residents said a helicopter dropped canisters of chlorine on the village at dawn.", "Chemical weapon"),
    ("A drone strike hit a pickup truck near the border on Tuesday, killing three men.", "Air/drone strike"),
    ("Two F-16 jets struck an ammunition depot outside the city.", "Air/drone strike"),
    ("A suicide bomber blew himself up at a checkpoint in the capital.", "Suicide bomb"),
    (
        "Artillery shells fell on the outskirts of the city overnight, damaging a school.",
        "Shelling/artillery/missile attack",
    ),
    (
        "The militia fired two ballistic missiles at the airport on Friday.",
        "Shelling/artillery/missile attack",
    ),
    (
        "A roadside bomb exploded under a police truck, wounding four officers.",
        "Remote explosive/landmine/IED",
    ),
    ("Attackers threw a grenade into a crowded bus station, injuring twelve people.", "Grenade"),
    ("Soldiers raped two women in the village, a rights group said.", "Sexual violence"),
    ("Gunmen killed eleven villagers in a night raid on their homes.", "Attack"),
    ("Armed men kidnapped a priest from his parish on Sunday.", "Abduction/forced disappearance"),
    ("Thousands of teachers marched through the capital to demand higher wages.", "Peaceful protest"),
    ("Police dispersed the rally with tear gas and detained twenty students.", "Protest with intervention"),
    (
        "Security forces opened fire on peaceful protesters, killing three.",
        "Excessive force against protesters",
    ),
    ("Rioters threw stones at police and set tyres on fire in the main square.", "Violent demonstration"),
    ("An angry mob beat a man accused of witchcraft to death.", "Mob violence"),
    ("The two armed groups signed a ceasefire agreement on Friday.", "Agreement"),
    ("Police arrested three opposition leaders at their homes on Tuesday.", "Arrests"),
    ("The army deployed additional troops to the northern border region.", "Change to group/activity"),
    ("Bomb disposal experts defused an explosive device found near the stadium.", "Disrupted weapons use"),
    (
        "Police seized rifles and hundreds of rounds of ammunition in a raid on a farm.",
        "Disrupted weapons use",
    ),
    ("The militia set up a new base on the hill overlooking the town.", "Headquarters or base established"),
    ("Armed men looted shops and torched houses in the village overnight.", "Looting/property destruction"),
    (
        "The rebels handed control of the airport to the peacekeepers without a fight.",
        "Non-violent transfer of territory",
    ),
]

NOT_EVENTS = [
    "The foreign minister urged both countries to resume talks and lift the sanctions.",  # diplomacy
    "Customs officers found two tonnes of cocaine hidden in a shipment of bananas.",  # crime
    "Floods and torrential rain killed nine people in the coastal province.",  # disaster
    "A tanker truck crashed and caught fire on the highway, killing its driver.",  # accident
    "The group claimed responsibility for last week's bombing of the bridge.",  # claim of responsibility
    "The cabinet met on Monday to discuss the budget.",
    "The two neighbours signed a trade agreement that lowers tariffs on rice.",  # not a conflict deal
    "Police arrested two men carrying heroin at the border crossing.",  # drug crime
    "The march ended peacefully and not one arrest was made, organisers said.",  # negated
]


@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_sentences_get_their_sub_event_type(text: str, expected: str, nlp: Any) -> None:
    sub, score, trigger = classify_text(text, nlp)
    assert sub == expected
    assert 0.5 <= score <= 1.0
    assert trigger and trigger in text


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_non_events_get_none(text: str, nlp: Any) -> None:
    sub, _score, _trigger = classify_text(text, nlp)
    assert sub is None


def test_the_rules_cover_every_sub_event_type_but_other() -> None:
    assert {sub for _, sub in TYPED} == set(SUB_EVENT_TYPES) - {"Other"}


def test_a_snippet_is_typed_by_its_first_event(nlp: Any) -> None:
    text = (
        "A car bomb exploded outside the governor's office on Monday. "
        "Hours later, protesters gathered in the square to denounce the government."
    )
    assert classify_text(text, nlp)[0] == "Remote explosive/landmine/IED"


def test_empty_text_is_no_event(nlp: Any) -> None:
    assert classify_text("", nlp) == (None, 0.0, "")


def annotate(text: str, nlp: Any) -> Document:
    doc = Document("t1", text)
    SpacyStage(nlp, batch_size=8)(doc)
    create_stage("eventwire.event_types.v1", None)(doc)
    return doc


def test_the_stage_adds_one_mention_per_event_sentence_with_its_trigger_span(nlp: Any) -> None:
    text = (
        "The weather was mild on Monday.\n\n"
        "Militants fired mortars at an army base near Tamu. "
        "Later, a landmine killed two farmers on a nearby road."
    )
    doc = annotate(text, nlp)
    assert [(m.sentence, m.sub_event_type) for m in doc.mentions] == [
        (1, "Shelling/artillery/missile attack"),
        (2, "Remote explosive/landmine/IED"),
    ]
    for m in doc.mentions:
        assert m.event_type == event_type_of(m.sub_event_type)
        assert doc.text[m.trigger_start : m.trigger_end] == m.trigger
        sent = doc.sentences[m.sentence]
        assert sent.start <= m.trigger_start < m.trigger_end <= sent.end
        assert m.actor1 is None and m.reported_as == "new" and not m.links_back
    assert doc.mentions[0].trigger == "mortars"
    assert doc.mentions[1].trigger == "landmine"


def test_rerunning_the_stage_replaces_its_mentions(nlp: Any) -> None:
    doc = annotate("Police arrested five men in Kano on Sunday.", nlp)
    stage = create_stage("eventwire.event_types.v1", None)
    stage(doc)
    stage(doc)
    assert [m.sub_event_type for m in doc.mentions] == ["Arrests"]


def test_min_score_is_checked_and_filters_weak_mentions(nlp: Any) -> None:
    with pytest.raises(ConfigError, match="min_score"):
        create_stage("eventwire.event_types.v1", None, {"min_score": 2})
    doc = annotate("Police arrested five men in Kano on Sunday.", nlp)
    create_stage("eventwire.event_types.v1", None, {"min_score": 0.99})(doc)
    assert doc.mentions == []


def test_recovering_a_body_is_not_regaining_territory(nlp: Any) -> None:
    sub, _score, _trigger = classify_text("Divers recovered the bodies of two fishermen from the lake.", nlp)
    assert sub != "Government regains territory"
    sub, _score, _trigger = classify_text("Troops recovered the town from the rebels on Sunday.", nlp)
    assert sub == "Government regains territory"


def test_surface_to_air_missiles_are_no_air_strike_by_that_phrase_alone(nlp: Any) -> None:
    # "air" in the name of the weapon says where it is aimed, not that aircraft attacked
    text = "The militia fired surface-to-air missiles from the hills above Dravenko on Tuesday."
    subs, _nones = score_sentence(text)
    assert "Air/drone strike" not in subs
    assert classify_text(text, nlp)[0] == "Shelling/artillery/missile attack"


def test_a_kamikaze_drone_attack_is_no_suicide_bomb(nlp: Any) -> None:
    # a "kamikaze" (loitering) drone is an unmanned aircraft: nobody dies delivering it
    text = "Kamikaze drones hit an army base near Ketsimba on Tuesday, the governor said."
    subs, _nones = score_sentence(text)
    assert "Suicide bomb" not in subs
    assert classify_text(text, nlp)[0] == "Air/drone strike"


def test_self_immolation_is_no_suicide_bomb(nlp: Any) -> None:
    subs, _nones = score_sentence("A monk self-immolated outside the governor's office in Dravenko.")
    assert "Suicide bomb" not in subs


@pytest.mark.parametrize(
    "text",
    [
        "An IED packed with ammonium nitrate went off near the market in Dravenko.",
        "A fertiliser bomb exploded outside the police station in Ketsimba on Monday.",
    ],
)
def test_the_usual_charge_of_a_bomb_is_no_evidence_of_a_disaster(text: str, nlp: Any) -> None:
    # ammonium nitrate and fertiliser are what home-made bombs are made of, not signs of an accident
    _subs, nones = score_sentence(text)
    assert "disaster" not in nones
    assert classify_text(text, nlp)[0] == "Remote explosive/landmine/IED"


def test_the_verb_is_is_not_islamic_state(nlp: Any) -> None:
    text = "It is reported that government troops recaptured the town."
    assert classify_text(text, nlp)[0] == "Government regains territory"
    # the group's initials, in capitals, still name a non-state actor
    text = "IS fighters captured the town of Ketsimba on Sunday."
    assert classify_text(text, nlp)[0] == "Non-state actor overtakes territory"
