"""Which of an incident's places is its event's (used by ``eventwire.assemble.v1``).

In this order:

1. a place attached to the trigger of the incident's best mention in the parse
   (the locative of the attack, "in/near/at/on/outside X"; the object of
   "attacked X"; "the X base was hit"; see :mod:`.attachment`), else to the
   trigger of another of its mentions. Among several, the most precise, then the
   first written; a province or a country gives way to a finer place of the
   incident that lies inside it ("gunmen attacked a village in Zamfara state ...
   the village, Gusau, ..." is Gusau);
2. else the most precise other place in the incident's sentences, then the first
   written, those in a statement's frame ("the governor, who was visiting X,
   said ...") after the rest;
3. else the dateline's town ("KINSHASA, Congo —"), for a new incident;
4. else None (the assemble stage then takes the report's main country).

A statement's place (role "statement": "said in Washington", "told reporters in
Geneva", "the Brussels-based group") never places an event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import EventMention, PlaceMention
from .attachment import attached_to_trigger, in_speech_frame

_AREAS = frozenset({"country", "region", "admin1", "admin2"})


def place_rank(p: PlaceMention) -> tuple[int, int]:
    """Lower is better: precise resolved places first, then by position."""
    prec = p.geo_precision if p.geo_precision is not None else 9
    return (prec if p.latitude is not None else prec + 10, p.start)


def _inside(p: PlaceMention, area: PlaceMention) -> bool:
    """Whether ``p`` lies in ``area`` (a country, region, province or district), as far as
    the gazetteer's records say."""
    if p.iso3 is None or p.iso3 != area.iso3:
        return False
    if area.feature_type == "admin1":
        return p.admin1 is not None and p.admin1 == area.admin1
    if area.feature_type == "admin2":
        return p.admin2 is not None and p.admin2 == area.admin2
    return True


def incident_place(
    sdoc: Any,
    mentions: Sequence[EventMention],
    places: Sequence[PlaceMention],
    datelines: Sequence[PlaceMention] = (),
) -> PlaceMention | None:
    """The event's place among the incident's ``places`` (those of its sentences, in text
    order), read from its ``mentions`` (the best first) and the report's ``datelines``
    (empty for a recalled incident); see the module docstring."""
    told = [p for p in places if p.name is not None and p.role is None]
    for mention in mentions:
        own = [
            p
            for p in told
            if p.sentence == mention.sentence
            and attached_to_trigger(sdoc, mention.trigger_start, mention.trigger_end, p.start, p.end)
        ]
        if own:
            best = min(own, key=place_rank)
            if best.feature_type in _AREAS:
                finer = [p for p in told if place_rank(p)[0] < place_rank(best)[0] and _inside(p, best)]
                if finer:
                    return min(finer, key=place_rank)
            return best
    if told:
        # the frame of a statement ("the governor, visiting X, said") after the rest
        return min(told, key=lambda p: (in_speech_frame(sdoc, p.start, p.end), place_rank(p)))
    named = [p for p in datelines if p.name is not None and p.role == "dateline"]
    return min(named, key=place_rank) if named else None
