"""An analyst's merges and splits as a small JSON file that outlives the database.

A store keeps each merge or split as pairs of reports that "must" or "cannot" be one
event. A report's id stays the same when the same documents are ingested again, so
the pairs can be written to a file (:func:`export_corrections`), kept or shared, and
applied to a store rebuilt from scratch or to a colleague's (:func:`import_corrections`).

The file (version 1)::

    {
      "eventwire_corrections": 1,
      "corrections": [
        {"kind": "must", "reports": ["ev-1a2b", "ev-3c4d"], "documents": ["wire-17", "radio-4"]},
        {"kind": "cannot", "reports": ["ev-1a2b", "ev-5e6f"]}
      ]
    }

``kind`` is "must" (an analyst's merge) or "cannot" (a split); ``reports`` names two
different reports; ``documents`` (optional) names their documents, for people.
Unknown keys are refused, so that a file from a newer eventwire is never half read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import CorrectionsError
from .settings import Settings
from .store import Correction, CorrectionsApplied

VERSION = 1
KINDS = ("must", "cannot")
_TOP = "eventwire_corrections"


def to_json(corrections: list[Correction]) -> dict[str, Any]:
    """The file's content for ``corrections``."""
    items = []
    for c in corrections:
        item: dict[str, Any] = {"kind": c.kind, "reports": [c.report_a, c.report_b]}
        if any(c.documents):
            item["documents"] = list(c.documents)
        items.append(item)
    return {_TOP: VERSION, "corrections": items}


def from_json(data: Any, source: str) -> list[Correction]:
    """The corrections of a parsed file; CorrectionsError names ``source``, the entry and the reason."""

    def fail(reason: str) -> CorrectionsError:
        return CorrectionsError(f"{source}: {reason}")

    if not isinstance(data, dict) or _TOP not in data:
        raise fail(f'not an eventwire corrections file (no "{_TOP}" version key)')
    version = data[_TOP]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail(f'"{_TOP}" must be a version number, got {version!r}')
    if version > VERSION:
        raise fail(
            f"version {version} is newer than this eventwire reads (up to {VERSION}); upgrade eventwire"
        )
    stray = sorted(set(data) - {_TOP, "corrections"})
    if stray:
        raise fail(f"unknown key(s) {', '.join(stray)}")
    items = data.get("corrections")
    if not isinstance(items, list):
        raise fail('"corrections" must be a list')
    out = []
    for i, item in enumerate(items):
        where = f"corrections[{i}]"
        if not isinstance(item, dict):
            raise fail(f"{where}: must be an object, got {type(item).__name__}")
        stray = sorted(set(item) - {"kind", "reports", "documents"})
        if stray:
            raise fail(f"{where}: unknown key(s) {', '.join(stray)}")
        kind, reports, documents = item.get("kind"), item.get("reports"), item.get("documents", [None, None])
        if kind not in KINDS:
            raise fail(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if not (
            isinstance(reports, list) and len(reports) == 2 and all(isinstance(r, str) and r for r in reports)
        ):
            raise fail(f"{where}: reports must be two report ids, got {reports!r}")
        if reports[0] == reports[1]:
            raise fail(f"{where}: reports must be two different reports, got {reports[0]!r} twice")
        if not (
            isinstance(documents, list)
            and len(documents) == 2
            and all(d is None or isinstance(d, str) for d in documents)
        ):
            raise fail(f"{where}: documents must be two document ids (or null), got {documents!r}")
        out.append(Correction(kind, reports[0], reports[1], (documents[0], documents[1])))
    return out


def read_corrections(path: Path) -> list[Correction]:
    """The corrections in the file at ``path``; CorrectionsError names the file and the reason."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise CorrectionsError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise CorrectionsError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise CorrectionsError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorrectionsError(
            f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return from_json(data, str(path))


def write_corrections(path: Path, corrections: list[Correction]) -> None:
    """Write ``corrections`` to ``path`` (replaced whole); CorrectionsError when it cannot be written."""
    text = json.dumps(to_json(corrections), ensure_ascii=False, indent=2) + "\n"
    try:
        path.write_text(text, "utf-8")
    except OSError as exc:
        raise CorrectionsError(f"{path}: cannot write ({exc.strerror})") from None


def export_corrections(settings: Settings, path: Path) -> int:
    """Write the store's corrections to ``path``; returns how many."""
    from .store import open_existing_store

    with open_existing_store(settings) as store:
        found = store.corrections()
    write_corrections(path, found)
    return len(found)


def import_corrections(settings: Settings, path: Path) -> CorrectionsApplied:
    """Apply the corrections of the file at ``path`` to the store (see Store.apply_corrections);
    the file is checked whole before anything is written."""
    from .store import open_existing_store

    found = read_corrections(path)
    with open_existing_store(settings) as store:
        return store.apply_corrections(found)
