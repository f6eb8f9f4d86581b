"""The dense part of a timeline: the dates most events fall in, with outlying dates set apart.

Background events often carry coarse dates far from the rest ("fighting since 2011" gives
2011-01-01 beside a month of reports). Drawn to scale they squash the month into a few pixels.
:func:`dense_window` finds the span the events crowd into around their median day: the days
within ``FENCE`` median absolute deviations of it (the deviation taken as at least
``MIN_SPREAD_DAYS``), plus ``SLACK_DAYS``. The median and its deviation stay put while up to
half the events are outliers, which matters on small stores (one coarse date among four events).
Days outside are outliers; the window runs from the first to the last day inside. Nothing is dropped: the counts before and after the
window travel with it, and the page draws them as collapsed ends.
"""

from __future__ import annotations

from datetime import date
from typing import Any

FENCE = 5.0  # about 3.4 standard deviations of normally spread dates
MIN_SPREAD_DAYS = 7  # a burst of reports on one or two days still gets a window of some weeks
SLACK_DAYS = 14


def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def _median(values: list[tuple[int, int]], total: int) -> int:
    """The (lower) median of ``values``, sorted (value, how many times) pairs."""
    rank = (total - 1) // 2
    seen = 0
    for value, count in values:
        seen += count
        if seen > rank:
            return value
    return values[-1][0]


def _side(days: list[tuple[str, int]]) -> dict[str, Any] | None:
    if not days:
        return None
    return {"events": sum(c for _, c in days), "first": days[0][0], "last": days[-1][0]}


def dense_window(days: list[tuple[str, int]]) -> dict[str, Any] | None:
    """``{"from", "to", "before", "after"}`` for ``days`` ([(YYYY-MM-DD, events)] by date);
    ``before``/``after`` are ``{"events", "first", "last"}`` of the outlying days, or None.
    None when there are no days."""
    if not days:
        return None
    numbered = [(_day(d), c) for d, c in days]
    total = sum(c for _, c in numbered)
    middle = _median(numbered, total)
    spread = _median(sorted((abs(n - middle), c) for n, c in numbered), total)
    reach = FENCE * max(spread, MIN_SPREAD_DAYS) + SLACK_DAYS
    low, high = middle - reach, middle + reach
    inside = [i for i, (n, _) in enumerate(numbered) if low <= n <= high]
    first, last = inside[0], inside[-1]
    return {
        "from": days[first][0],
        "to": days[last][0],
        "before": _side(days[:first]),
        "after": _side(days[last + 1 :]),
    }
