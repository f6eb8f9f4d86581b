"""The write endpoint's work: the token check and ingesting a JSON body.

A body is one record of the ingest format (``{"id", "title", "text",
"published", "outlet", "url"}``, only ``text`` required), a list of records,
or ``{"url": "https://..."}`` to fetch a page or feed (through URL intake,
which refuses private addresses unless ``allow_private_urls`` is set).

A failure's reason goes back to the client without server internals (:func:`public_reason`):
the database path becomes "the store", and an internal error (a bug) says only that; the
full reasons go to the server's log.
"""

from __future__ import annotations

import hmac
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import EventwireError, IntakeError, QueryError
from ..ingest import ingest, ingest_documents
from ..intake.records import guarded_record
from ..model import Document, IngestReport
from ..settings import Settings
from ..store import is_url, open_store, redacted
from .views import document_href

if TYPE_CHECKING:
    from ..pipeline import Pipeline

MAX_RECORDS = 1000
INTERNAL_REASON = "internal error; the server's log has the details"

_STAGE_FAILED = re.compile(r"(stage \S+ failed): ")

log = logging.getLogger(__name__)


class AuthError(EventwireError):
    """A write request without the right token (``status`` 401) or while writes are off (403)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_token(settings: Settings, authorization: str | None) -> None:
    """Raise AuthError unless ``authorization`` is ``Bearer <api_token>``."""
    if not settings.api_token:
        raise AuthError(403, "writes are disabled: the server has no api_token setting")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError(401, "Authorization: a header 'Bearer <token>' is required to write")
    if not hmac.compare_digest(token.strip().encode("utf-8"), settings.api_token.encode("utf-8")):
        raise AuthError(401, "Authorization: the token is not the server's api_token")


class Writer:
    """Runs the pipeline on posted documents and stores them, one request at a time."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._lock = threading.Lock()

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from ..pipeline import Pipeline

            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    def ingest_body(self, body: Any) -> tuple[IngestReport, list[str]]:
        """Ingest a parsed JSON body (see the module docstring): the report, its failures fit
        for the client (:func:`public_reason`), and the ids of the documents added (from
        records; empty for a URL). QueryError when its shape is wrong."""
        report, added = self._ingest(body)
        report.failures = [
            (source, public_reason(reason, self.settings.db)) for source, reason in report.failures
        ]
        return report, added

    def _ingest(self, body: Any) -> tuple[IngestReport, list[str]]:
        if isinstance(body, dict) and "url" in body and "text" not in body:
            url = body["url"]
            if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
                raise QueryError(f"url: {str(url)[:200]!r} is not an http:// or https:// URL")
            with self._lock, open_store(self.settings.db, self.settings) as store:
                return ingest([url], store, settings=self.settings, pipeline=self.pipeline()), []
        records = body if isinstance(body, list) else [body]
        if not records:
            raise QueryError("body: an empty list holds no records")
        if len(records) > MAX_RECORDS:
            raise QueryError(f"body: {len(records)} records, more than {MAX_RECORDS} in one request")
        report = IngestReport()
        docs: list[Document | IntakeError] = []
        for i, record in enumerate(records):
            where = "body" if not isinstance(body, list) else f"body[{i}]"
            docs.append(guarded_record(record, where))
        with self._lock, open_store(self.settings.db, self.settings) as store:
            ingest_documents(docs, store, settings=self.settings, pipeline=self.pipeline(), report=report)
        return report, list(report.document_ids)


def public_reason(reason: str, db: str) -> str:
    """``reason`` without the database's path (it becomes "the store") and, for an internal
    error or a stage that failed, without the exception's text (that is logged)."""
    if reason.startswith("internal error"):
        log.error("write failed: %s", reason)
        return INTERNAL_REASON
    stage = _STAGE_FAILED.search(reason)
    if stage is not None:  # a stage's bug: which stage, not the exception's text
        log.error("write failed: %s", reason)
        reason = f"{reason[: stage.end(1)]} ({INTERNAL_REASON})"
    if is_url(db):
        paths = {db, redacted(db)}
    else:
        paths = {db, str(Path(db).resolve()), str(Path(db).expanduser())} - {"", ":memory:"}
    for path in sorted(paths, key=len, reverse=True):
        reason = reason.replace(path, "the store")
    return reason


def report_json(report: IngestReport, added: list[str]) -> dict[str, Any]:
    """The response body of a write."""
    return {
        "documents_added": report.documents_added,
        "documents_skipped": report.documents_skipped,
        "events_added": report.events_added,
        "documents": [{"document_id": d, "href": document_href(d)} for d in added],
        "failures": [{"source": s, "reason": r} for s, r in report.failures],
        "notes": [{"source": s, "note": n} for s, n in report.notes],
    }
