"""SERVICE, LOAD and FROM in many disguises: refused, and nothing ever reaches the network.

A local HTTP server records every request it gets; each disguise names it as the remote
endpoint or data file, and is sent through the real endpoint with the worker pool on (and
with a valid update token, so that only the guard stands in the way).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi.testclient import TestClient

from .conftest import BBWA, BBWA_LABELS, OWN_GRAPH, UPDATE_TOKEN, AppFactory, error_of

EMPTY_RESULTS = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'


@dataclass
class Recorder:
    """A local HTTP server that answers anything and records every request."""

    server: http.server.ThreadingHTTPServer
    requests: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"


def _recorder() -> Iterator[Recorder]:
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            requests.append(f"{self.command} {self.path}")
            if self.path.endswith(".ttl"):
                body, media = b"<urn:fetched> <urn:from> <urn:network> .\n", "text/turtle"
            else:
                body, media = EMPTY_RESULTS, "application/sparql-results+json"
            self.send_response(200)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_HEAD = do_PUT = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Recorder(server, requests)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def remote() -> Iterator[Recorder]:
    """The 'remote' endpoint every disguise points at; it must hear nothing."""
    yield from _recorder()


@pytest.fixture(scope="module")
def client(serve_copy: AppFactory) -> Iterator[TestClient]:
    """The app on a writable copy with an update token, two workers."""
    with serve_copy(update_token=UPDATE_TOKEN) as started:
        assert len(started.app.state.service.worker_pids()) == 2  # type: ignore[attr-defined]
        yield started


def _send(client: TestClient, how: str, text: str) -> httpx.Response:
    headers = {"Accept": "application/sparql-results+json, application/json;q=0.5"}
    if how == "get":
        return client.get("/sparql", params={"query": text}, headers=headers)
    if how == "form":
        return client.post("/sparql", data={"query": text}, headers=headers)
    if how == "body":
        headers["Content-Type"] = "application/sparql-query"
        return client.post("/sparql", content=text.encode("utf-8"), headers=headers)
    headers["Authorization"] = f"Bearer {UPDATE_TOKEN}"
    if how == "update-form":
        return client.post("/sparql", data={"update": text}, headers=headers)
    assert how == "update-body"
    headers["Content-Type"] = "application/sparql-update"
    return client.post("/sparql", content=text.encode("utf-8"), headers=headers)


PATTERN = "?s ?p ?o"
SERVICE = "SERVICE <URL/sparql> { ?s ?p ?o }"

#: (id, how it is sent, text with URL for the local server, status, keyword in the detail)
DISGUISES = [
    ("plain", "get", f"SELECT * WHERE {{ {SERVICE} }}", 403, "SERVICE"),
    ("lower-case", "get", "select * where { service <URL/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("mixed-case", "get", "SeLeCt * WhErE { sErViCe <URL/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("silent", "get", "SELECT * WHERE { SERVICE SILENT <URL/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("form", "form", f"SELECT * WHERE {{ {SERVICE} }}", 403, "SERVICE"),
    ("body", "body", f"SELECT * WHERE {{ {SERVICE} }}", 403, "SERVICE"),
    (
        "unicode-escape-keyword",
        "get",
        "SELECT * WHERE { SERV\\u0049CE <URL/sparql> { ?s ?p ?o } }",
        403,
        None,
    ),
    (
        "unicode-escape-iri",
        "get",
        "SELECT * WHERE { SERVICE <URL/sp\\u0061rql> { ?s ?p ?o } }",
        403,
        "SERVICE",
    ),
    (
        "prefixed-name",
        "get",
        "PREFIX e: <URL/>\nSELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
        403,
        "SERVICE",
    ),
    ("relative-iri", "get", "BASE <URL/>\nSELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    (
        "comment-between",
        "get",
        "SELECT * WHERE { SERVICE # the endpoint:\n <URL/sparql> { ?s ?p ?o } }",
        403,
        "SERVICE",
    ),
    (
        "odd-whitespace",
        "get",
        "SELECT *\r\nWHERE {\n\tSERVICE\r\n\t\t   \n\n<URL/sparql>\n\t{ ?s ?p ?o\n}\n}",
        403,
        "SERVICE",
    ),
    (
        "variable-values",
        "get",
        "SELECT * WHERE { VALUES ?endpoint { <URL/sparql> } SERVICE ?endpoint { ?s ?p ?o } }",
        403,
        "SERVICE",
    ),
    (
        "variable-bind",
        "get",
        'SELECT * WHERE { BIND(IRI("URL/sparql") AS ?endpoint) SERVICE ?endpoint { ?s ?p ?o } }',
        403,
        "SERVICE",
    ),
    ("optional", "get", f"SELECT * WHERE {{ ?s a ?t OPTIONAL {{ {SERVICE} }} }}", 403, "SERVICE"),
    ("minus", "get", f"SELECT * WHERE {{ {PATTERN} MINUS {{ {SERVICE} }} }}", 403, "SERVICE"),
    ("filter-exists", "get", f"SELECT * WHERE {{ {PATTERN} FILTER EXISTS {{ {SERVICE} }} }}", 403, "SERVICE"),
    (
        "filter-not-exists",
        "get",
        f"SELECT * WHERE {{ {PATTERN} FILTER NOT EXISTS {{ {SERVICE} }} }}",
        403,
        "SERVICE",
    ),
    ("subquery", "get", f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {SERVICE} }} LIMIT 1 }} }}", 403, "SERVICE"),
    ("union", "get", f"SELECT * WHERE {{ {{ {PATTERN} }} UNION {{ {SERVICE} }} }}", 403, "SERVICE"),
    ("graph", "get", f"SELECT * WHERE {{ GRAPH ?g {{ {SERVICE} }} }}", 403, "SERVICE"),
    ("select-expression", "get", f"SELECT (EXISTS {{ {SERVICE} }} AS ?b) WHERE {{}}", 403, "SERVICE"),
    ("order-by", "get", f"SELECT * WHERE {{ {PATTERN} }} ORDER BY (EXISTS {{ {SERVICE} }})", 403, "SERVICE"),
    ("ask", "get", f"ASK {{ {SERVICE} }}", 403, "SERVICE"),
    ("construct", "get", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {SERVICE} }}", 403, "SERVICE"),
    ("describe", "get", f"DESCRIBE ?s WHERE {{ {SERVICE} }}", 403, "SERVICE"),
    ("service-no-braces", "get", "SELECT * WHERE { SERVICE <URL/sparql> }", 400, None),
    ("from", "get", "SELECT * FROM <URL/data.ttl> WHERE { ?s ?p ?o }", 403, "FROM"),
    ("from-lower-case", "get", "select * from <URL/data.ttl> where { ?s ?p ?o }", 403, "FROM"),
    (
        "from-named",
        "get",
        "SELECT * FROM NAMED <URL/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
        403,
        "FROM",
    ),
    (
        "from-own-and-named-outside",
        "get",
        f"SELECT * FROM <{OWN_GRAPH}curation> FROM NAMED <URL/data.ttl> WHERE {{ ?s ?p ?o }}",
        403,
        "FROM",
    ),
    ("from-prefixed", "get", "PREFIX e: <URL/>\nSELECT * FROM e:data.ttl WHERE { ?s ?p ?o }", 403, "FROM"),
    ("from-relative", "get", "BASE <URL/>\nSELECT * FROM <data.ttl> WHERE { ?s ?p ?o }", 403, "FROM"),
    ("from-ask", "form", "ASK FROM <URL/data.ttl> { ?s ?p ?o }", 403, "FROM"),
    ("from-construct", "body", "CONSTRUCT { ?s ?p ?o } FROM <URL/data.ttl> WHERE { ?s ?p ?o }", 403, "FROM"),
    ("from-describe", "get", f"DESCRIBE <{BBWA}> FROM <URL/data.ttl>", 403, "FROM"),
    ("load-update-form", "update-form", "LOAD <URL/x.ttl>", 403, "LOAD"),
    ("load-update-body", "update-body", "LOAD <URL/x.ttl>", 403, "LOAD"),
    ("load-lower-case", "update-form", "load <URL/x.ttl>", 403, "LOAD"),
    ("load-silent-into", "update-form", f"LOAD SILENT <URL/x.ttl> INTO GRAPH <{OWN_GRAPH}x>", 403, "LOAD"),
    ("load-prefixed", "update-form", "PREFIX e: <URL/>\nLOAD e:x.ttl", 403, "LOAD"),
    ("load-escaped", "update-form", "LO\\u0041D <URL/x.ttl>", 403, None),
    (
        "load-after-insert",
        "update-form",
        f"INSERT DATA {{ GRAPH <{OWN_GRAPH}x> {{ <urn:a> <urn:b> <urn:c> }} }} ;\n# then:\nLOAD <URL/x.ttl>",
        403,
        "LOAD",
    ),
    (
        "service-in-update",
        "update-body",
        f"INSERT {{ GRAPH <{OWN_GRAPH}x> {{ ?s ?p ?o }} }} WHERE {{ {SERVICE} }}",
        403,
        "SERVICE",
    ),
    ("load-as-query-get", "get", "LOAD <URL/x.ttl>", 403, None),
    ("load-as-query-body", "body", "LOAD <URL/x.ttl>", 403, None),
]


@pytest.mark.parametrize(
    ("how", "template", "status", "keyword"),
    [pytest.param(*case[1:], id=case[0]) for case in DISGUISES],
)
def test_a_disguised_service_load_or_from_is_refused_and_nothing_is_fetched(
    client: TestClient, remote: Recorder, how: str, template: str, status: int, keyword: str | None
) -> None:
    response = _send(client, how, template.replace("URL", remote.url))
    error = error_of(response, status, "query_refused" if status == 403 else "query_error")
    if keyword is not None:
        assert error["detail"]["keyword"] == keyword
        assert keyword in error["message"]
    assert remote.requests == []


#: (id, query) of look-alikes that must run: the words only in strings, IRIs, names, comments.
HARMLESS = [
    ("service-in-a-string", 'SELECT ?service WHERE { BIND("SERVICE <URL/sparql> { }" AS ?service) }'),
    ("load-in-a-long-string", "SELECT ?x WHERE { BIND('''LOAD <URL/x.ttl>\nFROM <URL/x>''' AS ?x) }"),
    ("service-in-an-iri", "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }"),
    ("local-url-as-data", "SELECT * WHERE { ?s ?p <URL/sparql> }"),
    (
        "prefixed-names",
        "PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:SERVICE ?o ; ex:LOAD ?l ; ex:FROM ?f }",
    ),
    ("variables", "SELECT ?service ?load ?from WHERE { ?service ?load ?from } LIMIT 1"),
    ("comment", "# SERVICE <URL/sparql> { ?s ?p ?o }\n# LOAD <URL/x.ttl>\nASK { ?s ?p ?o }"),
    ("from-own-graph", f"SELECT (COUNT(*) AS ?n) FROM <{OWN_GRAPH}curation> WHERE {{ ?s ?p ?o }}"),
]


@pytest.mark.parametrize("query", [pytest.param(q, id=name) for name, q in HARMLESS])
def test_harmless_look_alikes_run(client: TestClient, remote: Recorder, query: str) -> None:
    response = _send(client, "get", query.replace("URL", remote.url))
    assert response.status_code == 200, response.text
    assert remote.requests == []


def test_a_variable_named_service_gets_the_labels(client: TestClient, remote: Recorder) -> None:
    query = (
        'SELECT ?service WHERE { BIND("SERVICE" AS ?word) '
        f"<{BBWA}> <http://www.w3.org/2000/01/rdf-schema#label> ?service }} ORDER BY ?service"
    )
    response = _send(client, "get", query)
    assert response.status_code == 200, response.text
    rows = [(b["service"]["value"], b["service"]["xml:lang"]) for b in response.json()["results"]["bindings"]]
    assert rows == BBWA_LABELS
    assert remote.requests == []


def test_from_named_an_own_graph_runs(client: TestClient) -> None:
    query = f"SELECT DISTINCT ?g FROM NAMED <{OWN_GRAPH}curation> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    response = _send(client, "get", query)
    assert response.status_code == 200, response.text
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [f"{OWN_GRAPH}curation"]


def test_the_remote_server_heard_nothing_at_all(remote: Recorder) -> None:
    # It does answer when asked directly, so silence above means nobody asked.
    assert remote.requests == []
    assert httpx.get(remote.url + "/probe").status_code == 200
    assert remote.requests == ["GET /probe"]


# --- the parser that checks and the parser that runs disagree ---------------------------------
# The guard parses with rdflib; the store parses again with pyoxigraph. Where the two read
# the same text differently, what the guard saw is not what runs.


@pytest.fixture
def other_remote() -> Iterator[Recorder]:
    """A fresh recording server per test, so one slip does not hide another."""
    yield from _recorder()


BYPASSES = [
    pytest.param(
        "get",
        "SELECT * WHERE { ?s ?p ?o # a note\rSERVICE <URL/sparql> { ?a ?b ?c }\n}",
        id="carriage-return-ends-a-comment",
    ),
    pytest.param(
        "update-form",
        f"INSERT DATA {{ GRAPH <{OWN_GRAPH}x> {{ <urn:a> <urn:b> <urn:c> }} }}"
        " # a note\r; LOAD <URL/x.ttl>\n",
        id="carriage-return-hides-load",
    ),
    pytest.param(
        "get",
        'SELECT * WHERE { BIND("\\u0022" AS ?a) SERVICE <URL/sparql> { ?s ?p ?o } BIND("\\u0022" AS ?b) }',
        id="escaped-quote-in-a-string",
    ),
    pytest.param(
        "get",
        "SELECT * WHERE { BIND('\\u0027' AS ?a) SERVICE <URL/sparql> { ?s ?p ?o } BIND('\\u0027' AS ?b) }",
        id="escaped-apostrophe-in-a-string",
    ),
    pytest.param(
        "get",
        "SELECT * # a note\rFROM <URL/data.ttl>\nWHERE { ?s ?p ?o }",
        id="carriage-return-hides-from",
    ),
]


@pytest.mark.parametrize(("how", "template"), BYPASSES)
def test_what_the_guard_parses_is_what_runs(
    client: TestClient, other_remote: Recorder, how: str, template: str
) -> None:
    response = _send(client, how, template.replace("URL", other_remote.url))
    assert other_remote.requests == []
    if "\\u00" in template:
        # Escapes are expanded before both parsers read the query (SPARQL 1.1, 19.2), so the
        # SERVICE is text inside one long string for both: harmless, and it runs as such.
        assert response.status_code == 200, response.text
        (row,) = response.json()["results"]["bindings"]
        assert "SERVICE" in row["b"]["value"]
    else:
        error_of(response, 403, "query_refused")
