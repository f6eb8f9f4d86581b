"""How the stores keep merged events: reports, blocking keys, components, overrides.

Each document's events are stored as **reports** (table ``reports``: the
document's own event as JSON, with its evidence and claims in their tables).
Reports linked by candidate pairs (score at least the threshold) or by an
analyst's merge form a **component**; each component is grouped into events
by :func:`eventwire.merge.group`, and each group is one row of ``events`` (its
fields resolved by :func:`eventwire.merge.merged_event`). ``merge_overrides``
keeps the analyst's "must" and "cannot" pairs, which every later regrouping obeys.

**Bounded cost** (see :mod:`eventwire.merge.incremental`). Only an event's
representatives (``reports.rep = 1``: its first few reports) are filed under
their blocking keys in ``report_keys``, and a lookup reads at most
``KEY_CAP`` of them per key. A new report that links to components of at most
``SMALL_COMPONENT`` reports regroups them whole, as it always did; one that
links to a larger component (a hot spot) is attached to the linked event it
fits best, and that event's fields are resolved over a bounded sample, so
adding a report costs the same whatever the size of the store or the event.
A new report with an analyst's override regroups its components whole.
``WORK`` counts what merging loaded and scored, for tests and benchmarks.

Everything here runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

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
from ..merge.incremental import (
    KEY_CAP,
    LATEST,
    MAX_NOTES,
    SMALL_COMPONENT,
    fit,
    grown_event,
    representatives,
)
from ..model import Event, MergeNote
from . import rows as mapping

_CHUNK = 400  # ids per IN (...) list, below SQLite's parameter limit
# what merging did since the process started: reports "loaded", pairs "scored"
# by merging itself, reports "regrouped" (passed to group()); for tests and benchmarks
WORK: Counter[str] = Counter()
_MERGE = mapping.EVENT_COLUMNS.index("merge")


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" * len(items))


def report_data(event: Event) -> str:
    """The report's own event as JSON, without sources and claims (kept in their tables)."""
    d = event.to_dict()
    for key in ("sources", "claims", "merge"):
        d.pop(key, None)
    return json.dumps(d, ensure_ascii=False)


def _build(conn: Any, rows: list[Any]) -> list[Report]:
    ids = [r["report_id"] for r in rows]
    sources = mapping.evidence_of(conn, ids)
    said = mapping.claims_of(conn, ids)
    out = []
    for r in rows:
        event = Event.from_dict(json.loads(r["data"]))
        event.sources = sources.get(r["report_id"], [])
        event.claims = said.get(r["report_id"], [])
        out.append(Report(event, r["document_id"], r["published"]))
    WORK["loaded"] += len(out)
    return out


_REPORT = "SELECT report_id, document_id, published, data FROM reports"


def load_reports(conn: Any, column: str, values: Sequence[str]) -> list[Report]:
    """Reports whose ``column`` (report_id, event_id or component) is in ``values``."""
    assert column in ("report_id", "event_id", "component")
    rows: list[Any] = []
    for part in _chunks(list(dict.fromkeys(values))):
        rows += conn.execute(f"{_REPORT} WHERE {column} IN ({_marks(part)})", list(part)).fetchall()
    return _build(conn, rows)


def sample_of(conn: Any, event_id: str) -> tuple[list[Report], list[Report]]:
    """An event's representatives, and its ``LATEST`` latest other reports (bounded reads)."""
    reps = conn.execute(f"{_REPORT} WHERE event_id = ? AND rep = 1", (event_id,)).fetchall()
    late = conn.execute(
        f"{_REPORT} WHERE event_id = ? AND rep = 0 ORDER BY published DESC, report_id DESC LIMIT ?",
        (event_id, LATEST),
    ).fetchall()
    return _build(conn, reps), _build(conn, late)


