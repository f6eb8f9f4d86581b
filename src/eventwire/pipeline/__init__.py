"""The NLP pipeline: registered stages run in order over Documents."""

from __future__ import annotations

from .registry import create_stage, registered, stage
from .resources import Resources
from .runner import DEFAULT_STAGES, Pipeline

__all__ = ["DEFAULT_STAGES", "Pipeline", "Resources", "create_stage", "registered", "stage"]
