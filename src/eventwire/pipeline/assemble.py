"""Stage ``eventwire.assemble.v1``: one document's event mentions become Events.

The incidents come from :mod:`eventwire.pipeline.incidents` (background,
tallies, grouping, response links). Each incident becomes one Event, its fields
chosen by the modules named below (this module holds the stage), with:

* the place attached to its trigger in the parse, else the most precise other
  place in its sentences, else the dateline's (:mod:`.event_location`, see
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
  (never a false exact day; :mod:`.event_date`);
* UCDP's ``date_prec`` from the width of its date window: 1 one day, 2 two to
  six days, 3 seven or eight days (a week), 4 up to 31 days (a month), 5
  longer. The publication-date fallback (a week's window) therefore gets 3;
* actors from its best mention (an "Attack" on an armed actor is an "Armed
  clash", as ACLED codes it), and one Evidence per sentence
  (:mod:`.event_fields`);
* claims (:class:`~eventwire.model.Claim`): every non-cumulative figure in its
  sentences (kind "figure") and every claim of responsibility, denial or blame
  (kind "responsibility": "X claimed responsibility", "X claimed the attack",
  "X said it carried out", "X denied involvement", "officials blamed X",
  "accused X of", "attributed the attack to X"; negated ones such as "no group
  has claimed" are skipped), each with the sentence's speaker, the outlet, the
  statement's date and a stance (claimed | denied | asserted | reported). A
  claim sentence that tells no incident of its own belongs to the nearest new
  incident before it (:mod:`.event_claims`);
* casualty ranges combined over its figure claims (:mod:`.event_figures`).
  Contradictory figures ("12 killed" in one sentence, "15 killed" in another)
  give low = the smallest, high = the largest, and best = the figure of the most authoritative source:
  attributed to an official or named speaker (a name, an organisation or an
  official title, not "residents" or "witnesses") and asserted, before
  unattributed or lay sources, before hearsay ("reportedly", "claimed");
  among equals, the latest statement (``said_on``), then the higher figure (a
  toll is updated upwards). Denied figures count for nothing but stay as claims.
  A zero ("no one was killed") counts only when the incident states no other
  figure for that metric: any number stated wins over it, before or after it.

Event ids are deterministic (document id + incident number), so re-ingesting
gives identical records. An incident with a response cue then links to the
event it answers (:mod:`.event_links`).
"""

from __future__ import annotations

from typing import Any

from ..model import Document, Event
from ..taxonomy import disorder_type_of
from .buckets import SentenceBuckets
from .event_claims import claims_by_incident
from .event_date import date_prec, incident_date
from .event_fields import (
    confidence,
    event_id,
    event_types,
    incident_actors,
    incident_evidence,
    incident_weapon,
)
from .event_figures import combine_figures
from .event_links import link_responses
from .event_location import coarse_floor, event_location
from .incidents import IncidentGrouper
from .registry import stage

__all__ = ["Assembler", "date_prec", "make_assembler"]


class Assembler:
    """The stage: groups a document's event mentions into incidents, one Event each."""

    def __init__(self, resources: Any, background_days: int, max_km: float, min_score: float) -> None:
        self.resources = resources
        self.grouper = IncidentGrouper(background_days, max_km, min_score)

    def __call__(self, doc: Document) -> None:
        buckets = SentenceBuckets(doc)
        incidents = self.grouper.group(doc, buckets)
        kinds = {a.name: a.kind for a in doc.actors}
        events: list[Event] = []
        claims_of = claims_by_incident(doc, incidents, buckets)
        for k, inc in enumerate(incidents):
            best = inc.best
            event_date, start, end, precision = incident_date(doc, inc, buckets)
            place, written = event_location(doc, inc, buckets, self.resources)
            geo_precision, where_prec = coarse_floor(place)
            a1, a2, assoc1, assoc2 = incident_actors(inc)
            sub_event_type, event_type = event_types(best, a2, kinds)
            weapon = incident_weapon(inc, buckets)
            fields_known = sum(x is not None for x in (event_date, place, a1, weapon))
            events.append(
                Event(
                    event_id=event_id(doc.document_id, k),
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
                    fatalities=combine_figures(claims_of[k], "killed"),
                    injuries=combine_figures(claims_of[k], "injured"),
                    abducted=combine_figures(claims_of[k], "abducted"),
                    arrested=combine_figures(claims_of[k], "arrested"),
                    reported_as="background" if inc.background else "new",
                    confidence=confidence(inc, fields_known),
                    sources=incident_evidence(doc, inc),
                    claims=claims_of[k],
                )
            )
        link_responses(incidents, events)
        for event in events:
            event.date_prec = date_prec(event.date_start, event.date_end)
        doc.events = events


@stage("eventwire.assemble.v1", default_config={"background_days": 14, "max_km": 50.0, "min_score": 0.3})
def make_assembler(resources: Any, background_days: int, max_km: float, min_score: float) -> Assembler:
    return Assembler(resources, background_days, max_km, min_score)
