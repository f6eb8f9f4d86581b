"""Bounded property-based fuzzing, run in CI: the readers and the API never crash on any input.

Hypothesis generates damaged records, arbitrary bytes for every reader and arbitrary query strings
for the API (a few thousand cases in all, derandomized so that CI sees the same cases every run).
``benchmarks/fuzz.py`` runs the same targets over 10^5 inputs by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from eventwire import Settings, open_store
from fuzz_targets import api_paths, api_target, bytes_target, queries, raw_inputs, record_files, record_target

BOUNDED = settings(
    derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True
)


@settings(BOUNDED, max_examples=1500)
@given(record_files())
def test_the_record_reader_takes_any_damaged_file(case: tuple[str, str]) -> None:
    record_target(case)


@settings(BOUNDED, max_examples=600)
@given(raw_inputs)
def test_every_reader_takes_any_bytes(case: tuple[str, bytes]) -> None:
    bytes_target(case)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from fastapi.testclient import TestClient

    from eventwire.web.app import create_app

    db = str(tmp_path_factory.mktemp("fuzz") / "f.db")
    open_store(db).close()
    return TestClient(create_app(Settings(db=db), warm_index=False))


@settings(BOUNDED, max_examples=700)
@given(path=api_paths, params=queries)
def test_the_api_answers_any_query_below_500(api: Any, path: str, params: dict[str, str]) -> None:
    api_target(api, path, params)


def test_the_fuzz_targets_catch_a_crash() -> None:
    """The targets themselves can fail: a reader that raises is caught."""
    with pytest.raises(AssertionError):
        from fuzz_targets import check_items

        check_items([ValueError("not a document")])  # type: ignore[list-item]
