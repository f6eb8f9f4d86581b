"""What the readings chosen for a document's other names say about one name's candidates.

The resolver's context rounds (and the ranker's training, the same way) ask, for each candidate:
how far the nearest reading chosen for another name lies (over :class:`AnchorIndex`), and what
share of the other names' readings lie in the candidate's admin1 region and in its country.
Repeats of the same name count as the name itself, never as another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from .core import Candidate
from .proximity import AnchorIndex, Point
from .ranking import with_context


def anchor_point(c: Candidate | None) -> Point | None:
    """Where a chosen reading anchors the others: a located place that is no country or sea."""
    if c is None or c.latitude is None or c.longitude is None or c.feature_type == "country" or c.water:
        return None
    return (c.latitude, c.longitude)


class Others:
    """The readings chosen so far, by name: their points, admin1 regions and countries."""

    def __init__(self, keys: Sequence[str], chosen: Sequence[Candidate | None]) -> None:
        self.anchors = AnchorIndex()
        self.regions: Counter[str] = Counter()
        self.countries: Counter[str] = Counter()
        self.by_key: Counter[tuple[str, str]] = Counter()  # (name, "r:" region / "c:" country)
        self.placed: Counter[str] = Counter()  # readings chosen, per name
        self.total = 0  # readings chosen, in all
        for key, c in zip(keys, chosen, strict=True):
            self.add(key, c)

    def add(self, key: str, c: Candidate | None, sign: int = 1) -> None:
        """Count (``sign`` -1: uncount) the reading ``c`` chosen for the name ``key``."""
        if c is None:
            return
        if (point := anchor_point(c)) is not None:
            if sign > 0:
                self.anchors.add(point, key)
            else:
                self.anchors.remove(point, key)
        self.placed[key] += sign
        self.total += sign
        if c.admin1_id:
            self.regions[c.admin1_id] += sign
            self.by_key[(key, "r:" + c.admin1_id)] += sign
        if c.iso2:
            self.countries[c.iso2] += sign
            self.by_key[(key, "c:" + c.iso2)] += sign

    def move(self, key: str, old: Candidate | None, new: Candidate | None) -> None:
        """The name ``key`` now reads ``new`` where it read ``old``."""
        self.add(key, old, -1)
        self.add(key, new)

    def rows(self, cands: Sequence[Candidate], key: str, static: np.ndarray) -> np.ndarray | None:
        """``static`` with the context columns filled; None when the other names say nothing
        (no reading of theirs near any candidate, none in a candidate's region or country)."""
        others = self.total - self.placed[key]
        nearest: list[float | None] = []
        regions: list[float] = []
        countries: list[float] = []
        for c in cands:
            located = c.latitude is not None and c.longitude is not None
            d = self.anchors.nearest_within_reach(c.latitude, c.longitude, key) if located else None  # type: ignore[arg-type]
            nearest.append(d)
            r = self.regions[c.admin1_id] - self.by_key[(key, "r:" + c.admin1_id)] if c.admin1_id else 0
            n = self.countries[c.iso2] - self.by_key[(key, "c:" + c.iso2)] if c.iso2 else 0
            regions.append(r / others if others > 0 else 0.0)
            countries.append(n / others if others > 0 else 0.0)
        if all(d is None for d in nearest) and not any(regions) and not any(countries):
            return None
        return with_context(static, nearest, regions, countries)
