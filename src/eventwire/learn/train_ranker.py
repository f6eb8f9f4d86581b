"""Training the toponym ranker on annotated geoparsing corpora: ``eventwire gazetteer train-ranker``.

Every corpus (LGL, GeoVirus, TR-News or GeoWebNews XML, read by :mod:`eventwire.evaluate.geoparse`)
goes through the geoparsing stages with its gold toponyms; the resolver's prepared documents
(candidates and feature rows) are collected. For each gold toponym with coordinates, the
candidates within 161 km of the gold point are the right ones. The first pass is fitted on the
static features; the context pass on all of them, with the distances to the readings the first
pass chose. Only the weights are written: no text of the corpora.

With two or more corpora, each is also scored by a ranker trained on the others (the
cross-corpus figures), beside the combined ranker's figures on each (in-sample).
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..gazetteer.context import Others
from ..gazetteer.ranking import FEATURES, STATIC, static_mask
from ..gazetteer.resolver import RANKER, TRACE, Prepared, choose, first_choices, verdicts
from ..geo import haversine_km
from ..settings import Settings
from .ranker import Group, Ranker, fit

RIGHT_KM = 161.0
MISS_KM = 20039.0


@dataclass
class Annotated:
    """One article: the resolver's prepared document and the gold point of each toponym."""

    doc: Prepared
    gold: list[tuple[float, float] | None]


@dataclass
class RankerReport:
    """What was trained and how well the rankers did (acc@161 and median error with gold toponyms)."""

    corpora: dict[str, int]  # corpus name -> gold toponyms with coordinates
    figures: dict[str, dict[str, float]] = field(default_factory=dict)  # "train -> test" -> figures
    file: Path | None = None


def prior_ranker() -> Ranker:
    """The ranker that follows :meth:`Gazetteer.prior` alone (used while collecting)."""
    w = np.array([1.0 if n == "prior" else 0.0 for n in FEATURES])
    return Ranker(list(FEATURES), w, w.copy())


def collect(path: str | Path, settings: Settings, resources: Any) -> list[Annotated]:
    """The prepared documents of one corpus, with their gold points."""
    from ..evaluate.geoparse import read_corpus
    from ..geoparse import geoparse

    articles = read_corpus(path)
    trace: list[Prepared] = []
    t1, t2 = TRACE.set(trace), RANKER.set(prior_ranker())
    try:
        spans = ([(g.start, g.end) for g in a.toponyms] for a in articles)
        for _ in geoparse([a.text for a in articles], spans=spans, settings=settings, resources=resources):
            pass
    finally:
        TRACE.reset(t1)
        RANKER.reset(t2)
    if len(trace) != len(articles):
        raise ModelError(f"{path}: {len(articles)} articles but {len(trace)} resolved documents")
    out = []
    for doc, article in zip(trace, articles, strict=True):
        gold: list[tuple[float, float] | None] = [
            (g.latitude, g.longitude) if g.latitude is not None and g.longitude is not None else None
            for g in article.toponyms
        ]
        if len(gold) != len(doc.slots):
            raise ModelError(f"{path}: article {article.label}: toponyms and resolver slots disagree")
        out.append(Annotated(doc, gold))
    return out


def _right(doc: Prepared, i: int, gold: tuple[float, float]) -> np.ndarray:
    return np.array(
        [
            c.latitude is not None
            and c.longitude is not None
            and haversine_km(c.latitude, c.longitude, gold[0], gold[1]) <= RIGHT_KM
            for c in doc.slots[i].cands
        ]
    )


