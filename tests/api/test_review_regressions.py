"""Regression tests, one per problem a review found, each named after what broke."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from graphkit.api.app import create_app
from graphkit.config import Backend, Settings
from graphkit.errors import BadRequest, QueryError
from graphkit.guard import check_query
from graphkit.ingest import load_files
from graphkit.model import Term
from graphkit.query import run_query
from graphkit.records import LOADS_GRAPH
from graphkit.store import GraphStore, open_store

from .conftest import UPDATE_TOKEN, AppFactory, error_of
from .test_sparql_guard import Recorder, _recorder

TOKEN = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    yield from _recorder()


def test_nested_unicode_escape_cannot_hide_a_load_from_the_guard(
    serve_copy: AppFactory, recorder: Recorder
) -> None:
    # \u005Cu005C expands to \u005C; rdflib would expand that again (a backslash that
    # keeps the string open), pyoxigraph would not (the string closes, LOAD runs).
    update = f'INSERT DATA {{ <urn:a> <urn:b> "abc\\u005Cu005C" }} ; LOAD <{recorder.url}/data.ttl> # " }}'
    with serve_copy(update_token=UPDATE_TOKEN) as client:
        response = client.post("/sparql", data={"update": update}, headers=TOKEN)
        error_of(response, 400, "query_error")
        ask = client.get("/sparql", params={"query": "ASK { <urn:fetched> ?p ?o }"})
        assert ask.json()["boolean"] is False
    assert recorder.requests == []


def test_nested_unicode_escape_is_refused_on_the_command_line_path(loaded: GraphStore) -> None:
    query = (
        'SELECT * WHERE { BIND("abc\\u005Cu005C" AS ?x) SERVICE <http://127.0.0.1:9/s> { ?a ?b ?c } } # " }'
    )
    with pytest.raises(QueryError):
        run_query(loaded, query)


def test_an_iri_with_markup_cannot_inject_into_a_query() -> None:
    with pytest.raises(BadRequest):
        Term.iri("https://x/a> ) (<https://w3id.org/graphkit/id/bbwa").to_ntriples()
    assert (
        Term.iri("https://w3id.org/graphkit/id/bbwa").to_ntriples() == "<https://w3id.org/graphkit/id/bbwa>"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/entities/https://x/a%3E)%20(%3Chttps://w3id.org/graphkit/id/bbwa",
        "/api/entities/http://a%20b",
        "/id/http://a%20b",
        "/api/entities/http://a%20b/neighbourhood",
    ],
)
def test_invalid_iris_as_ids_are_422_not_500(api_client: TestClient, path: str) -> None:
    error = error_of(api_client.get(path), 422, "invalid_parameter")
    assert error["detail"]["parameter"] == "id"


def test_a_non_ascii_bearer_token_is_refused_not_500(serve_copy: AppFactory) -> None:
    with serve_copy(update_token=UPDATE_TOKEN) as client:
        response = client.post(
            "/sparql",
            data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
            headers={"Authorization": "Bearer é".encode()},  # type: ignore[dict-item]
        )
        error_of(response, 403, "query_refused")


@pytest.mark.parametrize(
    "update", ["CLEAR GRAPH <urn:nothing>", "CREATE GRAPH <urn:g> ; CREATE GRAPH <urn:g>"]
)
def test_an_update_the_store_rejects_is_400_not_500(serve_copy: AppFactory, update: str) -> None:
    with serve_copy(update_token=UPDATE_TOKEN) as client:
        error_of(client.post("/sparql", data={"update": update}, headers=TOKEN), 400, "query_error")


def test_an_unexpected_error_still_answers_with_the_one_error_body(copy_store: Callable[[], Path]) -> None:
    settings = Settings(store=copy_store())
    app = create_app(settings, open_store(settings), workers=False)
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        error = error_of(client.get("/boom"), 500)
    assert "a bug" not in error["message"]  # the trace is in the log, not in the answer


def test_next_page_of_a_group_keeps_the_filters(api_client: TestClient) -> None:
    first = api_client.get("/api/entities/eurocities/neighbourhood?group=predicate&limit=2&type=City").json()
    for group in first["groups"]:
        if group["next"]:
            page = api_client.get(group["next"]).json()
            same = [
                g
                for g in page["groups"]
                if (g["predicate"], g["direction"]) == (group["predicate"], group["direction"])
            ]
            assert same and same[0]["count"] == group["count"]
            assert all("https://w3id.org/graphkit/ontology#City" in n["types"] for n in same[0]["nodes"])


def test_a_prefix_named_from_does_not_change_the_dataset(loaded: GraphStore) -> None:
    count = "SELECT (COUNT(*) AS ?n) {{ ?x {p}:label ?l }}"
    with_from = run_query(
        loaded, "PREFIX FROM.s: <http://www.w3.org/2000/01/rdf-schema#> " + count.format(p="FROM.s")
    )
    plain = run_query(loaded, "PREFIX r.s: <http://www.w3.org/2000/01/rdf-schema#> " + count.format(p="r.s"))
    assert with_from.rows[0]["n"].value == plain.rows[0]["n"].value != "0"


@pytest.mark.parametrize("query", ["", "   ", "# only a comment\n", "PREFIX ex: <http://e/>"])
def test_an_empty_query_is_400_not_refused_as_an_update(api_client: TestClient, query: str) -> None:
    error_of(api_client.get("/sparql", params={"query": query}), 400, "query_error")
    with pytest.raises(QueryError):
        check_query(query)


def test_an_update_on_a_read_only_server_is_403_not_503(serve_copy: AppFactory) -> None:
    with serve_copy(read_only=True, update_token=UPDATE_TOKEN) as client:
        response = client.post(
            "/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, headers=TOKEN
        )
        error_of(response, 403, "query_refused")


def test_api_docs_load_nothing_from_a_cdn(api_client: TestClient) -> None:
    page = api_client.get("/docs").text
    assert "cdn.jsdelivr.net" not in page and "fastapi.tiangolo.com" not in page
    assert "/static/swagger-ui/swagger-ui-bundle.js" in page
    assert api_client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert api_client.get("/redoc").status_code == 404


def test_a_blank_node_shared_by_two_graphs_of_one_trig_file_loads(tmp_path: Path) -> None:
    for settings in (Settings(store=tmp_path / "store"), Settings(backend=Backend.RDFLIB)):
        store = open_store(settings)
        report = load_files(store, [DATA / "shared-blank-node.trig"])
        assert report.triples == 12 == store.count() - store.count(LOADS_GRAPH)
        blanks = run_query(store, "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b ?p ?o FILTER isBlank(?b) }")
        assert blanks.rows[0]["n"].value == "1"
        store.close()
