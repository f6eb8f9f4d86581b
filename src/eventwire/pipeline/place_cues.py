"""What the places stage reads around a name: the words before and after it in the parse
("in X", "near X", "X air base", "the province of X"), a town inside an organisation's
name, a wire dateline, and the country of the outlet's web domain.

Pure helpers over a spaCy Doc, the text or a URL; the word lists are in :mod:`.place_words`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..gazetteer import Gazetteer
from .place_words import INSTITUTIONS, LOCAL_BODIES, LOCATIVE_PREPS, NEAR_WORDS, PLACE_OF_HEADS, SUFFIX_HINTS

MAX_SUFFIX = max(len(k) for k in SUFFIX_HINTS)
SKIP_BEFORE = frozenset({"the", "a", "an"})

DATELINE = re.compile(r"\s*([A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){0,3})\s*(?:,|:|\(|\s[-—–])")
# the rest of a dateline after its town: ", Congo (AP) —", " (Reuters) -", ":"
DATELINE_HEADER = re.compile(r"\s*(?:,\s*[A-Z][\w .,'’-]{0,40}?)?\s*(?:\([^)\n]{1,40}\)\s*)?(?:[—–:]|--?\s)")


def suffix_hint(sdoc: Any, end: int) -> tuple[int, str | None]:
    """(new end, feature-type hint) of a kind word right after a name ("X air base"), or (end, None)."""
    for n in range(MAX_SUFFIX, 0, -1):
        words = tuple(t.lower_ for t in sdoc[end : end + n])
        if len(words) == n and words in SUFFIX_HINTS:
            return end + n, SUFFIX_HINTS[words]
    return end, None


def inner_hint(sdoc: Any, start: int, end: int) -> str | None:
    """The feature-type hint of a kind word that ends the name itself ("Anbar Province")."""
    words = [t.lower_ for t in sdoc[start:end]]
    for n in range(MAX_SUFFIX, 0, -1):
        if len(words) > n and tuple(words[-n:]) in SUFFIX_HINTS:
            return SUFFIX_HINTS[tuple(words[-n:])]
    return None


def strip_suffix(text: str) -> str:
    """The name without a kind word that ends it: "Anbar province" -> "Anbar"."""
    words = text.split()
    for n in range(MAX_SUFFIX, 0, -1):
        if len(words) > n and tuple(w.lower() for w in words[-n:]) in SUFFIX_HINTS:
            return " ".join(words[:-n])
    return text


def locative_before(sdoc: Any, start: int) -> bool:
    """Whether the words before the name use it as a place: "in X", "near the X", "the city of X"."""
    k = start - 1
    while k >= 0 and k >= start - 3 and (sdoc[k].lower_ in SKIP_BEFORE or sdoc[k].pos_ == "ADJ"):
        k -= 1
    if k >= 0 and sdoc[k].lower_ in LOCATIVE_PREPS:
        return True
    # "the city of X", "the outskirts of X"
    return k >= 1 and sdoc[k].lower_ == "of" and sdoc[k - 1].lower_ in PLACE_OF_HEADS


def near_before(sdoc: Any, start: int) -> bool:
    """Whether "near", "outside", "N km north of"... comes shortly before the name, in its sentence."""
    first = max(0, start - 4, sdoc[start].sent.start)
    words = {t.lower_ for t in sdoc[first:start]}
    return bool(words & NEAR_WORDS)


def inside_institution(sdoc: Any, start: int, end: int) -> list[tuple[int, int, bool, bool]]:
    """The town inside an organisation's name: "University of Zubrakand", "Kano State Hospital"
    (tried after the whole name, as a place placed by its context)."""
    toks = sdoc[start:end]
    out: list[tuple[int, int, bool, bool]] = []
    if any(t.lower_ in INSTITUTIONS for t in toks):
        for k, t in enumerate(toks):
            if t.lower_ == "of" and start + k + 1 < end:
                out.append((start + k + 1, end, False, True))
    heads = [k for k, t in enumerate(toks) if t.lower_ in INSTITUTIONS or t.lower_ in LOCAL_BODIES]
    first = 1 if len(toks) and toks[0].lower_ == "the" else 0  # "The Dalton Police Department"
    if heads and heads[0] > first and all(t.pos_ == "PROPN" for t in toks[first : heads[0]]):
        out.append((start + first, start + heads[0], False, True))
    return out


_PREFIX_HINT = re.compile(
    r"\b(province|governorate|state|region|district|county|city|town|village|prefecture|territory)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PREFIX_TYPES = {
    "province": "admin1",
    "governorate": "admin1",
    "state": "admin1",
    "region": "admin1",
    "prefecture": "admin1",
    "district": "admin2",
    "county": "admin2",
    "territory": "admin2",
    "city": "city",
    "town": "city",
    "village": "city",
}


def prefix_hint(text: str, start: int) -> str | None:
    """ "the province of X" -> admin1, "the town of X" -> city."""
    m = _PREFIX_HINT.search(text, max(0, start - 30), start)
    return _PREFIX_TYPES[m.group(1).lower()] if m else None


_GENERIC_TLDS = frozenset({"co", "io", "tv", "me", "fm", "ly", "ai", "cc", "ws", "to", "eu", "us"})


def outlet_country(gaz: Gazetteer, url: str | None) -> str | None:
    """The country of a national web domain ("…com.ng" -> NG), or None."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").rsplit(".", 1)
    tld = host[-1].lower() if len(host) == 2 else ""
    if len(tld) != 2 or tld in _GENERIC_TLDS:
        return None
    c = gaz.country("GB" if tld == "uk" else tld)
    return c.iso2 if c is not None else None
