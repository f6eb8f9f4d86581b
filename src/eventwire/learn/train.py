"""Training the shipped models from the corpus: ``eventwire train`` / ``make train``.

Two linear models (scikit-learn's ``LinearSVC``, a fixed seed, the corpus read in file order, so
the same corpus gives the same files):

* the **event typer**: a sentence's ACLED sub-event type, or "None" (not a political-violence
  event); word 1-2-grams and character 3-5-grams; trained on ``sentences/*.jsonl``;
* the **reporting** model: whether a sentence of an article reports a new incident ("new"),
  recalls an earlier one ("background"), or neither ("other": context, statements); its words,
  the previous sentence's words and its position; trained on ``articles/*.jsonl``.

Each is first cross-validated (``folds`` folds; articles are kept whole within a fold), which
gives the per-class figures in the report and the temperature that turns margins into scores.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..errors import CorpusError
from . import corpus as corpus_mod
from .features import Featurizer, Item
from .linear import LinearModel

TYPER_FILE = "event_typer.npz"
REPORTING_FILE = "reporting.npz"
TYPER_FEATURES = (("w2", 1), ("c35", 2))
REPORTING_FEATURES = (("w3", 2), ("prev", 2), ("pos", 1))
# regularisation, chosen by 5-fold cross-validation on the corpus (typer: C 0.25/0.5/1.0 gave
# macro F1 0.858/0.868/0.873)
TYPER_C = 1.0
REPORTING_C = 0.5
TEMPERATURES = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)


@dataclass
class Figures:
    """Cross-validated figures of one model."""

    n: int
    macro_f1: float
    weighted_f1: float
    per_class: dict[str, float] = field(default_factory=dict)


@dataclass
class TrainReport:
    """What ``train`` built and how well it did in cross-validation."""

    corpus_digest: str
    typer: Figures
    reporting: Figures
    files: list[Path]


def digest(files: Sequence[Path], root: Path) -> str:
    """A SHA-256 over the corpus files' names (relative to ``root``) and bytes."""
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def _fit(
    items: Sequence[Item], labels: Sequence[str], spec: Sequence[tuple[str, int]], seed: int, reg: float
) -> LinearModel:
    from sklearn.svm import LinearSVC

    featurizer = Featurizer.fit(items, spec)
    svc = LinearSVC(C=reg, random_state=seed, max_iter=5000)
    svc.fit(featurizer.transform(items), list(labels))
    classes = [str(c) for c in svc.classes_]
    return LinearModel(featurizer, classes, svc.coef_, svc.intercept_, {})


def _temperature(margins: np.ndarray, gold: Sequence[int]) -> float:
    """The temperature whose softmax scores give the cross-validated predictions the lowest log loss."""
    best, best_loss = 1.0, math.inf
    for t in TEMPERATURES:
        m = margins * t
        m = m - m.max(axis=1, keepdims=True)
        logp = m - np.log(np.exp(m).sum(axis=1, keepdims=True))
        loss = -float(np.mean(logp[np.arange(len(gold)), gold]))
        if loss < best_loss:
            best, best_loss = t, loss
    return best


def _cross_validate(
    items: Sequence[Item],
    labels: Sequence[str],
    groups: Sequence[str],
    spec: Sequence[tuple[str, int]],
    folds: int,
    seed: int,
    reg: float,
) -> tuple[Figures, float]:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    y = np.array(labels)
    classes = sorted(set(labels))
    margins = np.zeros((len(items), len(classes)))
    if len(set(groups)) < len(groups):
        splits = GroupKFold(n_splits=folds).split(items, y, groups)
    else:
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(items, y)
    for train, test in splits:
        model = _fit([items[i] for i in train], list(y[train]), spec, seed, reg)
        m = model.margins([items[i] for i in test])
        for k, c in enumerate(model.classes):
            margins[test, classes.index(c)] = m[:, k]
        for c in set(classes) - set(model.classes):
            margins[test, classes.index(c)] = -1e3
    pred = [classes[i] for i in margins.argmax(axis=1)]
    per = f1_score(labels, pred, labels=classes, average=None, zero_division=0)
    figures = Figures(
        len(labels),
        round(float(f1_score(labels, pred, average="macro", zero_division=0)), 4),
        round(float(f1_score(labels, pred, average="weighted", zero_division=0)), 4),
        {c: round(float(f), 4) for c, f in zip(classes, per, strict=True)},
    )
    return figures, _temperature(margins, [classes.index(c) for c in labels])


def reporting_rows(
    articles: Sequence[Sequence[corpus_mod.ArticleSentence]],
) -> tuple[list[Item], list[str], list[str]]:
    """The reporting model's items, labels (new, background, other) and groups (article ids)."""
    items, labels, groups = [], [], []
    for article in articles:
        for s in article:
            items.append(Item(s.text, s.previous, s.index))
            labels.append(s.role if s.role in ("new", "background") else "other")
            groups.append(s.article)
    return items, labels, groups


def train(corpus_dir: str | Path, out_dir: str | Path, *, folds: int = 5, seed: int = 0) -> TrainReport:
    """Cross-validate, then train both models on the whole corpus and write them to ``out_dir``."""
    root = Path(corpus_dir)
    data = corpus_mod.read(root)
    if folds < 2:
        raise CorpusError(f"folds must be at least 2, got {folds}")
    corpus_digest = digest(data.files, root)
    meta: dict[str, Any] = {"corpus_digest": corpus_digest, "seed": seed, "eventwire": __version__}

    items = [Item(s.text) for s in data.sentences]
    labels = [s.label for s in data.sentences]
    typer_figures, typer_t = _cross_validate(
        items, labels, [s.id for s in data.sentences], TYPER_FEATURES, folds, seed, TYPER_C
    )
    typer = _fit(items, labels, TYPER_FEATURES, seed, TYPER_C)
    typer.meta = {**meta, "kind": "event typer", "temperature": typer_t, "cv": typer_figures.__dict__}

    r_items, r_labels, r_groups = reporting_rows(data.articles)
    if len(set(r_groups)) < folds:
        raise CorpusError(f"{root}: {len(set(r_groups))} articles, fewer than {folds} folds")
    rep_figures, rep_t = _cross_validate(
        r_items, r_labels, r_groups, REPORTING_FEATURES, folds, seed, REPORTING_C
    )
    reporting = _fit(r_items, r_labels, REPORTING_FEATURES, seed, REPORTING_C)
    reporting.meta = {**meta, "kind": "reporting", "temperature": rep_t, "cv": rep_figures.__dict__}

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = [out / TYPER_FILE, out / REPORTING_FILE]
    typer.save(files[0])
    reporting.save(files[1])
    return TrainReport(corpus_digest, typer_figures, rep_figures, files)
