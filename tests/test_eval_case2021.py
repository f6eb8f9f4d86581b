"""The CASE 2021 Task 2 scorer on small gold files written here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import EvaluationError
from eventwire.evaluate.case2021 import NOT_EVENT, evaluate_case2021, read_case2021

HEADER = "id\tEventSnippet\tSubType\n"
ROWS = [
    ("1", "A suicide bomber blew himself up outside a mosque, killing nine worshippers.", "SUIC_BOMB"),
    ("2", "Thousands of nurses marched to parliament to demand better pay.", "PEACE_PROTEST"),
    ("3", "Heavy rain caused floods that swept away dozens of homes.", "NATURAL_DISASTER"),
    ("4", "The two ministers discussed trade and sanctions at the summit.", "DIPLO"),
    ("5", "Police arrested four opposition activists in the capital.", "ARREST"),
    ("6", "Warplanes bombed rebel positions east of the city.", "AIR_STRIKE"),
]


def write(tmp_path: Path, rows: list[tuple[str, str, str]], name: str = "gold.tsv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), "utf-8")
    return path


def test_scores_a_small_gold_file(tmp_path: Path, pipeline: Any) -> None:
    scores = evaluate_case2021(write(tmp_path, ROWS), pipeline)
    assert scores["n"] == 6
    for key in ("accuracy", "micro_f1", "macro_f1", "weighted_f1"):
        assert scores[key] == 1.0
    # both non-ACLED labels are scored as one class
    assert scores["per_label"][NOT_EVENT]["support"] == 2
    assert scores["confusion"]["Suicide bomb"] == {"Suicide bomb": 1}


def test_a_wrong_prediction_lowers_the_scores(tmp_path: Path, pipeline: Any) -> None:
    rows = [*ROWS, ("7", "Police arrested two men suspected of the robbery.", "GRENADE")]
    scores = evaluate_case2021(write(tmp_path, rows), pipeline)
    assert scores["accuracy"] == pytest.approx(6 / 7, abs=1e-4)
    assert scores["weighted_f1"] < 1.0
    assert scores["per_label"]["Grenade"]["recall"] == 0.0


def test_an_unknown_label_names_the_file_line_and_label(tmp_path: Path) -> None:
    path = write(tmp_path, [ROWS[0], ("2", "Something happened.", "BOMBING")])
    with pytest.raises(EvaluationError, match=r"gold\.tsv: line 3: unknown label 'BOMBING'"):
        read_case2021(path)


def test_a_row_without_a_label_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "short.tsv"
    path.write_text(HEADER + "1\tonly a snippet\n", "utf-8")
    with pytest.raises(EvaluationError, match="line 2: expected 3"):
        read_case2021(path)


def test_empty_missing_and_headerless_files_are_clear_errors(tmp_path: Path, pipeline: Any) -> None:
    empty = tmp_path / "empty.tsv"
    empty.write_text("", "utf-8")
    with pytest.raises(EvaluationError, match="empty.tsv: empty file"):
        evaluate_case2021(empty, pipeline)
    only_header = tmp_path / "header.tsv"
    only_header.write_text(HEADER, "utf-8")
    with pytest.raises(EvaluationError, match="no snippets"):
        evaluate_case2021(only_header, pipeline)
    with pytest.raises(EvaluationError, match="missing.tsv: gold file not found"):
        evaluate_case2021(tmp_path / "missing.tsv", pipeline)
    headerless = write(tmp_path, ROWS).read_text("utf-8").split("\n", 1)[1]
    (tmp_path / "noheader.tsv").write_text(headerless, "utf-8")
    with pytest.raises(EvaluationError, match="expected the header"):
        evaluate_case2021(tmp_path / "noheader.tsv", pipeline)


def test_a_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "gold.tsv"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(EvaluationError, match="cannot read"):
        read_case2021(path)


def test_the_scorer_needs_a_pipeline_that_types_events(tmp_path: Path) -> None:
    from eventwire import Pipeline, Settings

    no_typing = Pipeline(Settings(pipeline=("eventwire.spacy.v1", "eventwire.times.v1")))
    with pytest.raises(EvaluationError, match="needs one parse and one event_types stage"):
        evaluate_case2021(write(tmp_path, ROWS), no_typing)


def test_the_trained_stage_is_scored_when_the_pipeline_runs_it(tmp_path: Path) -> None:
    from eventwire import Pipeline, Settings
    from eventwire.pipeline.runner import DEFAULT_STAGES

    stages = tuple("eventwire.event_types.v2" if "event_types" in s else s for s in DEFAULT_STAGES)
    scores = evaluate_case2021(write(tmp_path, ROWS), Pipeline(Settings(pipeline=stages)))
    assert scores["n"] == 6 and scores["accuracy"] >= 4 / 6


def test_progress_is_told_after_each_snippet(tmp_path: Path, pipeline: Any) -> None:
    told: list[tuple[int, int]] = []
    evaluate_case2021(
        write(tmp_path, ROWS), pipeline, progress=lambda done, total: told.append((done, total))
    )
    assert told == [(k, 6) for k in range(1, 7)]
