"""``eventwire eval timeml``: score time expressions against TimeML (TIMEX3) gold.

Reads a directory (searched recursively) of ``.tml`` files such as TempEval-3's
TBAQ-cleaned (TimeBank + AQUAINT). Of each file:

- the plain text is everything inside ``<TEXT>`` with the inline tags
  removed; gold TIMEX3 offsets are computed into that text, which is exactly
  the text eventwire is given;
- the document creation time is the TIMEX3 with
  ``functionInDocument="CREATION_TIME"`` (in ``<DCT>`` or anywhere else); its
  ``value`` becomes the Document's ``published``. A file without one is read
  with ``published`` None (relative expressions then stay unresolved).

eventwire's spaCy and times stages run over each text. Only gold DATE and
TIME expressions are scored (``type`` attribute). A predicted mention that
overlaps a gold DURATION or SET and no gold DATE/TIME is ignored (neither
right nor wrong), since eventwire does not type durations.

Figures:

- ``span_f1_strict``: precision/recall F1 with exact offsets;
- ``span_f1_relaxed``: the same with any overlap, one to one, the largest
  overlaps matched first;
- ``value_accuracy``: the share of relaxed-matched gold DATE/TIME whose
  normalised ``value`` (TIMEX3 style) equals the gold ``value`` exactly;
- ``n``: the number of gold DATE/TIME expressions; plus precision/recall, the
  counts, ``value_f1`` (TempEval-3's value score: value-correct matches over
  predicted and gold counts) and the same figures per top-level subfolder
  under ``by_corpus`` (e.g. ``AQUAINT``, ``TimeBank``).

Bad input raises :class:`~eventwire.errors.EvaluationError`: a missing
directory, a directory without ``.tml`` files, and any file that is not
well-formed XML or has no ``<TEXT>`` (the message names the file). One broken
file fails the whole run rather than being skipped: figures over a silently
smaller corpus could not be compared with earlier runs.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..model import Document, TimeMention
from ..settings import Settings
from .progress import ProgressFn, counted
from .spans import match_spans, overlap, prf

TIMEML_STAGES = ("eventwire.spacy.v1", "eventwire.times.v1")
SCORED_TYPES = frozenset({"DATE", "TIME"})
KEYS = ("n", "span_f1_strict", "span_f1_relaxed", "value_accuracy")


@dataclass(frozen=True)
class GoldTimex:
    """One TIMEX3 in the text: offsets into the plain text, its type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass
class TimeMLDocument:
    """One TimeML file: its label (path relative to the corpus root), text, DCT and TIMEX3s."""

    label: str
    text: str
    dct: str | None
    timexes: list[GoldTimex] = field(default_factory=list)

    @property
    def corpus(self) -> str:
        """The top-level subfolder the file sits in ("" when it sits in the root)."""
        parts = Path(self.label).parts
        return parts[0] if len(parts) > 1 else ""


def _walk(node: ET.Element, pieces: list[str], offset: int, found: list[GoldTimex]) -> int:
    """Append the text under ``node`` to ``pieces``; collect TIMEX3 spans; return the new offset."""
    if node.text:
        pieces.append(node.text)
        offset += len(node.text)
    for child in node:
        start = offset
        offset = _walk(child, pieces, offset, found)
        if child.tag == "TIMEX3":
            text = "".join(pieces)[start:offset] if offset > start else ""
            found.append(GoldTimex(start, offset, text, child.get("type", "").upper(), child.get("value")))
        if child.tail:
            pieces.append(child.tail)
            offset += len(child.tail)
    return offset


def read_timeml(path: str | Path, label: str | None = None) -> TimeMLDocument:
    """Read one TimeML file. Raises EvaluationError naming the file and the reason."""
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except FileNotFoundError:
        raise EvaluationError(f"{p}: file not found") from None
    except ET.ParseError as exc:
        raise EvaluationError(f"{p}: not well-formed XML ({exc})") from None
    except OSError as exc:
        raise EvaluationError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    text_node = root.find(".//TEXT")
    if text_node is None:
        raise EvaluationError(f"{p}: no <TEXT> element")
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME" and timex.get("value"):
            dct = timex.get("value")
            break
    pieces: list[str] = []
    found: list[GoldTimex] = []
    _walk(text_node, pieces, 0, found)
    text = "".join(pieces)
    found.sort(key=lambda t: (t.start, t.end))
    return TimeMLDocument(label or p.name, text, dct, found)


