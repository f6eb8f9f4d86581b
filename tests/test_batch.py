"""``eventwire batch``: ingest with the pipeline on Dask workers.

Everything here is real: a LocalCluster of worker processes (one shared by the module, two
workers), SQLite files on disk, the default pipeline. What ``batch`` stores is compared,
field by field, with what ``ingest`` stores for the same inputs.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from batch_stages import REFUSE_MARKER, BatchTestStages
from eventwire.batch import BatchProgress, batch, dask_client
from eventwire.batch.worker import plugin_counts, plugin_name
from eventwire.cli import app
from eventwire.errors import BatchError
from eventwire.ingest import ingest
from eventwire.model import Document
from eventwire.pipeline import DEFAULT_STAGES, Pipeline
from eventwire.settings import Settings
from eventwire.store import open_store

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples"
MERGE = ROOT / "tests" / "fixtures" / "merge" / "articles"
runner = CliRunner()

GOOD = "Militia fighters raided the village of Harrow Creek in Tessaly province on Monday, killing three farmers, a local official said."


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """Two worker processes, one thread each, shared by the tests of this module."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR
    ) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster: LocalCluster) -> Iterator[Client]:
    """The test's own client on the shared cluster (batch connects its own, as --scheduler does)."""
    with Client(cluster, set_as_default=False) as own:
        yield own


def stored_events(db: Path | str) -> list[str]:
    """Every stored event as its full JSON record, sorted: what two runs must agree on."""
    with open_store(db) as store:
        return sorted(json.dumps(ev.to_dict(), sort_keys=True) for ev in store.events())


def run_ingest(sources: list[Path], db: Path, pipeline: Pipeline) -> tuple[object, list[str]]:
    with open_store(db) as store:
        report = ingest([str(s) for s in sources], store, pipeline=pipeline)
    return report, stored_events(db)


def run_batch(
    sources: list[Path],
    db: Path | str,
    cluster: LocalCluster,
    settings: Settings | None = None,
    **kwargs: object,
) -> tuple[object, list[str]]:
    with dask_client(cluster.scheduler_address) as connected, open_store(db) as store:
        report = batch([str(s) for s in sources], store, client=connected, settings=settings, **kwargs)  # type: ignore[arg-type]
    return report, stored_events(db)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> dict[str, list[str]]:
    """What ``ingest`` stores for the sample corpus and for the merge development set."""
    out = tmp_path_factory.mktemp("reference")
    return {
        name: run_ingest([path], out / f"{name}.db", pipeline)[1]
        for name, path in (("samples", SAMPLES), ("merge", MERGE))
    }


# -- the same events as ingest ---------------------------------------------------


@pytest.mark.parametrize("size", [1, 3, 1000], ids=["one-per-partition", "three", "all-in-one"])
@pytest.mark.parametrize("corpus", ["samples", "merge"])
def test_batch_stores_exactly_the_events_ingest_stores(
    corpus: str, size: int, cluster: LocalCluster, reference: dict[str, list[str]], tmp_path: Path
) -> None:
    source = SAMPLES if corpus == "samples" else MERGE
    report, events = run_batch([source], tmp_path / "batch.db", cluster, partition_size=size)
    assert report.failures == []  # type: ignore[attr-defined]
    assert events == reference[corpus]


def test_reports_of_one_incident_in_different_partitions_still_merge(
    cluster: LocalCluster, reference: dict[str, list[str]], tmp_path: Path
) -> None:
    # the merge set holds 52 reports of 13 incidents; one per partition puts every pair apart
    report, events = run_batch([MERGE], tmp_path / "b.db", cluster, partition_size=1)
    assert report.documents_added == 52  # type: ignore[attr-defined]
    assert len(events) < 52 and events == reference["merge"]


def test_batch_into_postgresql_stores_the_events_ingest_stores_in_sqlite(
    cluster: LocalCluster, reference: dict[str, list[str]], postgres: Any
) -> None:
    url = postgres.new_database()
    report, events = run_batch([MERGE], url, cluster, partition_size=3)
    assert report.failures == []  # type: ignore[attr-defined]
    assert events == reference["merge"]
    postgres.drop(url)


def test_the_pipeline_is_built_once_per_worker_however_many_partitions_it_runs(
    cluster: LocalCluster, client: Client, tmp_path: Path
) -> None:
    run_batch([MERGE], tmp_path / "b.db", cluster, partition_size=1)
    counts = client.run(plugin_counts, name=plugin_name(Settings()))
    assert len(counts) == 2
    assert sum(c["partitions"] for c in counts.values()) >= 52
    assert max(c["partitions"] for c in counts.values()) > 1
    assert all(c["builds"] == 1 for c in counts.values() if c["partitions"])


