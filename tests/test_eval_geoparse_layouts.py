"""`eventwire eval geoparse` reads the four layouts of Gritta et al.'s corpora and survives bad annotations.

The fixtures are invented sentences about real cities, one file per layout
(LGL, TR-News, GeoVirus, GeoWebNews), plus a file with impossible offsets, one
without toponyms and one that is not well-formed XML.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import EvaluationError
from eventwire.evaluate.geoparse import evaluate_geoparse, read_corpus
from eventwire.evaluate.geoparse_corpus import ImpossibleOffsets, align
from eventwire.pipeline import Resources

LAYOUTS = Path(__file__).parent / "fixtures" / "geoparse_layouts"
runner = CliRunner()


def spans(path: Path) -> list[list[str]]:
    """Per article, the text under each gold toponym's (realigned) offsets."""
    return [[a.text[g.start : g.end] for g in a.toponyms] for a in read_corpus(path)]


# -- the four layouts -------------------------------------------------------


def test_lgl_reads_the_gaztag_point_and_keeps_a_toponym_without_one_for_recognition() -> None:
    first, second = read_corpus(LAYOUTS / "lgl.xml")
    assert [first.label, second.label] == ["2001", "2002"]
    assert "north & east" in first.text  # CDATA
    dhaka, chittagong = first.toponyms  # sorted by offset
    assert (dhaka.phrase, dhaka.latitude, dhaka.longitude) == ("Dhaka", 23.7104, 90.40744)
    assert (chittagong.name, chittagong.country, chittagong.geonameid) == (
        "Chattogram",
        "Bangladesh",
        "1205733",
    )
    springfield = second.toponyms[0]
    assert springfield.phrase == "Springfield" and not springfield.has_point


def test_tr_news_tolerates_root_attributes_whitespace_around_numbers_and_an_empty_article() -> None:
    assert spans(LAYOUTS / "tr_news.xml") == [["Ankara", "Izmir", "Turkish"], []]
    ankara = read_corpus(LAYOUTS / "tr_news.xml")[0].toponyms[0]
    assert (ankara.latitude, ankara.longitude, ankara.geonameid) == (39.91987, 32.85427, "323786")


def test_geovirus_offsets_one_to_the_right_are_realigned_onto_the_name() -> None:
    (article,) = read_corpus(LAYOUTS / "geovirus.xml")
    assert spans(LAYOUTS / "geovirus.xml") == [["Harare", "Bulawayo", "Zimbabwe"]]
    assert article.realigned == 3 and article.skipped == []
    assert article.toponyms[0].name == "Harare"  # from the Wikipedia page


def test_geowebnews_reads_latitude_longitude_with_or_without_a_geonames_id() -> None:
    (article,) = read_corpus(LAYOUTS / "geowebnews.xml")
    assert article.label == "gwn-1"
    by_name = {g.phrase: g for g in article.toponyms}
    assert list(by_name) == ["Lisbon", "Rua Augusta", "Portuguese", "Alfama"]
    assert (by_name["Lisbon"].latitude, by_name["Lisbon"].geonameid) == (38.71667, "2267057")
    street = by_name["Rua Augusta"]
    assert street.has_point and street.geonameid is None  # <geonamesID/> is empty
    assert by_name["Portuguese"].name == "Portuguese Republic"
    assert not by_name["Alfama"].has_point  # no coordinates: recognition only
    assert article.not_toponyms == 2  # "city" and "residents" are expressions, not toponyms


def test_geowebnews_is_scored_on_its_toponyms_with_points(resources: Resources) -> None:
    figures = evaluate_geoparse(LAYOUTS / "geowebnews.xml", gold_toponyms=True, resources=resources)
    assert figures["gold_toponyms"] == 4 and figures["n"] == 3
    assert (figures["no_point"], figures["not_toponyms"], figures["skipped"]) == (1, 2, 0)
    assert figures["acc161"] is not None


# -- impossible offsets -----------------------------------------------------


