"""The records every export writes: events in ACLED's columns (with eventwire's beside them),
reports, claims, documents and tallies, as plain dicts of Python values (lists kept as lists;
the CSV and flat GeoJSON writers join them, Parquet keeps them). ``docs/export.md`` says what
each column holds."""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

import pycountry

from ..model import CLAIM_KEYS, TALLY_KEYS, Claim, Event, Range, Tally
from ..taxonomy import acled_columns, crosswalk
from .base import unique

# ACLED's columns, in ACLED's order (its data export since 2023)
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# eventwire's columns inside ACLED's, each group right after the ACLED column named
CODE_COLUMNS = ("plover_type", "plover_mode", "cameo_code")  # after sub_event_type
PLACE_COLUMNS = ("where_prec", "location_as_written", "gazetteer_id", "location_type")  # after geo_precision
FATALITY_COLUMNS = ("fatalities_low", "fatalities_best", "fatalities_high")  # after fatalities
_INSERTED = {
    "time_precision": ("date_prec",),
    "sub_event_type": CODE_COLUMNS,
    "geo_precision": PLACE_COLUMNS,
    "fatalities": FATALITY_COLUMNS,
}
EXTRA_COLUMNS = (
    "event_id",
    "iso3",
    "date_start",
    "date_end",
    "injuries_low",
    "injuries_best",
    "injuries_high",
    "abducted_low",
    "abducted_best",
    "abducted_high",
    "arrested_low",
    "arrested_best",
    "arrested_high",
    "weapon",
    "reported_as",
    "responds_to",
    "confidence",
    "document_ids",
    "source_urls",
    "evidence",
)
EVENT_CSV_COLUMNS = tuple(c for a in ACLED_COLUMNS for c in (a, *_INSERTED.get(a, ()))) + EXTRA_COLUMNS
REPORT_COLUMNS = ("report_id", "document_id", *EVENT_CSV_COLUMNS)
LIST_COLUMNS = ("assoc_actor_1", "assoc_actor_2", "document_ids", "source_urls")
DATE_COLUMNS = ("event_date", "date_start", "date_end", "said_on", "period_start", "period_end")

_AT_VALUE = CLAIM_KEYS.index("value")
VALUE_COLUMNS = ("value_low", "value_best", "value_high")
CLAIM_COLUMNS = (
    "event_id",
    "claim_index",
    *CLAIM_KEYS[:_AT_VALUE],
    *VALUE_COLUMNS,
    *CLAIM_KEYS[_AT_VALUE + 1 :],
)
_AT_TALLY_VALUE = TALLY_KEYS.index("value")
TALLY_CSV_COLUMNS = TALLY_KEYS[:_AT_TALLY_VALUE] + VALUE_COLUMNS + TALLY_KEYS[_AT_TALLY_VALUE + 1 :]
DOCUMENT_COLUMNS = ("document_id", "title", "published", "outlet", "url", "source", "text")

CIVILIAN_TARGETING = "Civilian targeting"


@cache
def iso_numeric(iso3: str | None) -> int | None:
    """ISO 3166-1 numeric code (as ACLED writes it: 368 for IRQ), None when unknown."""
    if not iso3:
        return None
    country = pycountry.countries.get(alpha_3=iso3.upper())
    return int(country.numeric) if country is not None else None


