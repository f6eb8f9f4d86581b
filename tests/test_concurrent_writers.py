"""Several writers on one SQLite file: every document lands, and the file ends as one serial run.

Each writer is a real process. A tiny busy timeout makes the writers collide on nearly every
write, so what keeps documents from being lost is the store's own retry with backoff, not luck.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

TABLES = (
    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'"
)

TOWNS = ["Oskarn", "Belvira", "Tamsk", "Quorl", "Edenmoor", "Vashti Flats", "Rellin", "Marrow Cove"]

WRITER = textwrap.dedent(
    """
    import json, sys
    from eventwire import Pipeline, Settings, ingest
    from eventwire.store.sqlite import SQLiteStore

    db, busy, *sources = sys.argv[1:]
    store = SQLiteStore(db, busy_timeout=float(busy))
    report = ingest(sources, store, pipeline=Pipeline(Settings(workers=1)))
    store.close()
    print(json.dumps({"added": report.documents_added, "skipped": report.documents_skipped,
                      "failures": report.failures, "retries": store.write_retries}))
    """
)


def content(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, sorted, without row numbers (they follow the order of the writes)."""
    with sqlite3.connect(db) as conn:
        found = {}
        for (table,) in conn.execute(TABLES).fetchall():
            columns = [
                name
                for _, name, kind, _, _, pk in conn.execute(f"PRAGMA table_info({table})")
                if not (pk == 1 and kind.upper() == "INTEGER")
            ]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
            found[table] = sorted(map(tuple, rows), key=repr)
        return found


def corpus(folder: Path, n: int) -> list[Path]:
    """``n`` one-document files: reports of a few incidents, some told by several outlets."""
    folder.mkdir()
    paths = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        text = (
            f"Gunmen attacked a police post in {town} on Monday, killing {i % 5 + 2} officers, "
            f"a spokesman said. Residents of {town} said the attackers came on motorcycles."
        )
        path = folder / f"r{i:03d}.json"
        path.write_text(
            json.dumps(
                {"id": f"w-{i:03d}", "text": text, "published": "2025-02-11", "outlet": f"Desk {i % 3}"}
            ),
            "utf-8",
        )
        paths.append(path)
    return paths


def start(db: Path, busy: float, sources: list[Path]) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-c", WRITER, str(db), str(busy), *map(str, sources)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_three_writers_over_overlapping_inputs_end_as_one_serial_run(tmp_path: Path) -> None:
    files = corpus(tmp_path / "in", 36)
    serial = tmp_path / "serial.db"
    one = start(serial, 10.0, files)
    out, err = one.communicate(timeout=600)
    assert one.returncode == 0, err
    assert json.loads(out)["added"] == 36

    shared = tmp_path / "shared.db"
    # overlapping slices, one of them in reverse order
    slices = [files[:24], files[12:], list(reversed(files[6:30]))]
    writers = [start(shared, 0.001, part) for part in slices]
    results = []
    for proc in writers:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    assert all(r["failures"] == [] for r in results), results
    assert sum(r["added"] for r in results) == 36
    assert sum(r["added"] + r["skipped"] for r in results) == sum(map(len, slices))
    got, want = content(shared), content(serial)
    for table in want:
        assert got[table] == want[table], table
