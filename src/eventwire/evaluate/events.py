"""Scorer for a folder in the corpus format (``corpus/README.md``): the event check set.

* ``sentences/*.jsonl``: every snippet goes through the parse and the pipeline's event-typing
  stage and gets its main event's sub-event type (as in :mod:`eventwire.evaluate.case2021`) or
  "None"; macro and weighted F1 over the 26 classes.
* ``articles/*.jsonl``: every article goes through the whole pipeline (which decides what is new
  and what is background); a sentence counts as found when it gets a mention. Figures: precision, recall and F1 of finding the sentences that report
  a new incident (a mention reported as new), the same for recalled incidents (background), and
  how many sentences of context and statements get a new mention (they should get none), and how
  often an article yields exactly as many new events as it reports new incidents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import CorpusError, EvaluationError
from ..learn import corpus as corpus_mod
from ..model import Document
from .case2021 import NOT_EVENT, main_event, typing_stages
from .progress import ProgressFn, counted

KEYS = (
    "n_sentences",
    "macro_f1",
    "weighted_f1",
    "n_articles",
    "new_precision",
    "new_recall",
    "new_f1",
    "background_precision",
    "background_recall",
    "context_as_new",
    "incident_count_exact",
    "new_events_per_article",
    "gold_incidents_per_article",
)


def _prf(tp: int, found: int, gold: int) -> tuple[float, float, float]:
    p = tp / found if found else 0.0
    r = tp / gold if gold else 0.0
    return round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0


def evaluate_events(folder: str | Path, pipeline: Any, progress: ProgressFn | None = None) -> dict[str, Any]:
    """Score the pipeline's event typing on a corpus-format folder (see the module docstring).

    ``progress`` is told ``(done, total)`` after each sentence and each article.
    """
    from sklearn.metrics import f1_score

    try:
        data = corpus_mod.read(folder)
    except CorpusError as exc:
        raise EvaluationError(str(exc)) from None
    run = typing_stages(pipeline)
    gold = [snippet.label for snippet in data.sentences]
    pred = []
    total = len(data.sentences) + len(data.articles)
    for snippet in counted(data.sentences, total, progress):
        label = main_event(run(Document(snippet.id, snippet.text)))
        pred.append("None" if label == NOT_EVENT else label)
    counts = {"new": [0, 0, 0], "background": [0, 0, 0]}  # true positives, found, gold
    context_new = context = exact = new_events = gold_incidents = 0
    for article in counted(data.articles, total, progress, start=len(data.sentences)):
        text, starts, paragraph = "", [], 0
        for s in article:  # the article's text as corpus/README.md defines it
            if text:
                text += "\n\n" if s.paragraph != paragraph else " "
            paragraph = s.paragraph
            starts.append(len(text))
            text += s.text
        doc = pipeline(Document(article[0].article, text))  # the whole pipeline: it decides new/background
        predicted = sum(e.reported_as == "new" for e in doc.events)
        told = len({s.incident for s in article if s.role == "new"})
        exact += predicted == told
        new_events += predicted
        gold_incidents += told
        said: dict[int, str] = {}
        for m in doc.mentions:
            start = doc.sentences[m.sentence].start
            # the gold sentence this parse sentence starts in
            k = max((i for i, st in enumerate(starts) if st <= start), default=0)
            if said.get(k) != "new":
                said[k] = m.reported_as
        for k, s in enumerate(article):
            for role, c in counts.items():
                c[0] += s.role == role and said.get(k) == role
                c[1] += said.get(k) == role
                c[2] += s.role == role
            if s.role in ("context", "statement"):
                context += 1
                context_new += said.get(k) == "new"
    new = _prf(*counts["new"])
    background = _prf(*counts["background"])
    if not data.sentences:
        raise EvaluationError(f"{folder}: no sentences to score")
    return {
        "n_sentences": len(gold),
        "macro_f1": round(float(f1_score(gold, pred, average="macro", zero_division=0)), 4),
        "weighted_f1": round(float(f1_score(gold, pred, average="weighted", zero_division=0)), 4),
        "n_articles": len(data.articles),
        "new_precision": new[0],
        "new_recall": new[1],
        "new_f1": new[2],
        "background_precision": background[0],
        "background_recall": background[1],
        "context_as_new": round(context_new / context, 4) if context else 0.0,
        "incident_count_exact": round(exact / len(data.articles), 4),
        "new_events_per_article": round(new_events / len(data.articles), 3),
        "gold_incidents_per_article": round(gold_incidents / len(data.articles), 3),
    }
