"""``eventwire eval geoparse``: score toponym recognition and resolution.

Reads the geoparsing corpora collected by Gritta et al. ("A Pragmatic Guide to
Geoparsing Evaluation", 2019) in their two XML dialects:

- LGL: ``<article docid=..><text/><toponyms><toponym><start/><end/><phrase/>
  <gaztag geonameid=..><name/><lat/><lon/><country/>..</gaztag>`` (a toponym
  without gaztag has no coordinates: it counts for recognition only);
- GeoVirus: ``<article><source/><text/><locations><location><name/><start/>
  <end/><lat/><lon/><page/>``. Its offsets are one character to the right of
  the name; whenever the name is not at ``text[start:end]`` but is at
  ``text[start-1:end-1]`` the reader shifts the span back by one.

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
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import EvaluationError
from ..geo import haversine_km
from ..model import PlaceMention
from ..settings import Settings
from .spans import Span, match_spans, prf

MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the error of a miss
ACC_KM = 161.0  # 100 miles, the customary "correct" threshold
KEYS = ("n", "recognition", "acc161", "median_km", "auc")


@dataclass(frozen=True)
class GoldToponym:
    """One annotated toponym; ``latitude``/``longitude`` None when it has no coordinates."""

    start: int
    end: int
    phrase: str
    latitude: float | None = None
    longitude: float | None = None
    name: str | None = None  # the gazetteer name (LGL) or the Wikipedia page (GeoVirus)
    country: str | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class GoldArticle:
    """One article: its label (docid or position), text and gold toponyms in text order."""

    label: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


# ---------------------------------------------------------------------------
# reading


def _number(value: str | None, what: str, where: str) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        raise EvaluationError(f"{where}: {what} {value.strip()!r} is not a number") from None
    if not math.isfinite(number):
        raise EvaluationError(f"{where}: {what} {value.strip()!r} is not a finite number")
    return number


def _offset(value: str | None, what: str, where: str) -> int:
    if value is None or not value.strip():
        raise EvaluationError(f"{where}: missing <{what}>")
    try:
        return int(value.strip())
    except ValueError:
        raise EvaluationError(f"{where}: <{what}> {value.strip()!r} is not an integer") from None


def _toponym(node: ET.Element, text: str, where: str) -> GoldToponym:
    lgl = node.tag == "toponym"
    start = _offset(node.findtext("start"), "start", where)
    end = _offset(node.findtext("end"), "end", where)
    phrase = (node.findtext("phrase") if lgl else node.findtext("name")) or ""
    if phrase and text[start:end] != phrase and text[start - 1 : end - 1] == phrase and start > 0:
        start, end = start - 1, end - 1  # GeoVirus: offsets one to the right
    if not 0 <= start < end <= len(text):
        raise EvaluationError(
            f"{where}: offsets {start}-{end} fall outside the text ({len(text)} characters)"
        )
    point = node.find("gaztag") if lgl else node
    lat = lon = None
    name = country = None
    if point is not None:
        lat = _number(point.findtext("lat"), "lat", where)
        lon = _number(point.findtext("lon"), "lon", where)
        if (lat is None) != (lon is None):
            raise EvaluationError(f"{where}: has only one of lat and lon")
        if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise EvaluationError(f"{where}: lat/lon {lat}, {lon} is not a point on Earth")
        page = unquote((point.findtext("page") or "").rsplit("/", 1)[-1]).replace("_", " ")
        name = point.findtext("name") if lgl else page
        country = point.findtext("country") if lgl else None
    return GoldToponym(start, end, phrase or text[start:end], lat, lon, name or None, country or None)


def read_corpus(path: str | Path) -> list[GoldArticle]:
    """The articles of an LGL- or GeoVirus-style XML file, toponyms sorted by offset.

    Raises EvaluationError naming the file, the article and the reason.
    """
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except FileNotFoundError:
        raise EvaluationError(f"{p}: file not found") from None
    except IsADirectoryError:
        raise EvaluationError(f"{p}: is a directory, not an XML file") from None
    except ET.ParseError as exc:
        raise EvaluationError(f"{p}: not well-formed XML ({exc})") from None
    nodes = root.findall("article") if root.tag == "articles" else []
    if not nodes:
        raise EvaluationError(f"{p}: no <articles><article> elements (root is <{root.tag}>)")
    articles = []
    for i, node in enumerate(nodes):
        docid = node.get("docid")
        label = f"article {i}" + (f" (docid {docid})" if docid else "")
        text = node.findtext("text")
        if text is None:
            raise EvaluationError(f"{p}: {label}: no <text>")
        tops = node.findall("toponyms/toponym") + node.findall("locations/location")
        gold = [_toponym(t, text, f"{p}: {label}, toponym {j}") for j, t in enumerate(tops)]
        articles.append(GoldArticle(docid or str(i), text, sorted(gold, key=lambda g: (g.start, g.end))))
    return articles


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
) -> tuple[dict[str, Any], list[Scored]]:
    """Read ``path``, geoparse its articles, and return the figures and the scored toponyms."""
    from ..geoparse import geoparse
    from ..pipeline import Resources

    articles = read_corpus(path)
    if limit:
        articles = articles[:limit]
    settings = settings or Settings()
    resources = resources or Resources(settings)
    texts = [a.text for a in articles]
    found = list(geoparse(texts, settings=settings, resources=resources))
    given = None
    if gold_toponyms:
        spans: Iterable[list[Span]] = ([(g.start, g.end) for g in a.toponyms] for a in articles)
        given = list(geoparse(texts, spans=spans, settings=settings, resources=resources))
    return score(articles, found, given)


def evaluate_geoparse(
    path: str | Path,
    settings: Settings | None = None,
    gold_toponyms: bool = False,
    limit: int | None = None,
    resources: Any = None,
) -> dict[str, Any]:
    """Scores over the articles of ``path`` (the first ``limit`` when given); keys as in KEYS, plus extras.

    ``resources`` (an eventwire.pipeline.Resources) lets a caller share loaded models.
    """
    figures, _scored = run_geoparse(path, settings, gold_toponyms, limit, resources)
    return figures
