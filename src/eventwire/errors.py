"""Named exceptions. Every message names the input and the reason."""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class ConfigError(EventwireError):
    """A settings file, environment variable or pipeline config is wrong."""


class IntakeError(EventwireError):
    """An input (file, URL, feed, record) could not be read into a Document."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ExtractionError(EventwireError):
    """A pipeline stage failed on a document."""


class StoreError(EventwireError):
    """The database could not be opened, read or written."""


class SchemaVersionError(StoreError):
    """The database was written by a newer eventwire (or is not an eventwire database)."""


class NotFoundError(EventwireError):
    """An event, document or other record id is not in the store."""


class EvaluationError(EventwireError):
    """A gold file could not be read."""


class QueryError(EventwireError):
    """A filter or query parameter is malformed (a date that is not YYYY-MM-DD...)."""


class GazetteerError(EventwireError):
    """The gazetteer cannot be built or opened, or a user entries file is wrong."""


class MergeError(EventwireError):
    """An analyst's merge or split that cannot be done as asked (conflicting events, one source)."""
