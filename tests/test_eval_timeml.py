"""``evaluate_timeml``: TIMEX3 gold read from TimeML files and scored against the times stage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventwire.errors import EvaluationError
from eventwire.evaluate.timeml import KEYS, evaluate_timeml, match_spans, read_corpus, read_timeml
from eventwire.pipeline import Resources

FIXTURES = Path(__file__).parent / "fixtures" / "timeml"


def test_gold_offsets_index_the_plain_text() -> None:
    doc = read_timeml(FIXTURES / "wire" / "town.tml")
    assert doc.dct == "2021-03-10"
    assert "<EVENT" not in doc.text and "raided" in doc.text
    assert [(doc.text[t.start : t.end], t.type, t.value) for t in doc.timexes] == [
        ("Monday", "DATE", "2021-03-08"),
        ("two years", "DURATION", "P2Y"),
        ("now", "DATE", "PRESENT_REF"),
    ]


def test_the_corpus_is_read_recursively_and_labelled_by_folder() -> None:
    docs = read_corpus(FIXTURES)
    assert [(d.label, d.corpus) for d in docs] == [("harvest.tml", ""), ("wire/town.tml", "wire")]


def test_matching_is_one_to_one_and_strict_needs_exact_offsets() -> None:
    gold = [(0, 6), (10, 20)]
    assert match_spans(gold, [(0, 6), (12, 25)]) == {0: 0, 1: 1}
    assert match_spans(gold, [(0, 6), (12, 25)], exact=True) == {0: 0}
    assert match_spans([(0, 10)], [(0, 4), (2, 9)]) == {0: 1}


def test_scores_on_the_fixture_corpus(resources: Resources) -> None:
    result = evaluate_timeml(FIXTURES, settings=resources.settings, with_errors=True)
    assert set(KEYS) <= set(result)
    # five gold DATE/TIME (the DURATION is not scored); all found with the right values
    assert result["n"] == 5
    assert result["span_f1_relaxed"] == 1.0
    assert result["value_accuracy"] == 1.0, result["errors"]
    assert set(result["by_corpus"]) == {"", "wire"}
    assert result["by_corpus"]["wire"]["n"] == 2


def test_limit_scores_only_the_first_files(resources: Resources) -> None:
    assert evaluate_timeml(FIXTURES, settings=resources.settings, limit=1)["n"] == 3


def test_a_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="directory not found"):
        evaluate_timeml(tmp_path / "nowhere")


def test_a_directory_without_tml_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"no \.tml files"):
        evaluate_timeml(tmp_path)


def test_one_malformed_file_fails_the_run_and_is_named(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "harvest.tml", tmp_path / "good.tml")
    (tmp_path / "broken.tml").write_text("<TimeML><TEXT>Sunday</TIMEX3></TEXT>", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"broken\.tml: not well-formed XML"):
        evaluate_timeml(tmp_path)


def test_a_file_without_text_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.tml").write_text("<TimeML><DOCID>x</DOCID></TimeML>", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"empty\.tml: no <TEXT>"):
        read_corpus(tmp_path)


def test_the_eval_timeml_command_prints_the_four_keys_as_json() -> None:
    import json

    from typer.testing import CliRunner

    from eventwire.cli import app

    result = CliRunner().invoke(app, ["eval", "timeml", str(FIXTURES), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(scores) == set(KEYS) and scores["n"] > 0
    assert 0.0 <= scores["value_accuracy"] <= 1.0


def test_the_eval_timeml_command_names_a_missing_directory(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    result = CliRunner().invoke(app, ["eval", "timeml", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "nowhere" in result.stderr


def test_progress_is_told_after_each_file(resources: Resources) -> None:
    told: list[tuple[int, int]] = []
    evaluate_timeml(FIXTURES, settings=resources.settings, progress=lambda d, t: told.append((d, t)))
    assert told == [(1, 2), (2, 2)]


def test_a_long_eval_shows_progress_on_stderr_unless_quiet() -> None:
    """Off a terminal (a log, CI) progress is a line per tenth done; stdout keeps the figures."""
    import json

    from typer.testing import CliRunner

    from eventwire.cli import app

    result = CliRunner().invoke(app, ["eval", "timeml", str(FIXTURES), "--json"])
    assert result.exit_code == 0, result.output
    assert "scoring files: 1/2 (50%)" in result.stderr
    assert "scoring files: 2/2 (100%)" in result.stderr
    assert set(json.loads(result.stdout)) == set(KEYS)
    quiet = CliRunner().invoke(app, ["eval", "timeml", str(FIXTURES), "--json", "--quiet"])
    assert quiet.exit_code == 0 and "scoring" not in quiet.stderr
