"""Build time, file size, load time, resolution time and memory of the gazetteer.

Run by hand (numbers go in notes, never in test asserts)::

    .venv/bin/python benchmarks/gazetteer.py            # builds into a temporary folder (~30 s)
    .venv/bin/python benchmarks/gazetteer.py --gazetteer ~/.cache/eventwire/gazetteer-v5.sqlite

1. build: :func:`eventwire.gazetteer.build` into a temporary folder (wall time, file size);
2. load: a fresh process imports ``eventwire.gazetteer`` and opens the file
   (:meth:`Gazetteer.load`, which also checks the fingerprint); the imports and
   the open are timed apart, median of ``--repeat`` processes;
3. resolution: about 2,000 toponyms (real names drawn from the gazetteer
   itself, misspellings of real names, invented names), each ``resolve`` +
   ``lookup`` (+ ``lookup_fuzzy`` when the exact key finds nothing, as the
   resolver does), timed one by one in a fresh process: the first pass with an
   empty lookup cache (cold), then again (warm); mean and p95 in µs;
4. memory: VmRSS of that process after loading and resolving, and of a bare
   python that has only imported ``eventwire.gazetteer``.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sample_names(path: Path, n: int, seed: int) -> list[str]:
    """``n`` toponyms: 60% real names of every kind, 20% misspelt, 20% invented."""
    rng = random.Random(seed)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT name, feature_type FROM places WHERE feature_type != 'city' OR population >= 1000"
        ).fetchall()
    finally:
        con.close()
    cities = [r[0] for r in rows if r[1] == "city"]
    others = [r[0] for r in rows if r[1] != "city"]
    n_real = int(n * 0.6)
    real = rng.sample(cities, int(n_real * 0.7)) + rng.sample(others, n_real - int(n_real * 0.7))

    def misspell(name: str) -> str:
        i = rng.randrange(len(name))
        op = rng.choice("dsi")
        if op == "d" and len(name) > 3:
            return name[:i] + name[i + 1 :]
        if op == "s" and i + 1 < len(name):
            return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        return name[:i] + rng.choice(string.ascii_lowercase) + name[i:]

    misspelt = [misspell(rng.choice(real)) for _ in range(int(n * 0.2))]
    syllables = ["qa", "zu", "vor", "tel", "mir", "xan", "dro", "pel", "kru", "yas", "ob", "fen"]
    invented = [
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title()
        for _ in range(n - len(real) - len(misspelt))
    ]
    names = real + misspelt + invented
    rng.shuffle(names)
    return names


# -- child processes ------------------------------------------------------------------


def child_load(path: str, use_open: bool) -> dict[str, Any]:
    t0 = time.perf_counter()
    from eventwire.gazetteer import Gazetteer

    t1 = time.perf_counter()
    gaz = Gazetteer.open(path) if use_open else Gazetteer.load(path)
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "open_s": t2 - t1, "places": len(gaz)}


def child_bare() -> dict[str, Any]:
    import eventwire.gazetteer  # noqa: F401

    return {"rss_mb": rss_mb()}


def child_resolve(path: str, names_file: str, use_open: bool) -> dict[str, Any]:
    from eventwire.gazetteer import Gazetteer

    names = json.loads(Path(names_file).read_text("utf-8"))
    gaz = Gazetteer.open(path) if use_open else Gazetteer.load(path)
    rss_loaded = rss_mb()
    passes = []
    found = 0
    for _ in range(2):  # cold, then warm (the lookup cache now holds every key)
        times = []
        found = 0
        for name in names:
            t0 = time.perf_counter()
            hit = gaz.resolve(name)
            cands = gaz.lookup(name)
            if not cands:
                cands = gaz.lookup_fuzzy(name)
            times.append((time.perf_counter() - t0) * 1e6)
            found += hit is not None or bool(cands)
        passes.append(times)
    return {
        "cold_us": passes[0],
        "warm_us": passes[1],
        "found": found,
        "rss_loaded_mb": rss_loaded,
        "rss_mb": rss_mb(),
    }


def run_child(*args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True
    )
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


# -- main -------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gazetteer", type=Path, help="measure this compiled file instead of building one")
    ap.add_argument("--min-city-population", type=int, default=500, help="for the build (default 500)")
    ap.add_argument("--names", type=int, default=2000, help="toponyms to resolve")
    ap.add_argument("--repeat", type=int, default=3, help="load-time processes (median)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        kind, *rest = args.child
        if kind == "load":
            result = child_load(rest[0], rest[1] == "open")
        elif kind == "resolve":
            result = child_resolve(rest[0], rest[1], rest[2] == "open")
        else:
            result = child_bare()
        sys.stdout.write(json.dumps(result) + "\n")
        return 0

    from eventwire.gazetteer import build, info

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.gazetteer is None:
            path = Path(tmp) / "gazetteer.sqlite"
            t0 = time.perf_counter()
            figures = build(path, None, min_city_population=args.min_city_population)
            rows.append(
                (f"build (cities >= {args.min_city_population})", f"{time.perf_counter() - t0:.1f} s")
            )
            use_open = args.min_city_population != 500  # load() would rebuild a smaller file
        else:
            path = args.gazetteer
            figures = info(path)
            use_open = True
        rows.append(("file size", f"{path.stat().st_size / 1e6:.1f} MB"))
        rows.append(("places / names", f"{figures['places']} / {figures['names']}"))

        loads = [run_child("load", str(path), "open" if use_open else "load") for _ in range(args.repeat)]
        how = "Gazetteer.open" if use_open else "Gazetteer.load"
        rows.append(
            ("import eventwire.gazetteer", f"{statistics.median(x['import_s'] for x in loads) * 1e3:.0f} ms")
        )
        rows.append(
            (f"{how} (fresh process)", f"{statistics.median(x['open_s'] for x in loads) * 1e3:.0f} ms")
        )

        names = sample_names(path, args.names, args.seed)
        names_file = Path(tmp) / "names.json"
        names_file.write_text(json.dumps(names), encoding="utf-8")
        res = run_child("resolve", str(path), str(names_file), "open" if use_open else "load")
        bare = run_child("bare")

    cold, warm = res["cold_us"], res["warm_us"]
    rows.append(
        ("toponyms (real / misspelt / invented)", f"{len(names)} (60% / 20% / 20%), {res['found']} found")
    )
    rows.append(
        ("resolve+lookup, cold cache: mean / p95", f"{statistics.mean(cold):.0f} / {p95(cold):.0f} µs")
    )
    rows.append(
        ("resolve+lookup, warm cache: mean / p95", f"{statistics.mean(warm):.1f} / {p95(warm):.1f} µs")
    )
    rows.append(("RSS: bare python + import eventwire.gazetteer", f"{bare['rss_mb']:.0f} MB"))
    rows.append(("RSS: gazetteer opened", f"{res['rss_loaded_mb']:.0f} MB"))
    rows.append(("RSS: after resolving every toponym", f"{res['rss_mb']:.0f} MB"))
    rows.append(("RSS delta over the bare import", f"{res['rss_mb'] - bare['rss_mb']:.0f} MB"))

    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
