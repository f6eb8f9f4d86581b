"""``eventwire corrections export|import``: an analyst's merges and splits as a file that
survives rebuilding the store and can be shared (format: :mod:`eventwire.corrections`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_support import ConfigOption, DbOption, Group, JsonOption, err, out, print_json, run, settings_for
from .store.base import Correction

corrections_app = typer.Typer(
    cls=Group,
    help="Carry merges and splits from one store to another (a versioned JSON file).",
    no_args_is_help=True,
)


@corrections_app.command("export")
def export_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="The JSON file to write.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Write every merge and split made in the store to a corrections file."""
    from .corrections import export_corrections

    settings = run(lambda: settings_for(db, config))
    n = run(lambda: export_corrections(settings, output))
    err.print(f"exported {n} correction(s) to {output}", markup=False)


@corrections_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="A file written by `eventwire corrections export`.")],
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Apply a corrections file: merges and splits whose reports are stored are made (events
    regrouped); each missing report is named. Exit status 1 when some were missing."""
    from .corrections import import_corrections

    settings = run(lambda: settings_for(db, config))
    done = run(lambda: import_corrections(settings, path))
    if as_json:
        print_json(
            {
                "applied": done.applied,
                "unchanged": done.unchanged,
                "missing": {r: len(cs) for r, cs in sorted(done.missing.items())},
            }
        )
    for report, left_out in sorted(done.missing.items()):
        err.print(
            f"missing: report {report} is not in the store; {len(left_out)} correction(s) naming it "
            "not applied (ingest its document, then import again)",
            markup=False,
        )
    if not as_json:
        out.print(
            f"corrections: {done.applied} applied, {done.unchanged} already in the store, "
            f"{_left_out(done.missing)} left out",
            markup=False,
        )
    if done.missing:
        raise typer.Exit(1)


def _left_out(missing: dict[str, list[Correction]]) -> int:
    """How many corrections were left out (one naming two missing reports counts once)."""
    return len({c for cs in missing.values() for c in cs})


def register(app: typer.Typer) -> None:
    """Add ``corrections`` to the top-level command."""
    app.add_typer(corrections_app, name="corrections")
