"""Where sentence event typing stands, measured on the corpus and the check set (issue 12).

    .venv/bin/python scripts/corpus_baseline.py [--folds 5] [--rules]

1. A plain linear baseline trained on ``corpus/sentences`` (TF-IDF word 1-2-grams and character
   3-5-grams, logistic regression, fixed seed): k-fold cross-validation on the corpus (stratified,
   folds kept apart by writer-independent ids), macro and weighted F1 and per-class F1.
2. The same model trained on the whole corpus, scored once on the independent check set
   (``tests/fixtures/event_check/sentences``): macro and weighted F1 only (the check set is for
   honesty, not for reading errors).
3. With ``--rules``: today's pipeline (the rule-based event_types stage, run through
   :func:`eventwire.extract`) on the check set, labelled by the first new event's sub-event type
   or "None", for the same figures.

Nothing here is shipped or tuned; it is a measurement for choosing the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent


def read(folder: Path) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for path in sorted((folder / "sentences").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                texts.append(d["text"])
                labels.append(d["label"])
    return texts, labels


class Baseline:
    """TF-IDF word and character n-grams into a logistic regression."""

    def __init__(self, seed: int = 0) -> None:
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, lowercase=True)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
        self.model = LogisticRegression(C=10.0, max_iter=2000, random_state=seed)

    def fit(self, texts: list[str], labels: list[str]) -> Baseline:
        x = hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts)]).tocsr()
        self.model.fit(x, labels)
        return self

    def predict(self, texts: list[str]) -> list[str]:
        x = hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()
        return list(self.model.predict(x))


def scores(gold: list[str], pred: list[str]) -> tuple[float, float]:
    return (
        float(f1_score(gold, pred, average="macro", zero_division=0)),
        float(f1_score(gold, pred, average="weighted", zero_division=0)),
    )


def cross_validate(texts: list[str], labels: list[str], folds: int) -> None:
    y = np.array(labels)
    pred = np.empty(len(labels), dtype=object)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(texts, y):
        model = Baseline().fit([texts[i] for i in train], list(y[train]))
        pred[test] = model.predict([texts[i] for i in test])
    macro, weighted = scores(labels, list(pred))
    print(
        f"corpus {folds}-fold CV: {len(labels)} sentences, macro F1 {macro:.3f}, weighted F1 {weighted:.3f}"
    )
    per = f1_score(labels, list(pred), average=None, labels=sorted(set(labels)), zero_division=0)
    counts = Counter(labels)
    for label, f in sorted(zip(sorted(set(labels)), per, strict=True), key=lambda p: p[1]):
        print(f"  {f:.3f}  {label} ({counts[label]})")


def rules_labels(texts: list[str]) -> list[str]:
    from eventwire import Pipeline, extract

    pipeline = Pipeline()
    out = []
    for text in texts:
        doc = extract(text, published="2024-06-01", pipeline=pipeline)
        new = [e for e in doc.events if e.reported_as == "new"] or doc.events
        out.append(new[0].sub_event_type if new else "None")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rules", action="store_true", help="also score today's pipeline on the check set")
    args = parser.parse_args()
    texts, labels = read(ROOT / "corpus")
    if not texts:
        sys.exit("corpus/sentences holds no sentences")
    cross_validate(texts, labels, args.folds)
    check_texts, check_labels = read(ROOT / "tests" / "fixtures" / "event_check")
    if check_texts:
        macro, weighted = scores(check_labels, Baseline().fit(texts, labels).predict(check_texts))
        print(
            f"check set ({len(check_texts)} snippets), baseline trained on the whole corpus: "
            f"macro F1 {macro:.3f}, weighted F1 {weighted:.3f}"
        )
        if args.rules:
            macro, weighted = scores(check_labels, rules_labels(check_texts))
            print(f"check set, today's rule-based pipeline: macro F1 {macro:.3f}, weighted F1 {weighted:.3f}")


if __name__ == "__main__":
    main()
