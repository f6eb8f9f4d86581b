"""Resolve all the toponyms of one document together.

A name alone is ambiguous ("Alexandria": Egypt, Virginia, Louisiana...); the
document around it usually is not. :func:`resolve_toponyms` scores every
candidate of every mention on:

1. its prior (:meth:`Gazetteer.prior`: feature type, population, hint);
2. the document's country focus: countries named, demonyms, places whose
   every reading lies in one country, and the outlet's country when known;
3. containment: "Ramadi, Anbar", "Lafayette, Ind.", "Baraka in South Kivu"
   put the first place inside the second;
4. proximity to the other places the document names (three rounds, over a
   spatial index of the readings chosen so far: linear in the document's places);

then refuses a reading outside every country the text names unless it is a
country, a sea or a place of a million people (so "Boni" in a Mali story is
not Bonn). One mention that cannot be resolved never affects the others:
it simply stays None, with a note saying why.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .core import Candidate, Gazetteer
from .names import normalize, strip_generic
from .proximity import AnchorIndex, Point, proximity_weight

_CONTAINER_GAP = re.compile(r"^\s*(?:,|\(|,?\s*in|,?\s*of|,\s*in\s+the)\s*(?:the\s+)?$", re.IGNORECASE)
_FAMOUS = 6.0  # prior of a place known well beyond its country (about a million people)
FOCUS_BONUS = 3.0  # for the document's leading country; others in proportion to their weight


@dataclass
class Toponym:
    """One place name in a text, as the resolver sees it."""

    text: str
    start: int
    end: int
    sentence: int = 0
    hint: str | None = None  # feature type the text asks for ("province" -> admin1)


@dataclass
class Resolution:
    candidate: Candidate | None
    note: str | None = None
    fuzzy: bool = False


@dataclass
class _Slot:
    top: Toponym
    cands: list[Candidate] = field(default_factory=list)
    fuzzy: bool = False
    base: list[float] = field(default_factory=list)


def resolve_toponyms(
    gaz: Gazetteer,
    toponyms: Sequence[Toponym],
    demonym_countries: Sequence[str] = (),
    outlet_country: str | None = None,
    text: str = "",
    hinted_countries: Sequence[str] = (),
) -> list[Resolution]:
    """One :class:`Resolution` per toponym, in order.

    ``demonym_countries`` come from demonyms in the text (they name a country);
    ``hinted_countries`` from organisations tied to one country (a weaker vote).
    """
    slots = [_Slot(t) for t in toponyms]
    for s in slots:
        demonym = gaz.country_of_demonym(s.top.text)
        if demonym is not None:  # a caller's span may be a demonym: "Iraqi" names Iraq
            country = gaz.country(demonym)
            s.cands = [country] if country is not None else []
            continue
        s.cands = gaz.lookup(s.top.text)
        if not s.cands:
            core = strip_generic(_strip_hint_words(s.top.text))
            if core != s.top.text:
                s.cands = gaz.lookup(core)
        if not s.cands:
            key = normalize(s.top.text)
            s.cands = [
                c
                for c in gaz.lookup_fuzzy(s.top.text)
                if key[:1] == normalize(c.name)[:1]
                and difflib.SequenceMatcher(None, key, normalize(c.name)).ratio() >= 0.8
            ]
            s.fuzzy = bool(s.cands)
    weights, named = _focus(gaz, slots, demonym_countries, outlet_country)
    for iso2 in hinted_countries:
        weights[iso2] += 2
    lead = max(weights.values(), default=0)
    bonus = {iso2: FOCUS_BONUS * w / lead for iso2, w in weights.items()}
    for s in slots:
        s.base = [gaz.prior(c, s.top.hint) + bonus.get(c.iso2 or "", 0.0) for c in s.cands]
        if bonus:  # a country the text is otherwise not about is the less likely reading
            s.base = [
                b - 1.0 if c.feature_type == "country" and c.iso2 not in bonus else b
                for b, c in zip(s.base, s.cands, strict=True)
            ]
    _containment(gaz, slots, text)
    chosen = [_best(s, [0.0] * len(s.cands)) for s in slots]
    # a country's own name is not moved by proximity: "Mexico" near Mexican towns is Mexico
    fixed = [any(c.feature_type == "country" and c.primary for c in s.cands) for s in slots]
    keys = [normalize(s.top.text) for s in slots]
    anchors = AnchorIndex()
    for key, c in zip(keys, chosen, strict=True):
        if (point := _anchor_point(c)) is not None:
            anchors.add(point, key)
    for _round in range(3):  # each reading updated in turn, against the others' latest
        for i, s in enumerate(slots):
            if len(s.cands) > 1 and not fixed[i]:
                new = _best(s, _proximity(s, keys[i], anchors))
                if new is not chosen[i]:
                    if (old := _anchor_point(chosen[i])) is not None:
                        anchors.remove(old, keys[i])
                    if (point := _anchor_point(new)) is not None:
                        anchors.add(point, keys[i])
                    chosen[i] = new
    chosen = [_town_over_region(s, c) for s, c in zip(slots, chosen, strict=True)]
    out = []
    for s, c in zip(slots, chosen, strict=True):
        if c is None:
            out.append(Resolution(None, "not in the gazetteer"))
        elif s.fuzzy and not (c.iso2 in named or (c.iso2 in weights and gaz.prior(c) >= 4.5)):
            out.append(Resolution(None, "only a loose spelling match, outside the document's countries"))
        elif (
            named
            and c.iso2 not in named
            and not _always_plausible(gaz, c)
            and (not c.primary or gaz.prior(c) < 4.5)
        ):
            out.append(Resolution(None, f"{c.name} ({c.country}) lies outside the countries the text names"))
        elif not weights and not c.primary and gaz.prior(c) < 3.5:
            # no country to go by, and only another name of a village elsewhere
            out.append(Resolution(None, f"{c.name} ({c.country}) is only another name of a small place"))
        elif weights and c.iso2 not in weights and not c.primary and not _always_plausible(gaz, c):
            # "Tolmeri" in a story about the Congolese army is not a Brazilian town's other name
            out.append(
                Resolution(
                    None, f"{c.name} ({c.country}) is only another name, outside the document's countries"
                )
            )
        else:
            out.append(Resolution(c, "matched as a spelling variant" if s.fuzzy else None, s.fuzzy))
    return out


def _town_over_region(s: _Slot, c: Candidate | None) -> Candidate | None:
    """A bare name shared by a region and a town inside it means the town, as news uses it
    ("shelling in Basra"); "Basra province" (a hint) keeps the region."""
    if c is None or c.feature_type not in ("admin1", "admin2") or s.top.hint in ("admin1", "admin2"):
        return c
    towns = [
        t
        for t in s.cands
        if t.feature_type == "city"
        and t.population >= max(1000, c.population // 10)  # Basrah in Al Basrah; not Minneota in Minnesota
        and (t.admin1_id == c.admin1_id if c.admin1_id else t.iso2 == c.iso2)
    ]
    return max(towns, key=lambda t: t.population, default=c)


def _always_plausible(gaz: Gazetteer, c: Candidate) -> bool:
    """Countries, seas and famous places by their own name ("Baku", not "Bako")."""
    return c.feature_type == "country" or c.water or (c.primary and gaz.prior(c) >= _FAMOUS)


def _best(s: _Slot, extra: list[float]) -> Candidate | None:
    if not s.cands:
        return None
    i = max(range(len(s.cands)), key=lambda k: s.base[k] + extra[k])
    return s.cands[i]


def _focus(
    gaz: Gazetteer, slots: list[_Slot], demonyms: Sequence[str], outlet: str | None
) -> tuple[Counter[str], set[str]]:
    """The weight of each of the document's countries, and those it names outright."""
    counts: Counter[str] = Counter()  # weights, in half points
    named: set[str] = set()
    country_names: list[tuple[Candidate, list[Candidate]]] = []
    seen: set[str] = set()
    for s in slots:  # each distinct name votes once, however often it is repeated
        key = normalize(s.top.text)
        if not s.cands or key in seen:
            continue
        seen.add(key)
        countries = {c.iso2 for c in s.cands if c.iso2}
        top = max(s.cands, key=lambda c: gaz.prior(c, s.top.hint))
        if top.feature_type == "country" and top.iso2:
            country_names.append((top, s.cands))
        elif len(countries) == 1:
            only = next(iter(countries))
            counts[only] += 2
            if any(c.feature_type in ("admin1", "admin2") for c in s.cands):
                named.add(only)  # a province names its country
        elif top.iso2 and top.feature_type in ("admin1", "admin2", "airbase", "facility"):
            counts[top.iso2] += 2  # "Virginia": the state, though towns abroad share the name
            named.add(top.iso2)
    for iso2 in demonyms:
        counts[iso2] += 2
        named.add(iso2)
    # a country's name that is also a region of the country the rest of the text is
    # about ("Georgia" in a story set in Atlanta) does not vote for the country
    lead = counts.most_common(1)[0][0] if counts else None
    for top, cands in country_names:
        if lead and top.iso2 != lead and any(c.iso2 == lead and c.feature_type == "admin1" for c in cands):
            continue
        counts[top.iso2 or ""] += 4
        named.add(top.iso2 or "")
    if outlet:
        counts[outlet] += 3  # the outlet's country: more than a town's lean, less than a name
    return counts, named


