"""Where documents and events are kept: :func:`open_store` and the Store contract."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..settings import Settings, load_settings
from .base import SCHEMA_VERSION, Correction, CorrectionsApplied, EventFilter, Store, TallyFilter
from .sql import SQLStore
from .sqlite import SQLiteStore
from .urls import is_url, redacted

if TYPE_CHECKING:
    from .postgres import PostgresStore

__all__ = [
    "SCHEMA_VERSION",
    "Correction",
    "CorrectionsApplied",
    "EventFilter",
    "SQLStore",
    "SQLiteStore",
    "Store",
    "TallyFilter",
    "is_url",
    "open_existing_store",
    "open_store",
    "redacted",
]


def open_store(path: str | Path | None = None, settings: Settings | None = None) -> SQLStore:
    """Open (creating if needed) the store at ``path``, else at ``settings.db``.

    ``path`` is an SQLite file, ``":memory:"`` (a throw-away in-memory store),
    or ``postgresql://USER@HOST:PORT/DB`` (a PostgreSQL database; eventwire
    creates its tables on first use). ``settings`` defaults to
    :func:`~eventwire.settings.load_settings`. The result is a context
    manager. Raises StoreError / SchemaVersionError.
    """
    if path is None:
        path = (settings or load_settings()).db
    if is_url(path):
        return _postgres(str(path))
    return SQLiteStore(path)


def open_existing_store(settings: Settings) -> SQLStore:
    """Open the store at ``settings.db`` for a command that reads or amends it: a missing
    SQLite file, or a PostgreSQL database without eventwire's tables, is a StoreError saying
    to ingest first, not a new empty store."""
    from ..errors import StoreError

    db = settings.db
    if is_url(db):
        return _postgres(db, must_exist=True)
    if db != ":memory:" and not Path(db).exists():
        raise StoreError(f"{db}: no such database (run `eventwire ingest` first, or pass --db)")
    return open_store(db, settings)


def _postgres(url: str, *, must_exist: bool = False) -> PostgresStore:
    from ..errors import StoreError

    try:
        from .postgres import PostgresStore
    except ImportError as exc:  # the optional extra is not installed
        raise StoreError(
            f"{url.split('@')[-1]}: PostgreSQL needs psycopg ({exc.name} is not installed): "
            "pip install 'eventwire[postgresql]'"
        ) from None
    return PostgresStore(url, must_exist=must_exist)


if TYPE_CHECKING:  # mypy checks that both backends keep the Store contract

    def _keeps_contract(store: SQLiteStore, pg: PostgresStore) -> tuple[Store, Store]:
        return store, pg
