"""scripts/quality_gates.py: a gate on ../shared data skips on a user's machine without it, but
fails in CI, where a missing gold set must never pass silently."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def gates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("quality_gates", ROOT / "scripts" / "quality_gates.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "quality").mkdir()
    floors = {
        "gates": [
            {
                "name": "shared gate",
                "command": ["eval", "case2021", "{shared}/x.tsv", "--json"],
                "metric": "weighted_f1",
                "floor": 0.5,
            }
        ]
    }
    (tmp_path / "quality" / "floors.json").write_text(json.dumps(floors), "utf-8")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "SHARED", tmp_path / "no-shared")
    return module


def test_without_shared_data_a_gate_skips_outside_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert gates(tmp_path, monkeypatch).main() == 0
    assert "1 skipped" in capsys.readouterr().out


def test_without_shared_data_a_gate_fails_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CI", "true")
    assert gates(tmp_path, monkeypatch).main() == 1
    out = capsys.readouterr().out
    assert "FAIL shared gate" in out and "evaldata not found, and CI is set" in out
