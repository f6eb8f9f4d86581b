"""Shared fixtures. Nothing heavy happens at import: models load on first use."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.pipeline import Pipeline, Resources
from eventwire.settings import Settings


@pytest.fixture(scope="session")
def resources() -> Resources:
    """The real spaCy model and gazetteer, loaded once for the whole run."""
    return Resources(Settings())


@pytest.fixture(scope="session")
def pipeline(resources: Resources) -> Pipeline:
    """The default pipeline, built once."""
    return Pipeline(Settings(), resources)


@pytest.fixture(scope="session")
def nlp(resources: Resources) -> Any:
    """The spaCy Language object."""
    return resources.nlp


# -- the two store backends ------------------------------------------------------------------
#
# Tests that take ``db_url`` (or ``backend``) run once per backend: an SQLite file and a
# database on a real PostgreSQL server (tests/pg_server.py starts a throwaway cluster).
# Without PostgreSQL they skip, saying why; with CI set they fail instead.

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres() -> Any:
    """The PostgreSQL server of this test run (started on first use, stopped at the end)."""
    import os

    from pg_server import Unavailable, start

    try:
        server = start()
    except Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot run in CI: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield server
    server.stop()


class Databases:
    """Fresh databases of either backend: an SQLite file in ``directory`` or a PostgreSQL database."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request
        self._made: list[tuple[Any, str]] = []

    def new(self, backend: str, directory: Any, name: str = "events.db", *, schema: bool = True) -> str:
        if backend == "sqlite":
            return str(directory / name)
        server = self._request.getfixturevalue("postgres")
        url: str = server.new_database(schema=schema)
        self._made.append((server, url))
        return url

    def drop_all(self) -> None:
        for server, url in self._made:
            server.drop(url)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each store backend in turn."""
    return str(request.param)


@pytest.fixture
def new_db(backend: str, tmp_path: Any, request: pytest.FixtureRequest) -> Any:
    """Make new, empty store addresses of ``backend``: ``new_db("name.db")`` gives a file path
    (SQLite) or a postgresql:// URL of a new database; each call a different store."""
    made = Databases(request)
    yield lambda name="events.db": made.new(backend, tmp_path, name)
    made.drop_all()


@pytest.fixture
def db_url(new_db: Any) -> str:
    """A new, empty store address of ``backend``: a file path or a postgresql:// URL."""
    return str(new_db())


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(request: pytest.FixtureRequest) -> str:
    """Each store backend in turn, for module-scoped databases."""
    return str(request.param)


@pytest.fixture(scope="module")
def module_new_db(
    module_backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Any:
    """Make new store addresses of ``module_backend`` for module-scoped databases (see new_db)."""
    made = Databases(request)
    directory = tmp_path_factory.mktemp("db")
    yield lambda name="events.db": made.new(module_backend, directory, name)
    made.drop_all()
