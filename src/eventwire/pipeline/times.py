"""Stage ``eventwire.times.v1``: time expressions resolved to dates.

Candidates are spaCy's DATE/TIME entities plus compiled patterns for what the
small model misses ("last night", "early Sunday", "earlier this week",
"overnight"...), widened to a preceding "since"/"until"/"between"/"from".
Each is resolved against a reference date: the sentence speaker's ``said_on``
when the attribution dates the statement, else the document's ``published``.
Without a reference, absolute dates still resolve and relative ones keep
``date_start``/``date_end`` None.

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
* Impossible dates ("February 30") are skipped.
* Precision follows ACLED: 1 a day, 2 a few days up to a week, 3 a month or more.

Simple forms are resolved by rules; anything else falls back to dateparser, with
one parser per reference date and results cached per (text, reference).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ..model import Document, TimeMention
from .registry import stage

Resolved = tuple[str | None, str | None, int]

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december" \
         r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"  # fmt: skip
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMWORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "few": 3, "several": 4,
}  # fmt: skip
_NUM = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few|several)"
_PART = r"(?:morning|afternoon|evening|night)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"

_SKIP = re.compile(
    rf"\d+[\s-]+years?[\s-]+old|\byear-old\b|\baged?\b|^(?:for|over|within|after)\s|^(?:the\s+)?{_NUM}\s+"
    r"(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)$|\b(?:annual|annually|daily|weekly|monthly"
    r"|decades?|centur(?:y|ies)|recently|now|currently|the\s+\d{4}s|\d{4}s)\b",
    re.I,
)


def _iso(d: date) -> str:
    return d.isoformat()


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _past_year(month: int, day: int | None, ref: date) -> int:
    year = ref.year
    if (month, day or 1) > (ref.month, ref.day):
        year -= 1
    return year


def _absolute(t: str, ref: date | None) -> Resolved | None | bool:
    """Rule-based absolute dates; False when ``t`` is not of such a form."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:t.*)?", t)
    if m:
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return _iso(d), _iso(d), 1
    m = re.fullmatch(rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?({_MONTH}),?(?:\s+(\d{{4}}))?", t) or re.fullmatch(
        rf"({_MONTH})\s+{_DAY},?(?:\s+(\d{{4}}))?", t
    )
    if m:
        if m.group(1).isdigit():
            day, month, year_s = int(m[1]), _MONTHS[m[2].rstrip(".")], m[3]
        else:
            month, day, year_s = _MONTHS[m[1].rstrip(".")], int(m[2]), m[3]
        if year_s is None and ref is None:
            return (None, None, 1) if day <= calendar.monthrange(2024, month)[1] else None
        year = int(year_s) if year_s else _past_year(month, day, ref)  # type: ignore[arg-type]
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        return _iso(d), _iso(d), 1
    m = re.fullmatch(rf"(?:(?:early|late|mid)[\s-]+)?({_MONTH}),?(?:\s+(?:of\s+)?(\d{{4}}))?", t)
    if m:
        month = _MONTHS[m[1].rstrip(".")]
        if m[2] is None and ref is None:
            return None, None, 3
        year = int(m[2]) if m[2] else _past_year(month, None, ref)  # type: ignore[arg-type]
        return _iso(date(year, month, 1)), _iso(_month_end(year, month)), 3
    m = re.fullmatch(r"(?:(?:early|late|mid)[\s-]+)?(?:the\s+year\s+)?((?:19|20)\d\d)", t)
    if m:
        year = int(m[1])
        return _iso(date(year, 1, 1)), _iso(date(year, 12, 31)), 3
    return False


def _range(t: str, ref: date | None) -> Resolved | None | bool:
    """Day ranges: "between 3 and 5 May", "3-5 May", "May 3 to 5"."""
    m = re.fullmatch(
        rf"(?:between\s+|from\s+)?{_DAY}\s*(?:-|–|to|and|until)\s*{_DAY}\s+({_MONTH}),?(?:\s+(\d{{4}}))?", t
    )
    if m:
        d1, d2, month, year_s = int(m[1]), int(m[2]), _MONTHS[m[3].rstrip(".")], m[4]
    else:
        m = re.fullmatch(
            rf"(?:between\s+|from\s+)?({_MONTH})\s+{_DAY}\s*(?:-|–|to|and|until)\s*{_DAY},?(?:\s+(\d{{4}}))?",
            t,
        )
        if not m:
            return False
        month, d1, d2, year_s = _MONTHS[m[1].rstrip(".")], int(m[2]), int(m[3]), m[4]
    if year_s is None and ref is None:
        return None, None, 2
    year = int(year_s) if year_s else _past_year(month, d1, ref)  # type: ignore[arg-type]
    try:
        a, b = date(year, month, d1), date(year, month, d2)
    except ValueError:
        return None
    if b < a:
        return None
    return _iso(a), _iso(b), 1 if a == b else (2 if (b - a).days <= 7 else 3)


