"""Blocking, candidate pairs and the grouping of reports into events.

**Blocking.** A report is filed under keys made of its kind of event (family),
each day of its date window and a place cell (half a degree), or its country
when it has no usable point. Another report is looked up under the keys of its
own days widened by the date tolerance and the neighbouring cells. Only pairs
that share a key are compared, so the cost grows with the candidates, not with
the size of the store. Filing and looking up are symmetric: whichever of two
reports comes first, the second finds it. (The store files only each event's
first few reports, its representatives: see :mod:`eventwire.merge.incremental`.)

**Grouping.** Pairs scoring at least the threshold (and not vetoed) are edges.
Manual merges ("must" pairs) are joined first; then edges are taken from the
highest score down (ties by report id), and two groups are joined only when no
pair across them is vetoed or marked "cannot" (a manual split), and the mean
score across them stays above ``group_floor`` of the threshold. The result
depends only on the set of reports and constraints, never on the order in which
they arrived.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .compare import Match, MergeConfig, compare
from .report import Report

CELL_DEG = 0.5
GROUP_FLOOR = 0.85  # the mean score across two groups must reach this share of the threshold


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Constraints:
    """An analyst's corrections: pairs of report ids that must be, or cannot be, one event."""

    must: frozenset[tuple[str, str]] = frozenset()
    cannot: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, must: Iterable[tuple[str, str]] = (), cannot: Iterable[tuple[str, str]] = ()) -> Constraints:
        return cls(frozenset(_pair(*p) for p in must), frozenset(_pair(*p) for p in cannot))


@dataclass(frozen=True)
class Link:
    """Why two reports of one event are together: the score of the pair, or a manual merge."""

    a: str
    b: str
    match: Match | None  # None for a manual merge
    how: str  # "auto" | "manual"


@dataclass
class Group:
    """Reports judged to be one incident, anchor first, with the links that joined them."""

    reports: list[Report]
    links: list[Link] = field(default_factory=list)

    @property
    def anchor(self) -> Report:
        return self.reports[0]


def _cell(r: Report) -> tuple[int, int]:
    e = r.event
    assert e.latitude is not None and e.longitude is not None
    return math.floor(e.latitude / CELL_DEG), math.floor(e.longitude / CELL_DEG)


def _days(r: Report, widen: int = 0) -> range:
    if not r.dated:
        return range(0)
    assert r.first_day is not None and r.last_day is not None
    return range(r.first_day - widen, r.last_day + widen + 1)


def filing_keys(r: Report) -> list[str]:
    """The keys a report is filed under (none when it has no date window or no place)."""
    if not r.placed:
        return []
    keys: list[str] = []
    for d in _days(r):
        if r.country:
            keys.append(f"{r.family}|{d}|n|{r.country}")
        if r.radius_km is not None:
            i, j = _cell(r)
            keys.append(f"{r.family}|{d}|c|{i}|{j}")
        elif r.country:
            keys.append(f"{r.family}|{d}|r|{r.country}")
    return keys


def lookup_keys(r: Report, config: MergeConfig) -> list[str]:
    """The keys under which a report looks for candidates."""
    if not r.placed:
        return []
    keys: list[str] = []
    for d in _days(r, config.date_tolerance_days):
        if r.radius_km is not None:
            i, j = _cell(r)
            keys += [f"{r.family}|{d}|c|{i + di}|{j + dj}" for di in (-1, 0, 1) for dj in (-1, 0, 1)]
            if r.country:
                keys.append(f"{r.family}|{d}|r|{r.country}")
        elif r.country:
            keys.append(f"{r.family}|{d}|n|{r.country}")
    return keys


def candidate_pairs(reports: list[Report], config: MergeConfig) -> Iterator[tuple[Report, Report]]:
    """Each pair of reports that share a blocking key, once."""
    index: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        for key in filing_keys(r):
            index[key].append(r)
    for r in reports:
        seen: set[str] = set()
        for key in lookup_keys(r, config):
            for other in index.get(key, ()):
                oid = other.report_id
                if oid > r.report_id and oid not in seen:
                    seen.add(oid)
                    yield r, other


def edges(reports: list[Report], config: MergeConfig) -> list[Link]:
    """The candidate pairs that score at least the threshold."""
    out = []
    for a, b in candidate_pairs(reports, config):
        match = compare(a, b, config)
        if not match.vetoed and match.score >= config.threshold:
            out.append(Link(a.report_id, b.report_id, match, "auto"))
    return out


class _Groups:
    """Union-find over report ids, keeping each group's members."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}
        self.members = {i: [i] for i in self.parent}

    def find(self, i: str) -> str:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]) or (
            len(self.members[ra]) == len(self.members[rb]) and rb < ra
        ):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)


def components(ids: Iterable[str], links: Iterable[Link | tuple[str, str]]) -> list[list[str]]:
    """Connected components of the reports under the links, each sorted, in order of their first id."""
    groups = _Groups(ids)
    for link in links:
        a, b = (link.a, link.b) if isinstance(link, Link) else link
        if a in groups.parent and b in groups.parent:
            groups.union(a, b)
    return sorted((sorted(m) for m in groups.members.values()), key=lambda m: m[0])


def group(
    reports: list[Report],
    config: MergeConfig | None = None,
    constraints: Constraints | None = None,
    links: list[Link] | None = None,
) -> list[Group]:
    """Group ``reports`` into events (see the module docstring).

    ``links`` are the scoring edges among the reports when the caller has them
    (else they are computed with blocking). Groups come back ordered by their
    anchor (the earliest new report); reports within a group likewise.
    """
    config = config or MergeConfig()
    constraints = constraints or Constraints()
    by_id = {r.report_id: r for r in reports}
    scored = edges(reports, config) if links is None else links
    cache: dict[tuple[str, str], Match] = {
        _pair(lk.a, lk.b): lk.match for lk in scored if lk.match is not None
    }

    def match(a: str, b: str) -> Match:
        key = _pair(a, b)
        if key not in cache:
            cache[key] = compare(by_id[key[0]], by_id[key[1]], config)
        return cache[key]

    groups = _Groups(by_id)
    joined: list[Link] = []
    for a, b in sorted(constraints.must):
        if a in by_id and b in by_id and groups.find(a) != groups.find(b):
            groups.union(a, b)
            joined.append(Link(a, b, None, "manual"))

    floor = config.threshold * GROUP_FLOOR
    for link in sorted(scored, key=lambda lk: (-(lk.match.score if lk.match else 1.0), lk.a, lk.b)):
        ra, rb = groups.find(link.a), groups.find(link.b)
        if ra == rb:
            continue
        left, right = groups.members[ra], groups.members[rb]
        cross = [(x, y) for x in left for y in right]
        if any(_pair(x, y) in constraints.cannot for x, y in cross):
            continue
        matches = [match(x, y) for x, y in cross]
        if any(m.vetoed for m in matches):
            continue
        if sum(m.score for m in matches) / len(matches) < floor:
            continue
        groups.union(link.a, link.b)
        joined.append(link)

    links_of: dict[str, list[Link]] = defaultdict(list)
    for lk in joined:
        links_of[groups.find(lk.a)].append(lk)
    out: list[Group] = []
    for root, members in groups.members.items():
        ordered = sorted((by_id[i] for i in members), key=Report.order_key)
        out.append(Group(ordered, links_of.get(root, [])))
    return sorted(out, key=lambda g: g.anchor.order_key())
