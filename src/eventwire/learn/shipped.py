"""The models shipped inside the package (``eventwire/data/models``), loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from .linear import LinearModel
from .train import REPORTING_FILE, TYPER_FILE


@dataclass(frozen=True)
class Models:
    """The event typer and the reporting model."""

    typer: LinearModel
    reporting: LinearModel


def models_dir() -> Path:
    """Where the shipped model files live (``make train`` writes them here)."""
    return Path(str(importlib_resources.files("eventwire").joinpath("data/models")))


@cache
def load(folder: str | None = None) -> Models:
    """The models in ``folder`` (default: the shipped ones); :class:`ModelError` names a bad file."""
    where = Path(folder) if folder else models_dir()
    return Models(
        LinearModel.load(where / TYPER_FILE, "event typer"),
        LinearModel.load(where / REPORTING_FILE, "reporting"),
    )
