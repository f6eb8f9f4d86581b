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
* "last March" is the latest March before the reference's month (the same
  year's in June, the year before's in February or in March itself); "next
  March" the first after it.
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
from .index import SentenceIndex
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
    r"|decades|centuries)\b",
    re.I,
)


def _iso(d: date) -> str:
    return d.isoformat()


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _past_year(month: int, day: int | None, ref: date, tense: str = "past") -> int:
    """The year of a month (and day) written without one.

    ``past``: the last such date on or before ``ref``; ``future``: the next on or
    after it; ``present``: whichever of the two is nearer.
    """
    before = ref.year - 1 if (month, day or 1) > (ref.month, ref.day) else ref.year
    after = (
        ref.year + 1
        if (month, day or calendar.monthrange(ref.year, month)[1]) < (ref.month, ref.day)
        else ref.year
    )
    if tense == "future":
        return after
    if tense == "present":
        d = min(day or 15, 28)
        return min((before, after), key=lambda y: abs((date(y, month, d) - ref).days))
    return before


def _absolute(t: str, ref: date | None, tense: str = "past") -> Resolved | None | bool:
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
        year = int(year_s) if year_s else _past_year(month, day, ref, tense)  # type: ignore[arg-type]
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
        year = int(m[2]) if m[2] else _past_year(month, None, ref, tense)  # type: ignore[arg-type]
        return _iso(date(year, month, 1)), _iso(_month_end(year, month)), 3
    m = re.fullmatch(r"(?:(?:early|late|mid)[\s-]+)?(?:the\s+year\s+)?((?:19|20)\d\d)", t)
    if m:
        year = int(m[1])
        return _iso(date(year, 1, 1)), _iso(date(year, 12, 31)), 3
    return False


def _range(t: str, ref: date | None, tense: str = "past") -> Resolved | None | bool:
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
    year = int(year_s) if year_s else _past_year(month, d1, ref, tense)  # type: ignore[arg-type]
    try:
        a, b = date(year, month, d1), date(year, month, d2)
    except ValueError:
        return None
    if b < a:
        return None
    return _iso(a), _iso(b), 1 if a == b else (2 if (b - a).days <= 7 else 3)


def _relative(t: str, ref: date | None, tense: str = "past") -> Resolved | None | bool:
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


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "fall": ("FA", 9),
    "autumn": ("FA", 9),
    "winter": ("WI", 12),
}
_PART_CODES = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "tonight": "TNI",
               "overnight": "TNI"}  # fmt: skip
_PRESENT = re.compile(
    r"(?:right\s+)?now|currently|current|presently|at\s+present|at\s+the\s+moment|nowadays|these\s+days"
    r"|the\s+present|today's"
)
_PAST = re.compile(
    r"recently|recent|lately|previously|formerly|the\s+past|in\s+the\s+past|recent\s+(?:days|weeks|months|years)"
)
_FUTURE = re.compile(
    r"(?:the\s+)?future|soon|the\s+coming\s+(?:days|weeks|months|years)|coming\s+(?:weeks|months|years)"
)
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d\d))?\s*([ap])\.?m\.?|(noon|midday|midnight)")

Result = tuple[str | None, str | None, int, str | None]  # start, end, precision, TIMEX3 value
Analysis = tuple[str | None, str | None, int, str | None, str]  # ... and the relation


def _quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _last_quarter(ref: date) -> tuple[int, int]:
    """(year, quarter) of the last quarter completed before ``ref``."""
    q = _quarter_of(ref) - 1
    return (ref.year, q) if q else (ref.year - 1, 4)


def _quarter_span(year: int, q: int) -> tuple[str, str]:
    return _iso(date(year, 3 * q - 2, 1)), _iso(_month_end(year, 3 * q))


