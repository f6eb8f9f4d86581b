"""`eventwire eval geoparse`: the corpus readers, the metrics and the command."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import EvaluationError
from eventwire.evaluate.geoparse import (
    KEYS,
    MAX_ERROR_KM,
    GoldArticle,
    GoldToponym,
    error_km,
    evaluate_geoparse,
    match_spans,
    prf,
    read_corpus,
    resolution_scores,
    score,
)
from eventwire.model import PlaceMention
from eventwire.pipeline import Resources

FIXTURES = Path(__file__).parent / "fixtures" / "geoparse"
LGL = FIXTURES / "lgl_style.xml"
GEOVIRUS = FIXTURES / "geovirus_style.xml"
runner = CliRunner()


def mention(start: int, end: int, lat: float | None = None, lon: float | None = None) -> PlaceMention:
    return PlaceMention(start=start, end=end, text="x", sentence=0, latitude=lat, longitude=lon)


# -- readers ----------------------------------------------------------------


def test_the_lgl_reader_keeps_cdata_text_offsets_and_the_gazetteer_point() -> None:
    articles = read_corpus(LGL)
    assert [a.label for a in articles] == ["1001", "1002", "1003"]
    first = articles[0]
    assert [first.text[g.start : g.end] for g in first.toponyms] == ["Baghdad", "Baghdad", "Basra"]
    assert first.toponyms[0].latitude == pytest.approx(33.34058)
    assert first.toponyms[0].country == "Iraq"
    storm = articles[1]
    assert storm.text.startswith("Storm & flooding")  # an ampersand inside CDATA
    valley = storm.toponyms[2]
    assert valley.phrase == "Rhône valley" and not valley.has_point  # recognition only


def test_the_geovirus_reader_shifts_its_offsets_back_by_one_and_sorts_locations() -> None:
    articles = read_corpus(GEOVIRUS)
    assert len(articles) == 2
    first = articles[0]
    assert "Uganda & Kenya" in first.text  # the entity is decoded
    assert [first.text[g.start : g.end] for g in first.toponyms] == ["Kampala", "Uganda", "Kenya"]
    assert [g.name for g in articles[1].toponyms] == ["Manila", "Cebu City"]  # from the page URL
    assert all(g.has_point for a in articles for g in a.toponyms)


def write(tmp_path: Path, body: str, name: str = "corpus.xml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def article(start: str = "0", end: str = "5", lat: str = "1.0", lon: str = "2.0") -> str:
    return (
        '<articles><article docid="77"><text>Paris is calm.</text><toponyms><toponym>'
        f"<start>{start}</start><end>{end}</end><phrase>Paris</phrase>"
        f"<gaztag><lat>{lat}</lat><lon>{lon}</lon></gaztag></toponym></toponyms></article></articles>"
    )


def test_a_missing_file_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="nowhere.xml: file not found"):
        read_corpus(tmp_path / "nowhere.xml")


def test_a_file_that_is_not_xml_is_an_evaluation_error(tmp_path: Path) -> None:
    path = write(tmp_path, "id,text\n1,not xml at all\n", "table.csv")
    with pytest.raises(EvaluationError, match="table.csv: not well-formed XML"):
        read_corpus(path)


def test_xml_without_articles_is_an_evaluation_error(tmp_path: Path) -> None:
    path = write(tmp_path, "<feed><entry>hello</entry></feed>")
    with pytest.raises(
        EvaluationError, match=r"corpus.xml: no <articles><article> elements \(root is <feed>\)"
    ):
        read_corpus(path)


def test_strict_offsets_outside_the_text_name_the_article_and_the_toponym(tmp_path: Path) -> None:
    path = write(tmp_path, article(start="10", end="40"))
    with pytest.raises(
        EvaluationError, match=r"article 0 \(docid 77\), toponym 0: offsets 10:40 run past the end"
    ):
        read_corpus(path, strict=True)


def test_a_latitude_that_is_not_a_number_is_an_evaluation_error(tmp_path: Path) -> None:
    path = write(tmp_path, article(lat="north"))
    with pytest.raises(EvaluationError, match=r"docid 77.*lat 'north' is not a number"):
        read_corpus(path)


def test_an_offset_that_is_not_an_integer_is_an_evaluation_error(tmp_path: Path) -> None:
    path = write(tmp_path, article(end="five"))
    with pytest.raises(EvaluationError, match=r"<end> 'five' is not an integer"):
        read_corpus(path)


# -- metrics ----------------------------------------------------------------


def test_spans_match_when_they_overlap_one_to_one_larger_overlap_first() -> None:
    gold = [(0, 7), (20, 32)]
    predicted = [(0, 7), (18, 25), (24, 40)]  # the last two both touch gold 1
    assert match_spans(gold, predicted) == {0: 0, 1: 2}  # 8 shared characters beat 5
    assert match_spans(gold, predicted, exact=True) == {0: 0}
    assert match_spans([(0, 5)], [(5, 9)]) == {}  # touching is not overlapping


def test_precision_recall_and_f1() -> None:
    assert prf(2, 4, 2) == {"p": 0.5, "r": 1.0, "f1": 0.6667}
    assert prf(0, 0, 3) == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_a_perfect_resolution_scores_zero_error() -> None:
    gold = GoldToponym(0, 7, "Baghdad", 33.34, 44.40)
    assert error_km(gold, mention(0, 7, 33.34, 44.40)) == 0.0
    assert resolution_scores([0.0, 0.0]) == {"acc161": 1.0, "median_km": 0.0, "auc": 0.0}


def test_an_unresolved_mention_counts_as_the_largest_error() -> None:
    gold = GoldToponym(0, 7, "Baghdad", 33.34, 44.40)
    assert error_km(gold, mention(0, 7)) == MAX_ERROR_KM
    assert error_km(gold, None) == MAX_ERROR_KM
    assert resolution_scores([MAX_ERROR_KM]) == {"acc161": 0.0, "median_km": 20039.0, "auc": 1.0}


def test_a_far_off_resolution_is_a_miss_for_acc161_but_not_for_the_auc() -> None:
    gold = GoldToponym(0, 5, "Paris", 48.8566, 2.3522)
    texas = error_km(gold, mention(0, 5, 33.6609, -95.5555))  # Paris, Texas
    assert 7000 < texas < 8500
    near = 100.0
    scores = resolution_scores([near, texas])
    assert scores["acc161"] == 0.5
    assert scores["median_km"] == pytest.approx((near + texas) / 2, abs=0.1)
    expected_auc = (math.log1p(near) + math.log1p(texas)) / 2 / math.log(MAX_ERROR_KM)
    assert scores["auc"] == pytest.approx(expected_auc, abs=1e-4)
    auc = scores["auc"]
    assert auc is not None and 0 < auc < 1


def test_no_errors_means_no_resolution_figures() -> None:
    assert resolution_scores([]) == {"acc161": None, "median_km": None, "auc": None}


ART = GoldArticle(
    "a",
    "Baghdad and Basra and the Valley.",
    [
        GoldToponym(0, 7, "Baghdad", 33.34, 44.40),
        GoldToponym(12, 17, "Basra", 30.51, 47.78),
        GoldToponym(26, 32, "Valley"),  # no coordinates
    ],
)


def test_without_gold_spans_only_recognised_toponyms_are_resolved() -> None:
    found = [[mention(0, 7, 33.34, 44.40), mention(22, 32, 1.0, 1.0)]]  # Basra missed
    figures, scored = score([ART], found)
    assert figures["recognition"] == {"p": 1.0, "r": 0.6667, "f1": 0.8}
    assert figures["recognition_exact"]["p"] == 0.5  # "the Valley" overlaps but is not exact
    assert figures["n"] == 1 and [s.gold.phrase for s in scored] == ["Baghdad"]
    assert figures["acc161"] == 1.0


def test_with_gold_spans_every_toponym_with_a_point_is_scored() -> None:
    found: list[list[PlaceMention]] = [[]]
    given = [[mention(0, 7, 33.34, 44.40), mention(12, 17), mention(26, 32)]]
    figures, scored = score([ART], found, given)
    assert figures["n"] == 2  # the Valley has no point
    assert figures["acc161"] == 0.5 and figures["unresolved"] == 1
    assert figures["recognition"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


# -- end to end -------------------------------------------------------------


def test_evaluate_geoparse_on_the_geovirus_dialect(resources: Resources) -> None:
    figures = evaluate_geoparse(GEOVIRUS, gold_toponyms=True, resources=resources)
    assert figures["articles"] == 2 and figures["n"] == 5
    assert figures["recognition"]["r"] > 0.5
    assert figures["acc161"] >= 0.6  # capitals and countries are easy


def test_limit_scores_only_the_first_articles(resources: Resources) -> None:
    figures = evaluate_geoparse(LGL, limit=1, resources=resources)
    assert figures["articles"] == 1 and figures["gold_toponyms"] == 3


def test_the_command_prints_json_with_gold_toponyms() -> None:
    result = runner.invoke(app, ["eval", "geoparse", str(LGL), "--json", "--gold-toponyms"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == set(KEYS)
    assert set(data["recognition"]) == {"p", "r", "f1"}
    assert data["n"] == 7  # every gold toponym with a point
    assert 0 <= data["auc"] <= 1


def test_baghdad_is_resolved_within_161_km(resources: Resources) -> None:
    from eventwire.evaluate.geoparse import run_geoparse

    _figures, scored = run_geoparse(LGL, gold_toponyms=True, resources=resources)
    baghdad = [s for s in scored if s.gold.phrase == "Baghdad"]
    assert len(baghdad) == 2 and all(s.error_km <= 161 for s in baghdad)


def test_the_command_prints_one_figure_per_line() -> None:
    result = runner.invoke(app, ["eval", "geoparse", str(GEOVIRUS)])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert lines["articles"] == "2"
    expected = {"n", "recognition_p", "recognition_r", "recognition_f1", "acc161", "median_km", "auc"}
    assert expected <= set(lines)


def test_the_command_turns_a_bad_file_into_exit_code_2(tmp_path: Path) -> None:
    bad = write(tmp_path, article(lon="east"))
    result = runner.invoke(app, ["eval", "geoparse", str(bad), "--json"])
    assert result.exit_code == 2
    assert "lon 'east' is not a number" in result.stderr


def test_progress_counts_each_article_once_per_pass(resources: Resources) -> None:
    told: list[tuple[int, int]] = []
    evaluate_geoparse(
        GEOVIRUS, gold_toponyms=True, resources=resources, progress=lambda d, t: told.append((d, t))
    )
    assert told == [(1, 4), (2, 4), (3, 4), (4, 4)]  # two articles: our own spans, then the gold ones