def constraints_for(conn: Any, report_ids: Sequence[str]) -> Constraints:
    """The overrides that touch any of ``report_ids``."""
    must: list[tuple[str, str]] = []
    cannot: list[tuple[str, str]] = []
    for part in _chunks(list(report_ids)):
        marks = _marks(part)
        for row in conn.execute(
            f"SELECT report_a, report_b, kind FROM merge_overrides WHERE report_a IN ({marks}) OR report_b IN ({marks})",
            [*part, *part],
        ):
            (must if row["kind"] == "must" else cannot).append((row["report_a"], row["report_b"]))
    return Constraints.of(must, cannot)


def file_reports(conn: Any, reports: Iterable[Report]) -> None:
    """Write the blocking keys of ``reports`` and mark them as representatives."""
    reports = list(reports)
    conn.executemany(
        "INSERT INTO report_keys(key, report_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(key, r.report_id) for r in reports for key in filing_keys(r)],
    )
    conn.executemany("UPDATE reports SET rep = 1 WHERE report_id = ?", [(r.report_id,) for r in reports])


def unfile_reports(conn: Any, reports: Iterable[Report]) -> None:
    """Remove the blocking keys of ``reports`` (no longer representatives)."""
    reports = list(reports)
    conn.executemany(
        "DELETE FROM report_keys WHERE key = ? AND report_id = ?",
        [(key, r.report_id) for r in reports for key in filing_keys(r)],
    )
    conn.executemany("UPDATE reports SET rep = 0 WHERE report_id = ?", [(r.report_id,) for r in reports])


#: each key's representatives, each event's first before any event's second (and so on), so that
#: ``KEY_CAP`` rows reach up to ``KEY_CAP`` events at a crowded key, not the first few events' all;
#: every key of one report in one statement (``{keys}``: its placeholders)
_KEY_READ = (
    "SELECT report_id FROM ("
    " SELECT report_id, ROW_NUMBER() OVER (PARTITION BY key ORDER BY turn, report_id) AS rank FROM ("
    "  SELECT k.key AS key, k.report_id AS report_id,"
    "   ROW_NUMBER() OVER (PARTITION BY k.key, r.event_id ORDER BY k.report_id) AS turn"
    "  FROM report_keys AS k JOIN reports AS r ON r.report_id = k.report_id WHERE k.key IN ({keys})"
    " ) AS filed"
    ") AS ranked WHERE rank <= ?"
)


def candidates(conn: Any, report: Report, config: MergeConfig) -> list[str]:
    """Ids of representatives filed under one of ``report``'s lookup keys (``KEY_CAP`` per key,
    taken across the key's events in turn: with up to ``KEY_CAP / REPRESENTATIVES`` events under
    the key that is all of them, past that every event's first representatives)."""
    keys = list(dict.fromkeys(lookup_keys(report, config)))
    found: set[str] = set()
    for part in _chunks(keys):
        found.update(row[0] for row in conn.execute(_KEY_READ.format(keys=_marks(part)), [*part, KEY_CAP]))
    found.discard(report.report_id)
    return sorted(found)


def components_of(conn: Any, report_ids: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for part in _chunks(list(report_ids)):
        out.update(
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT component FROM reports WHERE report_id IN ({_marks(part)})", list(part)
            )
        )
    return out


def _larger_than(conn: Any, comps: set[str], n: int) -> bool:
    """Whether the components hold more than ``n`` reports (reads at most n + 1 rows)."""
    part = sorted(comps)
    row = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM reports WHERE component IN ({_marks(part)}) LIMIT ?) AS sized",
        [*part, n + 1],
    ).fetchone()
    return int(row[0]) > n


def _refile(conn: Any, members: list[Report], reps: set[str]) -> None:
    """File the representatives among ``members`` and unfile the others."""
    unfile_reports(conn, [r for r in members if r.report_id not in reps])
    file_reports(conn, [r for r in members if r.report_id in reps])


