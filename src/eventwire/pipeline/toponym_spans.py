"""More place-name spans for :mod:`.places`: names the small spaCy model misses.

Each finder proposes token spans ``(start, end, sure, placed)`` that the places
stage then checks like its own (the gazetteer must know the name; demonyms and
"X militia" stay out). A finder says ``placed`` only where the text itself uses
the name as a place:

* chains: "Bismarck, North Dakota", "Kupiansk in Kharkiv region",
  "Sderot and Ashkelon in southern Israel": the right side is a country,
  state or county and the left side a gazetteer name inside it;
* apposition: "Reading, a town in Berkshire";
* US-style units, inside any entity: "the Hamilton County Commission",
  "St. Tammany Parish", "Cranberry Township";
* title-case headlines: "Man Charged In Chattanooga Robbery" (the longest
  gazetteer name that opens a capitalised run after "in/near/...");
* a town's public body: "Calhoun police said" (not a person's name:
  "Clinton officials" after "Hillary Clinton").

The places stage also takes a name the text uses as a place elsewhere ("in
Garissa ... Garissa officials"), unless it is part of a person's full name in
the text (:func:`names_a_person`).

:func:`coordinated` lets a name share the place reading of its list:
"from Butler and Zelienople" once "Butler" is a place.

Decided against: "the X River" and other water or relief names. The gazetteer
holds no rivers, so a span would carry no point, and a point-less place can
still win an event's location; spaCy's own LOC spans for them are kept as
before.

All lookups go through :meth:`Gazetteer.lookup`, which caches by name, and a
finder only looks up capitalised runs next to a comma, "in" or a unit word.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..gazetteer import Candidate, Gazetteer

Span = tuple[int, int, bool, bool]  # token start, end, sure, placed by context

AREA_TYPES = frozenset({"country", "admin1", "admin2"})
# unit words that make the capitalised name before them an admin area ("Knox County")
UNIT_WORDS = frozenset({"county", "parish", "township", "borough"})
# "X, a town in ..." (apposition)
APPOSITION_NOUNS = frozenset(
    {"town", "city", "village", "suburb", "hamlet", "county", "district", "province", "region", "state"}
)
# words after a right-hand area name that belong to it ("Kharkiv region")
AREA_AFTER = frozenset(
    {"region", "province", "state", "county", "district", "governorate", "oblast", "parish"}
)
# words after a name that make it the town of a public body ("Calhoun police said"); not
# after a person's name ("Trump officials")
BODIES_AFTER = frozenset(
    {"police", "officials", "authorities", "firefighters", "deputies", "mayor", "governor", "councillors"}
)
# ordinary words, months and weekdays that gazetteers also hold as names ("The Village", "March")
GENERIC = frozenset(
    {
        "village",
        "city",
        "town",
        "county",
        "parish",
        "township",
        "state",
        "states",
        "nation",
        "country",
        "capital",
        "region",
        "province",
        "district",
        "area",
        "downtown",
        "center",
        "centre",
        "police",
        "university",
        "hospital",
        "school",
        "market",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    }
)
# capitalised words that start a run but are no part of a name ("In Chattanooga")
_FUNCTION = frozenset(
    {"in", "at", "near", "on", "of", "for", "to", "from", "and", "or", "the", "a", "an", "by"}
)
_ABBREVIATIONS = (("St. ", "Saint "), ("St ", "Saint "), ("Ft. ", "Fort "), ("Mt. ", "Mount "))


def placed_by_body(sdoc: Any, start: int, end: int) -> bool:
    """ "Calhoun police said", "Garissa officials": a name before a public body, unless the
    model calls it a person here or the text names a person so ("Hillary Clinton ... Clinton aides")."""
    if end >= len(sdoc) or sdoc[end].lower_ not in BODIES_AFTER or sdoc[start].ent_type_ == "PERSON":
        return False
    return not names_a_person(sdoc, start, end)


def names_a_person(sdoc: Any, start: int, end: int) -> bool:
    """Whether a word of tokens ``start:end`` is part of a person's full name in the text
    ("Mayor Tim Jackson" for "Jackson")."""
    words = {t.lower_ for t in sdoc[start:end]}
    return any(
        ent.label_ == "PERSON" and len(ent) >= 2 and words & {t.lower_ for t in ent} for ent in sdoc.ents
    )


def is_generic(text: str) -> bool:
    """A month, a weekday or an ordinary word ("Village"), never a place on its own."""
    return text.lower() in GENERIC


def lookup_variants(gaz: Gazetteer, text: str) -> list[Candidate]:
    """Candidates of ``text`` with a shortened word spelt out ("St. Tammany" -> "Saint Tammany")."""
    for short, full in _ABBREVIATIONS:
        if short in text:
            hits = gaz.lookup(text.replace(short, full))
            if hits:
                return hits
    return []


def _name_token(tok: Any) -> bool:
    return (
        bool(tok.text[:1].isupper()) and tok.lower_ not in _FUNCTION and tok.pos_ in ("PROPN", "NOUN", "ADJ")
    )


def _run_left(sdoc: Any, end: int) -> int:
    """Start of the capitalised run that ends at token ``end`` (exclusive); ``end`` if none."""
    i = end
    while i > 0 and end - i < 5 and _name_token(sdoc[i - 1]):
        i -= 1
    return i


def _run_right(sdoc: Any, start: int) -> int:
    j = start
    while j < len(sdoc) and j - start < 5 and _name_token(sdoc[j]):
        j += 1
    return j


def _areas(gaz: Gazetteer, sdoc: Any, start: int, end: int) -> list[Candidate]:
    """The country/state/county candidates of the right side of a chain, when it is one."""
    if start >= end:
        return []
    text = sdoc[start:end].text
    if gaz.is_demonym(text):
        return []
    if end < len(sdoc) and sdoc[end].lower_ in AREA_AFTER:
        hits = [c for c in gaz.lookup(sdoc[start : end + 1].text) if c.feature_type in AREA_TYPES]
        if hits:
            return hits
    entity = sdoc[start].ent_type_ in ("GPE", "LOC")
    return [
        c
        for c in gaz.lookup(text)
        if c.feature_type in AREA_TYPES and (c.primary or c.short or entity or text.endswith("."))
    ]


def _inside(cand: Candidate, area: Candidate) -> bool:
    if cand.gazetteer_id == area.gazetteer_id or cand.iso2 != area.iso2 or cand.feature_type == "country":
        return False
    return area.feature_type == "country" or (cand.admin1 is not None and cand.admin1 == area.admin1)


def _known_inside(gaz: Gazetteer, text: str, areas: list[Candidate]) -> bool:
    if is_generic(text) or gaz.is_demonym(text):
        return False
    cands = gaz.lookup(text) or lookup_variants(gaz, text)
    return any(_inside(c, a) for c in cands for a in areas)


def _list_before(sdoc: Any, start: int) -> Iterable[tuple[int, int]]:
    """The names listed before the one at ``start``: "Sderot and Ashkelon", "A, B and C"."""
    k = start
    while k >= 2 and (sdoc[k - 1].lower_ in ("and", "or") or sdoc[k - 1].text == ","):
        end = k - 1
        if sdoc[end - 1].text == "," and end >= 2:  # "A, B, and C"
            end -= 1
        begin = _run_left(sdoc, end)
        if begin == end:
            return
        yield begin, end
        k = begin


def chain_spans(sdoc: Any, gaz: Gazetteer) -> list[Span]:
    """Names placed by their right-hand neighbour: "X, <state>", "X in <country>", "X, a town ..."."""
    out: list[Span] = []
    n = len(sdoc)
    for i in range(1, n - 1):
        tok = sdoc[i]
        if tok.text != "," and tok.lower_ != "in":
            continue
        left = _run_left(sdoc, i)
        if left == i:
            continue
        right = i + 1
        if tok.text == "," and right + 1 < n and sdoc[right].lower_ in ("a", "an", "the"):
            if sdoc[right + 1].lower_ in APPOSITION_NOUNS or (
                right + 2 < n and sdoc[right + 2].lower_ in APPOSITION_NOUNS
            ):
                out += [(s, i, False, True) for s in range(left, i)]  # "Reading, a town in ..."
                continue
        while right < n and (sdoc[right].lower_ in ("the",) or sdoc[right].pos_ == "ADJ") and right - i < 3:
            right += 1  # "in southern Israel"
        right_end = _run_right(sdoc, right)
        areas = _areas(gaz, sdoc, right, right_end)
        if not areas:
            continue
        members = [(left, i), *_list_before(sdoc, left)]
        found = False
        for s, e in members:
            for s2 in range(s, e):  # "Council Approves Budget For Rome, Floyd County": the name ends the run
                if _known_inside(gaz, sdoc[s2:e].text, areas) and not _long_person(sdoc, s2, e):
                    out.append((s2, e, False, True))
                    found = True
                    break
        if found:  # "Chennai, Tamil Nadu": the area is a place too, whatever the model called it
            out.append((right, right_end, False, True))
    return out


def unit_spans(sdoc: Any) -> list[Span]:
    """ "<Name> County/Parish/Township/Borough", wherever it stands (inside an organisation too)."""
    out: list[Span] = []
    for i, tok in enumerate(sdoc):
        if i and tok.lower_ in UNIT_WORDS and tok.text[:1].isupper():
            start = i
            while start > 0 and i - start < 4 and _name_token(sdoc[start - 1]):
                start -= 1
            if start < i:
                out.append((start, i + 1, False, True))
    return out


def headline_spans(sdoc: Any, runs: Iterable[tuple[int, int]]) -> list[Span]:
    """Shorter openings of a capitalised run ("Chattanooga Robbery" -> "Chattanooga"), tried
    after the whole run; the places stage still asks for "in/near/..." before them."""
    return [
        (s, k, False, False)
        for s, e in runs
        for k in range(e - 1, s, -1)
        if not sdoc[k - 1].text.endswith(".")  # not "St." of "St. Tammany"
    ]


def coordinated(sdoc: Any, start: int, end: int, placed: set[int]) -> bool:
    """Whether the name at tokens ``start:end`` is listed with a place: "Butler and Zelienople"."""
    if _long_person(sdoc, start, end):
        return False
    before = start - 1
    if before >= 1 and (sdoc[before].lower_ in ("and", "or") or sdoc[before].text == ","):
        k = before - 1 if sdoc[before - 1].text != "," else before - 2
        if k in placed and (sdoc[before].text != "," or _list_ends_with_and(sdoc, end)):
            return True
    after = end
    if after + 1 < len(sdoc) and (sdoc[after].lower_ in ("and", "or") or sdoc[after].text == ","):
        k = after + 1
        if k in placed and (sdoc[after].text != "," or _list_ends_with_and(sdoc, k)):
            return True
    return False


def _list_ends_with_and(sdoc: Any, k: int) -> bool:
    """ "A, B and C": a comma joins list members only when an "and"/"or" closes the list."""
    for t in sdoc[k : k + 12]:
        if t.lower_ in ("and", "or"):
            return True
        if t.is_punct and t.text != ",":
            return False
    return False


def _long_person(sdoc: Any, start: int, end: int) -> bool:
    """Inside a person's name of two or more words ("Jackson Smith"); read off the tokens'
    IOB tags, as ``Doc.ents`` is rebuilt on every access."""
    for k in range(start, end):
        if sdoc[k].ent_type_ == "PERSON":
            first, last = k, k + 1
            while first > 0 and sdoc[first].ent_iob_ == "I":
                first -= 1
            while last < len(sdoc) and sdoc[last].ent_iob_ == "I":
                last += 1
            if last - first >= 2:
                return True
    return False
