"""How ``eventwire batch`` scales with Dask workers (run by hand; numbers go in notes).

    PYTHONPATH=src .venv/bin/python benchmarks/scale.py workers --n 400
    PYTHONPATH=src .venv/bin/python benchmarks/scale.py workers --n 400 --counts 1,2 --partition-size 8

``workers``: the same N synthetic articles (invented places, people and outlets, written by
:func:`make_articles`, seeded) through ``batch`` once per worker count, each on a fresh
LocalCluster and a fresh SQLite file, in one run. Each run is timed from the first document
read to the last stored, after one warm-up partition has loaded the models on every worker,
so the figure is documents per second of the steady state. It prints the rate per worker
count and the ratio of each to the first.

Other measurements go in as further subcommands: a function ``measure_NAME(args)`` and a
parser in :func:`main`.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

PLACES = [
    "Velmora",
    "Ostrava Bridge",
    "Harrow Creek",
    "Kessin",
    "Dunmarrow",
    "Tarvel",
    "Orlesk",
    "Makuti Falls",
]
PROVINCES = ["Tessaly", "North Dorran", "Ibenza", "Kavar"]
ARMED = ["the Dorn Front", "the Red Hill Brigade", "Tessaly Defence Units", "the Marrow Guard"]
PEOPLE = ["Anselm Kord", "Mirela Vtask", "Joren Puhl", "Sabine Otero", "Idris Malek"]
OUTLETS = ["Velmora Courier", "Dorran Daily", "Ibenza Wire", "Kavar Evening Post"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LINES = [
    "Fighters of {armed} attacked a police post in {place}, {province} province, on {day}, killing {n} officers, {person}, a district official, said.",
    "A roadside bomb struck a bus near {place} on {day}, wounding {n} passengers, according to {person} of the local hospital.",
    "Soldiers clashed with {armed} outside {place} late on {day}; {n} fighters were killed, the army said in a statement.",
    "Hundreds of traders marched through {place} on {day} to protest against new market taxes, {person} told reporters.",
    "Residents of {place} said {armed} had abducted {n} farmers from their fields on {day}.",
    "The governor of {province} province, {person}, imposed a curfew on {place} after {day}'s violence.",
    "Aid workers said {n} families had fled {place} since the fighting began, and schools remained closed.",
    "Police in {province} arrested {n} people suspected of planning attacks on {place}, {person} said.",
]


def make_articles(n: int, seed: int = 7) -> list[dict[str, str]]:
    """N invented news records of 6 to 10 sentences, reproducible from ``seed``."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        day = 1 + i % 28
        lines = [
            rng.choice(LINES).format(
                armed=rng.choice(ARMED),
                place=rng.choice(PLACES),
                province=rng.choice(PROVINCES),
                day=rng.choice(DAYS),
                person=rng.choice(PEOPLE),
                n=rng.randint(2, 40),
            )
            for _ in range(rng.randint(6, 10))
        ]
        records.append(
            {
                "id": f"scale-{i}",
                "text": " ".join(lines),
                "published": f"2025-04-{day:02d}",
                "outlet": rng.choice(OUTLETS),
            }
        )
    return records


def time_batch(source: Path, workers: int, partition_size: int | None) -> tuple[float, int]:
    """Seconds to batch ``source`` on a fresh cluster of ``workers``, models already loaded."""
    from distributed import Client, LocalCluster

    from eventwire.batch import batch
    from eventwire.store import open_store

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR
        ) as cluster,
        Client(cluster) as client,
        tempfile.TemporaryDirectory() as tmp,
    ):
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text("\n".join(json.dumps(r) for r in make_articles(4 * workers, seed=99)) + "\n", "utf-8")
        with open_store(Path(tmp) / "warm.db") as store:  # loads the models on every worker
            batch([str(warm)], store, client=client, partition_size=1)
        with open_store(Path(tmp) / "bench.db") as store:
            started = time.perf_counter()
            report = batch([str(source)], store, client=client, partition_size=partition_size)
            elapsed = time.perf_counter() - started
    if report.failures:
        print(f"  {len(report.failures)} failures, first: {report.failures[0]}", file=sys.stderr)
    return elapsed, report.documents_added


def measure_workers(args: argparse.Namespace) -> None:
    """Documents per second through batch for each worker count, on the same articles."""
    counts = [int(c) for c in args.counts.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        records = make_articles(args.n)
        source.write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
        words = sum(len(r["text"].split()) for r in records) / len(records)
        print(f"{args.n} synthetic articles, {words:.0f} words each on average")
        rates = []
        for workers in counts:
            elapsed, added = time_batch(source, workers, args.partition_size)
            rates.append(added / elapsed)
            print(f"{workers} worker(s): {added} documents in {elapsed:.1f} s = {rates[-1]:.1f} docs/s")
    for workers, rate in zip(counts[1:], rates[1:], strict=True):
        print(f"ratio {workers} / {counts[0]} worker(s): {rate / rates[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="what", required=True)
    workers = sub.add_parser("workers", help="documents per second with 1 and 2 local workers")
    workers.add_argument("--n", type=int, default=400, help="articles (default 400)")
    workers.add_argument("--counts", default="1,2", help="worker counts, comma-separated (default 1,2)")
    workers.add_argument(
        "--partition-size", type=int, default=None, help="documents per task (default: auto)"
    )
    workers.set_defaults(run=measure_workers)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
