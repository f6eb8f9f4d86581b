"""The merging benchmark's synthetic generator: deterministic, valid, and mergeable (no timings)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from eventwire.merge import MergeConfig, edges, group
from eventwire.taxonomy import event_type_of

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "merge.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_merge", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_merge"] = module
    spec.loader.exec_module(module)
    return module


def test_the_same_seed_gives_the_same_reports_and_another_seed_others(bench: ModuleType) -> None:
    a, b, c = bench.generate(300, seed=1), bench.generate(300, seed=1), bench.generate(300, seed=2)
    assert [r.event.to_dict() for r in a.reports] == [r.event.to_dict() for r in b.reports]
    assert [r.event.to_dict() for r in a.reports] != [r.event.to_dict() for r in c.reports]


def test_reports_are_valid_acled_events_with_unique_ids_and_their_own_evidence(bench: ModuleType) -> None:
    data = bench.generate(400, seed=3)
    assert len(data.reports) == 400
    ids = [r.report_id for r in data.reports]
    assert len(set(ids)) == 400 and set(data.truth) == set(ids)
    assert 400 / 6 <= data.n_incidents < 400
    for r in data.reports:
        e = r.event
        assert event_type_of(e.sub_event_type) == e.event_type
        assert e.sources[0].document_id == r.document_id
        assert e.sources[0].char_end == len(e.sources[0].sentence)
        assert e.iso3 and len(e.iso3) == 3
    # the noise is there: coarse places and countries only, missing actors
    assert any(r.event.location_type == "country" for r in data.reports)
    assert any(r.event.geo_precision == 2 for r in data.reports)
    assert any(r.event.actor1 is None for r in data.reports)


def test_grouping_the_synthetic_reports_mostly_recovers_the_incidents(bench: ModuleType) -> None:
    data = bench.generate(600, seed=5)
    config = MergeConfig()
    links = edges(data.reports, config)
    groups = bench.group_by_component(data.reports, links, config)
    as_one_call = group(data.reports, config, links=links)
    assert [[r.report_id for r in g.reports] for g in groups] == [
        [r.report_id for r in g.reports] for g in as_one_call
    ]
    predicted = {r.report_id: g.anchor.report_id for g in groups for r in g.reports}
    scores = bench.bcubed(predicted, data.truth)
    assert scores["p"] > 0.9 and scores["r"] > 0.8
