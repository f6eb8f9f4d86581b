"""What the SQL backends share: the Store contract written once over a DB-API-like connection.

:class:`SQLStore` holds every write of the contract and, through
:class:`~eventwire.store.reading.SQLReader`, every query. A backend
(``sqlite.py``, ``postgres.py``) opens the connection, keeps the schema, runs a
unit of work in one write transaction (:meth:`SQLStore._transaction`) and says
how its dialect spells the few things SQL leaves open: case-insensitive
equality, substring search in the actors, full-text search, "no limit".

Statements use ``?`` placeholders; rows read by column name and by position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, Protocol, Self

from ..errors import MergeError, SchemaVersionError
from ..merge import Report, manual_conflicts
from ..model import Document, Event
from . import merging, overrides
from . import rows as mapping
from .base import SCHEMA_VERSION, Correction, CorrectionsApplied
from .reading import SQLReader


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """The part of a DB-API connection the store uses (``?`` placeholders)."""

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, params: Any, /) -> Any: ...


Work = Callable[[Any], None]


class SQLStore(SQLReader):
    """The Store contract over ``self._conn``; subclasses open it and keep its schema."""

    # -- what a backend provides -------------------------------------------

    def _transaction(self, work: Work, what: str) -> None:
        """Run ``work(connection)`` in one write transaction; StoreError names ``what``."""
        raise NotImplementedError

    def data_version(self) -> int:
        """A number that changes whenever a write to the store commits (in any process)."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _migrate(self, version: int) -> None:
        """Upgrade the schema from ``version`` to SCHEMA_VERSION (one write transaction)."""
        raise NotImplementedError

    def _bring_to_current(self, version: int) -> None:
        """Refuse a schema newer than this eventwire's (SchemaVersionError), upgrade an older one."""
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path}: database schema version {version} is newer than this eventwire "
                f"supports ({SCHEMA_VERSION}); upgrade eventwire"
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    # -- context manager ---------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"

    # -- writing -----------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        row = self._query_one("SELECT 1 FROM documents WHERE document_id = ?", (document_id,))
        return row is not None

    def add_document(self, doc: Document, events: list[Event]) -> bool:
        """Store ``doc`` with its tallies and its ``events`` (evidence, claims) in one transaction.

        Returns False, writing nothing, when the document is already stored
        (tally ids are deterministic, so re-ingesting never duplicates a tally;
        a tally id met a second time keeps its first record).
        On any failure the transaction is rolled back and StoreError names the
        document and the reason.
        """
        added = False

        def write(conn: Any) -> None:
            nonlocal added
            added = False  # (again: a retried transaction starts over)
            if conn.execute("SELECT 1 FROM documents WHERE document_id = ?", (doc.document_id,)).fetchone():
                return
            meta = doc.metadata()
            conn.execute(
                mapping.insert("documents", mapping.DOCUMENT_COLUMNS),
                [meta[c] for c in mapping.DOCUMENT_COLUMNS],
            )
            conn.executemany(
                mapping.insert("reports", mapping.REPORT_COLUMNS),
                [
                    (
                        e.event_id,
                        doc.document_id,
                        i,
                        e.event_id,
                        e.event_id,
                        doc.published,
                        merging.report_data(e),
                    )
                    for i, e in enumerate(events)
                ],
            )
            conn.executemany(
                mapping.insert("evidence", mapping.EVIDENCE_COLUMNS),
                [
                    mapping.evidence_row(e.event_id, position, ev)
                    for e in events
                    for position, ev in enumerate(e.sources)
                ],
            )
            conn.executemany(
                mapping.insert("claims", mapping.CLAIM_COLUMNS),
                [
                    mapping.claim_row(e.event_id, position, c)
                    for e in events
                    for position, c in enumerate(e.claims)
                ],
            )
            # a tally id met twice keeps its first record (ids are deterministic)
            conn.executemany(
                mapping.insert("tallies", mapping.TALLY_COLUMNS) + " ON CONFLICT (tally_id) DO NOTHING",
                [mapping.tally_row(doc.document_id, t) for t in doc.tallies],
            )
            reports = [Report(e, doc.document_id, doc.published) for e in events]
            merging.merge_new(conn, reports, self.merge_config)
            added = True

        self._transaction(write, f"store document {doc.document_id!r}")
        return added

    def merge_events(self, event_ids: list[str], *, force: bool = False) -> Event:
        """Merge the events into one, whatever the scores say; the correction is kept
        and obeyed by every later regrouping. Raises NotFoundError, and MergeError
        when fewer than two distinct events are named or, unless ``force``, when
        they cannot be one incident (unrelated types, dates or places too far apart).
        """
        events = list({e.event_id: e for e in (self.get_event(i) for i in event_ids)}.values())
        if len(events) < 2:
            raise MergeError(
                f"merge needs two or more different events, got {', '.join(event_ids) or 'none'}"
            )
        if not force:
            problems = [
                f"{a.event_id} / {b.event_id}: {why}"
                for i, a in enumerate(events)
                for b in events[i + 1 :]
                if (why := manual_conflicts(a, b, self.merge_config))
            ]
            if problems:
                raise MergeError(
                    "these events cannot be one incident: "
                    + "; ".join(problems)
                    + " (force the merge to do it anyway)"
                )
        result: list[str] = []

        def work(conn: Any) -> None:
            result.clear()
            reports = [r for e in events for r, _ in self._members(e.event_id, conn)]
            merging.record_merge(conn, reports)
            merging.regroup(conn, merging.components_of(conn, reports), self.merge_config)
            result.extend(self._events_holding(conn, reports[:1]))

        self._transaction(work, f"merge events {', '.join(e.event_id for e in events)}")
        return self.get_event(result[0])

    def split_event(self, event_id: str, document_ids: list[str] | None = None) -> list[Event]:
        """Take the reports of ``document_ids`` out of the event into an event of their
        own (no documents: every source on its own). The correction is kept and obeyed
        by every later regrouping. Returns the resulting events. Raises NotFoundError,
        and MergeError for a single-source event or documents that are not its sources.
        """
        event = self.get_event(event_id)
        reports = self._members(event.event_id)
        if len(reports) < 2:
            raise MergeError(
                f"event {event.event_id} has a single source ({reports[0][1]}); nothing to split"
            )
        if document_ids:
            sources = {d for _, d in reports}
            stray = [d for d in document_ids if d not in sources]
            if stray:
                raise MergeError(
                    f"event {event.event_id} has no report from {', '.join(stray)} (its sources: {', '.join(sorted(sources))})"
                )
            out = [r for r, d in reports if d in document_ids]
            parts = [out, [r for r, d in reports if d not in document_ids]]
            if not parts[1]:
                raise MergeError(
                    f"splitting off every source of event {event.event_id} would leave nothing behind"
                )
        else:
            parts = [[r] for r, _ in reports]
        result: list[str] = []

        def work(conn: Any) -> None:
            result.clear()
            merging.record_split(conn, parts)
            merging.regroup(conn, merging.components_of(conn, [r for r, _ in reports]), self.merge_config)
            result.extend(self._events_holding(conn, [r for r, _ in reports]))

        self._transaction(work, f"split event {event.event_id}")
        return [self.get_event(e) for e in result]

    def corrections(self) -> list[Correction]:
        """Every merge and split an analyst made, as "must"/"cannot" report pairs, by report ids."""
        return list(self._read(overrides.read))

    def apply_corrections(self, corrections: list[Correction]) -> CorrectionsApplied:
        """Write the corrections whose two reports are stored, replacing the other kind for
        the same pair, and regroup the events they touch, all in one transaction (see
        :func:`eventwire.store.overrides.apply`)."""
        result: list[CorrectionsApplied] = []

        def work(conn: Any) -> None:
            result[:] = [overrides.apply(conn, corrections, self.merge_config)]

        self._transaction(work, f"apply {len(corrections)} correction(s)")
        return result[0]
