"""What every command module shares: the consoles, common options and error handling."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup, TyperOption

from .errors import EventwireError
from .model import IngestReport
from .settings import Settings, load_settings

INTERNAL_ERROR = 3
"""The exit status of a run that met a bug (1: some items failed; 2: usage or settings)."""

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Settings file (TOML) overriding the defaults.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ListJsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document (a list; [] when nothing matches).")
]
JsonlOption = Annotated[bool, typer.Option("--jsonl", help="Print JSON Lines: one object per line.")]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite database file or postgresql://USER@HOST:PORT/DB (default: $EVENTWIRE_DB or eventwire.db).",
    ),
]

T = TypeVar("T")


def show_flags(command: Any, ctx: Any) -> None:
    """Show ``command``'s boolean flags as flags in its help, without a ``<bool>`` type."""
    for param in command.get_params(ctx):
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""


class Group(TyperGroup):
    """A command group whose commands' help shows flags as flags (``--json``, not
    ``--json <bool>``); typer labels every option with its type, even a flag."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            show_flags(command, ctx)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        show_flags(self, ctx)
        super().format_help(ctx, formatter)


@contextmanager
def errors() -> Iterator[None]:
    """Named errors become one line on stderr and exit code 2."""
    try:
        yield
    except EventwireError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None


def run(func: Callable[[], T]) -> T:
    """``func()``, with named errors turned into exit code 2."""
    with errors():
        return func()


def settings_for(db: str | None, config: Path | None) -> Settings:
    """The settings from ``config`` (else the defaults and environment), with ``--db`` applied."""
    return load_settings(config).with_overrides(db=db)


def print_json(data: Any) -> None:
    """One line of JSON on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def print_list(items: list[Any], *, as_json: bool, as_jsonl: bool) -> bool:
    """Print ``items`` as one JSON document (``--json``) or JSON Lines (``--jsonl``);
    False when neither was asked for (the caller prints its table)."""
    if as_json and as_jsonl:
        err.print("error: --json and --jsonl: give one of them", markup=False)
        raise typer.Exit(2)
    if as_json:
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    elif as_jsonl:
        for item in items:
            print_json(item)
    return as_json or as_jsonl


def prepare_gazetteer(settings: Settings) -> None:
    """Build the gazetteer with progress lines when it is missing or out of date."""
    from .gazetteer import Gazetteer

    path, entries = settings.gazetteer or None, settings.gazetteer_entries or None
    if Gazetteer.is_current(path, entries):
        return
    err.print("building the gazetteer from installed packages (once; about 30 s)", markup=False)
    Gazetteer.load(path, entries, progress=lambda msg: err.print(f"  gazetteer: {msg}", markup=False)).close()


def summary_table(stats: dict[str, Any]) -> Table:
    """The store's events by type and country, new and background."""
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


def finish_ingest(report: IngestReport, stats: dict[str, Any], db: str, *, quiet: bool) -> None:
    """What ``ingest`` and ``batch`` print at the end (notes, failures, the summary), and their
    exit status: 3 when a failure was a bug, else 1 when an item failed."""
    for source, reason in report.notes:
        err.print(f"note: {source}: {reason}", markup=False)
    for source, reason in report.failures:
        err.print(f"failed: {source}: {reason}", markup=False)
    if not quiet:
        out.print(summary_table(stats))
        out.print(
            f"documents: {report.documents_added} added, {report.documents_skipped} already stored, "
            f"{report.failed} failed; events: {report.events_added} reported by the new documents; "
            f"store {db}: {stats['documents']} documents, {stats['events']} events after merging",
            markup=False,
        )
    if report.internal_errors:
        err.print(
            f"{report.internal_errors} of the failures above are internal errors (bugs in eventwire, "
            "not bad input): please report them",
            markup=False,
        )
        raise typer.Exit(INTERNAL_ERROR)
    if report.failed:
        raise typer.Exit(1)
