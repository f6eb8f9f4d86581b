"""Stage ``eventwire.assemble.v1``: group one document's event mentions into Events.

Rules, in order (each is explainable from the evidence it keeps):

1. **Background.** A mention is ``background`` when its sentence recalls the
   past: a cue such as "previously", "last year", "in 2019", a past-perfect
   verb ("had killed"), or a time expression ending more than
   ``background_days`` before the reference date. A background cue at the start
   of a paragraph carries over to the rest of that paragraph unless a later
   sentence has a recent date of its own. Sentences whose figures are all
   running totals ("since October 17") are tallies, not incidents.
2. **Grouping.** A new mention joins the open incident of the same event type
   unless its place or date contradicts it (another resolved place further than
   ``max_km`` away, or a different exact day). A sentence that refers back
   ("This attack...", "The strike...", "The response...") joins the latest
   incident whatever its type.
3. **Links.** An incident whose evidence says "in response to", "in
   retaliation for", "after the attack/raid..." responds to the nearest other
   new incident.
4. **Fields.** The most precise place and date in the incident's sentences
   (else the document's main country, precision 3, and the publication date
   with a coarser precision: never a false exact day), actors from the
   best-scored mention, casualty ranges combined over its non-cumulative
   figures, sources = one Evidence per sentence.

Event ids are deterministic (document id + incident number), so re-ingesting
gives identical records.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..geo import haversine_km
from ..model import Document, Event, EventMention, Evidence, PlaceMention, Range, Sentence, TimeMention
from ..taxonomy import disorder_type_of
from .registry import stage

_BACKGROUND_CUE = re.compile(
    r"\b(previously|earlier this year|last year|in (?:19|20)\d\d|a similar|the first time|"
    r"(?:a|one|two|three|several) (?:years?|months?|decades?) ago|since then|in the past|"
    r"had (?:been )?(?:\w+ed|killed|attacked|launched|struck|fought|taken|seized)|recalled|"
    r"was the (?:deadliest|worst|latest)|marked the)\b",
    re.I,
)
_CONTINUATION = re.compile(r"^\W*(then|later|subsequently|afterwards|at the time)\b", re.I)
_REFERS_BACK = re.compile(
    r"^\W*(?:this|that|the|these|those|its|their|it)\s+(?:[\w-]+\s+)?"
    r"(?:attack|attacks|strike|strikes|raid|response|assault|explosion|blast|bombing|clash|clashes|"
    r"fighting|operation|incident|shelling|ambush|protest|demonstration|riot|violence)\b",
    re.I,
)
_PLURAL_BACK = re.compile(
    r"^\W*(?:the|these|those|such)\s+(?:[\w-]+\s+)?(?:attacks|strikes|incidents|raids)\b", re.I
)
_COUNT = re.compile(
    r"\b(?:\d[\d,]*|[a-z]+ty(?:-[a-z]+)?|dozens|hundreds)\s+(?:times|attacks|strikes|incidents|raids)\b", re.I
)
_LINK_CUE = re.compile(
    r"\b(in (?:response|retaliation|reprisal) (?:to|for)|retaliat\w*|in revenge for|"
    r"respon(?:se|ded|ding)|self-defen[cs]e|"
    r"(?:hours?|days?|shortly|immediately|soon)?\s*after (?:the|these|this|an?|those) "
    r"(?:\w+\s+){0,2}(?:attack|attacks|raid|strike|strikes|assault|bombing|launch|launched|forces launched))",
    re.I,
)


_TIE = 0.1  # scores this close count as a tie between an incident's mentions
_ARMED_KINDS = frozenset({"state", "rebel", "militia", "external"})
_FAMILIES = {
    "Battles": "violence",
    "Explosions/Remote violence": "violence",
    "Violence against civilians": "violence",
    "Protests": "demonstration",
    "Riots": "demonstration",
}


_DEFINITE_BEFORE = re.compile(
    r"\b(?:the|this|that|these|those|its|their|\w+['\u2019]s)\s+(?:[\w-]+\s+)?$", re.I
)
_CASUALTY_ONLY = re.compile(
    r"(?:killed|killing|wounded|wounding|injured|injuring|injuries|dead|died|deaths?|bodies|hurt|casualties)",
    re.I,
)
# sub-event types that, told without a place or day of their own, are part of the
# violent incident or the riot before them ("the attackers also torched shops")
_SIDE_EFFECTS = frozenset({"Looting/property destruction"})


def _family(event_type: str) -> str | None:
    """Event types that one incident's sentences may mix; strategic developments stand alone."""
    return _FAMILIES.get(event_type)


