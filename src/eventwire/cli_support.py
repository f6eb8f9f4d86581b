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

from .errors import EventwireError
from .settings import Settings, load_settings

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Settings file (TOML) overriding the defaults.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite database file or postgresql://USER@HOST:PORT/DB (default: $EVENTWIRE_DB or eventwire.db).",
    ),
]

T = TypeVar("T")


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
