"""Reading a store's tables directly, whichever backend holds them (for tests that check rows)."""

from __future__ import annotations

import sqlite3
from typing import Any

from eventwire.store import is_url


def query(address: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (``?`` placeholders) on the SQLite file or PostgreSQL database at ``address``."""
    if is_url(address):
        import psycopg

        with psycopg.connect(address, autocommit=True) as conn:
            return [tuple(r) for r in conn.execute(sql.replace("?", "%s"), params).fetchall()]
    with sqlite3.connect(address) as raw:
        return [tuple(r) for r in raw.execute(sql, params).fetchall()]


def count(address: str, table: str) -> int:
    """How many rows ``table`` holds."""
    return int(query(address, f"SELECT count(*) FROM {table}")[0][0])
