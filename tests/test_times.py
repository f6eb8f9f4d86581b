"""Time expressions resolved against the publication or statement date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eventwire.model import Document, Speaker
from eventwire.pipeline.nlp import SpacyStage
from eventwire.pipeline.times import TimeStage, analyse_time, resolve_time

WEDNESDAY = date(2023, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", ("2023-11-21", "2023-11-21", 1)),
        ("last night", ("2023-11-21", "2023-11-21", 1)),
        ("overnight", ("2023-11-21", "2023-11-21", 1)),
        ("this morning", ("2023-11-22", "2023-11-22", 1)),
        ("early Sunday", ("2023-11-19", "2023-11-19", 1)),
        ("on Monday", ("2023-11-20", "2023-11-20", 1)),
        ("Wednesday", ("2023-11-22", "2023-11-22", 1)),
        ("earlier this week", ("2023-11-20", "2023-11-22", 2)),
        ("last week", ("2023-11-13", "2023-11-19", 2)),
        ("in recent days", ("2023-11-16", "2023-11-22", 2)),
        ("last month", ("2023-10-01", "2023-10-31", 3)),
        ("two days ago", ("2023-11-20", "2023-11-20", 1)),
        ("November 21", ("2023-11-21", "2023-11-21", 1)),
        ("December 30", ("2022-12-30", "2022-12-30", 1)),
        ("Nov. 3, 2021", ("2021-11-03", "2021-11-03", 1)),
        ("October 2023", ("2023-10-01", "2023-10-31", 3)),
        ("2019", ("2019-01-01", "2019-12-31", 3)),
    ],
)
def test_expressions_resolve_against_the_reference(text: str, expected: tuple[str, str, int]) -> None:
    assert resolve_time(text, WEDNESDAY) == expected


def test_since_runs_to_the_reference_date() -> None:
    assert analyse_time("since October 17", WEDNESDAY) == ("2023-10-17", "2023-11-22", 2, "since")


def test_day_ranges() -> None:
    assert analyse_time("between 3 and 5 May", WEDNESDAY) == ("2023-05-03", "2023-05-05", 2, "range")


def test_without_reference_only_absolute_dates_resolve() -> None:
    assert resolve_time("yesterday", None) == (None, None, 1)
    assert resolve_time("21 November 2023", None) == ("2023-11-21", "2023-11-21", 1)


@pytest.mark.parametrize("text", ["February 30", "60-year-old", "for three years", "three years", "3 a.m."])
def test_impossible_dates_ages_and_durations_are_skipped(text: str) -> None:
    assert resolve_time(text, WEDNESDAY) is None


def test_dateparser_handles_other_forms() -> None:
    assert resolve_time("the 5th of March 2020", WEDNESDAY) == ("2020-03-05", "2020-03-05", 1)


def annotate(text: str, nlp: Any, published: str | None) -> Document:
    doc = Document("t", text, published=published)
    SpacyStage(nlp, batch_size=8)(doc)
    return doc


def test_the_stage_resolves_mentions_against_publication(nlp: Any) -> None:
    doc = annotate("Rebels shelled the town early Sunday. Fighting has gone on since October 17.", nlp,
                   "2023-11-22T12:00:00Z")  # fmt: skip
    TimeStage()(doc)
    got = [(t.text, t.sentence, t.date_start, t.date_end, t.relation) for t in doc.times]
    assert got == [
        ("early Sunday", 0, "2023-11-19", "2023-11-19", "at"),
        ("since October 17", 1, "2023-10-17", "2023-11-22", "since"),
    ]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.times)


def test_a_dated_statement_is_the_reference(nlp: Any) -> None:
    doc = annotate("The official said militants attacked the base last night.", nlp, "2023-11-22")
    doc.sentences[0].speaker = Speaker(name="A. Official", said_on="2023-11-10")
    TimeStage()(doc)
    assert [(t.text, t.date_start) for t in doc.times] == [("last night", "2023-11-09")]


def test_a_document_without_publication_date(nlp: Any) -> None:
    doc = annotate("Troops arrived yesterday. The town fell on 2 March 2021.", nlp, None)
    TimeStage()(doc)
    assert [(t.text, t.date_start, t.time_precision) for t in doc.times] == [
        ("yesterday", None, 1),
        ("2 March 2021", "2021-03-02", 1),
    ]


def test_impossible_dates_in_text_do_not_crash(nlp: Any) -> None:
    doc = annotate("The raid happened on February 30 according to the statement.", nlp, "2023-03-05")
    TimeStage()(doc)
    assert all(t.date_start is not None for t in doc.times)
    assert not any("February 30" in t.text for t in doc.times)
