"""The :class:`Document`: one news report, annotated in place by the pipeline stages (see :mod:`.mentions`).

Character offsets (``start``/``end``) always index into ``Document.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .events import Event
from .mentions import (
    ActorMention,
    Entity,
    EventMention,
    PlaceMention,
    QuantityMention,
    Sentence,
    TimeMention,
    WeaponMention,
)
from .tallies import Tally


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