def regroup(
    conn: Any,
    components: set[str],
    config: MergeConfig,
) -> list[Event]:
    """Regroup every report of ``components`` (now one component) and rewrite their events.

    Returns the new events.
    """
    members: list[Report] = load_reports(conn, "component", sorted(components))
    ids = [r.report_id for r in members]
    WORK["regrouped"] += len(members)
    groups = group(members, config, constraints_for(conn, ids))
    old_events = sorted(
        {
            row[0]
            for part in _chunks(ids)
            for row in conn.execute(
                f"SELECT DISTINCT event_id FROM reports WHERE report_id IN ({_marks(part)})", list(part)
            )
        }
    )
    for part in _chunks(old_events):
        conn.execute(f"DELETE FROM events WHERE event_id IN ({_marks(part)})", list(part))
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
    _refile(conn, members, {r.report_id for g in groups for r in representatives(g.reports)})
    mapping.write_events(conn, events)
    return events


def merge_new(
    conn: Any,
    reports: list[Report],
    config: MergeConfig,
) -> None:
    """Place freshly stored ``reports`` (one document's) among the stored events.

    Each report that scores an edge with stored representatives (or has a
    "must" pair) joins their components; reports of one document never join
    one another directly, so each report's set of components is regrouped on
    its own unless two sets share a component. A report linked to a component
    larger than ``SMALL_COMPONENT`` is attached instead (see the module docstring).
    """
    own = {r.report_id for r in reports}
    sets: list[set[str]] = []
    attach: list[tuple[Report, list[str]]] = []
    for report in reports:
        found = [c for c in candidates(conn, report, config) if c not in own]
        others = load_reports(conn, "report_id", found) if found else []
        WORK["scored"] += len(others)
        linked = [o.report_id for o in others if _edge(report, o, config)]
        constraints = constraints_for(conn, [report.report_id])
        linked += [a if b == report.report_id else b for a, b in constraints.must]
        if not linked:
            _alone(conn, report)
            continue
        linked_components = components_of(conn, linked)
        if not (constraints.must or constraints.cannot) and _larger_than(
            conn, linked_components, SMALL_COMPONENT
        ):
            attach.append((report, linked))
            continue
        joined = linked_components | {report.report_id}
        for other in [s for s in sets if s & joined]:
            joined |= other
            sets.remove(other)
        sets.append(joined)
    for linked_components in sets:
        regroup(conn, linked_components, config)
    for report, linked in attach:
        _attach(conn, report, linked, config)


def _edge(a: Report, b: Report, config: MergeConfig) -> bool:
    m = compare(a, b, config)
    return not m.vetoed and m.score >= config.threshold


def _alone(conn: Any, report: Report, component: str | None = None) -> None:
    """Store ``report`` as an event of its own (in ``component`` when given)."""
    mapping.write_events(conn, [merged_event(group([report])[0])])
    if component is not None:
        conn.execute("UPDATE reports SET component = ? WHERE report_id = ?", (component, report.report_id))
    file_reports(conn, [report])


def _stored_event(conn: Any, event_id: str) -> tuple[Event, Any]:
    """The stored event without its merge notes, and its row (notes as JSON, their number)."""
    row = conn.execute(
        f"SELECT {', '.join('e.' + c for c in mapping.EVENT_COLUMNS)}, json_array_length(e.merge) AS notes "
        "FROM events AS e WHERE e.event_id = ?",
        (event_id,),
    ).fetchone()
    return mapping.row_event(row, [], [], merge=False), row


def _write_grown(conn: Any, event: Event, old: Any) -> None:
    """Write ``event`` (same anchor as ``old``; its merge: the new report's note) with the
    note appended to the stored ones, spliced as JSON text so that a large event's
    notes are never parsed or rebuilt."""
    values = list(mapping.event_row(event))
    values[mapping.EVENT_COLUMNS.index("document_id")] = old["document_id"]
    notes, count = old["merge"], int(old["notes"])
    if count < MAX_NOTES:
        added = json.dumps([m.to_dict() for m in event.merge], ensure_ascii=False)
        values[_MERGE] = f"{notes[:-1]}, {added[1:]}" if count else added
    else:
        values[_MERGE] = notes
    conn.execute(mapping.insert("events", mapping.EVENT_COLUMNS), values)


