"""Lookups that keep the stages linear in a document's length.

``Document.sentence_at`` and ``spacy Doc.ents`` each cost a pass over the whole
document; a stage that asks them once per mention or per sentence costs the
square of the document's length. These indexes are built once per stage call
and answer the same questions with a binary search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from typing import Any

from ..model import Sentence


class SentenceIndex:
    """``sentence_at(offset)`` over a document's sentences, as ``Document.sentence_at`` answers it."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = list(sentences)
        self.starts = [s.start for s in self.sentences]
        # the binary search needs sentences in order and apart; otherwise scan as the model does
        self.ordered = all(
            a.start <= a.end <= b.start for a, b in zip(self.sentences, self.sentences[1:], strict=False)
        ) and all(s.start <= s.end for s in self.sentences)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains character ``offset``, or None."""
        if not self.ordered:
            return next((s for s in self.sentences if s.start <= offset < s.end), None)
        # in order and apart, every sentence before the last one starting at or before the
        # offset ends at or before it: only that one can hold it
        k = bisect_right(self.starts, offset) - 1
        return self.sentences[k] if k >= 0 and offset < self.sentences[k].end else None


class EntityIndex:
    """A spaCy Doc's entities, read once, searchable by token or character position."""

    def __init__(self, sdoc: Any) -> None:
        self.ents: list[Any] = list(sdoc.ents)
        self.token_starts = [e.start for e in self.ents]
        self.char_starts = [e.start_char for e in self.ents]

    def within(self, start: int, end: int) -> Iterator[Any]:
        """Entities whose tokens lie inside tokens ``start``..``end`` (end exclusive), in order."""
        for k in range(bisect_left(self.token_starts, start), len(self.ents)):
            ent = self.ents[k]
            if ent.start >= end:
                break
            if ent.end <= end:
                yield ent

    def starting_between(self, first_char: int, last_char: int) -> Iterator[Any]:
        """Entities whose first character lies in ``first_char``..``last_char`` (both inclusive)."""
        lo = bisect_left(self.char_starts, first_char)
        hi = bisect_right(self.char_starts, last_char)
        yield from self.ents[lo:hi]


class TokenIndex:
    """A spaCy Doc's tokens by character offset."""

    def __init__(self, sdoc: Any) -> None:
        self.sdoc = sdoc
        self.starts = [t.idx for t in sdoc]
        self.ends = [t.idx + len(t.text) for t in sdoc]

    @classmethod
    def of(cls, sdoc: Any) -> TokenIndex:
        """The index of ``sdoc``, built once and kept in its ``user_data``."""
        index = sdoc.user_data.get(_TOKEN_INDEX)
        if not isinstance(index, cls) or index.sdoc is not sdoc:
            index = sdoc.user_data[_TOKEN_INDEX] = cls(sdoc)
        return index

    def at_or_after(self, offset: int) -> Any:
        """The token that holds ``offset``, else the first one after it, else None."""
        k = bisect_right(self.ends, offset)  # tokens in order: the first one ending after offset
        return self.sdoc[k] if k < len(self.ends) else None

    def starting_at(self, offset: int) -> Any:
        """The first token that starts at ``offset``, or None."""
        k = bisect_left(self.starts, offset)
        return self.sdoc[k] if k < len(self.starts) and self.starts[k] == offset else None


_TOKEN_INDEX = "eventwire.token_index"


class IntervalSet:
    """Is an offset inside any of some ``(start, end)`` intervals?"""

    def __init__(self, intervals: Sequence[tuple[int, int]]) -> None:
        self.intervals = sorted(intervals)
        self.starts = [s for s, _ in self.intervals]
        # the running furthest end: intervals may nest or overlap
        self.reach: list[int] = []
        furthest = None
        for _, e in self.intervals:
            furthest = e if furthest is None or e > furthest else furthest
            self.reach.append(furthest)

    def holds(self, offset: int) -> bool:
        """Whether ``start <= offset < end`` for one of the intervals."""
        k = bisect_right(self.starts, offset) - 1  # every interval up to k starts at or before offset
        return k >= 0 and offset < self.reach[k]
