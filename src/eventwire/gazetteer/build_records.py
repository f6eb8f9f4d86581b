"""The in-memory records a gazetteer build gathers before writing: places, name kinds, shared lookups."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

# name kinds: how a key reaches a place (the resolver prefers primary names)
PRIMARY, ALTERNATE, SHORT = 0, 1, 2


@dataclass
class Place:
    """One gazetteer entry as the build gathers it; its pid is its position in the list."""

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


@dataclass
class Collected:
    """Every place gathered so far, in order, with the country lookups the later sources use."""

    places: list[Place] = field(default_factory=list)
    countries: dict[str, Place] = field(default_factory=dict)  # iso2 -> the country's entry
    demonyms: dict[str, str] = field(default_factory=dict)  # normalised demonym -> iso2
    the: set[str] = field(default_factory=set)  # iso2 of countries named with "the"


def package_json(package: str, name: str) -> dict[str, Any]:
    """A JSON data file shipped inside ``package``."""
    data: dict[str, Any] = json.loads(resources.files(package).joinpath(name).read_text("utf-8"))
    return data
