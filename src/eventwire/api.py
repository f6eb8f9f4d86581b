"""Library functions behind the CLI (and, later, the HTTP API).

Reconciling a tally (:func:`reconcile`, :func:`reconcile_tally`) compares a
cumulative statement ("attacked 66 times since October 17, 32 in Iraq and 34
in Syria") with the events the store holds. The events counted are:

* **new** events (``reported_as == "new"``; background recollections are
  already counted where they happened);
* of the sub-event types that fit the metric: for ``attacks``, ``killed`` and
  ``injured`` every political-violence sub-event type except the two
  territory changes (:func:`violent_sub_event_types`); for ``strikes`` air or
  drone strikes and shelling/artillery/missile attacks
  (:data:`STRIKE_SUB_EVENT_TYPES`);
* dated (``event_date``) within ``[period_start, period_end]``; a missing end
  is the tally's publication date, a missing start leaves the period open;
* in the tally's places: the breakdown's places when it has one, else the
  countries of the events stored from the tally's own document (no place
  limit when that document has none). An event lies in a place when the
  place names its country (by name, ISO code, alias or demonym), or equals
  its admin1, admin2 or location, case-insensitively;
* when the tally has a subject, whose target matches it: ``actor2`` and the
  associated actors of side 2 (for ``strikes``, who struck: ``actor1`` and
  side 1). A subject matches an actor when the actor's name contains the
  subject as whole words, case-insensitively, or, once generic words such as
  "forces", "troops", "soldiers" are dropped, the rest names a country (by
  code, name or demonym: "US forces" -> "United States") that the actor's
  name contains.

``attacks`` and ``strikes`` count the events (one each); ``killed`` and
``injured`` sum their best fatalities and injuries (unknown counts as 0, and
is shown as unknown). Other metrics have no event field to compare and raise
QueryError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

import pycountry

from .countries import country_code, country_names
from .errors import NotFoundError, QueryError
from .export import (
    BINARY_FORMATS,
    FORMATS,
    TABLE_FORMATS,
    ExportCounts,
    ExportFormatError,
    check_format,
    export_claims,
    export_documents,
    export_events,
    export_reports,
    export_tallies,
    write_atomically,
)

# the checked filters, also importable from here as before
from .filters import REPORTED_AS as REPORTED_AS
from .filters import event_filter as event_filter
from .filters import parse_bbox as parse_bbox
from .filters import tally_filter as tally_filter
from .gazetteer.names import normalize, strip_generic
from .model import Event, Tally
from .settings import Settings
from .store import open_existing_store
from .store.base import EventFilter, Store, TallyFilter
from .taxonomy import EVENT_TYPES, disorder_type_of, sub_event_types_of

EXPORTS = ("events", "reports", "claims", "documents", "tallies")
EVENT_EXPORTS = ("events", "reports", "claims")  # what an event filter selects


def store_countries(settings: Settings) -> list[str]:
    """The country names and ISO3 codes of the stored events (for ``known_countries``)."""
    with open_existing_store(settings) as store:
        return list(store.countries())


def list_events(settings: Settings, filters: EventFilter | None = None) -> list[Event]:
    """Stored events matching ``filters``."""
    with open_existing_store(settings) as store:
        return list(store.events(filters))


def get_event(settings: Settings, event_id: str) -> Event:
    """One stored event; raises NotFoundError."""
    with open_existing_store(settings) as store:
        return store.get_event(event_id)


@dataclass
class LinkedEvents:
    """The events one event is tied to: the one it responds to, and those that respond to it."""

    responds_to: Event | None
    responses: list[Event]


def linked_events(settings: Settings, event_id: str) -> LinkedEvents:
    """The event's links; raises NotFoundError when ``event_id`` is not stored.

    A link whose target is no longer stored (it was merged away) is left out.
    """
    with open_existing_store(settings) as store:
        event = store.get_event(event_id)
        target = None
        if event.responds_to:
            try:
                target = store.get_event(event.responds_to)
            except NotFoundError:
                target = None
        return LinkedEvents(target, list(store.events(EventFilter(responds_to=event.event_id))))


def merge_events(settings: Settings, event_ids: list[str], *, force: bool = False) -> Event:
    """Merge stored events by hand (see Store.merge_events); raises NotFoundError, MergeError."""
    with open_existing_store(settings) as store:
        return store.merge_events(event_ids, force=force)


def split_event(settings: Settings, event_id: str, document_ids: list[str] | None = None) -> list[Event]:
    """Split a stored event by hand (see Store.split_event); raises NotFoundError, MergeError."""
    with open_existing_store(settings) as store:
        return store.split_event(event_id, document_ids)


def event_reports(settings: Settings, event_id: str) -> list[Event]:
    """Each source's own version of a stored event; raises NotFoundError."""
    with open_existing_store(settings) as store:
        return store.reports(event_id)