def _special(t: str, ref: date | None) -> Result | None | bool:
    """Forms only the TIMEX3 value captures well: REF words, quarters, seasons, decades, centuries."""
    if _PRESENT.fullmatch(t):
        return None, None, 3, "PRESENT_REF"
    if _PAST.fullmatch(t):
        if ref is not None and t == "recent days":
            return _iso(ref - timedelta(days=6)), _iso(ref), 2, "PAST_REF"
        return None, None, 3, "PAST_REF"
    if _FUTURE.fullmatch(t):
        return None, None, 3, "FUTURE_REF"
    m = re.fullmatch(
        r"(?:the\s+)?(?:(this|last|next|latest|current|fiscal|year-ago|year-earlier)\s+)?(?:fiscal\s+)?"
        r"(?:(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal\s+)?(?:quarter|period)"
        r"(?:\s+of\s+(?:fiscal\s+)?(\d{4}))?",
        t,
    )
    if m and (m[2] or "quarter" in t):
        if m[2] is None and "period" in t:
            return False
        explicit = int(m[3]) if m[3] else None
        if ref is None and explicit is None:
            return None, None, 3, None
        if m[2] is None:
            year, q = _last_quarter(ref) if ref is not None else (explicit or 0, 0)
            if ref is not None and m[1] in ("this", "current"):
                year, q = ref.year, _quarter_of(ref)
            if q == 0:
                return None, None, 3, f"{explicit}-QX"
        else:
            q = _ORDINALS[m[2]]
            if explicit is not None:
                year = explicit
            else:
                assert ref is not None
                year = ref.year if q <= _quarter_of(ref) else ref.year - 1
                if m[1] == "last" and q == _quarter_of(ref):
                    year -= 1
                if m[1] == "next":
                    year = ref.year if q > _quarter_of(ref) else ref.year + 1
        if m[1] in ("year-ago", "year-earlier"):
            year -= 1
        a, b = _quarter_span(year, q)
        return a, b, 3, f"{year}-Q{q}"
    m = re.fullmatch(
        r"(?:the\s+)?(?:(last|this|next|early|late|mid|past)[\s-]+)?(spring|summer|fall|autumn|winter)"
        r"(?:\s+(?:of\s+)?(\d{4}))?",
        t,
    )
    if m and (m[1] or m[3]):
        code, first = _SEASONS[m[2]]
        if m[3]:
            year = int(m[3])
        elif ref is None:
            return None, None, 3, None
        else:
            year = ref.year if first <= ref.month else ref.year - 1
            if m[1] in ("last", "past"):
                year = ref.year - 1
            elif m[1] == "next":
                year = ref.year if first > ref.month else ref.year + 1
            elif m[1] == "this":
                year = ref.year
        end_month = min(first + 2, 12)
        return _iso(date(year, first, 1)), _iso(_month_end(year, end_month)), 3, f"{year}-{code}"
    m = re.fullmatch(r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(1\d|20|')?(\d)0'?s", t)
    if m:
        century = m[1] if m[1] and m[1] != "'" else (str(ref.year // 100) if ref is not None else None)
        if century is None:
            return None, None, 3, None
        decade = int(century + m[2] + "0")
        return _iso(date(decade, 1, 1)), _iso(date(decade + 9, 12, 31)), 3, f"{century}{m[2]}"
    m = re.fullmatch(r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(\d{1,2})(?:st|nd|rd|th)[\s-]+century", t)
    if m:
        c = int(m[1]) - 1
        return _iso(date(max(c * 100, 1), 1, 1)), _iso(date(c * 100 + 99, 12, 31)), 3, f"{c:02d}"
    if re.fullmatch(r"(?:this|the\s+current)\s+century", t):
        if ref is None:
            return None, None, 3, None
        c = ref.year // 100
        return _iso(date(c * 100, 1, 1)), _iso(ref), 3, f"{c:02d}"
    m = re.fullmatch(
        r"fiscal(?:\s+year)?\s+(\d{4})|(?:the\s+)?(?:full|calendar|fiscal)\s+year(?:\s+(\d{4}))?", t
    )
    if m:
        year_s = m[1] or m[2]
        if year_s is None and ref is None:
            return None, None, 3, None
        year = int(year_s) if year_s else ref.year  # type: ignore[union-attr]
        return _iso(date(year, 1, 1)), _iso(date(year, 12, 31)), 3, str(year)
    m = re.fullmatch(r"(?:a\s+|one\s+)?year[\s-](?:earlier|before)", t)
    if m:
        if ref is None:
            return None, None, 3, None
        year = ref.year - 1
        return _iso(date(year, 1, 1)), _iso(date(year, 12, 31)), 3, str(year)
    m = re.fullmatch(r"(?:(?:early|late|later|earlier)\s+)?next\s+(week|month|year)", t)
    if m:
        if ref is None:
            return None, None, 3 if m[1] != "week" else 2, None
        if m[1] == "week":
            monday = ref - timedelta(days=ref.weekday()) + timedelta(days=7)
            iso = monday.isocalendar()
            return _iso(monday), _iso(monday + timedelta(days=6)), 2, f"{iso[0]}-W{iso[1]:02d}"
        if m[1] == "month":
            y, mo = divmod(ref.year * 12 + ref.month, 12)
            return _iso(date(y, mo + 1, 1)), _iso(_month_end(y, mo + 1)), 3, f"{y}-{mo + 1:02d}"
        return _iso(date(ref.year + 1, 1, 1)), _iso(date(ref.year + 1, 12, 31)), 3, str(ref.year + 1)
    m = re.fullmatch(rf"(last|this|next|past)\s+({_MONTH})", t)
    if m:
        if ref is None:
            return None, None, 3, None
        month = _MONTHS[m[2].rstrip(".")]
        year = ref.year
        if m[1] in ("last", "past") and month >= ref.month:  # the latest one before this month
            year -= 1
        elif m[1] == "next" and month <= ref.month:
            year += 1
        return _iso(date(year, month, 1)), _iso(_month_end(year, month)), 3, f"{year}-{month:02d}"
    if t == "tomorrow" or re.fullmatch(rf"tomorrow\s+{_PART}|{_PART}\s+tomorrow", t):
        if ref is None:
            return None, None, 1, None
        d = ref + timedelta(days=1)
        return _iso(d), _iso(d), 1, _iso(d)
    m = _CLOCK.fullmatch(t)
    if m:
        if ref is None:
            return None, None, 1, None
        if m[4]:
            hour, minute = (12, 0) if m[4] in ("noon", "midday") else (24, 0)
        else:
            hour, minute = int(m[1]) % 12 + (12 if m[3] == "p" else 0), int(m[2] or 0)
        if hour > 24 or minute > 59:
            return None
        return None, None, 1, f"{_iso(ref)}T{hour:02d}:{minute:02d}"
    return False


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
    t = re.sub(rf"^(?:early|late|mid)[\s-]+(?={_WEEKDAY}|\d|{_MONTH})", "", t)
    t = re.sub(rf"^{_WEEKDAY},?\s+(?=\d|{_MONTH})", "", t)  # "Monday, November 20"
    value: str | None = None
    result: Resolved | Result | None | bool = _special(t, reference)
    if isinstance(result, tuple) and len(result) == 4:
        start, end, precision, value = result
    else:
        if result is False and tense == "future" and reference is not None:
            wd = re.fullmatch(rf"({_WEEKDAY})(?:\s+{_PART})?", t)
            if wd:
                ahead = (_WEEKDAYS[wd[1]] - reference.weekday()) % 7
                d = reference + timedelta(days=ahead)
                result = _iso(d), _iso(d), 1
        if result is False:
            for rule in (_range, _absolute, _relative):
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
        m = re.fullmatch(rf"({_NUM})\s+(years?|months?|weeks?)\s+ago", t)
        if m and start is not None and reference is not None:
            n = _NUMWORDS.get(m[1], None) or int(m[1])
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
        year, q = _last_quarter(reference)
        value = f"{year - 1}-Q{q}"
    if clock and value and len(value) == 10:
        cm = _CLOCK.fullmatch(clock)
        if cm and cm[1]:
            value += f"T{int(cm[1]) % 12 + (12 if cm[3] == 'p' else 0):02d}:{int(cm[2] or 0):02d}"
    if relation == "range" or (start and end and start != end and precision == 1):
        relation = "range"
    if _range(t, reference) not in (False, None):
        relation = "range"
        value = None
    if relation == "since":
        end = _iso(reference) if reference is not None and (start or "") <= _iso(reference) else end
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


_PATTERNS = re.compile(
    rf"\b(?:(?:early|late|earlier|later)\s+)?(?:(?:last|this|next|this\s+past)\s+)?{_WEEKDAY}(?:\s+{_PART})?\b"
    rf"|\b(?:late\s+)?last\s+night\b|\bovernight\b|\b(?:earlier\s+)?today\b|\byesterday(?:\s+{_PART})?\b"
    rf"|\bthis\s+{_PART}\b|\btonight\b|\b(?:earlier|later)\s+this\s+(?:week|month|year)\b"
    r"|\b(?:last|this)\s+(?:week|weekend|month|year)\b|\bin\s+recent\s+days\b"
    rf"|\b(?:the\s+)?(?:past|last)\s+(?:{_NUM}\s+)?(?:days|weeks|months)\b"
    rf"|\b{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago\b"
    rf"|\b(?:between\s+|from\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}"
    rf"(?:,?\s+\d{{4}})?"
    rf"|\b(?:between\s+|from\s+)?{_MONTH}\s+\d{{1,2}}\s*(?:-|–|to|and)\s*\d{{1,2}}\b(?:,?\s+\d{{4}})?"
    r"|\b(?:right\s+)?now\b(?!\s+that)|\b(?:currently|recently|previously|presently|lately|nowadays)\b"
    r"|\bthe\s+(?:past|future)\b(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?)\b)"
    r"|\brecent\s+(?:weeks|months|years)\b|\b(?:the\s+)?coming\s+(?:weeks|months|years)\b"
    r"|\b(?:the\s+)?(?:(?:latest|current|fiscal|year-ago|year-earlier)\s+)?(?:first|second|third|fourth)[\s-]quarter\b"
    r"|\bthe\s+(?:latest\s+|year-ago\s+|year-earlier\s+|current\s+)?quarter\b(?!\s+of\s+(?!\d))"
    r"|\b(?:a\s+)?year[\s-](?:earlier|ago)\b"
    r"|\b(?:last|this|next|early|late)\s+(?:spring|summer|fall|autumn|winter)\b"
    r"|\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:1[89]|20)\d0'?s\b",
    re.I,
)
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|'ll|is\s+to|are\s+to|scheduled|expected|plans?\s+to|due\s+to)\b", re.I
)
_WEEKDAY_ONLY = re.compile(rf"(?:on\s+)?{_WEEKDAY}(?:\s+{_PART})?", re.I)
FAR_DAYS = 731  # mentions further than this from the reference date are flagged
_PREFIX = re.compile(r"(?:since|until|till|up\s+to|between|from|early|late|mid|earlier)\s+$", re.I)


_QUARTER = re.compile(r"\bquarter", re.I)
_PAST_AUX = {"was", "were", "had", "did"}


def _tense(doc: Document, sent_start: int, start: int, end: int) -> str:
    """The tense of the clause around ``doc.text[start:end]``: past, present or future.

    Read from the spaCy parse (the governing verb and its auxiliaries) when
    the document has one, else from cue words before the expression.
    """
    sdoc = doc.spacy_doc
    span = sdoc.char_span(start, end, alignment_mode="expand") if sdoc is not None else None
    if span is None:
        return "future" if _FUTURE_CUE.search(doc.text[sent_start:start]) else "past"
    tok = span.root
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    words = [c for c in tok.children if c.dep_ in ("aux", "auxpass")] + [tok]
    lower = {w.lower_ for w in words}
    if lower & {"will", "'ll", "shall", "wo"} or (
        tok.lower_ == "going" and any(c.lower_ == "to" for c in tok.children)
    ):
        return "future"
    if tok.tag_ == "VBD" or lower & _PAST_AUX or (tok.tag_ == "VBN" and lower & {"has", "have"}):
        return "past"
    if tok.tag_ in ("VBZ", "VBP", "VB", "VBG", "MD") or lower & {"is", "are", "am"}:
        return "present"
    return "past"


class TimeStage:
    """Finds and resolves time expressions (see the module docstring)."""

    def __call__(self, doc: Document) -> None:
        published = parse_reference(doc.published)
        spans: list[tuple[int, int]] = []
        for e in doc.entities:
            if e.label in ("DATE", "TIME"):
                start = e.start
                m = _PREFIX.search(doc.text, max(0, start - 12), start)
                if m and doc.text[e.end : e.end + 2] not in ("'s", "’s"):  # "from Sunday's raid": a day
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
        todo = list(reversed(merged))
        sentences = SentenceIndex(doc.sentences)
        while todo:
            start, end = todo.pop()
            sent = sentences.sentence_at(start)
            if sent is None:
                continue
            ref = published
            if sent.speaker is not None and sent.speaker.said_on:
                ref = parse_reference(sent.speaker.said_on) or published
            text = doc.text[start:end]
            result = analyse(text, ref, _tense(doc, sent.start, start, end), bool(_QUARTER.search(sent.text)))
            if result is None:
                if "," in text:  # "on Wednesday, two days after the attack": try each part
                    todo.extend(reversed(_comma_parts(doc.text, start, end)))
                continue
            ds, de, precision, value, relation = result
            flag = None
            if (
                ref is not None
                and (ds or de)
                and abs((date.fromisoformat(ds or de or "") - ref).days) > FAR_DAYS
            ):
                flag, precision = "far_from_reference", 3
            times.append(TimeMention(start, end, text, sent.index, ds, de, precision, relation, value, flag))
        doc.times = times

    def pipe(self, docs: list[Document]) -> None:
        for doc in docs:
            self(doc)


def _comma_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The comma-separated parts of a span, trimmed ("Wednesday, two days" -> "Wednesday", "two days")."""
    out = []
    pos = start
    for part in text[start:end].split(","):
        lead = len(part) - len(part.lstrip())
        piece = (pos + lead, pos + len(part.rstrip()))
        if piece[1] > piece[0]:
            out.append(piece)
        pos += len(part) + 1
    return out


@stage("eventwire.times.v1", default_config={})
def make_times_stage(resources: Any) -> TimeStage:
    return TimeStage()
