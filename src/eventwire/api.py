"""Library functions behind the CLI (and, later, the HTTP API)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .errors import QueryError, StoreError
from .export import export_documents, export_events
from .model import Event
from .settings import Settings
from .store import open_store
from .store.base import EventFilter

REPORTED_AS = ("new", "background")


def _check_date(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date in the form YYYY-MM-DD") from None


def event_filter(
    *,
    event_type: str | None = None,
    sub_event_type: str | None = None,
    country: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    text: str | None = None,
    reported_as: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> EventFilter:
    """A validated EventFilter; raises QueryError naming the bad parameter."""
    start = _check_date("from", date_from)
    end = _check_date("to", date_to)
    if start and end and start > end:
        raise QueryError(f"from {start} is after to {end}")
    if reported_as is not None and reported_as not in REPORTED_AS:
        raise QueryError(f"reported_as: {reported_as!r} is not one of {', '.join(REPORTED_AS)}")
    if limit is not None and limit < 1:
        raise QueryError(f"limit: must be at least 1, got {limit}")
    if offset < 0:
        raise QueryError(f"offset: must be at least 0, got {offset}")
    if text is not None and not text.strip():
        raise QueryError("search: empty text")
    return EventFilter(
        event_type=event_type,
        sub_event_type=sub_event_type,
        country=country,
        date_from=start,
        date_to=end,
        actor=actor,
        text=text,
        reported_as=reported_as,
        limit=limit,
        offset=offset,
    )


def _open_existing(settings: Settings) -> AbstractContextManager[Any]:
    """Open the store for reading; a missing file is an error, not a new empty database."""
    if settings.db != ":memory:" and not Path(settings.db).exists():
        raise StoreError(f"{settings.db}: no such database (run `eventwire ingest` first, or pass --db)")
    return open_store(settings.db, settings)


def list_events(settings: Settings, filters: EventFilter | None = None) -> list[Event]:
    """Stored events matching ``filters``."""
    with _open_existing(settings) as store:
        return list(store.events(filters))


def get_event(settings: Settings, event_id: str) -> Event:
    """One stored event; raises NotFoundError."""
    with _open_existing(settings) as store:
        return store.get_event(event_id)


def store_stats(settings: Settings) -> dict[str, Any]:
    """Counts of documents and events by type and country."""
    with _open_existing(settings) as store:
        return store.stats()


def export(settings: Settings, what: str, fmt: str, out: TextIO) -> int:
    """Write all events or documents in ``fmt``; returns the number written."""
    if what not in ("events", "documents"):
        raise QueryError(f"--what: {what!r} is not one of events, documents")
    with _open_existing(settings) as store:
        if what == "events":
            return export_events(store.events(), fmt, out)
        return export_documents(store.documents(), fmt, out)
