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

from .api import event_filter, export, get_event, list_events, store_stats
from .errors import (
    ConfigError,
    EvaluationError,
    EventwireError,
    ExtractionError,
    IntakeError,
    NotFoundError,
    QueryError,
    SchemaVersionError,
    StoreError,
)
from .export import export_documents, export_events
from .ingest import extract, ingest
from .intake import read_sources
from .model import Document, Event, Evidence, IngestReport, Range
from .pipeline import Pipeline
from .settings import Settings, load_settings
from .store import open_store
from .store.base import EventFilter, Store

__version__ = "0.1.0"

__all__ = [
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
    "NotFoundError",
    "Pipeline",
    "QueryError",
    "Range",
    "SchemaVersionError",
    "Settings",
    "Store",
    "StoreError",
    "event_filter",
    "export",
    "export_documents",
    "export_events",
    "extract",
    "get_event",
    "ingest",
    "list_events",
    "load_settings",
    "open_store",
    "read_sources",
    "store_stats",
]
