"""SQLite against PostgreSQL: the same synthetic documents stored in both, in one run (by hand).

    .venv/bin/python benchmarks/backends.py --n 10000
    .venv/bin/python benchmarks/backends.py --n 10000 --postgres postgresql://me@localhost:5432/postgres

The documents are ``benchmarks/merge.py``'s synthetic reports (one event each,
incidents told by several outlets, so the store merges as it goes); each is
stored with ``add_document`` on its own, as ``eventwire ingest`` stores them
(the pipeline's time is the same for both backends and left out). Without
``--postgres`` a throwaway cluster is started as the tests start one
(``tests/pg_server.py``); with it, a new database is made on that server (the
URL's user must be allowed to create databases) and dropped afterwards. The
two backends run one after the other in one process, so their ratio is the
figure to read on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from merge import _documents, generate  # noqa: E402

from eventwire import open_store  # noqa: E402


def store_all(address: str, data: Any) -> dict[str, Any]:
    """Store every synthetic document at ``address``, one transaction each; the figures."""
    started = time.perf_counter()
    with open_store(address) as store:
        for doc, events in _documents(data):
            store.add_document(doc, events)
        seconds = time.perf_counter() - started
        events_stored = store.count_events()
        t0 = time.perf_counter()
        listed = sum(1 for _ in store.events(details=False))
        list_seconds = time.perf_counter() - t0
        retries = getattr(store, "write_retries", 0)
    if address.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(address) as conn:
            size = int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])
    else:
        size = sum(f.stat().st_size for f in Path(address).parent.glob(Path(address).name + "*"))
    return {
        "seconds": round(seconds, 2),
        "docs_per_s": round(len(data.reports) / seconds, 1),
        "events": events_stored,
        "list_all_events_s": round(list_seconds, 3),
        "listed": listed,
        "write_retries": retries,
        "database_bytes": size,
        "bytes_per_event": round(size / max(events_stored, 1)),
        "bytes_per_document": round(size / len(data.reports)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="synthetic documents (default 10000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--postgres", help="a server's URL to make the database on (default: a throwaway cluster)"
    )
    args = parser.parse_args(argv)

    import pg_server

    server = pg_server.Server(admin_url=args.postgres) if args.postgres else pg_server.start()
    data = generate(args.n, args.seed)
    try:
        url = server.new_database(schema=False)
        with tempfile.TemporaryDirectory() as tmp:
            sqlite = store_all(str(Path(tmp) / "bench.db"), data)
        postgres = store_all(url, data)
        server.drop(url)
    finally:
        if not args.postgres:
            server.stop()
    figures = {
        "documents": args.n,
        "sqlite": sqlite,
        "postgresql": postgres,
        "postgresql_over_sqlite_time": round(postgres["seconds"] / sqlite["seconds"], 2),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
