"""The SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graphs, and the graph list at /api/graphs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
from fastapi.testclient import TestClient

from tests.conftest import isomorphic

from .conftest import UPDATE_TOKEN, AppFactory, error_of

EX = "http://example.org/"
GRAPH = EX + "graphs/uploaded"
TOKEN = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
TURTLE = f"""
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<{EX}carla> a foaf:Person ; foaf:name "Carla Ávila" ; foaf:based_near <https://w3id.org/graphkit/id/berlin> .
""".encode()
MORE = f'<{EX}dan> <http://xmlns.com/foaf/0.1/name> "Dan" .\n'.encode()


@pytest.fixture(scope="module")
def client(serve_copy: AppFactory) -> Iterator[TestClient]:
    with serve_copy(update_token=UPDATE_TOKEN) as client:
        yield client


def turtle(client: TestClient, graph: str) -> rdflib.Graph:
    response = client.get("/rdf-graphs", params={"graph": graph}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/turtle")
    return rdflib.Graph().parse(data=response.content, format="turtle")


def test_put_creates_a_graph_get_reads_it_post_adds_delete_removes(client: TestClient) -> None:
    created = client.put(
        "/rdf-graphs",
        params={"graph": GRAPH},
        content=TURTLE,
        headers={**TOKEN, "Content-Type": "text/turtle"},
    )
    assert created.status_code == 201, created.text
    assert isomorphic(turtle(client, GRAPH), rdflib.Graph().parse(data=TURTLE, format="turtle"))
    search = client.get("/api/search", params={"q": "carla avila"}).json()
    assert [hit["iri"] for hit in search["results"]] == [f"{EX}carla"]

    added = client.post(
        "/rdf-graphs",
        params={"graph": GRAPH},
        content=MORE,
        headers={**TOKEN, "Content-Type": "application/n-triples"},
    )
    assert added.status_code == 204, added.text
    assert len(turtle(client, GRAPH)) == 4

    replaced = client.put(
        "/rdf-graphs", params={"graph": GRAPH}, content=MORE, headers={**TOKEN, "Content-Type": "text/turtle"}
    )
    assert replaced.status_code == 204
    assert len(turtle(client, GRAPH)) == 1

    listed = client.get("/api/graphs").json()
    row = next(g for g in listed["graphs"] if g["graph"] == GRAPH)
    assert row["triples"] == 1 and row["input"] == "upload" and row["sha256"]

    assert client.delete("/rdf-graphs", params={"graph": GRAPH}, headers=TOKEN).status_code == 204
    error_of(
        client.get("/rdf-graphs", params={"graph": GRAPH}, headers={"Accept": "text/turtle"}),
        404,
        "not_found",
    )
    error_of(client.delete("/rdf-graphs", params={"graph": GRAPH}, headers=TOKEN), 404, "not_found")


@pytest.mark.parametrize("accept", ["application/n-triples", "application/ld+json", "application/rdf+xml"])
def test_a_graph_is_sent_in_the_format_asked_for(client: TestClient, accept: str) -> None:
    response = client.get("/rdf-graphs", params={"graph": "graph:curation"}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    parser = {"application/n-triples": "nt", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
    assert len(rdflib.Graph().parse(data=response.content, format=parser[accept])) > 10


def test_the_default_graph_can_be_read_not_written(client: TestClient) -> None:
    response = client.get("/rdf-graphs?default", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and len(response.content.splitlines()) > 1000
    refused = client.put(
        "/rdf-graphs?default", content=MORE, headers={**TOKEN, "Content-Type": "text/turtle"}
    )
    error_of(refused, 405, "method_not_allowed")
    assert refused.headers["allow"] == "GET, HEAD"


def test_writes_need_the_token(client: TestClient) -> None:
    for method in ("put", "post"):
        response = getattr(client, method)(
            "/rdf-graphs", params={"graph": GRAPH}, content=MORE, headers={"Content-Type": "text/turtle"}
        )
        error_of(response, 403, "query_refused")
    error_of(client.delete("/rdf-graphs", params={"graph": "graph:curation"}), 403, "query_refused")


def test_an_upload_that_breaks_a_shape_is_refused_and_leaves_the_graph_as_it_was(client: TestClient) -> None:
    before = turtle(client, "graph:curation")
    bad = b'<https://w3id.org/graphkit/id/berlin> <https://w3id.org/graphkit/ontology#population> "lots" .'
    response = client.post(
        "/rdf-graphs",
        params={"graph": "graph:curation"},
        content=bad,
        headers={**TOKEN, "Content-Type": "application/n-triples"},
    )
    error = error_of(response, 422, "validation_failed")
    assert any("gk:population" in line for line in error["detail"]["violations"])
    assert isomorphic(turtle(client, "graph:curation"), before)


@pytest.mark.parametrize(
    ("params", "content_type", "body", "status", "parameter"),
    [
        ({}, "text/turtle", MORE, 400, "graph"),
        ({"graph": "not an iri"}, "text/turtle", MORE, 400, "graph"),
        ({"graph": GRAPH}, "text/csv", MORE, 400, "content-type"),
        ({"graph": GRAPH}, "text/turtle", b"<a> <b> .", 400, None),
        ({"graph": GRAPH}, "application/n-quads", MORE, 400, "content-type"),
    ],
    ids=["no-graph", "bad-iri", "bad-type", "bad-syntax", "quads"],
)
def test_bad_uploads_are_4xx_with_a_message(
    client: TestClient,
    params: dict[str, str],
    content_type: str,
    body: bytes,
    status: int,
    parameter: str | None,
) -> None:
    response = client.put(
        "/rdf-graphs", params=params, content=body, headers={**TOKEN, "Content-Type": content_type}
    )
    error = error_of(response, status)
    if parameter:
        assert error["detail"]["parameter"] == parameter
    assert client.get("/rdf-graphs", params={"graph": GRAPH}).status_code == 404
