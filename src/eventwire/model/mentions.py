"""The annotations of a :class:`~eventwire.model.Document`, one per mention in the text.

Sentences (with their speakers), entities, times, places, casualty figures, actors,
weapons and event mentions; character offsets index into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ranges import Range


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
