"""Stats, VoID, OpenAPI, the home page, and the one error shape on every error path."""

from __future__ import annotations

import re

import pytest
import rdflib
from fastapi.testclient import TestClient

from graphkit import bundled
from graphkit.config import Settings
from graphkit.namespaces import GK
from tests.conftest import error_shape

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def test_stats(api_client: TestClient) -> None:
    body = api_client.get("/api/stats").json()
    assert set(body) == {"triples", "entities", "data_version", "graphs", "classes", "sources"}
    assert body["data_version"] == (bundled.data_dir() / "VERSION").read_text(encoding="utf-8").strip()
    assert body["triples"] == sum(g["triples"] for g in body["graphs"])
    classes = {c["class"]: c["entities"] for c in body["classes"]}
    assert classes[GK + "District"] == 12
    assert {"doc/bbwa-eurocities-2021", "doc/biwaq-themenwerkstatt-2020"} <= {
        s["id"] for s in body["sources"]
    }


def test_void_describes_the_dataset(api_client: TestClient) -> None:
    response = api_client.get("/.well-known/void")
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    dataset = next(graph.subjects(rdflib.RDF.type, VOID.Dataset))
    triples = int(graph.value(next(s for s in graph.subjects(VOID.sparqlEndpoint, None)), VOID.triples))
    assert triples == api_client.get("/api/stats").json()["triples"]
    assert str(graph.value(dataset, VOID.sparqlEndpoint)).endswith("/sparql") or any(
        graph.objects(None, VOID.sparqlEndpoint)
    )
    jsonld = api_client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert len(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


def test_openapi_documents_every_api_route(api_client: TestClient) -> None:
    spec = api_client.get("/openapi.json").json()
    for path in (
        "/sparql",
        "/api/search",
        "/api/entities/{id}",
        "/api/entities/{id}/neighbourhood",
        "/api/path",
        "/api/stats",
    ):
        assert path in spec["paths"], path
    assert api_client.get("/docs").status_code == 200


def test_health(api_client: TestClient) -> None:
    assert api_client.get("/healthz").json()["status"] == "ok"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/no/such/page", 404),
        ("GET", "/api/entities/nothing", 404),
        ("GET", "/api/entities/biwaq/neighbourhood?depth=9", 422),
        ("GET", "/api/search", 422),
        ("GET", "/api/path?from=bbwa&to=nothing", 404),
        ("GET", "/sparql?query=SELECT", 400),
        (
            "GET",
            "/sparql?query=SELECT%20*%20WHERE%20%7B%20SERVICE%20%3Chttp%3A%2F%2Fx%3E%20%7B%3Fs%20%3Fp%20%3Fo%7D%7D",
            403,
        ),
        ("DELETE", "/api/stats", 405),
        ("POST", "/sparql", 400),
    ],
)
def test_every_error_has_the_one_shape(api_client: TestClient, method: str, url: str, status: int) -> None:
    response = api_client.request(method, url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert error_shape(response.json())


def test_browsers_get_an_error_page(api_client: TestClient) -> None:
    response = api_client.get("/id/nothing-here", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "nothing-here" in response.text


def test_pages_load_nothing_from_other_hosts(api_client: TestClient) -> None:
    for url in ("/", "/sparql", "/id/bbwa", "/search?q=berlin"):
        page = api_client.get(url, headers={"Accept": "text/html"}).text
        loaded = re.findall(r'<(?:script|img|iframe)[^>]*\ssrc="([^"]+)"', page)
        loaded += re.findall(r'<link[^>]*\shref="([^"]+)"', page)
        assert loaded, url
        for address in loaded:
            assert address.startswith(("/", "http://testserver/")), (url, address)


def test_settings_reach_the_app(bundled_store_path) -> None:
    from graphkit.api.app import create_app
    from graphkit.store import open_store

    settings = Settings(store=bundled_store_path, max_rows=2)
    with TestClient(create_app(settings, open_store(settings, read_only=True), workers=False)) as client:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert len(response.json()["results"]["bindings"]) == 2
        assert response.headers["X-Graphkit-Truncated"] == "true"
