"""The long fuzz run: the CI fuzz targets (tests/fuzz_targets.py) over many more inputs.

Run by hand (numbers go in notes, never in test asserts)::

    .venv/bin/python benchmarks/fuzz.py --n 100000

The inputs are shared out between the targets in proportion to their cost (records 60%, any
bytes to any reader 25%, API queries 15%). Every input is timed; a target's AssertionError or
any other exception is a failure, recorded and printed (with the input) without stopping the
run. Prints, per target and in all: inputs tried, failures, the slowest input and its time,
and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

import fuzz_targets as targets  # noqa: E402


class Tally:
    """Inputs, failures and the slowest input of one target."""

    def __init__(self, name: str) -> None:
        self.name, self.tried, self.failures = name, 0, []  # type: ignore[var-annotated]
        self.slowest, self.slowest_input = 0.0, None

    def run(self, call: Callable[[], None], case: Any) -> None:
        start = time.perf_counter()
        try:
            call()
        except Exception as exc:  # every kind of failure is recorded, none stops the run
            self.failures.append((case, "".join(traceback.format_exception_only(exc)).strip()))
        took = time.perf_counter() - start
        self.tried += 1
        if took > self.slowest:
            self.slowest, self.slowest_input = took, case


def run(n: int, seed: int) -> list[Tally]:
    share = {"records": 0.60, "bytes": 0.25, "api": 0.15}
    plan = settings(
        max_examples=1,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.generate],  # no shrinking: failures are kept as generated
        suppress_health_check=list(HealthCheck),
    )
    tallies = [Tally(name) for name in share]
    records, raw, api = tallies

    from fastapi.testclient import TestClient

    from eventwire import Settings, open_store
    from eventwire.web.app import create_app

    db = str(Path(tempfile.mkdtemp()) / "fuzz.db")
    open_store(db).close()
    client = TestClient(create_app(Settings(db=db), warm_index=False))

    @settings(plan, max_examples=int(n * share["records"]))
    @given(targets.record_files())
    def fuzz_records(case: tuple[str, str]) -> None:
        records.run(lambda: targets.record_target(case), case)

    @settings(plan, max_examples=int(n * share["bytes"]))
    @given(targets.raw_inputs)
    def fuzz_bytes(case: tuple[str, bytes]) -> None:
        raw.run(lambda: targets.bytes_target(case), case)

    @settings(plan, max_examples=int(n * share["api"]))
    @given(path=targets.api_paths, params=targets.queries)
    def fuzz_api(path: str, params: dict[str, str]) -> None:
        api.run(lambda: targets.api_target(client, path, params), (path, params))

    import random

    random.seed(seed)
    for fuzz in (fuzz_records, fuzz_bytes, fuzz_api):
        started = time.perf_counter()
        fuzz()
        print(f"  {fuzz.__name__}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="inputs in all")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    import logging

    logging.disable(logging.CRITICAL)  # trafilatura logs every empty page
    started = time.perf_counter()
    tallies = run(args.n, args.seed)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'target':10} {'inputs':>8} {'failures':>9} {'slowest s':>10}")
    for t in tallies:
        print(f"{t.name:10} {t.tried:8d} {len(t.failures):9d} {t.slowest:10.3f}")
    total = sum(t.tried for t in tallies)
    failures = sum(len(t.failures) for t in tallies)
    print(f"{'all':10} {total:8d} {failures:9d} {max(t.slowest for t in tallies):10.3f}")
    print(f"wall {time.perf_counter() - started:.0f} s; peak RSS {rss_mb:.0f} MB")
    for t in tallies:
        print(f"slowest {t.name} input: {str(t.slowest_input)[:200]!r}")
        for case, reason in t.failures[:5]:
            print(f"FAILED {t.name}: {reason[:300]}\n  input: {str(case)[:300]!r}")


if __name__ == "__main__":
    main()
