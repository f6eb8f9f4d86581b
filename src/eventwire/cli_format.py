"""How the commands word figures, speakers and claims, and how they lay out a table
whose columns the user picks (``--columns``, ``--wide``) so that it fits 80 columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import typer
from rich.table import Table

from .cli_support import err
from .model import Claim, Range, Tally

T = TypeVar("T")


class Columns(Generic[T]):
    """A table's possible columns: name -> how to print one row's cell; ``default`` the few
    that fit an 80-column terminal, ``no_wrap`` those never folded (ids, dates)."""

    def __init__(
        self,
        cells: dict[str, Callable[[T], str]],
        default: Sequence[str],
        no_wrap: Sequence[str] = (),
    ) -> None:
        self.cells, self.default, self.no_wrap = cells, tuple(default), frozenset(no_wrap)

    def chosen(self, columns: str | None, wide: bool) -> list[str]:
        """The columns ``--columns a,b,c`` names (in that order), all with ``--wide``, else the
        default; an unknown name is one error listing the valid ones (exit status 2)."""
        if columns is not None and wide:
            return _usage("--columns and --wide: give one of them")
        if wide:
            return list(self.cells)
        if columns is None:
            return list(self.default)
        names = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [n for n in names if n not in self.cells]
        if unknown or not names:
            return _usage(
                f"--columns: {', '.join(unknown) or 'no column named'}: "
                f"the columns are {', '.join(self.cells)}"
            )
        return names

    def table(self, rows: Sequence[T], names: list[str]) -> Table:
        table = Table()
        for name in names:
            table.add_column(name, no_wrap=name in self.no_wrap, overflow="fold")
        for row in rows:
            table.add_row(*(self.cells[n](row) for n in names))
        return table


def _usage(message: str) -> list[str]:
    err.print(f"error: {message}", markup=False)
    raise typer.Exit(2)


def range_text(value: Range | None) -> str:
    """E.g. "3", "3 (2-5)", "at least 2", "unknown"."""
    if value is None or not value.is_known():
        return "unknown"
    low, best, high = value.low, value.best, value.high
    if best is None:
        if low is not None and high is not None:
            return f"{low}-{high}"
        return f"at least {low}" if low is not None else f"up to {high}"
    if (low is None or low == best) and (high is None or high == best):
        return str(best)
    return f"{best} ({'' if low is None else low}-{'' if high is None else high})"


def who(name: str | None, title: str | None, organisation: str | None) -> str:
    """E.g. "Ana Costa (army spokeswoman, Army of Freedonia)"."""
    detail = ", ".join(x for x in (title, organisation) if x and x != name)
    if name:
        return f"{name} ({detail})" if detail else name
    return detail or "unattributed"


def claim_line(claim: Claim) -> str:
    """One line per claim: stance, the figure or the actor, speaker, outlet, date said."""
    if claim.kind == "figure":
        what = f"{claim.metric or 'figure'} {range_text(claim.value)}"
    else:
        what = f"{claim.kind} {claim.actor or 'unknown actor'}"
    return (
        f"{claim.stance}: {what}; said by {who(claim.speaker, claim.speaker_title, claim.organisation)}; "
        f"outlet {claim.outlet or 'unknown'}; said on {claim.said_on or claim.published or 'unknown date'}"
    )


def period(tally: Tally) -> str:
    start, end = tally.period_start, tally.period_end
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    return f"until {end}" if end else ""


def breakdown_text(tally: Tally) -> str:
    parts = []
    for entry in tally.breakdown:
        value = entry.get("value")
        shown = range_text(Range.from_dict(value)) if isinstance(value, dict) else value
        parts.append(f"{entry.get('place')} {shown}")
    return "; ".join(parts)


def difference_text(difference: int | None) -> str:
    if difference is None:
        return "difference unknown (the tally gives no value)"
    if difference > 0:
        return f"missing {difference}"
    if difference < 0:
        return f"{-difference} more in the events than in the tally"
    return "no difference"


def counted_place(place: str | None, location: str | None) -> str:
    """The place a reconciled event was counted under, with its own location when it differs:
    "Iraq (Al Asad Air Base)"."""
    if place and location and location != place:
        return f"{place} ({location})"
    return place or location or ""
