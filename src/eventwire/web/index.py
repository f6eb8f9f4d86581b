"""A compact in-memory index of every stored event, for the map and the timeline.

The page shows all events that match the filters at once (clustered on the
map, counted per day on the timeline), which would mean reading tens of
thousands of full events per request. Instead the index keeps one small row
per event (:class:`Row`), read once through the store and read again only
when the database changes; filters are then applied in memory. Filters
the rows cannot answer (actor, text search) are run through the store and
give the set of event ids to keep (cached too).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any, NamedTuple

from ..model import Event
from ..store import is_url, open_store
from ..store.base import EventFilter
from ..taxonomy import EVENT_TYPES
from .timespan import dense_window

_ID_CACHE = 32  # actor / text-search id sets kept


class Row(NamedTuple):
    """What the map and the timeline need of one event."""

    event_id: str
    event_date: str | None
    event_type: str
    sub_event_type: str
    country: str | None
    iso3: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int | None
    reported_as: str

    @classmethod
    def of(cls, e: Event) -> Row:
        return cls(
            e.event_id,
            e.event_date,
            e.event_type,
            e.sub_event_type,
            e.country,
            e.iso3,
            e.latitude,
            e.longitude,
            e.fatalities.best,
            e.reported_as,
        )


def _version(db: str) -> tuple[int, ...]:
    """Changes whenever the database (or its write-ahead log) is written."""
    if is_url(db):  # a server: its change counter
        with open_store(db) as store:
            return (store.data_version(),)
    out: list[int] = []
    for path in (db, db + "-wal"):
        try:
            st = os.stat(path)
        except OSError:
            out += [0, 0]
            continue
        out += [st.st_mtime_ns, st.st_size]
    return tuple(out)


class EventIndex:
    """Rows of every event in the store at ``db``; thread-safe, rebuilt when the file changes."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._rows: list[Row] = []
        self._version: tuple[int, ...] | None = None
        self._ids: OrderedDict[tuple[Any, ...], frozenset[str]] = OrderedDict()

    def rows(self) -> list[Row]:
        """Every event's row, current with the database."""
        with self._lock:
            version = _version(self.db)
            if version != self._version:
                with open_store(self.db) as store:
                    self._rows = [Row.of(e) for e in store.events(details=False)]
                self._ids.clear()
                self._version = version
            return self._rows

    def _matching_ids(self, f: EventFilter) -> frozenset[str] | None:
        """Ids of the events matching the filters rows cannot answer; None when there are none."""
        if f.actor is None and f.text is None and f.document_id is None and f.responds_to is None:
            return None
        key = (self._version, f.actor, f.text, f.document_id, f.responds_to)
        with self._lock:
            if key in self._ids:
                self._ids.move_to_end(key)
                return self._ids[key]
        narrow = EventFilter(actor=f.actor, text=f.text, document_id=f.document_id, responds_to=f.responds_to)
        with open_store(self.db) as store:
            ids = frozenset(e.event_id for e in store.events(narrow, details=False))
        with self._lock:
            self._ids[key] = ids
            while len(self._ids) > _ID_CACHE:
                self._ids.popitem(last=False)
        return ids

    def select(self, f: EventFilter) -> list[Row]:
        """The rows matching ``f`` (limit, offset and cursor ignored), in store order."""
        rows = self.rows()
        ids = self._matching_ids(f)
        country = f.country.strip().casefold() if f.country else None
        out: list[Row] = []
        for r in rows:
            if f.event_type is not None and r.event_type != f.event_type:
                continue
            if f.sub_event_type is not None and r.sub_event_type != f.sub_event_type:
                continue
            if country is not None and country not in (
                (r.country or "").casefold(),
                (r.iso3 or "").casefold(),
            ):
                continue
            if f.date_from is not None and (r.event_date is None or r.event_date < f.date_from):
                continue
            if f.date_to is not None and (r.event_date is None or r.event_date[: len(f.date_to)] > f.date_to):
                continue
            if f.reported_as is not None and r.reported_as != f.reported_as:
                continue
            if f.bbox is not None and not _in_box(r, f.bbox):
                continue
            if ids is not None and r.event_id not in ids:
                continue
            out.append(r)
        return out


def _in_box(r: Row, bbox: tuple[float, float, float, float]) -> bool:
    if r.latitude is None or r.longitude is None:
        return False
    west, south, east, north = bbox
    if not south <= r.latitude <= north:
        return False
    if west <= east:
        return west <= r.longitude <= east
    return r.longitude >= west or r.longitude <= east  # the box crosses the antimeridian


def _type_index(event_type: str) -> int:
    try:
        return EVENT_TYPES.index(event_type)
    except ValueError:
        return len(EVENT_TYPES)  # a type outside the taxonomy: "other"


def points(rows: Iterable[Row]) -> dict[str, Any]:
    """The map's payload: one compact array per located event."""
    located: list[list[Any]] = []
    unlocated = 0
    for r in rows:
        if r.latitude is None or r.longitude is None:
            unlocated += 1
            continue
        located.append(
            [r.event_id, r.latitude, r.longitude, _type_index(r.event_type), r.fatalities, r.event_date]
        )
    return {
        "types": [*EVENT_TYPES, "Other"],
        "fields": ["event_id", "latitude", "longitude", "type", "fatalities", "event_date"],
        "points": located,
        "unlocated": unlocated,
    }


def timeline(rows: Iterable[Row]) -> dict[str, Any]:
    """Events per day and type: ``days`` is [[date, [count per type]], ...] by date; ``window``
    is the dense part of those days (:func:`~.timespan.dense_window`), None when there are none."""
    width = len(EVENT_TYPES) + 1
    days: dict[str, list[int]] = {}
    undated = 0
    for r in rows:
        if not r.event_date:
            undated += 1
            continue
        counts = days.setdefault(r.event_date[:10], [0] * width)
        counts[_type_index(r.event_type)] += 1
    ordered = sorted(days)
    return {
        "types": [*EVENT_TYPES, "Other"],
        "days": [[day, days[day]] for day in ordered],
        "window": dense_window([(day, sum(days[day])) for day in ordered]),
        "undated": undated,
    }
