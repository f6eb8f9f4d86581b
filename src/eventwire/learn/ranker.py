"""The toponym ranker: a conditional logit over a toponym's gazetteer candidates.

Each candidate of a place name is a row of features (:mod:`eventwire.gazetteer.ranking`); the
ranker's score is a weighted sum of them, and the reading with the highest score wins. Two weight
vectors: ``first`` scores candidates on what is known before any reading is chosen (name match,
type, size, the document's countries, containment), ``context`` adds the distance to the readings
chosen for the document's other names. Both are fitted by maximum likelihood (the softmax of the
scores over one toponym's candidates; every candidate within 161 km of the gold point counts as
right) with an L2 penalty, on annotated toponyms (``eventwire gazetteer train-ranker``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .npz import write_npz

FORMAT = 1
RANKER_FILE = "toponym_ranker.npz"
REBUILD = "rebuild it with `eventwire gazetteer train-ranker` (or `make train-ranker`)"
# the L2 penalty, chosen by leave-one-corpus-out on LGL and GeoVirus (acc@161 on the held-out
# corpus, 0.001 / 0.01 / 0.1: LGL 0.787 / 0.791 / 0.780, GeoVirus 0.752 / 0.755 / 0.728)
L2 = 0.01


@dataclass
class Group:
    """One annotated toponym: its candidates' feature rows and which of them are right."""

    features: np.ndarray  # (candidates, features)
    right: np.ndarray  # (candidates,) bool; at least one True
    weight: float = 1.0  # how much the toponym counts in the likelihood


@dataclass
class Ranker:
    """Weights over named features; :meth:`scores` ranks one toponym's candidates."""

    names: list[str]
    first: np.ndarray
    context: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    def scores(self, rows: np.ndarray, with_context: bool) -> np.ndarray:
        """One score per candidate row."""
        return rows @ (self.context if with_context else self.first)

    def save(self, path: str | Path) -> None:
        """Write the ranker to ``path`` (``.npz``; the same weights give the same bytes)."""
        meta = json.dumps({**self.meta, "format": FORMAT, "kind": "toponym ranker"}, sort_keys=True)
        write_npz(
            path,
            {
                "meta": np.array(meta),
                "names": np.array(self.names, dtype=str),
                "first": self.first.astype(np.float64),
                "context": self.context.astype(np.float64),
            },
        )

    @classmethod
    def load(cls, path: str | Path, expected: Sequence[str]) -> Ranker:
        """Read a ranker whose features are ``expected``; :class:`ModelError` names a bad file."""
        p = Path(path)
        if not p.is_file():
            raise ModelError(f"{p}: toponym ranker file is missing; {REBUILD}")
        try:
            with np.load(p, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                names = [str(n) for n in z["names"]]
                first, context = z["first"].astype(np.float64), z["context"].astype(np.float64)
        except (OSError, ValueError, KeyError, json.JSONDecodeError, EOFError) as exc:
            raise ModelError(f"{p}: toponym ranker file is corrupt ({exc}); {REBUILD}") from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("kind") != "toponym ranker":
            found = meta.get("format") if isinstance(meta, dict) else None
            raise ModelError(
                f"{p}: not a toponym ranker of format {FORMAT} (found format {found!r}); {REBUILD}"
            )
        if names != list(expected) or first.shape != (len(names),) or context.shape != (len(names),):
            raise ModelError(
                f"{p}: toponym ranker was trained on other features than this eventwire's; {REBUILD}"
            )
        return cls(names, first, context, meta)


def fit(
    groups: Sequence[Group], names: Sequence[str], l2: float = L2, mask: np.ndarray | None = None
) -> np.ndarray:
    """Weights maximising the likelihood of the right candidates; features where ``mask`` is
    False keep weight 0."""
    from scipy.optimize import minimize

    usable = [g for g in groups if g.right.any() and len(g.right) > 1]
    if not usable:
        raise ModelError("no annotated toponym has two or more candidates and a right one: nothing to learn")
    x = np.vstack([g.features for g in usable])
    right = np.concatenate([g.right for g in usable]).astype(np.float64)
    sizes = np.array([len(g.right) for g in usable])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    keep = np.ones(len(names), dtype=bool) if mask is None else mask
    weight = np.array([g.weight for g in usable])
    n = float(weight.sum())

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        w = w * keep
        s = x @ w
        e = np.exp(s - np.repeat(np.maximum.reduceat(s, starts), sizes))
        p = e / np.repeat(np.add.reduceat(e, starts), sizes)
        q = p * right
        q_sum = np.add.reduceat(q, starts)
        # d/dw of -log(sum of the right candidates' p) = E_p[x] - E_{p | right}[x]
        grad = x.T @ ((p - q / np.repeat(q_sum, sizes)) * np.repeat(weight, sizes))
        total = -float((np.log(q_sum) * weight).sum()) / n + l2 * float(w @ w)
        return total, (grad / n + 2 * l2 * w) * keep

    result = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return np.asarray(result.x * keep, dtype=np.float64)


def shipped_path() -> Path:
    """Where the shipped ranker lives (``make train-ranker`` writes it here)."""
    from .shipped import models_dir

    return models_dir() / RANKER_FILE


@cache
def load_shipped(path: str = "") -> Ranker:
    """The ranker at ``path`` (default: the shipped one), loaded once per process."""
    from ..gazetteer.ranking import FEATURES

    return Ranker.load(Path(path) if path else shipped_path(), FEATURES)
