"""Place names to coordinates: a compiled, offline :class:`Gazetteer` (see :mod:`.build`)."""

from .build import build, info
from .core import Candidate, Gazetteer, default_path
from .names import normalize

__all__ = ["Candidate", "Gazetteer", "build", "default_path", "info", "normalize"]
