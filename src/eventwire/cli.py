"""The command line: a thin shell over the library.

Each command parses its arguments, calls one library function and turns
named errors into one clear line on stderr (exit code 2; 1 when an ingest
batch had failures).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

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

from .cli_gazetteer import gazetteer_app
from .cli_support import ConfigOption, JsonOption, err, out
from .cli_support import errors as _errors
from .cli_support import print_json as _print_json
from .cli_support import run as _run
from .model import Event
from .settings import Settings, load_settings

app = typer.Typer(
    help="eventwire: news reports about armed conflict in, structured and verifiable events out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score eventwire against gold data sets.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(gazetteer_app, name="gazetteer")


DbOption = Annotated[
    str | None, typer.Option("--db", help="SQLite database file (default: $EVENTWIRE_DB or eventwire.db).")
]


def _settings(db: str | None, config: Path | None) -> Settings:
    return load_settings(config).with_overrides(db=db)


def _summary_table(stats: dict[str, Any]) -> Table:
    table = Table(title="Events by type and country")
    table.add_column("event type")
    table.add_column("country")
    table.add_column("new", justify="right")
    table.add_column("background", justify="right")
    for row in stats["by_type_country"]:
        table.add_row(
            row["event_type"], row["country"] or "(unknown)", str(row["new"]), str(row["background"])
        )
    return table


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
    for source, reason in report.failures:
        err.print(f"failed: {source}: {reason}", markup=False)
    if not quiet:
        out.print(_summary_table(stats))
        out.print(
            f"documents: {report.documents_added} added, {report.documents_skipped} already stored, "
            f"{report.failed} failed; events: {report.events_added} added; "
            f"store {settings.db}: {stats['documents']} documents, {stats['events']} events",
            markup=False,
        )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOption = None,
    config: ConfigOption = None,
    event_type: Annotated[str | None, typer.Option("--type", help="ACLED event type.")] = None,
    sub_event_type: Annotated[str | None, typer.Option("--sub-type", help="ACLED sub-event type.")] = None,
    country: Annotated[str | None, typer.Option(help="Country name or ISO3 code.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First event date, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last event date, YYYY-MM-DD.")] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor's name.")] = None,
    search: Annotated[str | None, typer.Option(help="Full-text search in the evidence sentences.")] = None,
    reported_as: Annotated[str | None, typer.Option(help="new or background.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many events.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List stored events, filtered."""
    from .api import event_filter, list_events

    settings = _run(lambda: _settings(db, config))
    filters = _run(
        lambda: event_filter(
            event_type=event_type,
            sub_event_type=sub_event_type,
            country=country,
            date_from=date_from,
            date_to=date_to,
            actor=actor,
            text=search,
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
_PLACE_KEYS = frozenset(
    {
        "country",
        "iso3",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "where_prec",
        "location_as_written",
        "gazetteer_id",
        "location_type",
    }
)


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
        if key == "sources" or (key in _PLACE_KEYS and key != "location"):
            continue
        if key == "location":
            key, value = "place", _place_line(ev)
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items() if v is not None) or "unknown"
        elif isinstance(value, list):
            value = "; ".join(value)
        text = escape("" if value is None else str(value))
        out.print(f"[bold]{key:15}[/bold] {text}", markup=True, highlight=False)
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


@app.command()
def stats(db: DbOption = None, config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """Counts of documents and events, by type and country."""
    from .api import store_stats

    settings = _run(lambda: _settings(db, config))
    data = _run(lambda: store_stats(settings))
    if as_json:
        _print_json(data)
        return
    out.print(_summary_table(data))
    out.print(
        f"documents: {data['documents']}; events: {data['events']}; "
        f"dates {data.get('date_min') or '-'} to {data.get('date_max') or '-'}",
        markup=False,
    )


@app.command()
def export(
    what: Annotated[str, typer.Option("--what", help="events or documents.")] = "events",
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or geojson.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Write stored events or documents as JSON Lines, CSV (ACLED column names) or GeoJSON."""
    from .api import export as run_export

    settings = _run(lambda: _settings(db, config))
    if output is None:
        n = _run(lambda: run_export(settings, what, fmt, sys.stdout))
    else:
        try:
            handle = output.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            err.print(f"error: {output}: cannot write ({exc.strerror})", markup=False)
            raise typer.Exit(2) from None
        with handle:
            n = _run(lambda: run_export(settings, what, fmt, handle))
    err.print(f"exported {n} {what}", markup=False)


# ---------------------------------------------------------------------------
# evaluation


@eval_app.command("case2021")
def eval_case2021(
    path: Annotated[Path, typer.Argument(help="CASE 2021 task 2 TSV: id, EventSnippet, SubType.")],
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Sub-event typing: accuracy, micro, macro and weighted F1."""
    from .evaluate import run_case2021

    settings = _run(lambda: _settings(None, config))
    scores = _run(lambda: run_case2021(path, settings))
    keys = ("n", "accuracy", "micro_f1", "macro_f1", "weighted_f1")
    if as_json:
        _print_json({k: scores[k] for k in keys})
        return
    for k in keys:
        out.print(f"{k:12} {scores[k]}", markup=False)


@eval_app.command("acled")
def eval_acled(
    path: Annotated[Path, typer.Argument(help="ACLED CSV with NOTES and gold fields.")],
    config: ConfigOption = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N rows.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Event type, fatalities, admin1 and location against ACLED's coding of NOTES."""
    from .evaluate.acled import KEYS, evaluate_acled

    settings = _run(lambda: _settings(None, config))
    scores = _run(lambda: evaluate_acled(path, settings, limit=limit))
    if as_json:
        _print_json({k: scores[k] for k in KEYS})
        return
    for k in KEYS + ("fatalities_mae",):
        out.print(f"{k:20} {scores[k]}", markup=False)


@eval_app.command("geoparse")
def eval_geoparse(
    path: Annotated[Path, typer.Argument(help="Geoparsing corpus XML (LGL or GeoVirus dialect).")],
    config: ConfigOption = None,
    gold_toponyms: Annotated[
        bool, typer.Option("--gold-toponyms", help="Resolve the gold spans instead of our own.")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N articles.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Toponym recognition (P/R/F1) and resolution (acc@161 km, median error, AUC)."""
    from .evaluate.geoparse import KEYS, evaluate_geoparse

    settings = _run(lambda: _settings(None, config))
    scores = _run(lambda: evaluate_geoparse(path, settings, gold_toponyms=gold_toponyms, limit=limit))
    if as_json:
        _print_json({k: scores[k] for k in KEYS})
        return
    for k in ("articles", "n"):
        out.print(f"{k:15} {scores[k]}", markup=False)
    for k in ("p", "r", "f1"):
        out.print(f"{'recognition_' + k:15} {scores['recognition'][k]}", markup=False)
    for k in ("acc161", "median_km", "auc"):
        out.print(f"{k:15} {scores[k]}", markup=False)


def _prepare_gazetteer(settings: Settings) -> None:
    """Build the gazetteer with progress lines when it is missing or out of date."""
    from .gazetteer import Gazetteer

    path, entries = settings.gazetteer or None, settings.gazetteer_entries or None
    if Gazetteer.is_current(path, entries):
        return
    err.print("building the gazetteer from installed packages (once; about 30 s)", markup=False)
    Gazetteer.load(path, entries, progress=lambda msg: err.print(f"  gazetteer: {msg}", markup=False)).close()


def main() -> None:
    """Entry point of the `eventwire` command."""
    app()


if __name__ == "__main__":
    main()
