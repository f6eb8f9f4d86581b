"""Time expressions resolved against the publication or statement date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eventwire.model import Document, Speaker
from eventwire.pipeline.nlp import SpacyStage
from eventwire.pipeline.times import TimeStage, analyse, analyse_time, resolve_time

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


@pytest.mark.parametrize(
    "text", ["February 30", "60-year-old", "for three years", "three years", "April 31, 2022"]
)
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


def test_a_possessive_day_is_a_day_and_a_date_run_together_splits_at_its_comma(nlp: Any) -> None:
    # published on a Sunday: "Sunday's shelling" is that day, not the start of a range
    doc = annotate("The toll from Sunday's shelling rose. Calm returned on Monday, two days after the raid.",
                   nlp, "2023-11-19T18:00:00Z")  # fmt: skip
    TimeStage()(doc)
    got = [(t.text, t.date_start) for t in doc.times]
    assert ("Sunday", "2023-11-19") in got
    assert ("Monday", "2023-11-13") in got  # "Monday, two days" read as no time before


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


def test_a_clock_time_gets_a_value_but_no_day() -> None:
    # "3 a.m." alone does not say which day: no date for the event, a TIMEX value for TimeML
    assert analyse("3 a.m.", WEDNESDAY) == (None, None, 1, "2023-11-22T03:00", "at")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Tuesday", "2023-11-21"),
        ("Monday morning", "2023-11-20TMO"),
        ("Saturday night", "2023-11-18TNI"),
        ("last year", "2022"),
        ("this week", "2023-W47"),
        ("last month", "2023-10"),
        ("the third quarter", "2023-Q3"),
        ("third-quarter", "2023-Q3"),
        ("the fourth quarter", "2023-Q4"),
        ("the quarter", "2023-Q3"),
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("in recent days", "PAST_REF"),
        ("the future", "FUTURE_REF"),
        ("the 1990s", "199"),
        ("the 19th century", "18"),
        ("last summer", "2022-SU"),
        ("this winter", "2023-WI"),
        ("early next year", "2024"),
        ("next month", "2023-12"),
        ("tomorrow", "2023-11-23"),
        ("two years ago", "2021"),
        ("fiscal 2021", "2021"),
        ("March 3, 2020", "2020-03-03"),
        ("June 2019", "2019-06"),
        ("Nov. 20 at 10:15 a.m.", "2023-11-20T10:15"),
    ],
)
def test_timex3_values(text: str, value: str) -> None:
    result = analyse(text, WEDNESDAY)
    assert result is not None and result[3] == value


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (date(2024, 6, 10), ("2024-03-01", "2024-03-31", 3)),  # March has passed this year: this year's
        (date(2024, 2, 10), ("2023-03-01", "2023-03-31", 3)),  # not yet: the year before's
        (date(2024, 3, 20), ("2023-03-01", "2023-03-31", 3)),  # in March itself: the one before
    ],
)
def test_last_march_is_the_latest_march_before_the_reference_month(
    reference: date, expected: tuple[str, str, int]
) -> None:
    assert resolve_time("last March", reference) == expected


def test_a_bare_month_may_be_the_reference_month_itself() -> None:
    # "in March" written on 20 March is this March; "last March" would be a year earlier
    assert resolve_time("in March", date(2024, 3, 20)) == ("2024-03-01", "2024-03-31", 3)
    assert resolve_time("in March", date(2024, 2, 10)) == ("2023-03-01", "2023-03-31", 3)


def test_reference_words_have_no_date_for_events() -> None:
    assert analyse("recently", WEDNESDAY) == (None, None, 3, "PAST_REF", "at")


def test_a_year_earlier_in_quarterly_results_is_that_quarter() -> None:
    assert analyse("a year earlier", WEDNESDAY)[3] == "2022"  # type: ignore[index]
    assert analyse("a year earlier", WEDNESDAY, quarterly=True)[3] == "2022-Q3"  # type: ignore[index]


def test_the_tense_of_the_clause_picks_the_direction() -> None:
    # a weekday in a future clause is the next one; a date without a year in a
    # present-tense clause is the nearer one; in a past clause the last one
    assert analyse("Friday", WEDNESDAY, "future")[0] == "2023-11-24"  # type: ignore[index]
    assert analyse("Friday", WEDNESDAY, "past")[0] == "2023-11-17"  # type: ignore[index]
    assert analyse("Dec. 5", WEDNESDAY, "present")[0] == "2023-12-05"  # type: ignore[index]
    assert analyse("Dec. 5", WEDNESDAY, "past")[0] == "2022-12-05"  # type: ignore[index]


def test_without_reference_relative_values_stay_unknown() -> None:
    assert analyse("last week", None) == (None, None, 2, None, "at")
    assert analyse("May 4, 2021", None) == ("2021-05-04", "2021-05-04", 1, "2021-05-04", "at")


def test_the_stage_reads_the_tense_from_the_parse(nlp: Any) -> None:
    doc = annotate("The talks will resume on Friday. Gunmen attacked a convoy on Friday.", nlp, "2023-11-22")
    TimeStage()(doc)
    assert [(t.sentence, t.date_start, t.value) for t in doc.times] == [
        (0, "2023-11-24", "2023-11-24"),
        (1, "2023-11-17", "2023-11-17"),
    ]


def test_dates_far_from_the_reference_are_kept_but_flagged(nlp: Any) -> None:
    doc = annotate("The village was first attacked on 4 June 2015. It was shelled again on Monday.", nlp,
                   "2023-11-22")  # fmt: skip
    TimeStage()(doc)
    far, near = doc.times
    assert (far.date_start, far.flag, far.time_precision) == ("2015-06-04", "far_from_reference", 3)
    assert (near.date_start, near.flag, near.time_precision) == ("2023-11-20", None, 1)


def test_rerunning_the_stage_replaces_its_mentions(nlp: Any) -> None:
    doc = annotate("Troops withdrew last week.", nlp, "2023-11-22")
    TimeStage()(doc)
    TimeStage()(doc)
    assert [t.value for t in doc.times] == ["2023-W46"]
