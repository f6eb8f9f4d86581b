"""The main job: sources in, documents and events stored.

Each document is stored with its events in one transaction, so an interrupted
run leaves only whole documents behind, and running it again skips what is
stored and finishes the rest: the result equals one clean run.

Nothing one item does stops the batch (only losing the database server does,
StoreUnavailable, as no later item could be stored; a rerun finishes the rest): bad input (IntakeError, a failing store
write) and bugs (any other exception while reading, extracting or storing it)
each become that item's failure line, and the batch goes on. Bugs are also
counted in ``IngestReport.internal_errors``, so the CLI can tell them apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from .errors import EventwireError, IntakeError, InternalError, StageCrash, StoreUnavailable
from .intake import is_url, read_sources
from .intake.text import check_document
from .model import Document, IngestReport
from .pipeline import Pipeline
from .pipeline.runner import ErrorHandler
from .settings import Settings
from .store.base import Store

ProgressFn = Callable[[str, str], None]
"""Called with (kind, label) per item: kind is "added", "skipped" or "failed"."""


class DocumentPipe(Protocol):
    """What runs the stages for :func:`ingest_documents`: a :class:`Pipeline`, or another runner
    of the same pipeline (``eventwire batch`` runs it on Dask workers) that yields the documents
    that succeeded in input order and hands each failed one to ``on_error``."""

    def pipe(self, docs: Iterable[Document], *, on_error: ErrorHandler) -> Iterator[Document]: ...


def ingest(
    sources: Iterable[str],
    store: Store,
    *,
    settings: Settings | None = None,
    pipeline: Pipeline | None = None,
    progress: ProgressFn | None = None,
) -> IngestReport:
    """Read ``sources``, run the pipeline, store every document with its events.

    A bad item (unreadable file, bad record, failing stage) is reported in
    ``IngestReport.failures`` and the batch goes on.
    """
    settings = settings or Settings()
    return ingest_documents(
        read_sources(sources, settings), store, settings=settings, pipeline=pipeline, progress=progress
    )


def count_items(sources: Iterable[str], settings: Settings | None = None) -> int | None:
    """How many items (documents and bad items) ``ingest`` will meet in ``sources``, for a
    progress bar; None when a source is a URL (it is not fetched twice). Reads the files."""
    sources = list(sources)
    if any(is_url(s) for s in sources):
        return None
    return sum(1 for _ in read_sources(sources, settings or Settings()))


def ingest_documents(
    items: Iterable[Document | IntakeError],
    store: Store,
    *,
    settings: Settings | None = None,
    pipeline: DocumentPipe | None = None,
    progress: ProgressFn | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Run the pipeline on documents already read (an IntakeError among them is a failure
    to report) and store each new one with its events; documents already stored, or met
    twice, are skipped. Adds to ``report`` when given. Documents are stored in the order
    ``pipeline`` yields them."""
    settings = settings or Settings()
    report = report if report is not None else IngestReport()
    note = progress or (lambda kind, label: None)
    seen: set[str] = set()

    def fail(label: str, reason: str, *, internal: bool = False) -> None:
        report.failures.append((label, reason))
        report.internal_errors += internal
        note("failed", label)

    def fail_bug(label: str, exc: Exception) -> None:
        bug = InternalError.of(label, exc)
        fail(bug.source, bug.reason, internal=True)

    def read() -> Iterator[Document | IntakeError]:
        it = iter(items)
        while True:
            try:
                item = next(it)
            except StopIteration:
                return
            except Exception as exc:  # an input iterator that breaks ends the reading, not the run
                yield InternalError.of("(reading the inputs)", exc)
                return
            yield item

    def fresh_documents() -> Iterator[Document]:
        for item in read():
            if isinstance(item, IntakeError):
                fail(item.source, item.reason, internal=isinstance(item, InternalError))
                continue
            label = item.source or item.document_id
            try:
                doc = check_document(item)
                stored = doc.document_id in seen or store.has_document(doc.document_id)
            except StoreUnavailable:
                raise
            except IntakeError as err:
                fail(err.source, err.reason)
                continue
            except EventwireError as exc:
                fail(label, str(exc))
                continue
            except Exception as exc:
                fail_bug(label, exc)
                continue
            if stored:
                report.documents_skipped += 1
                note("skipped", label)
                continue
            seen.add(doc.document_id)
            yield doc

    def on_error(doc: Document, exc: Exception) -> None:
        # a stage that crashed is a bug; one that refused the document on purpose is not
        fail(doc.source or doc.document_id, str(exc), internal=isinstance(exc, StageCrash))

    pipeline = pipeline or Pipeline(settings)
    for doc in pipeline.pipe(fresh_documents(), on_error=on_error):
        label = doc.source or doc.document_id
        try:
            added = store.add_document(doc, doc.events)
        except StoreUnavailable:
            raise  # the store is gone: no later document can be stored either
        except EventwireError as exc:
            fail(label, str(exc))
            continue
        except Exception as exc:  # the store rolled the document back; the batch goes on
            fail_bug(label, exc)
            continue
        finally:
            doc.spacy_doc = None  # free the parse as soon as the document is stored
        report.notes.extend((label, text) for text in doc.notes)
        if added:
            report.documents_added += 1
            report.events_added += len(doc.events)
            report.document_ids.append(doc.document_id)
            note("added", label)
        else:
            report.documents_skipped += 1
            note("skipped", label)
    return report


def extract(
    text: str,
    *,
    document_id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Run the pipeline on one text (nothing stored); returns the annotated Document."""
    doc = Document(
        document_id=document_id or Document.content_id(text),
        text=text,
        title=title,
        published=published,
        outlet=outlet,
        url=url,
    )
    return (pipeline or Pipeline())(doc)
