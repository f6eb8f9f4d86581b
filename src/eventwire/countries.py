"""Country names: ISO 3166 (pycountry) with the packaged aliases and demonyms (data/countries.json)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pycountry


@cache
def country_table() -> dict[str, Any]:
    text = resources.files("eventwire").joinpath("data/countries.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(text)["countries"]
    return table


@cache
def country_code(text: str) -> str | None:
    """ISO alpha-2 of a country named by ``text`` (code, name, alias or demonym), else None."""
    key = text.strip().casefold()
    if not key:
        return None
    for iso2, entry in country_table().items():
        if any(key == n.casefold() for n in [*entry.get("aliases", []), *entry.get("demonyms", [])]):
            return str(iso2)
    try:
        country = pycountry.countries.lookup(text.strip())
    except LookupError:
        return None
    return str(country.alpha_2)


@cache
def country_names(iso2: str) -> list[str]:
    """The names of a country an actor name may contain ("United States", "Iran")."""
    names: list[str] = []
    country = pycountry.countries.get(alpha_2=iso2)
    if country is not None:
        names += [country.name, getattr(country, "common_name", None) or country.name]
    names += country_table().get(iso2, {}).get("aliases", [])
    # codes ("US", "USA") are too short to find safely inside an actor's name
    return sorted({n for n in names if len(n) >= 4 and not n.replace(".", "").isupper()})


@cache
def iso_countries() -> tuple[str, ...]:
    """Country names and alpha-3 codes from ISO 3166, with the packaged aliases."""
    names: set[str] = set()
    for c in pycountry.countries:
        names.update(
            n
            for n in (c.name, c.alpha_3, getattr(c, "common_name", None), getattr(c, "official_name", None))
            if n
        )
    for entry in country_table().values():
        names.update(entry.get("aliases", []))
    return tuple(sorted(names))
