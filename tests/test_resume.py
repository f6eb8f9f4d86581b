"""Killing an ingest mid-run and running it again gives the database of one clean run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TABLES_QUERY = (
    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'"
)


def make_corpus(path: Path, n: int) -> None:
    towns = ["Kano", "Maiduguri", "Kaduna", "Jos", "Yola", "Sokoto"]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            town = towns[i % len(towns)]
            text = (
                f"Gunmen attacked a market in {town} on Monday, killing {i % 7 + 2} traders, police said.\n\n"
                f"Residents said the attackers arrived on motorcycles and fired at shoppers for nearly an hour. "
                f"Report number {i} of this series."
            )
            fh.write(
                json.dumps(
                    {"id": f"resume-{i:03d}", "text": text, "published": "2024-04-10", "outlet": "Test Desk"}
                )
            )
            fh.write("\n")


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute(TABLES_QUERY)]
        return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")), key=repr) for t in tables}


def count_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "eventwire.cli", "ingest", str(corpus), "--db", str(db), "--quiet"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")
def test_a_killed_ingest_resumes_to_the_same_database(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    n = 300
    make_corpus(corpus, n)

    clean = tmp_path / "clean.db"
    assert ingest(corpus, clean).wait(timeout=300) == 0

    crashed = tmp_path / "crashed.db"
    proc = ingest(corpus, crashed)
    deadline = time.monotonic() + 240
    while count_documents(crashed) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = children(proc.pid)
    if sys.platform.startswith("linux"):
        assert workers, "a long ingest runs worker processes"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stored_at_kill = count_documents(crashed)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers), "worker processes outlived the killed ingest"
    assert 0 < stored_at_kill < n, "the kill must land mid-run for this test to mean anything"

    assert ingest(corpus, crashed).wait(timeout=300) == 0
    assert dump(crashed) == dump(clean)
