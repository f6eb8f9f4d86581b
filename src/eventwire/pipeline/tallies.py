"""Stage ``eventwire.tallies.v1``: cumulative statements become :class:`~eventwire.model.Tally` records.

A tally is a running total over a period, not one incident. Three kinds of
statement are read, sentence by sentence:

* **Event counts with "times"**: "US forces have been attacked approximately 40
  times since March 3" (metric "attacks"; "raided N times" gives "raids").
  These are tallies even without a period cue: "N times" is many events.
* **Event counts with a plural noun**: "a total of 51 strikes since June 2",
  "12 rocket attacks this year" (metric from the noun: attacks, strikes, raids,
  bombings, clashes, incidents). These need a period cue ("since ...", "this
  year", "so far", "in the past three months"), "a total of" or "in total".
* **Cumulative casualty figures**: the quantities stage's figures flagged
  ``cumulative`` ("the toll since the war began has reached 1,200 killed", "62
  injured, not counting the latest eight"), and displacement counts in a
  cumulative sentence ("4,000 people have been displaced since May").

A sentence right after a tally that refers back to it ("The attacks injured 62
...", "... in those attacks ...") continues it: its figures are tallies too,
with the period and, when the sentence has none, the speaker of the tally before.
A figure introduced by "not including"/"excluding"/"not counting" is the
excluded one, never a tally.

Fields:

* ``value`` and ``qualifier`` follow the quantities stage's conventions
  (:func:`~eventwire.pipeline.count_phrases.parse_count`): "approximately N"
  keeps best = N with low/high N -/+ 10 % (at least 1 apart); "at least N"
  low = best = N, high open; "more than N" low = best = N + 1; "up to/nearly N"
  best = high = N. "a total of" is no qualifier.
* ``subject``: who was attacked or counted, from the parse (the passive
  subject of "attacked", else its object; the object of "on"/"against" after
  the noun; the figure's own subject for casualties).
* ``period_start``: the "since ..." time mention of the sentence, else a time
  range of the sentence that runs up to the statement ("this year", "in the past
  three months"); ``period_end``: the statement's date (the speaker's
  ``said_on``, else the publication date).
* ``breakdown``: "including 25 in Iraq and 15 in Syria" gives
  ``[{"place": "Iraq", "value": 25}, {"place": "Syria", "value": 15}]`` (place as
  written).
* ``excludes``: the excluded phrase ("the eight people injured in the latest
  attack"), relative clauses cut off.
* ``tally_id``: "tl-" + a short hash of the document id and ``char_start``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ..model import Document, QuantityMention, Range, Sentence, Speaker, Tally, TimeMention
from .count_phrases import number_phrase, parse_count, split_qualifier
from .figure_cues import EVENT_COUNT_METRICS, is_cumulative_sentence
from .index import TokenIndex
from .registry import stage

_TIMES_VERBS = {
    "attacked": "attacks", "targeted": "attacks", "hit": "attacks", "struck": "attacks",
    "shelled": "attacks", "bombed": "attacks", "raided": "raids",
}  # fmt: skip
_TIMES_VERB = re.compile(rf"\b(?P<verb>{'|'.join(_TIMES_VERBS)})\b[^.;]{{0,40}}?$", re.I)
_TIMES_AFTER = re.compile(r"\s+times\b", re.I)
_NOUNS = {
    "attacks": "attacks", "strikes": "strikes", "airstrikes": "strikes", "raids": "raids",
    "bombings": "bombings", "clashes": "clashes", "incidents": "incidents", "assaults": "attacks",
    "ambushes": "attacks",
}  # fmt: skip
_NOUN_AFTER = re.compile(
    rf"\s+(?:(?:separate|different|rocket|drone|missile|air|suicide|armed|militant|reported|"
    rf"recorded|documented|such|US|Israeli|Russian|enemy|hostile|deadly)\s+){{0,2}}(?P<noun>{'|'.join(_NOUNS)})\b"
)
_TOTAL = re.compile(r"\b(?:a\s+total\s+of|in\s+total|altogether|all\s+told)\b", re.I)
_DISPLACED_AFTER = re.compile(
    r"\s+(?:(?:people|persons|residents|civilians|villagers|families|households)\s+)?"
    r"(?:(?:have|has|had)\s+(?:now\s+)?been\s+|were\s+|are\s+)?"
    r"(?:displaced|forced\s+(?:to\s+flee|from\s+their\s+homes)|fled\s+their\s+homes)\b",
    re.I,
)
_BREAKDOWN_START = re.compile(r"[^.;]{0,60}?\bincluding\s+", re.I)
_PLACE = r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*"
_JOIN = re.compile(r"\s*(?:,\s*and|,|and)\s+", re.I)
_IN_PLACE = re.compile(rf"\s+(?:[a-z][\w-]*\s+){{0,2}}?in\s+(?P<place>{_PLACE})")
_EXCLUSION = re.compile(
    r"[^.;]{0,80}?(?:not\s+including|excluding|not\s+counting)\s+(?P<ex>[^,.;:()]+)", re.I
)
_RELATIVE = re.compile(r"\s+(?:that|which|who|whom|when|where)\s+.*$", re.I)
_EXCLUDED_BEFORE = re.compile(
    r"(?:not\s+including|excluding|not\s+counting|in\s+addition\s+to)\s+(?:the\s+)?$", re.I
)
_REFERS_BACK = re.compile(
    r"^\W*(?:the|these|those|such)\s+(?:[\w-]+\s+)?(?:attacks|strikes|incidents|raids)\b"
    r"|\b(?:in|by|from|during)\s+(?:those|these|the)\s+(?:attacks|strikes|incidents|raids)\b",
    re.I,
)
_NO_QUALIFIER = frozenset({"a total of", "a further", "another"})
_SUBJECT_STOP = frozenset({"since", "in", "including", "across", "over", "during", "this", "so", "from"})


def _tally_id(document_id: str, char_start: int) -> str:
    return "tl-" + hashlib.sha1(f"{document_id}#{char_start}".encode()).hexdigest()[:16]


def _statement_date(doc: Document, speaker: Speaker | None) -> str | None:
    if speaker is not None and speaker.said_on:
        return speaker.said_on
    return doc.published[:10] if doc.published and len(doc.published) >= 10 else None


def _strip_det(text: str) -> str | None:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(" ,“”\"'"), flags=re.I)
    return text or None


class _Found:
    """One count found in a sentence, before it becomes a Tally."""

    def __init__(
        self, metric: str, value: Range, qualifier: str | None, subject: str | None, start: int, end: int
    ) -> None:
        self.metric, self.value, self.qualifier, self.subject = metric, value, qualifier, subject
        self.start, self.end = start, end  # offsets into the sentence text


_TARGET_WORD = re.compile(r"\s+(?:on|against|targeting)\s+", re.I)


class TallyStage:
    """Finds cumulative statements (see the module docstring)."""

    def __call__(self, doc: Document) -> None:
        tallies: list[Tally] = []
        quantities: dict[int, list[QuantityMention]] = {}
        for q in doc.quantities:
            quantities.setdefault(q.sentence, []).append(q)
        times: dict[int, list[TimeMention]] = {}
        for t in doc.times:
            times.setdefault(t.sentence, []).append(t)
        previous: tuple[Sentence, str | None, Speaker | None] | None = None  # last tally sentence
        for sent in doc.sentences:
            continues = (
                previous is not None
                and previous[0].index == sent.index - 1
                and bool(_REFERS_BACK.search(sent.text))
            )
            found = self._counts(doc, sent, times.get(sent.index, []))
            found += self._figures(sent, quantities.get(sent.index, []), continues, found)
            if not found:
                previous = None
                continue
            speaker = sent.speaker
            period_start = self._period_start(doc, sent, times.get(sent.index, []), speaker)
            if continues and previous is not None:
                speaker = speaker or previous[2]
                period_start = period_start or previous[1]
            for f in found:
                tallies.append(self._tally(doc, sent, f, speaker, period_start))
            previous = (sent, period_start, speaker)
        doc.tallies = tallies

    def pipe(self, docs: list[Document]) -> None:
        for doc in docs:
            self(doc)

    # -- finding ------------------------------------------------------------------

    def _counts(self, doc: Document, sent: Sentence, times: list[TimeMention]) -> list[_Found]:
        """Event counts: "attacked N times", "N strikes since ..."."""
        text = sent.text
        periodic = (
            any(t.relation == "since" for t in times)
            or is_cumulative_sentence(text)
            or bool(_TOTAL.search(text))
        )
        found: list[_Found] = []
        for m in number_phrase().finditer(text):
            if _EXCLUDED_BEFORE.search(text, 0, m.start()):
                continue
            qualifier, _ = split_qualifier(m.group(0))
            value = parse_count(m.group(0))
            if value is None or value.best is None or value.best < 2:
                continue
            times_m = _TIMES_AFTER.match(text, m.end())
            verb = _TIMES_VERB.search(text, 0, m.start()) if times_m else None
            if times_m and verb:
                metric = _TIMES_VERBS[verb.group("verb").lower()]
                subject = self._verb_subject(doc, sent.start + verb.start("verb"))
                found.append(_Found(metric, value, qualifier, subject, verb.start("verb"), times_m.end()))
                continue
            noun = _NOUN_AFTER.match(text, m.end())
            if noun and periodic:
                metric = _NOUNS[noun.group("noun")]
                subject = self._target_after(doc, sent.start + noun.end())
                found.append(_Found(metric, value, qualifier, subject, m.start(), noun.end()))
                continue
            displaced = _DISPLACED_AFTER.match(text, m.end())
            if displaced and periodic:
                found.append(_Found("displaced", value, qualifier, None, m.start(), displaced.end()))
        return found

    @staticmethod
    def _figures(
        sent: Sentence, figures: list[QuantityMention], continues: bool, counts: list[_Found]
    ) -> list[_Found]:
        """Casualty figures that are tallies: cumulative ones, and any in a continuing sentence."""
        found: list[_Found] = []
        for q in figures:
            start, end = q.start - sent.start, q.end - sent.start
            if _EXCLUDED_BEFORE.search(sent.text, 0, start):
                continue  # the excluded figure itself
            if not (q.cumulative or continues):
                continue
            if any(c.start <= start < c.end or start <= c.start < end for c in counts):
                continue
            qualifier, _ = split_qualifier(q.text)
            found.append(_Found(q.metric, q.value, qualifier, q.subject, start, end))
        return found

    # -- fields ------------------------------------------------------------------

    @staticmethod
    def _tokens_at(doc: Document, offset: int) -> Any:
        sdoc = doc.spacy_doc
        if sdoc is None:
            return None
        return TokenIndex.of(sdoc).at_or_after(offset)  # the token at offset, else the next one

    def _verb_subject(self, doc: Document, offset: int) -> str | None:
        """Who was attacked: the passive subject of the verb, else its object."""
        verb = self._tokens_at(doc, offset)
        if verb is None:
            return None
        for dep in ("nsubjpass", "dobj"):
            child = next((c for c in verb.children if c.dep_ == dep), None)
            if child is not None and child.pos_ != "PRON":
                words = list(child.subtree)
                return _strip_det(doc.text[words[0].idx : words[-1].idx + len(words[-1].text)])
        return None

    def _target_after(self, doc: Document, offset: int) -> str | None:
        """The object of "on"/"against"/"targeting" right after an event noun."""
        m = _TARGET_WORD.match(doc.text, offset)
        if m is None:
            return None
        tok = self._tokens_at(doc, m.end())
        if tok is None:
            return None
        words = []
        for t in tok.doc[tok.i :]:
            if t.is_punct or t.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ") or t.lower_ in _SUBJECT_STOP:
                break
            words.append(t)
        if not words:
            return None
        return _strip_det(doc.text[words[0].idx : words[-1].idx + len(words[-1].text)])

    @staticmethod
    def _period_start(
        doc: Document, sent: Sentence, times: list[TimeMention], speaker: Speaker | None
    ) -> str | None:
        since = [t for t in times if t.relation == "since" and t.date_start]
        if since:
            return since[0].date_start
        end = _statement_date(doc, speaker)
        spans = [
            t
            for t in times
            if t.date_start and t.date_end and t.date_start != t.date_end and end and t.date_end >= end
        ]
        return spans[0].date_start if spans else None

    @staticmethod
    def _breakdown(text: str, end: int) -> tuple[list[dict[str, Any]], int]:
        """ "including 25 in Iraq and 15 in Syria" after offset ``end``: the parts and where they end."""
        m = _BREAKDOWN_START.match(text, end)
        if m is None:
            return [], end
        parts: list[dict[str, Any]] = []
        pos = m.end()
        while True:
            n = number_phrase().match(text, pos)
            if n is None:
                break
            value = parse_count(n.group(0))
            place = _IN_PLACE.match(text, n.end())
            if value is None or value.best is None or place is None:
                break
            parts.append({"place": re.sub(r"^the\s+", "", place.group("place")), "value": value.best})
            pos = place.end()
            join = _JOIN.match(text, pos)
            if join is None:
                break
            pos = join.end()
        if not parts:
            return [], end
        return parts, _trim_end(text, pos)

    def _tally(
        self, doc: Document, sent: Sentence, f: _Found, speaker: Speaker | None, period_start: str | None
    ) -> Tally:
        breakdown, end = self._breakdown(sent.text, f.end)
        excludes = None
        ex = _EXCLUSION.match(sent.text, f.end)
        if ex is not None:
            phrase = _RELATIVE.sub("", ex.group("ex")).rstrip(" ,“”\"'")
            excludes = phrase.lstrip(" “”\"'") or None
            end = max(end, ex.start("ex") + len(phrase))
        start = sent.start + f.start
        return Tally(
            tally_id=_tally_id(doc.document_id, start),
            metric=f.metric,
            subject=f.subject,
            value=Range(f.value.low, f.value.best, f.value.high),
            qualifier=None if f.qualifier in _NO_QUALIFIER else f.qualifier,
            period_start=period_start,
            period_end=_statement_date(doc, speaker),
            breakdown=breakdown,
            excludes=excludes,
            speaker=speaker.name if speaker else None,
            speaker_title=speaker.title if speaker else None,
            organisation=speaker.organisation if speaker else None,
            document_id=doc.document_id,
            sentence=sent.text,
            char_start=start,
            char_end=sent.start + max(end, f.end),
            outlet=doc.outlet,
            published=doc.published,
        )


def _trim_end(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


@stage("eventwire.tallies.v1", default_config={})
def make_tallies_stage(resources: Any) -> TallyStage:
    return TallyStage()


__all__ = ["EVENT_COUNT_METRICS", "TallyStage", "make_tallies_stage"]
