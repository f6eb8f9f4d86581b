"""Number phrases read as :class:`~eventwire.model.Range` values (low/best/high).

How number phrases map to ranges:

* exact numbers ("12", "1,200", "twenty-three", "a dozen"): low = best = high = N
* "at least N", "no fewer than N": low = best = N, high open
* "more than N", "over N": low = best = N + 1, high open
* "up to N", "as many as N", "nearly N", "almost N", "at most N": best = high = N, low open
* "about N", "around N", "approximately N", "some N", "an estimated N": best = N,
  low/high = N -/+ 10 % (at least one apart)
* "N to M", "N-M", "between N and M", "from N to M": low = best = N, high = M
  (best is the lower figure, as ACLED codes the conservative count)
* vague words ("several", "dozens", "hundreds"...): the table in
  ``data/vague_quantities.json``

Numbers above :data:`MAX_COUNT` (10,000,000) are implausible as counts (a parse or
typing error): :func:`parse_count` returns None for them.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources as importlib_resources
from typing import Any

from ..model import Range

MAX_COUNT = 10_000_000

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


@cache
def vague_table() -> dict[str, Range]:
    """The vague-quantity table shipped in ``data/vague_quantities.json``."""
    text = importlib_resources.files("eventwire").joinpath("data/vague_quantities.json").read_text("utf-8")
    raw: dict[str, Any] = json.loads(text)
    return {k: Range(v["low"], v["best"], v["high"]) for k, v in raw.items() if not k.startswith("_")}


_WORD = "|".join(sorted([*_UNITS, *_SCALES, "dozen"], key=len, reverse=True))
_WORDNUM = (
    rf"(?:half\s+a\s+dozen|an?\s+(?:dozen|hundred|thousand)"
    rf"|(?:{_WORD})(?:(?:[\s-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)(?:{_WORD}))*)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:hundred|thousand|million|billion))?"
_N = rf"(?:{_DIGITS}|{_WORDNUM})"
_MOD = (
    r"(?:at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of|more\s+than|over|upwards\s+of"
    r"|in\s+excess\s+of|up\s+to|as\s+many\s+as|at\s+most|nearly|almost|close\s+to|approximately|about"
    r"|around|roughly|some|an\s+estimated|estimated|a\s+total\s+of|a\s+further|another)"
)


@cache
def _vague_re() -> str:
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(vague_table(), key=len, reverse=True))


@cache
def number_phrase() -> re.Pattern[str]:
    """The compiled pattern that finds number phrases ("approximately 66", "dozens")."""
    core = (
        rf"(?:between\s+{_N}\s+and\s+{_N}|from\s+{_N}\s+to\s+{_N}"
        rf"|{_DIGITS}\s*[-–]\s*{_DIGITS}(?![\w,])|{_N}(?:\s+(?:to|or)\s+{_N}(?![\w,]))?|{_vague_re()})"
    )
    return re.compile(rf"(?<![\w,.-])(?:{_MOD}\s+)?{core}(?![\w-])|(?<![\w-])an?(?=\s)", re.I)


@cache
def _full_numphrase() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:(?P<mod>{_MOD})\s+)?(?P<core>.+?)\s*", re.I)


def _word_value(text: str) -> int | None:
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    if words[:3] == ["half", "a", "dozen"]:
        return 6
    total = current = 0
    for w in words:
        if w in ("a", "an"):
            current = 1
        elif w in _UNITS:
            current += _UNITS[w]
        elif w == "dozen":
            current = max(current, 1) * 12
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
        else:
            return None
    return total + current


def _value(text: str) -> int | None:
    text = text.strip()
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)(?:\s+(hundred|thousand|million|billion))?", text, re.I)
    if m:
        digits = m.group(1).replace(",", "")
        try:
            number = float(digits)
        except ValueError:
            return None
        if m.group(2):
            number *= _SCALES[m.group(2).lower()]
        elif "." in digits:
            return None  # "2.5 people" is no count
        return int(number)
    if re.fullmatch(_WORDNUM, text, re.I):
        return _word_value(text)
    return None


def _apply_mod(mod: str, n: int) -> Range:
    mod = " ".join(mod.lower().split())
    if mod in ("at least", "no fewer than", "no less than", "a minimum of"):
        return Range(n, n, None)
    if mod in ("more than", "over", "upwards of", "in excess of"):
        return Range(n + 1, n + 1, None)
    if mod in ("up to", "as many as", "at most", "nearly", "almost", "close to"):
        return Range(None, n, n)
    if mod in ("approximately", "about", "around", "roughly", "some", "an estimated", "estimated"):
        spread = max(1, round(n * 0.1))
        return Range(max(0, n - spread), n, n + spread)
    return Range(n, n, n)  # "a total of", "a further", "another"


def split_qualifier(text: str) -> tuple[str | None, str]:
    """A number phrase's qualifier and the rest: "approximately 66" -> ("approximately", "66")."""
    m = re.match(rf"\s*({_MOD})\s+", text, re.I)
    if m is None:
        return None, text.strip()
    return " ".join(m.group(1).lower().split()), text[m.end() :].strip()


def parse_count(text: str) -> Range | None:
    """The Range a number phrase stands for ("at least 12", "dozens", "3 to 5"), or None.

    None for text that is not a number phrase and for counts above MAX_COUNT.
    """
    m = _full_numphrase().fullmatch(text)
    if not m:
        return None
    mod, core = m.group("mod") or "", " ".join(m.group("core").split())
    lower = core.lower()
    vague = vague_table().get(lower)
    if vague is not None:
        return Range(vague.low, vague.best, vague.high)
    if lower in ("a", "an"):
        return Range(1, 1, 1)
    rng = re.fullmatch(
        rf"(?:between\s+({_N})\s+and\s+({_N})|from\s+({_N})\s+to\s+({_N})"
        rf"|({_N})\s+(?:to|or)\s+({_N})|({_DIGITS})\s*[-–]\s*({_DIGITS}))",
        core,
        re.I,
    )
    if rng:
        a_text, b_text = [g for g in rng.groups() if g is not None]
        a, b = _value(a_text), _value(b_text)
        if a is None or b is None or max(a, b) > MAX_COUNT:
            return None
        low, high = min(a, b), max(a, b)
        result = Range(low, low, high)
        if mod:
            base = _apply_mod(mod, low)
            result = Range(base.low if base.low is not None else None, low, high)
        return result
    n = _value(core)
    if n is None or n > MAX_COUNT:
        return None
    return _apply_mod(mod, n) if mod else Range(n, n, n)
