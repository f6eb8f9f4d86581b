"""The :class:`Range`: a count as low/best/high, as figures, events and tallies keep it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Range:
    """A count as low/best/high; all None when unknown."""

    low: int | None = None
    best: int | None = None
    high: int | None = None

    def to_dict(self) -> dict[str, int | None]:
        return {"low": self.low, "best": self.best, "high": self.high}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Range:
        d = d or {}
        return cls(d.get("low"), d.get("best"), d.get("high"))

    def is_known(self) -> bool:
        return self.best is not None or self.low is not None or self.high is not None
