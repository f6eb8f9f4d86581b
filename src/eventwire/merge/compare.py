"""Whether two reports describe the same incident: a score per criterion, a total, and vetoes.

:func:`compare` looks at two reports only (never at the rest of the store).
A veto is a reason the two can never be one incident (different documents'
dates too far apart, places too far apart, different countries, unrelated
kinds of event); without a veto the weighted criteria give ``score`` in 0..1,
and the pair is a candidate when ``score >= MergeConfig.threshold``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..geo import haversine_km
from ..model import Event
from .report import Report

CRITERIA = ("type", "date", "place", "actors", "text", "figures", "weapon")


@dataclass(frozen=True)
class MergeConfig:
    """Weights of the criteria and the threshold of the total score."""

    threshold: float = 0.68
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "type": 0.15,
            "date": 0.25,
            "place": 0.2,
            "actors": 0.1,
            "text": 0.2,
            "figures": 0.05,
            "weapon": 0.05,
        }
    )
    date_tolerance_days: int = 1  # outlets may put one incident on neighbouring days
    slack_km: float = 10.0  # added to both points' uncertainty before a place veto
    manual_max_days: int = 7  # a manual merge beyond these limits needs force
    manual_max_km: float = 100.0


@dataclass(frozen=True)
class Match:
    """The comparison of two reports: a score per criterion (0..1), the weighted total, or a veto."""

    score: float
    criteria: dict[str, float]
    veto: str | None = None

    @property
    def vetoed(self) -> bool:
        return self.veto is not None


def _gap_days(a: Report, b: Report) -> int:
    """Days between the two date windows (0 when they overlap)."""
    assert a.first_day is not None and a.last_day is not None
    assert b.first_day is not None and b.last_day is not None
    return max(0, a.first_day - b.last_day, b.first_day - a.last_day)


def distance_km(a: Report, b: Report) -> float | None:
    """Distance between the two points, None unless both have a usable point."""
    ea, eb = a.event, b.event
    if a.radius_km is None or b.radius_km is None:
        return None
    assert ea.latitude is not None and ea.longitude is not None
    assert eb.latitude is not None and eb.longitude is not None
    return haversine_km(ea.latitude, ea.longitude, eb.latitude, eb.longitude)


def veto(a: Report, b: Report, config: MergeConfig) -> str | None:
    """Why the two reports cannot be one incident, else None."""
    if a.document_id == b.document_id:
        return "same document"
    if a.family != b.family:
        return f"unrelated kinds of event ({a.event.event_type} / {b.event.event_type})"
    if not (a.dated and b.dated):
        return "no date window of a week or so on both sides"
    if not (a.placed and b.placed):
        return "no place or country on both sides"
    gap = _gap_days(a, b)
    if gap > config.date_tolerance_days:
        return f"dates {gap} days apart"
    if a.country and b.country and a.country != b.country:
        return f"different countries ({a.country} / {b.country})"
    km = distance_km(a, b)
    if km is not None:
        assert a.radius_km is not None and b.radius_km is not None
        if km > a.radius_km + b.radius_km + config.slack_km:
            return f"places {km:.0f} km apart"
    elif a.admin1 and b.admin1 and a.admin1 != b.admin1 and _both_region_or_finer(a, b):
        return f"different regions ({a.event.admin1} / {b.event.admin1})"
    return None


def _both_region_or_finer(a: Report, b: Report) -> bool:
    """Whether both places are known at least to their first-level region (not a country only)."""
    return all((r.event.location_type or "") != "country" and r.event.location for r in (a, b))


def _type_score(a: Report, b: Report) -> float:
    if a.event.sub_event_type == b.event.sub_event_type:
        return 1.0
    if a.event.event_type == b.event.event_type:
        return 0.7
    return 0.4


def _date_score(a: Report, b: Report) -> float:
    gap = _gap_days(a, b)
    exact = a.first_day == a.last_day and b.first_day == b.last_day
    if exact:
        # two exact days apart: only an otherwise near-perfect match can join them
        return 1.0 if gap == 0 else 0.0
    if gap == 0:
        # overlapping windows: the narrower, the likelier the same day
        width = max(
            r.last_day - r.first_day for r in (a, b) if r.last_day is not None and r.first_day is not None
        )
        return 0.75 if width <= 2 else 0.55
    return 0.15


def _place_score(a: Report, b: Report) -> float:
    km = distance_km(a, b)
    if km is not None:
        assert a.radius_km is not None and b.radius_km is not None
        near = max(a.radius_km, b.radius_km)
        if km <= near:
            return 1.0
        far = a.radius_km + b.radius_km + 10.0
        return max(0.0, 1.0 - (km - near) / (far - near)) * 0.8
    if a.admin1 and b.admin1 and a.admin1 == b.admin1:
        return 0.55
    return 0.35  # one side knows only the country


def _actor_score(a: Report, b: Report) -> float:
    if a.actors and b.actors:
        return 1.0 if a.actors & b.actors else 0.15
    if a.victims & b.victims:
        return 0.6
    return 0.45


def _text_score(a: Report, b: Report) -> float:
    if not a.words or not b.words:
        return 0.3
    shared = len(a.words & b.words)
    cosine = shared / math.sqrt(len(a.words) * len(b.words))
    return min(1.0, 1.6 * cosine)


def _figure_score(a: Report, b: Report) -> float:
    x, y = a.event.fatalities.best, b.event.fatalities.best
    if x is None or y is None:
        return 0.5
    if x == y:
        return 1.0
    lo, hi = sorted((x, y))
    return 0.7 if hi <= 2 * lo + 2 else 0.3  # tolls are revised upwards; a tenfold gap is another incident


def _weapon_score(a: Report, b: Report) -> float:
    x, y = a.event.weapon, b.event.weapon
    if x is None or y is None:
        return 0.5
    return 1.0 if x == y else 0.2


_SCORERS = {
    "type": _type_score,
    "date": _date_score,
    "place": _place_score,
    "actors": _actor_score,
    "text": _text_score,
    "figures": _figure_score,
    "weapon": _weapon_score,
}


def compare(a: Report, b: Report, config: MergeConfig | None = None) -> Match:
    """Score the pair (symmetric: ``compare(a, b)`` equals ``compare(b, a)``)."""
    config = config or MergeConfig()
    why = veto(a, b, config)
    if why is not None:
        return Match(0.0, {}, why)
    criteria = {name: round(_SCORERS[name](a, b), 3) for name in CRITERIA}
    total = sum(config.weights[k] * v for k, v in criteria.items()) / sum(config.weights.values())
    return Match(round(total, 3), criteria)


def manual_conflicts(a: Event, b: Event, config: MergeConfig | None = None) -> str | None:
    """Why an analyst's merge of two stored events needs ``force``, else None.

    Looser than the automatic vetoes: unrelated kinds of event, dates more than
    ``manual_max_days`` apart, points more than ``manual_max_km`` apart, or two countries.
    """
    config = config or MergeConfig()
    ra, rb = Report(a, "a"), Report(b, "b")
    problems = []
    if ra.family != rb.family:
        problems.append(f"unrelated kinds of event ({a.event_type} / {b.event_type})")
    if ra.first_day is not None and rb.first_day is not None:
        gap = _gap_days(ra, rb)
        if gap > config.manual_max_days:
            problems.append(f"dates {gap} days apart")
    km = distance_km(ra, rb)
    if km is not None and km > config.manual_max_km:
        problems.append(f"places {km:.0f} km apart")
    if ra.country and rb.country and ra.country != rb.country:
        problems.append(f"different countries ({a.country or a.iso3} / {b.country or b.iso3})")
    return ", ".join(problems) or None
