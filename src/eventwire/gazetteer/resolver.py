"""Resolve all the toponyms of one document together.

A name alone is ambiguous ("Alexandria": Egypt, Virginia, Louisiana...); the
document around it usually is not. :func:`resolve_toponyms` ranks every
candidate of every mention with the trained toponym ranker
(:mod:`eventwire.learn.ranker`, features in :mod:`.ranking`), which weighs:

1. how the name matched and the candidate's type and size (:meth:`Gazetteer.prior`
   is one of the features), and what the text asks for ("X province");
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
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .context import Others
from .core import Candidate, Gazetteer
from .names import normalize, strip_generic
from .ranking import hint_fits, static_rows

if TYPE_CHECKING:
    from ..learn.ranker import Ranker

_CONTAINER_GAP = re.compile(r"^\s*(?:,|\(|,?\s*in|,?\s*of|,\s*in\s+the)\s*(?:the\s+)?$", re.IGNORECASE)
_FAMOUS = 6.0  # prior of a place known well beyond its country (about a million people)


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
    rows: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    allowed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


@dataclass
class Prepared:
    """A document's toponyms with their candidates and feature rows, before any choice."""

    slots: list[_Slot]
    weights: Counter[str]  # the document's countries, by weight
    named: set[str]  # the countries it names outright
    keys: list[str]  # each toponym's normalised name
    fixed: list[bool]  # a country's own name: proximity does not move it


# the ranker's training and evaluation set these: a list collecting the prepared documents, and
# the ranker to use instead of the shipped one
TRACE: ContextVar[list[Prepared] | None] = ContextVar("eventwire_resolver_trace", default=None)
RANKER: ContextVar[Ranker | None] = ContextVar("eventwire_resolver_ranker", default=None)


def resolve_toponyms(
    gaz: Gazetteer,
    toponyms: Sequence[Toponym],
    demonym_countries: Sequence[str] = (),
    outlet_country: str | None = None,
    text: str = "",
    hinted_countries: Sequence[str] = (),
    ranker: Ranker | None = None,
) -> list[Resolution]:
    """One :class:`Resolution` per toponym, in order.

    ``demonym_countries`` come from demonyms in the text (they name a country);
    ``hinted_countries`` from organisations tied to one country (a weaker vote).
    The ranker is :data:`RANKER`'s when set (training and evaluation set it), else ``ranker``,
    else the shipped one.
    """
    from ..learn.ranker import load_shipped

    doc = prepare(gaz, toponyms, demonym_countries, outlet_country, text, hinted_countries)
    trace = TRACE.get()
    if trace is not None:
        trace.append(doc)
    return verdicts(gaz, doc, choose(doc, RANKER.get() or ranker or load_shipped()))


def prepare(
    gaz: Gazetteer,
    toponyms: Sequence[Toponym],
    demonym_countries: Sequence[str] = (),
    outlet_country: str | None = None,
    text: str = "",
    hinted_countries: Sequence[str] = (),
) -> Prepared:
    """Candidates, country focus and static feature rows of every toponym."""
    slots = [_Slot(t) for t in toponyms]
    for s in slots:
        s.cands, s.fuzzy = _candidates(gaz, s.top.text)
    weights, named = _focus(gaz, slots, demonym_countries, outlet_country)
    for iso2 in hinted_countries:
        weights[iso2] += 2
    lead = max(weights.values(), default=0)
    bonus = {iso2: w / lead for iso2, w in weights.items()}
    contained, container = _containment(slots, text)
    regions = _admin1_names(slots)
    for s, inside, holds in zip(slots, contained, container, strict=True):
        s.rows = static_rows(
            gaz, s.cands, s.top.hint, bonus, weights, named, outlet_country, inside, holds, regions
        )
        s.allowed = allowed_readings(s.cands, s.top.hint)
    fixed = [any(c.feature_type == "country" and c.primary for c in s.cands) for s in slots]
    return Prepared(slots, weights, named, [normalize(s.top.text) for s in slots], fixed)


def choose(doc: Prepared, ranker: Ranker, rounds: int = 3) -> list[Candidate | None]:
    """Each toponym's reading: the ranker's first choice, then ``rounds`` rounds in which each
    reading is chosen again against the others' latest (see :class:`.context.Others`; a toponym
    the other names say nothing about keeps the first choice)."""
    chosen = first_choices(doc, ranker)
    others = Others(doc.keys, chosen)
    for _round in range(rounds):
        for i, s in enumerate(doc.slots):
            if len(s.cands) > 1 and not doc.fixed[i]:
                rows = others.rows(s.cands, doc.keys[i], s.rows)
                new = _pick(s, ranker.scores(s.rows, False) if rows is None else ranker.scores(rows, True))
                if new is not chosen[i]:
                    others.move(doc.keys[i], chosen[i], new)
                    chosen[i] = new
    return [_town_over_region(s, c) for s, c in zip(doc.slots, chosen, strict=True)]


