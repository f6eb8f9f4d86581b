"""Sparse TF-IDF features for the linear models, computed the same way in training and in use.

A model's input is an :class:`Item`: a sentence, the sentence before it and its position in the
document. Each *block* of features (word n-grams, character n-grams within words, the previous
sentence's words, the position) gets its own vocabulary, sub-linear term frequency, smoothed
inverse document frequency and unit length, as scikit-learn's ``TfidfVectorizer`` does.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

_WORD = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class Item:
    """What a model sees of one sentence."""

    text: str
    previous: str = ""
    position: int = 0  # index of the sentence in its document


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` (two or more word characters), lower-cased, with their offsets."""
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _ngrams(words: Sequence[str], top: int) -> list[str]:
    return [" ".join(words[i : i + n]) for n in range(1, top + 1) for i in range(len(words) - n + 1)]


def _words(top: int) -> Callable[[Item], list[str]]:
    return lambda item: _ngrams([w for w, _, _ in word_spans(item.text)], top)


def _chars(item: Item) -> list[str]:
    out: list[str] = []
    for word in item.text.lower().split():
        w = f" {word} "
        for n in range(3, 6):
            if len(w) < n:
                break
            out.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return out


def _previous(item: Item) -> list[str]:
    return _ngrams([w for w, _, _ in word_spans(item.previous)], 2) if item.previous else ["<start>"]


def _position(item: Item) -> list[str]:
    return [f"at {min(item.position, 3)}"]


ANALYZERS: dict[str, Callable[[Item], list[str]]] = {
    "w2": _words(2),
    "w3": _words(3),
    "c35": _chars,
    "prev": _previous,
    "pos": _position,
}


@dataclass
class Block:
    """One block of features: its analyzer, vocabulary (feature -> column) and idf weights."""

    analyzer: str
    vocabulary: dict[str, int]
    idf: np.ndarray


class Featurizer:
    """Items to a sparse matrix, one block after another."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.offsets: list[int] = []
        total = 0
        for block in blocks:
            self.offsets.append(total)
            total += len(block.vocabulary)
        self.size = total

    @classmethod
    def fit(cls, items: Sequence[Item], spec: Sequence[tuple[str, int]]) -> Featurizer:
        """Vocabularies from ``items``: ``spec`` lists (analyzer, minimum document frequency)."""
        blocks = []
        n = len(items)
        for name, min_df in spec:
            analyze = ANALYZERS[name]
            df: Counter[str] = Counter()
            for item in items:
                df.update(set(analyze(item)))
            kept = sorted(f for f, c in df.items() if c >= min_df)
            idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in kept], dtype=np.float32)
            blocks.append(Block(name, {f: i for i, f in enumerate(kept)}, idf))
        return cls(blocks)

    def transform(self, items: Iterable[Item]) -> csr_matrix:
        """One row per item."""
        data: list[float] = []
        cols: list[int] = []
        indptr = [0]
        for item in items:
            for block, offset in zip(self.blocks, self.offsets, strict=True):
                counts = Counter(ANALYZERS[block.analyzer](item))
                row = [
                    (block.vocabulary[f], (1.0 + math.log(c)) * float(block.idf[block.vocabulary[f]]))
                    for f, c in counts.items()
                    if f in block.vocabulary
                ]
                norm = math.sqrt(sum(v * v for _, v in row)) or 1.0
                for j, v in sorted(row):
                    cols.append(offset + j)
                    data.append(v / norm)
            indptr.append(len(cols))
        return csr_matrix(
            (np.array(data, dtype=np.float32), np.array(cols, dtype=np.int32), np.array(indptr)),
            shape=(len(indptr) - 1, self.size),
        )

    def column(self, block: int, feature: str) -> int | None:
        """The matrix column of one feature of one block, or None when it is not in the vocabulary."""
        j = self.blocks[block].vocabulary.get(feature)
        return None if j is None else self.offsets[block] + j
