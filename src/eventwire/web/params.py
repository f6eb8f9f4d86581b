"""Query parameters of the HTTP API turned into validated filters, and the page cursor."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request

from ..errors import QueryError
from ..filters import event_filter, parse_bbox
from ..model import Event
from ..store import open_store
from ..store.base import EventFilter

FORMATS = ("json", "geojson", "csv", "html")
MAX_LIMIT = 10_000
DEFAULT_LIMIT = 100


def encode_cursor(event: Event) -> str:
    """An opaque cursor that continues after ``event`` in store order."""
    raw = json.dumps([event.event_date, event.event_id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str | None) -> tuple[str | None, str] | None:
    """The (event_date, event_id) inside a cursor from :func:`encode_cursor`; QueryError when malformed."""
    if text is None or not text:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise QueryError(f"cursor: {text[:40]!r} is not a cursor this API gave out") from None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not (value[0] is None or isinstance(value[0], str))
        or not isinstance(value[1], str)
    ):
        raise QueryError(f"cursor: {text[:40]!r} is not a cursor this API gave out")
    return (value[0], value[1])


def _blank(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


def _stored_countries(request: Request) -> Iterator[str]:
    """The stored events' country names and codes, read only when iterated."""
    settings = request.app.state.settings
    with open_store(settings.db, settings) as store:
        yield from store.countries()


def event_query(
    request: Request,
    type: Annotated[str | None, Query(description="ACLED event type, e.g. 'Battles'")] = None,  # noqa: A002
    sub_type: Annotated[str | None, Query(description="ACLED sub-event type, e.g. 'Armed clash'")] = None,
    country: Annotated[str | None, Query(description="Country name or ISO3 code")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="First day, YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Last day, YYYY-MM-DD")] = None,
    actor: Annotated[str | None, Query(description="Part of an actor's name, any case")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
    q: Annotated[str | None, Query(description="Full-text search in the evidence sentences")] = None,
    reported_as: Annotated[str | None, Query(description="new or background")] = None,
) -> EventFilter:
    """The event filter from the query string (blank values mean any); QueryError names a bad
    one. A country must be an ISO 3166 name or code, a packaged alias, or a name the store holds."""
    return event_filter(
        event_type=_blank(type),
        sub_event_type=_blank(sub_type),
        country=_blank(country),
        date_from=_blank(date_from),
        date_to=_blank(date_to),
        actor=_blank(actor),
        text=_blank(q),
        reported_as=_blank(reported_as),
        bbox=parse_bbox(bbox),
        known_countries=_stored_countries(request),
    )


Filters = Annotated[EventFilter, Depends(event_query)]
