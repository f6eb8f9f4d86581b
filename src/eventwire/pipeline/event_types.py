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

    def __init__(self, min_score: float) -> None:
        self.min_score = min_score

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
        doc.mentions = mentions


@stage("eventwire.event_types.v1", default_config={"min_score": 0.5})
def make_event_types_stage(resources: Any, min_score: float) -> EventTypesStage:
    """The event-typing stage; sentences scoring below ``min_score`` get no mention."""
    if not 0.0 <= min_score <= 1.0:
        raise ConfigError(f"eventwire.event_types.v1: min_score must be within 0-1, got {min_score!r}")
    lexicon()  # fail early on a broken lexicon
    return EventTypesStage(min_score)


class TrainedEventTypesStage:
    """Adds one EventMention per sentence that the trained models say reports an incident.

    The event typer gives the sentence's sub-event type (or "None") and its score; the reporting
    model says whether the sentence reports a new incident, recalls an earlier one (the mention
    is then ``background``) or neither (context, statements: no mention when its score for
    that reaches ``other_threshold``; 0.8 was best for event-sentence F1 in cross-validation on
    the corpus articles). The trigger is the
    lexicon's evidence for the same type when it has some, else the words that weigh most for it
    in the typer.
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
        reporting = self.models.reporting.decide([items[i] for i in chosen])
        mentions: list[EventMention] = []
        for i, rep in zip(chosen, reporting, strict=True):
            if rep.scores.get("other", 0.0) >= self.other_threshold:
                continue
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
                    reported_as="background" if rep.scores["background"] > rep.scores["new"] else "new",
                    background_score=rep.scores.get("background", 0.0),
                )
            )
        doc.mentions = mentions

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

    if not 0.0 <= min_score <= 1.0:
        raise ConfigError(f"eventwire.event_types.v2: min_score must be within 0-1, got {min_score!r}")
    if not 0.0 <= other_threshold <= 1.01:
        raise ConfigError(
            f"eventwire.event_types.v2: other_threshold must be within 0-1.01, got {other_threshold!r}"
        )
    lexicon()
    return TrainedEventTypesStage(shipped.load(models or None), min_score, other_threshold)
