"""Records as JSON-ready data: :func:`plain`, the fast ``dataclasses.asdict`` the exports use."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses as dicts of their fields, lists and dicts copied,
    anything else as it is (what ``dataclasses.asdict`` gives for these records, faster)."""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    names = _FIELDS.get(type(value))
    if names is None:
        if not is_dataclass(value) or isinstance(value, type):
            return value
        names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
    return {name: plain(getattr(value, name)) for name in names}


_FIELDS: dict[type, tuple[str, ...]] = {}
