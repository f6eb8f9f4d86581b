"""The actor table the actors stage matches: ``data/actors.json`` loaded, its entries, the
keys and regular expressions its phrases are found by, and the longest-match choice among
overlapping finds."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..errors import ConfigError


@dataclass(frozen=True)
class ActorEntry:
    """What a matched phrase names: a group, a state force or an unnamed actor."""

    name: str  # may contain "{country}"
    kind: str
    state_branch: str | None = None  # "military" | "police" for state forces
    country: str | None = None  # ISO alpha-2 fixed by the data file


@cache
def actor_lexicon() -> dict[str, Any]:
    """The packaged actor data (groups, state forces, generic nouns)."""
    text = resources.files("eventwire").joinpath("data/actors.json").read_text("utf-8")
    try:
        data: dict[str, Any] = json.loads(text)
        data["groups"], data["state_forces"], data["generic"]  # noqa: B018
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"data/actors.json: not an actor table ({exc})") from None
    return data


def is_acronym(phrase: str) -> bool:
    """Whether an alias is matched case-sensitively ("IS", "ISIL"): two capitals or more."""
    return sum(c.isupper() for c in phrase) >= 2


_SEP = re.compile(r"[\s\-\u2010-\u2015]+")
_QUOTES = re.compile(r"[\u2018\u2019`]")


def phrase_key(phrase: str) -> str:
    """A phrase with its quotes, hyphens and spaces made uniform: the lookup key of a match."""
    return _SEP.sub(" ", _QUOTES.sub("'", phrase)).strip()


def alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of the phrases as whole words, longest first, hyphen- and quote-tolerant."""
    parts = [
        r"[\s\-\u2010-\u2015]+".join(re.escape(w).replace("'", "['\u2019`]") for w in _SEP.split(p))
        for p in sorted(set(phrases), key=len, reverse=True)
    ]
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"


def longest_first(spans: list[tuple[int, int, ActorEntry]]) -> list[tuple[int, int, ActorEntry]]:
    """Non-overlapping spans in text order, longer ones winning overlaps."""
    out: list[tuple[int, int, ActorEntry]] = []
    if any(e <= s for s, e, _ in spans):  # empty spans: the plain scan
        for s in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if all(s[1] <= o[0] or s[0] >= o[1] for o in out):
                out.append(s)
        return sorted(out, key=lambda s: s[0])
    # the kept spans never overlap, so only the last one starting before a span's end may
    starts: list[int] = []
    ends: list[int] = []
    for s in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        k = bisect_left(starts, s[1])
        if k == 0 or ends[k - 1] <= s[0]:
            starts.insert(k, s[0])
            ends.insert(k, s[1])
            out.append(s)
    return sorted(out, key=lambda s: s[0])
