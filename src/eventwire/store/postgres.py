"""The PostgreSQL backend of the :class:`~eventwire.store.base.Store` contract.

psycopg 3 over one connection. The queries are the SQLite backend's
(``sql.py``, ``rows.py``, ``merging.py``; ``?`` placeholders become psycopg's);
this module connects, keeps the schema (``pg_schema.py``) and spells
PostgreSQL's dialect: ``ew_fold`` for case-insensitive filters, PostgreSQL's own
text search (``tsvector``/``tsquery``) for the evidence.

**Concurrent writers.** Every write transaction runs at SERIALIZABLE isolation
and is tried again from the start, with backoff, when PostgreSQL reports a
serialization failure (or a deadlock). Serializable transactions give the
result of *some* serial order, whatever rows the merge reads and rewrites: a
new report meets the stored ones through blocking keys, but joining a large
event rewrites rows reached through other keys too, so locking the keys alone
would not prove that no merge is lost. Conflicts are rare (two documents about
one incident at the same moment) and a retry costs one document's writes.

A lost connection is :class:`~eventwire.errors.StoreUnavailable`: the open
transaction is gone with it (nothing half-written), and a rerun completes.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors as pg_errors

from ..errors import SchemaVersionError, StoreError, StoreUnavailable
from ..merge import MergeConfig
from . import merging, pg_schema
from .base import SCHEMA_VERSION
from .busy import WRITE_PATIENCE_S
from .migrations import APPLICATION
from .sql import SQLStore, Work
from .urls import check_url, redacted

CONNECT_TIMEOUT_S = 10
_RETRY = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)
_SCHEMA_LOCK = 0x657677  # advisory lock held while a database's schema is created or upgraded
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=512)
def _dialect(sql: str) -> str:
    """SQLite-style ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Row(tuple[Any, ...]):
    """A result row read by position or by column name, like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


@lru_cache(maxsize=1024)
def _row_class(names: tuple[str, ...]) -> type[_Row]:
    return type("Row", (_Row,), {"_names": {name: i for i, name in enumerate(names)}})


def _row_factory(cursor: Any) -> Any:
    return _row_class(tuple(c.name for c in cursor.description or ()))


class _Connection:
    """A psycopg connection with the ``execute``/``executemany`` the shared queries call."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.raw.execute(_dialect(sql), list(params))

    def executemany(self, sql: str, params: Any) -> Any:
        rows = [list(p) for p in params]
        cur = self.raw.cursor()
        if rows:
            cur.executemany(_dialect(sql), rows)
        return cur


def tsquery(text: str) -> str | None:
    """Free text as a safe ``to_tsquery`` input: every whitespace-separated token must occur
    (a token of several words as a phrase; a trailing ``*`` asks for a prefix). None when the
    text holds no word characters."""
    parts = []
    for token in text.split():
        words = _WORD.findall(token.rstrip("*"))
        if not words:
            continue
        quoted = [f"'{w}'" for w in words]
        if token.endswith("*"):
            quoted[-1] += ":*"
        parts.append("(" + " <-> ".join(quoted) + ")")
    return " & ".join(parts) if parts else None


