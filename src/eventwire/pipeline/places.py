"""Stage ``eventwire.places.v1``: place mentions resolved against the gazetteer.

Spans come from spaCy's GPE/LOC/FAC entities, plus capitalised names the
small model mislabels (ORG, PERSON, or no entity: "Al-Asad", "Erbil") when
the gazetteer knows them AND the text uses them as places ("in/at/near X",
"X air base", "X province"). Demonyms ("Iraqi") are never places.

Resolution ranks homonyms by feature type, population and the document's
country focus (countries named in it, demonyms, unambiguous places), so
"Tripoli" is Lebanese in a Lebanon story and Libyan in a Libya story.

Precision codes:

* ``geo_precision`` (ACLED): 1 the town/base itself, 2 "near"/"outside" a
  town or an admin2 area, 3 a province, region or country.
* ``where_prec`` (UCDP): 1 exact, 2 within ~25 km ("near X"), 3 admin2,
  4 admin1, 5 a larger named region, 6 country, 7 seas and international
  waters.

Decision for country-only mentions: like ACLED, they carry the capital's
coordinates with geo_precision 3 (where_prec 6), so a map can still place
them; the precision says the point is only representative. Admin1 mentions
carry the point of the city of the same name when there is one (often the
provincial capital), else no point.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..gazetteer import Candidate, Gazetteer
from ..model import Document, PlaceMention
from .registry import stage

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAYBE_PLACE_LABELS = frozenset(
    {"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
)  # the small model gives these to some towns

LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "on",
        "from",
        "to",
        "into",
        "toward",
        "towards",
        "around",
        "across",
        "inside",
        "throughout",
        "between",
        "via",
        "off",
        "outskirts",
        "nearby",
        "within",
        "past",
    }
)
NEAR_WORDS = frozenset(
    {
        "near",
        "outside",
        "around",
        "outskirts",
        "nearby",
        "close",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northern",
        "southern",
        "eastern",
        "western",
    }
)
# words after a name that say what kind of place it is -> feature-type hint
SUFFIX_HINTS: dict[tuple[str, ...], str] = {
    ("air", "base"): "airbase",
    ("airbase",): "airbase",
    ("airport",): "airbase",
    ("air", "field"): "airbase",
    ("airfield",): "airbase",
    ("military", "base"): "airbase",
    ("base",): "airbase",
    ("garrison",): "facility",
    ("border", "crossing"): "facility",
    ("crossing",): "facility",
    ("gas", "field"): "facility",
    ("oil", "field"): "facility",
    ("province",): "admin1",
    ("governorate",): "admin1",
    ("state",): "admin1",
    ("region",): "admin1",
    ("district",): "admin2",
    ("county",): "admin2",
    ("city",): "city",
    ("town",): "city",
    ("village",): "city",
}
_MAX_SUFFIX = max(len(k) for k in SUFFIX_HINTS)
_SKIP_BEFORE = frozenset({"the", "a", "an"})


def _precision(cand: Candidate, near: bool) -> tuple[int, int]:
    """(ACLED geo_precision, UCDP where_prec) of a resolved place."""
    ft = cand.feature_type
    if cand.water:
        return 3, 7
    if ft in ("city", "airbase", "facility"):
        return (2, 2) if near else (1, 1)
    if ft == "admin2":
        return 2, 3
    if ft == "admin1":
        return 3, 4
    if ft == "country":
        return 3, 6
    return 3, 5  # a named region larger than a province


class PlacesStage:
    def __init__(self, resources: Any, min_name_length: int) -> None:
        self.resources = resources
        self.min_name_length = min_name_length

    @property
    def gazetteer(self) -> Gazetteer:
        gaz: Gazetteer = self.resources.gazetteer
        return gaz

    def __call__(self, doc: Document) -> None:
        spans = self._spans(doc)
        focus, named = self._focus(doc, spans)
        places = [self._resolve(doc, span, focus, named) for span in spans]
        self._attach_admin1(places)
        doc.places = places

    # -- finding spans ----------------------------------------------------

    def _spans(self, doc: Document) -> list[tuple[int, int, str | None, bool]]:
        """(start, end, hint, near) of each place-like span, in text order, not overlapping."""
        sdoc = doc.spacy_doc
        out: list[tuple[int, int, str | None, bool]] = []
        taken: set[int] = set()
        gaz = self.gazetteer
        if sdoc is None:
            for ent in doc.entities:
                if ent.label in PLACE_LABELS and not gaz.is_demonym(ent.text):
                    out.append((ent.start, ent.end, None, False))
            return out
        candidates: list[tuple[int, int, bool]] = []  # token start, end, sure
        for ent in sdoc.ents:
            if ent.label_ in PLACE_LABELS:
                candidates.append((ent.start, ent.end, True))
            elif ent.label_ in MAYBE_PLACE_LABELS:
                candidates.append((ent.start, ent.end, False))
        in_ent = {i for ent in sdoc.ents for i in range(ent.start, ent.end)}
        i = 0
        while i < len(sdoc):  # capitalised runs outside entities ("Al-Asad air base")
            tok = sdoc[i]
            if i not in in_ent and tok.pos_ == "PROPN" and tok.text[:1].isupper():
                j = i + 1
                while (
                    j < len(sdoc)
                    and j not in in_ent
                    and (
                        sdoc[j].pos_ == "PROPN"
                        or (sdoc[j].text == "-" and j + 1 < len(sdoc) and sdoc[j + 1].pos_ == "PROPN")
                    )
                ):
                    j += 1
                candidates.append((i, j, False))
                i = j
            else:
                i += 1
        candidates.sort()
        for start, end, sure in candidates:
            # drop a leading article
            while start < end and sdoc[start].lower_ in _SKIP_BEFORE:
                start += 1
            if start >= end or any(k in taken for k in range(start, end)):
                continue
            text = sdoc[start:end].text
            if len(text) < self.min_name_length:
                continue
            end2, hint = self._suffix(sdoc, end)
            if hint is None:
                hint = self._inner_hint(sdoc, start, end)
            locative = self._locative_before(sdoc, start) or end2 > end
            if gaz.is_demonym(text) and not (locative and end2 == end and gaz.country(text)):
                continue  # "Iraqi", "US forces"; but "in the US" is a place
            if not sure:
                if not locative:
                    continue
                if not (gaz.lookup(sdoc[start:end2].text) or gaz.lookup(text)):
                    continue
            taken.update(range(start, end2))
            near = self._near_before(sdoc, start)
            out.append((sdoc[start].idx, sdoc[end2 - 1].idx + len(sdoc[end2 - 1].text), hint, near))
        out.sort()
        return out

    @staticmethod
    def _suffix(sdoc: Any, end: int) -> tuple[int, str | None]:
        for n in range(_MAX_SUFFIX, 0, -1):
            words = tuple(t.lower_ for t in sdoc[end : end + n])
            if len(words) == n and words in SUFFIX_HINTS:
                return end + n, SUFFIX_HINTS[words]
        return end, None

    @staticmethod
    def _inner_hint(sdoc: Any, start: int, end: int) -> str | None:
        words = [t.lower_ for t in sdoc[start:end]]
        for n in range(_MAX_SUFFIX, 0, -1):
            if len(words) > n and tuple(words[-n:]) in SUFFIX_HINTS:
                return SUFFIX_HINTS[tuple(words[-n:])]
        return None

    @staticmethod
    def _locative_before(sdoc: Any, start: int) -> bool:
        k = start - 1
        while k >= 0 and k >= start - 3 and (sdoc[k].lower_ in _SKIP_BEFORE or sdoc[k].pos_ == "ADJ"):
            k -= 1
        if k >= 0 and sdoc[k].lower_ in LOCATIVE_PREPS:
            return True
        # "the city of X", "the outskirts of X"
        return (
            k >= 1
            and sdoc[k].lower_ == "of"
            and sdoc[k - 1].lower_
            in {
                "city",
                "town",
                "village",
                "outskirts",
                "province",
                "governorate",
                "north",
                "residents",
                "people",
                "governor",
                "mayor",
                "centre",
                "center",
                "streets",
                "heart",
                "south",
                "east",
                "west",
            }
        )

    @staticmethod
    def _near_before(sdoc: Any, start: int) -> bool:
        words = {t.lower_ for t in sdoc[max(0, start - 4) : start]}
        return bool(words & NEAR_WORDS)

    # -- resolving --------------------------------------------------------

    def _focus(
        self, doc: Document, spans: Sequence[tuple[int, int, str | None, bool]]
    ) -> tuple[list[str], set[str]]:
        """ISO alpha-2 codes of the document's countries, most mentioned first, and the
        set of those the text names outright (a country name or a demonym)."""
        gaz = self.gazetteer
        counts: Counter[str] = Counter()
        named: set[str] = set()
        for start, end, _hint, _near in spans:
            cands = gaz.lookup(doc.text[start:end]) or gaz.lookup(_strip_suffix(doc.text[start:end]))
            countries = {c.iso2 for c in cands}
            if any(c.feature_type == "country" for c in cands):
                best = gaz.resolve(doc.text[start:end])
                if best is not None and best.iso2:
                    counts[best.iso2] += 2
                    named.add(best.iso2)
            elif len(countries) == 1:
                only = next(iter(countries))
                if only is not None:
                    counts[only] += 1
                    if any(c.feature_type == "admin1" for c in cands):
                        named.add(only)  # a province names its country
        for ent in doc.entities:
            if ent.label == "NORP":
                iso2 = gaz.country_of_demonym(ent.text)
                if iso2:
                    counts[iso2] += 1
                    named.add(iso2)
        return [iso2 for iso2, _ in counts.most_common(3)], named

    @staticmethod
    def _plausible(cand: Candidate, named: set[str]) -> bool:
        """A place in a country the text never names is more likely a homonym than the
        real location: when the text names countries (or provinces), such a candidate is
        refused and the mention stays unresolved, unless it is a country or a sea."""
        return not named or cand.iso2 in named or cand.water or cand.feature_type == "country"

    def _resolve(
        self, doc: Document, span: tuple[int, int, str | None, bool], focus: list[str], named: set[str]
    ) -> PlaceMention:
        start, end, hint, near = span
        text = doc.text[start:end]
        sent = doc.sentence_at(start)
        mention = PlaceMention(start=start, end=end, text=text, sentence=sent.index if sent else 0)
        gaz = self.gazetteer
        cand = gaz.resolve(text, focus, hint)
        if cand is None and hint is not None:
            core = _strip_suffix(text)
            if core != text:
                cand = gaz.resolve(core, focus, hint)
        if cand is None or not self._plausible(cand, named):
            return mention
        geo, where = _precision(cand, near)
        mention.name = cand.name
        mention.gazetteer_id = cand.gazetteer_id
        mention.latitude = cand.latitude
        mention.longitude = cand.longitude
        mention.country = cand.country
        mention.iso3 = cand.iso3
        mention.admin1 = cand.admin1
        mention.feature_type = cand.feature_type
        mention.geo_precision = geo
        mention.where_prec = where
        return mention

    @staticmethod
    def _attach_admin1(places: list[PlaceMention]) -> None:
        """ "Ramadi, Anbar province" / "Ramadi in Anbar province": the town gets the province."""
        for i, p in enumerate(places):
            if p.feature_type not in ("city", "airbase", "facility") or p.admin1:
                continue
            for q in places[i + 1 : i + 3]:
                if (
                    q.sentence == p.sentence
                    and q.feature_type == "admin1"
                    and q.iso3 == p.iso3
                    and q.start - p.end <= 40
                ):
                    p.admin1 = q.admin1
                    break


def _strip_suffix(text: str) -> str:
    words = text.split()
    for n in range(_MAX_SUFFIX, 0, -1):
        if len(words) > n and tuple(w.lower() for w in words[-n:]) in SUFFIX_HINTS:
            return " ".join(words[:-n])
    return text


@stage("eventwire.places.v1", default_config={"min_name_length": 2})
def make_places_stage(resources: Any, min_name_length: int) -> PlacesStage:
    return PlacesStage(resources, min_name_length)
