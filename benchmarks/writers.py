"""Concurrent writers: several ``eventwire ingest`` processes on one SQLite file lose nothing.

Run by hand (numbers go in notes, never in test asserts)::

    .venv/bin/python benchmarks/writers.py --writers 3 --docs 300 --repeats 3

Builds ``--docs`` small one-document JSON files (reports of a few incidents), then, per repeat,
starts ``--writers`` real ``eventwire ingest`` processes at once on one new database, each over
an overlapping slice of the files (every file is in at least two slices; one slice runs in
reverse order). It prints per repeat the documents stored against the number of distinct files,
the failure lines the writers printed (a lost document shows as ``cannot store document``), and
the wall time against one serial ingest of all files.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOWNS = ["Oskarn", "Belvira", "Tamsk", "Quorl", "Edenmoor", "Vashti Flats", "Rellin", "Marrow Cove"]


def corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        text = (
            f"Gunmen attacked a police post in {town} on Monday, killing {i % 5 + 2} officers, "
            f"a spokesman said. Residents said the attackers fled toward the hills. Dispatch {i}."
        )
        path = folder / f"r{i:04d}.json"
        path.write_text(json.dumps({"id": f"b-{i:04d}", "text": text, "published": "2025-02-11"}), "utf-8")
        paths.append(path)
    return paths


def ingest(db: Path, files: list[Path]) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "eventwire.cli", "ingest", *map(str, files), "--db", str(db), "--quiet"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="eventwire-writers-"))
    files = corpus(work / "in", args.docs)

    started = time.perf_counter()
    serial = ingest(work / "serial.db", files)
    serial.communicate()
    serial_s = time.perf_counter() - started
    print(f"serial: {stored(work / 'serial.db')} of {len(files)} stored in {serial_s:.1f} s")

    k = args.writers
    span = max(1, (2 * len(files)) // k + 1)  # each file falls in about two slices
    for repeat in range(args.repeats):
        db = work / f"shared-{repeat}.db"
        slices = [
            files[(i * len(files)) // k :][:span] + files[: max(0, (i * len(files)) // k + span - len(files))]
            for i in range(k)
        ]
        slices[-1] = list(reversed(slices[-1]))
        started = time.perf_counter()
        procs = [ingest(db, part) for part in slices]
        errors = [p.communicate()[1] for p in procs]
        took = time.perf_counter() - started
        lost_lines = [line for e in errors for line in e.splitlines() if line.startswith("failed:")]
        codes = [p.returncode for p in procs]
        print(
            f"repeat {repeat + 1}: {k} writers, {stored(db)} of {len(files)} stored, "
            f"{len(lost_lines)} failure lines, exit codes {codes}, {took:.1f} s "
            f"({took / serial_s:.2f} x the serial run)"
        )
        for line in lost_lines[:5]:
            print("   ", line)


if __name__ == "__main__":
    main()