class PostgresStore(SQLStore):
    """Documents, events with their evidence and claims, and tallies in one PostgreSQL database.

    ``url`` is ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`` (libpq's
    URL form; its query parameters such as ``sslmode`` pass through). The
    database must exist; eventwire creates its tables on first use, unless
    ``must_exist`` (a command that only reads): then a database without them is a
    StoreError and is left untouched. Raises StoreError for a bad URL or a refused
    connection, SchemaVersionError when a newer eventwire wrote the database.
    """

    NO_LIMIT = None
    DRIVER_ERRORS = (psycopg.Error,)

    def __init__(
        self,
        url: str,
        merge_config: MergeConfig | None = None,
        *,
        write_patience: float = WRITE_PATIENCE_S,
        must_exist: bool = False,
    ) -> None:
        check_url(url)
        self.url = url
        self.path = redacted(url)
        self.merge_config = merge_config or MergeConfig()
        self.write_patience = write_patience
        self.write_retries = 0  # write transactions tried again after a serialization failure
        try:
            raw = psycopg.connect(
                url,
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT_S,
                application_name="eventwire",
                row_factory=_row_factory,
            )
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot connect ({_reason(exc)})") from None
        raw.isolation_level = psycopg.IsolationLevel.SERIALIZABLE
        self._raw = raw
        self._conn = _Connection(raw)
        try:
            self._prepare(must_exist)
        except BaseException:
            raw.close()
            raise

    # -- opening -----------------------------------------------------------

    def _prepare(self, must_exist: bool) -> None:
        version = self._schema_version()
        if version is None and must_exist:
            raise StoreError(f"{self.path}: no eventwire tables yet (run `eventwire ingest` first)")
        if version is None:
            self._transaction(self._create, "create the schema")
            version = self._schema_version()
        assert version is not None
        self._bring_to_current(version)

    def _schema_version(self) -> int | None:
        """The database's schema version; None for an empty database. StoreError when it holds
        other tables than eventwire's."""
        try:
            found = {
                r[0]
                for r in self._raw.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                )
            }
            if not found:
                return None
            if "meta" not in found:
                raise StoreError(
                    f"{self.path}: not an eventwire database (it holds other tables, no eventwire meta table)"
                )
            meta = dict(self._raw.execute("SELECT key, value FROM meta").fetchall())
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot read the database ({_reason(exc)})") from None
        if meta.get("application") != APPLICATION:
            raise StoreError(f"{self.path}: not an eventwire database (no eventwire meta table)")
        try:
            return int(meta["schema_version"])
        except (KeyError, ValueError):
            raise StoreError(f"{self.path}: not an eventwire database (no schema version)") from None

    def _create(self, conn: _Connection) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
        if conn.execute("SELECT to_regclass('meta')").fetchone()[0] is not None:
            return  # another process created it meanwhile
        icu = conn.execute("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'").fetchone()
        functions = pg_schema.FUNCTIONS_SQL.format(
            collation='"und-x-icu"' if icu else '"default"',
            unaccent="unaccent, " if self._unaccent(conn) else "",
        )
        for statement in pg_schema.statements(functions) + pg_schema.statements(pg_schema.TABLES_SQL):
            conn.raw.execute(statement)
        conn.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?)",
            [("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))],
        )

    @staticmethod
    def _unaccent(conn: _Connection) -> bool:
        """Whether the ``unaccent`` text search dictionary is there, creating the extension
        when the server ships it and the user may (a trusted extension since PostgreSQL 13);
        without it text search keeps diacritics. Runs inside the schema's transaction."""
        if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'").fetchone():
            return True
        if not conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'").fetchone():
            return False
        conn.raw.execute("SAVEPOINT eventwire_unaccent")
        try:
            conn.raw.execute("CREATE EXTENSION unaccent")
        except psycopg.Error:
            conn.raw.execute("ROLLBACK TO SAVEPOINT eventwire_unaccent")
            return False
        conn.raw.execute("RELEASE SAVEPOINT eventwire_unaccent")
        return True

    def _migrate(self, version: int) -> None:
        steps = []
        for v in range(version, SCHEMA_VERSION):
            if v not in pg_schema.MIGRATIONS:
                raise SchemaVersionError(
                    f"{self.path}: no migration from database schema version {v} to {SCHEMA_VERSION}"
                )
            steps.append(pg_schema.MIGRATIONS[v])

        def run(conn: _Connection) -> None:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if int(row[0]) >= SCHEMA_VERSION:
                return  # another process upgraded it meanwhile
            for step in steps:
                step(conn)
            if conn.execute("SELECT 1 FROM meta WHERE key = 'regroup'").fetchone():
                merging.regroup_all(conn, self.merge_config)
                conn.execute("DELETE FROM meta WHERE key = 'regroup'")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))

        self._transaction(run, f"upgrade the schema from version {version}")

    # -- transactions ------------------------------------------------------

    def _transaction(self, work: Work, what: str) -> None:
        """``work`` in one SERIALIZABLE transaction, rolled back on any failure and tried again
        from the start after a serialization failure (see the module docstring)."""
        deadline = time.monotonic() + self.write_patience
        delay = 0.005
        while True:
            try:
                with self._raw.transaction():
                    work(self._conn)
                break
            except _RETRY as exc:
                if time.monotonic() + delay > deadline:
                    raise StoreError(f"{self.path}: cannot {what}: {_reason(exc)}") from exc
            except psycopg.OperationalError as exc:
                if self._raw.broken or self._raw.closed:
                    raise StoreUnavailable(
                        f"{self.path}: lost the connection to the database while trying to {what} "
                        f"({_reason(exc)}); nothing of it was written"
                    ) from None
                raise StoreError(f"{self.path}: cannot {what}: {_reason(exc)}") from exc
            except psycopg.Error as exc:
                raise StoreError(f"{self.path}: cannot {what}: {_reason(exc)}") from exc
            self.write_retries += 1
            time.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, 0.5)
        try:  # after the commit, so a reader that sees the new number sees the new rows
            self._raw.execute("SELECT nextval('eventwire_changes')")
        except psycopg.Error:
            pass  # only the change counter is behind; the next write moves it

    def data_version(self) -> int:
        """A number that grows whenever a write transaction commits (in any process)."""
        row = self._query_one(
            "SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM eventwire_changes", ()
        )
        return int(row[0])

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._raw.close()

    # -- the dialect -------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._conn.execute(sql, params)
        except psycopg.OperationalError as exc:
            if self._raw.broken or self._raw.closed:
                raise StoreUnavailable(
                    f"{self.path}: lost the connection to the database ({_reason(exc)})"
                ) from None
            raise StoreError(f"{self.path}: query failed ({_reason(exc)})") from exc
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: query failed ({_reason(exc)})") from exc

    def _equals_folded(self, column: str) -> str:
        return f"ew_fold({column}) = ew_fold(?)"

    def _actor_clause(self, needle: str) -> tuple[str, list[Any]]:
        each = "EXISTS (SELECT 1 FROM json_array_elements_text({}::json) AS a(name) WHERE strpos(ew_fold(a.name), ew_fold(?)) > 0)"
        return (
            "(strpos(ew_fold(e.actor1), ew_fold(?)) > 0 OR strpos(ew_fold(e.actor2), ew_fold(?)) > 0"
            f" OR {each.format('e.assoc_actor_1')} OR {each.format('e.assoc_actor_2')})",
            [needle] * 4,
        )

    def _text_clause(self, text: str) -> tuple[str, list[Any]] | None:
        query = tsquery(text.replace("\x00", " "))
        if query is None:
            return None
        return (
            "e.event_id IN (SELECT r.event_id FROM evidence AS ev JOIN reports AS r ON r.report_id = ev.report_id"
            " WHERE ev.words @@ to_tsquery('eventwire_text', ?))",
            [query],
        )


def _reason(exc: BaseException) -> str:
    """The first line of a driver error, without libpq's prefixes."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"^connection failed: ", "", text)
    text = re.sub(r'^connection to server (at "[^"]*", port \d+|on socket "[^"]*") failed: ', "", text)
    return re.sub(r"^(FATAL|ERROR):\s+", "", text)
