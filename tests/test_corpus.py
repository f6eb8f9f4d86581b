"""The training corpus (corpus/) and the independent check set (tests/fixtures/event_check) follow
corpus/README.md: every line checks, and bad lines are named with their file and line."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def checker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("check_corpus", ROOT / "scripts" / "check_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("folder", ["corpus", "tests/fixtures/event_check"])
def test_the_corpus_and_the_check_set_check(checker, folder: str, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert (ROOT / folder / "sentences").is_dir()
    assert checker.main([str(ROOT / folder)]) == 0, capsys.readouterr().out
    assert "sentences: 0;" not in capsys.readouterr().out


def test_a_bad_line_is_named_with_its_file_and_line(
    checker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "sentences").mkdir()
    good = {
        "id": "t-1",
        "text": "Rebels shelled Varno.",
        "label": "Shelling/artillery/missile attack",
        "trigger": "shelled",
        "reported_as": "new",
        "writer": "t",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "id": "t-2", "label": "Shooting"}),
        json.dumps({**good, "id": "t-3", "trigger": "bombed"}),
    ]
    path = tmp_path / "sentences" / "t.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert checker.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2: not valid JSON" in out
    assert f"{path}:3: unknown label 'Shooting'" in out
    assert f"{path}:4: trigger 'bombed' is not in the text" in out


def test_no_corpus_sentence_is_a_near_copy_of_a_check_set_snippet() -> None:
    spec = importlib.util.spec_from_file_location("near_duplicates", ROOT / "scripts" / "near_duplicates.py")
    assert spec and spec.loader
    near = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(near)
    corpus = near.sentences(ROOT / "corpus")
    check = near.sentences(ROOT / "tests" / "fixtures" / "event_check")
    vocab: dict[str, int] = {}
    across = near.pairs(
        near.matrix([t for _, t in corpus], vocab), near.matrix([t for _, t in check], vocab), 0.5, False
    )
    assert [(corpus[i][0], check[j][0]) for i, j, _ in across] == []
