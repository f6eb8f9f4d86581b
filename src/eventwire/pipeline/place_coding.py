"""How a resolved place mention is coded: its precision and an "N km south of X" offset.

Precision codes:

* ``geo_precision`` (ACLED): 1 the town/base itself, 2 "near"/"outside" a
  town or an admin2 area, 3 a province, region or country.
* ``where_prec`` (UCDP): 1 exact, 2 within ~25 km ("near X"), 3 admin2,
  4 admin1, 5 a larger named region, 6 country, 7 seas and international
  waters.

An offset moves the point by the distance and bearing written before the name
and makes it no finer than "near" (2, 2); a distance over :data:`MAX_OFFSET_KM`
is a misreading: the point stays, with a note.
"""

from __future__ import annotations

import re

from ..gazetteer import Candidate
from ..geo import destination
from ..model import PlaceMention

MAX_OFFSET_KM = 500.0  # a farther offset is a misreading, not a location

_BEARINGS = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}
_OFFSET = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*-?\s*(km|kms|kilometres|kilometers|kilometre|kilometer|miles|mile|mi)\b\.?"
    r"(?:\s*\([^)]{1,30}\))?\s+(?:to\s+the\s+|due\s+)?"
    r"(north|south|east|west|north[\s-]?east|north[\s-]?west|south[\s-]?east|south[\s-]?west)(?:ern|ward)?\s+of\s+"
    r"(?:the\s+(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE,
)


def precision(cand: Candidate, near: bool) -> tuple[int, int]:
    """(ACLED geo_precision, UCDP where_prec) of a resolved place."""
    ft = cand.feature_type
    if cand.water:
        return 3, 7
    if ft in ("city", "airbase", "facility"):
        return (2, 2) if near else (1, 1)
    if ft == "admin2":
        return 2, 3
    if ft == "admin1":
        return 3, 4
    if ft == "country":
        return 3, 6
    return 3, 5  # a named region larger than a province


def offset_before(text: str, start: int) -> tuple[float, float] | None:
    """(km, bearing) of "40 km south-west of " right before a place name, or None."""
    m = _OFFSET.search(text, max(0, start - 80), start)
    if m is None:
        return None
    km = float(m.group(1).replace(",", "."))
    if m.group(2).lower().startswith("mi"):
        km *= 1.609344
    return km, _BEARINGS[re.sub(r"[\s-]", "", m.group(3).lower())]


def apply_offset(mention: PlaceMention, km: float, bearing: float) -> None:
    """Move the point of "N km <direction> of X"; an absurd distance is kept out, with a note."""
    if not 0 < km <= MAX_OFFSET_KM or mention.latitude is None or mention.longitude is None:
        mention.note = f"offset of {km:g} km ignored (not between 0 and {MAX_OFFSET_KM:g} km)"
        mention.geo_precision = max(mention.geo_precision or 0, 2)
        return
    mention.latitude, mention.longitude = destination(mention.latitude, mention.longitude, km, bearing)
    mention.offset_km = round(km, 2)
    mention.bearing_deg = bearing
    mention.geo_precision = max(mention.geo_precision or 0, 2)
    mention.where_prec = max(mention.where_prec or 0, 2)
