"""A spatial index of the readings a document's other place names have taken.

The resolver's proximity rounds ask, for every reading of every toponym, how
far the nearest *anchor* lies: a reading chosen for another name of the same
document. Scanning every anchor for every reading costs the square of the
document's places; this index keeps anchors in cells of 10 x 10 degrees and
looks only at the cells within reach of :data:`REACH_KM`, beyond which an
anchor earns nothing anyway. The answer is the same as the full scan's.
"""

from __future__ import annotations

import math
from collections import Counter

from ..geo import haversine_km

REACH_KM = 600.0  # anchors farther than this are out of reach
_CELL = 10.0  # degrees
_COLUMNS = 36
_MARGIN_DEG = 6.0  # > REACH_KM in degrees of latitude (5.4), so the cells looked at cover the reach

Point = tuple[float, float]


class AnchorIndex:
    """Anchor points, each with the names (normalised keys) that chose it."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], dict[Point, Counter[str]]] = {}

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / _CELL), math.floor(((lon + 180.0) % 360.0) / _CELL) % _COLUMNS

    def add(self, point: Point, key: str) -> None:
        """One more name (``key``) has chosen a reading at ``point``."""
        cell = self._cells.setdefault(self._cell(*point), {})
        cell.setdefault(point, Counter())[key] += 1

    def remove(self, point: Point, key: str) -> None:
        """Undo one :meth:`add` of the same point and key."""
        cell = self._cells[self._cell(*point)]
        keys = cell[point]
        keys[key] -= 1
        if keys[key] <= 0:
            del keys[key]
        if not keys:
            del cell[point]

    def nearest_within_reach(self, lat: float, lon: float, key: str) -> float | None:
        """Distance (km) to the nearest anchor of another name, when one lies within
        :data:`REACH_KM` (else None, or any distance beyond the reach)."""
        best: float | None = None
        for cell in self._cells_near(lat, lon):
            points = self._cells.get(cell)
            if not points:
                continue
            for (alat, alon), keys in points.items():
                if len(keys) == 1 and key in keys:
                    continue  # only this name chose it
                d = haversine_km(lat, lon, alat, alon)
                if best is None or d < best:
                    best = d
        return best

    def _cells_near(self, lat: float, lon: float) -> list[tuple[int, int]]:
        rows = range(math.floor((lat - _MARGIN_DEG) / _CELL), math.floor((lat + _MARGIN_DEG) / _CELL) + 1)
        reach_lat = min(90.0, abs(lat) + _MARGIN_DEG)
        if reach_lat >= 84.0:
            columns: range | list[int] = range(_COLUMNS)
        else:
            dlon = _MARGIN_DEG / math.cos(math.radians(reach_lat))
            x = (lon + 180.0) % 360.0
            first, last = math.floor((x - dlon) / _CELL), math.floor((x + dlon) / _CELL)
            columns = (
                range(_COLUMNS)
                if last - first + 1 >= _COLUMNS
                else [c % _COLUMNS for c in range(first, last + 1)]
            )
        return [(r, c) for r in rows for c in columns]
