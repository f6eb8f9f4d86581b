"""Gazetteer build: air bases and airports (airportsdata), and curated entries
(``facilities.json`` and the user's entries file)."""

from __future__ import annotations

import re
from typing import Any

from .build_records import ALTERNATE, PRIMARY, SHORT, Collected, Place
from .names import base_variants

_AIRBASE_NAME = re.compile(r"\b(?:Air Base|Airbase|AB|Air Force Base|AFB)\b")
_BASE_SUFFIX = re.compile(
    r"\s+(?:Air\s+Base|Airbase|Air\s+Force\s+Base|AFB|AB|Air\s+Station|Military\s+Airport)$", re.IGNORECASE
)
_AIRPORT_SUFFIX = re.compile(r"\s+(?:International\s+)?Airport$", re.IGNORECASE)


def add_airports(b: Collected, airports: dict[str, Any]) -> None:
    """airportsdata's military air bases, and its airports with an IATA code."""
    for icao, a in airports.items():
        name = a["name"]
        military = bool(_AIRBASE_NAME.search(name))
        if not military and not (a.get("iata") and "airport" in name.lower()):
            continue
        country = b.countries.get(a["country"])
        place = Place(
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
        b.places.append(place)


def add_curated(b: Collected, entries: list[dict[str, Any]], prefix: str) -> None:
    """Entries in the ``facilities.json`` format, each with the gid ``same_as`` or ``<prefix>:<id>``."""
    for p in entries:
        iso2 = p.get("country")
        country = b.countries.get(iso2) if iso2 else None
        place = Place(
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
                (v, ALTERNATE) for n in p.get("aliases", []) for v in base_variants(_BASE_SUFFIX.sub("", n))
            ]
        b.places.append(place)
