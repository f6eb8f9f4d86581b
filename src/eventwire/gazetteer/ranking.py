"""The features the toponym ranker (:mod:`eventwire.learn.ranker`) weighs, one row per candidate.

Static features are known before any reading is chosen: how the name matched, the candidate's
type and size (also relative to the toponym's other candidates), what the text asks for ("X
province"), the document's country focus and whether the text puts the place inside another
("Ramadi, Anbar"). Context features are the distance to the nearest reading chosen for another
name of the same document. The resolver and the ranker's training build rows with these same
functions, so what is learned is what is used.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from .core import Candidate, Gazetteer

STATIC = (
    "prior",
    "log_population",
    "population_gap",
    "is_country",
    "is_admin1",
    "is_admin2",
    "is_region",
    "is_city",
    "is_base",
    "is_facility",
    "is_water",
    "hint_match",
    "hint_region",
    "hint_other",
    "alternate_name",
    "short_name",
    "no_point",
    "focus",
    "focus_lead",
    "named_country",
    "outlet_country",
    "country_unfocused",
    "outside_focus",
    "contained",
    "container",
    "admin1_focus",
)
CONTEXT = ("near_50km", "near_200km", "near_600km", "anchor_km", "others_in_region", "others_in_country")
FEATURES = STATIC + CONTEXT
_CONTEXT_AT = len(STATIC)


def _log_population(c: Candidate) -> float:
    return math.log10(max(c.population, 10)) / 7.0


def hint_fits(hint: str | None, c: Candidate) -> tuple[float, float, float]:
    """(the text asks for this type, for a region and this is another region, for something else)."""
    if hint is None:
        return 0.0, 0.0, 0.0
    if hint == c.feature_type or (hint == "airbase" and c.feature_type in ("facility", "airport")):
        return 1.0, 0.0, 0.0
    if hint in ("admin1", "admin2") and c.feature_type in ("admin1", "admin2"):
        return 0.0, 1.0, 0.0
    return 0.0, 0.0, 1.0


def _others(admin1_names: Mapping[str, float], c: Candidate, regions: int) -> float:
    """The pull of the document's *other* names towards ``c``'s admin1 region (0-1); the name
    itself, with readings in ``regions`` regions, gave each of them 1/regions."""
    if not c.admin1_id:
        return 0.0
    own = 1.0 / max(regions, 1)
    return min(max(admin1_names.get(c.admin1_id, 0.0) - own, 0.0), 3.0) / 3.0


def static_rows(
    gaz: Gazetteer,
    cands: Sequence[Candidate],
    hint: str | None,
    bonus: Mapping[str, float],
    weights: Mapping[str, int],
    named: set[str],
    outlet: str | None,
    contained: Sequence[bool],
    container: Sequence[bool],
    admin1_names: Mapping[str, float],
) -> np.ndarray:
    """One row of :data:`FEATURES` per candidate (context columns 0).

    ``bonus`` is each focus country's weight relative to the leading one (0-1), ``weights`` the
    raw focus weights, ``named`` the countries the text names outright, ``admin1_names`` how
    strongly the document's distinct names point at each admin1 region (see the resolver).
    """
    rows = np.zeros((len(cands), len(FEATURES)))
    if not cands:
        return rows
    top_population = max(_log_population(c) for c in cands)
    lead = max(bonus, key=lambda k: bonus[k]) if bonus else None
    regions = len({c.admin1_id for c in cands if c.admin1_id})
    for k, c in enumerate(cands):
        t = c.feature_type
        iso2 = c.iso2 or ""
        rows[k, :_CONTEXT_AT] = (
            gaz.prior(c, hint) / 10.0,
            _log_population(c),
            _log_population(c) - top_population,
            t == "country",
            t == "admin1",
            t == "admin2",
            t == "region",
            t == "city",
            t in ("airbase", "airport"),
            t == "facility",
            c.water,
            *hint_fits(hint, c),
            not c.primary and not c.short,
            c.short,
            c.latitude is None,
            bonus.get(iso2, 0.0),
            iso2 == lead,
            iso2 in named,
            outlet is not None and iso2 == outlet,
            bool(bonus) and t == "country" and iso2 not in bonus,
            bool(weights) and iso2 not in weights,
            contained[k],
            container[k],
            _others(admin1_names, c, regions),
        )
    return rows


def with_context(
    rows: np.ndarray,
    nearest_km: Sequence[float | None],
    in_region: Sequence[float],
    in_country: Sequence[float],
) -> np.ndarray:
    """``rows`` with the context columns filled: each candidate's nearest anchor (None: none
    within reach) and the shares of the other names' readings in its admin1 region and country."""
    out = rows.copy()
    for k, d in enumerate(nearest_km):
        if d is not None:
            out[k, _CONTEXT_AT : _CONTEXT_AT + 4] = (d <= 50, d <= 200, d <= 600, 1.0 - min(d, 600.0) / 600.0)
        out[k, _CONTEXT_AT + 4] = in_region[k]
        out[k, _CONTEXT_AT + 5] = in_country[k]
    return out


def static_mask() -> np.ndarray:
    """True for the static features: the only ones the first pass may weigh."""
    return np.array([name in STATIC for name in FEATURES])
