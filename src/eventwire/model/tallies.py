"""The :class:`Tally`: a cumulative statement ("40 attacks since March"), and its key order."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .ranges import Range


@dataclass
class Tally:
    """A cumulative statement: "convoys were hit about 40 times since March 3, 25 of
    them in the north and 15 in the south" is one tally of ``metric`` "attacks"."""

    tally_id: str  # deterministic: document id + position
    metric: str  # attacks | killed | injured | strikes | abducted | arrested | displaced | ...
    subject: str | None  # who was attacked or counted ("US forces")
    value: Range
    qualifier: str | None  # "approximately", "at least", "more than" ...
    period_start: str | None  # YYYY-MM-DD
    period_end: str | None  # YYYY-MM-DD (the statement's date when the text says "since")
    breakdown: list[dict[str, Any]] = field(default_factory=list)  # [{"place": "Iraq", "value": 32}]
    excludes: str | None = None  # "the latest eight"
    speaker: str | None = None
    speaker_title: str | None = None
    organisation: str | None = None
    document_id: str = ""
    sentence: str = ""
    char_start: int = 0
    char_end: int = 0
    outlet: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["value"] = self.value.to_dict()
        return {k: d[k] for k in TALLY_KEYS}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Tally:
        kwargs: dict[str, Any] = {k: d.get(k) for k in TALLY_KEYS if k not in ("value", "breakdown")}
        return cls(**kwargs, value=Range.from_dict(d.get("value")), breakdown=list(d.get("breakdown") or []))


TALLY_KEYS = (
    "tally_id",
    "metric",
    "subject",
    "value",
    "qualifier",
    "period_start",
    "period_end",
    "breakdown",
    "excludes",
    "speaker",
    "speaker_title",
    "organisation",
    "document_id",
    "sentence",
    "char_start",
    "char_end",
    "outlet",
    "published",
)
