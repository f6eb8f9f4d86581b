"""How the stores' rows map to the model: column lists, row builders and readers.

Values (``Range``) are kept as ``*_low``/``*_best``/``*_high`` columns; a
claim whose three value columns are all NULL reads back with ``value`` None.
Lists (actors, a tally's breakdown, merge notes) are JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from ..model import (
    CLAIM_KEYS,
    EVENT_KEYS,
    RANGE_KEYS,
    TALLY_KEYS,
    Claim,
    Event,
    Evidence,
    MergeNote,
    Range,
    Tally,
)

_BATCH = 500
T = TypeVar("T")

# every Event field but sources and claims (kept per report), counts as three columns,
# and after the id the anchor report's document
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "document_id",
    *(
        column
        for key in EVENT_KEYS[1:]
        if key not in ("sources", "claims")
        for column in ([f"{key}_{part}" for part in ("low", "best", "high")] if key in RANGE_KEYS else [key])
    ),
)
# an event's link is stored as the report it answers; read back as that report's event
RESPONDS = (
    "(SELECT r.event_id FROM reports AS r WHERE r.report_id = e.responds_to AND r.event_id <> e.event_id)"
    " AS responds_to"
)
EVENT_SELECT = ", ".join(RESPONDS if c == "responds_to" else f"e.{c}" for c in EVENT_COLUMNS)
EVIDENCE_COLUMNS = (
    "report_id",
    "position",
    "document_id",
    "outlet",
    "url",
    "published",
    "sentence",
    "char_start",
    "char_end",
    "speaker",
)
REPORT_COLUMNS = ("report_id", "document_id", "position", "event_id", "component", "published", "data")
DOCUMENT_COLUMNS = ("document_id", "title", "published", "outlet", "url", "source", "text")
TALLY_COLUMNS = (
    "tally_id",
    "document_id",
    "metric",
    "subject",
    "value_low",
    "value_best",
    "value_high",
    "qualifier",
    "period_start",
    "period_end",
    "breakdown",
    "excludes",
    "speaker",
    "speaker_title",
    "organisation",
    "sentence",
    "char_start",
    "char_end",
    "outlet",
    "published",
)
CLAIM_COLUMNS = (
    "report_id",
    "position",
    "kind",
    "document_id",
    "sentence",
    "char_start",
    "char_end",
    "stance",
    "metric",
    "value_low",
    "value_best",
    "value_high",
    "actor",
    "speaker",
    "speaker_title",
    "organisation",
    "outlet",
    "said_on",
    "published",
)
# the date a tally's period ends: its own end, else the day it was published
TALLY_END = "coalesce(t.period_end, substr(t.published, 1, 10))"


def row_evidence(r: Any) -> Evidence:
    return Evidence(
        document_id=r["document_id"],
        outlet=r["outlet"],
        url=r["url"],
        published=r["published"],
        sentence=r["sentence"],
        char_start=r["char_start"],
        char_end=r["char_end"],
        speaker=r["speaker"],
    )


def _per_report(
    conn: Any,
    table: str,
    columns: tuple[str, ...],
    report_ids: list[str],
    build: Callable[[Any], T],
) -> dict[str, list[T]]:
    out: dict[str, list[T]] = {}
    for i in range(0, len(report_ids), _BATCH):
        part = report_ids[i : i + _BATCH]
        for r in conn.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE report_id IN ({', '.join('?' * len(part))}) "
            "ORDER BY report_id, position",
            part,
        ):
            out.setdefault(r["report_id"], []).append(build(r))
    return out


def evidence_of(conn: Any, report_ids: list[str]) -> dict[str, list[Evidence]]:
    """Each report's evidence, in stored order."""
    return _per_report(conn, "evidence", EVIDENCE_COLUMNS, report_ids, row_evidence)


def claims_of(conn: Any, report_ids: list[str]) -> dict[str, list[Claim]]:
    """Each report's claims, in stored order."""
    return _per_report(conn, "claims", CLAIM_COLUMNS, report_ids, row_claim)


def insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def write_events(conn: Any, events: list[Event]) -> None:
    """Insert the rows of merged events."""
    conn.executemany(insert("events", EVENT_COLUMNS), [event_row(e) for e in events])


