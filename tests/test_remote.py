"""The remote backend: a real `graphkit serve` process as the SPARQL endpoint behind the store interface."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphkit.config import Backend, Settings
from graphkit.errors import LoadError, QueryError, StoreError
from graphkit.ingest import drop_graphs, load_files
from graphkit.model import Term
from graphkit.query import list_named_queries, read_query_file, run_query
from graphkit.remote import RemoteStore, with_values
from graphkit.store import GraphStore, open_store
from tests.conftest import DATA, answer
from tests.servers import free_port, serve_process

TOKEN = "s3cret-for-tests"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `graphkit serve` process on a free port, with the bundled data and an update token."""
    folder = tmp_path_factory.mktemp("remote")
    env = {**os.environ, "GRAPHKIT_UPDATE_TOKEN": TOKEN}
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


def test_every_competency_query_answers_as_on_the_embedded_store(
    remote: RemoteStore, loaded: GraphStore
) -> None:
    assert remote.count() == loaded.count()
    assert remote.graph_names() == loaded.graph_names()
    for name in list_named_queries():
        sparql = read_query_file(name)
        here, there = run_query(loaded, sparql), run_query(remote, sparql)
        assert there.kind == here.kind, name
        assert answer(there) == answer(here), name


def test_bindings_travel_as_escaped_values(remote: RemoteStore) -> None:
    sparql = "SELECT ?thing ?label WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    result = run_query(remote, sparql, bindings={"thing": Term.iri("https://w3id.org/graphkit/id/bbwa")})
    assert {row["label"].value for row in result.rows} >= {
        "Bezirkliche Bündnisse für Wirtschaft und Arbeit in Berlin"
    }
    hostile = Term.literal('x" } } ; DROP ALL ; SELECT * { "')
    text = with_values("SELECT ?l WHERE { ?s ?p ?l }", {"l": hostile})
    assert run_query(remote, text).rows == []
    assert remote.count() > 1000  # nothing was dropped


def test_construct_and_ask(remote: RemoteStore) -> None:
    graph = run_query(remote, "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5")
    assert graph.kind == "graph" and 0 < len(graph.triples) <= 5  # duplicates across graphs merge
    assert run_query(remote, "ASK { ?s ?p ?o }").boolean is True


def test_load_through_the_endpoint_is_validated_idempotent_and_atomic(remote: RemoteStore) -> None:
    graph = "https://w3id.org/graphkit/graph/extra-project"
    before = remote.count()
    report = load_files(remote, [DATA / "extra-project.ttl"])
    assert remote.count(graph) == report.triples > 0
    after = remote.count()  # the data and its load record
    load_files(remote, [DATA / "extra-project.ttl"])
    assert remote.count() == after  # loading again replaces the graph (and its record)
    with pytest.raises(LoadError):
        load_files(remote, [DATA / "extra-project.ttl", DATA / "broken-syntax.ttl"])
    assert remote.count() == after
    drop_graphs(remote, [graph])
    assert remote.count() == before


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
