"""Time expressions resolved to dates: :func:`analyse` and the helpers built on it.

Decisions:

* Weekdays mean the most recent such day on or before the reference
  ("Monday" in an article published on a Monday is that day); "next Monday" is
  the next one after it.
* "overnight" and "last night" are the day before the reference (precision 1).
* Durations ("for three years", "two weeks") and ages ("60-year-old") are not
  points in time and are skipped; "in the past three days" is a range ending at
  the reference.
* A date without a year takes the reference's year, or the year before when
  that would put it after the reference (reports look back).
* "last March" is the latest March before the reference's month (the same
  year's in June, the year before's in February or in March itself); "next
  March" the first after it.
* Impossible dates ("February 30") are skipped.
* Precision follows ACLED: 1 a day, 2 a few days up to a week, 3 a month or more.

Simple forms are resolved by rules; anything else falls back to dateparser, with
one parser per reference date and results cached per (text, reference).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from .time_rules import Resolved, absolute, day_range, relative
from .time_specials import CLOCK, Result, last_quarter, special
from .time_words import MONTH, NUM, NUMWORDS, PART, WEEKDAY, WEEKDAYS, iso_date, month_end

Analysis = tuple[str | None, str | None, int, str | None, str]  # ... and the relation
_PART_CODES = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "tonight": "TNI",
               "overnight": "TNI"}  # fmt: skip

_SKIP = re.compile(
    rf"\d+[\s-]+years?[\s-]+old|\byear-old\b|\baged?\b|^(?:for|over|within|after)\s|^(?:the\s+)?{NUM}\s+"
    r"(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)$|\b(?:annual|annually|daily|weekly|monthly"
    r"|decades|centuries)\b",
    re.I,
)


@lru_cache(maxsize=32)
def _dateparser(ref: date | None) -> Any:
    from datetime import datetime

    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if ref is not None:
        settings["RELATIVE_BASE"] = datetime(ref.year, ref.month, ref.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _fallback(text: str, ref: date | None) -> Resolved | None:
    if ref is None and not re.search(r"\b\d{4}\b", text):
        return None
    data = _dateparser(ref).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "month":
        return iso_date(date(d.year, d.month, 1)), iso_date(month_end(d.year, d.month)), 3
    if period == "year":
        return iso_date(date(d.year, 1, 1)), iso_date(date(d.year, 12, 31)), 3
    if period == "week":
        monday = d - timedelta(days=d.weekday())
        return iso_date(monday), iso_date(monday + timedelta(days=6)), 2
    return iso_date(d), iso_date(d), 1


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")


def _value(t: str, start: str | None, end: str | None, precision: int, ref: date | None) -> str | None:
    """The TIMEX3 value of a resolved span, from its shape and wording."""
    if start is None or end is None:
        return None
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    if "weekend" in t:
        iso = a.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}-WE"
    if re.search(r"\bweek\b", t) and (b - a).days <= 6:
        iso = a.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if re.search(r"\bmonth\b", t) and a.month == b.month and a.year == b.year:
        return f"{a.year}-{a.month:02d}"
    if re.search(r"\byear\b", t) and a.year == b.year:
        return str(a.year)
    if a == b:
        for word, code in _PART_CODES.items():
            if re.search(rf"\b{word}\b", t):
                return f"{start}{code}"
        return start
    if re.search(r"\b(?:days|weeks)\b", t) or (b - a).days < 27:
        return None
    if a.day == 1 and a.month == b.month and a.year == b.year:
        return f"{a.year}-{a.month:02d}"
    if a.month == 1 and a.day == 1 and a.year == b.year and (b.month == 12 or b == ref):
        return str(a.year)
    return None


@lru_cache(maxsize=8192)
def analyse(
    text: str, reference: date | None, tense: str = "past", quarterly: bool = False
) -> Analysis | None:
    """Resolve ``text``: (date_start, date_end, precision, value, relation), or None when it is no time.

    ``tense`` is that of the clause the expression sits in: "past" (the
    default: reports look back), "present" or "future". It decides which way a
    weekday ("future": the next such day) or a date without a year ("future":
    the next; "present": the nearer of the last and the next) is read.
    ``quarterly``: the sentence speaks of quarters, so "a year earlier" means
    the same quarter a year before (TimeML's reading of results reports).
    """
    t = _normalise(text)
    relation = "at"
    m = re.match(r"(since|until|till|through|up\s+to)\s+", t)
    if m:
        relation = "since" if m[1] == "since" else "until"
        t = t[m.end() :]
    if not t or _SKIP.search(t):
        return None
    t = re.sub(r"^(?:on|in|at|during|by|around|about|as\s+of)\s+(?!the\s+past$|present$)", "", t)
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"^the\s+(?=\d)", "", t)
    clock = None
    m = re.search(r",?\s+(?:at\s+)?(?:around\s+)?(\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m\.?)$", t)
    if m and m.start() > 0:
        clock, t = m[1], t[: m.start()]
    t = re.sub(rf"^(?:early|late|mid)[\s-]+(?={WEEKDAY}|\d|{MONTH})", "", t)
    t = re.sub(rf"^{WEEKDAY},?\s+(?=\d|{MONTH})", "", t)  # "Monday, November 20"
    value: str | None = None
    result: Resolved | Result | None | bool = special(t, reference)
    if isinstance(result, tuple) and len(result) == 4:
        start, end, precision, value = result
    else:
        if result is False and tense == "future" and reference is not None:
            wd = re.fullmatch(rf"({WEEKDAY})(?:\s+{PART})?", t)
            if wd:
                ahead = (WEEKDAYS[wd[1]] - reference.weekday()) % 7
                d = reference + timedelta(days=ahead)
                result = iso_date(d), iso_date(d), 1
        if result is False:
            for rule in (day_range, absolute, relative):
                result = rule(t, reference, tense)
                if result is not False:
                    break
        if result is False:
            if re.fullmatch(r"[\d\s:.apm]+", t):  # bare numbers
                return None
            result = _fallback(t, reference)
        if result is None or isinstance(result, bool):
            return None
        start, end, precision = result[:3]
        value = _value(t, start, end, precision, reference)
        m = re.fullmatch(rf"({NUM})\s+(years?|months?|weeks?)\s+ago", t)
        if m and start is not None and reference is not None:
            n = NUMWORDS.get(m[1], None) or int(m[1])
            if m[2].startswith("year"):
                value = str(reference.year - n)
            elif m[2].startswith("month"):
                value = start[:7]
            else:
                iso = date.fromisoformat(start).isocalendar()
                value = f"{iso[0]}-W{iso[1]:02d}"
        if re.search(r"\brecent\b", t):
            value = "PAST_REF"
    if (
        quarterly
        and reference is not None
        and re.fullmatch(r"(?:a\s+|one\s+)?year[\s-](?:earlier|before|ago)", t)
    ):
        year, q = last_quarter(reference)
        value = f"{year - 1}-Q{q}"
    if clock and value and len(value) == 10:
        cm = CLOCK.fullmatch(clock)
        if cm and cm[1]:
            value += f"T{int(cm[1]) % 12 + (12 if cm[3] == 'p' else 0):02d}:{int(cm[2] or 0):02d}"
    if relation == "range" or (start and end and start != end and precision == 1):
        relation = "range"
    if day_range(t, reference) not in (False, None):
        relation = "range"
        value = None
    if relation == "since":
        end = iso_date(reference) if reference is not None and (start or "") <= iso_date(reference) else end
        precision = max(precision, 2)
    elif relation == "until":
        start = None
    return start, end, precision, value, relation


def analyse_time(text: str, reference: date | None) -> tuple[str | None, str | None, int, str] | None:
    """Resolve ``text`` to (date_start, date_end, precision, relation), or None when it is no time point."""
    result = analyse(text, reference)
    if result is None:
        return None
    start, end, precision, _, relation = result
    return start, end, precision, relation


def resolve_time(text: str, reference: date | None) -> tuple[str | None, str | None, int] | None:
    """(date_start, date_end, precision) for a time expression, or None when it is none.

    Relative expressions without a reference give (None, None, precision).
    """
    result = analyse_time(text, reference)
    return None if result is None else result[:3]


def parse_reference(value: str | None) -> date | None:
    """The date of an ISO 8601 date or datetime string; None when missing or invalid."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
