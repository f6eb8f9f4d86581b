"""Gazetteer build: the admin1 and admin2 regions of the cities, and pycountry's ISO 3166-2 subdivisions.

A region's point is the middle of the box around its places; a GeoNames region
matched to an ISO subdivision takes the ISO spelling and code; the AP
abbreviations of ``admin_aliases.json`` become aliases.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Any

from .build_records import ALTERNATE, PRIMARY, SHORT, Collected, Place, package_json
from .names import normalize, skeleton, strip_accents, strip_generic
from .points import box_middle


def add_admin_regions(b: Collected, cities: list[Place], pycountry: Any) -> None:
    """The cities' admin1/admin2 regions (ISO names where matched); unmatched ISO subdivisions too."""
    members1: dict[tuple[str, str], list[Place]] = defaultdict(list)
    members2: dict[tuple[str, str, str], list[Place]] = defaultdict(list)
    for c in cities:
        if c.iso2 and c.admin1:
            members1[(c.iso2, c.admin1)].append(c)
            if c.admin2:
                members2[(c.iso2, c.admin1, c.admin2)].append(c)
    iso_subs: dict[str, list[Any]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        iso_subs[sub.country_code].append(sub)
    regions: dict[tuple[str, str], Place] = {}
    for (iso2, raw), members in sorted(members1.items()):
        country = b.countries.get(iso2)
        name = strip_accents(raw)
        region = Place(
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
        b.places.append(region)
    matched = _match_iso(regions, iso_subs)
    seats: dict[tuple[str, str], Place] = {}  # the biggest city of each name, per country
    for c in cities:
        k = (c.iso2 or "", normalize(c.name))
        if k not in seats or c.population > seats[k].population:
            seats[k] = c
    extra = package_json("eventwire.gazetteer", "admin_aliases.json")["admin1"]
    for (iso2, _raw), region in regions.items():
        for alias in extra.get(iso2, {}).get(region.name, []):
            region.names.append((alias, ALTERNATE))
            if "." in alias.rstrip("."):  # "W.Va." is also written "W. Va."
                region.names.append((alias.replace(".", ". ").strip(), ALTERNATE))
    for iso2, subs in iso_subs.items():
        country = b.countries.get(iso2)
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
            p = Place(
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
            b.places.append(p)
    for c in cities:  # cities point at their region, and carry the ISO spelling where matched
        home = regions.get((c.iso2 or "", c.admin1 or ""))
        if home is not None:
            c.admin1 = home.name
            c.admin1_gid = home.gid
    for (iso2, a1, raw2), members in sorted(members2.items()):
        region1 = regions.get((iso2, a1))
        country = b.countries.get(iso2)
        p = Place(
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
        b.places.append(p)


def _match_iso(regions: dict[tuple[str, str], Place], iso_subs: dict[str, list[Any]]) -> dict[str, Place]:
    """ISO subdivision code -> the GeoNames admin1 region of the same name (fuzzy, one to one).

    The matched region takes the ISO spelling as its name, the one ACLED
    and most analysts use ("Nord-Kivu", "Al Anbar")."""
    by_country: dict[str, list[Place]] = defaultdict(list)
    for (iso2, _raw), region in regions.items():
        by_country[iso2].append(region)
    out: dict[str, Place] = {}
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
