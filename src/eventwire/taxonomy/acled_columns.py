"""What eventwire writes in ACLED's derived columns: actor type codes (``inter1``, ``inter2``,
``interaction``), ``region`` and ``source_scale``, each from a data file of this package:

* ``acled_actors.json``: ACLED's inter codes, and how an actor name eventwire writes gives its
  kind ("Military Forces of Iraq" -> state forces, 1; "Protesters (Iraq)" -> 6); the named
  groups of ``data/actors.json`` keep their own kind;
* ``acled_regions.json``: ACLED's regions by ISO 3166-1 alpha-3 country code;
* ``source_scales.json``: the scale of the outlets eventwire knows.

>>> inter_code("Military Forces of Iraq", "IRQ"), inter_code("Military Forces of Iran", "IRQ")
(1, 8)
>>> interaction(1, 7), interaction(6, None), interaction(None, 2)
(17, 60, None)
>>> region_of("IRQ")
'Middle East'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import pycountry


def _load(package: str, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files(package).joinpath(name).read_text("utf-8"))
    return data


# -- countries -------------------------------------------------------------------------------


@cache
def _country_aliases() -> dict[str, str]:
    """Folded alias -> ISO alpha-3, from ``data/countries.json``."""
    table = _load("eventwire", "data/countries.json")["countries"]
    out: dict[str, str] = {}
    for iso2, entry in table.items():
        country = pycountry.countries.get(alpha_2=iso2)
        if country is None:
            continue
        for alias in entry.get("aliases", []):
            out.setdefault(alias.casefold(), country.alpha_3)
    return out


@cache
def country_iso3(name: str | None) -> str | None:
    """ISO 3166-1 alpha-3 of a country named by ``name`` (a code, a name, an alias, with or
    without a leading "the"), else None."""
    if not name or not name.strip():
        return None
    text = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    if text.upper() == "XKX" or text.casefold() == "kosovo":
        return "XKX"  # not in ISO 3166; GeoNames' and ACLED's code
    alias = _country_aliases().get(text.casefold())
    if alias is not None:
        return alias
    try:
        return str(pycountry.countries.lookup(text).alpha_3)
    except LookupError:
        return None


# -- actor types -----------------------------------------------------------------------------


@cache
def _actors() -> dict[str, Any]:
    return _load("eventwire.taxonomy", "acled_actors.json")


def inter_codes() -> dict[int, str]:
    """ACLED's inter codes and their names (1: "State forces" ... 8: "External/Other forces")."""
    return {int(k): v for k, v in _actors()["inter_codes"].items()}


def kind_codes() -> dict[str, int]:
    """Actor kind -> ACLED inter code ("state": 1 ... "external": 8)."""
    return dict(_actors()["kinds"])


@cache
def _name_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"]), r["kind"]) for r in _actors()["names"])


@cache
def _groups() -> dict[str, tuple[str, str | None]]:
    """Named group -> (kind, ISO alpha-3 of its country or None), from ``data/actors.json``."""
    out: dict[str, tuple[str, str | None]] = {}
    for group in _load("eventwire", "data/actors.json")["groups"]:
        iso2 = group.get("country")
        country = pycountry.countries.get(alpha_2=iso2) if iso2 else None
        out[group["name"]] = (group["kind"], country.alpha_3 if country is not None else None)
    return out


def actor_kind(name: str | None) -> tuple[str, str | None] | None:
    """(kind, the country named in it or None) of an actor name eventwire writes; None when
    no rule knows it. Kinds: state, rebel, militia, identity, rioters, protesters, civilians,
    external."""
    if not name or not name.strip():
        return None
    name = name.strip()
    group = _groups().get(name)
    if group is not None:
        return group
    for pattern, kind in _name_rules():
        m = pattern.search(name)
        if m is not None:
            country = m.groupdict().get("country")
            return kind, country_iso3(country) if country else None
    return None


def inter_code(name: str | None, event_iso3: str | None = None) -> int | None:
    """ACLED's inter code (1-8) of an actor in an event in ``event_iso3``; None when unknown.
    State forces of another country than the event's are 8, as ACLED codes them."""
    found = actor_kind(name)
    if found is None:
        return None
    kind, country = found
    if kind == "state" and country and event_iso3 and country != event_iso3.upper():
        kind = "external"
    return kind_codes().get(kind)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, the lower first (17); one actor's code
    and 0 when the event has no second actor (60); None when actor 1's code is unknown, or
    when actor 2 is named but its code is unknown (pass ``inter2=None`` only for no actor 2)."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


# -- regions ----------------------------------------------------------------------------------


@cache
def _regions() -> dict[str, str]:
    regions = _load("eventwire.taxonomy", "acled_regions.json")["regions"]
    return {iso3: region for region, codes in regions.items() for iso3 in codes}


def region_codes() -> dict[str, int]:
    """ACLED's regions and their numeric codes ("Western Africa": 1 ...)."""
    return dict(_load("eventwire.taxonomy", "acled_regions.json")["codes"])


def region_of(iso3: str | None, country: str | None = None) -> str | None:
    """ACLED's region of a country (by ISO alpha-3, else by name); None when unknown."""
    code = iso3.upper() if iso3 else country_iso3(country)
    return _regions().get(code) if code else None


# -- source scale -----------------------------------------------------------------------------


_Outlet = tuple[str, str | None, str]
"""An outlet's scale elsewhere, its home country (ISO3) if any, and its scale at home."""


@cache
def _scales() -> tuple[dict[str, _Outlet], dict[str, _Outlet], tuple[str, ...]]:
    data = _load("eventwire.taxonomy", "source_scales.json")
    names: dict[str, _Outlet] = {}
    domains: dict[str, _Outlet] = {}
    for outlet in data["outlets"]:
        entry = (outlet["scale"], outlet.get("home"), outlet.get("home_scale", "National"))
        for n in outlet.get("names", []):
            names[n.casefold()] = entry
        for d in outlet.get("domains", []):
            domains[d.lower()] = entry
    return names, domains, tuple(data["order"])


def _outlet_scale(outlet: str | None, url: str | None) -> _Outlet | None:
    names, domains, _ = _scales()
    if outlet and outlet.strip().casefold() in names:
        return names[outlet.strip().casefold()]
    if url:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return None
        parts = host.split(".")
        for i in range(len(parts) - 1):
            found = domains.get(".".join(parts[i:]))
            if found is not None:
                return found
    return None


def source_scale(sources: Iterable[tuple[str | None, str | None]], event_iso3: str | None) -> str | None:
    """ACLED's source_scale of an event reported by ``sources`` ((outlet, url) pairs): the
    distinct scales of the outlets ``source_scales.json`` knows, in ACLED's order, joined with
    "-"; None when it knows none of them."""
    order = _scales()[2]
    found: set[str] = set()
    for outlet, url in sources:
        known = _outlet_scale(outlet, url)
        if known is None:
            continue
        scale, home, home_scale = known
        found.add(home_scale if home and event_iso3 and home == event_iso3.upper() else scale)
    return "-".join(s for s in order if s in found) or None
