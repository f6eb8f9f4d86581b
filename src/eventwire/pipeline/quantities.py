"""Stage ``eventwire.quantities.v1``: casualty figures (killed, injured, abducted, arrested).

Each figure becomes a :class:`~eventwire.model.QuantityMention` whose value is a
:class:`~eventwire.model.Range`. How number phrases map to ranges is described and done
in :mod:`.count_phrases`; the cue words that give a figure its metric and subject are in
:mod:`.figure_cues`; victims named without a number in :mod:`.victim_names`; "no one was
killed", "nobody was hurt", "no casualties", "killing no one" (0; "no casualties" gives
killed 0 and injured 0) in :mod:`.zeros`. Their public helpers are re-exported here.

Figures joined in one clause ("two soldiers and three civilians were killed") are
summed into one mention whose subject is "mixed" when the subjects differ.

Numbers above :data:`MAX_COUNT` (10,000,000) are ignored as implausible (a parse or
typing error, not a casualty count: "1,000,000,000 killed" gives no mention at all, so
the figure is never stored): ``parse_count`` returns None for them.

A figure is ``cumulative`` (a running tally, not one incident) when its sentence
places it over a period ("since October 17", "so far this year", "this year",
"since the start of the war", "in the past three months") or when the figure is
explicitly said to exclude another one, right after it or later in its clause
("62 injured, not including the eight...", "62 injured in those attacks, not
counting the latest eight": the 62 is a tally of other incidents). The excluded figure itself ("the eight")
is kept as an ordinary, non-cumulative mention. "The death toll rose to 30" is
not cumulative: it is one incident's updated count. "In total" / "a total of" are
not cumulative either, as they usually sum one incident's victims.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Document, QuantityMention, Range
from .count_phrases import MAX_COUNT, number_phrase, parse_count, split_qualifier, vague_table
from .figure_cues import (
    DATEISH,
    EXCLUDED,
    EXCLUDES,
    EXCLUDES_LATER,
    JOIN,
    LEFT_CUES,
    NO_BEFORE,
    OBJECT_AFTER,
    PARTITIVE,
    RIGHT_CUES,
    SPEECH_AFTER,
    TIME_UNITS,
    clean_subject,
    is_cumulative_sentence,
    left_cue,
    right_cue,
    subject_words,
)
from .index import IntervalSet
from .registry import stage
from .victim_names import named_victims
from .zeros import zero_mentions

__all__ = [
    "MAX_COUNT",
    "QuantityStage",
    "is_cumulative_sentence",
    "make_quantities_stage",
    "named_victims",
    "number_phrase",
    "parse_count",
    "split_qualifier",
    "vague_table",
]


def _add(a: Range, b: Range) -> Range:
    def plus(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    return Range(plus(a.low, b.low), plus(a.best, b.best), plus(a.high, b.high))


class QuantityStage:
    """Finds casualty figures sentence by sentence (see the module docstring)."""

    def __call__(self, doc: Document) -> None:
        # spaCy's small model also tags "between 10 and 15" as DATE: block only date-like entities
        blocked = [
            (e.start, e.end)
            for e in doc.entities
            if e.label in ("PERCENT", "MONEY") or (e.label in ("DATE", "TIME") and DATEISH.search(e.text))
        ]
        blocked_at = IntervalSet(blocked)
        mentions: list[QuantityMention] = []
        for sent in doc.sentences:
            found = self._sentence(doc, sent.index, sent.start, sent.text, blocked_at)
            killed = [q for q in found if q.metric == "killed"]
            if all(q.value.best == 1 for q in killed):  # none, or "a policeman was killed"
                named = named_victims(doc, sent.index)
                if named and named[0].value.best and named[0].value.best > len(killed):
                    found = [q for q in found if q.metric != "killed"] + named
            mentions.extend(found)
        doc.quantities = mentions

    def pipe(self, docs: list[Document]) -> None:
        for doc in docs:
            self(doc)

    def _sentence(
        self, doc: Document, index: int, offset: int, text: str, blocked: IntervalSet
    ) -> list[QuantityMention]:
        found: list[QuantityMention] = []
        cumulative_sentence = is_cumulative_sentence(text)
        # numbers inside dates ("12 May", "2023") are no counts
        matches = [
            m for m in number_phrase().finditer(text)
            if not blocked.holds(offset + m.start())
            and not NO_BEFORE.search(text, 0, m.start())
            and not PARTITIVE.match(text, m.end())  # "3 people, 2 of whom were soldiers"
        ]  # fmt: skip
        i = 0
        while i < len(matches):
            group = [matches[i]]
            subjects = []
            # chain "two soldiers and three civilians"
            while True:
                last = group[-1]
                sm = subject_words().match(text, last.end())
                subj = sm.group("subj").strip() if sm else ""
                subjects.append(subj)
                nxt = matches[i + len(group)] if i + len(group) < len(matches) else None
                if nxt is None or not subj or not sm:
                    break
                between = text[sm.end() : nxt.start()]
                if not JOIN.fullmatch(between):
                    break
                nsub = subject_words().match(text, nxt.end())
                if not nsub or not nsub.group("subj").strip():
                    break
                if SPEECH_AFTER.match(text, nsub.end()):
                    break  # "wounding four soldiers, an army spokesman said": the speaker is no victim
                group.append(nxt)
            i += len(group)
            mention = self._group(text, group, subjects)
            if mention is None:
                continue
            metric, value, subject, start, end = mention
            after = text[end:]
            cumulative = (
                cumulative_sentence or bool(EXCLUDES.match(after)) or bool(EXCLUDES_LATER.match(after))
            )
            if EXCLUDED.search(text[: group[0].start()]):
                cumulative = False
            found.append(
                QuantityMention(
                    offset + start, offset + end, text[start:end], index, metric, value, subject, cumulative
                )
            )
        found.extend(zero_mentions(text, offset, index))
        return found

    @staticmethod
    def _group(
        text: str, group: list[re.Match[str]], subjects: list[str]
    ) -> tuple[str, Range, str | None, int, int] | None:
        values = [parse_count(m.group(0)) for m in group]
        if any(v is None for v in values):
            return None
        singular = [m.group(0).lower() in ("a", "an") for m in group]
        for subj in subjects:
            words = subj.lower().split()
            if words and words[0] in TIME_UNITS:
                return None
        metric: str | None = None
        end = 0
        right = right_cue().match(text, group[-1].end())
        if right:
            metric = next(m for m in RIGHT_CUES if right.group(m))
            has_aux = bool(right.group("aux").strip())
            cue_is_verb = metric != "killed" or right.group("killed").lower() not in (
                "dead", "deaths", "death", "fatalities", "bodies", "corpses"
            )  # fmt: skip
            # "two gunmen killed 12 people": an active verb with an object is no count of victims
            if not has_aux and cue_is_verb and OBJECT_AFTER.match(text, right.end()):
                metric = None
            elif any(singular) and not has_aux:
                metric = None
            else:
                end = right.end()
        start = group[0].start()
        if metric is None:
            left = left_cue().search(text[max(0, group[0].start() - 80) : group[0].start()])
            if left:
                metric = next(m for m in LEFT_CUES if left.group(m))
                last_sub = subject_words().match(text, group[-1].end())
                end = last_sub.end("subj") if last_sub and last_sub.group("subj") else group[-1].end()
                end = max(end, group[-1].end())
        if metric is None:
            return None
        if any(singular) and not subjects[0]:
            return None
        total = values[0]
        assert total is not None
        for v in values[1:]:
            assert v is not None
            total = _add(total, v)
        cleaned = [clean_subject(s) for s in subjects]
        distinct = {c.lower() for c in cleaned if c}
        subject: str | None
        if len(group) > 1 and len(distinct) > 1:
            subject = "mixed"
        else:
            subject = next((c for c in cleaned if c), None)
        return metric, total, subject, start, end


@stage("eventwire.quantities.v1", default_config={})
def make_quantities_stage(resources: Any) -> QuantityStage:
    return QuantityStage()
