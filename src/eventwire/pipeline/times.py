"""Stage ``eventwire.times.v1``: time expressions resolved to dates.

Candidates are spaCy's DATE/TIME entities plus compiled patterns for what the
small model misses ("last night", "early Sunday", "earlier this week",
"overnight"...), widened to a preceding "since"/"until"/"between"/"from".
Each is resolved against a reference date: the sentence speaker's ``said_on``
when the attribution dates the statement, else the document's ``published``.
Without a reference, absolute dates still resolve and relative ones keep
``date_start``/``date_end`` None. The resolution itself, and the decisions it
makes, are in :mod:`.time_resolve` (whose public helpers are re-exported here).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..model import Document, TimeMention
from .index import SentenceIndex
from .registry import stage
from .time_resolve import Analysis, analyse, analyse_time, parse_reference, resolve_time
from .time_words import MONTH, NUM, PART, WEEKDAY

__all__ = [
    "FAR_DAYS",
    "Analysis",
    "TimeStage",
    "analyse",
    "analyse_time",
    "make_times_stage",
    "parse_reference",
    "resolve_time",
]

_PATTERNS = re.compile(
    rf"\b(?:(?:early|late|earlier|later)\s+)?(?:(?:last|this|next|this\s+past)\s+)?{WEEKDAY}(?:\s+{PART})?\b"
    rf"|\b(?:late\s+)?last\s+night\b|\bovernight\b|\b(?:earlier\s+)?today\b|\byesterday(?:\s+{PART})?\b"
    rf"|\bthis\s+{PART}\b|\btonight\b|\b(?:earlier|later)\s+this\s+(?:week|month|year)\b"
    r"|\b(?:last|this)\s+(?:week|weekend|month|year)\b|\bin\s+recent\s+days\b"
    rf"|\b(?:the\s+)?(?:past|last)\s+(?:{NUM}\s+)?(?:days|weeks|months)\b"
    rf"|\b{NUM}\s+(?:days?|weeks?|months?|years?)\s+ago\b"
    rf"|\b(?:between\s+|from\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}"
    rf"(?:,?\s+\d{{4}})?"
    rf"|\b(?:between\s+|from\s+)?{MONTH}\s+\d{{1,2}}\s*(?:-|–|to|and)\s*\d{{1,2}}\b(?:,?\s+\d{{4}})?"
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
_WEEKDAY_ONLY = re.compile(rf"(?:on\s+)?{WEEKDAY}(?:\s+{PART})?", re.I)
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
