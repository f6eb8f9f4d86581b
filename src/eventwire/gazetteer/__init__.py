"""Place names to coordinates: :class:`Gazetteer` (see :mod:`.core`)."""

from .core import Candidate, Gazetteer, normalize

__all__ = ["Candidate", "Gazetteer", "normalize"]
