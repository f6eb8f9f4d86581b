"""The write endpoint's work: the token check and ingesting a JSON body.

A body is one record of the ingest format (``{"id", "title", "text",
"published", "outlet", "url"}``, only ``text`` required), a list of records,
or ``{"url": "https://..."}`` to fetch a page or feed (through URL intake,
which refuses private addresses unless ``allow_private_urls`` is set).
"""

from __future__ import annotations

import hmac
import threading
from typing import TYPE_CHECKING, Any

from ..errors import EventwireError, IntakeError, QueryError
from ..ingest import ingest, ingest_documents
from ..intake.records import guarded_record
from ..model import Document, IngestReport
from ..settings import Settings
from ..store import open_store
from .views import document_href

if TYPE_CHECKING:
    from ..pipeline import Pipeline

MAX_RECORDS = 1000


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
        """Ingest a parsed JSON body (see the module docstring): the report and the ids of the
        documents added (from records; empty for a URL). QueryError when its shape is wrong."""
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
