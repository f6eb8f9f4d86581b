"""``eventwire eval merge``: score cross-article merging on a merge gold folder.

The folder holds ``articles/*.json`` (one ingest record each: ``id``, ``title``,
``text``, ``published``, ``outlet``, ``url``) and ``gold.json``::

    {"incidents": [{"incident_id", "articles": [ids], "event_type", "sub_event_type",
                    "date", "location", "lat", "lon", "fatalities": {"low", "best", "high"}}],
     "distractor_articles": [ids]}

Every article must be in exactly one incident or be a distractor.

The articles are ingested in sorted id order into a fresh temporary store with
the real pipeline. The prediction for an article is its **main event**: of the
stored new events (``reported_as == "new"``) whose sources include the article,
the one whose evidence in the article comes first. Articles sharing a main event
form one predicted cluster; an article with no new event (or that failed to
ingest) is a cluster of its own.

Scores:

- ``bcubed``: B-cubed precision, recall and F1 over all articles, each
  distractor being a gold incident of its own (so a distractor that yields no
  event, or an event of its own, is right; one merged into an incident costs
  precision);
- ``over_merged``: gold incidents (distractors excluded) with an article in a
  predicted cluster that also holds an article of another incident or a distractor;
- ``split``: gold incidents whose articles lie in two or more predicted clusters;
- ``fields``: for each gold incident, the event of the predicted cluster holding
  most of its articles (ties: a cluster with an event, then the smallest article
  id) against the gold: ``type`` sub-event type equal, ``date`` event date within
  one day, ``place`` within 25 km, ``fatalities`` best figure equal (unknown counts
  as 0, ACLED's convention). An incident whose best cluster has no event fails all four.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..geo import haversine_km
from ..ingest import ingest
from ..model import Event
from ..pipeline import Pipeline
from ..settings import Settings
from ..store import open_store
from ..taxonomy import TaxonomyError, event_type_of
from .progress import ProgressFn

KEYS = ("n_articles", "n_incidents", "bcubed", "over_merged", "split", "fields")
FIELDS = ("type", "date", "place", "fatalities")
INCIDENT_KEYS = (
    "incident_id",
    "articles",
    "event_type",
    "sub_event_type",
    "date",
    "location",
    "lat",
    "lon",
    "fatalities",
)
PLACE_KM = 25.0
DATE_DAYS = 1


@dataclass
class GoldIncident:
    """One incident of ``gold.json``."""

    incident_id: str
    articles: list[str]
    event_type: str
    sub_event_type: str
    date: str  # YYYY-MM-DD
    location: str | None
    lat: float | None
    lon: float | None
    fatalities: dict[str, int | None]


@dataclass
class MergeGold:
    """A validated merge gold folder: article files by id, incidents and distractors."""

    root: Path
    articles: dict[str, Path]  # article id -> its file
    incidents: list[GoldIncident]
    distractors: list[str]

    def labels(self) -> dict[str, str]:
        """Gold cluster label of every article (a distractor is its own cluster)."""
        labels = {a: inc.incident_id for inc in self.incidents for a in inc.articles}
        labels.update({d: f"distractor:{d}" for d in self.distractors})
        return labels


# ---------------------------------------------------------------------------
# reading and validating


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvaluationError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise EvaluationError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None


def _read_articles(root: Path) -> dict[str, Path]:
    folder = root / "articles"
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: no articles folder")
    articles: dict[str, Path] = {}
    for path in sorted(folder.glob("*.json")):
        record = _load_json(path)
        if not isinstance(record, dict):
            raise EvaluationError(f"{path}: an article must be one JSON object")
        rid = record.get("id")
        if not isinstance(rid, str) or not rid.strip():
            raise EvaluationError(f"{path}: missing required field 'id' (a non-empty string)")
        if not isinstance(record.get("text"), str) or not record["text"].strip():
            raise EvaluationError(f"{path}: missing required field 'text' (a non-empty string)")
        if rid in articles:
            raise EvaluationError(f"{path}: article id {rid!r} is also used by {articles[rid]}")
        articles[rid] = path
    if not articles:
        raise EvaluationError(f"{folder}: no articles (*.json)")
    return articles


def _incident(gold_path: Path, i: int, raw: Any) -> GoldIncident:
    where = f"{gold_path}: incidents[{i}]"
    if not isinstance(raw, dict):
        raise EvaluationError(f"{where}: not a JSON object")
    missing = [k for k in INCIDENT_KEYS if k not in raw]
    if missing:
        raise EvaluationError(f"{where}: missing required field(s) {', '.join(missing)}")
    where = f"{gold_path}: incident {raw['incident_id']!r}"
    if not isinstance(raw["incident_id"], str) or not raw["incident_id"].strip():
        raise EvaluationError(f"{gold_path}: incidents[{i}]: 'incident_id' must be a non-empty string")
    arts = raw["articles"]
    if not isinstance(arts, list) or not arts or not all(isinstance(a, str) for a in arts):
        raise EvaluationError(f"{where}: 'articles' must be a non-empty list of article ids")
    try:
        if event_type_of(raw["sub_event_type"]) != raw["event_type"]:
            raise EvaluationError(
                f"{where}: sub_event_type {raw['sub_event_type']!r} is not a kind of {raw['event_type']!r}"
            )
    except (TaxonomyError, TypeError):
        raise EvaluationError(f"{where}: {raw['sub_event_type']!r} is not an ACLED sub-event type") from None
    try:
        day = date.fromisoformat(raw["date"]).isoformat()
    except (TypeError, ValueError):
        raise EvaluationError(f"{where}: date {raw['date']!r} is not YYYY-MM-DD") from None
    coords: list[float | None] = []
    for key in ("lat", "lon"):
        value = raw[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise EvaluationError(f"{where}: {key} {value!r} is not a number")
        coords.append(None if value is None else float(value))
    fat = raw["fatalities"]
    if not isinstance(fat, dict) or any(
        k not in fat or (fat[k] is not None and (isinstance(fat[k], bool) or not isinstance(fat[k], int)))
        for k in ("low", "best", "high")
    ):
        raise EvaluationError(f"{where}: fatalities must be {{'low', 'best', 'high'}} of integers or null")
    return GoldIncident(
        incident_id=raw["incident_id"],
        articles=list(arts),
        event_type=raw["event_type"],
        sub_event_type=raw["sub_event_type"],
        date=day,
        location=raw["location"] if isinstance(raw["location"], str) else None,
        lat=coords[0],
        lon=coords[1],
        fatalities={k: fat[k] for k in ("low", "best", "high")},
    )


def read_merge_gold(path: str | Path) -> MergeGold:
    """Read and check a merge gold folder; raises EvaluationError naming the file and the problem."""
    root = Path(path)
    if not root.is_dir():
        raise EvaluationError(f"{root}: no such directory")
    gold_path = root / "gold.json"
    if not gold_path.is_file():
        raise EvaluationError(f"{gold_path}: file not found")
    articles = _read_articles(root)
    data = _load_json(gold_path)
    if not isinstance(data, dict) or not isinstance(data.get("incidents"), list):
        raise EvaluationError(f"{gold_path}: missing required field 'incidents' (a list)")
    distractors = data.get("distractor_articles", [])
    if not isinstance(distractors, list) or not all(isinstance(d, str) for d in distractors):
        raise EvaluationError(f"{gold_path}: 'distractor_articles' must be a list of article ids")
    incidents = [_incident(gold_path, i, raw) for i, raw in enumerate(data["incidents"])]

    owner: dict[str, str] = {}
    ids: set[str] = set()
    for inc in incidents:
        if inc.incident_id in ids:
            raise EvaluationError(f"{gold_path}: incident id {inc.incident_id!r} is used twice")
        ids.add(inc.incident_id)
    places = [(a, inc.incident_id) for inc in incidents for a in inc.articles]
    places += [(d, "the distractor_articles") for d in distractors]
    for article, where in places:
        if article not in articles:
            raise EvaluationError(
                f"{gold_path}: {where} lists article {article!r}, which is not in {root / 'articles'}"
            )
        if article in owner:
            raise EvaluationError(f"{gold_path}: article {article!r} is in both {owner[article]} and {where}")
        owner[article] = where
    loose = sorted(set(articles) - set(owner))
    if loose:
        raise EvaluationError(
            f"{gold_path}: article(s) {', '.join(loose)} are in no incident and not distractors"
        )
    return MergeGold(root=root, articles=articles, incidents=incidents, distractors=list(distractors))


# ---------------------------------------------------------------------------
# scoring


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster label) against the gold.

    Per item: precision is the share of its predicted cluster that shares its gold
    cluster, recall the share of its gold cluster that shares its predicted
    cluster; both are averaged over the items. ``predicted`` must label every gold item.
    """
    if not gold:
        raise EvaluationError("B-cubed: no items to score")
    missing = sorted(set(gold) - set(predicted))
    if missing:
        raise EvaluationError(f"B-cubed: no predicted cluster for {', '.join(map(str, missing))}")
    items = list(gold)
    both = Counter((predicted[i], gold[i]) for i in items)
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    p = sum(both[predicted[i], gold[i]] / pred_size[predicted[i]] for i in items) / len(items)
    r = sum(both[predicted[i], gold[i]] / gold_size[gold[i]] for i in items) / len(items)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)}


