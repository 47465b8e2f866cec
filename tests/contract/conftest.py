"""The backends the store contract runs over, each loaded with the bundled data once per session.

A backend under test is a `Backend`: a name and a way to open it (read-write or read-only).
The embedded and in-memory stores open in this process; a remote engine is a server the
tests start on loopback, described by an `Endpoint` (query, update and Graph Store URLs,
credentials, how its default graph behaves). Adding an engine is one line in `ENGINES`:
its name and the session fixture that starts it and yields its `Endpoint` (the launchers
for Fuseki and Virtuoso live in tests/engines.py).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from graphkit.config import Engine, Settings
from graphkit.ingest import load_files
from graphkit.store import GraphStore
from graphkit.store.oxigraph import OxigraphStore
from graphkit.store.rdflib_store import RDFLibStore
from graphkit.store.remote import Endpoint, RemoteStore, endpoint_for
from tests.engines import Engine as LaunchedEngine
from tests.engines import start_or_skip
from tests.servers import serve_process

UPDATE_TOKEN = "contract-token"

#: Remote engines: backend name → the session fixture that yields its `Endpoint`. An engine
#: launched by tests/engines.py gets its fixture from `launched_endpoint` (see below); e.g.
#: ``"remote-fuseki": "fuseki_endpoint"`` once its deviations are adapted in its dialect
#: (graphkit/store/dialects.py).
ENGINES: dict[str, str] = {
    "remote-graphkit": "graphkit_endpoint",
    "remote-oxigraph": "oxigraph_endpoint",
    "remote-virtuoso": "virtuoso_endpoint",
}
#: Every backend the contract runs over.
BACKENDS = ["oxigraph", "rdflib", *ENGINES]


@dataclass
class Backend:
    """A backend under test: its name, its store (bundled data loaded), and how to open it again."""

    name: str
    store: GraphStore
    reopen: Callable[[bool], GraphStore]
    #: The read-only handle the app gets, opened as `graphkit serve` opens it.
    serve: Callable[[], GraphStore]

    @property
    def remote(self) -> bool:
        return self.name in ENGINES


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    """Poll `url` until it answers 200 (or fail with the server's log)."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"no answer from {url} in {timeout:g} s:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)


@pytest.fixture(scope="session")
def graphkit_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """Another `graphkit serve` (it loads the bundled data itself), with an update token."""
    folder = tmp_path_factory.mktemp("remote-graphkit")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    env["GRAPHKIT_UPDATE_TOKEN"] = UPDATE_TOKEN
    # A write through the remote backend reads every quad (one result: past the row cap it
    # is refused) and sends one SPARQL Update holding every graph it changes.
    env["GRAPHKIT_MAX_QUERY_BYTES"] = str(50_000_000)
    env["GRAPHKIT_MAX_ROWS"] = env["GRAPHKIT_MAX_RESULT_BYTES"] = str(100_000_000)
    with serve_process(
        folder / "store", "--log-level", "warning", "--workers", "1", log=folder / "serve.log", env=env
    ) as server:
        yield endpoint_for(server.url, Engine.GRAPHKIT, token=UPDATE_TOKEN)


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """Oxigraph's own server (`oxigraph serve`, from the `bench` extra) on an empty folder.

    Without --union-default-graph: that union is a bag (a triple in two graphs counts
    twice); graphkit keeps the default graph as the set merge itself instead.
    """
    folder = tmp_path_factory.mktemp("remote-oxigraph")
    with start_or_skip("oxigraph", folder, union_default_graph=False) as engine:
        yield endpoint_of(engine)


def endpoint_of(engine: LaunchedEngine, *, keeps_merge: bool | None = None) -> Endpoint:
    """The `Endpoint` of an engine started by tests/engines.py.

    Args:
        keeps_merge: graphkit keeps the default graph as the merge itself (default: when the
            engine's default graph is not already the union of its named graphs).
    """
    return Endpoint(
        engine.query_url,
        engine.update_url,
        engine.store_url,
        user=engine.user,
        password=engine.password,
        keeps_merge=not engine.union_default_graph if keeps_merge is None else keeps_merge,
        dialect=endpoint_for(engine.query_url, Engine(engine.name)).dialect,
    )


def launched_endpoint(name: str) -> Callable[[pytest.TempPathFactory], Iterator[Endpoint]]:
    """A session fixture that starts engine `name` of tests/engines.py (or skips) and yields its endpoint."""

    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
        with start_or_skip(name, tmp_path_factory.mktemp(f"engine-{name}")) as engine:
            yield endpoint_of(engine)

    return pytest.fixture(scope="session", name=f"{name}_endpoint")(fixture)


fuseki_endpoint = launched_endpoint("fuseki")
virtuoso_endpoint = launched_endpoint("virtuoso")


def _open_remote(endpoint: Endpoint) -> Callable[[bool], GraphStore]:
    # version_interval=0: the tests look at the version right after another client writes.
    return lambda read_only: RemoteStore(endpoint, read_only=read_only, version_interval=0)


def _serve_remote(endpoint: Endpoint) -> Callable[[], GraphStore]:
    # The served interval, not 0: the version query counts every graph, and asked before each
    # read it was half the requests and most of the time of the API over Virtuoso (a depth-2
    # neighbourhood took 19 s instead of 1.3 s). The API tests do not write.
    interval = Settings.model_fields["endpoint_check_interval"].default
    return lambda: RemoteStore(endpoint, read_only=True, version_interval=interval)


@pytest.fixture(scope="session")
def _opened(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Backend]]:
    """Every backend opened so far this session (each loaded once, closed at the end)."""
    opened: dict[str, Backend] = {}
    yield opened
    for backend in opened.values():
        backend.store.close()


