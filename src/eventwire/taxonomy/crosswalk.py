"""PLOVER event types and CAMEO codes of ACLED's sub-event types, read from ``plover_cameo.json``
(its ``_sources`` name where PLOVER's types and CAMEO's codes come from; the crosswalk itself
is eventwire's, one entry per sub-event type, with a note where the fit is loose).

>>> plover_type("Air/drone strike"), plover_mode("Air/drone strike"), cameo_code("Air/drone strike")
('ASSAULT', 'heavy-weapons', '195')
>>> cameo_root("Agreement")
'05'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .acled import SUB_EVENT_TYPES, TaxonomyError


@dataclass(frozen=True)
class Codes:
    """The PLOVER and CAMEO codes of one ACLED sub-event type."""

    plover_type: str
    plover_mode: str | None
    cameo_code: str  # a string: CAMEO's codes keep their leading zero ("057")
    cameo_name: str
    note: str | None = None

    @property
    def cameo_root(self) -> str:
        """CAMEO's two-digit root code ("19" of "195")."""
        return self.cameo_code[:2]


@cache
def _data() -> dict[str, Any]:
    text = resources.files("eventwire.taxonomy").joinpath("plover_cameo.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def plover_types() -> tuple[str, ...]:
    """PLOVER's event types (as in PLOVER's 2021 CAMEO table)."""
    return tuple(_data()["plover_types"])


def plover_modes() -> dict[str, tuple[str, ...]]:
    """The modes of each PLOVER event type that has them (PLOVER's manual and CAMEO table)."""
    return {t: tuple(modes) for t, modes in _data()["plover_modes"].items()}


def cameo_roots() -> dict[str, str]:
    """CAMEO's root codes ("01" to "20") and their names."""
    return dict(_data()["cameo_roots"])


@cache
def _table() -> dict[str, Codes]:
    return {sub: Codes(**entry) for sub, entry in _data()["sub_event_types"].items()}


def codes_of(sub: str) -> Codes:
    """The codes of an ACLED sub-event type; TaxonomyError for a name that is not one."""
    found = _table().get(sub)
    if found is None:
        raise TaxonomyError(f"{sub!r} is not an ACLED sub-event type (known: {', '.join(SUB_EVENT_TYPES)})")
    return found


def lookup(sub: str | None) -> Codes | None:
    """The codes of ``sub``, or None for None or a name outside ACLED's taxonomy (an export
    writes empty cells for it rather than failing)."""
    return _table().get(sub) if sub is not None else None


def plover_type(sub: str) -> str:
    """PLOVER's event type of a sub-event type ("Armed clash" -> "ASSAULT")."""
    return codes_of(sub).plover_type


def plover_mode(sub: str) -> str | None:
    """PLOVER's mode of a sub-event type, None where no single mode fits."""
    return codes_of(sub).plover_mode


def cameo_code(sub: str) -> str:
    """The CAMEO code of a sub-event type ("Peaceful protest" -> "141")."""
    return codes_of(sub).cameo_code


def cameo_root(sub: str) -> str:
    """CAMEO's root code of a sub-event type ("Peaceful protest" -> "14")."""
    return codes_of(sub).cameo_root
