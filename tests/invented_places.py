"""An invented map laid over the real gazetteer, for tests whose incidents happen in
places that do not exist.

The real gazetteer answers for real countries and capitals (Iraq, Washington,
Nairobi...); these few invented towns are found first by their exact names:

* Qarvash air base, in northern Iraq;
* Korbana, capital of the invented Velland State of Nigeria, and the village of
  Dalvorin, 80 km north of it;
* Ombeyo, a cattle camp town in northern Kenya, 480 km from Nairobi;
* Tesselby, a town in western Kenya;
* Marrowby, a town in Sudan's south.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from eventwire.gazetteer import Candidate, Gazetteer
from eventwire.gazetteer.names import normalize
from eventwire.pipeline import Pipeline, Resources


def _place(key: str, name: str, kind: str, iso2: str, iso3: str, country: str, lat: float, lon: float,
           admin1: str, population: int) -> Candidate:  # fmt: skip
    return Candidate(
        gazetteer_id=f"invented:{key}",
        name=name,
        feature_type=kind,
        iso2=iso2,
        iso3=iso3,
        country=country,
        latitude=lat,
        longitude=lon,
        admin1=admin1,
        population=population,
    )


QARVASH = _place("qarvash", "Qarvash", "airbase", "IQ", "IRQ", "Iraq", 35.95, 42.80, "North Plains", 0)
KORBANA = _place("korbana", "Korbana", "city", "NG", "NGA", "Nigeria", 11.20, 7.60, "Velland", 420_000)
DALVORIN = _place("dalvorin", "Dalvorin", "city", "NG", "NGA", "Nigeria", 11.92, 7.60, "Velland", 3_000)
OMBEYO = _place("ombeyo", "Ombeyo", "city", "KE", "KEN", "Kenya", 3.10, 35.60, "Lakeland", 8_000)
TESSELBY = _place("tesselby", "Tesselby", "city", "KE", "KEN", "Kenya", 0.55, 34.60, "Westvale", 60_000)
MARROWBY = _place("marrowby", "Marrowby", "city", "SD", "SDN", "Sudan", 11.30, 30.10, "Southmark", 25_000)
INVENTED = (QARVASH, KORBANA, DALVORIN, OMBEYO, TESSELBY, MARROWBY)


class InventedGazetteer(Gazetteer):
    """The compiled gazetteer at ``path``, with ``places`` found first by their names."""

    def __init__(self, path: Path, places: Sequence[Candidate] = INVENTED) -> None:
        super().__init__(path)
        self.invented: dict[str, list[Candidate]] = {}
        for place in places:
            self.invented.setdefault(normalize(place.name), []).append(place)

    def lookup(self, name: str) -> list[Candidate]:
        return [*self.invented.get(normalize(name), []), *super().lookup(name)]

    def lookup_fuzzy(self, name: str) -> list[Candidate]:
        return [*self.invented.get(normalize(name), []), *super().lookup_fuzzy(name)]

    def get(self, gazetteer_id: str) -> Candidate | None:
        for places in self.invented.values():
            for place in places:
                if place.gazetteer_id == gazetteer_id:
                    return place
        return super().get(gazetteer_id)


class InventedResources(Resources):
    """The session's spaCy model, and its gazetteer with the invented places over it."""

    def __init__(self, real: Resources) -> None:
        super().__init__(real.settings)
        self.real = real

    @cached_property
    def nlp(self) -> Any:
        return self.real.nlp

    @cached_property
    def gazetteer(self) -> Any:
        return InventedGazetteer(self.real.gazetteer.path)


def invented_pipeline(real: Resources) -> Pipeline:
    """The default pipeline over the invented map."""
    resources = InventedResources(real)
    return Pipeline(resources.settings, resources)
