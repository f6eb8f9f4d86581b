"""Run the eval commands named in quality/floors.json and fail below a floor.

Skipped (exit 0, with a message) when ../shared is absent, as on a user's
machine. Each distinct command runs once; its --json output feeds every gate
that names it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> int:
    if not (SHARED / "evaldata").is_dir():
        print(f"quality gates: skipped ({SHARED}/evaldata not found)")
        return 0
    config = json.loads((ROOT / "quality" / "floors.json").read_text("utf-8"))
    eps = float(config.get("epsilon", 0.0))
    cache: dict[tuple[str, ...], dict[str, float]] = {}
    failed = 0
    for gate in config["gates"]:
        args = tuple(a.replace("{shared}", str(SHARED)) for a in gate["command"])
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
        value = float(cache[args][gate["metric"]])
        ok = value >= gate["floor"] - eps
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {gate['name']}: {value:.4f} (floor {gate['floor']})")
    print(f"quality gates: {len(config['gates']) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