def main_events(events: list[Event], article_ids: list[str]) -> dict[str, Event | None]:
    """Each article's main event: the new event whose evidence in it starts first (None: no new event)."""
    first: dict[str, tuple[int, str, Event]] = {}
    for event in events:
        if event.reported_as != "new":
            continue
        for ev in event.sources:
            key = (ev.char_start, event.event_id, event)
            if ev.document_id not in first or key[:2] < first[ev.document_id][:2]:
                first[ev.document_id] = key
    return {a: first[a][2] if a in first else None for a in article_ids}


def _clusters(mains: Mapping[str, Event | None]) -> dict[str, str]:
    """Predicted cluster label per article: its main event's id, else a singleton of its own."""
    return {a: f"event:{e.event_id}" if e is not None else f"none:{a}" for a, e in mains.items()}


def _field_hits(inc: GoldIncident, event: Event | None) -> dict[str, bool]:
    if event is None:
        return dict.fromkeys(FIELDS, False)
    date_ok = False
    if event.event_date:
        try:
            gap = abs((date.fromisoformat(event.event_date[:10]) - date.fromisoformat(inc.date)).days)
            date_ok = gap <= DATE_DAYS
        except ValueError:
            date_ok = False
    lat, lon = event.latitude, event.longitude
    place_ok = (
        lat is not None
        and lon is not None
        and inc.lat is not None
        and inc.lon is not None
        and haversine_km(lat, lon, inc.lat, inc.lon) <= PLACE_KM
    )
    return {
        "type": event.sub_event_type == inc.sub_event_type,
        "date": date_ok,
        "place": place_ok,
        "fatalities": (event.fatalities.best or 0) == (inc.fatalities.get("best") or 0),
    }


