"""Checked filters: the EventFilter and TallyFilter every interface builds, and what a wrong
value gets told (QueryError naming the option and the closest valid values)."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from datetime import date

from .countries import country_code, iso_countries
from .errors import QueryError
from .store.base import EventFilter, TallyFilter
from .taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

REPORTED_AS = ("new", "background")


_CALENDAR_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def check_date(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    reason = f"{name}: {value[:40]!r} is not a date in the form YYYY-MM-DD"
    if not _CALENDAR_DATE.fullmatch(value):  # fromisoformat also takes 2023-W05 and 20231122
        raise QueryError(reason)
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(reason) from None


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
    bbox: tuple[float, float, float, float] | None = None,
    after: tuple[str | None, str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    known_countries: Iterable[str] | None = None,
) -> EventFilter:
    """A validated EventFilter; raises QueryError naming the bad parameter.

    An event type or sub-event type must be an ACLED one (any case); a wrong one is refused
    with the closest valid names, or all of them. A country is checked when
    ``known_countries`` is given (the names the store holds, :func:`store_countries`):
    it must be an ISO 3166 name or code, an alias from the packaged country table, or
    one of those names (``known_countries`` is read only when it is none of the others).
    """
    _check_choice("type", event_type, EVENT_TYPES)
    _check_choice("sub_type", sub_event_type, SUB_EVENT_TYPES)
    if country is not None and known_countries is not None:
        _check_country(country, known_countries)
    start = check_date("from", date_from)
    end = check_date("to", date_to)
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
    if bbox is not None:
        _check_bbox(bbox)
    return EventFilter(
        event_type=event_type,
        sub_event_type=sub_event_type,
        country=country,
        date_from=start,
        date_to=end,
        actor=actor,
        text=text,
        reported_as=reported_as,
        bbox=bbox,
        after=after,
        limit=limit,
        offset=offset,
    )


def _check_choice(name: str, value: str | None, valid: Iterable[str]) -> None:
    """QueryError unless ``value`` is one of ``valid`` (any case), naming the closest ones."""
    if value is None:
        return
    valid = list(valid)
    if value.strip().casefold() in {v.casefold() for v in valid}:
        return
    raise QueryError(f"{name}: {value[:60]!r} is not known; {_suggest(value, valid)}")


def _suggest(value: str, valid: list[str]) -> str:
    """ "did you mean X, Y?" for the close names, else "valid: A, B, ..." (all when few)."""
    by_fold = {v.casefold(): v for v in valid}
    key = value.strip().casefold()
    close = [f for f in by_fold if len(key) >= 3 and f.startswith(key)][:3]
    close += [c for c in difflib.get_close_matches(key, list(by_fold), n=3, cutoff=0.6) if c not in close]
    if close:
        return "did you mean " + ", ".join(by_fold[c] for c in close) + "?"
    if len(valid) <= 30:
        return "valid: " + ", ".join(valid)
    return f"no close name among the {len(valid)} known (ISO 3166 names and alpha-3 codes)"


def _check_country(country: str, known_names: Iterable[str]) -> None:
    if country_code(country) is not None:
        return  # an ISO name, code or alias: ``known_names`` is not even read
    known = list(known_names)
    if country.strip().casefold() in {k.casefold() for k in known}:
        return
    close = _suggest(country, [*known, *iso_countries()])
    held = f" (the store holds {', '.join(known[:10])}{', ...' if len(known) > 10 else ''})" if known else ""
    raise QueryError(f"country: {country[:60]!r} is not a country name or ISO3 code; {close}{held}")


def _check_bbox(bbox: tuple[float, float, float, float]) -> None:
    if len(bbox) != 4:
        raise QueryError(f"bbox: needs four numbers west,south,east,north, got {len(bbox)}")
    west, south, east, north = bbox
    if not all(-180 <= x <= 180 for x in (west, east)) or not all(-90 <= y <= 90 for y in (south, north)):
        raise QueryError(f"bbox: {bbox} is outside -180..180 longitude, -90..90 latitude")
    if south > north:
        raise QueryError(f"bbox: south {south} is north of north {north}")


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """``"west,south,east,north"`` as four floats (None for none); QueryError naming ``bbox``
    otherwise. :func:`event_filter` checks the ranges."""
    if text is None or not text.strip():
        return None
    parts = text.split(",")
    if len(parts) != 4:
        raise QueryError(f"bbox: needs four numbers west,south,east,north, got {text!r}")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise QueryError(f"bbox: {text!r} is not four comma-separated numbers") from None
    if not all(math.isfinite(v) for v in values):
        raise QueryError(f"bbox: {text!r} holds a number that is not finite")
    west, south, east, north = values
    return (west, south, east, north)


def tally_filter(
    *,
    metric: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = None,
) -> TallyFilter:
    """A validated TallyFilter; raises QueryError naming the bad option (from, to, metric, limit)."""
    start = check_date("from", date_from)
    end = check_date("to", date_to)
    if start and end and start > end:
        raise QueryError(f"from {start} is after to {end}")
    if metric is not None and not metric.strip():
        raise QueryError("metric: empty")
    if limit is not None and limit < 1:
        raise QueryError(f"limit: must be at least 1, got {limit}")
    return TallyFilter(metric=metric, date_from=start, date_to=end, limit=limit)
