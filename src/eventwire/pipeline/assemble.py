"""Stage ``eventwire.assemble.v1``: one document's event mentions become Events.

The incidents come from :mod:`eventwire.pipeline.incidents` (background,
tallies, grouping, response links). Each incident becomes one Event with:

* the place attached to its trigger in the parse, else the most precise other
  place in its sentences, else the dateline's (see
  :mod:`eventwire.pipeline.event_place`; never where a statement was made; an
  unknown village is coded to the known district, province, nearby town or country
  the text puts it in:
  :mod:`eventwire.pipeline.fallback_place`), with
  its full record (the text as written, the gazetteer id, the feature type, ACLED
  geo_precision and UCDP where_prec; a province or a country is never coded
  finer than it is); else the document's main country (statements' places not
  counted) at the gazetteer's representative point (precision 3, where_prec 6,
  nothing written);
* the most precise date, else the publication date with a coarser precision
  (never a false exact day);
* UCDP's ``date_prec`` from the width of its date window: 1 one day, 2 two to
  six days, 3 seven or eight days (a week), 4 up to 31 days (a month), 5
  longer. The publication-date fallback (a week's window) therefore gets 3;
* actors from its best mention (an "Attack" on an armed actor is an "Armed
  clash", as ACLED codes it), and one Evidence per sentence;
* claims (:class:`~eventwire.model.Claim`): every non-cumulative figure in its
  sentences (kind "figure") and every claim of responsibility, denial or blame
  (kind "responsibility": "X claimed responsibility", "X claimed the attack",
  "X said it carried out", "X denied involvement", "officials blamed X",
  "accused X of", "attributed the attack to X"; negated ones such as "no group
  has claimed" are skipped), each with the sentence's speaker, the outlet, the
  statement's date and a stance (claimed | denied | asserted | reported). A
  claim sentence that tells no incident of its own belongs to the nearest new
  incident before it;
* casualty ranges combined over its figure claims. Contradictory figures ("12
  killed" in one sentence, "15 killed" in another) give low = the smallest, high
  = the largest, and best = the figure of the most authoritative source:
  attributed to an official or named speaker (a name, an organisation or an
  official title, not "residents" or "witnesses") and asserted, before
  unattributed or lay sources, before hearsay ("reportedly", "claimed");
  among equals, the latest statement (``said_on``), then the higher figure (a
  toll is updated upwards). Denied figures count for nothing but stay as claims.
  A zero ("no one was killed") counts only when the incident states no other
  figure for that metric: any number stated wins over it, before or after it.

Event ids are deterministic (document id + incident number), so re-ingesting
gives identical records.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import timedelta
from typing import Any

from ..gazetteer import Gazetteer
from ..model import (
    Claim,
    Document,
    Event,
    EventMention,
    Evidence,
    PlaceMention,
    QuantityMention,
    Range,
    Sentence,
    TimeMention,
)
from ..taxonomy import disorder_type_of
from .buckets import SentenceBuckets
from .event_place import incident_place
from .fallback_place import country_place, stand_in
from .incidents import Incident, IncidentGrouper, to_date
from .index import TokenIndex
from .registry import stage
from .speakers import stance_of

_ARMED_KINDS = frozenset({"state", "rebel", "militia", "external"})

_EVENT_NOUN = (
    r"(?:attacks?|bombings?|assaults?|raids?|killings?|kidnappings?|abductions?|ambush(?:es)?|strikes?"
    r"|blasts?|explosions?|massacres?|shootings?|operations?|incidents?)"
)
# (pattern, stance, where the actor is: "subj" the verb's subject, "obj" its object, "on"/"to" that
# preposition's object); the named group "verb" marks the verb
_RESPONSIBILITY: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"\b(?P<verb>claim(?:ed|s|ing)?)\s+(?:\w+\s+){0,2}?responsibility\b", re.I),
        "claimed",
        "subj",
    ),
    (re.compile(r"\bresponsibility\s+(?:\w+\s+){0,2}?(?P<verb>claimed)\s+by\b", re.I), "claimed", "agent"),
    (
        re.compile(r"\b(?P<verb>took|takes|taken|accepted|accepts|assumed)\s+responsibility\b", re.I),
        "claimed",
        "subj",
    ),
    (
        re.compile(
            rf"\b(?P<verb>claimed|claims)\s+(?:the|this|that|these|those|\w+['’]s)\s+(?:[\w-]+\s+)?{_EVENT_NOUN}\b",
            re.I,
        ),
        "claimed",
        "subj",
    ),
    (
        re.compile(
            r"\b(?P<verb>said|says)\s+(?:it|they)\s+(?:had\s+)?(?:carried\s+out|was\s+behind|were\s+behind|conducted)\b",
            re.I,
        ),
        "claimed",
        "subj",
    ),
    (
        re.compile(
            r"\b(?P<verb>denied|denies|deny|denying|rejected|rejects)\s+(?:\w+\s+){0,2}?(?:involvement|responsibility"
            r"|role|part|links?|carrying\s+out|being\s+behind|having|(?:the\s+)?(?:claims?|accusations?|allegations?))\b",
            re.I,
        ),
        "denied",
        "subj",
    ),
    (
        re.compile(
            rf"\b(?P<verb>blamed|blames|blame|blaming)\s+(?:the|this|these)\s+(?:[\w-]+\s+)?{_EVENT_NOUN}\s+on\b",
            re.I,
        ),
        "asserted",
        "on",
    ),
    (
        re.compile(
            r"\b(?P<verb>blamed|blames|blaming)\b(?!\s+(?:the|this|these)\s+(?:[\w-]+\s+)?\w+\s+on\b)", re.I
        ),
        "asserted",
        "obj",
    ),
    (
        re.compile(
            r"\b(?P<verb>accused|accuses|accusing)\s+.{1,60}?\bof\s+(?:carrying\s+out|being\s+behind|the|an?|launching|attacking|killing)\b",
            re.I,
        ),
        "asserted",
        "obj",
    ),
    (
        re.compile(
            rf"\b(?P<verb>attributed|attributes)\s+(?:the|this|these)\s+(?:[\w-]+\s+)?{_EVENT_NOUN}\s+to\b",
            re.I,
        ),
        "asserted",
        "to",
    ),
)


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


# the finest precision a place of this feature type can claim: (ACLED geo_precision, UCDP where_prec)
_FLOOR = {"country": (3, 6), "admin1": (3, 4), "region": (3, 5), "admin2": (2, 3)}


def _coarse_floor(place: PlaceMention | None) -> tuple[int | None, int | None]:
    """The place's precision codes, never finer than its feature type allows.

    A province or a country stays coarse even when its point happens to be a
    town's (ACLED never codes a province-only event at precision 1).
    """
    if place is None:
        return None, None
    geo, where = place.geo_precision, place.where_prec
    floor = _FLOOR.get(place.feature_type or "")
    if floor is not None:
        geo = max(geo or floor[0], floor[0])
        where = max(where or floor[1], floor[1])
    return geo, where


class Assembler:
    def __init__(self, resources: Any, background_days: int, max_km: float, min_score: float) -> None:
        self.resources = resources
        self.grouper = IncidentGrouper(background_days, max_km, min_score)

    # -- fields -----------------------------------------------------------------

    def _date(
        self, doc: Document, inc: Incident, buckets: SentenceBuckets
    ) -> tuple[str | None, str | None, str | None, int | None]:
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

    def _place(
        self, doc: Document, inc: Incident, buckets: SentenceBuckets
    ) -> tuple[PlaceMention | None, bool]:
        """The incident's place, and whether the text wrote it for this incident.

        The place its triggers' parse attaches, else another of its sentences',
        else the dateline's (:func:`~.event_place.incident_place`), or the known unit it
        stands in for an unknown place (:func:`~.fallback_place.stand_in`). Without any,
        a new incident takes the document's main country at its representative
        point (precision 3, UCDP 6): the text wrote nothing for it, so the second
        value is False.
        """
        if "datelines" not in buckets.memo:
            buckets.memo["datelines"] = [p for p in doc.places if p.role == "dateline"]
        best = inc.best
        mentions = sorted(inc.mentions, key=lambda m: (m is not best, -m.score, m.trigger_start))
        places = buckets.places_of(inc.sentences)
        chosen = incident_place(
            doc.spacy_doc, mentions, places, () if inc.background else buckets.memo["datelines"]
        )
        place, written = stand_in(doc.spacy_doc, doc.text, mentions, places, chosen)
        if place is not None:
            return place, written
        if inc.background:
            return None, False
        if "main_country" not in buckets.memo:  # the same for every incident: worked out once
            told = [p for p in doc.places if p.role != "statement"]
            countries = Counter(p.country for p in told if p.country)
            if countries:
                country = countries.most_common(1)[0][0]
                iso3 = next((p.iso3 for p in told if p.country == country and p.iso3), None)
                buckets.memo["main_country"] = (country, iso3)
            else:
                buckets.memo["main_country"] = self._country_of_people(doc)
        main = buckets.memo["main_country"]
        return (self._country_place(*main) if main is not None else None), False

    def _country_of_people(self, doc: Document) -> tuple[str, str | None] | None:
        """A text that names no place may still name its country through people and groups:
        demonyms ("Nigerian troops") and organisations tied to one country ("FARDC");
        (country, iso3) of the most named, else None."""
        gazetteer: Gazetteer = self.resources.gazetteer
        votes: Counter[str] = Counter(
            iso2 for e in doc.entities if e.label == "NORP" and (iso2 := gazetteer.country_of_demonym(e.text))
        )
        votes.update(gazetteer.focus_hints(doc.text))
        if not votes:
            return None
        cand = gazetteer.country(votes.most_common(1)[0][0])
        if cand is None or cand.country is None:
            return None
        return cand.country, cand.iso3

    def _country_place(self, country: str, iso3: str | None) -> PlaceMention:
        """The country as a place: the gazetteer's representative point, country precision."""
        return country_place(self.resources.gazetteer, country, iso3)

    @staticmethod
    def _said_on(doc: Document, sent: Sentence) -> str | None:
        if sent.speaker is not None and sent.speaker.said_on:
            return sent.speaker.said_on
        published = to_date(doc.published)
        return published.isoformat() if published else None

    def _claim(self, doc: Document, sent: Sentence, kind: str, stance: str, start: int, end: int) -> Claim:
        speaker = sent.speaker
        return Claim(
            kind=kind,
            document_id=doc.document_id,
            sentence=sent.text,
            char_start=start,
            char_end=end,
            stance=stance,
            speaker=speaker.name if speaker else None,
            speaker_title=speaker.title if speaker else None,
            organisation=speaker.organisation if speaker else None,
            outlet=doc.outlet,
            said_on=self._said_on(doc, sent),
            published=doc.published,
        )

    def _figure_claims(self, doc: Document, sentences: list[int], buckets: SentenceBuckets) -> list[Claim]:
        claims = []
        quantities = buckets.quantities_of(sentences)
        for q in quantities:
            if q.cumulative or not q.value.is_known():
                continue
            sent = doc.sentences[q.sentence]
            stance = sent.speaker.stance if sent.speaker else stance_of(sent.text)
            claim = self._claim(doc, sent, "figure", stance, q.start, q.end)
            claim.metric, claim.value = q.metric, Range(q.value.low, q.value.best, q.value.high)
            claims.append(claim)
        return claims + self._sentence_totals(doc, claims, quantities)

    def _sentence_totals(
        self, doc: Document, claims: list[Claim], quantities: list[QuantityMention]
    ) -> list[Claim]:
        """ "Ten attackers were killed and five soldiers died": one sentence counting the dead
        of different sides gives a total claim too (never with a generic or overlapping
        subject such as "people" or "including")."""
        parts: dict[tuple[int, str], list[QuantityMention]] = {}
        for q in quantities:  # the incident's, in text order
            if not q.cumulative and q.value.best is not None:
                parts.setdefault((q.sentence, q.metric), []).append(q)
        totals = []
        for (index, metric), qs in parts.items():
            subjects = [(q.subject or "").lower().split()[-1:] for q in qs]
            words = [w[0] for w in subjects if w]
            if len(qs) < 2 or len(words) < len(qs) or len(set(words)) < len(words):
                continue
            if any(w in _GENERIC_SUBJECTS for w in words) or _OVERLAP.search(doc.sentences[index].text):
                continue
            sent = doc.sentences[index]
            first = min(qs, key=lambda q: q.start)
            last = max(qs, key=lambda q: q.end)
            like = next(c for c in claims if c.char_start == first.start and c.metric == metric)
            total = self._claim(doc, sent, "figure", like.stance, first.start, last.end)
            total.metric = metric
            total.value = Range(*(sum(q.value.best or 0 for q in qs) for _ in range(3)))
            totals.append(total)
        return totals

    def _responsibility_claims(self, doc: Document, index: int) -> list[Claim]:
        """Claims of responsibility, denials and blame in one sentence."""
        sent = doc.sentences[index]
        sdoc = doc.spacy_doc
        if sdoc is None:
            return []
        claims: list[Claim] = []
        seen: set[int] = set()
        for pattern, stance, where in _RESPONSIBILITY:
            for m in pattern.finditer(sent.text):
                verb_at = sent.start + m.start("verb")
                if verb_at in seen:
                    continue
                verb = TokenIndex.of(sdoc).starting_at(verb_at)
                if verb is None or any(c.dep_ == "neg" for c in verb.children):
                    continue
                span = _actor_span(verb, where)
                if span is None:
                    continue
                start, end = span
                seen.add(verb_at)
                said = stance
                if stance == "asserted" and sent.speaker is None and stance_of(sent.text) == "reported":
                    said = "reported"
                claim = self._claim(
                    doc, sent, "responsibility", said, min(start, verb_at), max(end, sent.start + m.end())
                )
                claim.actor = _actor_name(doc, start, end)
                claims.append(claim)
        return claims

    @staticmethod
    def _combine(claims: list[Claim], metric: str) -> Range:
        """One figure from the incident's figure claims (see the module docstring)."""
        figures = [c for c in claims if c.metric == metric and c.value is not None and c.stance != "denied"]
        figures = [c for c in figures if c.value is not None and c.value.is_known()]
        stated = [
            c for c in figures if c.value is not None and any((c.value.low, c.value.best, c.value.high))
        ]
        figures = stated or figures  # "no casualties among the soldiers", "three civilians killed": 3
        if not figures:
            return Range()
        values = [c.value for c in figures if c.value is not None]
        lows = [f.low if f.low is not None else f.best for f in values]
        highs = [f.high if f.high is not None else f.best for f in values]
        low = min((v for v in lows if v is not None), default=None)
        high = max((v for v in highs if v is not None), default=None)

        with_best = [c for c in figures if c.value is not None and c.value.best is not None]
        best: int | None = None
        if with_best:
            top = max(
                with_best,
                key=lambda c: (c.authority(), c.said_on or "", c.value.best if c.value else 0),
            )
            best = top.value.best if top.value else None
        if best is not None and high is not None and high < best:
            high = best
        if best is not None and low is not None and low > best:
            low = best
        return Range(low, best, high)

    @staticmethod
    def _weapon(doc: Document, inc: Incident, buckets: SentenceBuckets) -> str | None:
        """The weapon named closest to the best mention's trigger, else the first in the incident."""
        best = inc.best
        own = buckets.weapons_of([best.sentence])
        if own:
            return min(own, key=lambda w: abs(w.start - best.trigger_start)).weapon
        return next(
            (w.weapon for w in sorted(buckets.weapons_of(inc.sentences), key=lambda w: w.start)), None
        )

    def _actors(self, inc: Incident) -> tuple[str | None, str | None, list[str], list[str]]:
        ranked = sorted(inc.mentions, key=lambda m: -m.score)
        a1 = next((m.actor1 for m in ranked if m.actor1), None)
        a2 = next((m.actor2 for m in ranked if m.actor2 and m.actor2 != a1), None)
        assoc1 = sorted({m.actor1 for m in ranked if m.actor1 and m.actor1 not in (a1, a2)})
        assoc2 = sorted({m.actor2 for m in ranked if m.actor2 and m.actor2 not in (a1, a2)})
        return a1, a2, assoc1, assoc2

    def _evidence(self, doc: Document, inc: Incident) -> list[Evidence]:
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

    def _claims_by_incident(
        self, doc: Document, incidents: list[Incident], buckets: SentenceBuckets
    ) -> list[list[Claim]]:
        """Each incident's claims; a claim sentence outside every incident goes to the
        nearest new incident before it."""
        out = [self._figure_claims(doc, inc.sentences, buckets) for inc in incidents]
        owner = {s: k for k, inc in enumerate(incidents) for s in inc.sentences}
        for sent in doc.sentences:
            claims = self._responsibility_claims(doc, sent.index)
            if not claims:
                continue
            k = owner.get(sent.index)
            if k is None:
                before = [
                    j
                    for j, inc in enumerate(incidents)
                    if not inc.background and min(inc.sentences) < sent.index
                ]
                if not before:
                    continue
                k = max(before, key=lambda j: max(s for s in incidents[j].sentences if s < sent.index))
            out[k].extend(claims)
        for claims in out:
            claims.sort(key=lambda c: (c.char_start, c.kind))
        return out

    def __call__(self, doc: Document) -> None:
        buckets = SentenceBuckets(doc)
        incidents = self.grouper.group(doc, buckets)
        kinds = {a.name: a.kind for a in doc.actors}
        events: list[Event] = []
        claims_of = self._claims_by_incident(doc, incidents, buckets)
        for k, inc in enumerate(incidents):
            best = inc.best
            event_date, start, end, precision = self._date(doc, inc, buckets)
            place, written = self._place(doc, inc, buckets)
            geo_precision, where_prec = _coarse_floor(place)
            a1, a2, assoc1, assoc2 = self._actors(inc)
            sub_event_type, event_type = best.sub_event_type, best.event_type
            if sub_event_type == "Attack" and kinds.get(a2 or "") in _ARMED_KINDS:
                # ACLED: violence against civilians has unarmed victims; an attack on an
                # armed actor (soldiers, police, a militia) is an armed clash
                sub_event_type, event_type = "Armed clash", "Battles"
            weapon = self._weapon(doc, inc, buckets)
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
                    geo_precision=geo_precision,
                    where_prec=where_prec,
                    location_as_written=place.text if place and written else None,
                    gazetteer_id=place.gazetteer_id if place else None,
                    location_type=place.feature_type if place else None,
                    weapon=weapon,
                    fatalities=self._combine(claims_of[k], "killed"),
                    injuries=self._combine(claims_of[k], "injured"),
                    abducted=self._combine(claims_of[k], "abducted"),
                    arrested=self._combine(claims_of[k], "arrested"),
                    reported_as="background" if inc.background else "new",
                    confidence=confidence,
                    sources=self._evidence(doc, inc),
                    claims=claims_of[k],
                )
            )
        # links: an incident with a response cue answers the nearest incident told before
        # it (else after it) that did not happen after it; a background one ("in retaliation for last week's raid")
        # merges into the stored event of that raid, so the link reaches across documents
        for k, inc in enumerate(incidents):
            if not inc.link or inc.background:
                continue
            own_day = events[k].event_date or ""
            others = [
                j
                for j, o in enumerate(incidents)
                if j != k and not (o.background and own_day and (events[j].event_date or "") > own_day)
            ]
            if others:
                j = min(
                    others,
                    key=lambda j: (
                        incidents[j].sentences[0] > inc.sentences[0],  # told before it, first
                        abs(incidents[j].sentences[0] - inc.sentences[0]),
                    ),
                )
                if events[j].responds_to != events[k].event_id:
                    events[k].responds_to = events[j].event_id
                    answered, answer = events[j], events[k]
                    if answer.time_precision in (None, 2) and answered.time_precision == 1:
                        # "hours after the attack": an undated response takes the day it answers
                        answer.event_date = answered.event_date
                        answer.date_start, answer.date_end = answered.date_start, answered.date_end
                        answer.time_precision = 1
        for event in events:
            event.date_prec = date_prec(event.date_start, event.date_end)
        doc.events = events


