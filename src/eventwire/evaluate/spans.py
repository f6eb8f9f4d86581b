"""Span matching and precision/recall/F1, shared by the scorers that compare text spans."""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[int, int]  # half-open character offsets


def overlap(a: Span, b: Span) -> int:
    """Characters two half-open spans share (0 when disjoint)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(gold: Sequence[Span], predicted: Sequence[Span], exact: bool = False) -> dict[int, int]:
    """One-to-one matching of gold to predicted spans: {gold index: predicted index}.

    Relaxed (default): spans match when they overlap, larger overlaps first.
    ``exact``: only identical spans match.
    """
    pairs = sorted(
        (
            (-overlap(g, q), gi, pi)
            for gi, g in enumerate(gold)
            for pi, q in enumerate(predicted)
            if (g == q if exact else overlap(g, q) > 0)
        )
    )
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _neg, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


def prf(true_positives: int, n_predicted: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 rounded to 4 decimals (0 where undefined)."""
    p = true_positives / n_predicted if n_predicted else 0.0
    r = true_positives / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)}