def store_stats(settings: Settings) -> dict[str, Any]:
    """Counts of documents and events by type and country."""
    with open_existing_store(settings) as store:
        return store.stats()


@dataclass
class ExportResult:
    """What :func:`export` wrote: ``written`` records of ``what`` as ``format``, and ``left_out``
    events or reports without coordinates that a GeoJSON export without ``include_unlocated``
    left out; ``path`` is the file written (None for a stream)."""

    what: str
    format: str
    written: int
    left_out: int = 0
    path: str | None = None


def export(
    settings: Settings,
    what: str,
    fmt: str,
    out: IO[Any] | None = None,
    *,
    path: str | Path | None = None,
    filters: EventFilter | None = None,
    tally_filters: TallyFilter | None = None,
    flat: bool = False,
    include_unlocated: bool = True,
) -> ExportResult:
    """Write the stored ``what`` (events, reports, claims, documents or tallies) as ``fmt`` to
    the stream ``out`` (text; binary for Parquet) or to the file ``path``.

    ``filters`` select the events (and so their reports and claims), ``tally_filters`` the
    tallies; ``flat`` and ``include_unlocated`` shape a GeoJSON export (see eventwire.export).
    A file appears only once the export is complete: a failure leaves no file, and an earlier
    file at ``path`` as it was. Raises QueryError for a bad ``what`` or a filter that does not
    apply, ExportFormatError for a bad format, ExportTargetError for a file that cannot be
    written, StoreError for a missing database.
    """
    if what not in EXPORTS:
        raise QueryError(f"--what: {what!r} is not one of {', '.join(EXPORTS)}")
    if (out is None) == (path is None):
        raise QueryError("export: give either a stream (out) or a file (path)")
    if filters is not None and what not in EVENT_EXPORTS:
        raise QueryError(f"event filters select {', '.join(EVENT_EXPORTS)}; {what} have none")
    if tally_filters is not None and what != "tallies":
        raise QueryError(f"tally filters select tallies, not {what}")
    name = check_format(fmt, FORMATS if what in ("events", "reports") else TABLE_FORMATS, what)
    if flat and name != "geojson":
        raise ExportFormatError(f"flat: only GeoJSON has nested properties to flatten, not {name}")
    counts = ExportCounts()
    with open_existing_store(settings) as store:
        if path is None:
            assert out is not None
            _export_to(store, what, name, out, filters, tally_filters, flat, include_unlocated, counts)
        else:
            with write_atomically(path, binary=name in BINARY_FORMATS) as handle:
                _export_to(store, what, name, handle, filters, tally_filters, flat, include_unlocated, counts)
    return ExportResult(what, name, counts.written, counts.left_out, None if path is None else str(path))