def groups(data: Sequence[Annotated], first: Ranker | None = None) -> list[Group]:
    """Training groups: static rows, or (given the first-pass ranker) rows with context, as the
    resolver's context rounds see them after its first pass."""
    out = []
    for a in data:
        others = Others(a.doc.keys, first_choices(a.doc, first)) if first is not None else None
        for i, gold in enumerate(a.gold):
            slot = a.doc.slots[i]
            if gold is None or len(slot.cands) < 2:
                continue
            right = _right(a.doc, i, gold) & slot.allowed  # the ranker only ever sees allowed readings
            if not right.any() or slot.allowed.sum() < 2:
                continue
            rows = slot.rows
            if others is not None:  # the context pass only sees toponyms the others say something of
                filled = others.rows(slot.cands, a.doc.keys[i], slot.rows)
                if filled is None:
                    continue
                rows = filled
            out.append(Group(rows[slot.allowed], right[slot.allowed]))
    return out


def train_on(corpora: Sequence[Sequence[Annotated]]) -> Ranker:
    """Both passes, fitted on ``corpora``; each corpus weighs the same in the likelihood, so the
    largest does not decide alone."""
    names = list(FEATURES)

    def balanced(first: Ranker | None) -> list[Group]:
        out = []
        for data in corpora:
            part = groups(data, first)
            for g in part:
                g.weight = 1.0 / len(part)
            out.extend(part)
        return out

    first_w = fit(balanced(None), names, mask=static_mask())
    first = Ranker(names, first_w, first_w)
    with_anchors = balanced(first)
    if not any(g.right.any() and len(g.right) > 1 for g in with_anchors):  # no document names two places
        return first
    return Ranker(names, first_w, fit(with_anchors, names))


def score(data: Sequence[Annotated], ranker: Ranker, gaz: Any) -> dict[str, float]:
    """acc@161 and median error over the gold toponyms with coordinates, as ``eval geoparse
    --gold-toponyms`` counts them (a refused or missing reading is a miss)."""
    errors = []
    for a in data:
        chosen = [r.candidate for r in verdicts(gaz, a.doc, choose(a.doc, ranker))]
        for c, gold in zip(chosen, a.gold, strict=True):
            if gold is None:
                continue
            if c is None or c.latitude is None or c.longitude is None:
                errors.append(MISS_KM)
            else:
                errors.append(haversine_km(c.latitude, c.longitude, gold[0], gold[1]))
    if not errors:
        return {"n": 0, "acc161": 0.0, "median_km": 0.0}
    return {
        "n": len(errors),
        "acc161": round(sum(e <= RIGHT_KM for e in errors) / len(errors), 4),
        "median_km": round(statistics.median(errors), 1),
    }


def train_ranker(
    corpora: Sequence[str | Path],
    out: str | Path,
    settings: Settings | None = None,
    resources: Any = None,
) -> RankerReport:
    """Train the ranker on ``corpora`` and write it to ``out``; report cross-corpus figures.

    ``resources`` (an eventwire.pipeline.Resources) lets a caller share loaded models.
    """
    from ..pipeline import Resources

    if not corpora:
        raise ModelError("train-ranker needs at least one annotated corpus")
    settings = settings or Settings()
    resources = resources or Resources(settings)
    data = {Path(p).name: collect(p, settings, resources) for p in corpora}
    report = RankerReport({name: sum(g is not None for a in d for g in a.gold) for name, d in data.items()})
    gaz = resources.gazetteer
    report.figures["prior only -> " + ", ".join(data)] = {
        name: score(d, prior_ranker(), gaz)["acc161"] for name, d in data.items()
    }
    if len(data) > 1:
        for name, test in data.items():
            rest = [d for other, d in data.items() if other != name]
            report.figures[f"others -> {name}"] = score(test, train_on(rest), gaz)
    ranker = train_on(list(data.values()))
    for name, d in data.items():
        report.figures[f"all -> {name} (in-sample)"] = score(d, ranker, gaz)
    digest = hashlib.sha256()
    for p in sorted(Path(p) for p in corpora):
        digest.update(p.name.encode() + b"\0" + p.read_bytes())
    ranker.meta = {
        "corpora": sorted(data),
        "corpora_digest": digest.hexdigest(),
        "static_features": list(STATIC),
        "figures": report.figures,
    }
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    ranker.save(target)
    report.file = target
    return report