def _relative(t: str, ref: date | None) -> Resolved | None | bool:
    """Rule-based relative expressions; False when ``t`` is not one of them."""
    t = re.sub(rf"^(?:early|late|earlier|later)\s+(?=(?:{_WEEKDAY}|today|yesterday|this|last))", "", t)
    t = re.sub(r"^(?:on|in|at|during|over)\s+(?:the\s+)?", "", t)

    def day(offset: int) -> Resolved:
        if ref is None:
            return None, None, 1
        d = ref - timedelta(days=offset)
        return _iso(d), _iso(d), 1

    def span(a: date, b: date, precision: int) -> Resolved:
        return _iso(a), _iso(b), precision

    if re.fullmatch(rf"(?:earlier\s+)?(?:today|this\s+{_PART}|tonight|earlier\s+today|{_PART}\s+today)", t):
        return day(0)
    if re.fullmatch(
        rf"(?:yesterday(?:\s+{_PART})?|last\s+night|overnight|late\s+last\s+night|{_PART}\s+yesterday)", t
    ):
        return day(1)
    if t == "the day before yesterday":
        return day(2)
    m = re.fullmatch(rf"(last\s+|this\s+past\s+|past\s+|next\s+|this\s+)?({_WEEKDAY})(?:\s+{_PART})?", t)
    if m:
        if ref is None:
            return None, None, 1
        target = _WEEKDAYS[m[2]]
        if (m[1] or "").strip() == "next":
            ahead = (target - ref.weekday()) % 7 or 7
            d = ref + timedelta(days=ahead)
            return _iso(d), _iso(d), 1
        back = (ref.weekday() - target) % 7
        if (m[1] or "").startswith("last") and back == 0:
            back = 7
        return day(back)
    m = re.fullmatch(rf"({_NUM})\s+(days?|weeks?|months?|years?)\s+ago", t)
    if m:
        n, unit = _NUMWORDS.get(m[1], None) or int(m[1]), m[2].rstrip("s")
        if ref is None:
            return None, None, {"day": 1, "week": 2}.get(unit, 3)
        if unit == "day":
            return day(n)
        if unit == "week":
            d = ref - timedelta(days=7 * n)
            return span(
                d - timedelta(days=d.weekday()), d - timedelta(days=d.weekday()) + timedelta(days=6), 2
            )
        if unit == "month":
            y, mo = divmod(ref.year * 12 + ref.month - 1 - n, 12)
            return span(date(y, mo + 1, 1), _month_end(y, mo + 1), 3)
        return span(date(ref.year - n, 1, 1), date(ref.year - n, 12, 31), 3)
    m = re.fullmatch(
        rf"(?:the\s+)?(?:past|last|recent)\s+(?:({_NUM})\s+)?(days|weeks|months)|recent\s+days", t
    )
    if m:
        unit = m[2] or "days"
        n = _NUMWORDS.get(m[1] or "", None) or (
            int(m[1]) if m[1] and m[1].isdigit() else 7 if unit == "days" else 1
        )
        if unit == "days" and not m[1]:
            n = 7
        days = n * {"days": 1, "weeks": 7, "months": 30}[unit]
        precision = 2 if days <= 7 else 3
        if ref is None:
            return None, None, precision
        return span(ref - timedelta(days=days - 1 if unit == "days" else days), ref, precision)
    m = re.fullmatch(r"(earlier\s+|later\s+)?(this|last|the)\s+(week|weekend|month|year)", t)
    if m:
        which, unit = m[2], m[3]
        precision = 3 if unit in ("month", "year") else 2
        if ref is None:
            return None, None, precision
        if unit == "week":
            monday = ref - timedelta(days=ref.weekday())
            if which == "last":
                return span(monday - timedelta(days=7), monday - timedelta(days=1), 2)
            return span(monday, ref, 2)
        if unit == "weekend":
            saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
            if which == "last" and ref.weekday() in (5, 6):
                saturday -= timedelta(days=7)
            return span(saturday, min(saturday + timedelta(days=1), ref), 2)
        if unit == "month":
            if which == "last":
                first = date(ref.year, ref.month, 1) - timedelta(days=1)
                return span(date(first.year, first.month, 1), first, 3)
            return span(date(ref.year, ref.month, 1), ref, 3)
        if which == "last":
            return span(date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31), 3)
        return span(date(ref.year, 1, 1), ref, 3)
    return False


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
        return _iso(date(d.year, d.month, 1)), _iso(_month_end(d.year, d.month)), 3
    if period == "year":
        return _iso(date(d.year, 1, 1)), _iso(date(d.year, 12, 31)), 3
    if period == "week":
        monday = d - timedelta(days=d.weekday())
        return _iso(monday), _iso(monday + timedelta(days=6)), 2
    return _iso(d), _iso(d), 1


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")