def _export_to(
    store: Store,
    what: str,
    fmt: str,
    out: IO[Any],
    filters: EventFilter | None,
    tally_filters: TallyFilter | None,
    flat: bool,
    include_unlocated: bool,
    counts: ExportCounts,
) -> None:
    shape: dict[str, Any] = {"flat": flat, "include_unlocated": include_unlocated, "counts": counts}
    if what == "events":
        export_events(store.events(filters), fmt, out, **shape)
    elif what == "reports":
        reports = (
            (e.event_id, r) for e in store.events(filters, details=False) for r in store.reports(e.event_id)
        )
        export_reports(reports, fmt, out, **shape)
    elif what == "claims":
        export_claims(store.events(filters), fmt, out, counts=counts)
    elif what == "tallies":
        export_tallies(store.tallies(tally_filters), fmt, out, counts=counts)
    else:
        export_documents(store.documents(), fmt, out, counts=counts)


# ---------------------------------------------------------------------------
# tallies


def list_tallies(settings: Settings, filters: TallyFilter | None = None) -> list[Tally]:
    """Stored tallies matching ``filters``, by the end of their period."""
    with open_existing_store(settings) as store:
        return list(store.tallies(filters))


def get_tally(settings: Settings, tally_id: str) -> Tally:
    """One stored tally; raises NotFoundError."""
    with open_existing_store(settings) as store:
        return store.tally(tally_id)


# ---------------------------------------------------------------------------
# reconciliation (the rules are in the module docstring)

_TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


@cache
def violent_sub_event_types() -> frozenset[str]:
    """Every political-violence sub-event type except the two territory changes."""
    return frozenset(
        sub
        for event_type in EVENT_TYPES
        for sub in sub_event_types_of(event_type)
        if "Political violence" in disorder_type_of(sub) and sub not in _TERRITORY
    )


