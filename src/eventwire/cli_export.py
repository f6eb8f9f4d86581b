"""``eventwire export``: stored events, reports, claims, documents or tallies as JSON Lines,
CSV (ACLED's columns), GeoJSON or Parquet, filtered as ``eventwire events`` filters."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from .cli_support import (
    ActorOption,
    BboxOption,
    ConfigOption,
    CountryOption,
    DateFromOption,
    DateToOption,
    DbOption,
    EventTypeOption,
    ReportedAsOption,
    SearchOption,
    SubTypeOption,
    err,
    event_filter_of,
    run,
    settings_for,
)
from .errors import QueryError
from .settings import Settings
from .store.base import EventFilter, TallyFilter

if TYPE_CHECKING:
    from .api import ExportResult


def _filters(
    what: str,
    *,
    event_type: str | None,
    sub_event_type: str | None,
    country: str | None,
    date_from: str | None,
    date_to: str | None,
    actor: str | None,
    search: str | None,
    bbox: str | None,
    reported_as: str,
    settings: Settings,
) -> tuple[EventFilter | None, TallyFilter | None]:
    """The event filter (events, reports, claims) or tally filter (tallies: --from and --to,
    on the tally's period); QueryError for an option that does not apply to ``what``."""
    from .api import EVENT_EXPORTS
    from .filters import tally_filter

    if what in EVENT_EXPORTS:
        event_filter = event_filter_of(
            event_type=event_type,
            sub_event_type=sub_event_type,
            country=country,
            date_from=date_from,
            date_to=date_to,
            actor=actor,
            search=search,
            bbox=bbox,
            reported_as=reported_as,
            settings=settings,
        )
        return event_filter, None
    given = {
        "--type": event_type,
        "--sub-type": sub_event_type,
        "--country": country,
        "--actor": actor,
        "--search": search,
        "--bbox": bbox,
        "--reported-as": None if reported_as == "new" else reported_as,
    }
    if what != "tallies":
        given.update({"--from": date_from, "--to": date_to})
    unused = [option for option, value in given.items() if value is not None]
    if unused:
        kept = "; tallies take --from and --to" if what == "tallies" else ""
        raise QueryError(f"{', '.join(unused)}: filters select events, reports and claims, not {what}{kept}")
    if what == "tallies" and (date_from or date_to):
        return None, tally_filter(date_from=date_from, date_to=date_to)
    return None, None


def export(
    what: Annotated[
        str, typer.Option("--what", help="events, reports, claims, documents or tallies.")
    ] = "events",
    fmt: Annotated[
        str, typer.Option("--format", help="jsonl, csv, geojson (events, reports) or parquet.")
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default stdout); it appears only when complete."),
    ] = None,
    flat: Annotated[
        bool, typer.Option("--flat", help="GeoJSON: flat properties (no nested objects or lists), for QGIS.")
    ] = False,
    include_unlocated: Annotated[
        bool,
        typer.Option("--include-unlocated", help="GeoJSON: keep events without coordinates (geometry null)."),
    ] = False,
    event_type: EventTypeOption = None,
    sub_event_type: SubTypeOption = None,
    country: CountryOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    actor: ActorOption = None,
    search: SearchOption = None,
    bbox: BboxOption = None,
    reported_as: ReportedAsOption = "new",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Write stored events, reports, claims, documents or tallies as JSON Lines, CSV (ACLED's
    columns), GeoJSON or Parquet; events are filtered as `eventwire events` filters them."""
    from .api import export as run_export
    from .export import BINARY_FORMATS

    settings = run(lambda: settings_for(db, config))
    filters, tally_filters = run(
        lambda: _filters(
            what,
            event_type=event_type,
            sub_event_type=sub_event_type,
            country=country,
            date_from=date_from,
            date_to=date_to,
            actor=actor,
            search=search,
            bbox=bbox,
            reported_as=reported_as,
            settings=settings,
        )
    )
    name = fmt.strip().lower()
    if include_unlocated and name != "geojson":
        run(lambda: _refuse("--include-unlocated: only a GeoJSON export leaves events out"))
    keep_unlocated = include_unlocated or name != "geojson"

    def write(out: IO[Any] | None) -> ExportResult:
        return run_export(
            settings,
            what,
            fmt,
            out,
            path=output if out is None else None,
            filters=filters,
            tally_filters=tally_filters,
            flat=flat,
            include_unlocated=keep_unlocated,
        )

    if output is not None:
        result = run(lambda: write(None))
    elif name in BINARY_FORMATS:
        if sys.stdout.isatty():
            run(lambda: _refuse(f"--format {name} is binary: write it to a file with -o FILE"))
        result = run(lambda: write(sys.stdout.buffer))
    else:
        result = run(lambda: write(sys.stdout))
        sys.stdout.flush()
    err.print(f"exported {result.written} {what}" + (f" to {output}" if output else ""), markup=False)
    if result.left_out:
        err.print(
            f"left out {result.left_out} {what} without coordinates (--include-unlocated keeps them)",
            markup=False,
        )


def _refuse(message: str) -> None:
    raise QueryError(message)


def register(app: typer.Typer) -> None:
    """Add ``export`` to the top-level command."""
    app.command("export")(export)
