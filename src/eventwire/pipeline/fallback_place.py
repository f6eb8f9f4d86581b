"""The known unit an event's place stands in for, when the place written is not in the
gazetteer (used by ``eventwire.assemble.v1``), coded as ACLED codes it.

* An unknown place on the event's trigger ("killed four in Kashebere village, ...") tied
  to a known one written right after it in the same sentence (", Uvira", "in Masisi
  territory", "near Uvira", ", 30 km north of Konduga", ", Borno state") is coded to that
  known unit: a town's point at precision 2 (UCDP 2, within ~25 km), a district's at 2
  (UCDP 3), a province's at 3 (UCDP 4), a country's at 3 (UCDP 6). The event's
  ``location_as_written`` keeps the unknown name; point, id and feature type are the
  unit's own. A unit without a point in the gazetteer keeps none: no point is made up.
* An unknown place on the trigger that the text ties to no known place, while the
  event's town came from elsewhere in its sentences or the dateline ("militiamen from
  Goma killed four in Kashebere village"), keeps that town's point, but never as the
  exact place: precision 2 (UCDP 2), and the town's own text as written. (Coding such
  events only to the country was tried: it throws away the province and the point that
  the nearest named town gives, and scored worse on the ACLED dev set's admin1 and
  25 km figures.)
* A town whose gazetteer record names no district takes the district written right
  after it when that district lies in the town's province ("Gwoza town, Gwoza local
  government area"): :func:`named_admin2`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from ..gazetteer import Gazetteer
from ..model import EventMention, PlaceMention
from .attachment import attached_to_trigger

_POINTS = frozenset({"city", "airbase", "facility"})
# the words that may tie an unknown place to the known one after it
_TIE_WORDS = frozenset(
    {
        "in", "of", "near", "outside", "around", "close", "to", "a", "an", "the", "village",
        "town", "locality", "hamlet", "settlement", "area", "located", "situated", "km", "kms",
        "kilometres", "kilometers", "miles", "north", "south", "east", "west", "northeast",
        "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
        "south-west", "from",
    }
)  # fmt: skip
_WORD = re.compile(r"[\w-]+")
_MAX_GAP = 60  # characters between the unknown place and the known one
_MAX_ADMIN2_GAP = 40  # characters between a town and the district named after it
# how the unknown place hangs in the parse: a locative, an object of the trigger, an apposition
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "around", "inside", "on"})


def country_place(gazetteer: Gazetteer, country: str, iso3: str | None) -> PlaceMention:
    """The country as a place: the gazetteer's representative point, country precision."""
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


def named_admin2(place: PlaceMention, places: Sequence[PlaceMention], text: str) -> str | None:
    """The district of a town, station or facility: its gazetteer record's, else the district
    written right after it in the same sentence when the gazetteer puts that district in
    the town's province ("Gwoza town, Gwoza local government area")."""
    if place.admin2 is not None or place.feature_type not in _POINTS or place.admin1 is None:
        return place.admin2
    for q in places:
        if (
            q.feature_type == "admin2"
            and q.sentence == place.sentence
            and 0 <= q.start - place.end <= _MAX_ADMIN2_GAP
            and (q.iso3, q.admin1) == (place.iso3, place.admin1)
            and _ties(text[place.end : q.start])
        ):
            return q.admin2
    return None


def _ties(gap: str) -> bool:
    """Whether the text between two places only ties the first to the second."""
    return (
        "\n" not in gap
        and not re.search(r"[.;:!?]", gap)
        and all(w.lower() in _TIE_WORDS or w.replace(".", "").isdigit() for w in _WORD.findall(gap))
    )


def _on_trigger(sdoc: Any, mentions: Sequence[EventMention], p: PlaceMention) -> bool:
    return any(
        m.sentence == p.sentence and attached_to_trigger(sdoc, m.trigger_start, m.trigger_end, p.start, p.end)
        for m in mentions
    )


def _unknown_place(sdoc: Any, p: PlaceMention) -> bool:
    """A place the gazetteer does not know, written where an event happens: a named place
    (not a building: "the Central Market") after "in/at/near", as the trigger's object
    ("attacked Kashebere"), or in apposition."""
    if p.name is not None or p.role is not None or sdoc is None:
        return False
    span = sdoc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None or not len(span) or any(t.ent_type_ == "FAC" for t in span):
        return False
    root = span.root
    if root.dep_ == "pobj":
        return bool(root.head.lower_ in _LOCATIVE_PREPS)
    return bool(root.dep_ in ("dobj", "appos", "nsubjpass"))


def stand_in(
    sdoc: Any,
    text: str,
    mentions: Sequence[EventMention],
    places: Sequence[PlaceMention],
    chosen: PlaceMention | None,
) -> tuple[PlaceMention | None, bool]:
    """The place the event is coded to, given the place :func:`~.event_place.incident_place`
    ``chosen`` among the incident's ``places`` for its ``mentions`` (the best first), and
    whether the text wrote it for the event: a copy when it stands in for an unknown place,
    is coded coarser for one, or gains a district (see the module docstring). (None, False)
    when ``chosen`` is None."""
    if chosen is None:
        return None, False
    unknown = next(
        (p for m in mentions[:1] for p in places if _unknown_place(sdoc, p) and _on_trigger(sdoc, [m], p)),
        None,
    )
    if unknown is not None:
        tied = next(
            (
                q
                for q in places
                if q.name is not None
                and q.role is None
                and q.sentence == unknown.sentence
                and 0 <= q.start - unknown.end <= _MAX_GAP
                and _ties(text[unknown.end : q.start])
            ),
            None,
        )
        chosen_on_trigger = _on_trigger(sdoc, mentions, chosen)
        if tied is not None and (tied is chosen or not chosen_on_trigger):
            geo, where = tied.geo_precision, tied.where_prec
            if tied.feature_type in _POINTS:  # the village is near the town, not the town
                geo, where = max(geo or 2, 2), max(where or 2, 2)
            stood = dataclasses.replace(
                tied,
                text=unknown.text,
                start=unknown.start,
                end=unknown.end,
                geo_precision=geo,
                where_prec=where,
                admin2=named_admin2(tied, places, text),
            )
            return stood, True
        if tied is None and not chosen_on_trigger and chosen.feature_type in _POINTS:
            # the known town elsewhere in the text stands in, never as the exact place
            geo, where = max(chosen.geo_precision or 2, 2), max(chosen.where_prec or 2, 2)
            chosen = dataclasses.replace(chosen, geo_precision=geo, where_prec=where)
    admin2 = named_admin2(chosen, places, text)
    return (chosen if admin2 == chosen.admin2 else dataclasses.replace(chosen, admin2=admin2)), True