@lru_cache(maxsize=8192)
def analyse_time(text: str, reference: date | None) -> tuple[str | None, str | None, int, str] | None:
    """Resolve ``text`` to (date_start, date_end, precision, relation), or None when it is no time point."""
    t = _normalise(text)
    relation = "at"
    m = re.match(r"(since|until|till|through|up\s+to)\s+", t)
    if m:
        relation = "since" if m[1] == "since" else "until"
        t = t[m.end() :]
    if not t or _SKIP.search(t):
        return None
    t = re.sub(r"^(?:on|in|at|during|by|around|about|as\s+of)\s+", "", t)
    t = re.sub(r"^the\s+(?=\d)", "", t)
    t = re.sub(r",?\s+(?:at\s+)?(?:around\s+)?\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m\.?$", "", t)
    t = re.sub(rf"^(?:early|late|mid)[\s-]+(?={_WEEKDAY}|\d|{_MONTH})", "", t)
    t = re.sub(rf"^{_WEEKDAY},?\s+(?=\d|{_MONTH})", "", t)  # "Monday, November 20"
    result: Resolved | None | bool = False
    for rule in (_range, _absolute, _relative):
        result = rule(t, reference)
        if result is not False:
            break
    if result is False:
        if re.fullmatch(r"[\d\s:.apm]+", t):  # bare clock times and numbers
            return None
        result = _fallback(t, reference)
    if result is None or isinstance(result, bool):
        return None
    start, end, precision = result
    if relation == "range" or (start and end and start != end and precision == 1):
        relation = "range"
    if _range(t, reference) not in (False, None):
        relation = "range"
    if relation == "since":
        end = _iso(reference) if reference is not None and (start or "") <= _iso(reference) else end
        precision = max(precision, 2)
    elif relation == "until":
        start = None
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


_PATTERNS = re.compile(
    rf"\b(?:(?:early|late|earlier|later)\s+)?(?:(?:last|this|next|this\s+past)\s+)?{_WEEKDAY}(?:\s+{_PART})?\b"
    rf"|\b(?:late\s+)?last\s+night\b|\bovernight\b|\b(?:earlier\s+)?today\b|\byesterday(?:\s+{_PART})?\b"
    rf"|\bthis\s+{_PART}\b|\btonight\b|\b(?:earlier|later)\s+this\s+(?:week|month|year)\b"
    r"|\b(?:last|this)\s+(?:week|weekend|month|year)\b|\bin\s+recent\s+days\b"
    rf"|\b(?:the\s+)?(?:past|last)\s+(?:{_NUM}\s+)?(?:days|weeks|months)\b"
    rf"|\b{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago\b"
    rf"|\b(?:between\s+|from\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}"
    rf"(?:,?\s+\d{{4}})?"
    rf"|\b(?:between\s+|from\s+)?{_MONTH}\s+\d{{1,2}}\s*(?:-|–|to|and)\s*\d{{1,2}}\b(?:,?\s+\d{{4}})?",
    re.I,
)
_PREFIX = re.compile(r"(?:since|until|till|up\s+to|between|from|early|late|mid|earlier)\s+$", re.I)


class TimeStage:
    """Finds and resolves time expressions (see the module docstring)."""

    def __call__(self, doc: Document) -> None:
        published = parse_reference(doc.published)
        spans: list[tuple[int, int]] = []
        for e in doc.entities:
            if e.label in ("DATE", "TIME"):
                start = e.start
                m = _PREFIX.search(doc.text, max(0, start - 12), start)
                if m:
                    start = m.start()
                spans.append((start, e.end))
        spans.extend((m.start(), m.end()) for m in _PATTERNS.finditer(doc.text))
        # keep the longest of overlapping spans
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        merged: list[tuple[int, int]] = []
        for s in spans:
            if merged and s[0] < merged[-1][1]:
                if s[1] > merged[-1][1]:
                    merged[-1] = (merged[-1][0], s[1])
                continue
            merged.append(s)
        times: list[TimeMention] = []
        for start, end in merged:
            sent = doc.sentence_at(start)
            if sent is None:
                continue
            ref = published
            if sent.speaker is not None and sent.speaker.said_on:
                ref = parse_reference(sent.speaker.said_on) or published
            text = doc.text[start:end]
            result = analyse_time(text, ref)
            if result is None:
                continue
            ds, de, precision, relation = result
            times.append(TimeMention(start, end, text, sent.index, ds, de, precision, relation))
        doc.times = times

    def pipe(self, docs: list[Document]) -> None:
        for doc in docs:
            self(doc)


@stage("eventwire.times.v1", default_config={})
def make_times_stage(resources: Any) -> TimeStage:
    return TimeStage()
