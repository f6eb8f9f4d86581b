"""The trained event models: training from a corpus, their files, and the clear errors when either
is wrong. Training runs on tiny corpora written here; the shipped models are checked against
corpus/ (a changed corpus must be followed by ``make train``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import CorpusError, ModelError
from eventwire.learn import shipped
from eventwire.learn.features import Item
from eventwire.learn.linear import LinearModel
from eventwire.learn.train import REPORTING_FILE, TYPER_FILE, digest, train

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

SENTENCES = {
    "Attack": [
        "Gunmen shot dead four farmers in Varnok on Sunday.",
        "Armed men killed two shopkeepers in the Ostrel market.",
        "Attackers opened fire on villagers near Pelmi, killing six.",
        "Militiamen killed a teacher and his son in Drovak.",
    ],
    "Peaceful protest": [
        "Hundreds of nurses marched through Kelvara to demand higher pay.",
        "Students rallied peacefully outside the ministry in Ostrel.",
        "Farmers held a sit-in at the Varnok town hall over water prices.",
        "Thousands demonstrated in Pelmi against the new tax.",
    ],
    "None": [
        "The central bank raised its interest rate by half a point.",
        "Floods swept away a bridge near Drovak after days of rain.",
        "The striker's attack won the cup final for Kelvara United.",
        "The two foreign ministers discussed trade at the summit.",
    ],
}


def article(ident: str, place: str) -> dict:
    return {
        "id": ident,
        "writer": "test",
        "paragraphs": [
            [
                {
                    "text": f"Gunmen killed three traders in {place} on Monday, police said.",
                    "role": "new",
                    "incident": 1,
                    "label": "Attack",
                },
                {"text": "The region has long been troubled by armed gangs.", "role": "context"},
            ],
            [
                {
                    "text": f"In 2019, a similar raid on {place} killed nine people.",
                    "role": "background",
                    "label": "Attack",
                },
                {"text": "The governor condemned the killings.", "role": "statement"},
            ],
        ],
    }


def write_corpus(root: Path) -> Path:
    (root / "sentences").mkdir(parents=True)
    (root / "articles").mkdir()
    rows = [
        {"id": f"t-{label[:3]}-{i}", "text": text, "label": label, "writer": "test"}
        | ({"reported_as": "new"} if label != "None" else {})
        for label, texts in SENTENCES.items()
        for i, text in enumerate(texts)
    ]
    (root / "sentences" / "test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    arts = [article(f"t-a{i}", place) for i, place in enumerate(["Varnok", "Ostrel", "Pelmi", "Drovak"])]
    (root / "articles" / "test.jsonl").write_text("".join(json.dumps(a) + "\n" for a in arts), "utf-8")
    return root


def test_training_writes_two_models_that_load_and_decide(tmp_path: Path) -> None:
    report = train(write_corpus(tmp_path / "corpus"), tmp_path / "models", folds=2)
    assert [p.name for p in report.files] == [TYPER_FILE, REPORTING_FILE]
    assert report.typer.n == 12 and set(report.typer.per_class) == set(SENTENCES)
    models = shipped.load(str(tmp_path / "models"))
    decision = models.typer.decide([Item("Gunmen shot dead five farmers in Kelvara.")])[0]
    assert decision.label == "Attack"
    assert 0.0 < decision.score <= 1.0 and sum(decision.scores.values()) == pytest.approx(1.0, abs=0.01)
    assert models.typer.meta["corpus_digest"] == report.corpus_digest
    assert set(models.reporting.classes) == {"new", "background", "other"}


def test_the_same_corpus_gives_the_same_files(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    first = train(corpus, tmp_path / "one", folds=2)
    second = train(corpus, tmp_path / "two", folds=2)
    for a, b in zip(first.files, second.files, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_a_malformed_corpus_line_is_named_with_file_and_line(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    path = corpus / "sentences" / "test.jsonl"
    lines = path.read_text("utf-8").splitlines()
    lines[1] = '{"id": "t-x", "text": "Half a line'
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(CorpusError, match=r"test\.jsonl:2: not valid JSON"):
        train(corpus, tmp_path / "models", folds=2)


def test_an_unknown_label_and_an_empty_file_are_refused(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "sentences" / "empty.jsonl").write_text("\n", "utf-8")
    bad = {"id": "t-bad", "text": "Something happened.", "label": "Skirmish", "writer": "test"}
    (corpus / "sentences" / "zbad.jsonl").write_text(json.dumps(bad) + "\n", "utf-8")
    with pytest.raises(CorpusError) as info:
        train(corpus, tmp_path / "models", folds=2)
    assert "empty.jsonl: empty file" in str(info.value)
    assert "zbad.jsonl:1: unknown label 'Skirmish'" in str(info.value)


def test_train_on_a_missing_folder_exits_2_with_the_reason(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", str(tmp_path / "nowhere"), "--output", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "nowhere: not a folder" in result.output
    assert not (tmp_path / "m").exists()


def test_train_from_the_command_line_prints_the_cross_validated_figures(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    result = runner.invoke(app, ["train", str(corpus), "--output", str(tmp_path / "m"), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert "event_typer: 12 examples, 2-fold CV macro F1" in result.output
    assert (tmp_path / "m" / TYPER_FILE).is_file()


@pytest.fixture(scope="module")
def model_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("learn")
    train(write_corpus(root / "corpus"), root / "models", folds=2)
    return root / "models"


def test_a_missing_model_file_names_the_file_and_how_to_rebuild_it(tmp_path: Path) -> None:
    with pytest.raises(
        ModelError,
        match=r"event_typer\.npz: event typer model file is missing; rebuild it with `eventwire train`",
    ):
        LinearModel.load(tmp_path / TYPER_FILE, "event typer")


def test_a_corrupt_model_file_is_refused(tmp_path: Path, model_files: Path) -> None:
    broken = tmp_path / TYPER_FILE
    broken.write_bytes((model_files / TYPER_FILE).read_bytes()[:500])
    with pytest.raises(ModelError, match=r"event typer model file is corrupt .*; rebuild it"):
        LinearModel.load(broken, "event typer")
    broken.write_text("not a model at all", "utf-8")
    with pytest.raises(ModelError, match="corrupt"):
        LinearModel.load(broken, "event typer")


def test_a_model_of_another_format_or_kind_is_refused(tmp_path: Path, model_files: Path) -> None:
    model = LinearModel.load(model_files / TYPER_FILE, "event typer")
    with pytest.raises(ModelError, match=r"holds a 'event typer' model, not 'reporting'"):
        LinearModel.load(model_files / TYPER_FILE, "reporting")
    with np.load(model_files / TYPER_FILE, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    arrays["meta"] = np.array(json.dumps({**meta, "format": 99}))
    np.savez(tmp_path / "future.npz", **arrays)
    with pytest.raises(ModelError, match=r"has format 99, this eventwire reads format 1"):
        LinearModel.load(tmp_path / "future.npz", "event typer")
    assert model.classes == sorted(SENTENCES)


def test_the_shipped_models_were_trained_on_this_corpus() -> None:
    """After editing corpus/, run ``make train`` and commit the new model files."""
    models = shipped.load()
    files = sorted((ROOT / "corpus").glob("*/*.jsonl"))
    assert models.typer.meta["corpus_digest"] == digest(files, ROOT / "corpus")
    assert models.reporting.meta["corpus_digest"] == models.typer.meta["corpus_digest"]
    size = sum(p.stat().st_size for p in shipped.models_dir().glob("*.npz"))
    assert size < 30_000_000