def test_a_name_a_few_characters_off_is_realigned_and_a_name_elsewhere_is_not() -> None:
    text = "Aid reached Mosul and Erbil."
    assert align(text, 12, 17, "Mosul") == (12, 17)
    assert align(text, 14, 19, "Mosul") == (12, 17)  # two to the right
    assert align(text, 12, 17, "MOSUL") == (12, 17)  # letter case aside, it is the name
    with pytest.raises(ImpossibleOffsets, match=r"offsets 12:17 hold 'Mosul', not 'Erbil'"):
        align(text, 12, 17, "Erbil")  # Erbil is in the text, but 10 characters away


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [
        (20, 40, "run past the end"),
        (12, 12, "empty or reversed"),
        (17, 12, "empty or reversed"),
        (-2, 5, "negative"),
    ],
)
def test_impossible_offsets_say_why(start: int, end: int, why: str) -> None:
    with pytest.raises(ImpossibleOffsets, match=rf"offsets {start}:{end} .*{why}.*\(text of 28 characters\)"):
        align("Aid reached Mosul and Erbil.", start, end, "Nowhere")


def test_toponyms_with_impossible_offsets_are_skipped_and_counted() -> None:
    (article,) = read_corpus(LAYOUTS / "bad_offsets.xml")
    assert [article.text[g.start : g.end] for g in article.toponyms] == ["Kharkiv", "Odesa"]
    assert article.realigned == 1  # Odesa, two characters to the right
    assert len(article.skipped) == 4
    assert "toponym 5: offsets 25:32 hold 'Kharkiv', not 'Kyiv'" in article.skipped[3]


def test_strict_fails_on_the_first_impossible_offsets_naming_file_article_and_length() -> None:
    with pytest.raises(
        EvaluationError,
        match=r"bad_offsets.xml: article 0 \(docid 4001\), toponym 1: offsets 37:74 run past the end "
        r"of the text \(text of 54 characters\)",
    ):
        read_corpus(LAYOUTS / "bad_offsets.xml", strict=True)


# -- files that cannot be scored --------------------------------------------


def test_a_file_without_toponyms_is_an_error_naming_the_layouts() -> None:
    with pytest.raises(
        EvaluationError,
        match=r"no_toponyms.xml: no <toponym> with coordinates found; expected LGL/GeoVirus/TR-News/GeoWebNews",
    ):
        read_corpus(LAYOUTS / "no_toponyms.xml")


def test_a_file_whose_toponyms_are_all_skipped_says_so(tmp_path: Path) -> None:
    path = tmp_path / "all_bad.xml"
    path.write_text(
        "<articles><article><text>Calm in Basra.</text><toponyms><toponym><start>8</start><end>99</end>"
        "<phrase>Basra</phrase><gaztag><lat>30.5</lat><lon>47.8</lon></gaztag></toponym></toponyms>"
        "</article></articles>",
        encoding="utf-8",
    )
    with pytest.raises(EvaluationError, match=r"no <toponym> with coordinates found \(1 toponyms, 1 skipped"):
        read_corpus(path)


def test_malformed_xml_is_an_error_naming_the_file() -> None:
    with pytest.raises(EvaluationError, match=r"malformed.xml: not well-formed XML \(no element found"):
        read_corpus(LAYOUTS / "malformed.xml")


# -- the command ------------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "n"), [("lgl.xml", 3), ("tr_news.xml", 3), ("geovirus.xml", 3), ("geowebnews.xml", 3)]
)
def test_the_command_scores_every_layout(layout: str, n: int) -> None:
    result = runner.invoke(app, ["eval", "geoparse", str(LAYOUTS / layout), "--gold-toponyms", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == n and data["skipped"] == 0


def test_the_command_skips_impossible_offsets_and_reports_how_many() -> None:
    result = runner.invoke(app, ["eval", "geoparse", str(LAYOUTS / "bad_offsets.xml"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["skipped"] == 4
    human = runner.invoke(app, ["eval", "geoparse", str(LAYOUTS / "bad_offsets.xml")])
    assert dict(line.split(None, 1) for line in human.stdout.splitlines())["skipped"] == "4"


def test_the_command_with_strict_fails_on_impossible_offsets() -> None:
    result = runner.invoke(app, ["eval", "geoparse", str(LAYOUTS / "bad_offsets.xml"), "--strict", "--json"])
    assert result.exit_code == 2
    assert "docid 4001), toponym 1: offsets 37:74 run past the end of the text" in result.stderr
    assert "(text of 54 characters)" in result.stderr


@pytest.mark.parametrize(
    ("name", "message"),
    [("no_toponyms.xml", "no <toponym> with coordinates found"), ("malformed.xml", "not well-formed XML")],
)
def test_the_command_turns_an_unusable_file_into_exit_code_2(name: str, message: str) -> None:
    result = runner.invoke(app, ["eval", "geoparse", str(LAYOUTS / name)])
    assert result.exit_code == 2
    assert name in result.stderr and message in result.stderr