@pytest.fixture(params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, _opened: dict[str, Backend], tmp_path_factory: pytest.TempPathFactory
) -> Backend:
    """A backend holding the bundled data, loaded through the backend itself."""
    name: str = request.param
    if name not in _opened:
        if name == "oxigraph":
            path = tmp_path_factory.mktemp("contract-oxigraph") / "store"

            def reopen(read_only: bool) -> GraphStore:
                return OxigraphStore(path, read_only=read_only)

            def serve() -> GraphStore:
                return reopen(True)

        elif name == "rdflib":
            shared = RDFLibStore()

            def reopen(read_only: bool) -> GraphStore:
                # In memory: there is no second handle on the same data; read-only is a new, empty one.
                return shared if not read_only else RDFLibStore(read_only=True)

            def serve() -> GraphStore:
                return shared  # no second handle; closing it is a no-op

        else:
            endpoint = request.getfixturevalue(ENGINES[name])
            reopen, serve = _open_remote(endpoint), _serve_remote(endpoint)
        store = reopen(False)
        load_files(store)
        _opened[name] = Backend(name, store, reopen, serve)
    return _opened[name]


@pytest.fixture(scope="session")
def _apps() -> Iterator[dict[str, TestClient]]:
    """The app over each backend opened so far this session (closed before the backends)."""
    clients: dict[str, TestClient] = {}
    yield clients
    for client in clients.values():
        client.__exit__(None, None, None)


@pytest.fixture
def backend_client(
    backend: Backend, _apps: dict[str, TestClient], tmp_path_factory: pytest.TempPathFactory
) -> TestClient:
    """The real app (queries in-process) over `backend`, read-only, built once per backend.

    It gets a read-only handle of its own, `Backend.serve` (the app closes its store when it
    stops); the in-memory store has no second handle and closing it is a no-op, so it gets the store.
    """
    from graphkit.api.app import create_app

    if backend.name not in _apps:
        store = backend.serve()
        settings = Settings(store=tmp_path_factory.mktemp(f"api-{backend.name}") / "unused")
        client = TestClient(create_app(settings, store, workers=False))
        client.__enter__()
        _apps[backend.name] = client
    return _apps[backend.name]
