"""``eventwire batch``: ``ingest`` with the pipeline stages run on Dask workers.

>>> with dask_client(workers=2) as client, open_store("events.db") as store:  # doctest: +SKIP
...     report = batch(["news/", "archive.parquet"], store, client=client)

The driver (this process) reads the sources, checks and de-duplicates the documents, and
stores the results, in input order, through the same code as ``ingest``
(:func:`~eventwire.ingest.ingest_documents`); the workers only run the pipeline, one
Pipeline per worker process (see :mod:`eventwire.batch.worker`). Merging across documents
happens in the store as each document is added, so an incident whose reports fall into
different partitions still becomes one event, and the same documents give the same events
as ``ingest`` whatever the partitioning or the number of workers.

Nothing here imports Dask until a batch runs.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import BatchError
from ..intake import read_sources
from ..model import IngestReport
from ..settings import Settings
from ..store.base import Store

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["BatchProgress", "batch", "dask_client", "default_workers"]

CONNECT_TIMEOUT_S = 5.0
"""How long connecting to a ``--scheduler`` may take before the batch is refused."""


@dataclass(frozen=True)
class BatchProgress:
    """Where a batch stands; handed to the progress callback as it changes."""

    partitions_done: int
    partitions_total: int | None  # None until the inputs are read (a long input streams)
    documents: int  # documents finished so far: stored, skipped as stored, or failed
    failures: int
    elapsed_s: float

    @property
    def documents_per_s(self) -> float:
        return self.documents / self.elapsed_s if self.elapsed_s > 0 else 0.0


ProgressCallback = Callable[[BatchProgress], None]


def default_workers() -> int:
    """Local worker processes when none are asked for: one per core, at most 2."""
    return max(1, min(2, os.cpu_count() or 1))


def _check_positive(option: str, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise BatchError(f"{option}: must be a whole number of at least 1, got {value!r}")


def _reach(scheduler: str, timeout: float) -> None:
    """BatchError naming ``scheduler`` and the reason when it is no address, or (tcp) nothing
    listens there: a refused or unresolvable address is told at once, not after the timeout."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(scheduler)
        host, port = parse_host_port(location) if scheme == "tcp" else ("", 0)
    except ValueError as exc:
        raise BatchError(f"--scheduler {scheduler}: not a scheduler address ({exc})") from None
    if scheme == "tcp":
        try:
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            raise BatchError(f"--scheduler {scheduler}: cannot connect ({reason.lower()})") from None
    # something listens: it must answer as a Dask scheduler in time (a Client would wait forever)
    try:
        kind = _run_apart(lambda: asyncio.wait_for(_identity(scheduler, timeout), timeout))
    except TimeoutError:
        raise BatchError(
            f"--scheduler {scheduler}: cannot connect (no answer from a Dask scheduler within {timeout:g} s)"
        ) from None
    except Exception as exc:
        reason = str(exc) or type(exc).__name__
        raise BatchError(f"--scheduler {scheduler}: cannot connect ({reason})") from None
    if kind != "Scheduler":
        raise BatchError(
            f"--scheduler {scheduler}: cannot connect (it answers as {kind!r}, not a Dask scheduler)"
        )


def _run_apart(coroutine: Callable[[], Any]) -> Any:
    """Run the coroutine ``coroutine()`` makes to its end and return its result: in an event
    loop of its own, on a thread of its own when this thread already runs one (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine())
    with ThreadPoolExecutor(1, thread_name_prefix="eventwire-probe") as pool:
        return pool.submit(lambda: asyncio.run(coroutine())).result()


async def _identity(address: str, timeout: float) -> Any:
    """The ``type`` a Dask server at ``address`` says it is."""
    from distributed.comm import connect

    comm = await connect(address, timeout=timeout)
    try:
        await comm.write({"op": "identity", "reply": True})
        answer = await comm.read()
    finally:
        comm.abort()
    return answer.get("type") if isinstance(answer, dict) else None


@contextmanager
def dask_client(
    scheduler: str | None = None,
    *,
    workers: int | None = None,
    connect_timeout: float = CONNECT_TIMEOUT_S,
) -> Iterator[Client]:
    """A Dask client: connected to ``scheduler`` (an address such as ``tcp://host:8786``), or,
    without one, to a fresh ``LocalCluster`` of ``workers`` processes (one thread each), which
    is closed on the way out, whatever happens. Raises BatchError when the scheduler cannot be
    reached within ``connect_timeout`` seconds or an option is wrong."""
    _check_positive("--workers", workers)
    if scheduler is not None and workers is not None:
        raise BatchError(
            f"--workers {workers}: only for a local cluster; with --scheduler {scheduler} "
            "the scheduler's own workers run the batch"
        )
    from distributed import Client, LocalCluster

    if scheduler is not None:
        if not scheduler.strip():
            raise BatchError("--scheduler: empty address (expected e.g. tcp://host:8786)")
        _reach(scheduler, connect_timeout)
        try:
            client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
        except Exception as exc:  # distributed raises OSError, TimeoutError, ValueError... by cause
            reason = str(exc) or type(exc).__name__
            raise BatchError(f"--scheduler {scheduler}: cannot connect ({reason})") from None
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers or default_workers(),
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    try:
        with Client(cluster, set_as_default=False) as client:
            yield client
    finally:
        cluster.close()


def prepare_gazetteer(settings: Settings) -> None:
    """Compile the gazetteer here, once, before the workers open it, when it is missing or stale."""
    from ..gazetteer import Gazetteer

    path, entries = settings.gazetteer or None, settings.gazetteer_entries or None
    if not Gazetteer.is_current(path, entries):
        Gazetteer.load(path, entries).close()


def batch(
    sources: Iterable[str],
    store: Store,
    *,
    client: Client,
    settings: Settings | None = None,
    partition_size: int | None = None,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read ``sources``, run the pipeline on the workers of ``client``, store the documents with
    their events in input order; the report is what ``ingest`` would report for them.

    ``partition_size``: documents per task; None picks four partitions per worker thread, at
    most ``settings.batch_size`` documents each. A long input is read as the workers need it,
    not whole (see :mod:`eventwire.batch.partitions`). A bad item is reported in
    ``IngestReport.failures`` and the batch goes on, as with ``ingest``.
    """
    _check_positive("--partition-size", partition_size)
    settings = settings or Settings()
    from ..ingest import ingest_documents
    from .partitions import DaskPipe

    started = time.monotonic()
    report = IngestReport()
    state: dict[str, Any] = {"done": 0, "total": None, "documents": 0}

    def tell() -> None:
        if progress is not None:
            progress(
                BatchProgress(
                    partitions_done=state["done"],
                    partitions_total=state["total"],
                    documents=state["documents"],
                    failures=report.failed,
                    elapsed_s=time.monotonic() - started,
                )
            )

    def on_item(kind: str, label: str) -> None:
        state["documents"] += 1
        if kind == "failed":
            tell()

    def on_partition(done: int, total: int | None) -> None:
        state["done"], state["total"] = done, total
        tell()

    prepare_gazetteer(settings)
    pipe = DaskPipe(client, settings, partition_size=partition_size, on_partition=on_partition)
    return ingest_documents(
        read_sources(sources, settings),
        store,
        settings=settings,
        pipeline=pipe,
        progress=on_item,
        report=report,
    )
