"""ACLED's event taxonomy (2019- codebook) and its crosswalks, read from ``acled.json``.

>>> event_type_of("Air/drone strike")
'Explosions/Remote violence'
>>> case_label_to_sub("ART_MISS_ATTACK")
'Shelling/artillery/missile attack'
>>> old_acled_type("Armed clash")
'Battle-No change of territory'
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..errors import EventwireError


class TaxonomyError(EventwireError, KeyError):
    """A name is not an ACLED event type, sub-event type or CASE 2021 label."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@cache
def _data() -> dict[str, Any]:
    text = resources.files("eventwire.taxonomy").joinpath("acled.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _sub_to_type() -> dict[str, str]:
    return {sub: et for et, spec in _data()["event_types"].items() for sub in spec["sub_event_types"]}


EVENT_TYPES: tuple[str, ...] = tuple(_data()["event_types"])
SUB_EVENT_TYPES: tuple[str, ...] = tuple(_sub_to_type())
CASE2021_LABELS: tuple[str, ...] = tuple(_data()["case2021_labels"])
NON_EVENT_CASE_LABELS: tuple[str, ...] = tuple(k for k, v in _data()["case2021_labels"].items() if v is None)
OLD_ACLED_TYPES: tuple[str, ...] = tuple(dict.fromkeys(_data()["old_acled_types"].values()))


def _check_sub(sub: str) -> None:
    if sub not in _sub_to_type():
        raise TaxonomyError(f"{sub!r} is not an ACLED sub-event type (known: {', '.join(SUB_EVENT_TYPES)})")


def event_type_of(sub: str) -> str:
    """The event type a sub-event type belongs to ("Armed clash" -> "Battles")."""
    _check_sub(sub)
    return _sub_to_type()[sub]


def sub_event_types_of(event_type: str) -> tuple[str, ...]:
    """The sub-event types of one event type, in codebook order."""
    try:
        return tuple(_data()["event_types"][event_type]["sub_event_types"])
    except KeyError:
        raise TaxonomyError(
            f"{event_type!r} is not an ACLED event type (known: {', '.join(EVENT_TYPES)})"
        ) from None


def disorder_type_of(sub: str) -> str:
    """ACLED's disorder_type of a sub-event type ("Peaceful protest" -> "Demonstrations")."""
    et = event_type_of(sub)
    override: str | None = _data()["disorder_type_overrides"].get(sub)
    return override or str(_data()["event_types"][et]["disorder_type"])


def case_label_to_sub(label: str) -> str | None:
    """The sub-event type of a CASE 2021 Task 2 label; None for the five non-ACLED labels."""
    labels: dict[str, str | None] = _data()["case2021_labels"]
    if label not in labels:
        raise TaxonomyError(f"{label!r} is not a CASE 2021 label (known: {', '.join(CASE2021_LABELS)})")
    return labels[label]


def sub_to_case_label(sub: str | None) -> str | None:
    """The CASE 2021 label of a sub-event type; None for None (not an event)."""
    if sub is None:
        return None
    _check_sub(sub)
    for label, value in _data()["case2021_labels"].items():
        if value == sub:
            return str(label)
    return None  # pragma: no cover - every sub-type has a label


def old_acled_type(sub: str) -> str:
    """The pre-2019 ACLED event type of a sub-event type ("Grenade" -> "Remote violence")."""
    _check_sub(sub)
    return str(_data()["old_acled_types"][sub])