def event_row(e: Event) -> tuple[Any, ...]:
    """The events row of a merged event (its document: the anchor report's), in EVENT_COLUMNS order."""
    values: dict[str, Any] = {k: getattr(e, k) for k in EVENT_KEYS if k not in ("sources", "claims")}
    values["document_id"] = (
        e.merge[0].document_id if e.merge else (e.sources[0].document_id if e.sources else "")
    )
    values["assoc_actor_1"] = json.dumps(list(e.assoc_actor_1), ensure_ascii=False)
    values["assoc_actor_2"] = json.dumps(list(e.assoc_actor_2), ensure_ascii=False)
    values["merge"] = json.dumps([m.to_dict() for m in e.merge], ensure_ascii=False)
    for key in RANGE_KEYS:
        count = getattr(e, key)
        values.update({f"{key}_low": count.low, f"{key}_best": count.best, f"{key}_high": count.high})
    return tuple(values[c] for c in EVENT_COLUMNS)


def evidence_row(report_id: str, position: int, ev: Evidence) -> tuple[Any, ...]:
    """The evidence row of one source of a report, in EVIDENCE_COLUMNS order."""
    return (
        report_id,
        position,
        ev.document_id,
        ev.outlet,
        ev.url,
        ev.published,
        ev.sentence,
        ev.char_start,
        ev.char_end,
        ev.speaker,
    )


def value(r: Any) -> Range | None:
    """The value columns of a claim or tally row; None when all three are NULL."""
    value = Range(r["value_low"], r["value_best"], r["value_high"])
    return value if value.is_known() else None


def claim_row(event_id: str, position: int, c: Claim) -> tuple[Any, ...]:
    value = c.value or Range()
    return (
        event_id,
        position,
        c.kind,
        c.document_id,
        c.sentence,
        c.char_start,
        c.char_end,
        c.stance,
        c.metric,
        value.low,
        value.best,
        value.high,
        c.actor,
        c.speaker,
        c.speaker_title,
        c.organisation,
        c.outlet,
        c.said_on,
        c.published,
    )


def row_claim(r: Any) -> Claim:
    fields = {k: r[k] for k in CLAIM_KEYS if k != "value"}
    return Claim(**fields, value=value(r))


def tally_row(document_id: str, t: Tally) -> tuple[Any, ...]:
    """The row for ``t``; the tally belongs to the document it is stored with."""
    return (
        t.tally_id,
        document_id,
        t.metric,
        t.subject,
        t.value.low,
        t.value.best,
        t.value.high,
        t.qualifier,
        t.period_start,
        t.period_end,
        json.dumps(list(t.breakdown), ensure_ascii=False),
        t.excludes,
        t.speaker,
        t.speaker_title,
        t.organisation,
        t.sentence,
        t.char_start,
        t.char_end,
        t.outlet,
        t.published,
    )


def row_tally(r: Any) -> Tally:
    fields = {k: r[k] for k in TALLY_KEYS if k not in ("value", "breakdown")}
    return Tally(
        **fields,
        value=Range(r["value_low"], r["value_best"], r["value_high"]),
        breakdown=list(json.loads(r["breakdown"])),
    )


def row_event(r: Any, sources: list[Evidence], claims: list[Claim], merge: bool = True) -> Event:
    return Event(
        event_id=r["event_id"],
        event_type=r["event_type"],
        sub_event_type=r["sub_event_type"],
        disorder_type=r["disorder_type"],
        event_date=r["event_date"],
        date_start=r["date_start"],
        date_end=r["date_end"],
        time_precision=r["time_precision"],
        date_prec=r["date_prec"],
        actor1=r["actor1"],
        actor2=r["actor2"],
        assoc_actor_1=list(json.loads(r["assoc_actor_1"])),
        assoc_actor_2=list(json.loads(r["assoc_actor_2"])),
        country=r["country"],
        iso3=r["iso3"],
        admin1=r["admin1"],
        admin2=r["admin2"],
        location=r["location"],
        latitude=r["latitude"],
        longitude=r["longitude"],
        geo_precision=r["geo_precision"],
        where_prec=r["where_prec"],
        location_as_written=r["location_as_written"],
        gazetteer_id=r["gazetteer_id"],
        location_type=r["location_type"],
        weapon=r["weapon"],
        fatalities=Range(r["fatalities_low"], r["fatalities_best"], r["fatalities_high"]),
        injuries=Range(r["injuries_low"], r["injuries_best"], r["injuries_high"]),
        abducted=Range(r["abducted_low"], r["abducted_best"], r["abducted_high"]),
        arrested=Range(r["arrested_low"], r["arrested_best"], r["arrested_high"]),
        reported_as=r["reported_as"],
        responds_to=r["responds_to"],
        confidence=r["confidence"],
        sources=sources,
        claims=claims,
        merge=[MergeNote.from_dict(m) for m in json.loads(r["merge"])] if merge else [],
    )
