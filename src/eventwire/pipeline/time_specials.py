"""Time expressions best captured by their TIMEX3 value, resolved against a reference date.

REF words ("now", "recently", "the future"), quarters, seasons, decades,
centuries, fiscal and calendar years, "a year earlier", "next week/month/year",
"last/next <month>", "tomorrow" and clock times. :func:`special` returns
``(date_start, date_end, precision, value)``, None, or False when the text is
none of these.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .time_words import MONTH, MONTHS, PART, iso_date, month_end

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "fall": ("FA", 9),
    "autumn": ("FA", 9),
    "winter": ("WI", 12),
}
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
CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d\d))?\s*([ap])\.?m\.?|(noon|midday|midnight)")

Result = tuple[str | None, str | None, int, str | None]  # start, end, precision, TIMEX3 value


def _quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def last_quarter(ref: date) -> tuple[int, int]:
    """(year, quarter) of the last quarter completed before ``ref``."""
    q = _quarter_of(ref) - 1
    return (ref.year, q) if q else (ref.year - 1, 4)


def _quarter_span(year: int, q: int) -> tuple[str, str]:
    return iso_date(date(year, 3 * q - 2, 1)), iso_date(month_end(year, 3 * q))


def special(t: str, ref: date | None) -> Result | None | bool:
    """Forms only the TIMEX3 value captures well: REF words, quarters, seasons, decades, centuries."""
    if _PRESENT.fullmatch(t):
        return None, None, 3, "PRESENT_REF"
    if _PAST.fullmatch(t):
        if ref is not None and t == "recent days":
            return iso_date(ref - timedelta(days=6)), iso_date(ref), 2, "PAST_REF"
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
            year, q = last_quarter(ref) if ref is not None else (explicit or 0, 0)
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
        return iso_date(date(year, first, 1)), iso_date(month_end(year, end_month)), 3, f"{year}-{code}"
    m = re.fullmatch(r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(1\d|20|')?(\d)0'?s", t)
    if m:
        century = m[1] if m[1] and m[1] != "'" else (str(ref.year // 100) if ref is not None else None)
        if century is None:
            return None, None, 3, None
        decade = int(century + m[2] + "0")
        return iso_date(date(decade, 1, 1)), iso_date(date(decade + 9, 12, 31)), 3, f"{century}{m[2]}"
    m = re.fullmatch(r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(\d{1,2})(?:st|nd|rd|th)[\s-]+century", t)
    if m:
        c = int(m[1]) - 1
        return iso_date(date(max(c * 100, 1), 1, 1)), iso_date(date(c * 100 + 99, 12, 31)), 3, f"{c:02d}"
    if re.fullmatch(r"(?:this|the\s+current)\s+century", t):
        if ref is None:
            return None, None, 3, None
        c = ref.year // 100
        return iso_date(date(c * 100, 1, 1)), iso_date(ref), 3, f"{c:02d}"
    m = re.fullmatch(
        r"fiscal(?:\s+year)?\s+(\d{4})|(?:the\s+)?(?:full|calendar|fiscal)\s+year(?:\s+(\d{4}))?", t
    )
    if m:
        year_s = m[1] or m[2]
        if year_s is None and ref is None:
            return None, None, 3, None
        year = int(year_s) if year_s else ref.year  # type: ignore[union-attr]
        return iso_date(date(year, 1, 1)), iso_date(date(year, 12, 31)), 3, str(year)
    m = re.fullmatch(r"(?:a\s+|one\s+)?year[\s-](?:earlier|before)", t)
    if m:
        if ref is None:
            return None, None, 3, None
        year = ref.year - 1
        return iso_date(date(year, 1, 1)), iso_date(date(year, 12, 31)), 3, str(year)
    m = re.fullmatch(r"(?:(?:early|late|later|earlier)\s+)?next\s+(week|month|year)", t)
    if m:
        if ref is None:
            return None, None, 3 if m[1] != "week" else 2, None
        if m[1] == "week":
            monday = ref - timedelta(days=ref.weekday()) + timedelta(days=7)
            iso = monday.isocalendar()
            return iso_date(monday), iso_date(monday + timedelta(days=6)), 2, f"{iso[0]}-W{iso[1]:02d}"
        if m[1] == "month":
            y, mo = divmod(ref.year * 12 + ref.month, 12)
            return iso_date(date(y, mo + 1, 1)), iso_date(month_end(y, mo + 1)), 3, f"{y}-{mo + 1:02d}"
        return iso_date(date(ref.year + 1, 1, 1)), iso_date(date(ref.year + 1, 12, 31)), 3, str(ref.year + 1)
    m = re.fullmatch(rf"(last|this|next|past)\s+({MONTH})", t)
    if m:
        if ref is None:
            return None, None, 3, None
        month = MONTHS[m[2].rstrip(".")]
        year = ref.year
        if m[1] in ("last", "past") and month >= ref.month:  # the latest one before this month
            year -= 1
        elif m[1] == "next" and month <= ref.month:
            year += 1
        return iso_date(date(year, month, 1)), iso_date(month_end(year, month)), 3, f"{year}-{month:02d}"
    if t == "tomorrow" or re.fullmatch(rf"tomorrow\s+{PART}|{PART}\s+tomorrow", t):
        if ref is None:
            return None, None, 1, None
        d = ref + timedelta(days=1)
        return iso_date(d), iso_date(d), 1, iso_date(d)
    m = CLOCK.fullmatch(t)
    if m:
        if ref is None:
            return None, None, 1, None
        if m[4]:
            hour, minute = (12, 0) if m[4] in ("noon", "midday") else (24, 0)
        else:
            hour, minute = int(m[1]) % 12 + (12 if m[3] == "p" else 0), int(m[2] or 0)
        if hour > 24 or minute > 59:
            return None
        return None, None, 1, f"{iso_date(ref)}T{hour:02d}:{minute:02d}"
    return False
