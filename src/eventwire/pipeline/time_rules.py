"""Rule-based resolution of simple time expressions against a reference date.

Absolute dates ("3 May 2024", "May 3", "2024-05-03", "March", "2019"), day
ranges ("between 3 and 5 May") and relative expressions ("yesterday", "last
Monday", "two weeks ago", "the past three days", "last month"). Each rule takes
normalised text and returns ``(date_start, date_end, precision)``, None for an
impossible date, or False when the text is not of its form.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .time_words import DAY, MONTH, MONTHS, NUM, NUMWORDS, PART, WEEKDAY, WEEKDAYS, iso_date, month_end

Resolved = tuple[str | None, str | None, int]


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


def absolute(t: str, ref: date | None, tense: str = "past") -> Resolved | None | bool:
    """Rule-based absolute dates; False when ``t`` is not of such a form."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:t.*)?", t)
    if m:
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return iso_date(d), iso_date(d), 1
    m = re.fullmatch(rf"(?:the\s+)?{DAY}\s+(?:of\s+)?({MONTH}),?(?:\s+(\d{{4}}))?", t) or re.fullmatch(
        rf"({MONTH})\s+{DAY},?(?:\s+(\d{{4}}))?", t
    )
    if m:
        if m.group(1).isdigit():
            day, month, year_s = int(m[1]), MONTHS[m[2].rstrip(".")], m[3]
        else:
            month, day, year_s = MONTHS[m[1].rstrip(".")], int(m[2]), m[3]
        if year_s is None and ref is None:
            return (None, None, 1) if day <= calendar.monthrange(2024, month)[1] else None
        year = int(year_s) if year_s else _past_year(month, day, ref, tense)  # type: ignore[arg-type]
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        return iso_date(d), iso_date(d), 1
    m = re.fullmatch(rf"(?:(?:early|late|mid)[\s-]+)?({MONTH}),?(?:\s+(?:of\s+)?(\d{{4}}))?", t)
    if m:
        month = MONTHS[m[1].rstrip(".")]
        if m[2] is None and ref is None:
            return None, None, 3
        year = int(m[2]) if m[2] else _past_year(month, None, ref, tense)  # type: ignore[arg-type]
        return iso_date(date(year, month, 1)), iso_date(month_end(year, month)), 3
    m = re.fullmatch(r"(?:(?:early|late|mid)[\s-]+)?(?:the\s+year\s+)?((?:19|20)\d\d)", t)
    if m:
        year = int(m[1])
        return iso_date(date(year, 1, 1)), iso_date(date(year, 12, 31)), 3
    return False


def day_range(t: str, ref: date | None, tense: str = "past") -> Resolved | None | bool:
    """Day ranges: "between 3 and 5 May", "3-5 May", "May 3 to 5"."""
    m = re.fullmatch(
        rf"(?:between\s+|from\s+)?{DAY}\s*(?:-|–|to|and|until)\s*{DAY}\s+({MONTH}),?(?:\s+(\d{{4}}))?", t
    )
    if m:
        d1, d2, month, year_s = int(m[1]), int(m[2]), MONTHS[m[3].rstrip(".")], m[4]
    else:
        m = re.fullmatch(
            rf"(?:between\s+|from\s+)?({MONTH})\s+{DAY}\s*(?:-|–|to|and|until)\s*{DAY},?(?:\s+(\d{{4}}))?",
            t,
        )
        if not m:
            return False
        month, d1, d2, year_s = MONTHS[m[1].rstrip(".")], int(m[2]), int(m[3]), m[4]
    if year_s is None and ref is None:
        return None, None, 2
    year = int(year_s) if year_s else _past_year(month, d1, ref, tense)  # type: ignore[arg-type]
    try:
        a, b = date(year, month, d1), date(year, month, d2)
    except ValueError:
        return None
    if b < a:
        return None
    return iso_date(a), iso_date(b), 1 if a == b else (2 if (b - a).days <= 7 else 3)


def relative(t: str, ref: date | None, tense: str = "past") -> Resolved | None | bool:
    """Rule-based relative expressions; False when ``t`` is not one of them."""
    t = re.sub(rf"^(?:early|late|earlier|later)\s+(?=(?:{WEEKDAY}|today|yesterday|this|last))", "", t)
    t = re.sub(r"^(?:on|in|at|during|over)\s+(?:the\s+)?", "", t)

    def day(offset: int) -> Resolved:
        if ref is None:
            return None, None, 1
        d = ref - timedelta(days=offset)
        return iso_date(d), iso_date(d), 1

    def span(a: date, b: date, precision: int) -> Resolved:
        return iso_date(a), iso_date(b), precision

    if re.fullmatch(rf"(?:earlier\s+)?(?:today|this\s+{PART}|tonight|earlier\s+today|{PART}\s+today)", t):
        return day(0)
    if re.fullmatch(
        rf"(?:yesterday(?:\s+{PART})?|last\s+night|overnight|late\s+last\s+night|{PART}\s+yesterday)", t
    ):
        return day(1)
    if t == "the day before yesterday":
        return day(2)
    m = re.fullmatch(rf"(last\s+|this\s+past\s+|past\s+|next\s+|this\s+)?({WEEKDAY})(?:\s+{PART})?", t)
    if m:
        if ref is None:
            return None, None, 1
        target = WEEKDAYS[m[2]]
        if (m[1] or "").strip() == "next":
            ahead = (target - ref.weekday()) % 7 or 7
            d = ref + timedelta(days=ahead)
            return iso_date(d), iso_date(d), 1
        back = (ref.weekday() - target) % 7
        if (m[1] or "").startswith("last") and back == 0:
            back = 7
        return day(back)
    m = re.fullmatch(rf"({NUM})\s+(days?|weeks?|months?|years?)\s+ago", t)
    if m:
        n, unit = NUMWORDS.get(m[1], None) or int(m[1]), m[2].rstrip("s")
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
            return span(date(y, mo + 1, 1), month_end(y, mo + 1), 3)
        return span(date(ref.year - n, 1, 1), date(ref.year - n, 12, 31), 3)
    m = re.fullmatch(
        rf"(?:the\s+)?(?:past|last|recent)\s+(?:({NUM})\s+)?(days|weeks|months)|recent\s+days", t
    )
    if m:
        unit = m[2] or "days"
        n = NUMWORDS.get(m[1] or "", None) or (
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
