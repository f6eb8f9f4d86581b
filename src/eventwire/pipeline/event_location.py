"""An incident's place and its precision codes (used by ``eventwire.assemble.v1``).

The place its triggers' parse attaches, else another of its sentences', else the
dateline's (:func:`~.event_place.incident_place`), or the known unit it stands in
for an unknown place (:func:`~.fallback_place.stand_in`). Without any, a new
incident takes the document's main country (statements' places not counted; a
text naming no place may name it through demonyms and organisations) at the
gazetteer's representative point. :func:`coarse_floor` keeps a province or a
country from being coded finer than it is.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..gazetteer import Gazetteer
from ..model import Document, PlaceMention
from .buckets import SentenceBuckets
from .event_place import incident_place
from .fallback_place import country_place, stand_in
from .incidents import Incident

# the finest precision a place of this feature type can claim: (ACLED geo_precision, UCDP where_prec)
_FLOOR = {"country": (3, 6), "admin1": (3, 4), "region": (3, 5), "admin2": (2, 3)}


def event_location(
    doc: Document, inc: Incident, buckets: SentenceBuckets, resources: Any
) -> tuple[PlaceMention | None, bool]:
    """The incident's place, and whether the text wrote it for this incident.

    The main-country fallback (precision 3, UCDP 6) is not written for the
    incident, so its second value is False. The stage's ``resources`` give the
    gazetteer, read only when that fallback needs it.
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
            buckets.memo["main_country"] = country_of_people(doc, resources.gazetteer)
    main = buckets.memo["main_country"]
    return (country_place(resources.gazetteer, *main) if main is not None else None), False


def country_of_people(doc: Document, gazetteer: Gazetteer) -> tuple[str, str | None] | None:
    """A text that names no place may still name its country through people and groups:
    demonyms ("Nigerian troops") and organisations tied to one country ("FARDC");
    (country, iso3) of the most named, else None."""
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


def coarse_floor(place: PlaceMention | None) -> tuple[int | None, int | None]:
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
