"""eventwire: news reports about armed conflict in, structured and verifiable events out.

The public API::

    from eventwire import Pipeline, extract, ingest, open_store, load_settings

    settings = load_settings()                       # defaults, user file, environment
    with open_store("events.db") as store:
        report = ingest(["samples/"], store, settings=settings)
        for event in store.events(event_filter(country="Iraq")):
            print(event.to_dict())

Importing eventwire loads no model: the spaCy model and the gazetteer load on
first use.
"""

from __future__ import annotations

from .api import (
    Reconciliation,
    event_reports,
    export,
    get_event,
    get_tally,
    list_events,
    list_tallies,
    merge_events,
    reconcile,
    reconcile_tally,
    split_event,
    store_stats,
)
from .errors import (
    ConfigError,
    EvaluationError,
    EventwireError,
    ExtractionError,
    IntakeError,
    MergeError,
    NotFoundError,
    QueryError,
    SchemaVersionError,
    StoreError,
)
from .export import export_documents, export_events, export_tallies
from .filters import event_filter, tally_filter
from .ingest import extract, ingest, ingest_documents
from .intake import read_sources
from .model import Claim, Document, Event, Evidence, IngestReport, MergeNote, Range, Tally
from .pipeline import Pipeline
from .settings import Settings, load_settings
from .store import open_store
from .store.base import EventFilter, Store, TallyFilter

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "ConfigError",
    "Document",
    "EvaluationError",
    "Event",
    "EventFilter",
    "EventwireError",
    "Evidence",
    "ExtractionError",
    "IngestReport",
    "IntakeError",
    "MergeError",
    "MergeNote",
    "NotFoundError",
    "Pipeline",
    "QueryError",
    "Range",
    "Reconciliation",
    "SchemaVersionError",
    "Settings",
    "Store",
    "StoreError",
    "Tally",
    "TallyFilter",
    "event_filter",
    "event_reports",
    "export",
    "export_documents",
    "export_events",
    "export_tallies",
    "extract",
    "get_event",
    "get_tally",
    "ingest",
    "ingest_documents",
    "list_events",
    "list_tallies",
    "load_settings",
    "merge_events",
    "open_store",
    "read_sources",
    "reconcile",
    "reconcile_tally",
    "split_event",
    "store_stats",
    "tally_filter",
]