# subjects that may include the others ("12 people were killed, among them 5 soldiers")
_GENERIC_SUBJECTS = {
    "people",
    "persons",
    "others",
    "individuals",
    "victims",
    "mixed",
    "dead",
    "toll",
    "total",
}
_OVERLAP = re.compile(r"\b(?:including|included|among them|among whom|of whom|of them|out of)\b", re.I)

_COUNT_BACK = re.compile(
    r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(days?|weeks?)\s+"
    r"(?:after|since)\s+(?:the\s+|a\s+|an\s+|last\s+)?(?:[\w'-]+\s+){0,4}$",
    re.I,
)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


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


def _actor_span(verb: Any, where: str) -> tuple[int, int] | None:
    """Character span of the actor of a claim verb: its subject, object, agent, or the
    object of "on"/"to" after it."""
    head: Any = None
    if where == "subj":
        head = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if head is None and verb.dep_ in ("xcomp", "conj", "advcl"):
            head = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    elif where == "obj":
        head = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if head is None:
            head = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    else:
        word = {"agent": "by", "on": "on", "to": "to"}[where]
        for tok in verb.doc[verb.i + 1 : verb.sent.end]:
            if tok.lower_ == word:
                head = next((c for c in tok.children if c.dep_ == "pobj"), None)
                break
    if head is None or head.pos_ == "PRON":
        return None
    left = [t for t in head.subtree if t.i <= head.i and not t.is_punct]
    if not left:
        return None
    if left[0].lower_ in ("no", "none", "nobody"):
        return None  # "no group has claimed responsibility"
    first, last = left[0], head
    while first.i < last.i and first.pos_ == "DET":
        first = verb.doc[first.i + 1]
    return first.idx, last.idx + len(last.text)


def _actor_name(doc: Document, start: int, end: int) -> str:
    """The normalised actor whose mention lies in the span, else the words as written."""
    for actor in doc.actors:
        if start <= actor.start < end or actor.start <= start < actor.end:
            return actor.name
    return doc.text[start:end]


@stage("eventwire.assemble.v1", default_config={"background_days": 14, "max_km": 50.0, "min_score": 0.3})
def make_assembler(resources: Any, background_days: int, max_km: float, min_score: float) -> Assembler:
    return Assembler(resources, background_days, max_km, min_score)
