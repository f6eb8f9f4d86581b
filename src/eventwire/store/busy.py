"""Waiting out other writers of one SQLite file: which errors mean "locked", and the retry loop.

A statement waits up to :data:`BUSY_TIMEOUT_S` in SQLite's own busy handler; a write that still
finds the database locked is run again from the start, with exponential backoff and jitter,
for up to :data:`WRITE_PATIENCE_S` seconds in all.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable

#: seconds one statement waits for another connection's lock (SQLite's busy handler)
BUSY_TIMEOUT_S = 10.0
#: seconds a write transaction is retried, with backoff, while the database stays locked
WRITE_PATIENCE_S = 600.0
_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (and their extended codes, by the low byte)


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says another connection holds the lock (worth trying again)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY_CODES
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def retry_while_busy(statement: Callable[[], object], patience: float) -> int:
    """Run ``statement`` until it does not fail on a locked database; how many retries it took.
    The last busy error is raised once ``patience`` seconds would be passed; any other at once."""
    deadline = time.monotonic() + patience
    delay = 0.005
    retries = 0
    while True:
        try:
            statement()
            return retries
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() + delay > deadline:
                raise
        retries += 1
        time.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, 0.5)
