"""Stage eventwire.actors.v1: actors normalised ACLED-style, with roles in event mentions."""

from __future__ import annotations

import re

import pytest

from eventwire.model import Document, EventMention
from eventwire.pipeline.registry import create_stage

TRIGGER = re.compile(r"\b(attacked|killed|fired|struck|stormed|shot|abducted)\b")


@pytest.fixture(scope="module")
def run(resources):
    """spacy -> places -> (hand-made event mentions on the first violent verb) -> actors."""
    stages = [create_stage(n, resources) for n in ("eventwire.spacy.v1", "eventwire.places.v1")]
    actors = create_stage("eventwire.actors.v1", resources)

    def go(text: str) -> Document:
        doc = Document("t", text)
        for s in stages:
            s(doc)
        doc.mentions = []
        for sent in doc.sentences:
            m = TRIGGER.search(sent.text)
            if m:
                start = sent.start + m.start()
                doc.mentions.append(
                    EventMention(
                        sent.index,
                        "Violence against civilians",
                        "Attack",
                        0.9,
                        m.group(),
                        start,
                        start + len(m.group()),
                    )
                )
        actors(doc)
        return doc

    return go


def names(doc: Document) -> list[tuple[str, str | None, str | None]]:
    return [(a.name, a.kind, a.role) for a in doc.actors]


def test_active_sentence_subject_initiates_object_is_targeted(run) -> None:
    doc = run("Iraqi soldiers attacked protesters in Baghdad on Friday.")
    assert names(doc) == [
        ("Military Forces of Iraq", "state", "initiator"),
        ("Protesters (Iraq)", "protesters", "target"),
    ]
    assert (doc.mentions[0].actor1, doc.mentions[0].actor2) == (
        "Military Forces of Iraq",
        "Protesters (Iraq)",
    )


def test_passive_sentence_agent_initiates_victims_are_targets(run) -> None:
    doc = run("Three soldiers were killed by Islamic State militants near Kirkuk.")
    mention = doc.mentions[0]
    assert (mention.actor1, mention.actor2) == ("Islamic State", "Military Forces of Iraq")
    assert doc.actors[1].text == "Islamic State militants"


@pytest.mark.parametrize("alias", ["ISIS", "ISIL", "Daesh"])
def test_group_aliases_share_one_name(run, alias: str) -> None:
    doc = run(f"{alias} fighters attacked a village in Syria.")
    assert doc.actors[0].name == "Islamic State" and doc.actors[0].role == "initiator"


def test_short_acronyms_are_case_sensitive(run) -> None:
    assert [a.name for a in run("The IS cell is small.").actors] == ["Islamic State"]


def test_foreign_forces_are_named_by_their_adjective_and_marked_external(run) -> None:
    doc = run("Iran-backed militias fired rockets at US forces in Iraq.")
    assert names(doc) == [
        ("Pro-Iranian militia groups", "militia", "initiator"),
        ("Military Forces of the United States", "external", "target"),
    ]
    assert doc.actors[1].text == "US forces"


def test_unnamed_attackers_and_victims_take_the_documents_country(run) -> None:
    doc = run("Gunmen shot two police officers in Kano on Monday, police said.")
    assert names(doc) == [
        ("Unidentified Armed Group (Nigeria)", "rebel", "initiator"),
        ("Police Forces of Nigeria", "state", "target"),
        ("Police Forces of Nigeria", "state", None),  # the speaker is not a party
    ]


def test_modifiers_that_are_not_actors_are_skipped(run) -> None:
    doc = run("A rocket struck a military base near a police station in Somalia.")
    assert doc.actors == []


def test_houthis_by_any_name(run) -> None:
    for text in ("Houthi rebels attacked a ship.", "Ansar Allah attacked a ship."):
        assert run(text).actors[0].name == "Houthi Movement"


def test_a_country_coordinated_before_other_forces_is_the_target(pipeline) -> None:
    doc = pipeline(
        Document("t", "Militants fired rockets at US and coalition forces at a base in Iraq on Monday.")
    )
    attack = [e for e in doc.events if e.reported_as == "new"][0]
    assert attack.actor2 == "Military Forces of the United States"
