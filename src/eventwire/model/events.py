"""The :class:`Event` record every export keeps, with its evidence, claims and merge notes.

Also the key orders of the JSON records: :data:`EVENT_KEYS` (with :data:`PLACE_KEYS` and
:data:`RANGE_KEYS`) and :data:`CLAIM_KEYS`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .json_ready import plain
from .ranges import Range


@dataclass
class Evidence:
    document_id: str
    outlet: str | None
    url: str | None
    published: str | None
    sentence: str
    char_start: int
    char_end: int
    speaker: str | None = None


# speakers no more authoritative than the report itself
_LAY_SOURCE = re.compile(
    r"\b(?:residents?|witness(?:es)?|villagers?|survivors?|sources?|locals?|relatives?)\b", re.I
)


@dataclass
class Claim:
    """One source's version of a figure or of who did it, with who said it and how.

    ``kind`` "figure": ``metric`` (killed | injured | abducted | arrested) and
    ``value``; ``kind`` "responsibility": ``actor`` (who claimed it or was
    blamed). ``stance``: asserted | claimed | denied | reported.
    """

    kind: str
    document_id: str
    sentence: str
    char_start: int
    char_end: int
    stance: str = "asserted"
    metric: str | None = None
    value: Range | None = None
    actor: str | None = None
    speaker: str | None = None  # name as written, e.g. "Patrick Ryder"
    speaker_title: str | None = None
    organisation: str | None = None
    outlet: str | None = None
    said_on: str | None = None  # YYYY-MM-DD: the statement's date, else the report's
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["value"] = self.value.to_dict() if self.value is not None else None
        return d

    def authority(self) -> int:
        """How far the figure can be trusted: 2 asserted by an official or named source (a
        name, an organisation or an official title, not residents or witnesses), 1 asserted
        without one or by lay sources, 0 hearsay ("reportedly") or a party's claim."""
        if self.stance in ("reported", "claimed", "denied"):
            return 0
        if (
            self.speaker
            or self.organisation
            or (self.speaker_title and not _LAY_SOURCE.search(self.speaker_title))
        ):
            return 2
        return 1

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        kwargs: dict[str, Any] = {k: d.get(k) for k in CLAIM_KEYS if k != "value"}
        return cls(**kwargs, value=Range.from_dict(d["value"]) if d.get("value") else None)


CLAIM_KEYS = (
    "kind",
    "document_id",
    "sentence",
    "char_start",
    "char_end",
    "stance",
    "metric",
    "value",
    "actor",
    "speaker",
    "speaker_title",
    "organisation",
    "outlet",
    "said_on",
    "published",
)


# the fields of an event's place record, resolved and shown together
PLACE_KEYS = (
    "country",
    "iso3",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "where_prec",
    "location_as_written",
    "gazetteer_id",
    "location_type",
)
RANGE_KEYS = ("fatalities", "injuries", "abducted", "arrested")  # low/best/high counts

EVENT_KEYS = (
    "event_id",
    "event_type",
    "sub_event_type",
    "disorder_type",
    "event_date",
    "date_start",
    "date_end",
    "time_precision",
    "date_prec",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "assoc_actor_2",
    *PLACE_KEYS,
    "weapon",
    *RANGE_KEYS,
    "reported_as",
    "responds_to",
    "confidence",
    "sources",
    "claims",
    "merge",
)


@dataclass
class MergeNote:
    """One report (one document's version) of a merged event, and why it is part of it.

    ``how``: "anchor" (the earliest new report: its id is the event's id),
    "auto" (joined because its pair with ``joined`` scored ``score``, per
    criterion in ``criteria``) or "manual" (an analyst merged it). The last
    fields are the report's own values, kept as it gave them.
    """

    report_id: str
    document_id: str
    outlet: str | None = None
    published: str | None = None
    how: str = "anchor"
    joined: str | None = None
    score: float | None = None
    criteria: dict[str, float] = field(default_factory=dict)
    sub_event_type: str | None = None
    event_date: str | None = None
    location: str | None = None
    fatalities: int | None = None
    reported_as: str = "new"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MergeNote:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass
class Event:
    """One incident: the record every export keeps (see EVENT_KEYS)."""

    event_id: str
    event_type: str
    sub_event_type: str
    disorder_type: str | None = None
    event_date: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    time_precision: int | None = None  # ACLED 1-3
    date_prec: int | None = None  # UCDP 1-5: day, 2-6 days, week, month, longer
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: list[str] = field(default_factory=list)
    assoc_actor_2: list[str] = field(default_factory=list)
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None  # the resolved name
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None  # ACLED 1-3
    where_prec: int | None = None  # UCDP 1-7
    location_as_written: str | None = None  # the place mention's text; None when nothing was written
    gazetteer_id: str | None = None  # "geonames:99072", "iso3166:IQ", "icao:ORAA", "facility:..."
    location_type: str | None = None  # feature type: country | admin1 | admin2 | region | city | airbase...
    weapon: str | None = None
    fatalities: Range = field(default_factory=Range)
    injuries: Range = field(default_factory=Range)
    abducted: Range = field(default_factory=Range)  # kidnapped, taken hostage
    arrested: Range = field(default_factory=Range)
    reported_as: str = "new"
    responds_to: str | None = None
    confidence: float = 0.5
    sources: list[Evidence] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)  # each source's figures and attributions
    merge: list[MergeNote] = field(default_factory=list)  # the reports merged into it, and why

    def to_dict(self) -> dict[str, Any]:
        """The JSON record, keys in contract order, all present (new lists and dicts, built
        without ``dataclasses.asdict``'s deep copies: the store writes one per report)."""
        return {k: plain(getattr(self, k)) for k in EVENT_KEYS}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        kwargs: dict[str, Any] = {
            k: d.get(k)
            for k in EVENT_KEYS
            if k not in ("fatalities", "injuries", "abducted", "arrested", "sources", "claims", "merge")
        }
        kwargs["assoc_actor_1"] = list(d.get("assoc_actor_1") or [])
        kwargs["assoc_actor_2"] = list(d.get("assoc_actor_2") or [])
        kwargs["reported_as"] = d.get("reported_as") or "new"
        kwargs["confidence"] = float(d.get("confidence") or 0.0)
        return cls(
            **kwargs,
            fatalities=Range.from_dict(d.get("fatalities")),
            injuries=Range.from_dict(d.get("injuries")),
            abducted=Range.from_dict(d.get("abducted")),
            arrested=Range.from_dict(d.get("arrested")),
            sources=[Evidence(**s) for s in d.get("sources") or []],
            claims=[Claim.from_dict(c) for c in d.get("claims") or []],
            merge=[MergeNote.from_dict(m) for m in d.get("merge") or []],
        )
