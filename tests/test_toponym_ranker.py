"""The toponym ranker: trained on annotated toponyms, it decides which reading of a place name
the resolver takes (``eventwire gazetteer train-ranker``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import ModelError
from eventwire.gazetteer.ranking import FEATURES
from eventwire.gazetteer.resolver import RANKER, Toponym, resolve_toponyms
from eventwire.learn.ranker import Group, Ranker, fit, load_shipped, shipped_path
from eventwire.learn.train_ranker import prior_ranker, train_ranker

NAMES = list(FEATURES)


def _weights(**named: float) -> np.ndarray:
    return np.array([named.get(n, 0.0) for n in NAMES])


def test_fitting_learns_the_feature_that_marks_the_right_reading() -> None:
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(200):
        rows = rng.normal(size=(3, len(NAMES)))
        right = np.zeros(3, dtype=bool)
        k = int(rng.integers(3))
        rows[:, NAMES.index("contained")] = 0.0
        rows[k, NAMES.index("contained")] = 1.0  # the right reading is the one inside the container
        right[k] = True
        groups.append(Group(rows, right))
    w = fit(groups, NAMES)
    contained = w[NAMES.index("contained")]
    assert contained > 1.0
    assert contained > 3 * np.abs(np.delete(w, NAMES.index("contained"))).max()


def test_fitting_with_nothing_to_learn_says_so() -> None:
    one_reading = Group(np.zeros((1, len(NAMES))), np.array([True]))
    with pytest.raises(ModelError, match="nothing to learn"):
        fit([one_reading], NAMES)


def test_the_ranker_decides_which_homonym_the_resolver_takes(resources) -> None:
    gaz = resources.gazetteer
    [big] = [r.candidate for r in resolve_toponyms(gaz, [Toponym("Paris", 0, 5)], ranker=prior_ranker())]
    small_towns = _weights(is_city=5.0, log_population=-1.0)
    small_first = Ranker(NAMES, small_towns, small_towns)
    [small] = [r.candidate for r in resolve_toponyms(gaz, [Toponym("Paris", 0, 5)], ranker=small_first)]
    assert big is not None and big.iso2 == "FR" and big.population > 1_000_000
    assert small is not None and small.feature_type == "city" and small.population < 20_000


def test_a_ranker_set_for_evaluation_takes_precedence(resources) -> None:
    gaz = resources.gazetteer
    small_towns = _weights(is_city=5.0, log_population=-1.0)
    token = RANKER.set(Ranker(NAMES, small_towns, small_towns))
    try:
        [res] = resolve_toponyms(gaz, [Toponym("Paris", 0, 5)], ranker=prior_ranker())
    finally:
        RANKER.reset(token)
    assert res.candidate is not None and res.candidate.population < 20_000


def test_saving_twice_gives_the_same_bytes_and_loads_back(tmp_path: Path) -> None:
    ranker = Ranker(NAMES, _weights(prior=1.5), _weights(prior=1.0, near_50km=0.5), {"corpora": ["x.xml"]})
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    ranker.save(a)
    ranker.save(b)
    assert a.read_bytes() == b.read_bytes()
    back = Ranker.load(a, FEATURES)
    assert back.names == NAMES and np.allclose(back.context, ranker.context)
    assert back.meta["corpora"] == ["x.xml"]


def test_a_missing_corrupt_or_foreign_ranker_file_names_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"missing\.npz: toponym ranker file is missing; rebuild it with"):
        Ranker.load(tmp_path / "missing.npz", FEATURES)
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match=r"junk\.npz: toponym ranker file is corrupt .*train-ranker"):
        Ranker.load(junk, FEATURES)
    other = tmp_path / "other.npz"
    Ranker(["prior"], np.ones(1), np.ones(1)).save(other)
    with pytest.raises(ModelError, match=r"other\.npz: toponym ranker was trained on other features"):
        Ranker.load(other, FEATURES)


def test_the_places_stage_fails_early_on_a_bad_ranker_file(tmp_path: Path, resources) -> None:
    from eventwire.pipeline import Pipeline
    from eventwire.settings import Settings

    settings = Settings(
        pipeline=("eventwire.spacy.v1", "eventwire.places.v1"),
        stage_config={"eventwire.places.v1": {"ranker": str(tmp_path / "nowhere.npz")}},
    )
    with pytest.raises(ModelError, match="nowhere.npz: toponym ranker file is missing"):
        Pipeline(settings, resources)


def test_the_shipped_ranker_loads_and_knows_this_versions_features() -> None:
    ranker = load_shipped()
    assert ranker.names == NAMES
    assert shipped_path().name == "toponym_ranker.npz"
    assert set(ranker.meta["corpora"]) == {"lgl.xml", "GeoVirus.xml"}


# Two small invented corpora in the LGL layout: the same names, read in different countries.
_ARTICLE = """  <article docid="{docid}">
    <text>{text}</text>
    <toponyms>{toponyms}
    </toponyms>
  </article>"""
_TOPONYM = """
      <toponym><start>{start}</start><end>{end}</end><phrase>{name}</phrase>
        <gaztag geonameid="1"><name>{name}</name><lat>{lat}</lat><lon>{lon}</lon></gaztag></toponym>"""


def _corpus(path: Path, articles: list[tuple[str, list[tuple[str, float, float]]]]) -> Path:
    parts = []
    for i, (text, places) in enumerate(articles):
        tops = []
        for name, lat, lon in places:
            start = text.index(name)
            tops.append(_TOPONYM.format(start=start, end=start + len(name), name=name, lat=lat, lon=lon))
        parts.append(_ARTICLE.format(docid=i, text=text, toponyms="".join(tops)))
    path.write_text("<articles>\n" + "\n".join(parts) + "\n</articles>\n", encoding="utf-8")
    return path


@pytest.fixture
def corpora(tmp_path: Path) -> list[Path]:
    texts_a = [
        ("The county fair in Paris drew farmers from across Texas on Saturday.", [("Paris", 33.66, -95.56)]),
        (
            "Storms cut power in Alexandria and other towns of Virginia overnight.",
            [("Alexandria", 38.80, -77.05)],
        ),
        ("A new bridge opened in Tripoli, close to the Lebanese coast road.", [("Tripoli", 34.44, 35.85)]),
    ]
    texts_b = [
        ("Farmers in Paris, Texas, sold hay to ranchers from Oklahoma.", [("Paris", 33.66, -95.56)]),
        ("Fishermen in Tripoli, Lebanon, said the harbour reopened.", [("Tripoli", 34.44, 35.85)]),
        ("The library in Alexandria, Virginia, extended its hours.", [("Alexandria", 38.80, -77.05)]),
    ]
    return [_corpus(tmp_path / "first.xml", texts_a), _corpus(tmp_path / "second.xml", texts_b)]


def test_training_writes_a_ranker_and_reports_cross_corpus_figures(
    corpora: list[Path], tmp_path: Path, resources
) -> None:
    out = tmp_path / "models" / "ranker.npz"
    report = train_ranker(corpora, out, resources=resources)
    assert report.corpora == {"first.xml": 3, "second.xml": 3}
    assert set(report.figures) >= {
        "others -> first.xml",
        "others -> second.xml",
        "all -> first.xml (in-sample)",
    }
    assert 0.0 <= report.figures["others -> first.xml"]["acc161"] <= 1.0
    ranker = Ranker.load(out, FEATURES)
    assert ranker.meta["corpora"] == ["first.xml", "second.xml"]
    again = tmp_path / "again.npz"
    train_ranker(corpora, again, resources=resources)
    assert again.read_bytes() == out.read_bytes()  # the same corpora give the same file


def test_the_command_trains_and_prints_its_figures(corpora: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "ranker.npz"
    result = CliRunner().invoke(app, ["gazetteer", "train-ranker", *map(str, corpora), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "first.xml: 3 gold toponyms with coordinates" in result.output
    assert "others -> second.xml: n 3, acc161" in result.output
    assert out.is_file()


def test_the_command_names_a_corpus_it_cannot_read(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "train-ranker", str(bad), "-o", str(tmp_path / "r.npz")])
    assert result.exit_code != 0
    assert "broken.xml" in result.output
    assert not (tmp_path / "r.npz").exists()
