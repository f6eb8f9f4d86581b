"""Progress for long scorers: a callback told how many items are done out of how many."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

ProgressFn = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each item a scorer runs through eventwire."""


def counted(items: Iterable[T], total: int, progress: ProgressFn | None, start: int = 0) -> Iterator[T]:
    """Yield ``items``, calling ``progress(done, total)`` after each (``done`` counts from ``start``)."""
    done = start
    for item in items:
        yield item
        done += 1
        if progress is not None:
            progress(done, total)