def test_progress_counts_partitions_documents_and_failures(cluster: LocalCluster, tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(
        "\n".join(json.dumps({"id": f"p{n}", "text": GOOD.replace("three", str(n + 2))}) for n in range(5))
        + "\n{broken\n",
        "utf-8",
    )
    seen: list[BatchProgress] = []
    run_batch([tmp_path / "in.jsonl"], tmp_path / "b.db", cluster, partition_size=2, progress=seen.append)
    parts = [(s.partitions_done, s.partitions_total) for s in seen if s.partitions_total is not None]
    assert parts[0] == (0, 3) and parts[-1] == (3, 3)
    assert seen[-1].documents == 6 and seen[-1].failures == 1
    assert seen[-1].documents_per_s > 0


def test_a_long_input_streams_through_the_workers_instead_of_being_read_whole(client: Client) -> None:
    from eventwire.batch.partitions import DaskPipe

    pulled = 0

    def documents() -> Iterator[Document]:
        nonlocal pulled
        for n in range(40):
            pulled += 1
            yield Document(f"s{n:02}", GOOD.replace("three", str(n + 2)))

    told: list[tuple[int, int | None]] = []
    pipe = DaskPipe(client, Settings(), partition_size=1, on_partition=lambda d, t: told.append((d, t)))
    out = pipe.pipe(documents(), on_error=lambda doc, exc: None)
    first = next(out)
    assert first.document_id == "s00" and pulled < 40  # stored before the input is all read
    assert [d.document_id for d in [first, *out]] == [f"s{n:02}" for n in range(40)]
    assert told[0] == (0, None) and told[-1] == (40, 40)  # the total, once the input ended


# -- faults ---------------------------------------------------------------------


def test_a_worker_killed_mid_batch_costs_nothing(
    cluster: LocalCluster, client: Client, reference: dict[str, list[str]], tmp_path: Path
) -> None:
    before = client.run(os.getpid)
    killed: list[int] = []

    def kill_one_worker(state: BatchProgress) -> None:
        if state.partitions_done == 3 and not killed:  # 49 partitions still to come
            pid = next(iter(before.values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    report, events = run_batch(
        [MERGE], tmp_path / "b.db", cluster, partition_size=1, progress=kill_one_worker
    )
    assert killed
    assert report.documents_added == 52 and report.failures == []  # type: ignore[attr-defined]
    with open_store(tmp_path / "b.db") as store:
        assert store.stats()["documents"] == 52
    assert events == reference["merge"]
    client.wait_for_workers(2, timeout=60)  # the nanny restarted it
    assert killed[0] not in client.run(os.getpid).values()


def test_bad_items_are_reported_and_counted_as_ingest_reports_them(
    cluster: LocalCluster, client: Client, pipeline: Pipeline, tmp_path: Path
) -> None:
    client.register_plugin(BatchTestStages())  # the refusing stage, known to the workers
    stages = (*DEFAULT_STAGES[:-1], "tests.batch_refuse_on_marker.v1", DEFAULT_STAGES[-1])
    settings = Settings(pipeline=stages)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.jsonl").write_text(
        json.dumps({"id": "good-1", "text": GOOD})
        + "\n{not json\n"
        + json.dumps({"id": "refused", "text": f"{REFUSE_MARKER}. {GOOD}"})
        + "\n"
        + json.dumps({"id": "x" * 600, "text": GOOD})
        + "\n",
        "utf-8",
    )
    pq.write_table(
        pa.table(
            {
                "id": ["good-2", "no-text", "good-3"],
                "text": [GOOD + " Two more died.", None, GOOD + " Later."],
            }
        ),
        inputs / "b.parquet",
    )
    (inputs / "empty.txt").write_text("", "utf-8")
    by_ingest, ingest_events = run_ingest([inputs], tmp_path / "i.db", Pipeline(settings, pipeline.resources))
    by_batch, batch_events = run_batch([inputs], tmp_path / "b.db", cluster, settings, partition_size=2)
    for report in (by_ingest, by_batch):
        assert report.documents_added == 3  # type: ignore[attr-defined]
    assert sorted(by_batch.failures) == sorted(by_ingest.failures)  # type: ignore[attr-defined]
    reasons = dict(by_batch.failures)  # type: ignore[attr-defined]
    assert len(reasons) == 5
    assert reasons[f"{inputs / 'a.jsonl'}:3"].endswith("ExtractionError: this document is refused on purpose")
    assert reasons[f"{inputs / 'b.parquet'}[1]"] == "record has no 'text' field"
    assert by_batch.internal_errors == 0  # type: ignore[attr-defined]
    assert batch_events == ingest_events


def test_documents_already_stored_are_skipped(cluster: LocalCluster, tmp_path: Path) -> None:
    first, _ = run_batch([SAMPLES], tmp_path / "b.db", cluster)
    again, _ = run_batch([SAMPLES], tmp_path / "b.db", cluster)
    assert again.documents_added == 0  # type: ignore[attr-defined]
    assert again.documents_skipped == first.documents_added  # type: ignore[attr-defined]


# -- the command ------------------------------------------------------------------


def test_the_command_on_its_own_local_cluster_of_one_worker(
    reference: dict[str, list[str]], tmp_path: Path
) -> None:
    before = set(multiprocessing.active_children())
    db = tmp_path / "one.db"
    result = runner.invoke(
        app, ["batch", str(MERGE), "--db", str(db), "--workers", "1", "--partition-size", "4"]
    )
    assert result.exit_code == 0, result.output
    assert "documents: 52 added, 0 already stored, 0 failed" in result.stdout
    assert stored_events(db) == reference["merge"]
    assert set(multiprocessing.active_children()) <= before  # its cluster is gone


def test_the_command_uses_a_running_scheduler(cluster: LocalCluster, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = runner.invoke(
        app,
        ["batch", str(SAMPLES / "corpus.jsonl"), "--db", str(db), "--scheduler", cluster.scheduler_address],
    )
    assert result.exit_code == 0, result.output
    assert "documents: 36 added" in result.stdout


def test_an_unreachable_scheduler_is_one_line_exit_2_and_nothing_written(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    db = tmp_path / "never.db"
    started = time.monotonic()
    result = runner.invoke(app, ["batch", str(SAMPLES), "--db", str(db), "--scheduler", address])
    assert time.monotonic() - started < 5
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: --scheduler {address}: cannot connect (connection refused)"
    assert not db.exists()


def test_a_scheduler_can_be_reached_from_code_that_runs_in_an_event_loop(cluster: LocalCluster) -> None:
    """As from a notebook, whose cells run inside an event loop."""

    async def cell(address: str) -> int:
        with dask_client(address) as connected:
            return int(connected.submit(sum, [1, 2]).result())

    assert asyncio.run(cell(cluster.scheduler_address)) == 3
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        unreachable = f"tcp://127.0.0.1:{free.getsockname()[1]}"
    with pytest.raises(BatchError, match="cannot connect"):
        asyncio.run(cell(unreachable))


def test_a_scheduler_that_never_answers_is_refused_within_the_timeout() -> None:
    with socket.socket() as silent:  # accepts connections, never speaks Dask
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(BatchError) as info, dask_client(address, connect_timeout=1):
            pass
    assert time.monotonic() - started < 4
    assert str(info.value).startswith(f"--scheduler {address}: cannot connect (")


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("nohost", "missing port number"),
        ("tcp://no-such-host.invalid:8786", "cannot connect"),
        ("  ", "empty"),
    ],
)
def test_a_malformed_scheduler_address_is_named(address: str, reason: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["batch", str(SAMPLES), "--db", str(tmp_path / "x.db"), "--scheduler", address]
    )
    assert result.exit_code == 2
    assert "--scheduler" in result.stderr and reason in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_a_database_the_store_refuses_is_one_line_and_leaves_no_cluster(tmp_path: Path) -> None:
    before = set(multiprocessing.active_children())
    missing = tmp_path / "no" / "such" / "dir"
    result = runner.invoke(app, ["batch", str(SAMPLES), "--db", str(missing / "x.db"), "--workers", "1"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(missing.parent.parent) in result.stderr
    assert set(multiprocessing.active_children()) <= before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers"),
        (["--partition-size", "0"], "--partition-size"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "--workers 2: only for a local cluster"),
    ],
)
def test_wrong_options_are_named_with_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(SAMPLES), "--db", str(tmp_path / "x.db"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.db").exists()


def test_the_library_refuses_a_partition_size_below_one(cluster: LocalCluster, tmp_path: Path) -> None:
    with pytest.raises(BatchError, match=r"--partition-size: must be a whole number of at least 1, got 0"):
        run_batch([SAMPLES], tmp_path / "x.db", cluster, partition_size=0)
