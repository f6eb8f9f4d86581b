"""The reading half of the SQL backends' shared Store contract: queries, filters, row readers.

:class:`SQLReader` answers every read of the contract over ``self._conn``
(``?`` placeholders; rows read by column name and by position); a backend says
how its dialect spells case-insensitive equality, substring search in the
actors and full-text search. :class:`~eventwire.store.sql.SQLStore` adds the
writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..errors import NotFoundError, StoreError
from ..merge import MergeConfig
from ..model import Claim, Event, Evidence, Tally
from . import merging
from . import rows as mapping
from .base import EventFilter, TallyFilter

_BATCH = 500
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class SQLReader:
    """The Store contract's reads over ``self._conn``; see SQLStore."""

    path: str
    merge_config: MergeConfig
    _conn: Any
    #: the LIMIT value that means "no limit"
    NO_LIMIT: int | None = -1
    #: the errors of the driver that become StoreError
    DRIVER_ERRORS: tuple[type[Exception], ...] = ()

    # -- the dialect, from the backend ---------------------------------------

    def _equals_folded(self, column: str) -> str:
        """``column = ?``, compared case-insensitively."""
        raise NotImplementedError

    def _actor_clause(self, needle: str) -> tuple[str, list[Any]]:
        """Whether ``needle`` is part of an actor or associated actor (case-insensitive)."""
        raise NotImplementedError

    def _text_clause(self, text: str) -> tuple[str, list[Any]] | None:
        """Event ids whose evidence holds every word of ``text``; None when nothing can match."""
        raise NotImplementedError

    def countries(self) -> list[str]:
        """The country names and ISO3 codes the stored events hold, sorted."""
        rows = self._execute(
            "SELECT country FROM events WHERE country IS NOT NULL UNION "
            "SELECT iso3 FROM events WHERE iso3 IS NOT NULL"
        ).fetchall()
        return sorted({r[0] for r in rows})

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
        loaded = self._read(lambda conn: merging.load_reports(conn, "event_id", [event.event_id]))
        found = {r.report_id: r.event for r in loaded}
        return [found[i] for i in ids if i in found]

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
        limit = self.NO_LIMIT if f.limit is None else f.limit
        rows = self._execute(
            f"SELECT {mapping.EVENT_SELECT} FROM events AS e WHERE {where} "
            "ORDER BY e.event_date IS NULL, e.event_date, e.event_id LIMIT ? OFFSET ?",
            [*params, limit, f.offset],
        ).fetchall()
        if not details:
            return (mapping.row_event(r, [], [], merge=False) for r in rows)
        return self._iter_events(rows)

    def count_events(self, filters: EventFilter | None = None) -> int:
        """How many events match ``filters`` (limit and offset ignored)."""
        where, params = self._where(filters or EventFilter())
        if where is None:
            return 0
        row = self._query_one(f"SELECT count(*) FROM events AS e WHERE {where}", params)
        return int(row[0]) if row else 0

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
            clauses.append(self._equals_folded("t.metric"))
            params.append(f.metric.strip())
        if f.document_id is not None:
            clauses.append("t.document_id = ?")
            params.append(f.document_id)
        if f.date_from is not None:
            clauses.append(f"{mapping.TALLY_END} >= ?")
            params.append(check_date("date_from", f.date_from))
        if f.date_to is not None:
            date_to = check_date("date_to", f.date_to)
            clauses.append(f"substr(coalesce(t.period_start, {mapping.TALLY_END}), 1, ?) <= ?")
            params += [len(date_to), date_to]
        if f.limit is not None and f.limit < 0:
            raise StoreError(f"limit must be zero or more, got {f.limit}")
        rows = self._execute(
            f"SELECT {', '.join(mapping.TALLY_COLUMNS)} FROM tallies AS t WHERE {' AND '.join(clauses) or 'TRUE'} "
            f"ORDER BY {mapping.TALLY_END} IS NULL, {mapping.TALLY_END}, t.tally_id LIMIT ?",
            [*params, self.NO_LIMIT if f.limit is None else f.limit],
        ).fetchall()
        return (mapping.row_tally(r) for r in rows)

    def stats(self) -> dict[str, Any]:
        """Counts by type and country, and the date range (see Store.stats)."""
        one = self._query_one(
            "SELECT (SELECT count(*) FROM documents), count(*), min(event_date), max(event_date), "
            "(SELECT count(*) FROM tallies) FROM events",
            (),
        )
        assert one is not None
        by_type = {
            r[0]: int(r[1])
            for r in self._execute(
                "SELECT event_type, count(*) AS n FROM events GROUP BY event_type ORDER BY n DESC, event_type"
            )
        }
        by_country = {
            r[0]: int(r[1])
            for r in self._execute(
                "SELECT coalesce(country, iso3, 'unknown') AS c, count(*) AS n FROM events GROUP BY c ORDER BY n DESC, c"
            )
        }
        by_type_country = [
            {
                "event_type": r[0],
                "country": r[1],
                "events": int(r[2]),
                "new": int(r[3]),
                "background": int(r[2]) - int(r[3]),
            }
            for r in self._execute(
                "SELECT event_type, coalesce(country, iso3, 'unknown') AS c, count(*) AS n, "
                "sum(CASE WHEN reported_as = 'new' THEN 1 ELSE 0 END) FROM events "
                "GROUP BY event_type, c ORDER BY event_type, n DESC, c"
            )
        ]
        return {
            "documents": int(one[0]),
            "events": int(one[1]),
            "by_type": by_type,
            "by_country": by_country,
            "by_type_country": by_type_country,
            "date_min": one[2],
            "date_max": one[3],
            "tallies": int(one[4]),
        }

    # -- helpers -----------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._conn.execute(sql, params)
        except self.DRIVER_ERRORS as exc:
            raise StoreError(f"{self.path}: query failed ({exc})") from exc

    def _query_one(self, sql: str, params: Sequence[Any]) -> Any:
        return self._execute(sql, params).fetchone()

    def _read(self, reader: Callable[[Any], Any]) -> Any:
        """``reader(connection)``, its driver errors as StoreError."""
        try:
            return reader(self._conn)
        except self.DRIVER_ERRORS as exc:
            raise StoreError(f"{self.path}: query failed ({exc})") from exc

    def _members(self, event_id: str, conn: Any = None) -> list[tuple[str, str]]:
        """(report_id, document_id) of every report of the event, oldest first. Read from the
        reports themselves: a large event keeps merge notes for its first reports only."""
        sql = (
            "SELECT report_id, document_id FROM reports WHERE event_id = ? "
            "ORDER BY published IS NULL, published, document_id, position"
        )
        rows = (
            conn.execute(sql, (event_id,)) if conn is not None else self._execute(sql, (event_id,))
        ).fetchall()
        return [(r["report_id"], r["document_id"]) for r in rows]

    @staticmethod
    def _events_holding(conn: Any, report_ids: Sequence[str]) -> list[str]:
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

    def _iter_events(self, rows: list[Any]) -> Iterator[Event]:
        for i in range(0, len(rows), _BATCH):
            yield from self._with_sources(rows[i : i + _BATCH])

    def _where(self, f: EventFilter) -> tuple[str | None, list[Any]]:
        """SQL condition and parameters for ``f``; (None, []) when nothing can match."""
        clauses: list[str] = []
        params: list[Any] = []
        if f.event_type is not None:
            clauses.append(self._equals_folded("e.event_type"))
            params.append(f.event_type)
        if f.sub_event_type is not None:
            clauses.append(self._equals_folded("e.sub_event_type"))
            params.append(f.sub_event_type)
        if f.country is not None:
            clauses.append(f"({self._equals_folded('e.country')} OR {self._equals_folded('e.iso3')})")
            params += [f.country.strip(), f.country.strip()]
        if f.date_from is not None:
            clauses.append("e.event_date >= ?")
            params.append(check_date("date_from", f.date_from))
        if f.date_to is not None:
            # as many characters as given count ("2024-03" includes the whole month): a date's
            # first n characters are at most D exactly when the date sorts, byte by byte, before D
            # with its last character raised by one ("2024-03-29" -> "2024-03-2:"); unlike a
            # substr() comparison, the date indexes can serve it
            date_to = check_date("date_to", f.date_to)
            clauses.append("e.event_date < ?")
            params.append(date_to[:-1] + chr(ord(date_to[-1]) + 1))
        if f.actor is not None:
            clause, more = self._actor_clause(f.actor.strip())
            clauses.append(clause)
            params += more
        if f.text is not None:
            found = self._text_clause(f.text)
            if found is None:
                return None, []
            clauses.append(found[0])
            params += found[1]
        if f.reported_as is not None:
            clauses.append("e.reported_as = ?")
            params.append(f.reported_as)
        if f.document_id is not None:
            clauses.append("e.event_id IN (SELECT r.event_id FROM reports AS r WHERE r.document_id = ?)")
            params.append(f.document_id)
        if f.responds_to is not None:
            clauses.append(
                "e.responds_to IN (SELECT r.report_id FROM reports AS r WHERE r.event_id = ?) AND e.event_id <> ?"
            )
            params += [f.responds_to, f.responds_to]
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
        return (" AND ".join(clauses) or "TRUE"), params

    def _with_sources(self, rows: list[Any]) -> list[Event]:
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


def check_date(name: str, value: str) -> str:
    """``value`` stripped, or StoreError when it is not YYYY-MM-DD, YYYY-MM or YYYY."""
    value = value.strip()
    if not _DATE.fullmatch(value):
        raise StoreError(f"{name}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return value
