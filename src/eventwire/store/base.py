"""The storage contract every backend keeps (SQLite, PostgreSQL).

Backends keep SQL dialect details to themselves. All writes for one document
happen in one transaction: after a crash the store holds either the whole
document with its events or nothing of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..model import Document, Event, Tally

# 2: events gained where_prec, location_as_written, gazetteer_id, location_type
# 3: events gained date_prec; tallies and claims tables
# 4: merged events: reports (each document's events), blocking keys, overrides
# 5: reports.rep: only representatives are filed under blocking keys (bounded merging)
SCHEMA_VERSION = 5


@dataclass(frozen=True)
class EventFilter:
    """What ``events`` selects; every field narrows, None means any."""

    event_type: str | None = None
    sub_event_type: str | None = None
    country: str | None = None  # country name or ISO3, case-insensitive
    date_from: str | None = None  # YYYY-MM-DD, inclusive, on event_date
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    actor: str | None = None  # substring of actor1/actor2/assoc actors, case-insensitive
    text: str | None = None  # full-text search in the evidence sentences
    reported_as: str | None = None  # "new" | "background"
    document_id: str | None = None  # only the events of this document
    responds_to: str | None = None  # only the events that respond to this event
    bbox: tuple[float, float, float, float] | None = None  # (west, south, east, north) in degrees
    after: tuple[str | None, str] | None = None  # keyset cursor: (event_date, event_id) of the last row seen
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class TallyFilter:
    """What ``tallies`` selects; every field narrows, None means any.

    A tally's period runs from ``period_start`` to ``period_end`` (the
    publication date when the text gives no end); ``date_from``/``date_to``
    keep the tallies whose period overlaps ``[date_from, date_to]``. A tally
    with no date at all is left out as soon as either bound is given.
    """

    metric: str | None = None  # case-insensitive
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    document_id: str | None = None
    limit: int | None = None


@dataclass(frozen=True)
class Correction:
    """One of an analyst's corrections: two reports that "must" be one event, or "cannot".

    Reports are named by their ids, which stay the same when the same documents are
    ingested into another store; ``documents`` (of ``report_a``, ``report_b``) are for people.
    """

    kind: str  # "must" | "cannot"
    report_a: str
    report_b: str
    documents: tuple[str | None, str | None] = (None, None)


@dataclass(frozen=True)
class CorrectionsApplied:
    """What :meth:`Store.apply_corrections` did: corrections written, already there, and
    the reports missing from the store (with the corrections left out for them)."""

    applied: int
    unchanged: int
    missing: dict[str, list[Correction]]


class Store(Protocol):
    """A place to keep documents and events."""

    path: str

    def has_document(self, document_id: str) -> bool: ...

    def add_document(self, doc: Document, events: list[Event]) -> bool:
        """Store the document, its tallies (``doc.tallies``) and its events with
        their evidence and claims, in one transaction; each event joins the
        stored event of the same incident, if there is one (see eventwire.merge).

        Returns False (and writes nothing) when ``doc.document_id`` is already stored.
        """
        ...

    def get_document(self, document_id: str) -> dict[str, Any]:
        """The document's metadata and text; raises NotFoundError."""
        ...

    def get_event(self, event_id: str) -> Event:
        """Raises NotFoundError."""
        ...

    def reports(self, event_id: str) -> list[Event]:
        """Each source's own version of the event, as its document gave it; raises NotFoundError."""
        ...

    def merge_events(self, event_ids: list[str], *, force: bool = False) -> Event:
        """Merge events by hand; the correction is kept for later ingests. Raises MergeError."""
        ...

    def split_event(self, event_id: str, document_ids: list[str] | None = None) -> list[Event]:
        """Split an event by hand; the correction is kept for later ingests. Raises MergeError."""
        ...

    def corrections(self) -> list[Correction]:
        """Every merge and split an analyst made, as report pairs, ordered by report ids."""
        ...

    def apply_corrections(self, corrections: list[Correction]) -> CorrectionsApplied:
        """Write ``corrections`` whose reports are stored (replacing the opposite kind of the
        same pair) and regroup the events they touch, in one transaction; the others are
        reported as missing. Applying the same corrections again changes nothing."""
        ...

    def countries(self) -> list[str]:
        """The country names and ISO3 codes the stored events hold, sorted."""
        ...

    def events(self, filters: EventFilter | None = None, *, details: bool = True) -> Iterator[Event]:
        """Events matching ``filters``, ordered by event_date then event_id; ``details=False``
        leaves out sources, claims and merge notes."""
        ...

    def count_events(self, filters: EventFilter | None = None) -> int: ...

    def tallies(self, filters: TallyFilter | None = None) -> Iterator[Tally]:
        """Tallies matching ``filters``, ordered by period end (unknown last), then tally_id."""
        ...

    def tally(self, tally_id: str) -> Tally:
        """Raises NotFoundError."""
        ...

    def documents(self) -> Iterator[dict[str, Any]]:
        """All documents' metadata (with text), ordered by document_id."""
        ...

    def stats(self) -> dict[str, Any]:
        """{"documents", "events", "by_type": {type: n}, "by_country": {country: n},
        "by_type_country": [{"event_type", "country", "events", "new", "background"}], "date_min", "date_max", "tallies"}"""
        ...

    def data_version(self) -> int:
        """A number that changes whenever a write to the store commits (in any process)."""
        ...

    def close(self) -> None: ...
