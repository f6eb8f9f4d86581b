"""``eventwire eval acled``: score the pipeline on ACLED rows (NOTES in, coding out).

Each row's NOTES is one document published on the row's EVENT_DATE. The
prediction for the row is the first event the pipeline reports as new (the
main event of a coder's summary comes first). Scores:

- event_type_accuracy: our sub-event type mapped onto the file's pre-2019
  event type names (taxonomy crosswalk) equals EVENT_TYPE; no event is wrong;
- fatalities_exact: our best fatality figure (unknown counts as 0, ACLED's
  convention for "none reported") equals FATALITIES; fatalities_mae alongside;
- admin1_match: our admin1 names ADMIN1 (see :func:`same_admin1`: spelling variants of one
  region count, since ACLED's names are ISO's, GeoNames' or its own);
- within_25km: our point lies within 25 km of the gold point;
- no_event, no_point, no_admin1: the share of rows with no new event, with an event but no
  point, with an event but no admin1 (where the misses of the last two scores come from).
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..gazetteer.names import strip_generic
from ..geo import haversine_km
from ..model import Document, Event
from ..pipeline import Pipeline
from ..settings import Settings
from ..taxonomy import old_acled_type
from .progress import ProgressFn, counted

KEYS = (
    "n",
    "event_type_accuracy",
    "fatalities_exact",
    "admin1_match",
    "within_25km",
    "no_event",
    "no_point",
    "no_admin1",
)
REQUIRED = ("EVENT_DATE", "EVENT_TYPE", "NOTES", "FATALITIES", "ADMIN1", "LATITUDE", "LONGITUDE")


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def same_admin1(gaz: Any, ev: Event, gold: str) -> bool:
    """Our admin1 names the gold one: the same name (case, accents and a generic word such as
    "Province" ignored), or two spellings of one region of the event's country in the gazetteer
    ("Sud-Kivu" / "South Kivu")."""
    ours = ev.admin1 or ""
    if _fold(strip_generic(ours)) == _fold(strip_generic(gold)):
        return True

    def regions(name: str) -> set[str]:
        return {
            c.admin1_id
            for c in gaz.lookup(name)
            if c.feature_type == "admin1" and c.admin1_id and (ev.iso3 is None or c.iso3 == ev.iso3)
        }

    return bool(regions(ours) & regions(gold))


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """The rows of an ACLED CSV; raises EvaluationError naming the file and the problem."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise EvaluationError(f"{p}: not an ACLED file, missing column(s) {', '.join(missing)}")
            rows = list(reader)
    except FileNotFoundError:
        raise EvaluationError(f"{p}: file not found") from None
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise EvaluationError(f"{p}: malformed CSV ({exc})") from None
    if not rows:
        raise EvaluationError(f"{p}: no rows")
    return rows


def _documents(rows: list[dict[str, str]], path: Path) -> Iterator[Document]:
    for i, row in enumerate(rows, start=2):
        try:
            published = datetime.strptime(row["EVENT_DATE"].strip(), "%d/%m/%Y").date().isoformat()
        except ValueError:
            raise EvaluationError(f"{path}:{i}: EVENT_DATE {row['EVENT_DATE']!r} is not DD/MM/YYYY") from None
        yield Document(
            document_id=f"row{i}", text=row["NOTES"] or "", published=published, source=f"{path}:{i}"
        )


def _main_event(events: list[Event]) -> Event | None:
    new = [e for e in events if e.reported_as == "new"]
    ranked = new or events
    return ranked[0] if ranked else None


def evaluate_acled(
    path: str | Path,
    settings: Settings | None = None,
    limit: int | None = None,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Scores over the rows of ``path`` (the first ``limit`` rows when given).

    ``progress`` is told ``(done, total)`` after each row.
    """
    p = Path(path)
    rows = read_rows(p)[:limit] if limit else read_rows(p)
    pipeline = Pipeline(settings or Settings())
    predictions: dict[str, Event | None] = {}
    docs = pipeline.pipe(_documents(rows, p), on_error=lambda d, e: None)
    for doc in counted(docs, len(rows), progress):
        predictions[doc.document_id] = _main_event(doc.events)
    n = len(rows)
    type_ok = fat_ok = admin_ok = near = 0
    abs_err = 0
    no_event = no_point = no_admin1 = 0
    for i, row in enumerate(rows, start=2):
        ev = predictions.get(f"row{i}")
        no_event += ev is None
        no_point += ev is not None and ev.latitude is None
        no_admin1 += ev is not None and not ev.admin1
        gold_type = row["EVENT_TYPE"].strip()
        if ev is not None and old_acled_type(ev.sub_event_type) == gold_type:
            type_ok += 1
        try:
            gold_fat = int(row["FATALITIES"] or 0)
        except ValueError:
            gold_fat = 0
        pred_fat = ev.fatalities.best if ev is not None and ev.fatalities.best is not None else 0
        fat_ok += pred_fat == gold_fat
        abs_err += abs(pred_fat - gold_fat)
        if ev is not None and ev.admin1 and same_admin1(pipeline.resources.gazetteer, ev, row["ADMIN1"]):
            admin_ok += 1
        if ev is not None and ev.latitude is not None and ev.longitude is not None:
            try:
                glat, glon = float(row["LATITUDE"]), float(row["LONGITUDE"])
            except ValueError:
                continue
            if haversine_km(ev.latitude, ev.longitude, glat, glon) <= 25.0:
                near += 1
    return {
        "n": n,
        "event_type_accuracy": round(type_ok / n, 4),
        "fatalities_exact": round(fat_ok / n, 4),
        "admin1_match": round(admin_ok / n, 4),
        "within_25km": round(near / n, 4),
        "fatalities_mae": round(abs_err / n, 3),
        # where the misses come from: rows with no new event, events with no point, with no admin1
        "no_event": round(no_event / n, 4),
        "no_point": round(no_point / n, 4),
        "no_admin1": round(no_admin1 / n, 4),
    }
