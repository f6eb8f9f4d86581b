"""The :class:`IngestReport`: what one ingest run did."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IngestReport:
    """What one ingest run did."""

    documents_added: int = 0
    documents_skipped: int = 0  # already in the store
    events_added: int = 0  # the new documents' own events (reports), before merging
    failures: list[tuple[str, str]] = field(default_factory=list)  # (input, reason)
    document_ids: list[str] = field(default_factory=list)  # the documents added, in order
    notes: list[tuple[str, str]] = field(default_factory=list)  # (input, what was changed on the way)
    internal_errors: int = 0  # failures that are bugs, not bad input (also in ``failures``)

    @property
    def failed(self) -> int:
        return len(self.failures)
