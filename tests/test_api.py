"""The Python API: everything the CLI does, from a script."""

from __future__ import annotations

import io
import json
from pathlib import Path

import eventwire
from eventwire import Pipeline, event_filter, export_events, extract, ingest, open_store

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def test_the_public_api_is_small_and_importable_without_loading_a_model() -> None:
    assert "Pipeline" in eventwire.__all__ and "ingest" in eventwire.__all__
    for name in eventwire.__all__:
        assert hasattr(eventwire, name), name


def test_extract_runs_the_pipeline_on_one_text(pipeline: Pipeline) -> None:
    doc = extract(
        "Police fired tear gas at protesters in Lahore on Sunday.",
        published="2024-07-08",
        outlet="Test Desk",
        pipeline=pipeline,
    )
    assert [e.event_type for e in doc.events] == ["Protests"]
    assert doc.events[0].sources[0].outlet == "Test Desk"


def test_ingest_query_and_export_from_python(pipeline: Pipeline, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "api.db")) as store:
        report = ingest([str(FIXTURES)], store, pipeline=pipeline)
        assert report.documents_added == 3 and not report.failures
        iraq = list(store.events(event_filter(country="Iraq", reported_as="new")))
        assert len(iraq) == 2
        out = io.StringIO()
        assert export_events(iraq, "jsonl", out) == 2
        assert {json.loads(line)["country"] for line in out.getvalue().splitlines()} == {"Iraq"}
        again = ingest([str(FIXTURES)], store, pipeline=pipeline)
        assert again.documents_added == 0 and again.documents_skipped == 3