def score(gold: MergeGold, mains: Mapping[str, Event | None]) -> dict[str, Any]:
    """The figures (see the module docstring) for the main events ``mains`` of the gold's articles."""
    labels = gold.labels()
    pred = _clusters(mains)
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for article, cluster in pred.items():
        by_cluster[cluster].add(labels[article])

    over_merged = split = 0
    hits = Counter[str]()
    per_incident: list[dict[str, Any]] = []
    for inc in gold.incidents:
        clusters = Counter(pred[a] for a in inc.articles)
        if any(len(by_cluster[c]) > 1 for c in clusters):
            over_merged += 1
        if len(clusters) > 1:
            split += 1
        best = min(
            clusters,
            key=lambda c: (-clusters[c], c.startswith("none:"), min(a for a in inc.articles if pred[a] == c)),
        )
        event = next((mains[a] for a in inc.articles if pred[a] == best), None)
        ok = _field_hits(inc, event)
        hits.update(k for k, v in ok.items() if v)
        per_incident.append(
            {
                "incident_id": inc.incident_id,
                "clusters": len(clusters),
                "event_id": event.event_id if event is not None else None,
                **ok,
            }
        )
    n = len(gold.incidents)
    return {
        "n_articles": len(gold.articles),
        "n_incidents": n,
        "bcubed": bcubed(pred, labels),
        "over_merged": over_merged,
        "split": split,
        "fields": {k: round(hits[k] / n, 4) if n else 0.0 for k in FIELDS},
        "n_predicted": len(set(pred.values())),
        "distractors_with_event": sum(mains[d] is not None for d in gold.distractors),
        "incidents": per_incident,
    }


def evaluate_merge(
    path: str | Path,
    settings: Settings | None = None,
    *,
    pipeline: Pipeline | None = None,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Ingest the folder's articles into a fresh temporary store and score the stored events.

    Returns the KEYS figures plus ``n_predicted`` (predicted clusters),
    ``distractors_with_event``, ``failed`` (articles that could not be ingested,
    each a cluster of its own) and ``incidents`` (per gold incident: clusters,
    chosen event id, field hits). Raises EvaluationError for a bad folder. ``progress``
    is told ``(done, total)`` after each article ingested.
    """
    gold = read_merge_gold(path)
    settings = settings or Settings()
    order = sorted(gold.articles)
    done = 0

    def note(kind: str, label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(order))

    with tempfile.TemporaryDirectory(prefix="eventwire-merge-") as tmp:
        db = str(Path(tmp) / "merge.sqlite")
        with open_store(db, settings) as store:
            report = ingest(
                [str(gold.articles[a]) for a in order],
                store,
                settings=settings.with_overrides(db=db),
                pipeline=pipeline,
                progress=note,
            )
            events = list(store.events())
    result = score(gold, main_events(events, order))
    result["failed"] = report.failed
    return result
