"""Shared fixtures. Nothing heavy happens at import: models load on first use."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.pipeline import Pipeline, Resources
from eventwire.settings import Settings


@pytest.fixture(scope="session")
def resources() -> Resources:
    """The real spaCy model and gazetteer, loaded once for the whole run."""
    return Resources(Settings())


@pytest.fixture(scope="session")
def pipeline(resources: Resources) -> Pipeline:
    """The default pipeline, built once."""
    return Pipeline(Settings(), resources)


@pytest.fixture(scope="session")
def nlp(resources: Resources) -> Any:
    """The spaCy Language object."""
    return resources.nlp
