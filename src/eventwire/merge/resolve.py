"""One event from a group of reports: the documented rules for every field.

- **Identity**: the event id is its anchor's report id: the earliest new report
  (by publication, then id), so it depends only on the members.
- **Type**: the sub-event type with the most support, each report weighing its
  confidence (doubled for a report of a new incident); ties go to the anchor's.
- **Date**: the most precise date (ACLED time precision), and among equally
  precise ones the most supported, then the earliest.
- **Place**: the most precise place (geo-precision, then UCDP where_prec; a place
  the text wrote before a country fallback), then the most supported gazetteer id.
- **Actors, weapon**: the most supported value; associated actors are pooled.
- **Figures** (killed, injured, abducted, arrested): ``low`` the smallest and
  ``high`` the largest figure any source gives; ``best`` the most recent figure
  that is not hearsay or a party's claim (see ``Claim.authority``); on the same
  day the more authoritative (official or named source first), then the larger.
  Every source's own figures stay as its claims.
- **Reported as**: new when any member reports it as new.
- **Confidence**: 1 - the product of the members' doubts, at most 0.99.
- **Links**: the first member's ``responds_to`` that points outside the group.
- **Sources and claims**: all members', by publication then document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import TypeVar

from ..model import PLACE_KEYS, Event, MergeNote, Range
from ..taxonomy import disorder_type_of
from .cluster import Group, Link
from .report import Report

T = TypeVar("T", bound=Hashable)
METRICS = {"fatalities": "killed", "injuries": "injured", "abducted": "abducted", "arrested": "arrested"}


def _weight(r: Report) -> float:
    return (2.0 if r.is_new else 1.0) * max(r.event.confidence, 0.05)


def _vote(reports: list[Report], value: Callable[[Report], T | None]) -> T | None:
    """The value with the most weight; ties go to the earlier report."""
    totals: dict[T, float] = {}
    first: dict[T, int] = {}
    for i, r in enumerate(reports):
        v = value(r)
        if v is None:
            continue
        totals[v] = totals.get(v, 0.0) + _weight(r)
        first.setdefault(v, i)
    if not totals:
        return None
    return max(totals, key=lambda v: (round(totals[v], 6), -first[v]))


def _best_by(
    reports: list[Report], rank: Callable[[Report], tuple[float, ...]], support: Callable[[Report], Hashable]
) -> Report | None:
    """The best-ranked report (lowest rank), ties broken by the most supported value, then order."""
    if not reports:
        return None
    top = min(rank(r) for r in reports)
    tied = [r for r in reports if rank(r) == top]
    chosen = _vote(tied, support)
    return next(r for r in tied if support(r) == chosen)


def _figures(reports: list[Report], attr: str) -> Range:
    """low/high over every report's figure; best: the most recent figure that is not
    hearsay or a party's claim (see Claim.authority), then the more authoritative, then
    the larger; a report without claims counts its own best as an unattributed statement
    of its publication day."""
    metric = METRICS[attr]
    known = [(r, getattr(r.event, attr)) for r in reports if getattr(r.event, attr).is_known()]
    if not known:
        return Range()
    lows = [v.low if v.low is not None else v.best for _, v in known]
    highs = [v.high if v.high is not None else v.best for _, v in known]
    candidates: list[tuple[int, str, int]] = []
    for r, v in known:
        said = [
            c
            for c in r.event.claims
            if c.kind == "figure" and c.metric == metric and c.value is not None and c.value.best is not None
        ]
        if said:
            candidates += [
                (c.authority(), c.said_on or (c.published or r.published or "")[:10], c.value.best)
                for c in said
                if c.value is not None and c.value.best is not None and c.stance != "denied"
            ]
        elif v.best is not None:
            candidates.append((1, (r.published or "")[:10], v.best))
    best = max(candidates, key=lambda c: (c[0] > 0, c[1], c[0], c[2]))[2] if candidates else None
    low = min((x for x in lows if x is not None), default=None)
    high = max((x for x in highs if x is not None), default=None)
    if best is not None:
        low = best if low is None else min(low, best)
        high = best if high is None else max(high, best)
    return Range(low, best, high)


def _note(r: Report, links: list[Link], anchor: Report) -> MergeNote:
    e = r.event
    link = next((lk for lk in links if r.report_id in (lk.a, lk.b)), None) if r is not anchor else None
    joined = None
    if link is not None:
        joined = link.b if link.a == r.report_id else link.a
    return MergeNote(
        report_id=r.report_id,
        document_id=r.document_id,
        outlet=e.sources[0].outlet if e.sources else None,
        published=r.published,
        how="anchor" if r is anchor else (link.how if link else "auto"),
        joined=joined,
        score=link.match.score if link is not None and link.match is not None else None,
        criteria=dict(link.match.criteria) if link is not None and link.match is not None else {},
        sub_event_type=e.sub_event_type,
        event_date=e.event_date,
        location=e.location,
        fatalities=e.fatalities.best,
        reported_as=e.reported_as,
    )


def merged_event(group: Group) -> Event:
    """The stored event for ``group`` (see the module docstring for the rules)."""
    reports = group.reports
    anchor = group.anchor
    if len(reports) == 1:
        return replace(anchor.event, merge=[_note(anchor, [], anchor)])
    sub = _vote(reports, lambda r: r.event.sub_event_type) or anchor.event.sub_event_type
    typed = next(r for r in reports if r.event.sub_event_type == sub)
    dated = [r for r in reports if r.event.event_date]
    when = _best_by(dated, lambda r: (r.event.time_precision or 9,), lambda r: r.event.event_date)
    placed = [r for r in reports if r.event.latitude is not None or r.event.country]
    where = _best_by(
        placed,
        lambda r: (
            r.event.geo_precision or 9,
            r.event.where_prec or 9,
            0 if r.event.location_as_written else 1,
        ),
        lambda r: r.event.gazetteer_id or r.event.location or r.event.country,
    )
    base = anchor.event
    assoc1 = list(dict.fromkeys(a for r in reports for a in r.event.assoc_actor_1))
    assoc2 = list(dict.fromkeys(a for r in reports for a in r.event.assoc_actor_2))
    actor1 = _vote(reports, lambda r: r.event.actor1)
    actor2 = _vote(reports, lambda r: r.event.actor2 if r.event.actor2 != actor1 else None)
    doubt = 1.0
    for r in reports:
        doubt *= 1.0 - min(max(r.event.confidence, 0.0), 0.99)
    ids = {r.report_id for r in reports}
    responds_to = next(
        (r.event.responds_to for r in reports if r.event.responds_to and r.event.responds_to not in ids), None
    )
    by_time = sorted(reports, key=lambda r: (r.published or "9999", r.document_id, r.report_id))
    place_fields = {}
    if where is not None:
        p = where.event
        place_fields = {k: getattr(p, k) for k in PLACE_KEYS}
    date_fields = {}
    if when is not None:
        d = when.event
        date_fields = {
            k: getattr(d, k) for k in ("event_date", "date_start", "date_end", "time_precision", "date_prec")
        }
    return replace(
        base,
        event_id=anchor.report_id,
        event_type=typed.event.event_type,
        sub_event_type=sub,
        disorder_type=disorder_type_of(sub),
        **date_fields,
        **place_fields,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=[a for a in assoc1 if a not in (actor1, actor2)],
        assoc_actor_2=[a for a in assoc2 if a not in (actor1, actor2)],
        weapon=_vote(reports, lambda r: r.event.weapon),
        fatalities=_figures(reports, "fatalities"),
        injuries=_figures(reports, "injuries"),
        abducted=_figures(reports, "abducted"),
        arrested=_figures(reports, "arrested"),
        reported_as="new" if any(r.is_new for r in reports) else "background",
        responds_to=responds_to,
        confidence=round(min(0.99, 1.0 - doubt), 3),
        sources=[s for r in by_time for s in r.event.sources],
        claims=[c for r in by_time for c in r.event.claims],
        merge=[_note(r, group.links, anchor) for r in reports],
    )


def type_votes(reports: list[Report]) -> Counter[str]:
    """How many reports give each sub-event type (for explanations)."""
    return Counter(r.event.sub_event_type for r in reports)
