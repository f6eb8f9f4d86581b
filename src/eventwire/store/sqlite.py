"""The SQLite backend of the :class:`~eventwire.store.base.Store` contract.

Plain :mod:`sqlite3`; every SQL dialect detail lives in this module,
``rows.py`` (columns and row mapping), ``merging.py`` (reports and merged
events) and ``migrations.py``. Files are opened in WAL journal mode. Each
document is written in one ``BEGIN IMMEDIATE`` transaction, so a crash leaves
either the whole document with its tallies, reports, events, evidence and
claims, or no trace of it.

Several writers (``eventwire ingest`` processes, ``eventwire serve``) may share
one file. A statement waits up to ``busy_timeout`` seconds for another writer's
lock; a write transaction that still finds the database locked is rolled back
and tried again from the start, with exponential backoff and jitter, for up to
``write_patience`` seconds in all, so no document is lost to a busy database.
Creating and upgrading the schema check again inside their transaction, so two
processes opening a new file at once create it once.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import MergeError, NotFoundError, SchemaVersionError, StoreError
from ..merge import MergeConfig, Report, manual_conflicts
from ..model import Claim, Document, Event, Evidence, Tally
from . import merging, migrations
from . import rows as mapping
from .base import SCHEMA_VERSION, EventFilter, TallyFilter
from .busy import BUSY_TIMEOUT_S, WRITE_PATIENCE_S, retry_while_busy

SQLITE_HEADER = b"SQLite format 3\x00"
MEMORY = ":memory:"
_BATCH = 500
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_WORD = re.compile(r"\w", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _fold(value: str | None) -> str | None:
    """Unicode case folding for substring matches (SQLite's lower() is ASCII-only)."""
    return value.casefold() if value is not None else None


def fts_query(text: str) -> str | None:
    """Turn free text into a safe FTS5 query: every word must occur (AND).

    Each whitespace-separated token is quoted as an FTS5 string, so quotes,
    parentheses, colons, hyphens, ``AND``/``OR``/``NEAR`` never act as syntax;
    a trailing ``*`` on a token asks for a prefix match. Returns None when the
    text holds no word characters (nothing can match).
    """
    parts = []
    for token in _CONTROL.sub(" ", text).split():  # FTS5 cannot read a NUL inside a string
        prefix = token.endswith("*")
        core = token.rstrip("*")
        if not _WORD.search(core):
            continue
        quoted = '"' + core.replace('"', '""') + '"'
        parts.append(quoted + ("*" if prefix else ""))
    return " ".join(parts) if parts else None


class SQLiteStore:
    """Documents, events with their evidence and claims, and tallies in one SQLite database.

    ``path`` is a file path or ``":memory:"``. The parent directory must exist.
    Raises StoreError when the file is not an SQLite (or not an eventwire)
    database, SchemaVersionError when a newer eventwire wrote it.
    """

    def __init__(
        self,
        path: str | Path,
        merge_config: MergeConfig | None = None,
        *,
        busy_timeout: float = BUSY_TIMEOUT_S,
        write_patience: float = WRITE_PATIENCE_S,
    ) -> None:
        self.path = str(path)
        self.merge_config = merge_config or MergeConfig()
        self.busy_timeout = busy_timeout
        self.write_patience = write_patience
        self.write_retries = 0  # write transactions tried again because the database was locked
        self._conn = self._connect()
        try:
            self._prepare()
        except BaseException:
            self._conn.close()
            raise

    # -- opening -----------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.path != MEMORY:
            file = Path(self.path)
            parent = file.parent
            if not parent.is_dir():
                raise StoreError(f"{self.path}: directory {parent} does not exist")
            if file.is_dir():
                raise StoreError(f"{self.path}: is a directory, not a database file")
            if file.is_file() and file.stat().st_size > 0:
                try:
                    with file.open("rb") as fh:
                        header = fh.read(len(SQLITE_HEADER))
                except OSError as exc:
                    raise StoreError(f"{self.path}: cannot read database file ({exc.strerror})") from None
                if header != SQLITE_HEADER:
                    raise StoreError(f"{self.path}: not an SQLite database (unexpected file header)")
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=self.busy_timeout)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from None
        conn.row_factory = sqlite3.Row
        conn.create_function("ew_fold", 1, _fold, deterministic=True)
        return conn

    def _prepare(self) -> None:
        """Check what the file holds; create or upgrade the schema."""
        conn = self._conn
        state: list[tuple[int, set[str]]] = []

        def probe() -> None:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if self.path != MEMORY:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            state[:] = [self._schema_state(conn)]

        try:
            self._retry_busy(probe)
            ((version, tables),) = state
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from None

        if not tables and version == 0:

            def create(conn: sqlite3.Connection) -> None:
                if self._schema_state(conn) == (0, set()):  # not created by another process meanwhile
                    migrations.create_schema(conn)

            self._transaction(create, "create the schema")
            version, tables = self._schema_state(conn)
        if "meta" not in tables or self._meta("application") != migrations.APPLICATION:
            raise StoreError(f"{self.path}: not an eventwire database (no eventwire meta table)")
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path}: database schema version {version} is newer than this eventwire "
                f"supports ({SCHEMA_VERSION}); upgrade eventwire"
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    @staticmethod
    def _schema_state(conn: sqlite3.Connection) -> tuple[int, set[str]]:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return version, tables

    def _retry_busy(self, statement: Callable[[], object]) -> None:
        """Run ``statement`` until the database is not locked (within ``write_patience``)."""
        self.write_retries += retry_while_busy(statement, self.write_patience)

    def _meta(self, key: str) -> str | None:
        try:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return None if row is None else str(row[0])

    def _migrate(self, version: int) -> None:
        try:
            steps = migrations.pending(version)
        except KeyError as exc:
            raise SchemaVersionError(
                f"{self.path}: no migration from database schema version {exc.args[0]} to {SCHEMA_VERSION}"
            ) from None

        def run(conn: sqlite3.Connection) -> None:
            if self._schema_state(conn)[0] >= SCHEMA_VERSION:
                return  # another process upgraded it meanwhile
            for step in steps:
                step(conn)
            if conn.execute("SELECT 1 FROM meta WHERE key = 'regroup'").fetchone():
                merging.regroup_all(conn, self.merge_config)
                conn.execute("DELETE FROM meta WHERE key = 'regroup'")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
            conn.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")

        self._transaction(run, f"upgrade the schema from version {version}")

    def _transaction(self, work: Callable[[sqlite3.Connection], None], what: str) -> None:
        """``work`` in one write transaction, rolled back on any failure; tried again from the
        start while another writer holds the lock (see the module docstring)."""
        try:
            self._retry_busy(lambda: self._attempt(work))
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot {what}: {exc}") from exc

    def _attempt(self, work: Callable[[sqlite3.Connection], None]) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            work(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- context manager ---------------------------------------------------

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._conn.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

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

        def write(conn: sqlite3.Connection) -> None:
            nonlocal added
            added = False  # (again: a retried transaction starts over)
            if conn.execute("SELECT 1 FROM documents WHERE document_id = ?", (doc.document_id,)).fetchone():
                return
            meta = doc.metadata()
            conn.execute(
                f"INSERT INTO documents({', '.join(mapping.DOCUMENT_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(mapping.DOCUMENT_COLUMNS))})",
                [meta[c] for c in mapping.DOCUMENT_COLUMNS],
            )
            conn.executemany(
                "INSERT INTO reports(report_id, document_id, position, event_id, component, published, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
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
                    (
                        e.event_id,
                        position,
                        ev.document_id,
                        ev.outlet,
                        ev.url,
                        ev.published,
                        ev.sentence,
                        ev.char_start,
                        ev.char_end,
                        ev.speaker,
                    )
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
                mapping.insert("tallies", mapping.TALLY_COLUMNS) + " ON CONFLICT(tally_id) DO NOTHING",
                [mapping.tally_row(doc.document_id, t) for t in doc.tallies],
            )
            reports = [Report(e, doc.document_id, doc.published) for e in events]
            merging.merge_new(conn, reports, self.merge_config)
            added = True

        self._transaction(write, f"store document {doc.document_id!r}")
        return added

    # -- reading -----------------------------------------------------------

    def get_document(self, document_id: str) -> dict[str, Any]:
        """The document's metadata and text; raises NotFoundError."""
        row = self._query_one(
            f"SELECT {', '.join(mapping.DOCUMENT_COLUMNS)} FROM documents WHERE document_id = ?",
            (document_id,),
        )
        if row is None:
            raise NotFoundError(f"document {document_id!r} is not in the store")
        return dict(row)

    def documents(self) -> Iterator[dict[str, Any]]:
        """All documents (metadata and text), ordered by document_id."""
        cur = self._execute(
            f"SELECT {', '.join(mapping.DOCUMENT_COLUMNS)} FROM documents ORDER BY document_id"
        )
        for row in cur:
            yield dict(row)

    def get_event(self, event_id: str) -> Event:
        """The event with its evidence and claims; raises NotFoundError.

        An id that was merged into another event (the id of any of its reports)
        gives that event.
        """
        row = self._query_one(
            f"SELECT {mapping.EVENT_SELECT} FROM events AS e WHERE e.event_id = ?", (event_id,)
        )
        if row is None:
            row = self._query_one(
                f"SELECT {mapping.EVENT_SELECT} FROM events AS e JOIN reports AS r ON r.event_id = e.event_id "
                "WHERE r.report_id = ?",
                (event_id,),
            )
        if row is None:
            raise NotFoundError(f"event {event_id!r} is not in the store")
        return self._with_sources([row])[0]

    def reports(self, event_id: str) -> list[Event]:
        """Each source's own version of the event (one per document), oldest first; raises NotFoundError."""
        event = self.get_event(event_id)
        ids = [r for r, _ in self._members(event.event_id)]
        found = {r.report_id: r.event for r in merging.load_reports(self._conn, "event_id", [event.event_id])}
        return [found[i] for i in ids if i in found]

    def _members(self, event_id: str) -> list[tuple[str, str]]:
        """(report_id, document_id) of every report of the event, oldest first. Read from the
        reports themselves: a large event keeps merge notes for its first reports only."""
        rows = self._conn.execute(
            "SELECT report_id, document_id FROM reports WHERE event_id = ? "
            "ORDER BY published IS NULL, published, document_id, position",
            (event_id,),
        ).fetchall()
        return [(r["report_id"], r["document_id"]) for r in rows]

    def _events_holding(self, conn: sqlite3.Connection, report_ids: Sequence[str]) -> list[str]:
        """The ids of the events that hold any of ``report_ids``, in the order first met."""
        found: dict[str, None] = {}
        for i in range(0, len(report_ids), _BATCH):
            part = list(report_ids[i : i + _BATCH])
            marks = ", ".join("?" * len(part))
            for row in conn.execute(
                f"SELECT report_id, event_id FROM reports WHERE report_id IN ({marks})", part
            ):
                found.setdefault(row["event_id"], None)
        return list(found)

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

        def work(conn: sqlite3.Connection) -> None:
            result.clear()
            reports = [r for e in events for r, _ in self._members(e.event_id)]
            merging.record_merge(conn, reports)
            merging.regroup(
                conn,
                merging.components_of(conn, reports),
                self.merge_config,
            )
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

        def work(conn: sqlite3.Connection) -> None:
            result.clear()
            merging.record_split(conn, parts)
            merging.regroup(
                conn,
                merging.components_of(conn, [r for r, _ in reports]),
                self.merge_config,
            )
            result.extend(self._events_holding(conn, [r for r, _ in reports]))

        self._transaction(work, f"split event {event.event_id}")
        return [self.get_event(e) for e in result]

    def events(self, filters: EventFilter | None = None, *, details: bool = True) -> Iterator[Event]:
        """Events matching ``filters``, ordered by event_date (unknown last), then event_id.

        Filters are checked (StoreError) and the matching rows read when called,
        so callers may write to the store while iterating. ``details=False``
        leaves out sources, claims and merge notes (empty lists): much faster
        for a map or a count by day.
        """
        f = filters or EventFilter()
        where, params = self._where(f)
        if where is None:
            return iter(())
        limit = -1 if f.limit is None else f.limit
        rows = self._execute(
            f"SELECT {mapping.EVENT_SELECT} FROM events AS e WHERE {where} "
            "ORDER BY e.event_date IS NULL, e.event_date, e.event_id LIMIT ? OFFSET ?",
            [*params, limit, f.offset],
        ).fetchall()
        if not details:
            return (mapping.row_event(r, [], [], merge=False) for r in rows)
        return self._iter_events(rows)

    def tally(self, tally_id: str) -> Tally:
        """One tally; raises NotFoundError."""
        row = self._query_one(
            f"SELECT {', '.join(mapping.TALLY_COLUMNS)} FROM tallies AS t WHERE tally_id = ?", (tally_id,)
        )
        if row is None:
            raise NotFoundError(f"tally {tally_id!r} is not in the store")
        return mapping.row_tally(row)

    def tallies(self, filters: TallyFilter | None = None) -> Iterator[Tally]:
        """Tallies matching ``filters`` (see TallyFilter), ordered by the end of
        their period (unknown last), then tally_id."""
        f = filters or TallyFilter()
        clauses: list[str] = []
        params: list[Any] = []
        if f.metric is not None:
            clauses.append("t.metric = ?")
            params.append(f.metric.strip())
        if f.document_id is not None:
            clauses.append("t.document_id = ?")
            params.append(f.document_id)
        if f.date_from is not None:
            clauses.append(f"{mapping.TALLY_END} >= ?")
            params.append(_check_date("date_from", f.date_from))
        if f.date_to is not None:
            date_to = _check_date("date_to", f.date_to)
            clauses.append(f"substr(coalesce(t.period_start, {mapping.TALLY_END}), 1, ?) <= ?")
            params += [len(date_to), date_to]
        if f.limit is not None and f.limit < 0:
            raise StoreError(f"limit must be zero or more, got {f.limit}")
        rows = self._execute(
            f"SELECT {', '.join(mapping.TALLY_COLUMNS)} FROM tallies AS t WHERE {' AND '.join(clauses) or '1'} "
            f"ORDER BY {mapping.TALLY_END} IS NULL, {mapping.TALLY_END}, t.tally_id LIMIT ?",
            [*params, -1 if f.limit is None else f.limit],
        ).fetchall()
        return (mapping.row_tally(r) for r in rows)

    def _iter_events(self, rows: list[sqlite3.Row]) -> Iterator[Event]:
        for i in range(0, len(rows), _BATCH):
            yield from self._with_sources(rows[i : i + _BATCH])

    def count_events(self, filters: EventFilter | None = None) -> int:
        """How many events match ``filters`` (limit and offset ignored)."""
        where, params = self._where(filters or EventFilter())
        if where is None:
            return 0
        row = self._query_one(f"SELECT count(*) FROM events AS e WHERE {where}", params)
        return int(row[0]) if row else 0

    def stats(self) -> dict[str, Any]:
        """Counts by type and country, and the date range (see Store.stats)."""
        one = self._query_one(
            "SELECT (SELECT count(*) FROM documents), count(*), min(event_date), max(event_date), "
            "(SELECT count(*) FROM tallies) FROM events",
            (),
        )
        assert one is not None
        by_type = {
            r[0]: r[1]
            for r in self._execute(
                "SELECT event_type, count(*) AS n FROM events GROUP BY event_type ORDER BY n DESC, event_type"
            )
        }
        by_country = {
            r[0]: r[1]
            for r in self._execute(
                "SELECT coalesce(country, iso3, 'unknown') AS c, count(*) AS n FROM events "
                "GROUP BY c ORDER BY n DESC, c"
            )
        }
        by_type_country = [
            {"event_type": r[0], "country": r[1], "events": r[2], "new": r[3], "background": r[2] - r[3]}
            for r in self._execute(
                "SELECT event_type, coalesce(country, iso3, 'unknown') AS c, count(*) AS n, "
                "sum(CASE WHEN reported_as = 'new' THEN 1 ELSE 0 END) FROM events "
                "GROUP BY event_type, c ORDER BY event_type, n DESC, c"
            )
        ]
        return {
            "documents": one[0],
            "events": one[1],
            "by_type": by_type,
            "by_country": by_country,
            "by_type_country": by_type_country,
            "date_min": one[2],
            "date_max": one[3],
            "tallies": one[4],
        }

    # -- helpers -----------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: query failed ({exc})") from exc

    def _query_one(self, sql: str, params: Sequence[Any]) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._execute(sql, params).fetchone()
        return row

    def _where(self, f: EventFilter) -> tuple[str | None, list[Any]]:
        """SQL condition and parameters for ``f``; (None, []) when nothing can match."""
        clauses: list[str] = []
        params: list[Any] = []
        if f.event_type is not None:
            clauses.append("e.event_type = ?")
            params.append(f.event_type)
        if f.sub_event_type is not None:
            clauses.append("e.sub_event_type = ?")
            params.append(f.sub_event_type)
        if f.country is not None:
            clauses.append("(e.country = ? OR e.iso3 = ?)")
            params += [f.country.strip(), f.country.strip()]
        if f.date_from is not None:
            clauses.append("e.event_date >= ?")
            params.append(_check_date("date_from", f.date_from))
        if f.date_to is not None:
            # compare as many characters as given: "2024-03" includes the whole month
            date_to = _check_date("date_to", f.date_to)
            clauses.append("substr(e.event_date, 1, ?) <= ?")
            params += [len(date_to), date_to]
        if f.actor is not None:
            needle = f.actor.strip().casefold()
            clauses.append(
                "(instr(ew_fold(e.actor1), ?) > 0 OR instr(ew_fold(e.actor2), ?) > 0"
                " OR EXISTS (SELECT 1 FROM json_each(e.assoc_actor_1) WHERE instr(ew_fold(value), ?) > 0)"
                " OR EXISTS (SELECT 1 FROM json_each(e.assoc_actor_2) WHERE instr(ew_fold(value), ?) > 0))"
            )
            params += [needle] * 4
        if f.text is not None:
            query = fts_query(f.text)
            if query is None:
                return None, []
            clauses.append(
                "e.event_id IN (SELECT r.event_id FROM evidence_fts JOIN evidence AS ev"
                " ON ev.id = evidence_fts.rowid JOIN reports AS r ON r.report_id = ev.report_id"
                " WHERE evidence_fts MATCH ?)"
            )
            params.append(query)
        if f.reported_as is not None:
            clauses.append("e.reported_as = ?")
            params.append(f.reported_as)
        if f.document_id is not None:
            clauses.append("e.event_id IN (SELECT r.event_id FROM reports AS r WHERE r.document_id = ?)")
            params.append(f.document_id)
        if f.responds_to is not None:
            clauses.append(
                "e.responds_to IN (SELECT r.report_id FROM reports AS r WHERE r.event_id = ?)"
                " AND e.event_id <> ?"
            )
            params.append(f.responds_to)
            params.append(f.responds_to)
        if f.bbox is not None:
            west, south, east, north = f.bbox
            clauses.append("e.latitude BETWEEN ? AND ?")
            params += [south, north]
            if west <= east:
                clauses.append("e.longitude BETWEEN ? AND ?")
                params += [west, east]
            else:  # the box crosses the antimeridian
                clauses.append("(e.longitude >= ? OR e.longitude <= ?)")
                params += [west, east]
        if f.after is not None:
            # rows after the cursor in the order events() returns them (unknown dates last)
            last_date, last_id = f.after
            if last_date is None:
                clauses.append("(e.event_date IS NULL AND e.event_id > ?)")
                params.append(last_id)
            else:
                clauses.append(
                    "(e.event_date IS NULL OR e.event_date > ? OR (e.event_date = ? AND e.event_id > ?))"
                )
                params += [last_date, last_date, last_id]
        if f.limit is not None and f.limit < 0:
            raise StoreError(f"limit must be zero or more, got {f.limit}")
        if f.offset < 0:
            raise StoreError(f"offset must be zero or more, got {f.offset}")
        return (" AND ".join(clauses) or "1"), params

    def _with_sources(self, rows: list[sqlite3.Row]) -> list[Event]:
        """Events for ``rows``, each with its reports' evidence and claims (by publication, then document)."""
        ids = [r["event_id"] for r in rows]
        sources: dict[str, list[Evidence]] = {i: [] for i in ids}
        claims: dict[str, list[Claim]] = {i: [] for i in ids}
        if ids:
            marks = ", ".join("?" * len(ids))
            order = "r.event_id, coalesce(r.published, '9999'), r.document_id, r.report_id, x.position"
            cur = self._execute(
                f"SELECT r.event_id AS owner, {', '.join('x.' + c for c in mapping.CLAIM_COLUMNS)} FROM claims AS x "
                f"JOIN reports AS r ON r.report_id = x.report_id WHERE r.event_id IN ({marks}) ORDER BY {order}",
                ids,
            )
            for r in cur:
                claims[r["owner"]].append(mapping.row_claim(r))
            cur = self._execute(
                f"SELECT r.event_id AS owner, {', '.join('x.' + c for c in mapping.EVIDENCE_COLUMNS)} FROM evidence AS x "
                f"JOIN reports AS r ON r.report_id = x.report_id WHERE r.event_id IN ({marks}) ORDER BY {order}",
                ids,
            )
            for r in cur:
                sources[r["owner"]].append(mapping.row_evidence(r))
        return [mapping.row_event(r, sources[r["event_id"]], claims[r["event_id"]]) for r in rows]


def _check_date(name: str, value: str) -> str:
    value = value.strip()
    if not _DATE.fullmatch(value):
        raise StoreError(f"{name}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return value
