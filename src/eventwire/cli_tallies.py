"""``eventwire tallies`` and ``eventwire reconcile``: cumulative figures, and how they
compare with the stored events."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from .cli_events import ColumnsOption, WideOption
from .cli_format import Columns, breakdown_text, counted_place, difference_text, period, range_text, who
from .cli_support import (
    ConfigOption,
    DbOption,
    JsonlOption,
    JsonOption,
    ListJsonOption,
    out,
    print_json,
    print_list,
    run,
    settings_for,
)
from .model import Tally


def _value(tally: Tally) -> str:
    value = range_text(tally.value)
    return f"{tally.qualifier} {value}" if tally.qualifier else value


COLUMNS: Columns[Tally] = Columns(
    {
        "tally_id": lambda t: t.tally_id,
        "metric": lambda t: t.metric,
        "subject": lambda t: t.subject or "",
        "value": _value,
        "period": period,
        "breakdown": breakdown_text,
        "said_by": lambda t: who(t.speaker, t.speaker_title, t.organisation),
    },
    default=("tally_id", "metric", "value", "period", "said_by"),
    no_wrap=("tally_id",),
)


def tallies(
    db: DbOption = None,
    config: ConfigOption = None,
    metric: Annotated[str | None, typer.Option(help="attacks, killed, injured, strikes...")] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Periods that end on or after this day, YYYY-MM-DD.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Periods that start on or before this day, YYYY-MM-DD.")
    ] = None,
    columns: ColumnsOption = None,
    wide: WideOption = False,
    as_json: ListJsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """List stored tallies: cumulative figures ("attacked 66 times since October 17")
    (columns: tally_id, metric, value, period, said_by; --wide adds subject, breakdown)."""
    from .api import list_tallies
    from .filters import tally_filter

    settings = run(lambda: settings_for(db, config))
    names = COLUMNS.chosen(columns, wide)
    filters = run(lambda: tally_filter(metric=metric, date_from=date_from, date_to=date_to))
    found = run(lambda: list_tallies(settings, filters))
    if print_list([t.to_dict() for t in found], as_json=as_json, as_jsonl=as_jsonl):
        return
    out.print(COLUMNS.table(found, names))
    out.print(f"{len(found)} tally(ies)")


def reconcile(
    tally_id: Annotated[str, typer.Argument(help="A tally id from `eventwire tallies`.")],
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compare a tally with the stored events of the same metric, subject, places and period."""
    from .api import reconcile as run_reconcile
    from .api import violent_sub_event_types

    settings = run(lambda: settings_for(db, config))
    result = run(lambda: run_reconcile(settings, tally_id))
    if as_json:
        print_json(result.to_dict())
        return
    tally = result.tally
    start, end = result.period
    out.print(
        f"tally {tally.tally_id}: {tally.metric}"
        + (f" ({tally.subject})" if tally.subject else "")
        + f", {(tally.qualifier + ' ') if tally.qualifier else ''}{range_text(tally.value)}"
        + f", said by {who(tally.speaker, tally.speaker_title, tally.organisation)}",
        markup=False,
    )
    if tally.excludes:
        out.print(f"the tally excludes: {tally.excludes}", markup=False)
    kinds = (
        "political-violence events (territory changes aside)"
        if set(result.sub_event_types) == violent_sub_event_types()
        else "events of " + ", ".join(result.sub_event_types)
    )
    out.print(
        f"counted: new {kinds}; dated {start or 'any time'} to "
        f"{end or 'any time'}; in {', '.join(result.places) or 'any place'}"
        + (f"; {result.target} matching {tally.subject!r}" if tally.subject else ""),
        markup=False,
    )
    out.print(
        f"tally {result.tally_value if result.tally_value is not None else 'unknown'}, "
        f"events {result.events_total}, {difference_text(result.difference)}",
        markup=False,
    )
    for place in result.by_place:
        out.print(
            f"{place.place}: tally {place.tally if place.tally is not None else 'unknown'}, "
            f"events {place.events}, {difference_text(place.difference)}",
            markup=False,
        )
    table = Table(title=f"{len(result.events)} event(s) counted")
    for col in ("event_id", "date", "place", "figure"):
        table.add_column(col, no_wrap=col in ("event_id", "date"))
    for counted in result.events:
        table.add_row(
            counted.event_id,
            counted.event_date or "",
            counted_place(counted.place, counted.location),
            "unknown" if counted.figure is None else str(counted.figure),
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``tallies`` and ``reconcile`` to the top-level command."""
    app.command("tallies")(tallies)
    app.command("reconcile")(reconcile)