STRIKE_SUB_EVENT_TYPES = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})
RECONCILABLE = ("attacks", "strikes", "killed", "injured")
# words that say what kind of people a subject is, not whose: "US forces" -> "US"
_GENERIC = frozenset(
    "forces force troops soldiers personnel military servicemembers service members army armed "
    "coalition partner partners and the its their of bases base positions facilities".split()
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class CountedEvent:
    """One event a reconciliation counted; ``figure`` is what it adds (None: unknown, counted as 0)."""

    event_id: str
    event_date: str | None
    place: str | None  # the breakdown place it was counted under, else its location or country
    location: str | None
    country: str | None
    figure: int | None


@dataclass
class PlaceCount:
    """One breakdown place: the tally's value there and what the events add up to."""

    place: str
    tally: int | None
    events: int
    difference: int | None  # tally - events: what the store is missing (negative: more events than the tally)


@dataclass
class Reconciliation:
    """A tally beside the stored events that match it (see the module docstring for the rules)."""

    tally: Tally
    tally_value: int | None  # best, else low, else high
    events_total: int
    difference: int | None  # tally_value - events_total
    period: tuple[str | None, str | None]
    places: list[str]  # the places events had to lie in (empty: anywhere)
    sub_event_types: list[str]
    target: str  # "actor2" or "actor1"
    events: list[CountedEvent] = field(default_factory=list)
    by_place: list[PlaceCount] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["tally"] = self.tally.to_dict()
        d["period"] = list(self.period)
        return d


def reconcile(settings: Settings, tally_id: str) -> Reconciliation:
    """Compare the stored tally ``tally_id`` with the stored events; raises NotFoundError, QueryError."""
    with open_existing_store(settings) as store:
        return reconcile_tally(store, store.tally(tally_id))


def reconcile_tally(store: Store, tally: Tally) -> Reconciliation:
    """Compare ``tally`` with the events in ``store`` (rules in the module docstring)."""
    metric = tally.metric.strip().lower()
    if metric not in RECONCILABLE:
        raise QueryError(
            f"tally {tally.tally_id!r}: metric {tally.metric!r} has no event field to compare "
            f"(reconcilable: {', '.join(RECONCILABLE)})"
        )
    start = _tally_date(tally, "period_start", tally.period_start)
    end = _tally_date(tally, "period_end", tally.period_end or (tally.published or "")[:10] or None)
    if start and end and start > end:
        raise QueryError(f"tally {tally.tally_id!r}: period_start {start} is after period_end {end}")
    subs = STRIKE_SUB_EVENT_TYPES if metric == "strikes" else violent_sub_event_types()
    side = 1 if metric == "strikes" else 2

    breakdown = [(str(b.get("place") or ""), _breakdown_value(b.get("value"))) for b in tally.breakdown]
    breakdown = [(p, v) for p, v in breakdown if p.strip()]
    if breakdown:
        places = [p for p, _ in breakdown]
    else:
        own = store.events(EventFilter(document_id=tally.document_id))
        places = sorted({e.country for e in own if e.country})
    needles = _subject_needles(tally.subject) if tally.subject and tally.subject.strip() else None

    counted: list[CountedEvent] = []
    for event in store.events(EventFilter(date_from=start, date_to=end, reported_as="new")):
        if event.sub_event_type not in subs:
            continue
        if needles is not None and not _target_matches(event, side, needles):
            continue
        place = next((p for p in places if _in_place(event, p)), None)
        if places and place is None:
            continue
        counted.append(
            CountedEvent(
                event_id=event.event_id,
                event_date=event.event_date,
                place=place or event.location or event.country,
                location=event.location,
                country=event.country,
                figure=_figure(event, metric),
            )
        )

    value = _best(tally.value.best, tally.value.low, tally.value.high)
    total = sum(c.figure or 0 for c in counted)
    by_place = []
    for place, place_value in breakdown:
        n = sum(c.figure or 0 for c in counted if c.place == place)
        by_place.append(PlaceCount(place, place_value, n, None if place_value is None else place_value - n))
    return Reconciliation(
        tally=tally,
        tally_value=value,
        events_total=total,
        difference=None if value is None else value - total,
        period=(start, end),
        places=places,
        sub_event_types=sorted(subs),
        target=f"actor{side}",
        events=counted,
        by_place=by_place,
    )


def _tally_date(tally: Tally, name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not _ISO_DATE.fullmatch(value):
        raise QueryError(f"tally {tally.tally_id!r}: {name} {value!r} is not a date in the form YYYY-MM-DD")
    return value


def _best(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)


def _breakdown_value(value: Any) -> int | None:
    """A breakdown entry's value: a number, or a {low, best, high} dict."""
    if isinstance(value, dict):
        return _best(value.get("best"), value.get("low"), value.get("high"))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _figure(event: Event, metric: str) -> int | None:
    if metric == "killed":
        return event.fatalities.best
    if metric == "injured":
        return event.injuries.best
    return 1


def _in_place(event: Event, place: str) -> bool:
    iso2 = country_code(place)
    if iso2 is not None and event.iso3:
        country = pycountry.countries.get(alpha_2=iso2)
        if country is not None and country.alpha_3 == event.iso3.upper():
            return True
    # spellings meet as in the gazetteer: "Anbar province" is admin1 "Al Anbar"
    key = normalize(strip_generic(place))
    names = (event.country, event.iso3, event.admin1, event.admin2, event.location)
    return any(n is not None and normalize(strip_generic(n)) == key for n in names)


def _subject_needles(subject: str) -> list[re.Pattern[str]]:
    """Patterns an actor's name must match for ``subject`` (see the module docstring)."""
    phrases = [subject.strip()]
    words = [w for w in re.findall(r"[\w.'-]+", subject) if w.casefold() not in _GENERIC]
    rest = " ".join(words).strip()
    iso2 = country_code(rest) if rest else None
    if iso2 is not None:
        phrases += country_names(iso2)
    elif rest and rest.casefold() != subject.strip().casefold():
        phrases.append(rest)
    return [re.compile(r"(?<!\w)" + re.escape(p.casefold()) + r"(?!\w)") for p in phrases]


def _target_matches(event: Event, side: int, needles: list[re.Pattern[str]]) -> bool:
    names: Iterable[str | None] = (
        [event.actor1, *event.assoc_actor_1] if side == 1 else [event.actor2, *event.assoc_actor_2]
    )
    return any(n and any(p.search(n.casefold()) for p in needles) for n in names)
