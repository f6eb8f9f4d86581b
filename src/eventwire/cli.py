"""The command line: a thin shell over the library.

Each command parses its arguments, calls one library function and turns
named errors into one clear line on stderr. Exit codes: 0 done; 1 some items
of an ingest batch failed (bad input; the rest was stored); 2 a usage, settings
or database error; 3 an internal error (a bug: an item that made eventwire
itself fail, or an unexpected exception), reported as such; 130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from .cli_batch import batch as _batch
from .cli_eval import eval_app
from .cli_export import register as _register_export
from .cli_gazetteer import gazetteer_app
from .cli_merge import register as _register_merge
from .cli_support import (
    INTERNAL_ERROR,
    ActorOption,
    BboxOption,
    ConfigOption,
    CountryOption,
    DateFromOption,
    DateToOption,
    DbOption,
    EventTypeOption,
    JsonOption,
    ReportedAsOption,
    SearchOption,
    SubTypeOption,
    err,
    event_filter_of,
    finish_ingest,
    out,
    settings_for,
    summary_table,
)
from .cli_support import errors as _errors
from .cli_support import prepare_gazetteer as _prepare_gazetteer
from .cli_support import print_json as _print_json
from .cli_support import run as _run
from .cli_train import train as _train
from .cli_train import train_ranker as _train_ranker
from .cli_web import serve
from .errors import printable
from .merge.explain import merge_lines
from .model import PLACE_KEYS, Claim, Event, Range, Tally
from .settings import Settings

app = typer.Typer(
    help="eventwire: news reports about armed conflict in, structured and verifiable events out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(eval_app, name="eval")
gazetteer_app.command("train-ranker")(_train_ranker)
app.add_typer(gazetteer_app, name="gazetteer")
app.command()(serve)
app.command("train")(_train)
app.command("batch")(_batch)
_register_merge(app)
_register_export(app)


def _settings(db: str | None, config: Path | None) -> Settings:
    return settings_for(db, config)


# ---------------------------------------------------------------------------
# ingest and reading


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, feeds (file or URL), URLs.")],
    db: DbOption = None,
    config: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Read SOURCES, extract events and store them (already stored documents are skipped)."""
    from .ingest import ingest as run_ingest
    from .store import open_store

    settings = _run(lambda: _settings(db, config))
    _run(lambda: _prepare_gazetteer(settings))
    with _errors(), open_store(settings.db, settings) as store:
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}"),
            TimeElapsedColumn(),
            console=err,
            disable=quiet,
            transient=True,
        )
        with progress:
            task = progress.add_task("ingest", total=None, last="loading models")

            def note(kind: str, label: str) -> None:
                progress.update(task, advance=1, last=f"{kind}: {Path(label).name or label}"[:60])

            try:
                report = run_ingest(sources, store, settings=settings, progress=note)
            except KeyboardInterrupt:
                err.print(
                    "interrupted: every document stored so far is complete; "
                    "run the same command again to finish (stored documents are skipped)",
                    markup=False,
                )
                raise typer.Exit(130) from None
        stats = store.stats()
    finish_ingest(report, stats, settings.db, quiet=quiet)