def first_choices(doc: Prepared, ranker: Ranker) -> list[Candidate | None]:
    """Each toponym's best reading on its static features alone."""
    return [_pick(s, ranker.scores(s.rows, False)) if s.cands else None for s in doc.slots]


def allowed_readings(cands: Sequence[Candidate], hint: str | None) -> np.ndarray:
    """The readings the ranker may choose among. Two things the text says outright, too rare in
    annotated corpora for a ranker to learn, narrow them: a sea's or gulf's own name means the
    water ("Red Sea", not Sudan's state), and the type the text asks for ("X province", "X air
    base", "X crossing") means a reading of that type when there is one."""
    every = np.ones(len(cands), dtype=bool)
    water = np.array([c.water and c.primary for c in cands], dtype=bool)
    if water.any():
        return water
    if hint is not None:
        fits = np.array([any(hint_fits(hint, c)[:2]) for c in cands], dtype=bool)
        if fits.any():
            return fits
    return every


def _pick(s: _Slot, scores: np.ndarray) -> Candidate:
    return s.cands[int(np.argmax(np.where(s.allowed, scores, -np.inf)))]


def verdicts(gaz: Gazetteer, doc: Prepared, chosen: Sequence[Candidate | None]) -> list[Resolution]:
    """The chosen readings, refusing those the document's countries make implausible: a reading
    outside every country the text names stays None unless it is a country, a sea or a place of a
    million people (so "Boni" in a Mali story is not Bonn)."""
    weights, named = doc.weights, doc.named
    out = []
    for s, c in zip(doc.slots, chosen, strict=True):
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


def _candidates(gaz: Gazetteer, name: str) -> tuple[list[Candidate], bool]:
    """The readings of one name (and whether they are only loose spelling matches)."""
    demonym = gaz.country_of_demonym(name)
    if demonym is not None:  # a caller's span may be a demonym: "Iraqi" names Iraq
        country = gaz.country(demonym)
        return ([country] if country is not None else []), False
    cands = gaz.lookup(name)
    if not cands:
        core = strip_generic(_strip_hint_words(name))
        if core != name:
            cands = gaz.lookup(core)
    if cands:
        return cands, False
    key = normalize(name)
    loose = [
        c
        for c in gaz.lookup_fuzzy(name)
        if key[:1] == normalize(c.name)[:1]
        and difflib.SequenceMatcher(None, key, normalize(c.name)).ratio() >= 0.8
    ]
    return loose, bool(loose)


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


def _admin1_names(slots: list[_Slot]) -> dict[str, float]:
    """How strongly the document's distinct names point at each admin1 region: a name whose
    readings lie in k regions gives each of them 1/k."""
    seen: dict[str, set[str]] = {}
    for s in slots:
        seen.setdefault(normalize(s.top.text), set()).update(c.admin1_id for c in s.cands if c.admin1_id)
    out: dict[str, float] = {}
    for regions in seen.values():
        for a in regions:
            out[a] = out.get(a, 0.0) + 1.0 / len(regions)
    return out


def _containment(slots: list[_Slot], text: str) -> tuple[list[list[bool]], list[list[bool]]]:
    """ "X, Y" / "X in Y" / "X (Y)": which readings of X lie inside one of Y's readings, and
    which readings of Y hold one of X's."""
    contained = [[False] * len(s.cands) for s in slots]
    container = [[False] * len(s.cands) for s in slots]
    if not text:
        return contained, container
    for i, (a, b) in enumerate(zip(slots, slots[1:], strict=False)):
        if a.top.sentence != b.top.sentence or not b.cands or b.top.start - a.top.end > 12:
            continue
        if not _CONTAINER_GAP.match(text[a.top.end : b.top.start]):
            continue
        boxes = [c for c in b.cands if c.feature_type in ("country", "admin1", "admin2")]
        if not boxes:
            continue
        for k, c in enumerate(a.cands):
            contained[i][k] = any(_inside(c, box) for box in boxes)
        for k, box in enumerate(b.cands):
            container[i + 1][k] = box in boxes and any(_inside(c, box) for c in a.cands)
    return contained, container


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


_HINT_WORDS = re.compile(
    r"\s+(?:air\s+base|airbase|airport|air\s+field|airfield|base|city|town|village|crossing|border\s+crossing)$",
    re.IGNORECASE,
)


def _strip_hint_words(text: str) -> str:
    return _HINT_WORDS.sub("", text)
