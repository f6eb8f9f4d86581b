"""A linear classifier over :mod:`eventwire.learn.features`, saved as one ``.npz`` file.

The file holds the vocabularies, idf weights, the weight matrix, the intercepts and a JSON
``meta`` record (format, classes, analyzers, score temperature, corpus digest, cross-validated
figures). It is read with ``allow_pickle=False``: a model file cannot run code.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .features import Block, Featurizer, Item, word_spans
from .npz import write_npz

FORMAT = 1
REBUILD = "rebuild it with `eventwire train` (or `make train`)"


@dataclass(frozen=True)
class Decision:
    """A model's verdict on one item: the label, its 0-1 score, and every label's score."""

    label: str
    score: float
    scores: dict[str, float]


class LinearModel:
    """Weights over features; scores are a softmax of the margins at a temperature fitted in training."""

    def __init__(
        self,
        featurizer: Featurizer,
        classes: Sequence[str],
        coef: np.ndarray,
        intercept: np.ndarray,
        meta: dict[str, Any],
    ) -> None:
        self.featurizer = featurizer
        self.classes = list(classes)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.meta = meta

    @property
    def temperature(self) -> float:
        return float(self.meta.get("temperature", 1.0))

    def margins(self, items: Sequence[Item]) -> np.ndarray:
        """Raw margins, one row per item, one column per class."""
        x = self.featurizer.transform(items)
        return np.asarray(x @ self.coef.T) + self.intercept

    def decide(self, items: Sequence[Item]) -> list[Decision]:
        """The label and scores of every item."""
        if not items:
            return []
        m = self.margins(items) * self.temperature
        m -= m.max(axis=1, keepdims=True)
        p = np.exp(m)
        p /= p.sum(axis=1, keepdims=True)
        out = []
        for row in p:
            best = int(row.argmax())
            out.append(
                Decision(
                    self.classes[best],
                    round(float(row[best]), 3),
                    {c: round(float(v), 3) for c, v in zip(self.classes, row, strict=True)},
                )
            )
        return out

    def trigger(self, text: str, label: str) -> tuple[int, int] | None:
        """The span of the word or word pair of ``text`` that counts most for ``label`` (its evidence)."""
        if label not in self.classes:
            return None
        weights = self.coef[self.classes.index(label)]
        words = word_spans(text)
        best: tuple[float, int, int] | None = None
        for n in (1, 2):
            for i in range(len(words) - n + 1):
                feature = " ".join(w for w, _, _ in words[i : i + n])
                col = self.featurizer.column(0, feature)
                if col is None:
                    continue
                gain = float(weights[col]) * float(self.featurizer.blocks[0].idf[col])
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, words[i][1], words[i + n - 1][2])
        return None if best is None else (best[1], best[2])

    # -- files ---------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the model to ``path`` (``.npz``, compressed, the same bytes for the same model)."""
        arrays: dict[str, np.ndarray] = {
            "meta": np.array(
                json.dumps({**self.meta, "format": FORMAT, "classes": self.classes}, sort_keys=True)
            ),
            "coef": self.coef.astype(np.float16),
            "intercept": self.intercept.astype(np.float32),
        }
        for i, block in enumerate(self.featurizer.blocks):
            features = sorted(block.vocabulary, key=block.vocabulary.__getitem__)
            arrays[f"block{i}_analyzer"] = np.array(block.analyzer)
            arrays[f"block{i}_features"] = np.array(features, dtype=str)
            arrays[f"block{i}_idf"] = block.idf.astype(np.float32)
        write_npz(path, arrays)

    @classmethod
    def load(cls, path: str | Path, kind: str) -> LinearModel:
        """Read a model saved by :meth:`save`; :class:`ModelError` names the file and how to rebuild it."""
        p = Path(path)
        if not p.is_file():
            raise ModelError(f"{p}: {kind} model file is missing; {REBUILD}")
        try:
            with np.load(p, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                    found = meta.get("format") if isinstance(meta, dict) else None
                    raise ModelError(
                        f"{p}: {kind} model file has format {found!r}, this eventwire reads format "
                        f"{FORMAT}; {REBUILD}"
                    )
                if meta.get("kind") != kind:
                    raise ModelError(f"{p}: holds a {meta.get('kind')!r} model, not {kind!r}; {REBUILD}")
                blocks = []
                i = 0
                while f"block{i}_analyzer" in z.files:
                    features = [str(f) for f in z[f"block{i}_features"]]
                    idf = z[f"block{i}_idf"].astype(np.float32)
                    if len(features) != len(idf):
                        raise ValueError(f"block {i}: {len(features)} features but {len(idf)} weights")
                    blocks.append(
                        Block(str(z[f"block{i}_analyzer"]), {f: j for j, f in enumerate(features)}, idf)
                    )
                    i += 1
                coef = z["coef"].astype(np.float32)
                intercept = z["intercept"].astype(np.float32)
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, json.JSONDecodeError, EOFError) as exc:
            raise ModelError(f"{p}: {kind} model file is corrupt ({exc}); {REBUILD}") from None
        featurizer = Featurizer(blocks)
        classes = meta.get("classes")
        if (
            not blocks
            or not isinstance(classes, list)
            or coef.shape != (len(classes), featurizer.size)
            or intercept.shape != (len(classes),)
        ):
            raise ModelError(f"{p}: {kind} model file is corrupt (its arrays do not fit together); {REBUILD}")
        from .features import ANALYZERS

        unknown = [b.analyzer for b in blocks if b.analyzer not in ANALYZERS]
        if unknown:
            raise ModelError(f"{p}: {kind} model uses unknown features {unknown}; {REBUILD}")
        return cls(featurizer, classes, coef, intercept, meta)
