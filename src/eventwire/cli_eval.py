"""``eventwire eval``: score eventwire against gold data sets (one command per format)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from .cli_support import ConfigOption, Group, JsonOption, err, out
from .cli_support import print_json as _print_json
from .cli_support import run as _run
from .settings import load_settings

eval_app = typer.Typer(cls=Group, help="Score eventwire against gold data sets.", no_args_is_help=True)

QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]


@contextmanager
def _progress(what: str, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress callback for a scorer: a bar on a terminal, a line per tenth done otherwise
    (a log file or CI shows how far a long run is); nothing with ``--quiet``."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn(f"[bold]scoring {what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )
    lines = not quiet and not err.is_terminal
    shown = 0  # tenths already reported as lines

    with bar:
        task = bar.add_task(what, total=None)

        def tick(done: int, total: int) -> None:
            nonlocal shown
            bar.update(task, completed=done, total=total)
            tenth = done * 10 // total if total else 10
            if lines and tenth > shown:
                shown = tenth
                err.print(f"scoring {what}: {done}/{total} ({done * 100 // max(total, 1)}%)", markup=False)

        yield tick


@eval_app.command("case2021")
def eval_case2021(
    path: Annotated[Path, typer.Argument(help="CASE 2021 task 2 TSV: id, EventSnippet, SubType.")],
    config: ConfigOption = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Sub-event typing: accuracy, micro, macro and weighted F1."""
    from .evaluate import run_case2021

    settings = _run(lambda: load_settings(config))
    with _progress("snippets", quiet) as tick:
        scores = _run(lambda: run_case2021(path, settings, tick))
    keys = ("n", "accuracy", "micro_f1", "macro_f1", "weighted_f1")
    if as_json:
        _print_json({k: scores[k] for k in keys})
        return
    for k in keys:
        out.print(f"{k:12} {scores[k]}", markup=False)


@eval_app.command("events")
def eval_events(
    path: Annotated[Path, typer.Argument(help="A folder in the corpus format (sentences/, articles/).")],
    config: ConfigOption = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Event typing on labelled sentences and articles: F1, new and background sentences found."""
    from .evaluate import run_events
    from .evaluate.events import KEYS

    settings = _run(lambda: load_settings(config))
    with _progress("sentences and articles", quiet) as tick:
        scores = _run(lambda: run_events(path, settings, tick))
    if as_json:
        _print_json({k: scores[k] for k in KEYS})
        return
    for k in KEYS:
        out.print(f"{k:22} {scores[k]}", markup=False)


@eval_app.command("acled")
def eval_acled(
    path: Annotated[Path, typer.Argument(help="ACLED CSV with NOTES and gold fields.")],
    config: ConfigOption = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N rows.")] = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Event type, fatalities, admin1 and location against ACLED's coding of NOTES."""
    from .evaluate.acled import KEYS, evaluate_acled

    settings = _run(lambda: load_settings(config))
    with _progress("rows", quiet) as tick:
        scores = _run(lambda: evaluate_acled(path, settings, limit=limit, progress=tick))
    if as_json:
        _print_json({k: scores[k] for k in KEYS})
        return
    for k in KEYS + ("fatalities_mae",):
        out.print(f"{k:20} {scores[k]}", markup=False)


@eval_app.command("geoparse")
def eval_geoparse(
    path: Annotated[
        Path, typer.Argument(help="Geoparsing corpus XML (LGL, GeoVirus, TR-News or GeoWebNews layout).")
    ],
    config: ConfigOption = None,
    gold_toponyms: Annotated[
        bool, typer.Option("--gold-toponyms", help="Resolve the gold spans instead of our own.")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N articles.")] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail on a toponym with impossible offsets instead of skipping it."),
    ] = False,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Toponym recognition (P/R/F1) and resolution (acc@161 km, median error, AUC).

    Toponyms with impossible offsets are skipped and counted ("skipped") unless --strict.
    """
    from .evaluate.geoparse import KEYS, evaluate_geoparse

    settings = _run(lambda: load_settings(config))
    with _progress("articles", quiet) as tick:
        scores = _run(
            lambda: evaluate_geoparse(
                path, settings, gold_toponyms=gold_toponyms, limit=limit, strict=strict, progress=tick
            )
        )
    if as_json:
        _print_json({k: scores[k] for k in KEYS})
        return
    for k in ("articles", "n"):
        out.print(f"{k:15} {scores[k]}", markup=False)
    for k in ("p", "r", "f1"):
        out.print(f"{'recognition_' + k:15} {scores['recognition'][k]}", markup=False)
    for k in ("acc161", "median_km", "auc", "skipped"):
        out.print(f"{k:15} {scores[k]}", markup=False)


@eval_app.command("timeml")
def eval_timeml(
    path: Annotated[Path, typer.Argument(help="Directory of TimeML (.tml) files, searched recursively.")],
    config: ConfigOption = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N files.")] = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Time expressions: span F1 (strict, relaxed) and accuracy of the normalised value."""
    from .evaluate.timeml import KEYS, evaluate_timeml

    settings = _run(lambda: load_settings(config))
    with _progress("files", quiet) as tick:
        scores = _run(lambda: evaluate_timeml(path, settings, limit=limit, progress=tick))
    if as_json:
        _print_json({k: scores[k] for k in KEYS})
        return
    for k in KEYS:
        out.print(f"{k:16} {scores[k]}", markup=False)
    for corpus, figures in sorted(scores.get("by_corpus", {}).items()):
        parts = ", ".join(f"{k} {figures[k]}" for k in KEYS if k in figures)
        out.print(f"  {corpus or '(top level)'}: {parts}", markup=False)


@eval_app.command("merge")
def eval_merge(
    path: Annotated[Path, typer.Argument(help="Merge gold folder: articles/*.json and gold.json.")],
    config: ConfigOption = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Cross-article merging: B-cubed P/R/F1, over-merged and split incidents, field accuracy."""
    from .evaluate.merge import FIELDS, KEYS, evaluate_merge

    settings = _run(lambda: load_settings(config))
    with _progress("articles", quiet) as tick:
        scores = _run(lambda: evaluate_merge(path, settings, progress=tick))
    if as_json:
        _print_json({k: scores[k] for k in KEYS})
        return
    for k in ("n_articles", "n_incidents"):
        out.print(f"{k:18} {scores[k]}", markup=False)
    for k in ("p", "r", "f1"):
        out.print(f"{'bcubed_' + k:18} {scores['bcubed'][k]}", markup=False)
    for k in ("over_merged", "split"):
        out.print(f"{k:18} {scores[k]}", markup=False)
    for k in FIELDS:
        out.print(f"{'field_' + k:18} {scores['fields'][k]}", markup=False)
