"""Bounded merging, for events of many reports: representatives, attaching, running fields.

At a hot spot (many reports of one place and days) one event, or one
component of linked events, grows to thousands of reports. Comparing a new
report with all of them, regrouping them and resolving every field afresh
would make each new report cost more than the last. The store therefore
works with bounded samples once a component outgrows ``SMALL_COMPONENT``:

- **Representatives.** An event is filed under the blocking keys of its first
  ``REPRESENTATIVES`` reports by :meth:`Report.order_key` (the anchor, then the
  earliest new reports) only; the others are stored but not filed. A new
  report is compared with the representatives found under its keys (at most
  ``KEY_CAP`` per key), so with a few events per key its cost is bounded.
- **Attaching.** A new report that scores an edge with a large component is
  not regrouped with it: it joins the linked event it fits best, judged on that
  event's representatives as :func:`eventwire.merge.group` judges two groups
  (no vetoed pair, the mean score at least ``GROUP_FLOOR`` of the threshold,
  at least one pair at the threshold), or else stays an event of its own in
  that component. An event never holds two reports of one document.
- **Running fields.** The joined event is resolved by :func:`merged_event`
  over a sample: its representatives, its ``LATEST`` latest reports and the
  new one. Ranges (lowest and highest figures), confidence, reported-as and
  associated actors are running aggregates over every member; place and date
  keep the more precise of the stored event's and the sample's. The merge
  notes list at most ``MAX_NOTES`` reports (the event's sources, read from its
  reports, stay complete).

Below ``SMALL_COMPONENT`` nothing changes: the component is regrouped whole,
so every event of at most ``REPRESENTATIVES`` reports merges exactly as
before, whatever the order of arrival. Above it, results may depend on the
order of arrival (a report is attached, never taken out again by a later one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..model import PLACE_KEYS, Event, Range
from .cluster import GROUP_FLOOR, Group, Link
from .compare import MergeConfig, compare
from .report import Report
from .resolve import _note, merged_event

REPRESENTATIVES = 8  # reports per event filed under its blocking keys
KEY_CAP = 64  # representatives read per lookup key (the first by report id)
SMALL_COMPONENT = 48  # components up to this size are regrouped whole
LATEST = 4  # latest reports added to the sample that resolves a joined event
MAX_NOTES = 256  # merge notes kept on one event


def representatives(reports: Iterable[Report]) -> list[Report]:
    """The reports an event is filed under: its first ``REPRESENTATIVES`` by order key."""
    return sorted(reports, key=Report.order_key)[:REPRESENTATIVES]


@dataclass(frozen=True)
class Fit:
    """How a new report fits a stored event, judged on the event's representatives."""

    event_id: str
    link: Link  # the new report and the representative it matches best
    mean: float  # mean score over the representatives

    def rank(self) -> tuple[float, float, str]:
        assert self.link.match is not None
        return (-self.link.match.score, -self.mean, self.event_id)


def fit(new: Report, event_id: str, sample: list[Report], config: MergeConfig) -> Fit | None:
    """The fit of ``new`` with an event (``sample``: its representatives); None when
    a pair is vetoed, the mean score is below the group floor or no pair is an edge."""
    if not sample:
        return None
    matches = [(compare(new, r, config), r) for r in sample]
    if any(m.vetoed for m, _ in matches):
        return None
    mean = sum(m.score for m, _ in matches) / len(matches)
    best, partner = min(matches, key=lambda x: (-x[0].score, x[1].report_id))
    if mean < config.threshold * GROUP_FLOOR or best.score < config.threshold:
        return None
    return Fit(event_id, Link(new.report_id, partner.report_id, best, "auto"), mean)


def _place_rank(e: Event) -> tuple[int, int, int]:
    return (e.geo_precision or 9, e.where_prec or 9, 0 if e.location_as_written else 1)


def _span(old: Range, fresh: Range) -> Range:
    lows = [x for x in (old.low, fresh.low, old.best, fresh.best) if x is not None]
    highs = [x for x in (old.high, fresh.high, old.best, fresh.best) if x is not None]
    best = fresh.best if fresh.best is not None else old.best
    return Range(min(lows, default=None), best, max(highs, default=None))


def grown_event(old: Event, sample: list[Report], new: Report, link: Link) -> Event:
    """The stored event ``old`` once ``new`` joins it (see the module docstring).

    ``sample``: the event's representatives and latest reports (its anchor among them).
    The new report's note is appended to ``old.merge`` (the caller may leave those
    empty and append the note to the stored ones itself), at most ``MAX_NOTES``.
    """
    members = sorted({r.report_id: r for r in [*sample, new]}.values(), key=Report.order_key)
    fresh = merged_event(Group(members, [link]))
    event = fresh
    if _place_rank(old) < _place_rank(fresh):
        event = replace(event, **{k: getattr(old, k) for k in PLACE_KEYS})
    if (old.time_precision or 9) < (fresh.time_precision or 9):
        keys = ("event_date", "date_start", "date_end", "time_precision", "date_prec")
        event = replace(event, **{k: getattr(old, k) for k in keys})
    actors = (event.actor1, event.actor2)
    doubt = (1.0 - old.confidence) * (1.0 - min(max(new.event.confidence, 0.0), 0.99))
    anchor = members[0]
    notes = list(old.merge)
    if anchor is new:  # the new report is the earliest: it becomes the anchor
        old_anchor = next(r for r in members if r.report_id == old.event_id)
        notes = [
            _note(new, [], new),
            *(_note(old_anchor, [link], new) if n.how == "anchor" else n for n in notes),
        ]
    else:
        notes.append(_note(new, [link], anchor))
    return replace(
        event,
        assoc_actor_1=[
            a for a in dict.fromkeys([*old.assoc_actor_1, *fresh.assoc_actor_1]) if a not in actors
        ],
        assoc_actor_2=[
            a for a in dict.fromkeys([*old.assoc_actor_2, *fresh.assoc_actor_2]) if a not in actors
        ],
        fatalities=_span(old.fatalities, fresh.fatalities),
        injuries=_span(old.injuries, fresh.injuries),
        abducted=_span(old.abducted, fresh.abducted),
        arrested=_span(old.arrested, fresh.arrested),
        reported_as="new" if "new" in (old.reported_as, fresh.reported_as) else "background",
        responds_to=old.responds_to or fresh.responds_to,
        confidence=round(min(0.99, 1.0 - doubt), 3),
        merge=notes[:MAX_NOTES],
    )
