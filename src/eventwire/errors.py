"""Named exceptions. Every message names the input and the reason."""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` as it can be printed and stored: bytes of an undecodable file name (kept by
    Python as surrogate escapes) become ``\\xNN``, any other lone surrogate ``\\udNNN``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class ConfigError(EventwireError):
    """A settings file, environment variable or pipeline config is wrong."""


class IntakeError(EventwireError):
    """An input (file, URL, feed, record) could not be read into a Document."""

    def __init__(self, source: str, reason: str) -> None:
        source, reason = printable(source), printable(reason)
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InternalError(IntakeError):
    """A bug met while reading, extracting or storing one item: the item fails, the batch goes on,
    and the command ends with its own exit status (3) so that it is not taken for bad input."""

    @classmethod
    def of(cls, source: str, exc: BaseException) -> InternalError:
        """The internal error for ``exc``, raised while handling ``source``."""
        return cls(source, f"internal error: {type(exc).__name__}: {exc}")


class ExtractionError(EventwireError):
    """A pipeline stage failed on a document."""


class StageCrash(ExtractionError):
    """A stage raised an unexpected exception on a document: a bug, not bad input."""


class StoreError(EventwireError):
    """The database could not be opened, read or written."""


class StoreUnavailable(StoreError):
    """The connection to a database server was lost; what was being written was not written."""


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


class GeoNamesError(GazetteerError):
    """A GeoNames dump file given to the gazetteer build is missing, of no known kind or malformed;
    the message names the file (and the zip member), the line and the reason."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        source, reason = printable(source), printable(reason)
        super().__init__(f"{source}: line {line}: {reason}" if line is not None else f"{source}: {reason}")
        self.source = source
        self.reason = reason
        self.line = line


class MergeError(EventwireError):
    """An analyst's merge or split that cannot be done as asked (conflicting events, one source)."""


class CorrectionsError(EventwireError):
    """A corrections file that cannot be read or written (named, with the reason)."""


class CorpusError(EventwireError):
    """The training corpus is missing, empty or has a malformed line (named with file and line)."""


class ModelError(EventwireError):
    """A trained model file is missing, corrupt or made for another version; the message names the
    file and how to rebuild it."""


class BatchError(EventwireError):
    """A distributed batch cannot run as asked: the Dask scheduler is unreachable or was lost,
    or an option is out of range; the message names the option or address and the reason."""
