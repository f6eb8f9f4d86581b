"""The stage registry and the runner: declared configs, clear errors, a batch that goes on."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire import (
    ConfigError,
    Document,
    ExtractionError,
    IngestReport,
    Pipeline,
    Settings,
    ingest,
    open_store,
)
from eventwire.pipeline import DEFAULT_STAGES, Resources, create_stage, registered, stage


@stage("tests.explode_on_marker.v1", default_config={"marker": "EXPLODE"})
def make_exploder(resources: Any, marker: str) -> Any:
    def explode(doc: Document) -> None:
        if marker in doc.text:
            raise RuntimeError("boom")

    return explode


def test_every_default_stage_is_registered_with_a_versioned_name() -> None:
    names = registered()
    for name in DEFAULT_STAGES:
        assert name in names
        assert name.startswith("eventwire.") and name.endswith(".v1")


def test_an_unknown_stage_or_setting_is_a_config_error(resources: Resources) -> None:
    with pytest.raises(ConfigError, match="unknown stage 'eventwire.nothing.v1'"):
        create_stage("eventwire.nothing.v1", resources)
    with pytest.raises(ConfigError, match="no setting"):
        create_stage("eventwire.assemble.v1", resources, {"colour": "red"})


def test_a_failing_stage_names_the_document(resources: Resources) -> None:
    settings = Settings(pipeline=("eventwire.spacy.v1", "tests.explode_on_marker.v1"))
    pipeline = Pipeline(settings, resources)
    with pytest.raises(ExtractionError, match="doc-x.*tests.explode_on_marker.v1.*boom"):
        pipeline(Document("doc-x", "EXPLODE here."))


def test_a_batch_goes_on_past_a_document_that_breaks_a_stage(resources: Resources) -> None:
    stages = (*DEFAULT_STAGES[:-1], "tests.explode_on_marker.v1", DEFAULT_STAGES[-1])
    pipeline = Pipeline(Settings(pipeline=stages), resources)
    docs = [
        Document(f"d{i}", f"Gunmen killed {i + 2} farmers in Kaduna. {'EXPLODE' if i == 2 else ''}")
        for i in range(5)
    ]
    failed: list[str] = []
    done = list(pipeline.pipe(docs, on_error=lambda doc, exc: failed.append(doc.document_id)))
    assert failed == ["d2"]
    assert [d.document_id for d in done] == ["d0", "d1", "d3", "d4"]
    assert all(d.events for d in done)


def test_a_document_that_fails_leaves_no_trace_in_the_store(resources: Resources, tmp_path: Any) -> None:
    corpus = tmp_path / "two.jsonl"
    corpus.write_text(
        '{"id": "good", "text": "Police arrested ten protesters in Harare on Friday."}\n'
        '{"id": "bad", "text": "Soldiers shelled a village near Idlib. EXPLODE"}\n',
        "utf-8",
    )
    stages = (*DEFAULT_STAGES, "tests.explode_on_marker.v1")
    settings = Settings(pipeline=stages)
    with open_store(str(tmp_path / "e.db")) as store:
        report: IngestReport = ingest(
            [str(corpus)], store, settings=settings, pipeline=Pipeline(settings, resources)
        )
        assert report.documents_added == 1
        assert [src for src, _ in report.failures] == [f"{corpus}:2"]
        assert store.has_document("good") and not store.has_document("bad")
        assert all(src.document_id == "good" for ev in store.events() for src in ev.sources)


def test_worker_processes_give_the_same_events_in_the_same_order(resources: Resources) -> None:
    texts = [
        f"Gunmen killed {i % 5 + 2} farmers near Jos on Monday, police said. Report {i}." for i in range(140)
    ]
    serial = Pipeline(Settings(workers=1, batch_size=8), resources)
    parallel = Pipeline(Settings(workers=2, batch_size=8), resources)
    one = [
        d.events
        for d in serial.pipe(Document(f"w{i}", t, published="2024-06-03") for i, t in enumerate(texts))
    ]
    two = [
        d.events
        for d in parallel.pipe(Document(f"w{i}", t, published="2024-06-03") for i, t in enumerate(texts))
    ]
    assert len(one) == 140
    assert one == two
