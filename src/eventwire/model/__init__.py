"""Plain data classes that flow through eventwire.

A :class:`Document` comes out of intake, the pipeline stages annotate it
(sentences, entities, places, times, quantities, speakers, event mentions) and
the last stage assembles :class:`Event` records from the mentions. The store
and the exports only ever see Documents and Events.

Character offsets (``start``/``end``) always index into ``Document.text``.

Modules: :mod:`.document` (the Document), :mod:`.mentions` (its annotations),
:mod:`.ranges` (low/best/high counts), :mod:`.events` (events with their evidence,
claims and merge notes, and the record key orders), :mod:`.tallies` (cumulative
statements), :mod:`.ingest_report` (what an ingest run did) and :mod:`.json_ready`
(:func:`plain`). Import the names from here.
"""

from .document import Document
from .events import CLAIM_KEYS, EVENT_KEYS, PLACE_KEYS, RANGE_KEYS, Claim, Event, Evidence, MergeNote
from .ingest_report import IngestReport
from .json_ready import plain
from .mentions import (
    ActorMention,
    Entity,
    EventMention,
    PlaceMention,
    QuantityMention,
    Sentence,
    Speaker,
    TimeMention,
    WeaponMention,
)
from .ranges import Range
from .tallies import TALLY_KEYS, Tally

__all__ = [
    "CLAIM_KEYS",
    "EVENT_KEYS",
    "PLACE_KEYS",
    "RANGE_KEYS",
    "TALLY_KEYS",
    "ActorMention",
    "Claim",
    "Document",
    "Entity",
    "Event",
    "EventMention",
    "Evidence",
    "IngestReport",
    "MergeNote",
    "PlaceMention",
    "QuantityMention",
    "Range",
    "Sentence",
    "Speaker",
    "Tally",
    "TimeMention",
    "WeaponMention",
    "plain",
]
