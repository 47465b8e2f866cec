"""Fixtures for the HTTP tests: copies of the loaded store, apps with their worker pools.

Every app runs inside `TestClient` used as a context manager, so its lifespan closes the
worker pool (and the store) when the test or module is done.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from graphkit.api.app import create_app
from graphkit.config import Settings
from graphkit.ingest import load_files
from graphkit.store import open_store
from tests.servers import alive, child_pids  # noqa: F401  (the tests here take them from this module)

ID = "https://w3id.org/graphkit/id/"
BBWA = ID + "bbwa"
OWN_GRAPH = "https://w3id.org/graphkit/graph/"

#: The labels of the BBWA, as (text, language), sorted by text.
BBWA_LABELS = [
    ("Bezirkliche Bündnisse für Wirtschaft und Arbeit in Berlin", "de"),
    ("District Alliances for Economy and Labour in Berlin", "en"),
]
LABELS_QUERY = (
    f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    f"SELECT ?label WHERE {{ <{BBWA}> rdfs:label ?label }} ORDER BY ?label"
)
#: The cartesian product of the store with itself, four times: runs for hours.
HEAVY_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


UPDATE_TOKEN = "s3cret-token"


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.05)


def error_of(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Assert `response` is an error in the one shape and return its `error` object."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "detail"}, body
    assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]
    assert isinstance(error["detail"], dict)
    if code is not None:
        assert error["code"] == code, body
    return error


@pytest.fixture(scope="session")
def served_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder with the bundled ontology and data, never opened by the tests.

    Loaded without SHACL validation: the HTTP tests need the data, not its validation
    (tests/test_load.py covers that), and copy this folder for each app.
    """
    path = tmp_path_factory.mktemp("api-source") / "store"
    opened = open_store(Settings(store=path))
    try:
        load_files(opened, validate=False)
    finally:
        opened.close()
    return path


@pytest.fixture(scope="session")
def copy_store(tmp_path_factory: pytest.TempPathFactory, served_store_path: Path) -> Callable[[], Path]:
    """Return a function that makes a fresh, writable copy of the loaded store."""

    def copy() -> Path:
        target = tmp_path_factory.mktemp("api-store") / "store"
        shutil.copytree(served_store_path, target)
        return target

    return copy


@contextmanager
def running_app(store_path: Path, *, read_only: bool = False, **settings: Any) -> Iterator[TestClient]:
    """Serve the store at `store_path` with `settings`; yield a client; close everything."""
    configured = Settings(store=store_path, **settings)
    app = create_app(configured, open_store(configured, read_only=read_only))
    with TestClient(app) as client:
        yield client


AppFactory = Callable[..., AbstractContextManager[TestClient]]


@pytest.fixture(scope="session")
def serve_copy(copy_store: Callable[[], Path]) -> AppFactory:
    """Return `serve_copy(**settings)`: a context manager serving a fresh copy of the store."""

    def serve(*, read_only: bool = False, **settings: Any) -> AbstractContextManager[TestClient]:
        return running_app(copy_store(), read_only=read_only, **settings)

    return serve