def _attach(conn: Any, report: Report, linked: list[str], config: MergeConfig) -> None:
    """Join ``report`` to the linked event it fits best, or keep it apart in their component."""
    placed: dict[str, str] = {}  # event -> component
    for part in _chunks(linked):
        for row in conn.execute(
            f"SELECT DISTINCT event_id, component FROM reports WHERE report_id IN ({_marks(part)})",
            list(part),
        ):
            placed[row["event_id"]] = row["component"]
    taken = {
        row[0]
        for row in conn.execute(
            "SELECT event_id FROM reports WHERE document_id = ? AND report_id <> ?",
            (report.document_id, report.report_id),
        )
    }
    fits = []
    samples: dict[str, tuple[list[Report], list[Report]]] = {}
    for event_id in sorted(set(placed) - taken):
        samples[event_id] = sample_of(conn, event_id)
        WORK["scored"] += len(samples[event_id][0])
        found = fit(report, event_id, samples[event_id][0], config)
        if found is not None:
            fits.append(found)
    best = min(fits, key=lambda f: f.rank()) if fits else None
    target = placed[best.event_id] if best else placed[min(placed)]
    others = sorted(set(placed.values()) - {target})
    if others:
        conn.execute(
            f"UPDATE reports SET component = ? WHERE component IN ({_marks(others)})", [target, *others]
        )
    if best is None:
        _alone(conn, report, target)
        return
    reps, late = samples[best.event_id]
    old, row = _stored_event(conn, best.event_id)
    anchored = min([*reps, report], key=Report.order_key) is report
    if anchored:  # the new report becomes the anchor: the notes are rewritten
        old.merge = [MergeNote.from_dict(m) for m in json.loads(row["merge"])]
    event = grown_event(old, [*reps, *late], report, best.link)
    conn.execute("DELETE FROM events WHERE event_id = ?", (old.event_id,))
    if event.event_id != old.event_id:
        conn.execute("UPDATE reports SET event_id = ? WHERE event_id = ?", (event.event_id, old.event_id))
    conn.execute(
        "UPDATE reports SET event_id = ?, component = ? WHERE report_id = ?",
        (event.event_id, target, report.report_id),
    )
    if anchored:
        mapping.write_events(conn, [event])
    else:
        _write_grown(conn, event, row)
    keep = {r.report_id for r in representatives([*reps, report])}
    if report.report_id in keep:
        _refile(conn, [*reps, report], keep)


def regroup_all(conn: Any, config: MergeConfig) -> None:
    """Group every stored report afresh (after an upgrade): keys, components and events."""
    conn.execute("DELETE FROM events")
    conn.execute("DELETE FROM report_keys")
    conn.execute("UPDATE reports SET rep = 0")
    ids = [row[0] for row in conn.execute("SELECT report_id FROM reports ORDER BY report_id")]
    reports: list[Report] = load_reports(conn, "report_id", ids)
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
    file_reports(conn, [r for g in groups for r in representatives(g.reports)])
    mapping.write_events(conn, events)


def record_merge(conn: Any, report_ids: list[str]) -> None:
    """Keep an analyst's merge: every report "must" go with the first; earlier "cannot" pairs among them go."""
    first, rest = report_ids[0], report_ids[1:]
    pairs = [tuple(sorted((a, b))) for i, a in enumerate(report_ids) for b in report_ids[i + 1 :]]
    conn.executemany("DELETE FROM merge_overrides WHERE report_a = ? AND report_b = ?", pairs)
    conn.executemany(
        "INSERT INTO merge_overrides(report_a, report_b, kind) VALUES (?, ?, 'must')",
        [tuple(sorted((first, r))) for r in rest if r != first],
    )


def record_split(conn: Any, parts: list[list[str]]) -> None:
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
