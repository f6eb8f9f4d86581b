"""What runs on a Dask worker: one Pipeline per worker process, built on first use.

:class:`PipelinePlugin` is registered once per pipeline configuration (its name carries a
digest of the settings, and it is idempotent), so the scheduler sends it to every worker,
restarted ones included, and a worker keeps its models across partitions and batches.
The pipeline always runs on the plugin's own single thread: whatever the worker's thread
count, one process loads the models once and never shares them between threads.

This module imports ``distributed`` and is only imported when a batch runs.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from distributed import WorkerPlugin, get_worker

from ..errors import EventwireError, StageCrash
from ..model import Document
from ..pipeline import Pipeline
from ..settings import Settings

Failure = tuple[Document, str, bool]
"""A document a stage failed on, the message, and whether the stage crashed (a bug)."""

PartitionResult = tuple[list[Document], list[Failure]]


def worker_settings(settings: Settings) -> Settings:
    """The settings a worker's pipeline runs with: no forked stage workers of its own (a Dask
    worker is a daemon process and already one of several), and no database (workers never
    touch the store)."""
    return replace(settings, db="", workers=1)


def plugin_name(settings: Settings) -> str:
    """The plugin's name for these settings: batches with the same pipeline share its models."""
    digest = hashlib.sha256(repr(worker_settings(settings)).encode("utf-8")).hexdigest()[:16]
    return f"eventwire-pipeline-{digest}"


class PipelinePlugin(WorkerPlugin):
    """Holds a worker process's Pipeline, built at its first partition and kept after."""

    idempotent = True  # registering the same configuration again keeps the loaded models

    def __init__(self, settings: Settings) -> None:
        self.settings = worker_settings(settings)
        self.name = plugin_name(settings)
        self.builds = 0  # how many times this process built the pipeline (1 once it has worked)
        self.partitions = 0  # partitions this process has run
        self._pipeline: Pipeline | None = None
        self._thread: ThreadPoolExecutor | None = None

    def setup(self, worker: Any) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="eventwire-pipeline")

    def teardown(self, worker: Any) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=False, cancel_futures=True)

    def run(self, docs: list[Document]) -> PartitionResult:
        """Run the pipeline over one partition on the plugin's thread."""
        if self._thread is None:  # setup not called: a plugin used outside a worker
            self.setup(None)
        assert self._thread is not None
        return self._thread.submit(self._run, docs).result()

    def _run(self, docs: list[Document]) -> PartitionResult:
        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings)
            self.builds += 1
        self.partitions += 1
        failures: list[Failure] = []

        def on_error(doc: Document, exc: Exception) -> None:
            failures.append((doc, str(exc), isinstance(exc, StageCrash)))

        done = list(self._pipeline.pipe(docs, on_error=on_error))
        for doc in (*done, *(d for d, _, _ in failures)):
            doc.spacy_doc = None  # a parse does not travel between processes
        return done, failures


def run_partition(docs: list[Document], name: str) -> PartitionResult:
    """The task of one partition: its documents through this worker's pipeline."""
    plugin = get_worker().plugins.get(name)
    if not isinstance(plugin, PipelinePlugin):
        raise EventwireError(
            f"worker {get_worker().address}: the eventwire pipeline plugin {name} is missing"
        )
    return plugin.run(docs)


def plugin_counts(dask_worker: Any, name: str) -> dict[str, int]:
    """On a worker (``client.run``): how often it built its pipeline and how many partitions it ran."""
    plugin = dask_worker.plugins.get(name)
    if not isinstance(plugin, PipelinePlugin):
        return {"builds": 0, "partitions": 0}
    return {"builds": plugin.builds, "partitions": plugin.partitions}
