"""Explicit zero casualty statements: "no casualties", "nobody was hurt", "killing no one".

An article that says nobody was killed or hurt codes 0, not an unknown figure, and the
evidence of that 0 is the zero wording itself. Wording that only says a figure is
missing stays unknown, and a number stated for the same incident wins over a zero.
"""

from __future__ import annotations

import pytest

from eventwire import Pipeline, extract
from eventwire.model import Document, Event, Range
from eventwire.pipeline.zeros import zero_mentions

LEAD = "Gunmen attacked a police post in Tovrina on Monday."
ZERO = Range(0, 0, 0)
UNKNOWN = Range()


def only_event(text: str, pipeline: Pipeline) -> tuple[Document, Event]:
    doc = extract(text, published="2024-03-05", pipeline=pipeline)
    assert len(doc.events) == 1, [e.event_type for e in doc.events]
    return doc, doc.events[0]


def evidence(doc: Document, event: Event, metric: str) -> list[str]:
    """The words each of the event's figure claims for ``metric`` stands on."""
    claims = [c for c in event.claims if c.kind == "figure" and c.metric == metric]
    for c in claims:  # each claim's span lies inside the sentence it names
        start = doc.text.index(c.sentence)
        assert start <= c.char_start < c.char_end <= start + len(c.sentence)
    return [doc.text[c.char_start : c.char_end] for c in claims]


@pytest.mark.parametrize(
    ("sentence", "killed", "injured", "wording"),
    [
        ("There were no casualties.", ZERO, ZERO, "no casualties"),
        ("No one was killed.", ZERO, UNKNOWN, "No one was killed"),
        ("Nobody was hurt.", UNKNOWN, ZERO, "Nobody was hurt"),
        ("No one was injured.", UNKNOWN, ZERO, "No one was injured"),
        ("There were no injuries.", UNKNOWN, ZERO, "no injuries"),
        ("No deaths were reported.", ZERO, UNKNOWN, "No deaths"),
        ("The officers drove them off without injuries.", UNKNOWN, ZERO, "without injuries"),
        ("The officers drove them off without casualties.", ZERO, ZERO, "without casualties"),
        ("The assault caused no casualties.", ZERO, ZERO, "no casualties"),
        ("There were no fatalities.", ZERO, UNKNOWN, "no fatalities"),
        ("There was no loss of life.", ZERO, UNKNOWN, "no loss of life"),
        ("No one was harmed.", ZERO, ZERO, "No one was harmed"),
        ("None of the guards was hurt.", UNKNOWN, ZERO, "None of the guards was hurt"),
        ("No deaths or injuries were reported.", ZERO, ZERO, "No deaths or injuries"),
    ],
)
def test_a_zero_statement_codes_zero_with_its_wording_as_evidence(
    sentence: str, killed: Range, injured: Range, wording: str, pipeline: Pipeline
) -> None:
    doc, event = only_event(f"{LEAD} {sentence}", pipeline)
    assert (event.fatalities, event.injuries) == (killed, injured)
    for metric, value in (("killed", killed), ("injured", injured)):
        assert evidence(doc, event, metric) == ([wording] if value == ZERO else [])


def test_killing_no_one_is_zero_killed(pipeline: Pipeline) -> None:
    doc, event = only_event(
        "A bomb exploded outside the court in Tovrina on Monday, killing no one.", pipeline
    )
    assert event.fatalities == ZERO and event.injuries == UNKNOWN
    assert evidence(doc, event, "killed") == ["killing no one"]


def test_the_zero_claim_points_into_its_own_sentence(pipeline: Pipeline) -> None:
    doc, event = only_event(f"{LEAD} Nobody was hurt.", pipeline)
    (claim,) = [c for c in event.claims if c.kind == "figure"]
    assert claim.sentence == "Nobody was hurt."
    assert doc.text[claim.char_start : claim.char_end] == "Nobody was hurt"
    assert claim.char_start == len(LEAD) + 1


@pytest.mark.parametrize(
    "sentence",
    [
        "No one claimed responsibility.",
        "No group has claimed the attack.",
        "The number of casualties was not known.",
        "No figure for casualties was given.",
        "It was not clear whether anyone was hurt.",
        "There was no official casualty toll.",
        "No casualty figures were released.",
    ],
)
def test_wording_that_only_says_a_figure_is_missing_stays_unknown(sentence: str, pipeline: Pipeline) -> None:
    doc, event = only_event(f"{LEAD} {sentence}", pipeline)
    assert (event.fatalities, event.injuries) == (UNKNOWN, UNKNOWN)
    assert [c for c in event.claims if c.kind == "figure"] == []


def test_a_stated_figure_wins_over_a_zero_for_the_same_incident(pipeline: Pipeline) -> None:
    doc, event = only_event(
        "Three civilians were killed when gunmen attacked a police post in Tovrina on Monday. "
        "The army said there were no casualties among the soldiers.",
        pipeline,
    )
    assert event.fatalities == Range(3, 3, 3)  # not 0 to 3: the zero speaks for the soldiers only
    assert event.injuries == ZERO  # nothing else is said about the wounded
    assert evidence(doc, event, "killed") == ["Three civilians were killed", "no casualties"]
    assert evidence(doc, event, "injured") == ["no casualties"]


def test_a_figure_stated_after_the_zero_wins_too(pipeline: Pipeline) -> None:
    doc, event = only_event(
        "The army said there were no casualties among its soldiers after gunmen attacked a police post "
        "in Tovrina on Monday. Three civilians were killed in the attack, the mayor said.",
        pipeline,
    )
    assert event.fatalities == Range(3, 3, 3)


def test_no_one_killed_but_some_wounded_gives_both(pipeline: Pipeline) -> None:
    doc, event = only_event(f"{LEAD} No one was killed but five were wounded.", pipeline)
    assert (event.fatalities, event.injuries) == (ZERO, Range(5, 5, 5))
    assert evidence(doc, event, "killed") == ["No one was killed"]
    assert evidence(doc, event, "injured") == ["five were wounded"]


@pytest.mark.parametrize(
    "sentence",
    ["No one knows how many people were killed.", "No one said anyone was hurt."],
)
def test_the_negated_word_must_be_who_was_hurt(sentence: str) -> None:
    assert zero_mentions(sentence, 0, 0) == []


@pytest.mark.parametrize(
    ("sentence", "metrics"),
    [
        ("No soldiers or civilians were killed.", ["killed"]),
        ("Nobody in the crowded market was hurt or killed.", ["killed", "injured"]),
        ("No one died in the blaze.", ["killed"]),
        ("No one is believed to have been kidnapped.", ["abducted"]),
    ],
)
def test_zero_statements_name_their_metrics(sentence: str, metrics: list[str]) -> None:
    found = zero_mentions(sentence, 10, 3)
    assert [q.metric for q in found] == metrics
    assert all(q.value == ZERO and q.sentence == 3 and q.start == 10 for q in found)
