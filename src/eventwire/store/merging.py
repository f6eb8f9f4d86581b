"""How the SQLite store keeps merged events: reports, blocking keys, components, overrides.

Each document's events are stored as **reports** (table ``reports``: the
document's own event as JSON, with its evidence and claims in their tables).
Reports linked by candidate pairs (score at least the threshold) or by an
analyst's merge form a **component**; each component is grouped into events
by :func:`eventwire.merge.group`, and each group is one row of ``events`` (its
fields resolved by :func:`eventwire.merge.merged_event`). Adding a document
only regroups the components its reports touch, found through the blocking
keys in ``report_keys``. ``merge_overrides`` keeps the analyst's "must" and
"cannot" pairs, which every later regrouping obeys.

Everything here runs inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from ..merge import (
    Constraints,
    MergeConfig,
    Report,
    compare,
    components,
    edges,
    filing_keys,
    group,
    lookup_keys,
    merged_event,
)
from ..model import Event
from . import rows as mapping

_CHUNK = 400  # ids per IN (...) list, below SQLite's parameter limit


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def report_data(event: Event) -> str:
    """The report's own event as JSON, without sources and claims (kept in their tables)."""
    d = event.to_dict()
    for key in ("sources", "claims", "merge"):
        d.pop(key, None)
    return json.dumps(d, ensure_ascii=False)


def load_reports(conn: sqlite3.Connection, column: str, values: Sequence[str]) -> list[Report]:
    """Reports whose ``column`` (report_id, event_id or component) is in ``values``."""
    assert column in ("report_id", "event_id", "component")
    rows: list[sqlite3.Row] = []
    for part in _chunks(list(dict.fromkeys(values))):
        rows += conn.execute(
            f"SELECT report_id, document_id, published, data FROM reports WHERE {column} IN "
            f"({', '.join('?' * len(part))})",
            list(part),
        ).fetchall()
    ids = [r["report_id"] for r in rows]
    sources = mapping.evidence_of(conn, ids)
    said = mapping.claims_of(conn, ids)
    out = []
    for r in rows:
        event = Event.from_dict(json.loads(r["data"]))
        event.sources = sources.get(r["report_id"], [])
        event.claims = said.get(r["report_id"], [])
        out.append(Report(event, r["document_id"], r["published"]))
    return out


def constraints_for(conn: sqlite3.Connection, report_ids: Sequence[str]) -> Constraints:
    """The overrides that touch any of ``report_ids``."""
    must: list[tuple[str, str]] = []
    cannot: list[tuple[str, str]] = []
    for part in _chunks(list(report_ids)):
        marks = ", ".join("?" * len(part))
        for row in conn.execute(
            f"SELECT report_a, report_b, kind FROM merge_overrides WHERE report_a IN ({marks}) OR report_b IN ({marks})",
            [*part, *part],
        ):
            (must if row["kind"] == "must" else cannot).append((row["report_a"], row["report_b"]))
    return Constraints.of(must, cannot)


def file_reports(conn: sqlite3.Connection, reports: Iterable[Report]) -> None:
    """Write the blocking keys of ``reports``."""
    conn.executemany(
        "INSERT OR IGNORE INTO report_keys(key, report_id) VALUES (?, ?)",
        [(key, r.report_id) for r in reports for key in filing_keys(r)],
    )


def candidates(conn: sqlite3.Connection, report: Report, config: MergeConfig) -> list[str]:
    """Ids of stored reports filed under one of ``report``'s lookup keys."""
    keys = lookup_keys(report, config)
    found: set[str] = set()
    for part in _chunks(keys):
        found.update(
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT report_id FROM report_keys WHERE key IN ({', '.join('?' * len(part))})",
                list(part),
            )
        )
    found.discard(report.report_id)
    return sorted(found)


def components_of(conn: sqlite3.Connection, report_ids: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for part in _chunks(list(report_ids)):
        out.update(
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT component FROM reports WHERE report_id IN ({', '.join('?' * len(part))})",
                list(part),
            )
        )
    return out


