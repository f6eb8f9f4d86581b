"""eventwire: news reports about armed conflict in, structured and verifiable events out."""

from __future__ import annotations

__version__ = "0.1.0"
