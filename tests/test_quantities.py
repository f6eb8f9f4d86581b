"""Casualty figures: number phrases, cues, sums, zero, cumulative tallies."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.model import Document, Range
from eventwire.pipeline.nlp import SpacyStage
from eventwire.pipeline.quantities import QuantityStage, parse_count


def annotate(text: str, nlp: Any) -> Document:
    doc = Document("q", text)
    SpacyStage(nlp, batch_size=8)(doc)
    QuantityStage()(doc)
    return doc


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("12", Range(12, 12, 12)),
        ("1,200", Range(1200, 1200, 1200)),
        ("eight", Range(8, 8, 8)),
        ("twenty-three", Range(23, 23, 23)),
        ("a dozen", Range(12, 12, 12)),
        ("two hundred and five", Range(205, 205, 205)),
        ("at least 12", Range(12, 12, None)),
        ("more than 20", Range(21, 21, None)),
        ("up to 30", Range(None, 30, 30)),
        ("as many as 30", Range(None, 30, 30)),
        ("nearly 100", Range(None, 100, 100)),
        ("about 50", Range(45, 50, 55)),
        ("3 to 5", Range(3, 3, 5)),
        ("between 3 and 5", Range(3, 3, 5)),
        ("several", Range(3, 4, 9)),
        ("a few", Range(2, 3, 4)),
        ("dozens", Range(24, 24, 99)),
        ("hundreds", Range(200, 200, 999)),
    ],
)
def test_number_phrases_become_ranges(phrase: str, expected: Range) -> None:
    assert parse_count(phrase) == expected


def test_overflowing_and_non_numbers_are_ignored() -> None:
    assert parse_count("1,000,000,000") is None
    assert parse_count("the village") is None


@pytest.mark.parametrize(
    ("text", "metric", "best", "subject"),
    [
        ("At least 14 villagers were killed in the raid.", "killed", 14, "villagers"),
        ("Gunmen killed two police officers near the market.", "killed", 2, "police officers"),
        ("Five people died and the building collapsed.", "killed", 5, "people"),
        ("The blast left nine dead.", "killed", 9, None),
        ("The attack wounded 31 passengers.", "injured", 31, "passengers"),
        ("Seventeen pupils were kidnapped from the school.", "abducted", 17, "pupils"),
        ("Troops detained 40 suspects after the clashes.", "arrested", 40, "suspects"),
        ("The death toll from the flood of violence rose to 30.", "killed", 30, None),
        ("The strike resulted in the deaths of several fighters.", "killed", 4, "fighters"),
        ("A shopkeeper was shot dead outside his home.", "killed", 1, "shopkeeper"),
    ],
)
def test_casualty_cues_give_metric_count_and_subject(
    text: str, metric: str, best: int, subject: str | None, nlp: Any
) -> None:
    doc = annotate(text, nlp)
    assert [(q.metric, q.value.best, q.subject) for q in doc.quantities] == [(metric, best, subject)]
    q = doc.quantities[0]
    assert doc.text[q.start : q.end] == q.text


def test_the_attackers_are_not_counted_as_victims(nlp: Any) -> None:
    doc = annotate("Three gunmen killed 11 farmers on the road.", nlp)
    assert [(q.value.best, q.subject) for q in doc.quantities] == [(11, "farmers")]


def test_figures_joined_in_one_clause_are_summed(nlp: Any) -> None:
    doc = annotate("Two soldiers and three civilians were killed, and 14 others wounded.", nlp)
    killed = [q for q in doc.quantities if q.metric == "killed"]
    injured = [q for q in doc.quantities if q.metric == "injured"]
    assert killed[0].value == Range(5, 5, 5) and killed[0].subject == "mixed"
    assert injured[0].value.best == 14


def test_no_one_killed_is_zero(nlp: Any) -> None:
    doc = annotate("No one was killed in the fire. There were no casualties at the checkpoint.", nlp)
    assert [(q.metric, q.value.best, q.sentence) for q in doc.quantities] == [
        ("killed", 0, 0),
        ("killed", 0, 1),
        ("injured", 0, 1),
    ]


def test_tallies_are_cumulative_and_updated_tolls_are_not(nlp: Any) -> None:
    doc = annotate(
        "Some 300 people have been killed in the province since March 3. "
        "The toll from Friday's bombing has risen to 22.",
        nlp,
    )
    assert [(q.value.best, q.cumulative) for q in doc.quantities] == [(300, True), (22, False)]


def test_a_figure_that_excludes_another_is_a_tally(nlp: Any) -> None:
    doc = annotate("Clashes injured 40 guards, not including the six people injured on the bridge.", nlp)
    assert [(q.value.best, q.cumulative) for q in doc.quantities] == [(40, True), (6, False)]


def test_ranges_and_dates_in_a_sentence(nlp: Any) -> None:
    doc = annotate("Between 10 and 15 people died on 12 May.", nlp)
    assert [(q.value, q.subject) for q in doc.quantities] == [(Range(10, 10, 15), "people")]


def test_overflowing_figures_give_no_mention(nlp: Any) -> None:
    assert annotate("1,000,000,000 people were killed.", nlp).quantities == []


def test_rerunning_replaces_the_mentions(nlp: Any) -> None:
    doc = annotate("Eight miners were abducted.", nlp)
    QuantityStage()(doc)
    assert len(doc.quantities) == 1


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Unknown gunmen killed the headmaster of the village school on Sunday.", 1),
        ("A fisherman died when his boat struck a mine near the coast.", 1),
        ("Militants shot dead a district commissioner and his bodyguard near the market.", 2),
        ("The journalist was stabbed to death outside his home.", 1),
    ],
)
def test_people_named_without_a_number_count_one_each(nlp: Any, text: str, killed: int) -> None:
    figures = [q for q in annotate(text, nlp).quantities if q.metric == "killed"]
    assert [q.value.best for q in figures] == [killed]


def test_a_killed_plan_or_plural_without_a_number_is_no_count(nlp: Any) -> None:
    assert annotate("The dispute killed the ceasefire talks.", nlp).quantities == []
    assert [
        q for q in annotate("Soldiers were killed near the border.", nlp).quantities if q.metric == "killed"
    ] == []


def test_a_partitive_figure_is_not_added_to_the_total(nlp: Any) -> None:
    doc = annotate("Gunmen attacked a bar, killing 4 people, 3 of whom were off-duty policemen.", nlp)
    assert [q.value.best for q in doc.quantities if q.metric == "killed"] == [4]


def test_counts_up_to_ten_million_are_kept_and_larger_ones_dropped() -> None:
    assert parse_count("2 million") == Range(2_000_000, 2_000_000, 2_000_000)  # a displacement figure
    assert parse_count("10,000,001") is None


def test_an_exclusion_later_in_the_clause_makes_the_figure_a_tally(nlp: Any) -> None:
    doc = annotate(
        "Shelling injured 52 guards in those raids, not counting the three guards hurt on Friday.", nlp
    )
    assert [(q.value.best, q.cumulative) for q in doc.quantities] == [(52, True), (3, False)]


def test_martyred_counts_as_killed(nlp: Any) -> None:
    doc = annotate("Four fighters were martyred when the convoy was ambushed near Hit.", nlp)
    assert [(q.metric, q.value.best) for q in doc.quantities] == [("killed", 4)]
