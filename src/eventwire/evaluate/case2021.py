"""Scorer for CASE 2021 Shared Task 2 (fine-grained event classification of news snippets).

The gold file is a TSV with a header and the columns ``id``, ``EventSnippet``
and ``SubType`` (one of the 30 CASE labels). Every snippet goes through the parse and the
event-typing stage the pipeline runs (its configured ``eventwire.event_types.*`` stage), and is
labelled with its main event: the mention with the highest score, earlier sentences weighing
more (:data:`SENTENCE_WEIGHTS`); no mention means "not a political-violence event". The five labels
that are not ACLED types (ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER,
DIPLO, ATTRIB) count as one class, "not a political-violence event".
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..model import Document
from ..taxonomy import CASE2021_LABELS, case_label_to_sub
from .progress import ProgressFn, counted

NOT_EVENT = "not a political-violence event"
HEADER = ("id", "EventSnippet", "SubType")
METRIC_KEYS = ("n", "accuracy", "micro_f1", "macro_f1", "weighted_f1")
# how much a mention counts by the position of its sentence in the snippet (the rest: the last value)
SENTENCE_WEIGHTS = (1.0, 0.6, 0.45, 0.35)


def read_case2021(path: str | Path) -> list[tuple[str, str, str]]:
    """The (id, snippet, label) rows of a CASE 2021 Task 2 TSV file."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise EvaluationError(f"{p}: gold file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{p}: cannot read gold file ({exc})") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise EvaluationError(f"{p}: empty file, expected a header {'<TAB>'.join(HEADER)}")
    header = tuple(c.strip() for c in lines[0].split("\t"))
    if header[:3] != HEADER:
        raise EvaluationError(
            f"{p}: line 1: expected the header {'<TAB>'.join(HEADER)}, got {lines[0][:80]!r}"
        )
    rows: list[tuple[str, str, str]] = []
    reader = csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)
    for lineno, cols in enumerate(reader, start=2):
        if not cols or not any(c.strip() for c in cols):
            continue
        if len(cols) < 3:
            raise EvaluationError(f"{p}: line {lineno}: expected 3 tab-separated columns, got {len(cols)}")
        ident, snippet, label = cols[0].strip(), cols[1].strip(), cols[2].strip()
        if label not in CASE2021_LABELS:
            raise EvaluationError(
                f"{p}: line {lineno}: unknown label {label!r} (known: {', '.join(CASE2021_LABELS)})"
            )
        rows.append((ident, snippet, label))
    if not rows:
        raise EvaluationError(f"{p}: no snippets after the header")
    return rows


def gold_class(label: str) -> str:
    """The class a CASE label is scored as: its sub-event type, or NOT_EVENT."""
    return case_label_to_sub(label) or NOT_EVENT


def main_event(doc: Document) -> str:
    """The snippet's label: the sub-event type of its weightiest mention, or NOT_EVENT."""
    best, label = 0.0, NOT_EVENT
    for m in doc.mentions:
        w = m.score * SENTENCE_WEIGHTS[min(m.sentence, len(SENTENCE_WEIGHTS) - 1)]
        if w > best:
            best, label = w, m.sub_event_type
    return label


def typing_stages(pipeline: Any) -> Any:
    """The pipeline's parse and event-typing stages as one callable over Documents."""
    chosen = [
        (n, s) for n, s in pipeline.stages if n.startswith(("eventwire.spacy.", "eventwire.event_types."))
    ]
    if len(chosen) != 2:
        raise EvaluationError(
            f"the pipeline {list(pipeline.stage_names)} needs one parse and one event_types stage to score CASE"
        )

    def run(doc: Document) -> Document:
        for _name, stage_obj in chosen:
            stage_obj(doc)
        return doc

    return run


def evaluate_case2021(path: str | Path, pipeline: Any, progress: ProgressFn | None = None) -> dict[str, Any]:
    """Score the pipeline's event typing on a CASE 2021 Task 2 file.

    Returns ``n``, ``accuracy``, ``micro_f1``, ``macro_f1``, ``weighted_f1`` (over
    the classes present in gold or predictions), plus ``per_label`` (precision,
    recall, f1, support per class) and ``confusion`` ({gold: {predicted: count}}).
    ``progress`` is told ``(done, total)`` after each snippet.
    """
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    rows = read_case2021(path)
    gold = [gold_class(label) for _, _, label in rows]
    run = typing_stages(pipeline)
    pred = [
        main_event(run(Document(ident, snippet))) for ident, snippet, _ in counted(rows, len(rows), progress)
    ]
    labels = sorted(set(gold) | set(pred))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    confusion: dict[str, dict[str, int]] = {}
    for g, q in zip(gold, pred, strict=True):
        confusion.setdefault(g, {})
        confusion[g][q] = confusion[g].get(q, 0) + 1
    return {
        "n": len(rows),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "micro_f1": round(float(f1_score(gold, pred, labels=labels, average="micro", zero_division=0)), 4),
        "macro_f1": round(float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)), 4),
        "weighted_f1": round(
            float(f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)), 4
        ),
        "per_label": {
            lab: {
                "precision": round(float(pi), 4),
                "recall": round(float(ri), 4),
                "f1": round(float(fi), 4),
                "support": int(si),
            }
            for lab, pi, ri, fi, si in zip(labels, p, r, f, s, strict=True)
        },
        "confusion": confusion,
    }