def read_corpus(path: str | Path) -> list[TimeMLDocument]:
    """Every ``.tml`` file under ``path`` (recursively, sorted by path)."""
    root = Path(path)
    if not root.exists():
        raise EvaluationError(f"{root}: directory not found")
    if root.is_file():
        return [read_timeml(root, root.name)]
    files = sorted(root.rglob("*.tml"))
    if not files:
        raise EvaluationError(f"{root}: no .tml files found")
    return [read_timeml(f, f.relative_to(root).as_posix()) for f in files]


@dataclass
class _Counts:
    n_gold: int = 0
    n_pred: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0

    def add(self, other: _Counts) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def figures(self) -> dict[str, Any]:
        strict = prf(self.strict, self.n_pred, self.n_gold)
        relaxed = prf(self.relaxed, self.n_pred, self.n_gold)
        value = prf(self.value_ok, self.n_pred, self.n_gold)
        return {
            "n": self.n_gold,
            "span_f1_strict": round(strict["f1"], 4),
            "span_f1_relaxed": round(relaxed["f1"], 4),
            "value_accuracy": round(self.value_ok / self.relaxed, 4) if self.relaxed else 0.0,
            "span_strict": strict,
            "span_relaxed": relaxed,
            "value_f1": value["f1"],
            "predicted": self.n_pred,
            "matched_relaxed": self.relaxed,
            "matched_strict": self.strict,
            "value_correct": self.value_ok,
        }


def score_document(
    gold: TimeMLDocument, predicted: Sequence[TimeMention]
) -> tuple[_Counts, list[dict[str, Any]]]:
    """Counts for one document, and its errors (misses, false alarms, wrong values)."""
    scored = [t for t in gold.timexes if t.type in SCORED_TYPES]
    others = [(t.start, t.end) for t in gold.timexes if t.type not in SCORED_TYPES]
    gold_spans = [(t.start, t.end) for t in scored]
    preds = [
        p
        for p in predicted
        if any(overlap((p.start, p.end), g) for g in gold_spans)
        or not any(overlap((p.start, p.end), o) for o in others)
    ]
    pred_spans = [(p.start, p.end) for p in preds]
    strict = match_spans(gold_spans, pred_spans, exact=True)
    relaxed = match_spans(gold_spans, pred_spans)
    counts = _Counts(len(scored), len(preds), len(strict), len(relaxed))
    errors: list[dict[str, Any]] = []
    for gi, g in enumerate(scored):
        pi = relaxed.get(gi)
        if pi is None:
            errors.append({"kind": "missed", "gold": g.text, "value": g.value})
            continue
        got = preds[pi].value
        if got == g.value:
            counts.value_ok += 1
        else:
            errors.append(
                {"kind": "value", "gold": g.text, "value": g.value, "text": preds[pi].text, "got": got}
            )
    matched = set(relaxed.values())
    for pi, p in enumerate(preds):
        if pi not in matched:
            errors.append({"kind": "spurious", "text": p.text, "got": p.value})
    return counts, errors


def _predict(docs: Sequence[TimeMLDocument], settings: Settings | None) -> Iterator[list[TimeMention]]:
    from ..pipeline import Pipeline

    base = settings or Settings()
    pipeline = Pipeline(dataclasses.replace(base, pipeline=TIMEML_STAGES, workers=1))
    inputs = (Document(f"timeml:{d.label}", d.text, published=d.dct, source=d.label) for d in docs)
    for doc in pipeline.pipe(inputs):
        yield doc.times


def evaluate_timeml(
    path: str | Path,
    settings: Settings | None = None,
    limit: int | None = None,
    with_errors: bool = False,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Score eventwire's times stage on the TimeML files under ``path``.

    Returns ``{"n", "span_f1_strict", "span_f1_relaxed", "value_accuracy"}``
    plus extras (see the module docstring); ``limit`` scores only the first
    files (sorted by path); ``with_errors`` adds an ``errors`` list; ``progress``
    is told ``(done, total)`` after each file.
    """
    docs = read_corpus(path)
    if limit is not None:
        docs = docs[: max(0, limit)]
    total = _Counts()
    by_corpus: dict[str, _Counts] = {}
    errors: list[dict[str, Any]] = []
    for gold, predicted in zip(docs, counted(_predict(docs, settings), len(docs), progress), strict=True):
        counts, errs = score_document(gold, predicted)
        total.add(counts)
        by_corpus.setdefault(gold.corpus, _Counts()).add(counts)
        errors.extend({"file": gold.label, "dct": gold.dct, **e} for e in errs)
    result = total.figures()
    result["files"] = len(docs)
    if len(by_corpus) > 1 or "" not in by_corpus:
        result["by_corpus"] = {name: c.figures() for name, c in sorted(by_corpus.items())}
    if with_errors:
        result["errors"] = errors
    return result
