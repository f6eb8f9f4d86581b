"""An incident's date (used by ``eventwire.assemble.v1``).

* A phrase counting back from the sentence's day ("three days after clashes")
  dates the incident that many days (a week: plus or minus three days) before
  that day, else before the publication date;
* else the most precise time of its sentences, the trigger's own (its phrase,
  then its clause, then the nearest in its sentence) first;
* else, for a new incident, the publication date with a week's window and a
  coarse precision (never a false exact day); a background one stays undated.

:func:`date_prec` gives UCDP's ``date_prec`` from the width of a date window.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from ..model import Document, EventMention, TimeMention
from .buckets import SentenceBuckets
from .incidents import Incident, to_date

_COUNT_BACK = re.compile(
    r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(days?|weeks?)\s+"
    r"(?:after|since)\s+(?:the\s+|a\s+|an\s+|last\s+)?(?:[\w'-]+\s+){0,4}$",
    re.I,
)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


def incident_date(
    doc: Document, inc: Incident, buckets: SentenceBuckets
) -> tuple[str | None, str | None, str | None, int | None]:
    """(event_date, date_start, date_end, time_precision) of the incident."""
    times = [t for t in buckets.times_of(inc.sentences) if t.relation != "since" and t.date_start]
    counted = _counted_back(doc, inc.best, times)
    if counted is not None:
        return counted
    if times:
        t = min(times, key=lambda t: _time_rank(t, inc.best, doc.spacy_doc))
        return t.date_start, t.date_start, t.date_end or t.date_start, t.time_precision
    published = to_date(doc.published)
    if inc.background or published is None:
        return None, None, None, None
    # No usable time expression: the report's date, flagged as coarse (never a false exact day).
    return published.isoformat(), (published - timedelta(days=6)).isoformat(), published.isoformat(), 2


def date_prec(date_start: str | None, date_end: str | None) -> int | None:
    """UCDP's date_prec for a date window: 1 one day, 2 two to six days, 3 a week (7-8 days),
    4 up to 31 days, 5 longer; None without a start."""
    start = to_date(date_start)
    end = to_date(date_end) or start
    if start is None or end is None:
        return None
    days = abs((end - start).days) + 1
    if days <= 1:
        return 1
    if days <= 6:
        return 2
    if days <= 8:
        return 3
    if days <= 31:
        return 4
    return 5


def _counted_back(
    doc: Document, trigger: EventMention, times: list[TimeMention]
) -> tuple[str, str, str, int] | None:
    """ "Calm returned on Thursday, three days after clashes": the incident is counted back
    from the sentence's time before the phrase (else the publication date)."""
    sent = doc.sentences[trigger.sentence]
    head = doc.text[sent.start : trigger.trigger_start]
    m = _COUNT_BACK.search(head)
    if m is None:
        return None
    n = int(m[1]) if m[1].isdigit() else _SMALL[m[1].lower()]
    phrase_start = sent.start + m.start()
    frames = [
        t for t in times if t.sentence == trigger.sentence and t.end <= phrase_start and t.time_precision == 1
    ]
    anchor = to_date(max(frames, key=lambda t: t.end).date_start) if frames else to_date(doc.published)
    if anchor is None:
        return None
    if m[2].lower().startswith("week"):
        day = anchor - timedelta(days=7 * n)
        return (
            day.isoformat(),
            (day - timedelta(days=3)).isoformat(),
            (day + timedelta(days=3)).isoformat(),
            2,
        )
    day = anchor - timedelta(days=n)
    return day.isoformat(), day.isoformat(), day.isoformat(), 1


def _time_rank(t: TimeMention, trigger: EventMention, sdoc: Any) -> tuple[int, int, int, int]:
    """Most precise first; then a time in the trigger's sentence: one the trigger's phrase
    holds ("Sunday's shelling", "the shelling that killed nine on Sunday"), then one of
    the trigger's clause ("a bomb hit the patrol on Tuesday", not "funerals were held on
    Wednesday"), then the nearest; then the earliest in the text."""
    if t.sentence != trigger.sentence:
        return t.time_precision, 1, 0, t.start
    gap = max(0, t.start - trigger.trigger_end, trigger.trigger_start - t.end)
    return t.time_precision, 0, _syntax_rank(sdoc, t, trigger), gap


def _head_of(sdoc: Any, start: int, end: int) -> Any:
    span = sdoc.char_span(start, end, alignment_mode="expand") if sdoc is not None else None
    return span.root if span is not None and len(span) else None


def _clause(tok: Any) -> Any:
    """The verb whose clause holds the token (the token itself when it is one)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:  # a root is its own head
        tok = tok.head
    return tok


def _syntax_rank(sdoc: Any, t: TimeMention, trigger: EventMention) -> int:
    """0: the trigger's phrase holds the time; 1: they share a clause; 2: neither or unknown."""
    when = _head_of(sdoc, t.start, t.end)
    what = _head_of(sdoc, trigger.trigger_start, trigger.trigger_end)
    if when is None or what is None:
        return 2
    while what.dep_ in ("compound", "amod") and what.head.i != what.i:  # "artillery barrage"
        what = what.head
    if what.pos_ not in ("VERB", "AUX") and what.left_edge.i <= when.i <= what.right_edge.i:
        return 0
    return 1 if _clause(when).i == _clause(what).i else 2
