"""``eventwire eval events``: event typing scored on a folder in the corpus format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import EvaluationError
from eventwire.evaluate.events import KEYS, evaluate_events

runner = CliRunner()


def folder(tmp_path: Path) -> Path:
    (tmp_path / "sentences").mkdir()
    (tmp_path / "articles").mkdir()
    rows = [
        {
            "id": "e1",
            "text": "A suicide bomber blew himself up at a checkpoint in Marvesh, killing six guards.",
            "label": "Suicide bomb",
            "reported_as": "new",
            "writer": "t",
        },
        {
            "id": "e2",
            "text": "The central bank of Ostrelia cut its main interest rate on Tuesday.",
            "label": "None",
            "writer": "t",
        },
    ]
    (tmp_path / "sentences" / "s.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    art = {
        "id": "e-a1",
        "writer": "t",
        "paragraphs": [
            [
                {
                    "text": "Soldiers and rebels fought for hours near the town of Karvel on Friday, the army said.",
                    "role": "new",
                    "incident": 1,
                    "label": "Armed clash",
                }
            ],
            [{"text": "The army chief promised to restore order.", "role": "statement"}],
        ],
    }
    (tmp_path / "articles" / "a.jsonl").write_text(json.dumps(art) + "\n", "utf-8")
    return tmp_path


def test_scores_sentences_and_articles(tmp_path: Path, pipeline: Any) -> None:
    scores = evaluate_events(folder(tmp_path), pipeline)
    assert set(KEYS) <= set(scores)
    assert scores["n_sentences"] == 2 and scores["n_articles"] == 1
    assert scores["macro_f1"] == 1.0  # both snippets typed right by the default stage
    assert scores["new_recall"] == 1.0 and scores["context_as_new"] == 0.0


def test_a_folder_that_is_not_a_corpus_is_a_clear_error(tmp_path: Path, pipeline: Any) -> None:
    with pytest.raises(EvaluationError, match="not a folder"):
        evaluate_events(tmp_path / "missing", pipeline)
    result = runner.invoke(app, ["eval", "events", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "not a folder" in result.output


def test_progress_counts_the_sentences_then_the_articles(tmp_path: Path, pipeline: Any) -> None:
    told: list[tuple[int, int]] = []
    evaluate_events(folder(tmp_path), pipeline, progress=lambda done, total: told.append((done, total)))
    assert told == [(1, 3), (2, 3), (3, 3)]  # two sentences, one article
