"""``eventwire batch``: ``ingest`` with the pipeline run on Dask workers (see :mod:`eventwire.batch`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .cli_support import ConfigOption, err, errors, finish_ingest, prepare_gazetteer, run, settings_for

if TYPE_CHECKING:
    from .batch import BatchProgress


def batch(
    sources: Annotated[
        list[str], typer.Argument(help="Files, directories, feeds, URLs and Parquet files, as for ingest.")
    ],
    db: Annotated[
        str | None, typer.Option("--db", help="The store to load (default: $EVENTWIRE_DB or eventwire.db).")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="A running Dask scheduler (tcp://host:8786); none: a local cluster."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Local worker processes (default: one per core, at most 2)."),
    ] = None,
    partition_size: Annotated[
        int | None,
        typer.Option(
            "--partition-size",
            min=1,
            help="Documents per task (default: 4 tasks per worker, at most batch_size).",
        ),
    ] = None,
    config: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Like ingest, with the extraction shared out to Dask workers; the same documents give the same events."""
    from .batch import batch as run_batch
    from .batch import dask_client
    from .store import open_store

    settings = run(lambda: settings_for(db, config))
    run(lambda: prepare_gazetteer(settings))
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]batch"),
        BarColumn(),
        TextColumn("{task.fields[parts]} partitions"),
        TextColumn("{task.fields[rate]} docs/s"),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    task = progress.add_task("batch", total=None, parts="reading", rate="-", failed=0)

    def show(state: BatchProgress) -> None:
        total = state.partitions_total
        progress.update(
            task,
            total=total,
            completed=state.partitions_done,
            parts=f"{state.partitions_done}/{'?' if total is None else total}",
            rate=f"{state.documents_per_s:.1f}",
            failed=state.failures,
        )

    # the scheduler first: an unreachable one refuses the batch before the store is touched;
    # a store that refuses the --db closes the local cluster on the way out
    with (
        errors(),
        dask_client(scheduler, workers=workers) as client,
        open_store(settings.db, settings) as store,
    ):
        with progress:
            try:
                report = run_batch(sources, store, client=client, settings=settings,
                                   partition_size=partition_size, progress=show)  # fmt: skip
            except KeyboardInterrupt:
                err.print(
                    "interrupted: every document stored so far is complete; "
                    "run the same command again to finish (stored documents are skipped)",
                    markup=False,
                )
                raise typer.Exit(130) from None
        stats = store.stats()
    finish_ingest(report, stats, settings.db, quiet=quiet)
