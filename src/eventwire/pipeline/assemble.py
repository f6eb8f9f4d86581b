"""Stage ``eventwire.assemble.v1``: one document's event mentions become Events.

The incidents come from :mod:`eventwire.pipeline.incidents` (background,
tallies, grouping, response links). Each incident becomes one Event with:

* the most precise place in its sentences, with its full record (the text as
  written, the gazetteer id, the feature type, ACLED geo_precision and UCDP
  where_prec; a province or a country is never coded finer than it is); else
  the document's main country at the gazetteer's representative point
  (precision 3, where_prec 6, nothing written);
* the most precise date, else the publication date with a coarser precision
  (never a false exact day);
* actors from its best mention (an "Attack" on an armed actor is an "Armed
  clash", as ACLED codes it), casualty ranges combined over its
  non-cumulative figures, and one Evidence per sentence.

Event ids are deterministic (document id + incident number), so re-ingesting
gives identical records.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import timedelta
from typing import Any

from ..gazetteer import Gazetteer
from ..model import Document, Event, Evidence, PlaceMention, Range
from ..taxonomy import disorder_type_of
from .incidents import Incident, IncidentGrouper, to_date
from .registry import stage

_ARMED_KINDS = frozenset({"state", "rebel", "militia", "external"})


def _place_rank(p: PlaceMention) -> tuple[int, int]:
    """Lower is better: precise resolved places first, then by position."""
    prec = p.geo_precision if p.geo_precision is not None else 9
    return (prec if p.latitude is not None else prec + 10, p.start)


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

    def _date(self, doc: Document, inc: Incident) -> tuple[str | None, str | None, str | None, int | None]:
        wanted = set(inc.sentences)
        times = [t for t in doc.times if t.sentence in wanted and t.relation != "since" and t.date_start]
        if times:
            t = min(times, key=lambda t: (t.time_precision, t.start))
            return t.date_start, t.date_start, t.date_end or t.date_start, t.time_precision
        published = to_date(doc.published)
        if inc.background or published is None:
            return None, None, None, None
        # No usable time expression: the report's date, flagged as coarse (never a false exact day).
        return published.isoformat(), (published - timedelta(days=6)).isoformat(), published.isoformat(), 2

    def _place(self, doc: Document, inc: Incident) -> tuple[PlaceMention | None, bool]:
        """The incident's place, and whether the text wrote it for this incident.

        Without a place of its own, a new incident takes the document's main
        country at its representative point (precision 3, UCDP 6): the text
        wrote nothing for it, so the second value is False.
        """
        places = [p for p in self.grouper.places_of(doc, inc.sentences) if p.name is not None]
        if places:
            return min(places, key=_place_rank), True
        if inc.background:
            return None, False
        countries = Counter(p.country for p in doc.places if p.country)
        if not countries:
            return None, False
        country = countries.most_common(1)[0][0]
        iso3 = next((p.iso3 for p in doc.places if p.country == country and p.iso3), None)
        return self._country_place(country, iso3), False

    def _country_place(self, country: str, iso3: str | None) -> PlaceMention:
        """The country as a place: the gazetteer's representative point, country precision."""
        gazetteer: Gazetteer = self.resources.gazetteer
        cand = gazetteer.country(iso3 or country)
        if cand is None and iso3:
            cand = gazetteer.country(country)
        place = PlaceMention(0, 0, "", 0, name=country, country=country, iso3=iso3)
        if cand is not None:
            place.name = place.country = cand.country or cand.name
            place.iso3 = cand.iso3 or iso3
            place.gazetteer_id = cand.gazetteer_id
            place.latitude, place.longitude = cand.latitude, cand.longitude
        place.feature_type, place.geo_precision, place.where_prec = "country", 3, 6
        return place

    @staticmethod
    def _combine(doc: Document, inc: Incident, metric: str) -> Range:
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
    def _weapon(doc: Document, inc: Incident) -> str | None:
        """The weapon named closest to the best mention's trigger, else the first in the incident."""
        best = inc.best
        own = [w for w in doc.weapons if w.sentence == best.sentence]
        if own:
            return min(own, key=lambda w: abs(w.start - best.trigger_start)).weapon
        wanted = set(inc.sentences)
        return next(
            (w.weapon for w in sorted(doc.weapons, key=lambda w: w.start) if w.sentence in wanted), None
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

    def __call__(self, doc: Document) -> None:
        incidents = self.grouper.group(doc)
        kinds = {a.name: a.kind for a in doc.actors}
        events: list[Event] = []
        for k, inc in enumerate(incidents):
            best = inc.best
            event_date, start, end, precision = self._date(doc, inc)
            place, written = self._place(doc, inc)
            geo_precision, where_prec = _coarse_floor(place)
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
                    geo_precision=geo_precision,
                    where_prec=where_prec,
                    location_as_written=place.text if place and written else None,
                    gazetteer_id=place.gazetteer_id if place else None,
                    location_type=place.feature_type if place else None,
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
    return Assembler(resources, background_days, max_km, min_score)