def _to_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _km(a: PlaceMention, b: PlaceMention) -> float:
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _place_rank(p: PlaceMention) -> tuple[int, int]:
    """Lower is better: precise resolved places first, then by position."""
    prec = p.geo_precision if p.geo_precision is not None else 9
    return (prec if p.latitude is not None else prec + 10, p.start)


@dataclass
class _Incident:
    mentions: list[EventMention] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    background: bool = False
    link: bool = False

    def add(self, mention: EventMention) -> None:
        self.mentions.append(mention)
        if mention.sentence not in self.sentences:
            self.sentences.append(mention.sentence)

    @property
    def best(self) -> EventMention:
        """The mention that types the incident: the strongest, the earliest among near ties
        (the lead sentence of a report usually names what happened)."""
        top = max(m.score for m in self.mentions)
        return next(m for m in self.mentions if m.score >= top - _TIE)


class Assembler:
    def __init__(self, background_days: int, max_km: float, min_score: float) -> None:
        self.background_days = background_days
        self.max_km = max_km
        self.min_score = min_score

    # -- per-sentence facts -------------------------------------------------

    def _reference(self, doc: Document, sent: Sentence) -> date | None:
        if sent.speaker is not None and sent.speaker.said_on:
            return _to_date(sent.speaker.said_on)
        return _to_date(doc.published)

    def _sentence_background(self, doc: Document, sent: Sentence, times: list[TimeMention]) -> bool | None:
        """True: recalls the past; False: has a recent date of its own; None: no evidence."""
        ref = self._reference(doc, sent)
        recent = False
        for t in times:
            end = _to_date(t.date_end) or _to_date(t.date_start)
            if end is None or ref is None or t.relation == "since":
                continue
            if (ref - end).days > self.background_days:
                return True
            recent = True
        if recent:
            return False
        if _BACKGROUND_CUE.search(sent.text):
            return True
        return None

    def _background_flags(self, doc: Document) -> list[bool]:
        times_by_sent: dict[int, list[TimeMention]] = {}
        for t in doc.times:
            times_by_sent.setdefault(t.sentence, []).append(t)
        flags: list[bool] = []
        carried = False
        prev_para = -1
        for sent in doc.sentences:
            if sent.paragraph != prev_para:
                carried, prev_para = False, sent.paragraph
            own = self._sentence_background(doc, sent, times_by_sent.get(sent.index, []))
            if own is None:
                flag = carried or bool(_CONTINUATION.search(sent.text) and flags and flags[-1])
            else:
                flag = own
            carried = flag
            flags.append(flag)
        return flags

    def _tally_sentences(self, doc: Document) -> set[int]:
        """Sentences that give running totals ("attacked 66 times since October 17"), not incidents."""
        by_sent: dict[int, list[bool]] = {}
        for q in doc.quantities:
            by_sent.setdefault(q.sentence, []).append(q.cumulative)
        tallies = {s for s, flags in by_sent.items() if flags and all(flags)}
        since = {t.sentence for t in doc.times if t.relation == "since"}
        for sent in doc.sentences:
            if sent.index in since and _COUNT.search(sent.text):
                tallies.add(sent.index)
            elif sent.index - 1 in tallies and (
                _PLURAL_BACK.search(sent.text) or any(by_sent.get(sent.index, []))
            ):
                # "The attacks injured 62 ..." right after a tally continues it
                tallies.add(sent.index)
        return tallies

    # -- grouping ---------------------------------------------------------------

    def _places_of(self, doc: Document, sentences: list[int]) -> list[PlaceMention]:
        wanted = set(sentences)
        return [p for p in doc.places if p.sentence in wanted]

    def _days_of(self, doc: Document, sentences: list[int]) -> set[str]:
        wanted = set(sentences)
        return {
            t.date_start
            for t in doc.times
            if t.sentence in wanted and t.time_precision == 1 and t.relation == "at" and t.date_start
        }

    def _anchored(self, doc: Document, mention: EventMention) -> bool:
        """Does the mention's sentence name a day or a place finer than a province?"""
        fine = any(
            p.latitude is not None and (p.geo_precision or 3) <= 2
            for p in self._places_of(doc, [mention.sentence])
        )
        return fine or bool(self._days_of(doc, [mention.sentence]))

    def _compatible(
        self, doc: Document, incident: _Incident, mention: EventMention, days: bool = True
    ) -> bool:
        """No place further than max_km from the incident's, and (with ``days``) no other exact day."""
        new_places = [p for p in self._places_of(doc, [mention.sentence]) if p.latitude is not None]
        old_places = [p for p in self._places_of(doc, incident.sentences) if p.latitude is not None]
        fine_new = [p for p in new_places if (p.geo_precision or 3) <= 2]
        fine_old = [p for p in old_places if (p.geo_precision or 3) <= 2]
        if fine_new and fine_old and min(_km(a, b) for a in fine_new for b in fine_old) > self.max_km:
            return False
        if not days:
            return True
        new_days = self._days_of(doc, [mention.sentence])
        old_days = self._days_of(doc, incident.sentences)
        return not (new_days and old_days and not (new_days & old_days))

    def group(self, doc: Document) -> list[_Incident]:
        flags = self._background_flags(doc)
        tallies = self._tally_sentences(doc)
        incidents: list[_Incident] = []
        for mention in sorted(doc.mentions, key=lambda m: (m.sentence, -m.score)):
            if mention.score < self.min_score or mention.sentence in tallies:
                continue
            sent = doc.sentences[mention.sentence]
            background = flags[mention.sentence] if mention.sentence < len(flags) else False
            mention.reported_as = "background" if background else "new"
            link = bool(_LINK_CUE.search(sent.text))
            mention.links_back = link
            target: _Incident | None = None
            same_bg = [i for i in incidents if i.background == background]
            if (
                same_bg
                and _REFERS_BACK.search(sent.text)
                and same_bg[-1].sentences[-1] >= mention.sentence - 3
                and self._compatible(doc, same_bg[-1], mention)
            ):
                target = same_bg[-1]
            else:
                for inc in reversed(same_bg):
                    if inc.best.sub_event_type == mention.sub_event_type and self._compatible(
                        doc, inc, mention
                    ):
                        target = inc
                        break
            if (
                target is None
                and not link
                and _DEFINITE_BEFORE.search(sent.text[: mention.trigger_start - sent.start])
            ):
                # "displaced by the fighting", "Monday's attack": a definite phrase names an
                # incident already told, of the same family
                family = _family(mention.event_type)
                for inc in reversed(same_bg):
                    if (
                        family
                        and _family(inc.best.event_type) == family
                        and self._compatible(doc, inc, mention, days=False)
                    ):
                        target = inc
                        break
            if target is None and not link and _CASUALTY_ONLY.fullmatch(mention.trigger.strip()):
                # "Five of the wounded died overnight in hospital": a later figure for the
                # violent incident told before, reported on another day or from the hospital
                violent = [i for i in same_bg if _family(i.best.event_type) == "violence"]
                for inc in reversed(violent):
                    if self._compatible(doc, inc, mention, days=False):
                        target = inc
                        break
            if target is None and not link and not self._anchored(doc, mention):
                # a sentence with no place or day of its own ("Residents said the gunmen
                # also torched shops") adds to the first incident of the same family,
                # unless it tells of a response ("hours after the attack, a drone strike...")
                family = _family(mention.event_type)
                joins_any = mention.sub_event_type in _SIDE_EFFECTS
                for inc in same_bg:
                    other = _family(inc.best.event_type)
                    if other and (joins_any or other == family) and self._compatible(doc, inc, mention):
                        target = inc
                        break
            if target is None:
                target = _Incident(background=background)
                incidents.append(target)
            target.add(mention)
            target.link = target.link or link
        self._attach_figures(doc, incidents, flags, tallies)
        return incidents

    @staticmethod
    def _attach_figures(
        doc: Document, incidents: list[_Incident], flags: list[bool], tallies: set[int]
    ) -> None:
        """A sentence with casualty figures but no event words of its own ("This resulted in
        the deaths of several fighters") belongs to the incident told just before it in
        the same paragraph."""
        covered = {s for inc in incidents for s in inc.sentences}
        figure_sentences = sorted({q.sentence for q in doc.quantities if not q.cumulative})
        for idx in figure_sentences:
            if idx in covered or idx in tallies or idx >= len(doc.sentences) or flags[idx]:
                continue
            para = doc.sentences[idx].paragraph
            before = [
                inc
                for inc in incidents
                if not inc.background
                and inc.sentences[-1] < idx
                and doc.sentences[inc.sentences[-1]].paragraph == para
            ]
            if before:
                target = max(before, key=lambda inc: inc.sentences[-1])
                target.sentences.append(idx)
                target.link = target.link or bool(_LINK_CUE.search(doc.sentences[idx].text))

    # -- fields -----------------------------------------------------------------

    def _date(self, doc: Document, inc: _Incident) -> tuple[str | None, str | None, str | None, int | None]:
        wanted = set(inc.sentences)
        times = [t for t in doc.times if t.sentence in wanted and t.relation != "since" and t.date_start]
        if times:
            t = min(times, key=lambda t: (t.time_precision, t.start))
            return t.date_start, t.date_start, t.date_end or t.date_start, t.time_precision
        published = _to_date(doc.published)
        if inc.background or published is None:
            return None, None, None, None
        # No usable time expression: the report's date, flagged as coarse (never a false exact day).
        return published.isoformat(), (published - timedelta(days=6)).isoformat(), published.isoformat(), 2

    def _place(self, doc: Document, inc: _Incident) -> PlaceMention | None:
        places = [p for p in self._places_of(doc, inc.sentences) if p.name is not None]
        if places:
            return min(places, key=_place_rank)
        if inc.background:
            return None
        # fall back to the document's main country, at country precision
        countries = Counter(p.country for p in doc.places if p.country)
        if not countries:
            return None
        country = countries.most_common(1)[0][0]
        for p in doc.places:
            if p.country == country and p.feature_type == "country":
                return p
        for p in doc.places:
            if p.country == country:
                return PlaceMention(
                    p.start,
                    p.end,
                    p.text,
                    p.sentence,
                    name=country,
                    country=country,
                    iso3=p.iso3,
                    feature_type="country",
                    geo_precision=3,
                    where_prec=6,
                )
        return None

    @staticmethod
    def _combine(doc: Document, inc: _Incident, metric: str) -> Range:
        wanted = set(inc.sentences)
        figures = [
            q.value
            for q in doc.quantities
            if q.sentence in wanted and q.metric == metric and not q.cumulative
        ]
        figures = [f for f in figures if f.is_known()]
        if not figures:
            return Range()
        lows = [f.low if f.low is not None else f.best for f in figures]
        highs = [f.high if f.high is not None else f.best for f in figures]
        bests = [f.best for f in figures if f.best is not None]
        low = min((v for v in lows if v is not None), default=None)
        high = max((v for v in highs if v is not None), default=None)
        best = max(bests) if bests else None
        if best is not None and high is not None and high < best:
            high = best
        return Range(low, best, high)

    @staticmethod
    def _weapon(doc: Document, inc: _Incident) -> str | None:
        """The weapon named closest to the best mention's trigger, else the first in the incident."""
        best = inc.best
        own = [w for w in doc.weapons if w.sentence == best.sentence]
        if own:
            return min(own, key=lambda w: abs(w.start - best.trigger_start)).weapon
        wanted = set(inc.sentences)
        return next(
            (w.weapon for w in sorted(doc.weapons, key=lambda w: w.start) if w.sentence in wanted), None
        )

    def _actors(self, inc: _Incident) -> tuple[str | None, str | None, list[str], list[str]]:
        ranked = sorted(inc.mentions, key=lambda m: -m.score)
        a1 = next((m.actor1 for m in ranked if m.actor1), None)
        a2 = next((m.actor2 for m in ranked if m.actor2 and m.actor2 != a1), None)
        assoc1 = sorted({m.actor1 for m in ranked if m.actor1 and m.actor1 not in (a1, a2)})
        assoc2 = sorted({m.actor2 for m in ranked if m.actor2 and m.actor2 not in (a1, a2)})
        return a1, a2, assoc1, assoc2

    def _evidence(self, doc: Document, inc: _Incident) -> list[Evidence]:
        out = []
        for idx in sorted(inc.sentences):
            sent = doc.sentences[idx]
            out.append(
                Evidence(
                    document_id=doc.document_id,
                    outlet=doc.outlet,
                    url=doc.url,
                    published=doc.published,
                    sentence=sent.text,
                    char_start=sent.start,
                    char_end=sent.end,
                    speaker=sent.speaker.label() if sent.speaker else None,
                )
            )
        return out

    def __call__(self, doc: Document) -> None:
        incidents = self.group(doc)
        kinds = {a.name: a.kind for a in doc.actors}
        events: list[Event] = []
        for k, inc in enumerate(incidents):
            best = inc.best
            event_date, start, end, precision = self._date(doc, inc)
            place = self._place(doc, inc)
            a1, a2, assoc1, assoc2 = self._actors(inc)
            sub_event_type, event_type = best.sub_event_type, best.event_type
            if sub_event_type == "Attack" and kinds.get(a2 or "") in _ARMED_KINDS:
                # ACLED: violence against civilians has unarmed victims; an attack on an
                # armed actor (soldiers, police, a militia) is an armed clash
                sub_event_type, event_type = "Armed clash", "Battles"
            weapon = self._weapon(doc, inc)
            fields_known = sum(x is not None for x in (event_date, place, a1, weapon))
            confidence = round(
                min(0.99, 0.5 * best.score + 0.1 * fields_known + 0.05 * (len(inc.sentences) - 1)), 3
            )
            digest = hashlib.sha1(f"{doc.document_id}#{k}".encode()).hexdigest()[:16]
            events.append(
                Event(
                    event_id=f"ev-{digest}",
                    event_type=event_type,
                    sub_event_type=sub_event_type,
                    disorder_type=disorder_type_of(sub_event_type),
                    event_date=event_date,
                    date_start=start,
                    date_end=end,
                    time_precision=precision,
                    actor1=a1,
                    actor2=a2,
                    assoc_actor_1=assoc1,
                    assoc_actor_2=assoc2,
                    country=place.country if place else None,
                    iso3=place.iso3 if place else None,
                    admin1=place.admin1 if place else None,
                    admin2=place.admin2 if place else None,
                    location=place.name if place else None,
                    latitude=place.latitude if place else None,
                    longitude=place.longitude if place else None,
                    geo_precision=place.geo_precision if place else None,
                    weapon=weapon,
                    fatalities=self._combine(doc, inc, "killed"),
                    injuries=self._combine(doc, inc, "injured"),
                    reported_as="background" if inc.background else "new",
                    confidence=confidence,
                    sources=self._evidence(doc, inc),
                )
            )
        # links: an incident with a response cue answers the nearest other new incident
        for k, inc in enumerate(incidents):
            if not inc.link or inc.background:
                continue
            others = [j for j, o in enumerate(incidents) if j != k and not o.background]
            if others:
                j = min(others, key=lambda j: abs(incidents[j].sentences[0] - inc.sentences[0]))
                if events[j].responds_to != events[k].event_id:
                    events[k].responds_to = events[j].event_id
                    answered, answer = events[j], events[k]
                    if answer.time_precision in (None, 2) and answered.time_precision == 1:
                        # "hours after the attack": an undated response takes the day it answers
                        answer.event_date = answered.event_date
                        answer.date_start, answer.date_end = answered.date_start, answered.date_end
                        answer.time_precision = 1
        doc.events = events


@stage("eventwire.assemble.v1", default_config={"background_days": 14, "max_km": 50.0, "min_score": 0.3})
def make_assembler(resources: Any, background_days: int, max_km: float, min_score: float) -> Assembler:
    return Assembler(background_days, max_km, min_score)
