"""An analyst's corrections as data: reading the ``merge_overrides`` table and applying
corrections brought from elsewhere (another store, a file, a colleague).

A correction is a pair of reports that "must" be one event or "cannot" be; reports
keep their ids when the same documents are ingested again, so corrections outlive
the store they were made in. Everything here runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..merge import MergeConfig
from . import merging
from .base import Correction, CorrectionsApplied

_CHUNK = 400  # ids per IN (...) list, below SQLite's parameter limit


def read(conn: Any) -> list[Correction]:
    """Every stored correction with its reports' documents, ordered by report ids."""
    rows = conn.execute(
        "SELECT o.kind, o.report_a, o.report_b, a.document_id AS doc_a, b.document_id AS doc_b "
        "FROM merge_overrides AS o LEFT JOIN reports AS a ON a.report_id = o.report_a "
        "LEFT JOIN reports AS b ON b.report_id = o.report_b ORDER BY o.report_a, o.report_b"
    ).fetchall()
    return [Correction(r["kind"], r["report_a"], r["report_b"], (r["doc_a"], r["doc_b"])) for r in rows]


def apply(conn: Any, corrections: Sequence[Correction], config: MergeConfig) -> CorrectionsApplied:
    """Write the corrections whose two reports are stored (one for the same pair replaces
    the other kind, as a later merge or split does) and regroup the components they touch.

    A correction naming a report the store lacks is left out and returned under that
    report's id. A correction already stored changes nothing, and nothing is regrouped
    for it: applying the same corrections twice leaves the store as it was.
    """
    pairs = {_pair(c): c for c in corrections}
    stored = _stored(conn, sorted({r for pair in pairs for r in pair}))
    missing: dict[str, list[Correction]] = {}
    changed: list[tuple[str, str, str]] = []
    unchanged = 0
    for (a, b), c in sorted(pairs.items()):
        absent = [r for r in (a, b) if r not in stored]
        for r in absent:
            missing.setdefault(r, []).append(c)
        if absent:
            continue
        row = conn.execute(
            "SELECT kind FROM merge_overrides WHERE report_a = ? AND report_b = ?", (a, b)
        ).fetchone()
        if row is not None and row["kind"] == c.kind:
            unchanged += 1
        else:
            changed.append((a, b, c.kind))
    conn.executemany(
        "INSERT INTO merge_overrides(report_a, report_b, kind) VALUES (?, ?, ?) "
        "ON CONFLICT(report_a, report_b) DO UPDATE SET kind = excluded.kind",
        changed,
    )
    for linked in _linked_components(conn, [(a, b) for a, b, _ in changed]):
        merging.regroup(conn, linked, config)
    return CorrectionsApplied(len(changed), unchanged, missing)


def _pair(c: Correction) -> tuple[str, str]:
    """The pair as the table keys it: report ids in order."""
    return (min(c.report_a, c.report_b), max(c.report_a, c.report_b))


def _stored(conn: Any, report_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(report_ids), _CHUNK):
        part = report_ids[i : i + _CHUNK]
        marks = ", ".join("?" * len(part))
        found.update(
            r[0] for r in conn.execute(f"SELECT report_id FROM reports WHERE report_id IN ({marks})", part)
        )
    return found


def _linked_components(conn: Any, pairs: list[tuple[str, str]]) -> list[set[str]]:
    """The components of the reports in ``pairs``, joined where a pair links two of them:
    each set is regrouped as one (a "must" pair makes its two components one)."""
    sets: list[set[str]] = []
    for a, b in pairs:
        joined = merging.components_of(conn, [a, b])
        for other in [s for s in sets if s & joined]:
            joined |= other
            sets.remove(other)
        sets.append(joined)
    return sets
