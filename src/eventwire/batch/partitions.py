"""The pipeline run over partitions on Dask workers, results handed back in input order.

:class:`DaskPipe` keeps the :class:`~eventwire.ingest.DocumentPipe` contract, so
:func:`~eventwire.ingest.ingest_documents` does everything around it exactly as ``ingest``
does (reading, checks, skipping stored documents, failures, storing, merging). Only the
stages run elsewhere.

* The documents are cut into consecutive partitions; a bounded window of them is in flight
  (two per worker thread, plus two), so the workers stay busy while the driver stores.
* The input is read as the window needs it: only a short input (four partitions' worth per
  worker thread) is read whole first, to size its partitions evenly; a longer one streams
  in partitions of the given or default size, so the driver never holds it all, and the
  partition total is told when the input ends.
* Results are taken in partition order and each partition's documents are yielded in their
  own order, so the store sees the documents in input order, as with ``ingest``.
* A worker that dies takes its running and held tasks with it: Dask computes them again
  elsewhere (or on the restarted worker). When a partition has been on too many dying
  workers (Dask's ``KilledWorker``), its documents are tried again one by one, and only a
  document that kills a worker again fails, as a crash, the way ``Pipeline.pipe`` handles a
  dying stage worker.

This module imports ``distributed`` and is only imported when a batch runs.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from itertools import chain, islice
from typing import Any

from distributed import Client, Future, KilledWorker

from ..errors import BatchError, ExtractionError, StageCrash
from ..model import Document
from ..pipeline.runner import ErrorHandler
from ..settings import Settings
from .worker import Failure, PartitionResult, PipelinePlugin, plugin_name, run_partition

WORKER_DIED = "Dask worker process died while extracting it (killed, or out of memory), twice"

PartitionFn = Callable[[int, int | None], None]
"""Called with (partitions done, partitions in all): once at the start, then as each
partition's documents are stored; the total is None while a streamed input is still read."""


def partition(docs: list[Document], size: int) -> list[list[Document]]:
    """``docs`` cut into consecutive lists of ``size`` (the last may be shorter)."""
    return [docs[i : i + size] for i in range(0, len(docs), size)]


def chunks(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive lists of ``size`` documents from ``docs``, read as they are asked for."""
    while part := list(islice(docs, size)):
        yield part


def auto_partition_size(documents: int, threads: int, cap: int) -> int:
    """Four partitions per worker thread when there are enough documents, at most ``cap`` each."""
    return max(1, min(cap, -(-documents // max(1, 4 * threads))))


class DaskPipe:
    """Runs the pipeline of ``settings`` on the workers of ``client``."""

    def __init__(
        self,
        client: Client,
        settings: Settings,
        *,
        partition_size: int | None = None,
        on_partition: PartitionFn | None = None,
    ) -> None:
        self.client = client
        self.settings = settings
        self.partition_size = partition_size
        self.on_partition = on_partition or (lambda done, total: None)
        self.name = plugin_name(settings)
        self.run_id = uuid.uuid4().hex[:12]
        self.partitions = 0  # how many partitions the last pipe() made
        self._submitted = 0

    def pipe(self, docs: Iterable[Document], *, on_error: ErrorHandler) -> Iterator[Document]:
        """Documents through the pipeline on the workers, in input order; failures to ``on_error``."""
        threads = max(1, sum(self._call(self.client.nthreads).values()))
        cap = self.partition_size or self.settings.batch_size
        stream = iter(docs)
        head = list(islice(stream, 4 * threads * cap + 1))
        total: int | None
        if len(head) <= 4 * threads * cap:  # the whole input: partitions sized to its total
            size = self.partition_size or auto_partition_size(len(head), threads, self.settings.batch_size)
            parts = partition(head, size)
            todo: Iterator[list[Document]] = iter(parts)
            total = len(parts)
        else:  # a long input streams; its total is known when it ends
            todo = chunks(chain(head, stream), cap)
            total = None
        del head
        self.partitions = total or 0
        self.on_partition(0, total)
        if total == 0:
            return
        self._call(lambda: self.client.register_plugin(PipelinePlugin(self.settings), name=self.name))
        window: deque[tuple[list[Document], Future]] = deque()
        made = 0

        def fill() -> None:
            nonlocal made, total
            while len(window) < 2 * threads + 2 and (total is None or made < total):
                part = next(todo, None)
                if part is None:
                    total = self.partitions = made
                    return
                made += 1
                window.append((part, self._submit(part)))

        fill()
        done_parts = 0
        while window:
            part, future = window.popleft()
            done, failed = self._result(part, future)
            fill()
            for doc, message, crashed in failed:
                on_error(doc, StageCrash(message) if crashed else ExtractionError(message))
            yield from done
            done_parts += 1
            self.on_partition(done_parts, total)

    def _submit(self, docs: list[Document]) -> Future:
        self._submitted += 1
        key = f"eventwire-partition-{self.run_id}-{self._submitted}"
        return self._call(lambda: self.client.submit(run_partition, docs, self.name, key=key, pure=False))

    def _result(self, docs: list[Document], future: Future) -> PartitionResult:
        try:
            result: PartitionResult = self._call(future.result)
        except KilledWorker:
            pass
        else:
            future.release()
            return result
        future.release()
        done: list[Document] = []
        failed: list[Failure] = []
        for doc, alone in [(doc, self._submit([doc])) for doc in docs]:
            try:
                one_done, one_failed = self._call(alone.result)
            except KilledWorker:
                one_done, one_failed = [], [(doc, WORKER_DIED, True)]
            alone.release()
            done += one_done
            failed += one_failed
        return done, failed

    def _call(self, func: Callable[[], Any]) -> Any:
        """``func()``; a lost connection to the scheduler becomes a BatchError naming it."""
        try:
            return func()
        except (OSError, CancelledError, TimeoutError) as exc:
            address = self.client.scheduler.address if self.client.scheduler else "(none)"
            reason = str(exc) or type(exc).__name__
            raise BatchError(f"Dask scheduler {address}: lost during the batch ({reason})") from None
