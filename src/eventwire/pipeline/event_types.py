"""Stages ``eventwire.event_types.v1`` and ``.v2``: which sentences report a political-violence
event, and its ACLED type.

* ``v1`` decides with the weighted lexical rules of :mod:`eventwire.pipeline.event_rules`;
* ``v2`` decides with the models trained on ``corpus/`` (:mod:`eventwire.learn`): the event
  typer, and the reporting model that tells a new incident from a recalled one and from context.
"""

from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from ..model import Document, EventMention
from ..taxonomy import event_type_of
from .event_rules import classify_sentence, lexicon, score_sentence, squash
from .registry import stage


class EventTypesStage:
    """Adds one EventMention per sentence that reports a political-violence event."""

    def __init__(self, min_score: float, reporting: Any = None, other_threshold: float = 0.8) -> None:
        self.min_score = min_score
        self.reporting = reporting
        self.other_threshold = other_threshold

    def __call__(self, doc: Document) -> None:
        mentions: list[EventMention] = []
        for sent in doc.sentences:
            hit = classify_sentence(sent.text)
            if hit is None or squash(hit.weight) < self.min_score:
                continue
            start, end = sent.start + hit.start, sent.start + hit.end
            mentions.append(
                EventMention(
                    sentence=sent.index,
                    event_type=event_type_of(hit.label),
                    sub_event_type=hit.label,
                    score=squash(hit.weight),
                    trigger=doc.text[start:end],
                    trigger_start=start,
                    trigger_end=end,
                )
            )
        if self.reporting is not None:
            mentions = told_as(doc, mentions, self.reporting, self.other_threshold)
        doc.mentions = mentions


def told_as(
    doc: Document, mentions: list[EventMention], reporting: Any, other_threshold: float
) -> list[EventMention]:
    """The mentions the reporting model keeps, each marked new or background with its score.

    A mention goes when the model's score that its sentence is neither (context, a statement)
    reaches ``other_threshold``; 0.8 gave the best event-sentence F1 in cross-validation on the
    corpus articles.
    """
    from ..learn.features import Item

    sents = doc.sentences
    items = [
        Item(sents[m.sentence].text, sents[m.sentence - 1].text if m.sentence else "", m.sentence)
        for m in mentions
    ]
    kept = []
    for m, rep in zip(mentions, reporting.decide(items), strict=True):
        if rep.scores.get("other", 0.0) >= other_threshold:
            continue
        m.reported_as = "background" if rep.scores["background"] > rep.scores["new"] else "new"
        m.background_score = rep.scores["background"]
        kept.append(m)
    return kept


def _check_threshold(name: str, key: str, value: float, top: float = 1.0) -> None:
    if not 0.0 <= value <= top:
        raise ConfigError(f"{name}: {key} must be within 0-{top}, got {value!r}")


@stage(
    "eventwire.event_types.v1", default_config={"min_score": 0.5, "reporting": False, "other_threshold": 0.8}
)
def make_event_types_stage(
    resources: Any, min_score: float, reporting: bool, other_threshold: float
) -> EventTypesStage:
    """The rule stage; sentences scoring below ``min_score`` get no mention. With ``reporting``,
    the trained reporting model decides what is new, what is background and what is no incident."""
    from ..learn import shipped

    _check_threshold("eventwire.event_types.v1", "min_score", min_score)
    _check_threshold("eventwire.event_types.v1", "other_threshold", other_threshold, 1.01)
    lexicon()  # fail early on a broken lexicon
    return EventTypesStage(min_score, shipped.load().reporting if reporting else None, other_threshold)


class TrainedEventTypesStage:
    """Adds one EventMention per sentence that the trained models say reports an incident.

    The event typer gives the sentence's sub-event type (or "None") and its score; the reporting
    model says whether the sentence reports a new incident, recalls an earlier one (the mention
    is then ``background``) or neither (context, statements: no mention; see :func:`told_as`).
    The trigger is the lexicon's evidence for the same type when it has some, else the words that
    weigh most for it in the typer.
    """

    def __init__(self, models: Any, min_score: float, other_threshold: float) -> None:
        self.models = models
        self.min_score = min_score
        self.other_threshold = other_threshold

    def __call__(self, doc: Document) -> None:
        from ..learn.features import Item

        sents = doc.sentences
        items = [Item(s.text, sents[i - 1].text if i else "", i) for i, s in enumerate(sents)]
        typed = self.models.typer.decide(items)
        chosen = [i for i, d in enumerate(typed) if d.label != "None" and d.score >= self.min_score]
        mentions: list[EventMention] = []
        for i in chosen:
            sent, label = sents[i], typed[i].label
            span = self._trigger(sent.text, label)
            start, end = sent.start + span[0], sent.start + span[1]
            mentions.append(
                EventMention(
                    sentence=sent.index,
                    event_type=event_type_of(label),
                    sub_event_type=label,
                    score=typed[i].score,
                    trigger=doc.text[start:end],
                    trigger_start=start,
                    trigger_end=end,
                    typed_by="model",
                )
            )
        doc.mentions = told_as(doc, mentions, self.models.reporting, self.other_threshold)

    def _trigger(self, text: str, label: str) -> tuple[int, int]:
        subs, _nones = score_sentence(text)
        hit = subs.get(label)
        if hit is not None:
            return hit.start, hit.end
        span = self.models.typer.trigger(text, label)
        if span is not None:
            return span
        stripped = text.strip()
        first = text.find(stripped[:1]) if stripped else 0
        return first, len(text.rstrip())


@stage("eventwire.event_types.v2", default_config={"min_score": 0.0, "other_threshold": 0.8, "models": ""})
def make_trained_event_types_stage(
    resources: Any, min_score: float, other_threshold: float, models: str
) -> TrainedEventTypesStage:
    """The trained event-typing stage; ``models`` is a folder of model files (default: the shipped ones)."""
    from ..learn import shipped

    _check_threshold("eventwire.event_types.v2", "min_score", min_score)
    _check_threshold("eventwire.event_types.v2", "other_threshold", other_threshold, 1.01)
    lexicon()
    return TrainedEventTypesStage(shipped.load(models or None), min_score, other_threshold)
