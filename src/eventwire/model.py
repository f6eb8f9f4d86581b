"""Plain data classes that flow through eventwire.

A :class:`Document` comes out of intake, the pipeline stages annotate it
(sentences, entities, places, times, quantities, speakers, event mentions) and
the last stage assembles :class:`Event` records from the mentions. The store
and the exports only ever see Documents and Events.

Character offsets (``start``/``end``) always index into ``Document.text``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

# ---------------------------------------------------------------------------
# intake


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses as dicts of their fields, lists and dicts copied,
    anything else as it is (what ``dataclasses.asdict`` gives for these records, faster)."""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    names = _FIELDS.get(type(value))
    if names is None:
        if not is_dataclass(value) or isinstance(value, type):
            return value
        names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
    return {name: plain(getattr(value, name)) for name in names}


_FIELDS: dict[type, tuple[str, ...]] = {}


@dataclass
class Document:
    """One news report. Only ``text`` is required; everything else may be None."""

    document_id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601 (date or datetime), as given by the source
    outlet: str | None = None
    url: str | None = None
    source: str | None = None  # where intake found it: a path, "path#line", or a URL
    # toponym spans given by the caller (e.g. gold annotations): the places stage
    # then resolves exactly these instead of finding its own
    place_spans: list[tuple[int, int]] | None = None
    # annotations, filled by the pipeline stages in order
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    weapons: list[WeaponMention] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)  # cumulative statements ("40 attacks since March")
    # what intake or a stage changed on the way (text repaired, document truncated): reported, not stored
    notes: list[str] = field(default_factory=list)
    # the spaCy Doc, kept for later stages; never stored or exported
    spacy_doc: Any = field(default=None, repr=False, compare=False)

    @staticmethod
    def content_id(text: str) -> str:
        """The document id used when a record has none: a hash of its text."""
        return "sha256:" + hashlib.sha256(text.strip().encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def metadata(self) -> dict[str, Any]:
        """The fields that intake sets, as a dict (what the store keeps)."""
        return {
            "document_id": self.document_id,
            "title": self.title,
            "published": self.published,
            "outlet": self.outlet,
            "url": self.url,
            "source": self.source,
            "text": self.text,
        }

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains character ``offset``."""
        for sent in self.sentences:
            if sent.start <= offset < sent.end:
                return sent
        return None


# ---------------------------------------------------------------------------
# annotations (one per mention in the text)


@dataclass
class Speaker:
    """Who a statement is attributed to."""

    name: str | None = None  # "Patrick Ryder"
    title: str | None = None  # "Pentagon spokesman"
    organisation: str | None = None  # "Pentagon"
    stance: str = "asserted"  # asserted | claimed | denied | reported
    said_on: str | None = None  # YYYY-MM-DD when the attribution dates the statement

    def label(self) -> str:
        """A one-line description, e.g. "Patrick Ryder (Pentagon spokesman)"."""
        parts = [p for p in (self.name, self.title) if p]
        if not parts:
            return self.organisation or "unknown"
        if len(parts) == 2:
            return f"{parts[0]} ({parts[1]})"
        return parts[0]


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0  # index of the paragraph (blank-line separated block)
    speaker: Speaker | None = None  # set by the speakers stage
    background: bool = False  # set when the sentence only recalls past events


@dataclass
class Entity:
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LOC, FAC, DATE, TIME, CARDINAL...
    sentence: int


@dataclass
class TimeMention:
    """A time expression resolved against the publication (or statement) date."""

    start: int
    end: int
    text: str
    sentence: int
    date_start: str | None  # YYYY-MM-DD
    date_end: str | None  # YYYY-MM-DD
    time_precision: int  # ACLED: 1 day, 2 week, 3 month or coarser
    relation: str = "at"  # at | since | until | range
    # TIMEX3-style normalised value: "1998-02-27", "1998-W08", "1998-02", "1998-Q3",
    # "199" (a decade), "1998-02-27TMO", "PRESENT_REF", "PAST_REF", "FUTURE_REF";
    # None when it cannot be normalised (a relative expression without reference)
    value: str | None = None
    # why the mention is less trustworthy than it looks: "far_from_reference" when it
    # lies more than two years from the reference date (precision is then lowered to 3)
    flag: str | None = None


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str  # as written
    sentence: int
    name: str | None = None  # resolved name
    gazetteer_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature_type: str | None = None  # country | admin1 | admin2 | city | airbase | facility | region
    geo_precision: int | None = None  # ACLED 1/2/3
    where_prec: int | None = None  # UCDP 1-7
    # "40 km south-west of Mosul": the point is moved from the named place by this much
    offset_km: float | None = None
    bearing_deg: float | None = None  # 0 north, 90 east
    note: str | None = None  # why a place was left unresolved or coarser than written
    # None: a place the text tells things of; "statement": where a statement was made or its
    # speaker sits ("said in Washington", "the Geneva-based group"); "dateline": the wire
    # dateline. Neither of the last two places an event unless nothing else does (a
    # statement's place: never)
    role: str | None = None


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


@dataclass
class QuantityMention:
    """A casualty figure: "at least 12 people were killed"."""

    start: int
    end: int
    text: str
    sentence: int
    metric: str  # killed | injured | abducted | arrested
    value: Range
    subject: str | None = None  # "civilians", "soldiers"... when the text says
    cumulative: bool = False  # part of a tally ("62 since October"), not one incident


@dataclass
class ActorMention:
    start: int
    end: int
    text: str  # as written
    sentence: int
    name: str  # normalised: "Military Forces of the United States", "Protesters (Iraq)"
    kind: str | None = (
        None  # state | rebel | militia | identity | civilians | protesters | rioters | external
    )
    role: str | None = None  # initiator | target | None, relative to the sentence's event mention


@dataclass
class WeaponMention:
    start: int
    end: int
    text: str
    sentence: int
    weapon: str  # normalised: "ballistic missile", "drone", "IED", "small arms"...


@dataclass
class EventMention:
    """One sentence's evidence that a political-violence event happened."""

    sentence: int
    event_type: str
    sub_event_type: str
    score: float  # 0-1
    trigger: str  # the words that typed it
    trigger_start: int
    trigger_end: int
    actor1: str | None = None
    actor2: str | None = None
    reported_as: str = "new"  # new | background
    links_back: bool = False  # "in response to ...": responds to an earlier event
    # the reporting model's score that the sentence recalls an earlier incident (None: rules decide)
    background_score: float | None = None
    typed_by: str = "rules"  # rules | model: what decided the sub-event type


# ---------------------------------------------------------------------------
# output


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


@dataclass
class IngestReport:
    """What one ingest run did."""

    documents_added: int = 0
    documents_skipped: int = 0  # already in the store
    events_added: int = 0  # the new documents' own events (reports), before merging
    failures: list[tuple[str, str]] = field(default_factory=list)  # (input, reason)
    document_ids: list[str] = field(default_factory=list)  # the documents added, in order
    notes: list[tuple[str, str]] = field(default_factory=list)  # (input, what was changed on the way)
    internal_errors: int = 0  # failures that are bugs, not bad input (also in ``failures``)

    @property
    def failed(self) -> int:
        return len(self.failures)
