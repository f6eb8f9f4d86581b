"""Latency of ``GET /events`` with a country and date filter (run by hand; never asserted in tests).

    .venv/bin/python benchmarks/api_latency.py /tmp/bench.db --events 100000 --requests 1000
    .venv/bin/python benchmarks/api_latency.py postgresql://me@localhost:5432/bench --events 1000000

Fills the store with synthetic events when it holds fewer than ``--events``
(see benchmarks/synthetic.py: an SQLite file through the store, a PostgreSQL
database in bulk with COPY), starts ``eventwire serve`` on 127.0.0.1 in a
separate process, warms it up, then sends ``--requests`` requests from
``--clients`` threads (a bounded load generator: each client waits for its
answer before the next request). Each request asks for one page (``--limit``)
of one country's events within a random 90-day window. Prints p50, p95 and
p99 latency, the throughput, and the status codes seen.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from eventwire import open_store
from eventwire.store import is_url

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import COUNTRIES, DAYS, START, bulk_fill_postgres, fill  # noqa: E402

HOST = "127.0.0.1"  # the load generator never talks to another address


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(db: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).parent / "eventwire"
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", db, "--host", HOST, "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300  # a server on a large store reads its map index first
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://{HOST}:{port}/stats", timeout=60.0)  # a large store answers slowly at first
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start within 300 s")


def queries(n: int, limit: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        country = rng.choice(COUNTRIES)
        first = START + timedelta(days=rng.randrange(DAYS - 90))
        last = first + timedelta(days=89)
        out.append(
            {
                "country": country[0] if rng.random() < 0.5 else country[1],
                "from": first.isoformat(),
                "to": last.isoformat(),
                "limit": str(limit),
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="an SQLite file or a postgresql:// URL")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="server processes (eventwire serve --workers)")
    args = parser.parse_args()

    db = str(args.db)
    stored = 0
    if is_url(db) or Path(db).exists():
        with open_store(db) as store:
            stored = store.count_events()
    if stored < args.events * 0.99:
        sys.stdout.write(f"filling {db} with {args.events} synthetic events...\n")
        stored = bulk_fill_postgres(db, args.events) if is_url(db) else fill(db, args.events)
    sys.stdout.write(f"store: {stored} events\n")

    port = free_port()
    proc = start_server(db, port, args.workers)
    base = f"http://{HOST}:{port}/events"
    try:
        work = queries(args.requests, args.limit, args.seed)
        with httpx.Client(timeout=120.0) as warm:
            warm.get(f"http://{HOST}:{port}/map/points")  # wait for the page's index to be read
            for params in work[:20]:
                warm.get(base, params=params)
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        rows: list[int] = []
        lock = threading.Lock()
        todo = iter(work)

        def client() -> None:
            with httpx.Client(timeout=30.0) as http:
                while True:
                    with lock:
                        params = next(todo, None)
                    if params is None:
                        return
                    started = time.perf_counter()
                    response = http.get(base, params=params)
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies.append(elapsed * 1000)
                        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                        if response.status_code == 200:
                            rows.append(response.json()["count"])

        began = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
    finally:
        proc.terminate()
        proc.wait(10)

    cuts = statistics.quantiles(latencies, n=100)
    sys.stdout.write(
        f"GET /events?country=..&from=..&to=..&limit={args.limit} on {stored} events, "
        f"{len(latencies)} requests from {args.clients} client(s) on {HOST}, {date.today()}\n"
        f"  p50 {cuts[49]:.1f} ms   p95 {cuts[94]:.1f} ms   p99 {cuts[98]:.1f} ms   "
        f"max {max(latencies):.1f} ms\n"
        f"  {len(latencies) / wall:.0f} requests/s; {statistics.mean(rows):.0f} events per page on average; "
        f"status codes {statuses}\n"
    )


if __name__ == "__main__":
    main()
