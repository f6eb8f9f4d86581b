"""Where documents and events are kept: :func:`open_store` and the Store contract."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..settings import Settings, load_settings
from .base import SCHEMA_VERSION, EventFilter, Store, TallyFilter
from .sqlite import SQLiteStore

__all__ = ["SCHEMA_VERSION", "EventFilter", "SQLiteStore", "Store", "TallyFilter", "open_store"]


def open_store(path: str | Path | None = None, settings: Settings | None = None) -> SQLiteStore:
    """Open (creating if needed) the store at ``path``, else at ``settings.db``.

    ``settings`` defaults to :func:`~eventwire.settings.load_settings`;
    ``":memory:"`` gives a throw-away in-memory store. The result is a
    context manager. Raises StoreError / SchemaVersionError (see SQLiteStore).
    """
    if path is None:
        path = (settings or load_settings()).db
    return SQLiteStore(path)


if TYPE_CHECKING:  # mypy checks that SQLiteStore keeps the Store contract

    def _keeps_contract(store: SQLiteStore) -> Store:
        return store
