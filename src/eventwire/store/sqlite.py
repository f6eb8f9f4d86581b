"""The SQLite backend of the :class:`~eventwire.store.base.Store` contract.

Plain :mod:`sqlite3`. The queries are shared with the PostgreSQL backend
(``sql.py``, ``rows.py``, ``merging.py``); this module opens the file, keeps its
schema (``migrations.py``) and spells SQLite's dialect: FTS5 for text search,
COLLATE NOCASE columns, a Python case fold for actor search. Files are opened in WAL journal mode. Each
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import SchemaVersionError, StoreError
from ..merge import MergeConfig
from . import merging, migrations
from .base import SCHEMA_VERSION
from .busy import BUSY_TIMEOUT_S, WRITE_PATIENCE_S, retry_while_busy
from .sql import SQLStore

SQLITE_HEADER = b"SQLite format 3\x00"
MEMORY = ":memory:"
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


class SQLiteStore(SQLStore):
    """Documents, events with their evidence and claims, and tallies in one SQLite database.

    ``path`` is a file path or ``":memory:"``. The parent directory must exist.
    Raises StoreError when the file is not an SQLite (or not an eventwire)
    database, SchemaVersionError when a newer eventwire wrote it.
    """

    DRIVER_ERRORS = (sqlite3.Error,)

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
        self._bring_to_current(version)

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

    def data_version(self) -> int:
        """A number that changes whenever the file (or its write-ahead log) is written."""
        stamp = []
        for path in (self.path, self.path + "-wal"):
            try:
                st = Path(path).stat()
            except OSError:
                continue
            stamp += [st.st_mtime_ns, st.st_size]
        return hash(tuple(stamp)) & 0x7FFFFFFFFFFFFFFF

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._conn.close()

    # -- the dialect -------------------------------------------------------

    def _equals_folded(self, column: str) -> str:
        return f"{column} = ?"  # the filtered columns are declared COLLATE NOCASE

    def _actor_clause(self, needle: str) -> tuple[str, list[Any]]:
        return (
            "(instr(ew_fold(e.actor1), ?) > 0 OR instr(ew_fold(e.actor2), ?) > 0"
            " OR EXISTS (SELECT 1 FROM json_each(e.assoc_actor_1) WHERE instr(ew_fold(value), ?) > 0)"
            " OR EXISTS (SELECT 1 FROM json_each(e.assoc_actor_2) WHERE instr(ew_fold(value), ?) > 0))",
            [needle.casefold()] * 4,
        )

    def _text_clause(self, text: str) -> tuple[str, list[Any]] | None:
        query = fts_query(text)
        if query is None:
            return None
        return (
            "e.event_id IN (SELECT r.event_id FROM evidence_fts JOIN evidence AS ev"
            " ON ev.id = evidence_fts.rowid JOIN reports AS r ON r.report_id = ev.report_id"
            " WHERE evidence_fts MATCH ?)",
            [query],
        )