@app.command()
def events(
    db: DbOption = None,
    config: ConfigOption = None,
    event_type: EventTypeOption = None,
    sub_event_type: SubTypeOption = None,
    country: CountryOption = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    actor: ActorOption = None,
    search: SearchOption = None,
    bbox: BboxOption = None,
    reported_as: ReportedAsOption = "all",
    limit: Annotated[int, typer.Option(min=1, help="At most this many events.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List stored events, filtered."""
    from .api import list_events

    settings = _run(lambda: _settings(db, config))
    filters = _run(
        lambda: event_filter_of(
            event_type=event_type,
            sub_event_type=sub_event_type,
            country=country,
            date_from=date_from,
            date_to=date_to,
            actor=actor,
            search=search,
            bbox=bbox,
            reported_as=reported_as,
            limit=limit,
        )
    )
    found = _run(lambda: list_events(settings, filters))
    if as_json:
        for ev in found:
            _print_json(ev.to_dict())
        return
    table = Table()
    for col in ("event_id", "date", "sub-event type", "location", "country", "actor1", "killed", "as"):
        table.add_column(col, no_wrap=col in ("event_id", "date"))
    for ev in found:
        killed = ev.fatalities.best if ev.fatalities.best is not None else ""
        table.add_row(
            ev.event_id,
            ev.event_date or "",
            ev.sub_event_type,
            ev.location or "",
            ev.country or "",
            ev.actor1 or "",
            str(killed),
            ev.reported_as,
        )
    out.print(table)
    out.print(f"{len(found)} event(s)")


# the event's place record, printed by `show` as one "place" line
_PLACE_KEYS = frozenset(PLACE_KEYS)


def _place_line(ev: Event) -> str:
    """E.g. 'Al Asad Air Base (airbase) in Anbar, Iraq [IRQ] at 33.7856, 42.4412;
    geo_precision 1, where_prec 1; gazetteer icao:ORAA; written "Al-Asad air base"'."""
    if ev.location is None and ev.country is None and ev.latitude is None:
        return "unknown"
    name = ev.location or "unnamed place"
    head = f"{name} ({ev.location_type})" if ev.location_type else name
    within = [x for x in (ev.admin2, ev.admin1, ev.country) if x and x != ev.location]
    if within:
        head += " in " + ", ".join(within)
    if ev.iso3:
        head += f" [{ev.iso3}]"
    if ev.latitude is not None and ev.longitude is not None:
        head += f" at {ev.latitude}, {ev.longitude}"
    parts = [head]
    codes = [
        f"{k} {v}"
        for k, v in (("geo_precision", ev.geo_precision), ("where_prec", ev.where_prec))
        if v is not None
    ]
    if codes:
        parts.append(", ".join(codes))
    if ev.gazetteer_id:
        parts.append(f"gazetteer {ev.gazetteer_id}")
    if ev.location_as_written:
        parts.append(f'written "{ev.location_as_written}"')
    elif ev.location_type == "country":
        parts.append("not written: the report's main country")
    return "; ".join(parts)


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An event id from `eventwire events`.")],
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one event with every evidence sentence, its document and speaker."""
    from .api import get_event

    settings = _run(lambda: _settings(db, config))
    ev = _run(lambda: get_event(settings, event_id))
    if as_json:
        _print_json(ev.to_dict())
        return
    d = ev.to_dict()
    for key, value in d.items():
        if key in ("sources", "claims", "merge") or (key in _PLACE_KEYS and key != "location"):
            continue
        if key == "location":
            key, value = "place", _place_line(ev)
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items() if v is not None) or "unknown"
        elif isinstance(value, list):
            value = "; ".join(value)
        text = escape("" if value is None else str(value))
        out.print(f"[bold]{key:15}[/bold] {text}", markup=True, highlight=False)
    notes = merge_lines(ev)
    out.print(f"[bold]reports[/bold] ({len(ev.merge)} document(s) merged)")
    for line in notes:
        out.print(f"  {line}", markup=False)
    out.print(f"[bold]evidence[/bold] ({len(ev.sources)} sentence(s))")
    for i, src in enumerate(ev.sources, 1):
        out.print(f"  {i}. “{src.sentence}”", markup=False)
        who = f"said by {src.speaker}; " if src.speaker else ""
        out.print(
            f"     {who}document {src.document_id} ({src.outlet or 'unknown outlet'}, "
            f"{src.published or 'undated'}), chars {src.char_start}-{src.char_end}"
            + (f", {src.url}" if src.url else ""),
            markup=False,
        )
    out.print(f"[bold]claims[/bold] ({len(ev.claims)})")
    for i, claim in enumerate(ev.claims, 1):
        out.print(f"  {i}. {claim_line(claim)}", markup=False)


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


def _who(name: str | None, title: str | None, organisation: str | None) -> str:
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
        f"{claim.stance}: {what}; said by {_who(claim.speaker, claim.speaker_title, claim.organisation)}; "
        f"outlet {claim.outlet or 'unknown'}; said on {claim.said_on or claim.published or 'unknown date'}"
    )


def _period(tally: Tally) -> str:
    start, end = tally.period_start, tally.period_end
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    return f"until {end}" if end else ""


def _breakdown_text(tally: Tally) -> str:
    parts = []
    for entry in tally.breakdown:
        value = entry.get("value")
        shown = range_text(Range.from_dict(value)) if isinstance(value, dict) else value
        parts.append(f"{entry.get('place')} {shown}")
    return "; ".join(parts)


@app.command()
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
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines instead of a table.")] = False,
) -> None:
    """List stored tallies: cumulative figures ("attacked 66 times since October 17")."""
    from .api import list_tallies, tally_filter

    settings = _run(lambda: _settings(db, config))
    filters = _run(lambda: tally_filter(metric=metric, date_from=date_from, date_to=date_to))
    found = _run(lambda: list_tallies(settings, filters))
    if as_json:
        for tally in found:
            _print_json(tally.to_dict())
        return
    table = Table()
    for col in ("tally_id", "metric", "subject", "value", "period", "breakdown", "said by"):
        table.add_column(col, no_wrap=col == "tally_id")
    for tally in found:
        value = range_text(tally.value)
        table.add_row(
            tally.tally_id,
            tally.metric,
            tally.subject or "",
            f"{tally.qualifier} {value}" if tally.qualifier else value,
            _period(tally),
            _breakdown_text(tally),
            _who(tally.speaker, tally.speaker_title, tally.organisation),
        )
    out.print(table)
    out.print(f"{len(found)} tally(ies)")


def _difference_text(difference: int | None) -> str:
    if difference is None:
        return "difference unknown (the tally gives no value)"
    if difference > 0:
        return f"missing {difference}"
    if difference < 0:
        return f"{-difference} more in the events than in the tally"
    return "no difference"


@app.command()
def reconcile(
    tally_id: Annotated[str, typer.Argument(help="A tally id from `eventwire tallies`.")],
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compare a tally with the stored events of the same metric, subject, places and period."""
    from .api import reconcile as run_reconcile

    settings = _run(lambda: _settings(db, config))
    result = _run(lambda: run_reconcile(settings, tally_id))
    if as_json:
        _print_json(result.to_dict())
        return
    tally = result.tally
    start, end = result.period
    out.print(
        f"tally {tally.tally_id}: {tally.metric}"
        + (f" ({tally.subject})" if tally.subject else "")
        + f", {(tally.qualifier + ' ') if tally.qualifier else ''}{range_text(tally.value)}"
        + f", said by {_who(tally.speaker, tally.speaker_title, tally.organisation)}",
        markup=False,
    )
    if tally.excludes:
        out.print(f"the tally excludes: {tally.excludes}", markup=False)
    from .api import violent_sub_event_types

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
        f"events {result.events_total}, {_difference_text(result.difference)}",
        markup=False,
    )
    for place in result.by_place:
        out.print(
            f"{place.place}: tally {place.tally if place.tally is not None else 'unknown'}, "
            f"events {place.events}, {_difference_text(place.difference)}",
            markup=False,
        )
    table = Table(title=f"{len(result.events)} event(s) counted")
    for col in ("event_id", "date", "place", "figure"):
        table.add_column(col, no_wrap=col in ("event_id", "date"))
    for counted in result.events:
        table.add_row(
            counted.event_id,
            counted.event_date or "",
            _counted_place(counted.place, counted.location),
            "unknown" if counted.figure is None else str(counted.figure),
        )
    out.print(table)


@app.command()
def stats(db: DbOption = None, config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """Counts of documents and events, by type and country."""
    from .api import store_stats

    settings = _run(lambda: _settings(db, config))
    data = _run(lambda: store_stats(settings))
    if as_json:
        _print_json(data)
        return
    out.print(summary_table(data))
    out.print(
        f"documents: {data['documents']}; events: {data['events']}; "
        f"dates {data.get('date_min') or '-'} to {data.get('date_max') or '-'}",
        markup=False,
    )


def _counted_place(place: str | None, location: str | None) -> str:
    """The place a reconciled event was counted under, with its own location when it differs:
    "Iraq (Al Asad Air Base)"."""
    if place and location and location != place:
        return f"{place} ({location})"
    return place or location or ""


def main() -> None:
    """Entry point of the `eventwire` command: an unexpected exception is an internal error
    (one line, exit status 3), never a traceback that exits like a failed item."""
    try:
        app()
    except Exception as exc:
        message = printable(f"{type(exc).__name__}: {exc}")
        sys.stderr.write(f"internal error: {message} (a bug in eventwire; please report it)\n")
        sys.exit(INTERNAL_ERROR)


if __name__ == "__main__":
    main()