def _number(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def acled_fatalities(value: Range) -> int:
    """Fatalities as ACLED writes them: the best figure, else the lowest, else 0 (none reported)."""
    return next((v for v in (value.best, value.low) if v is not None), 0)


def event_codes(event: Event) -> dict[str, str | None]:
    """``plover_type``, ``plover_mode``, ``cameo_code`` of the event's sub-event type (None
    for a sub-event type outside ACLED's taxonomy)."""
    codes = crosswalk.lookup(event.sub_event_type)
    return {
        "plover_type": codes.plover_type if codes else None,
        "plover_mode": codes.plover_mode if codes else None,
        "cameo_code": codes.cameo_code if codes else None,
    }


def event_record(event: Event) -> dict[str, Any]:
    """The JSON record of an event: ``Event.to_dict()`` (every contract key, in order), then
    its PLOVER and CAMEO codes."""
    return {**event.to_dict(), **event_codes(event)}


def acled_row(event: Event) -> dict[str, Any]:
    """One event in :data:`EVENT_CSV_COLUMNS`: ACLED's columns and eventwire's; lists as lists."""
    sources = event.sources
    lat, lon = _number(event.latitude), _number(event.longitude)
    inter1 = acled_columns.inter_code(event.actor1, event.iso3) if event.actor1 else None
    inter2 = acled_columns.inter_code(event.actor2, event.iso3) if event.actor2 else None
    known_pair = event.actor1 and (inter2 is not None or not event.actor2)
    row: dict[str, Any] = {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date,
        "year": _year(event.event_date),
        "time_precision": event.time_precision,
        "date_prec": event.date_prec,
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        **event_codes(event),
        "actor1": event.actor1,
        "assoc_actor_1": list(event.assoc_actor_1),
        "inter1": inter1,
        "actor2": event.actor2,
        "assoc_actor_2": list(event.assoc_actor_2),
        "inter2": inter2,
        "interaction": acled_columns.interaction(inter1, inter2) if known_pair else None,
        "civilian_targeting": CIVILIAN_TARGETING if _targets_civilians(event, inter2) else None,
        "iso": iso_numeric(event.iso3),
        "region": acled_columns.region_of(event.iso3, event.country),
        "country": event.country,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": None,  # eventwire's gazetteer stops at admin2
        "location": event.location,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": event.geo_precision,
        "where_prec": event.where_prec,
        "location_as_written": event.location_as_written,
        "gazetteer_id": event.gazetteer_id,
        "location_type": event.location_type,
        "source": "; ".join(unique(s.outlet for s in sources)) or None,
        "source_scale": acled_columns.source_scale(((s.outlet, s.url) for s in sources), event.iso3),
        "notes": summary(event),
        "fatalities": acled_fatalities(event.fatalities),
        "fatalities_low": event.fatalities.low,
        "fatalities_best": event.fatalities.best,
        "fatalities_high": event.fatalities.high,
        "tags": "; ".join(tags(event)) or None,
        "timestamp": None,  # eventwire keeps no time of last change
        "event_id": event.event_id,
        "iso3": event.iso3,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "weapon": event.weapon,
        "reported_as": event.reported_as,
        "responds_to": event.responds_to,
        "confidence": _number(event.confidence),
        "document_ids": unique(s.document_id for s in sources),
        "source_urls": unique(s.url for s in sources),
        "evidence": sources[0].sentence.strip() if sources else None,
    }
    for metric in ("injuries", "abducted", "arrested"):
        value: Range = getattr(event, metric)
        row.update({f"{metric}_low": value.low, f"{metric}_best": value.best, f"{metric}_high": value.high})
    return row


def report_row(event_id: str, report: Event) -> dict[str, Any]:
    """One report (a document's own version of event ``event_id``) in :data:`REPORT_COLUMNS`."""
    row = acled_row(report)
    row.update(event_id_cnty=event_id, event_id=event_id)
    return {"report_id": report.event_id, "document_id": _document_of(report), **row}


def report_record(event_id: str, report: Event) -> dict[str, Any]:
    """The JSON record of a report: its id and document, then :func:`event_record` with the
    merged event's ``event_id``."""
    record = event_record(report)
    record["event_id"] = event_id
    return {"report_id": report.event_id, "document_id": _document_of(report), **record}


def claim_row(event_id: str, index: int, claim: Claim) -> dict[str, Any]:
    """One claim in :data:`CLAIM_COLUMNS`: the event it belongs to, its place among the event's
    claims, the value in three columns."""
    d = claim.to_dict()
    value = Range.from_dict(d.pop("value"))
    return {
        "event_id": event_id,
        "claim_index": index,
        **d,
        "value_low": value.low,
        "value_best": value.best,
        "value_high": value.high,
    }


def claim_record(event_id: str, index: int, claim: Claim) -> dict[str, Any]:
    """The JSON record of a claim: ``Claim.to_dict()`` after its event and index."""
    return {"event_id": event_id, "claim_index": index, **claim.to_dict()}


def tally_row(tally: Tally) -> dict[str, Any]:
    """One tally in :data:`TALLY_CSV_COLUMNS`: the value in three columns; the breakdown as
    given (the CSV writes it as JSON text, Parquet as a list of place/value records)."""
    d = tally.to_dict()
    value = d.pop("value")
    d.update({f"value_{k}": v for k, v in value.items()})
    return d


def document_row(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document's metadata and text, in :data:`DOCUMENT_COLUMNS`."""
    return {k: doc.get(k) for k in DOCUMENT_COLUMNS}


def _document_of(report: Event) -> str | None:
    if report.sources:
        return report.sources[0].document_id
    return report.merge[0].document_id if report.merge else None


def _year(event_date: str | None) -> int | None:
    return int(event_date[:4]) if event_date and re.match(r"\d{4}(?:-|$)", event_date) else None


def _targets_civilians(event: Event, inter2: int | None) -> bool:
    """ACLED's civilian targeting: violence against civilians, or civilians as actor 2 (or
    associated with it)."""
    civilians = acled_columns.kind_codes()["civilians"]
    if event.event_type == "Violence against civilians" or inter2 == civilians:
        return True
    return any(acled_columns.inter_code(a, event.iso3) == civilians for a in event.assoc_actor_2)


def tags(event: Event) -> list[str]:
    """ACLED-style tags of what eventwire knows and ACLED's columns do not hold: the weapon,
    and a report that only recalls the event as background."""
    out = []
    if event.weapon:
        out.append(f"weapon={event.weapon}")
    if event.reported_as == "background":
        out.append("reported as background")
    return out


# -- notes: one sentence from the event's fields -------------------------------------------

_MONTHS = "January February March April May June July August September October November December".split()
# how a sub-event type reads in a sentence; others read "a/an" + the name in lower case
_PHRASES = {
    "Government regains territory": "a government recapture of territory",
    "Non-state actor overtakes territory": "a non-state actor's takeover of territory",
    "Chemical weapon": "a chemical weapon attack",
    "Suicide bomb": "a suicide bombing",
    "Remote explosive/landmine/IED": "a remote explosive/landmine/IED attack",
    "Grenade": "a grenade attack",
    "Sexual violence": "sexual violence",
    "Excessive force against protesters": "excessive force against protesters",
    "Mob violence": "mob violence",
    "Arrests": "arrests",
    "Change to group/activity": "a change to a group or its activity",
    "Disrupted weapons use": "a disrupted weapons use",
    "Headquarters or base established": "the establishment of a headquarters or base",
    "Looting/property destruction": "looting/property destruction",
    "Other": "a strategic development",
}
_BETWEEN = frozenset({"Armed clash", "Agreement"})


def _phrase(sub: str) -> str:
    if sub in _PHRASES:
        return _PHRASES[sub]
    text = sub[:1].lower() + sub[1:]
    return ("an " if text[:1] in "aeiou" else "a ") + text


def _when(event_date: str | None) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", event_date or "")
    if m is None or not 1 <= int(m[2]) <= 12:
        return "On an unknown date"
    return f"On {int(m[3])} {_MONTHS[int(m[2]) - 1]} {m[1]}"


def summary(event: Event) -> str:
    """One sentence in the manner of ACLED's notes, from the event's own fields (so from its
    evidence): "On 4 March 2024, an air/drone strike by Military Forces of Iraq against
    Civilians (Iraq) took place in Al Qaim (Anbar, Iraq), with 4 reported fatalities (3 to 6)."."""
    what = _phrase(event.sub_event_type)
    a1, a2 = event.actor1, event.actor2
    if a1 and a2 and event.sub_event_type in _BETWEEN:
        what += f" between {a1} and {a2}"
    else:
        what += (f" by {a1}" if a1 else "") + (f" against {a2}" if a2 else "")
    where = ""
    if event.location:
        within = unique(x for x in (event.admin1, event.country) if x != event.location)
        where = f" in {event.location}" + (f" ({', '.join(within)})" if within else "")
    elif event.country:
        where = f" in {event.country}"
    text = f"{_when(event.event_date)}, {what} took place{where}"
    f = event.fatalities
    if f.best == 0 and not f.high:
        text += ", with no fatalities reported"
    elif f.best is not None or f.low is not None:
        n = acled_fatalities(f)
        noun = "fatality" if n == 1 else "fatalities"
        if f.high is None and f.low is not None and f.best in (None, f.low):
            text += f", with at least {f.low} reported {noun}"
        else:
            text += f", with {n} reported {noun}"
            if f.low is not None and f.high is not None and (f.low, f.high) != (n, n):
                text += f" ({f.low} to {f.high})"
            elif f.high is not None and f.high != n:
                text += f" (up to {f.high})"
            elif f.low is not None and f.low != n:
                text += f" (at least {f.low})"
    if event.reported_as == "background":
        text += ", as recalled in a later report"
    return text + "."
