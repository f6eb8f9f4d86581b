"""The gazetteer at run time: a compiled SQLite file, opened read-only.

:meth:`Gazetteer.load` opens the compiled file (see :mod:`.build`), building
it first when it is missing or was built from other package versions. A
lookup is one indexed query (cached); countries and demonyms are held in
memory. The connection is reopened after a fork, so worker processes never
share one.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import GazetteerError, GeoNamesError
from .build import FORMAT_VERSION, PRIMARY, SHORT, build, fingerprint
from .entries import FEATURE_TYPES
from .names import normalize, skeleton

__all__ = ["FEATURE_TYPES", "Candidate", "Gazetteer", "default_path", "normalize"]

# prior of each feature type; a city's prior is log10 of its population instead
_TYPE_PRIOR = {
    "country": 9.0,
    "admin1": 5.5,
    "admin2": 4.0,
    "region": 6.0,
    "airbase": 5.0,
    "airport": 4.0,
    "facility": 5.0,
}
_CACHE_LIMIT = 200_000
_COLUMNS = "p.gid, p.name, p.feature_type, p.iso2, p.iso3, p.country, p.lat, p.lon, p.admin1, p.admin2, p.admin1_gid, p.population, p.water"


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
    admin2: str | None = None
    admin1_id: str | None = None
    population: int = 0
    water: bool = False  # seas, gulfs, straits (UCDP where_prec 7)
    primary: bool = True  # the looked-up name is the entry's own name, not an alternate
    short: bool = False  # the looked-up name is a shortened one ("Kano" for "Kano State")


def default_path() -> Path:
    """``$XDG_CACHE_HOME/eventwire/gazetteer-vN.sqlite`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventwire" / f"gazetteer-v{FORMAT_VERSION}.sqlite"


class Gazetteer:
    """Name -> candidates index over the compiled file, with a prior-based resolver."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = -1
        self._con: sqlite3.Connection | None = None
        self._cache: dict[tuple[str, bool], tuple[Candidate, ...]] = {}
        con = self._connection()
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            if int(meta.get("format", 0)) != FORMAT_VERSION:
                raise GazetteerError(
                    f"{path}: gazetteer format {meta.get('format')} is not {FORMAT_VERSION} "
                    "(run `eventwire gazetteer build`)"
                )
            self.fingerprint = meta.get("fingerprint", "")
            # the GeoNames dump files compiled in: load() keeps importing them
            self.geonames = [Path(f["file"]) for f in json.loads(meta.get("geonames", "[]"))]
            self._countries: dict[str, Candidate] = {}
            self._the: set[str] = set()
            rows = con.execute(
                f"SELECT c.iso2, c.the, {_COLUMNS} FROM countries c JOIN places p ON p.pid = c.pid"
            ).fetchall()
            for iso2, the, *cols in rows:
                self._countries[iso2] = _candidate(cols)
                if the:
                    self._the.add(iso2)
            self._by_iso3 = {c.iso3: c for c in self._countries.values() if c.iso3}
            self._demonyms: dict[str, str] = dict(con.execute("SELECT key, iso2 FROM demonyms").fetchall())
            self._size = con.execute("SELECT count(*) FROM places").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{path}: not a compiled gazetteer ({exc})") from None

    # -- opening ----------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Gazetteer:
        """Open a compiled gazetteer file; GazetteerError when it is missing or not one."""
        p = Path(path)
        if not p.is_file():
            raise GazetteerError(f"{p}: no compiled gazetteer here (run `eventwire gazetteer build`)")
        return cls(p)

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str] | None = None,
        entries: str | os.PathLike[str] | None = None,
        progress: Callable[[str], None] | None = None,
        geonames: Sequence[str | os.PathLike[str]] | None = None,
    ) -> Gazetteer:
        """Open the compiled gazetteer, building it first when missing or out of date.

        ``path`` defaults to :func:`default_path`; ``entries`` is a user
        entries file (see :mod:`.entries`) compiled in with the packages;
        ``geonames`` are GeoNames dump files to import (None: the ones the
        existing file was built with, so a changed dump rebuilds it).
        """
        p = Path(path) if path else default_path()
        user = Path(entries) if entries else None
        if user is not None and not user.is_file():
            raise GazetteerError(f"{user}: gazetteer entries file not found")
        dumps = [Path(g) for g in geonames] if geonames is not None else []
        if p.is_file():
            try:
                gaz = cls(p)
                if geonames is None:
                    dumps = gaz.geonames
                if gaz.fingerprint == fingerprint(user, geonames=dumps):
                    return gaz
                gaz.close()
            except GazetteerError:
                pass  # stale or damaged: rebuilt below
        if path is None:
            p.parent.mkdir(parents=True, exist_ok=True)
        try:
            build(p, user, progress, geonames=dumps)
        except GeoNamesError as exc:
            if geonames is None:
                raise GazetteerError(
                    f"{exc} (the gazetteer {p} was built with it and is out of date; rebuild it "
                    "with `eventwire gazetteer build`, with the --geonames files to keep)"
                ) from None
            raise
        return cls(p)

    @classmethod
    def is_current(
        cls,
        path: str | os.PathLike[str] | None = None,
        entries: str | os.PathLike[str] | None = None,
        geonames: Sequence[str | os.PathLike[str]] | None = None,
    ) -> bool:
        """Whether :meth:`load` would open the file as it is, without building."""
        p = Path(path) if path else default_path()
        if not p.is_file():
            return False
        try:
            gaz = cls(p)
        except GazetteerError:
            return False
        user = Path(entries) if entries else None
        dumps = [Path(g) for g in geonames] if geonames is not None else gaz.geonames
        current = user is None or user.is_file()
        current = current and gaz.fingerprint == fingerprint(user, geonames=dumps)
        gaz.close()
        return current

    def _connection(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():
            try:
                self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            except sqlite3.Error as exc:
                raise GazetteerError(f"{self.path}: cannot open the gazetteer ({exc})") from None
            self._pid = os.getpid()
            self._cache.clear()
        return self._con

    def close(self) -> None:
        if self._con is not None and self._pid == os.getpid():
            self._con.close()
        self._con = None

    # -- queries ----------------------------------------------------------

    def __len__(self) -> int:
        """Number of places."""
        return int(self._size)

    def lookup(self, name: str) -> list[Candidate]:
        """Every candidate whose name or alternate name normalises like ``name``."""
        return list(self._query(normalize(name), fuzzy=False))

    def lookup_fuzzy(self, name: str) -> list[Candidate]:
        """Candidates whose name has the same :func:`~.names.skeleton` (transliteration variants)."""
        return list(self._query(normalize(name), fuzzy=True))

    def _query(self, key: str, fuzzy: bool) -> tuple[Candidate, ...]:
        if len(key) < 2:
            return ()
        con = self._connection()
        hit = self._cache.get((key, fuzzy))
        if hit is not None:
            return hit
        if fuzzy:
            sk = skeleton(key)
            if len(sk.replace(" ", "")) < 3:
                return ()
            rows = con.execute(
                f"SELECT 1, {_COLUMNS} FROM skeletons s JOIN places p ON p.pid = s.pid WHERE s.key = ?", (sk,)
            ).fetchall()
        else:
            rows = con.execute(
                f"SELECT n.kind, {_COLUMNS} FROM names n JOIN places p ON p.pid = n.pid WHERE n.key = ?",
                (key,),
            ).fetchall()
        result = tuple(_candidate(cols, kind) for kind, *cols in rows)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[(key, fuzzy)] = result
        return result

    def get(self, gazetteer_id: str) -> Candidate | None:
        """The entry with this id, or None."""
        row = (
            self._connection()
            .execute(f"SELECT {_COLUMNS} FROM places p WHERE p.gid = ?", (gazetteer_id,))
            .fetchone()
        )
        return _candidate(list(row)) if row else None

    def country(self, code_or_name: str) -> Candidate | None:
        """The country for an ISO alpha-2/alpha-3 code, a name or a demonym."""
        code = code_or_name.strip()
        if code.upper() in self._countries:
            return self._countries[code.upper()]
        if code.upper() in self._by_iso3:
            return self._by_iso3[code.upper()]
        iso2 = self._demonyms.get(normalize(code))
        if iso2:
            return self._countries.get(iso2)
        hits = [c for c in self.lookup(code) if c.feature_type == "country"]
        return hits[0] if hits else None

    def countries(self) -> list[Candidate]:
        """Every country."""
        return list(self._countries.values())

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

    def prior(self, cand: Candidate, hint: str | None = None) -> float:
        """How likely ``cand`` is meant, before context: feature type, size, the text's hint."""
        if cand.feature_type == "city":
            s = math.log10(max(cand.population, 10))
        elif cand.water:
            s = 8.5  # "Red Sea" is the sea before it is Sudan's state
        else:
            s = _TYPE_PRIOR.get(cand.feature_type, 4.0)
            if cand.feature_type in ("admin1", "admin2") and cand.population:
                # a region is weighed by its people, but a bare name ("Basra") means the
                # town before the province named after it
                s = max(s - 1.0, min(math.log10(max(cand.population, 10)) - 1.0, 6.5))
        if hint is not None:
            if hint == cand.feature_type or (
                hint == "airbase" and cand.feature_type in ("facility", "airport")
            ):
                s += 6.0
            elif hint in ("admin1", "admin2") and cand.feature_type in ("admin1", "admin2"):
                s += 5.0
            elif hint == "city" and cand.feature_type != "city":
                s -= 3.0
        if cand.primary:
            s += 0.3
        elif cand.short:
            s -= 1.0
        else:
            s -= 0.7  # an alternate name ("Zubrakent" for Zubrakand) counts for less than a town's own name
        if cand.latitude is None:
            s -= 1.0  # a region the packages name but do not place
        return s

    def resolve(
        self, name: str, context_countries: Sequence[str] = (), hint: str | None = None
    ) -> Candidate | None:
        """The most plausible candidate for ``name`` on priors and country focus, or None.

        ``context_countries`` are ISO alpha-2 codes of the document's focus,
        most important first; ``hint`` is a feature type the text asks for
        ("airbase" after "X air base", "admin1" after "X province"...).
        """
        from .resolver import Toponym, resolve_toponyms

        top = Toponym(name, 0, len(name), hint=hint)
        return resolve_toponyms(self, [top], hinted_countries=list(context_countries))[0].candidate

    def focus_hints(self, text: str) -> list[str]:
        """ISO alpha-2 codes of countries that organisations named in ``text`` tie it to
        (see ``focus_hints.json``: "FARDC" -> CD), once per name found."""
        return [iso2 for pattern, iso2 in _focus_patterns() if pattern.search(text)]

    def info(self) -> dict[str, Any]:
        """Figures about the compiled file (see :func:`.build.info`)."""
        from .build import info

        return info(self.path)


@functools.cache
def _focus_patterns() -> list[tuple[re.Pattern[str], str]]:
    data = json.loads(resources.files("eventwire.gazetteer").joinpath("focus_hints.json").read_text("utf-8"))
    return [
        (re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])"), iso2)
        for iso2, names in data["countries"].items()
        for name in names
    ]


def _candidate(cols: Sequence[Any], kind: int = PRIMARY) -> Candidate:
    gid, name, ft, iso2, iso3, country, lat, lon, admin1, admin2, admin1_gid, pop, water = cols
    return Candidate(
        gazetteer_id=gid,
        name=name,
        feature_type=ft,
        iso2=iso2,
        iso3=iso3,
        country=country,
        latitude=lat,
        longitude=lon,
        admin1=admin1,
        admin2=admin2,
        admin1_id=admin1_gid,
        population=pop,
        water=bool(water),
        primary=kind == PRIMARY,
        short=kind == SHORT,
    )


def dumps_candidate(c: Candidate) -> str:
    """A candidate as JSON (for ``eventwire gazetteer lookup``)."""
    from dataclasses import asdict

    return json.dumps(asdict(c), ensure_ascii=False)
