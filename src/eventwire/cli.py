"""The command line: a thin shell over the library.

Each command parses its arguments, calls one library function and turns
named errors into one clear line on stderr. Exit codes: 0 done; 1 some items
of an ingest batch failed (bad input; the rest was stored); 2 a usage, settings
or database error; 3 an internal error (a bug: an item that made eventwire
itself fail, or an unexpected exception), reported as such; 130 interrupted.

The commands live in ``cli_*.py`` modules; this one gathers them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from . import __version__
from .cli_batch import batch as _batch
from .cli_corrections import register as _register_corrections
from .cli_eval import eval_app
from .cli_events import register as _register_events
from .cli_export import register as _register_export
from .cli_gazetteer import gazetteer_app
from .cli_merge import register as _register_merge
from .cli_support import (
    INTERNAL_ERROR,
    ConfigOption,
    DbOption,
    Group,
    JsonOption,
    err,
    finish_ingest,
    out,
    settings_for,
    summary_table,
)
from .cli_support import errors as _errors
from .cli_support import prepare_gazetteer as _prepare_gazetteer
from .cli_support import print_json as _print_json
from .cli_support import run as _run
from .cli_tallies import register as _register_tallies
from .cli_train import train as _train
from .cli_train import train_ranker as _train_ranker
from .cli_web import serve
from .errors import printable
from .settings import Settings

app = typer.Typer(
    cls=Group,
    help="eventwire: news reports about armed conflict in, structured and verifiable events out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"eventwire {__version__}", markup=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """eventwire: news reports about armed conflict in, structured and verifiable events out."""


app.add_typer(eval_app, name="eval")
gazetteer_app.command("train-ranker")(_train_ranker)
app.add_typer(gazetteer_app, name="gazetteer")
app.command()(serve)
app.command("train")(_train)
app.command("batch")(_batch)
_register_events(app)
_register_tallies(app)
_register_merge(app)
_register_corrections(app)
_register_export(app)


def _settings(db: str | None, config: Path | None) -> Settings:
    return settings_for(db, config)


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, feeds (file or URL), URLs.")],
    db: DbOption = None,
    config: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Read SOURCES, extract events and store them (already stored documents are skipped)."""
    from .ingest import count_items
    from .ingest import ingest as run_ingest
    from .store import open_store

    settings = _run(lambda: _settings(db, config))
    _run(lambda: _prepare_gazetteer(settings))
    # a total for the bar: the inputs are counted first (local files only; URLs are not
    # fetched twice: then the bar shows documents per second instead)
    total = None if quiet else count_items(sources, settings)
    with _errors(), open_store(settings.db, settings) as store:
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            *([TimeRemainingColumn()] if total is not None else [TextColumn("{task.fields[rate]}")]),
            TextColumn("{task.fields[last]}"),
            TimeElapsedColumn(),
            console=err,
            disable=quiet,
            transient=True,
        )
        started = time.monotonic()
        with progress:
            task = progress.add_task("ingest", total=total, last="loading models", rate="")
            done = 0

            def note(kind: str, label: str) -> None:
                nonlocal done
                done += 1
                rate = f"{done / max(time.monotonic() - started, 1e-6):.1f} documents/s"
                progress.update(task, advance=1, rate=rate, last=f"{kind}: {Path(label).name or label}"[:40])

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
