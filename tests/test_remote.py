"""The remote backend: a real `graphkit serve` process as the SPARQL endpoint behind the store interface.

What every backend must do (load, replace, drop, bindings, formats, competency queries) is
in tests/contract/; here is what is particular to a remote endpoint.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphkit.config import Backend, Engine, Settings
from graphkit.errors import QueryError, StoreError
from graphkit.ingest import drop_graphs, load_files
from graphkit.query import run_query
from graphkit.store import open_store
from graphkit.store.remote import RemoteStore
from tests.conftest import DATA
from tests.servers import free_port, serve_process

TOKEN = "s3cret-for-tests"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `graphkit serve` process on a free port, with the bundled data and an update token."""
    folder = tmp_path_factory.mktemp("remote")
    env = {**os.environ, "GRAPHKIT_UPDATE_TOKEN": TOKEN}
    # A write through the remote backend reads every quad of the server (one result).
    env["GRAPHKIT_MAX_ROWS"] = env["GRAPHKIT_MAX_RESULT_BYTES"] = str(100_000_000)
    with serve_process(
        folder / "store", "--log-level", "warning", log=folder / "serve.log", env=env
    ) as server:
        yield server.url + "/sparql"


@pytest.fixture
def remote(endpoint: str) -> RemoteStore:
    return RemoteStore(endpoint, token=TOKEN)


def test_open_store_builds_the_remote_backend(endpoint: str) -> None:
    store = open_store(Settings(backend=Backend.REMOTE, endpoint=endpoint, endpoint_token=TOKEN))
    assert isinstance(store, RemoteStore) and store.count() > 1000
    with pytest.raises(StoreError, match="GRAPHKIT_ENDPOINT"):
        open_store(Settings(backend=Backend.REMOTE))


def test_construct_and_ask(remote: RemoteStore) -> None:
    graph = run_query(remote, "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5")
    assert graph.kind == "graph" and 0 < len(graph.triples) <= 5  # duplicates across graphs merge
    assert run_query(remote, "ASK { ?s ?p ?o }").boolean is True


def test_errors_from_the_endpoint_are_translated(endpoint: str) -> None:
    reader = RemoteStore(endpoint)  # no token
    with pytest.raises(QueryError):
        run_query(reader, "SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(StoreError, match="refused"):
        reader.update("DROP ALL")
    with pytest.raises(StoreError, match="Cannot reach"):
        RemoteStore(f"http://127.0.0.1:{free_port()}/sparql").count()
    with pytest.raises(StoreError):
        RemoteStore("file:///etc/passwd")


def test_cli_queries_a_remote_endpoint(endpoint: str, tmp_path: Path) -> None:
    env = {**os.environ, "GRAPHKIT_BACKEND": "remote", "GRAPHKIT_ENDPOINT": endpoint}
    result = subprocess.run(
        [sys.executable, "-m", "graphkit", "query", "--file", "forum-workshop-cities", "--format", "csv"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Vantaa" in result.stdout and "Glasgow" in result.stdout


def test_the_api_sees_a_write_by_another_client(endpoint: str) -> None:
    """The read model caches per store version; a remote store's version follows the endpoint's data."""
    from fastapi.testclient import TestClient

    from graphkit.api.app import create_app
    from tests.api.conftest import wait_for

    served = RemoteStore(endpoint, read_only=True, version_interval=0.2)
    other = RemoteStore(endpoint, token=TOKEN)
    url = "/api/entities/test-project"
    with TestClient(create_app(Settings(), served, workers=False)) as client:
        assert client.get(url).status_code == 404
        version = served.version()
        load_files(other, [DATA / "extra-project.ttl"])
        try:
            wait_for(lambda: client.get(url).status_code == 200, 10, "the API to see the new entity")
            assert served.version() != version
            assert "Test project" in client.get(url).text
        finally:
            drop_graphs(other, ["https://w3id.org/graphkit/graph/extra-project"])
        wait_for(lambda: client.get(url).status_code == 404, 10, "the API to see the entity gone")


def test_the_store_option_names_a_remote_server(endpoint: str) -> None:
    base = endpoint.removesuffix("/sparql")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    command = [sys.executable, "-m", "graphkit", "stats", "--store", f"sparql+{base}", "--engine", "graphkit"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert f"Store {endpoint}:" in result.stdout and "graph(s)" in result.stdout
    settings = Settings(store=f"sparql+{base}", engine=Engine.GRAPHKIT)  # type: ignore[arg-type]
    assert open_store(settings).count() > 1000


def test_credentials_answer_the_servers_challenge() -> None:
    """The endpoint's user and password are sent when the server asks (HTTP Basic here)."""
    import base64
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from graphkit.store.remote import endpoint_for

    expected = "Basic " + base64.b64encode(b"dba:pw").decode()
    seen: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(self.headers.get("Authorization"))
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b'{"head": {}, "boolean": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        assert run_query(RemoteStore(endpoint_for(url, user="dba", password="pw")), "ASK {}").boolean
        assert seen == [None, expected]
        with pytest.raises(StoreError, match="refused"):
            run_query(RemoteStore(endpoint_for(url, user="dba", password="wrong")), "ASK {}")
    finally:
        server.shutdown()
        server.server_close()
