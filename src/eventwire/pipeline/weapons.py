"""Stage ``eventwire.weapons.v1``: weapon mentions, normalised from ``data/weapons.json``.

Phrases are matched as whole words with two compiled regexes built once per
stage: case-insensitive for words ("roadside bomb"), case-sensitive for
acronyms and model names with two or more capitals ("IED", "SAM", "F-16"),
so "Sam" the person is not a missile. Where matches overlap, the longest
wins ("car bomb" over "bomb").
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from ..errors import ConfigError
from ..model import Document, WeaponMention
from .index import SentenceIndex
from .registry import stage


def _is_acronym(phrase: str) -> bool:
    return sum(c.isupper() for c in phrase) >= 2


@cache
def weapon_lexicon() -> dict[str, str]:
    """Phrase -> normalised weapon, from the packaged data file."""
    text = resources.files("eventwire").joinpath("data/weapons.json").read_text("utf-8")
    try:
        data = json.loads(text)["weapons"]
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"data/weapons.json: not a weapons table ({exc})") from None
    return {phrase: weapon for weapon, phrases in data.items() for phrase in phrases}


def _alternation(phrases: list[str]) -> str:
    parts = []
    for p in sorted(phrases, key=len, reverse=True):
        parts.append(r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", p)))
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"


class WeaponsStage:
    def __init__(self) -> None:
        lex = weapon_lexicon()
        self._folded = {_squash(k).casefold(): v for k, v in lex.items() if not _is_acronym(k)}
        self._exact = {_squash(k): v for k, v in lex.items() if _is_acronym(k)}
        self._rx_words = re.compile(_alternation([k for k in lex if not _is_acronym(k)]), re.IGNORECASE)
        self._rx_acronyms = re.compile(_alternation([k for k in lex if _is_acronym(k)]))

    def __call__(self, doc: Document) -> None:
        found: list[tuple[int, int, str]] = []
        for m in self._rx_words.finditer(doc.text):
            weapon = self._folded.get(_squash(m.group()).casefold())
            if weapon:
                found.append((m.start(), m.end(), weapon))
        for m in self._rx_acronyms.finditer(doc.text):
            weapon = self._exact.get(_squash(m.group()))
            if weapon:
                found.append((m.start(), m.end(), weapon))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        out: list[WeaponMention] = []
        last_end = -1
        sentences = SentenceIndex(doc.sentences)
        for start, end, weapon in found:
            if start < last_end:
                continue
            sent = sentences.sentence_at(start)
            out.append(WeaponMention(start, end, doc.text[start:end], sent.index if sent else 0, weapon))
            last_end = end
        doc.weapons = out


_SPACES = re.compile(r"[\s-]+")


def _squash(phrase: str) -> str:
    return _SPACES.sub(" ", phrase)


@stage("eventwire.weapons.v1", default_config={})
def make_weapons_stage(resources: Any) -> WeaponsStage:
    return WeaponsStage()
