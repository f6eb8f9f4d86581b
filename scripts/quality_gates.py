"""Run the eval commands named in quality/floors.json and fail below a floor.

A gate on ``{shared}`` data is skipped when ../shared/evaldata is absent, as on a
user's machine, but fails when the ``CI`` environment variable is set: in CI a
missing gold set must not pass silently. A gate on the project's own data
(``{root}``) always runs.
Each distinct command runs once; its --json output feeds every gate that
names it. A metric may name a nested figure with dots ("bcubed.f1").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _metric(result: dict[str, Any], name: str) -> float:
    value: Any = result
    for part in name.split("."):
        value = value[part]
    return float(value)


def main() -> int:
    config = json.loads((ROOT / "quality" / "floors.json").read_text("utf-8"))
    eps = float(config.get("epsilon", 0.0))
    cache: dict[tuple[str, ...], dict[str, Any]] = {}
    failed = skipped = 0
    have_shared = (SHARED / "evaldata").is_dir()
    for gate in config["gates"]:
        if any("{shared}" in a for a in gate["command"]) and not have_shared:
            if os.environ.get("CI"):
                print(f"FAIL {gate['name']}: {SHARED}/evaldata not found, and CI is set")
                failed += 1
            else:
                skipped += 1
            continue
        args = tuple(a.replace("{shared}", str(SHARED)).replace("{root}", str(ROOT)) for a in gate["command"])
        if args not in cache:
            proc = subprocess.run(
                [sys.executable, "-m", "eventwire.cli", *args], capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                print(
                    f"FAIL {gate['name']}: eventwire {' '.join(args)} exited {proc.returncode}\n{proc.stderr}"
                )
                failed += 1
                continue
            cache[args] = json.loads(proc.stdout.strip().splitlines()[-1])
        value = _metric(cache[args], gate["metric"])
        ok = value >= gate["floor"] - eps
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {gate['name']}: {value:.4f} (floor {gate['floor']})")
    if skipped:
        print(f"quality gates: {skipped} skipped ({SHARED}/evaldata not found)")
    print(f"quality gates: {len(config['gates']) - failed - skipped} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
