"""`eventwire eval merge`: B-cubed scoring, gold folder checks, and a run on tests/fixtures/merge_tiny."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import EvaluationError
from eventwire.evaluate.merge import KEYS, bcubed, evaluate_merge, main_events, read_merge_gold, score
from eventwire.model import Event, Evidence, Range

TINY = Path(__file__).parent / "fixtures" / "merge_tiny"

# Six articles: a, b, c report incident X; d, e report incident Y; f is a distractor.
GOLD = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y", "f": "Z"}


# ---------------------------------------------------------------------------
# B-cubed on hand-made clusterings (expected values worked out by hand)


def test_a_perfect_clustering_scores_one() -> None:
    assert bcubed({k: f"p{v}" for k, v in GOLD.items()}, GOLD) == {"p": 1.0, "r": 1.0, "f1": 1.0}


def test_merging_everything_keeps_recall_and_loses_precision() -> None:
    # precision per item: a, b, c 3/6; d, e 2/6; f 1/6 -> (9 + 4 + 1) / 36 = 14/36
    scores = bcubed(dict.fromkeys(GOLD, "all"), GOLD)
    assert scores == {"p": pytest.approx(14 / 36, abs=1e-4), "r": 1.0, "f1": pytest.approx(0.56, abs=1e-4)}


def test_splitting_everything_keeps_precision_and_loses_recall() -> None:
    # recall per item: a, b, c 1/3; d, e 1/2; f 1 -> 3 / 6
    scores = bcubed({k: k for k in GOLD}, GOLD)
    assert scores == {"p": 1.0, "r": 0.5, "f1": pytest.approx(2 / 3, abs=1e-4)}


def test_a_partly_wrong_clustering() -> None:
    # predicted {a, b} {c, d} {e} {f}: precision 5/6; recall (2/3 + 2/3 + 1/3 + 1/2 + 1/2 + 1) / 6 = 11/18
    predicted = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3, "f": 4}
    p, r = 5 / 6, 11 / 18
    assert bcubed(predicted, GOLD) == {
        "p": pytest.approx(p, abs=1e-4),
        "r": pytest.approx(r, abs=1e-4),
        "f1": pytest.approx(2 * p * r / (p + r), abs=1e-4),
    }


def test_every_gold_item_needs_a_predicted_cluster() -> None:
    with pytest.raises(EvaluationError, match="no predicted cluster for f"):
        bcubed({k: k for k in "abcde"}, GOLD)


# ---------------------------------------------------------------------------
# predictions from stored events


def event(event_id: str, *docs: tuple[str, int], sub_event_type: str = "Armed clash", **fields: Any) -> Event:
    """An event with one evidence per (document id, char_start)."""
    sources = [Evidence(d, None, None, None, "...", start, start + 3) for d, start in docs]
    return Event(event_id, "", sub_event_type, sources=sources, **fields)


def test_an_articles_main_event_is_its_first_new_event() -> None:
    later = event("ev-later", ("a", 80))
    first = event("ev-first", ("a", 10), ("b", 50))
    recalled = event("ev-past", ("a", 0), reported_as="background")
    mains = main_events([later, recalled, first], ["a", "b", "c"])
    assert mains["a"] is first
    assert mains["b"] is first
    assert mains["c"] is None  # no new event: a cluster of its own


def test_over_merged_and_split_incidents_and_field_accuracy() -> None:
    gold = read_merge_gold(TINY)
    a_ids = gold.incidents[0].articles  # the market bombing, three articles
    b_ids = gold.incidents[1].articles  # the clash, two articles
    right = event(
        "ev-1",
        *[(a, 0) for a in a_ids[:2]],
        sub_event_type="Suicide bomb",
        event_date="2023-05-06",  # one day late: still right
        latitude=11.85,
        longitude=13.16,
        fatalities=Range(12, 15, 15),
    )
    # the third bombing article and both clash articles in one wrong cluster
    wrong = event("ev-2", (a_ids[2], 0), *[(b, 0) for b in b_ids], event_date="2023-06-20")
    mains = main_events([right, wrong], sorted(gold.articles))
    scores = score(gold, mains)
    assert scores["over_merged"] == 2  # both incidents share ev-2
    assert scores["split"] == 1  # the bombing is in ev-1 and ev-2
    # the bombing is judged on ev-1 (two of its three articles): all right;
    # the clash on ev-2: type right, date 10 days off, no place, no fatality figure (0 != 7)
    assert scores["fields"] == {"type": 1.0, "date": 0.5, "place": 0.5, "fatalities": 0.5}
    assert scores["distractors_with_event"] == 0


# ---------------------------------------------------------------------------
# bad gold folders


def copy_tiny(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TINY, tmp_path / "set"))


def edit_gold(root: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = root / "gold.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    change(gold)
    path.write_text(json.dumps(gold), encoding="utf-8")


def test_the_tiny_fixture_is_a_valid_gold_folder() -> None:
    gold = read_merge_gold(TINY)
    assert len(gold.articles) == 6
    assert [len(i.articles) for i in gold.incidents] == [3, 2]
    assert gold.distractors == ["tiny-d1"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no such directory") as info:
        read_merge_gold(tmp_path / "none")
    assert str(tmp_path / "none") in str(info.value)


def test_a_missing_gold_file_is_named(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    (root / "gold.json").unlink()
    with pytest.raises(EvaluationError, match="gold.json: file not found"):
        read_merge_gold(root)


@pytest.mark.parametrize("name", ["gold.json", "articles/tiny-a1.json"])
def test_malformed_json_is_named_with_its_position(tmp_path: Path, name: str) -> None:
    root = copy_tiny(tmp_path)
    (root / name).write_text('{"incidents": [', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"not valid JSON \(.* at line 1") as info:
        read_merge_gold(root)
    assert str(root / name) in str(info.value)


def unknown_article(g: dict[str, Any]) -> None:
    g["incidents"][0]["articles"].append("nowhere-99")


def article_twice(g: dict[str, Any]) -> None:
    g["incidents"][1]["articles"].append("tiny-a1")


def distractor_in_incident(g: dict[str, Any]) -> None:
    g["incidents"][0]["articles"].append("tiny-d1")


def no_date(g: dict[str, Any]) -> None:
    del g["incidents"][0]["date"]


def bad_date(g: dict[str, Any]) -> None:
    g["incidents"][0]["date"] = "05/05/2023"


def unknown_type(g: dict[str, Any]) -> None:
    g["incidents"][0]["sub_event_type"] = "Car bomb"


def mismatched_type(g: dict[str, Any]) -> None:
    g["incidents"][0]["event_type"] = "Battles"


def bad_fatalities(g: dict[str, Any]) -> None:
    g["incidents"][0]["fatalities"] = {"best": "fifteen", "low": 12, "high": 15}


def loose_article(g: dict[str, Any]) -> None:
    g["distractor_articles"] = []


def no_incidents(g: dict[str, Any]) -> None:
    del g["incidents"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (unknown_article, "lists article 'nowhere-99', which is not in"),
        (article_twice, "article 'tiny-a1' is in both maiduguri-market-bombing and beni-clash"),
        (distractor_in_incident, "'tiny-d1' is in both maiduguri-market-bombing and the distractor_articles"),
        (no_date, r"incidents\[0\]: missing required field\(s\) date"),
        (bad_date, "date '05/05/2023' is not YYYY-MM-DD"),
        (unknown_type, "'Car bomb' is not an ACLED sub-event type"),
        (mismatched_type, "'Suicide bomb' is not a kind of 'Battles'"),
        (bad_fatalities, "fatalities must be"),
        (loose_article, "tiny-d1 are in no incident and not distractors"),
        (no_incidents, "missing required field 'incidents'"),
    ],
)
def test_a_bad_gold_file_is_named_with_the_problem(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    root = copy_tiny(tmp_path)
    edit_gold(root, change)
    with pytest.raises(EvaluationError, match=message) as info:
        read_merge_gold(root)
    assert str(root / "gold.json") in str(info.value)


def test_an_article_without_id_is_named(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    path = root / "articles" / "tiny-b2.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    del record["id"]
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(EvaluationError, match="tiny-b2.json: missing required field 'id'"):
        read_merge_gold(root)


# ---------------------------------------------------------------------------
# end to end, through the CLI

runner = CliRunner()


def test_eval_merge_json_on_the_tiny_set() -> None:
    result = runner.invoke(app, ["eval", "merge", str(TINY), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert list(scores) == list(KEYS)
    assert (scores["n_articles"], scores["n_incidents"]) == (6, 2)
    assert set(scores["bcubed"]) == {"p", "r", "f1"}
    assert all(0.0 <= v <= 1.0 for v in scores["bcubed"].values())
    assert set(scores["fields"]) == {"type", "date", "place", "fatalities"}
    assert all(0.0 <= v <= 1.0 for v in scores["fields"].values())
    assert 0 <= scores["over_merged"] <= 2 and 0 <= scores["split"] <= 2


def test_eval_merge_prints_one_line_per_figure_and_names_a_bad_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "merge", str(TINY)])
    assert result.exit_code == 0, result.output
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == [
        "n_articles", "n_incidents", "bcubed_p", "bcubed_r", "bcubed_f1", "over_merged", "split",
        "field_type", "field_date", "field_place", "field_fatalities",
    ]  # fmt: skip
    bad = runner.invoke(app, ["eval", "merge", str(tmp_path / "none")])
    assert bad.exit_code == 2
    assert "no such directory" in bad.stderr


def test_progress_is_told_after_each_article_ingested() -> None:
    told: list[tuple[int, int]] = []
    evaluate_merge(TINY, progress=lambda done, total: told.append((done, total)))
    assert told == [(k, 6) for k in range(1, 7)]
