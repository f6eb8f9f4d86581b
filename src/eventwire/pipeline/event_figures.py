"""An event's casualty ranges from its figure claims (used by ``eventwire.assemble.v1``).

Contradictory figures ("12 killed" in one sentence, "15 killed" in another)
give low = the smallest, high = the largest, and best = the figure of the most
authoritative source: attributed to an official or named speaker (a name, an
organisation or an official title, not "residents" or "witnesses") and
asserted, before unattributed or lay sources, before hearsay ("reportedly",
"claimed"); among equals, the latest statement (``said_on``), then the higher
figure (a toll is updated upwards). Denied figures count for nothing but stay
as claims. A zero ("no one was killed") counts only when the incident states no
other figure for that metric: any number stated wins over it, before or after it.
"""

from __future__ import annotations

from ..model import Claim, Range


def combine_figures(claims: list[Claim], metric: str) -> Range:
    """One figure for the metric ("killed", "injured", ...) from the incident's figure claims."""
    figures = [c for c in claims if c.metric == metric and c.value is not None and c.stance != "denied"]
    figures = [c for c in figures if c.value is not None and c.value.is_known()]
    stated = [c for c in figures if c.value is not None and any((c.value.low, c.value.best, c.value.high))]
    figures = stated or figures  # "no casualties among the soldiers", "three civilians killed": 3
    if not figures:
        return Range()
    values = [c.value for c in figures if c.value is not None]
    lows = [f.low if f.low is not None else f.best for f in values]
    highs = [f.high if f.high is not None else f.best for f in values]
    low = min((v for v in lows if v is not None), default=None)
    high = max((v for v in highs if v is not None), default=None)

    with_best = [c for c in figures if c.value is not None and c.value.best is not None]
    best: int | None = None
    if with_best:
        top = max(
            with_best,
            key=lambda c: (c.authority(), c.said_on or "", c.value.best if c.value else 0),
        )
        best = top.value.best if top.value else None
    if best is not None and high is not None and high < best:
        high = best
    if best is not None and low is not None and low > best:
        low = best
    return Range(low, best, high)