def _containment(gaz: Gazetteer, slots: list[_Slot], text: str) -> None:
    """ "X, Y" / "X in Y" / "X (Y)": readings of X inside Y's best reading gain weight."""
    if not text:
        return
    for a, b in zip(slots, slots[1:], strict=False):
        if a.top.sentence != b.top.sentence or not b.cands or b.top.start - a.top.end > 12:
            continue
        if not _CONTAINER_GAP.match(text[a.top.end : b.top.start]):
            continue
        containers = [c for c in b.cands if c.feature_type in ("country", "admin1", "admin2")]
        if not containers:
            continue
        for k, c in enumerate(a.cands):
            if any(_inside(c, box) for box in containers):
                a.base[k] += 6.0
        # and the container's own reading that holds one of X's readings wins among its homonyms
        for k, box in enumerate(b.cands):
            if box in containers and any(_inside(c, box) for c in a.cands):
                b.base[k] += 2.0


def _inside(c: Candidate, box: Candidate) -> bool:
    if c is box or c.gazetteer_id == box.gazetteer_id:
        return False
    if box.feature_type == "country":
        return c.iso2 == box.iso2 and c.feature_type != "country"
    if box.feature_type == "admin1":
        return c.admin1_id is not None and c.admin1_id == box.admin1_id and c.feature_type != "admin1"
    return (
        c.feature_type in ("city", "airbase", "airport", "facility")
        and c.iso2 == box.iso2
        and c.admin2 is not None
        and c.admin2 == box.admin2
    )


def _anchor_point(c: Candidate | None) -> Point | None:
    """Where a chosen reading anchors the others: a located place that is no country or sea."""
    if c is None or c.latitude is None or c.longitude is None or c.feature_type == "country" or c.water:
        return None
    return (c.latitude, c.longitude)


def _proximity(s: _Slot, key: str, anchors: AnchorIndex) -> list[float]:
    """Weight for readings near the places the rest of the document is about (the
    readings chosen for its other names)."""
    out = []
    for c in s.cands:
        if c.latitude is None or c.longitude is None:
            out.append(0.0)
            continue
        d = anchors.nearest_within_reach(c.latitude, c.longitude, key)
        out.append(0.0 if d is None else proximity_weight(d))
    return out


_HINT_WORDS = re.compile(
    r"\s+(?:air\s+base|airbase|airport|air\s+field|airfield|base|city|town|village|crossing|border\s+crossing)$",
    re.IGNORECASE,
)


def _strip_hint_words(text: str) -> str:
    return _HINT_WORDS.sub("", text)
