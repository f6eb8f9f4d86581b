"""A document's annotations bucketed by sentence, for the assembling stages.

Grouping mentions into incidents and filling each event's fields ask, again
and again, "the places (times, figures, weapons) of these sentences". Filtering
the whole document for every question costs its length once per incident;
these buckets are filled once and answer in the size of the answer. Answers
keep the document's order, as the filters they replace did.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from ..model import Document, PlaceMention, QuantityMention, TimeMention, WeaponMention


class _InSentence(Protocol):
    sentence: int


T = TypeVar("T", bound=_InSentence)


class _Buckets(Generic[T]):
    def __init__(self, items: Sequence[T]) -> None:
        self.by_sentence: dict[int, list[tuple[int, T]]] = {}
        for pos, item in enumerate(items):
            self.by_sentence.setdefault(item.sentence, []).append((pos, item))

    def of(self, sentences: Iterable[int]) -> list[T]:
        """The items of ``sentences`` (each counted once), in the document's order."""
        wanted = set(sentences)
        if len(wanted) == 1:
            return [item for _, item in self.by_sentence.get(next(iter(wanted)), [])]
        found = [pair for s in wanted for pair in self.by_sentence.get(s, [])]
        found.sort(key=lambda pair: pair[0])
        return [item for _, item in found]


class SentenceBuckets:
    """Places, times, figures and weapons of a document, by sentence."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._places = _Buckets(doc.places)
        self._times = _Buckets(doc.times)
        self._quantities = _Buckets(doc.quantities)
        self._weapons = _Buckets(doc.weapons)
        self.memo: dict[str, Any] = {}  # document-wide answers a stage works out once

    def places_of(self, sentences: Iterable[int]) -> list[PlaceMention]:
        return self._places.of(sentences)

    def times_of(self, sentences: Iterable[int]) -> list[TimeMention]:
        return self._times.of(sentences)

    def quantities_of(self, sentences: Iterable[int]) -> list[QuantityMention]:
        return self._quantities.of(sentences)

    def weapons_of(self, sentences: Iterable[int]) -> list[WeaponMention]:
        return self._weapons.of(sentences)
