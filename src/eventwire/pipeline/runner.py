"""Runs the registered stages over documents, in batches, with an error handler."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Any

from ..errors import EventwireError, ExtractionError, StageCrash
from ..model import Document
from ..settings import Settings
from .registry import Stage, create_stage, pipe_stage
from .resources import Resources

DEFAULT_STAGES: tuple[str, ...] = (
    "eventwire.spacy.v1",  # sentences, paragraphs, entities
    "eventwire.speakers.v1",  # who said each sentence
    "eventwire.times.v1",  # time expressions resolved to dates
    "eventwire.places.v1",  # place mentions looked up in the gazetteer
    "eventwire.quantities.v1",  # killed / injured / abducted / arrested counts
    "eventwire.tallies.v1",  # cumulative statements ("66 attacks since October 17")
    "eventwire.event_types.v1",  # event mentions typed with ACLED sub-event types (v2: the trained models)
    "eventwire.actors.v1",  # actor mentions, normalised, with roles in each event mention
    "eventwire.weapons.v1",  # weapon mentions, normalised
    "eventwire.assemble.v1",  # mentions grouped into Events
)

ErrorHandler = Callable[[Document, Exception], None]
"""Called with a document that a stage failed on and the ExtractionError (a StageCrash when the
stage raised anything but an eventwire error: a bug)."""

Failure = tuple[Document, str, bool]  # (document, message, whether the stage crashed)


def raise_error(doc: Document, exc: Exception) -> None:
    """The default error handler: re-raise as ExtractionError."""
    raise ExtractionError(f"{doc.source or doc.document_id}: {type(exc).__name__}: {exc}") from exc


class Pipeline:
    """The configured chain of stages.

    >>> pipeline = Pipeline()                      # doctest: +SKIP
    >>> doc = pipeline(Document("d1", "Gunmen killed two police officers in Kano on Monday."))
    >>> [e.sub_event_type for e in doc.events]
    ['Attack']
    """

    def __init__(self, settings: Settings | None = None, resources: Resources | None = None) -> None:
        self.settings = settings or Settings()
        self.resources = resources or Resources(self.settings)
        names = self.settings.pipeline or DEFAULT_STAGES
        self.stage_names: tuple[str, ...] = tuple(names)
        self.stages: list[tuple[str, Stage]] = [
            (name, create_stage(name, self.resources, self._stage_config(name))) for name in self.stage_names
        ]

    def _stage_config(self, name: str) -> dict[str, Any]:
        """The stage's config from the settings; the parse takes the settings' max_sentences."""
        config = dict(self.settings.stage_config.get(name) or {})
        if name == "eventwire.spacy.v1":
            config.setdefault("max_sentences", self.settings.max_sentences)
        return config

    def __call__(self, doc: Document) -> Document:
        """Annotate one document in place and return it."""
        for name, stage_obj in self.stages:
            try:
                stage_obj(doc)
            except Exception as exc:  # stage bugs become one named error
                raise ExtractionError(
                    f"{doc.source or doc.document_id}: stage {name} failed: {type(exc).__name__}: {exc}"
                ) from exc
        return doc

    def pipe(
        self,
        docs: Iterable[Document],
        batch_size: int | None = None,
        on_error: ErrorHandler = raise_error,
    ) -> Iterator[Document]:
        """Annotate documents in batches; yields each document that succeeded, in order.

        A document that makes a stage fail is handed to ``on_error`` and dropped
        from the batch, the rest go on. With ``settings.workers`` > 1 (0: up to 2,
        one per core) a long input is shared out to forked worker processes that
        run the whole pipeline; the parse (``spacy_doc``) then stays in the worker.
        """
        size = batch_size or self.settings.batch_size
        it = iter(docs)
        workers = self.settings.workers or min(2, os.cpu_count() or 1)
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            head = list(islice(it, size * 4))
            if len(head) == size * 4:  # long enough to pay for the workers
                yield from self._pipe_parallel(chain(head, it), size, workers, on_error)
                return
            it = iter(head)
        while batch := list(islice(it, size)):
            done, failed = self._run_batch(batch)
            for doc, message, crashed in failed:
                on_error(doc, _error(message, crashed))
            yield from done

    def _run_batch(self, batch: list[Document]) -> tuple[list[Document], list[Failure]]:
        """Every stage over the batch; a failing document is retried alone, then dropped."""
        ok = list(batch)
        failed: list[Failure] = []
        for name, stage_obj in self.stages:
            try:
                pipe_stage(stage_obj, ok)
            except Exception:
                survivors = []
                for doc in ok:
                    try:
                        pipe_stage(stage_obj, [doc])
                        survivors.append(doc)
                    except Exception as exc:
                        crashed = not isinstance(exc, EventwireError)  # a bug, not a refusal
                        failed.append((doc, f"stage {name} failed: {type(exc).__name__}: {exc}", crashed))
                ok = survivors
        return ok, failed

    def _pipe_parallel(
        self, docs: Iterator[Document], size: int, workers: int, on_error: ErrorHandler
    ) -> Iterator[Document]:
        global _FORKED
        # load the model and the gazetteer once, before forking: the workers share them
        _ = self.resources.nlp, self.resources.gazetteer
        _FORKED = self
        ctx = multiprocessing.get_context("fork")
        batches = iter(lambda: list(islice(docs, size)), [])
        # batches are read in this thread (the input may come from a database connection
        # that belongs to it) and at most 2 per worker wait, so memory stays bounded
        pending: deque[tuple[list[Document], Future[BatchResult]]] = deque()
        pool = _pool(ctx, workers)
        try:
            for batch in batches:
                pending.append((batch, pool.submit(_run_in_worker, batch)))
                while len(pending) >= workers * 2 or (pending and pending[0][1].done()):
                    result, pool = _next_result(pending, pool, ctx, workers)
                    yield from _settle(result, on_error)
            while pending:
                result, pool = _next_result(pending, pool, ctx, workers)
                yield from _settle(result, on_error)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


BatchResult = tuple[list[Document], list[Failure]]

WORKER_DIED = "stage worker process died while extracting it (killed by the system, perhaps out of memory)"


def _pool(ctx: Any, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker)


def _next_result(
    pending: deque[tuple[list[Document], Future[BatchResult]]],
    pool: ProcessPoolExecutor,
    ctx: Any,
    workers: int,
) -> tuple[BatchResult, ProcessPoolExecutor]:
    """The oldest pending batch's result, and the pool to go on with.

    When a worker dies (killed, out of memory), the pool breaks and takes every pending batch
    with it: their documents are then tried again one by one in a fresh pool, so only a
    document that kills a worker again fails (a crash, reported as such) and nothing stalls.
    """
    try:
        result = pending[0][1].result()
    except BrokenProcessPool:
        pass
    else:
        pending.popleft()
        return result, pool
    again = [doc for batch, _ in pending for doc in batch]
    pending.clear()
    pool.shutdown(wait=True, cancel_futures=True)
    pool = _pool(ctx, workers)
    done: list[Document] = []
    failed: list[Failure] = []
    for doc in again:
        try:
            one_done, one_failed = pool.submit(_run_in_worker, [doc]).result()
        except BrokenProcessPool:
            failed.append((doc, WORKER_DIED, True))
            pool.shutdown(wait=True, cancel_futures=True)
            pool = _pool(ctx, workers)
            continue
        done += one_done
        failed += one_failed
    return (done, failed), pool


def _settle(result: tuple[list[Document], list[Failure]], on_error: ErrorHandler) -> Iterator[Document]:
    done, failed = result
    for doc, message, crashed in failed:
        on_error(doc, _error(message, crashed))
    yield from done


def _error(message: str, crashed: bool) -> ExtractionError:
    return StageCrash(message) if crashed else ExtractionError(message)


_FORKED: Pipeline | None = None  # the pipeline a forked worker inherits


def _init_worker() -> None:
    """In a worker: leave Ctrl-C to the parent, and die with it (Linux), so that killing
    an ingest never leaves workers behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _run_in_worker(batch: list[Document]) -> tuple[list[Document], list[Failure]]:
    assert _FORKED is not None
    done, failed = _FORKED._run_batch(batch)
    for doc in (*done, *(d for d, _, _ in failed)):
        doc.spacy_doc = None  # a parse does not travel between processes
    return done, failed