def regroup(
    conn: sqlite3.Connection,
    components: set[str],
    config: MergeConfig,
) -> list[Event]:
    """Regroup every report of ``components`` (now one component) and rewrite their events.

    Returns the new events.
    """
    members: list[Report] = load_reports(conn, "component", sorted(components))
    ids = [r.report_id for r in members]
    groups = group(members, config, constraints_for(conn, ids))
    old_events = sorted(
        {
            row[0]
            for part in _chunks(ids)
            for row in conn.execute(
                f"SELECT DISTINCT event_id FROM reports WHERE report_id IN ({', '.join('?' * len(part))})",
                list(part),
            )
        }
    )
    for part in _chunks(old_events):
        conn.execute(f"DELETE FROM events WHERE event_id IN ({', '.join('?' * len(part))})", list(part))
    component = min(ids)
    events = [merged_event(g) for g in groups]
    conn.executemany(
        "UPDATE reports SET event_id = ?, component = ? WHERE report_id = ?",
        [
            (e.event_id, component, r.report_id)
            for g, e in zip(groups, events, strict=True)
            for r in g.reports
        ],
    )
    mapping.write_events(conn, events)
    return events


def merge_new(
    conn: sqlite3.Connection,
    reports: list[Report],
    config: MergeConfig,
) -> None:
    """Place freshly stored ``reports`` (one document's) among the stored events.

    Each report that scores an edge with stored reports (or has a "must" pair)
    joins their components; reports of one document never join one another
    directly, so each report's set of components is regrouped on its own unless
    two sets share a component.
    """
    file_reports(conn, reports)
    own = {r.report_id for r in reports}
    sets: list[set[str]] = []
    for report in reports:
        found = [c for c in candidates(conn, report, config) if c not in own]
        others = load_reports(conn, "report_id", found) if found else []
        linked = [o.report_id for o in others if _edge(report, o, config)]
        linked += [
            a if b == report.report_id else b for a, b in constraints_for(conn, [report.report_id]).must
        ]
        if not linked:
            mapping.write_events(conn, [merged_event(group([report], config)[0])])
            continue
        joined = components_of(conn, linked) | {report.report_id}
        for other in [s for s in sets if s & joined]:
            joined |= other
            sets.remove(other)
        sets.append(joined)
    for linked_components in sets:
        regroup(conn, linked_components, config)


def _edge(a: Report, b: Report, config: MergeConfig) -> bool:
    m = compare(a, b, config)
    return not m.vetoed and m.score >= config.threshold


def regroup_all(conn: sqlite3.Connection, config: MergeConfig) -> None:
    """Group every stored report afresh (after an upgrade): keys, components and events."""
    conn.execute("DELETE FROM events")
    conn.execute("DELETE FROM report_keys")
    ids = [row[0] for row in conn.execute("SELECT report_id FROM reports ORDER BY report_id")]
    reports: list[Report] = load_reports(conn, "report_id", ids)
    file_reports(conn, reports)
    constraints = constraints_for(conn, ids)
    links = edges(reports, config)
    for members in components([r.report_id for r in reports], [*links, *constraints.must]):
        conn.executemany(
            "UPDATE reports SET component = ? WHERE report_id = ?", [(members[0], m) for m in members]
        )
    groups = group(reports, config, constraints, links)
    events = [merged_event(g) for g in groups]
    conn.executemany(
        "UPDATE reports SET event_id = ? WHERE report_id = ?",
        [(e.event_id, r.report_id) for g, e in zip(groups, events, strict=True) for r in g.reports],
    )
    mapping.write_events(conn, events)


def record_merge(conn: sqlite3.Connection, report_ids: list[str]) -> None:
    """Keep an analyst's merge: every report "must" go with the first; earlier "cannot" pairs among them go."""
    first, rest = report_ids[0], report_ids[1:]
    pairs = [tuple(sorted((a, b))) for i, a in enumerate(report_ids) for b in report_ids[i + 1 :]]
    conn.executemany("DELETE FROM merge_overrides WHERE report_a = ? AND report_b = ?", pairs)
    conn.executemany(
        "INSERT INTO merge_overrides(report_a, report_b, kind) VALUES (?, ?, 'must')",
        [tuple(sorted((first, r))) for r in rest if r != first],
    )


def record_split(conn: sqlite3.Connection, parts: list[list[str]]) -> None:
    """Keep an analyst's split: every pair across two parts "cannot" be one event (replacing any "must")."""
    pairs = {
        tuple(sorted((a, b)))
        for i, left in enumerate(parts)
        for right in parts[i + 1 :]
        for a in left
        for b in right
    }
    conn.executemany(
        "INSERT INTO merge_overrides(report_a, report_b, kind) VALUES (?, ?, 'cannot') "
        "ON CONFLICT(report_a, report_b) DO UPDATE SET kind = 'cannot'",
        sorted(pairs),
    )
