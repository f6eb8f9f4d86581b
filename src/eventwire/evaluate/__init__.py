"""Scorers, one per gold format. Each reads its file, runs eventwire, returns a dict of figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..settings import Settings
from .progress import ProgressFn


def run_case2021(
    path: str | Path, settings: Settings | None = None, progress: ProgressFn | None = None
) -> dict[str, Any]:
    """CASE 2021 task 2 scores (see evaluate.case2021)."""
    from ..pipeline import Pipeline
    from .case2021 import evaluate_case2021

    return evaluate_case2021(path, Pipeline(settings or Settings()), progress)


def run_events(
    path: str | Path, settings: Settings | None = None, progress: ProgressFn | None = None
) -> dict[str, Any]:
    """Event-typing scores on a corpus-format folder (see evaluate.events)."""
    from ..pipeline import Pipeline
    from .events import evaluate_events

    return evaluate_events(path, Pipeline(settings or Settings()), progress)
