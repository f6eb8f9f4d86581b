"""``eventwire eval geoparse``: score toponym recognition and resolution.

Reads the geoparsing corpora collected by Gritta et al. ("A Pragmatic Guide to
Geoparsing Evaluation", 2019): LGL, GeoVirus, TR-News and GeoWebNews XML (see
:mod:`eventwire.evaluate.geoparse_corpus` for the layouts, and for what is
realigned, dropped and counted: ``skipped``, ``realigned``, ``no_point``,
``not_toponyms``).

Predictions come from :func:`eventwire.geoparse.geoparse`. Figures:

- recognition P/R/F1, always from a run WITHOUT gold spans. A predicted
  mention matches a gold toponym when the spans overlap (relaxed matching, as
  Gritta et al. do for geoparsing), one to one, larger overlaps first; the
  exact-span figures are reported under ``recognition_exact``;
- resolution: the error in km (great circle) between the gold point and the
  predicted point of each gold toponym that has coordinates. With
  ``gold_toponyms`` the gold spans are handed to the resolver (a second,
  separate run) and every gold toponym with coordinates is scored; without,
  only the gold toponyms matched by a recognised mention are. An unresolved
  mention counts as the largest possible error, 20039 km (a miss).
  ``acc161`` is the share of errors <= 161 km, ``median_km`` their median and
  ``auc`` the area under the curve of sorted ``ln(1 + error_km)``, normalised
  by ``ln(20039)`` (Gritta et al. 2018, "What's missing in geographical
  parsing?"), i.e. the mean of ``ln(1 + err) / ln(20039)``: 0 is perfect,
  1 is every toponym missed; lower is better.

In gold-toponym mode both runs are made (the spanless one is cheap), so the
recognition keys always hold real figures.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..geo import haversine_km
from ..model import PlaceMention
from ..settings import Settings
from .geoparse_corpus import GoldArticle, GoldToponym, read_corpus
from .progress import ProgressFn, counted
from .spans import Span, match_spans, prf

__all__ = [
    "KEYS",
    "MAX_ERROR_KM",
    "GoldArticle",
    "GoldToponym",
    "Scored",
    "error_km",
    "evaluate_geoparse",
    "match_spans",
    "prf",
    "read_corpus",
    "resolution_scores",
    "run_geoparse",
    "score",
]

MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the error of a miss
ACC_KM = 161.0  # 100 miles, the customary "correct" threshold
KEYS = ("n", "recognition", "acc161", "median_km", "auc", "skipped")


# ---------------------------------------------------------------------------
# metrics (pure)


def error_km(gold: GoldToponym, predicted: PlaceMention | None) -> float:
    """Distance from the gold point to the predicted one; MAX_ERROR_KM when unresolved."""
    if gold.latitude is None or gold.longitude is None:
        raise ValueError(f"gold toponym {gold.phrase!r} has no coordinates")
    if predicted is None or predicted.latitude is None or predicted.longitude is None:
        return MAX_ERROR_KM
    return min(
        MAX_ERROR_KM, haversine_km(gold.latitude, gold.longitude, predicted.latitude, predicted.longitude)
    )


def resolution_scores(errors: Sequence[float]) -> dict[str, float | None]:
    """acc161, median_km and AUC (mean of ln(1+err)/ln(20039)) of the errors; None if none."""
    if not errors:
        return {"acc161": None, "median_km": None, "auc": None}
    norm = math.log(MAX_ERROR_KM)
    return {
        "acc161": round(sum(e <= ACC_KM for e in errors) / len(errors), 4),
        "median_km": round(statistics.median(errors), 1),
        "auc": round(sum(math.log1p(min(e, MAX_ERROR_KM)) / norm for e in errors) / len(errors), 4),
    }


@dataclass
class Scored:
    """One gold toponym with a point, with its prediction and error (for reports and error analysis)."""

    article: str
    gold: GoldToponym
    predicted: PlaceMention | None
    error_km: float


def score(
    articles: Sequence[GoldArticle],
    found: Sequence[list[PlaceMention]],
    given: Sequence[list[PlaceMention]] | None = None,
) -> tuple[dict[str, Any], list[Scored]]:
    """Figures from the spanless run ``found`` (and the gold-span run ``given``), plus the scored toponyms.

    Without ``given``, resolution is scored on the gold toponyms that recognition matched.
    """
    tp = tp_exact = n_pred = n_gold = 0
    scored: list[Scored] = []
    for k, art in enumerate(articles):
        gold_spans = [(g.start, g.end) for g in art.toponyms]
        pred_spans = [(m.start, m.end) for m in found[k]]
        matched = match_spans(gold_spans, pred_spans)
        tp += len(matched)
        tp_exact += len(match_spans(gold_spans, pred_spans, exact=True))
        n_pred += len(pred_spans)
        n_gold += len(gold_spans)
        for gi, g in enumerate(art.toponyms):
            if not g.has_point:
                continue
            if given is not None:
                if len(given[k]) != len(art.toponyms):
                    raise EvaluationError(
                        f"article {art.label}: {len(given[k])} predictions for {len(art.toponyms)} gold spans"
                    )
                mention: PlaceMention | None = given[k][gi]
            elif gi in matched:
                mention = found[k][matched[gi]]
            else:
                continue
            scored.append(Scored(art.label, g, mention, error_km(g, mention)))
    figures: dict[str, Any] = {
        "n": len(scored),
        "recognition": prf(tp, n_pred, n_gold),
        **resolution_scores([s.error_km for s in scored]),
        "recognition_exact": prf(tp_exact, n_pred, n_gold),
        "articles": len(articles),
        "gold_toponyms": n_gold,
        "predicted_toponyms": n_pred,
        "unresolved": sum(s.predicted is None or s.predicted.latitude is None for s in scored),
        "skipped": sum(len(a.skipped) for a in articles),
        "realigned": sum(a.realigned for a in articles),
        "no_point": sum(not g.has_point for a in articles for g in a.toponyms),
        "not_toponyms": sum(a.not_toponyms for a in articles),
    }
    return figures, scored


# ---------------------------------------------------------------------------
# entry point


def run_geoparse(
    path: str | Path,
    settings: Settings | None = None,
    gold_toponyms: bool = False,
    limit: int | None = None,
    resources: Any = None,
    strict: bool = False,
    progress: ProgressFn | None = None,
) -> tuple[dict[str, Any], list[Scored]]:
    """Read ``path``, geoparse its articles, and return the figures and the scored toponyms.

    ``strict``: a toponym with impossible offsets is an EvaluationError instead of a skip;
    ``progress`` is told ``(done, total)`` after each article geoparsed (twice as many
    with ``gold_toponyms``: our own spans, then the gold ones).
    """
    from ..geoparse import geoparse
    from ..pipeline import Resources

    articles = read_corpus(path, strict=strict)
    if limit:
        articles = articles[:limit]
    settings = settings or Settings()
    resources = resources or Resources(settings)
    texts = [a.text for a in articles]
    total = len(texts) * (2 if gold_toponyms else 1)
    found = list(counted(geoparse(texts, settings=settings, resources=resources), total, progress))
    given = None
    if gold_toponyms:
        spans: Iterable[list[Span]] = ([(g.start, g.end) for g in a.toponyms] for a in articles)
        parsed = geoparse(texts, spans=spans, settings=settings, resources=resources)
        given = list(counted(parsed, total, progress, start=len(texts)))
    return score(articles, found, given)


def evaluate_geoparse(
    path: str | Path,
    settings: Settings | None = None,
    gold_toponyms: bool = False,
    limit: int | None = None,
    resources: Any = None,
    strict: bool = False,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Scores over the articles of ``path`` (the first ``limit`` when given); keys as in KEYS, plus extras.

    ``resources`` (an eventwire.pipeline.Resources) lets a caller share loaded models; ``strict``
    and ``progress`` as in :func:`run_geoparse`.
    """
    figures, _scored = run_geoparse(path, settings, gold_toponyms, limit, resources, strict, progress)
    return figures
