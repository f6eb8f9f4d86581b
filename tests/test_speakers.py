"""Speakers: who each sentence is attributed to, with stance and statement date."""

from __future__ import annotations

from typing import Any

from eventwire.model import Document
from eventwire.pipeline.nlp import SpacyStage
from eventwire.pipeline.speakers import SpeakerStage, stance_of


def annotate(text: str, nlp: Any, published: str | None = "2024-05-15") -> Document:
    doc = Document("s", text, published=published)
    SpacyStage(nlp, batch_size=8)(doc)
    SpeakerStage()(doc)
    return doc


def test_named_speaker_with_title_and_date(nlp: Any) -> None:
    doc = annotate("Army spokesman John Carter announced on May 12 that the base was attacked.", nlp)
    sp = doc.sentences[0].speaker
    assert sp is not None
    assert (sp.name, sp.said_on, sp.stance) == ("John Carter", "2024-05-12", "asserted")
    assert sp.title is not None and "spokesman" in sp.title


def test_speaker_without_name_keeps_title_and_organisation(nlp: Any) -> None:
    doc = annotate("The convoy was hit twice, a Pentagon spokesman said.", nlp)
    sp = doc.sentences[0].speaker
    assert sp is not None and sp.name is None
    assert (sp.title, sp.organisation) == ("Pentagon spokesman", "Pentagon")


def test_apposition_gives_name_title_and_organisation(nlp: Any) -> None:
    doc = annotate("Maria Lopez, a spokeswoman for the Interior Ministry, told reporters that two died.", nlp)
    sp = doc.sentences[0].speaker
    assert sp is not None
    assert (sp.name, sp.title, sp.organisation) == ("Maria Lopez", "spokeswoman", "Interior Ministry")


def test_quotes_take_the_attribution_of_the_next_sentence(nlp: Any) -> None:
    doc = annotate('"We saw smoke everywhere." The farmer Samuel Okoro said he fled at dawn.', nlp)
    assert [s.speaker.name if s.speaker else None for s in doc.sentences] == ["Samuel Okoro", "Samuel Okoro"]


def test_pronouns_take_the_last_named_speaker(nlp: Any) -> None:
    doc = annotate("Governor Ali Musa said the roads were closed. He said schools would stay shut.", nlp)
    assert [s.speaker.name if s.speaker else None for s in doc.sentences] == ["Ali Musa", "Ali Musa"]


def test_stances(nlp: Any) -> None:
    doc = annotate(
        "The Northern Front claimed responsibility for the ambush. "
        "The ministry denied the allegations. "
        "According to local media, six homes burned. "
        "Farmers planted maize in the valley.",
        nlp,
    )
    stances = [s.speaker.stance if s.speaker else None for s in doc.sentences]
    assert stances == ["claimed", "denied", "reported", None]


def test_rerunning_replaces_speakers(nlp: Any) -> None:
    doc = annotate("Police said the road was reopened.", nlp)
    doc.sentences[0].speaker = None
    SpeakerStage()(doc)
    assert doc.sentences[0].speaker is not None


def test_the_organisation_in_front_of_a_title_keeps_its_noun(nlp: Any) -> None:
    doc = annotate("Defence ministry spokeswoman Laura Bennett said the convoy was ambushed.", nlp)
    speaker = doc.sentences[0].speaker
    assert speaker is not None
    assert (speaker.name, speaker.organisation) == ("Laura Bennett", "Defence ministry")


def test_stance_of_a_sentence() -> None:
    assert stance_of("The group claimed responsibility for the blast.") == "claimed"
    assert stance_of("The army denied the accusations.") == "denied"
    assert stance_of("Ten people were reportedly killed.") == "reported"
    assert stance_of("Ten people were killed.") == "asserted"
    # a party's own figure is a claim, however it is worded
    assert stance_of("The rebels claimed on their channel that they had killed 40 soldiers.") == "claimed"
    assert stance_of("The militia claims to have shot down two drones.") == "claimed"
