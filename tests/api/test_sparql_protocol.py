"""The SPARQL 1.1 Protocol at /sparql, through the test client with the worker pool on."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph
import pytest
import rdflib
from fastapi.testclient import TestClient
from pyparsing import ParseException
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result

from graphkit.query import list_named_queries
from tests.conftest import isomorphic

from .conftest import (
    BBWA,
    BBWA_LABELS,
    LABELS_QUERY,
    OWN_GRAPH,
    UPDATE_TOKEN,
    AppFactory,
    error_of,
)

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SPARQL_RESULTS_XML = "{http://www.w3.org/2005/sparql-results#}"

LABELS_CONSTRUCT = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    f"CONSTRUCT {{ <{BBWA}> rdfs:label ?label }} WHERE {{ <{BBWA}> rdfs:label ?label }}"
)
# The German label is not ASCII: each transport must carry it as UTF-8.
ASK_TRUE = f'ASK {{ <{BBWA}> <{RDFS}label> "{BBWA_LABELS[0][0]}"@de }}'
ASK_FALSE = f'ASK {{ <{BBWA}> <{RDFS}label> "{BBWA_LABELS[0][0]}"@en }}'

TRANSPORTS = ["get", "form", "body"]
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def expected_labels_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for text, lang in BBWA_LABELS:
        graph.add((rdflib.URIRef(BBWA), RDFS.label, rdflib.Literal(text, lang=lang)))
    return graph


def send(
    client: TestClient,
    query: str,
    *,
    via: str = "get",
    accept: str | None = None,
    fmt: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Send `query` the way the SPARQL 1.1 Protocol allows: GET, form POST or direct POST."""
    sent = dict(headers or {})
    if accept is not None:
        sent["Accept"] = accept
    extra = {"format": fmt} if fmt else {}
    if via == "get":
        return client.get("/sparql", params={"query": query, **extra}, headers=sent)
    if via == "form":
        return client.post("/sparql", data={"query": query, **extra}, headers=sent)
    assert via == "body"
    sent["Content-Type"] = "application/sparql-query"
    return client.post("/sparql", content=query.encode("utf-8"), params=extra, headers=sent)


@pytest.fixture(scope="module")
def client(serve_copy: AppFactory) -> Iterator[TestClient]:
    """The app on a read-only copy of the store: workers on, no update token."""
    with serve_copy(read_only=True) as started:
        assert len(started.app.state.service.worker_pids()) == 2  # type: ignore[attr-defined]
        yield started


@pytest.fixture(scope="module")
def writable(serve_copy: AppFactory) -> Iterator[TestClient]:
    """The app on a writable copy, with an update token and one worker."""
    with serve_copy(update_token=UPDATE_TOKEN, sparql_workers=1) as started:
        yield started


@pytest.fixture(scope="module")
def capped(serve_copy: AppFactory) -> Iterator[TestClient]:
    """The app with a row cap of 3 and a byte cap of 200."""
    with serve_copy(read_only=True, max_rows=3, max_result_bytes=200, sparql_workers=1) as started:
        yield started


# --- SELECT and ASK --------------------------------------------------------------------------

SOLUTION_NEGOTIATION = [
    # (Accept, format=, the format that must come back)
    ("application/sparql-results+json", None, "json"),
    ("application/json", None, "json"),
    ("application/sparql-results+xml", None, "xml"),
    ("application/xml", None, "xml"),
    ("text/xml", None, "xml"),
    ("text/csv", None, "csv"),
    ("text/tab-separated-values", None, "tsv"),
    ("*/*", None, "json"),
    ("text/csv;q=0.5, application/sparql-results+xml", None, "xml"),
    ("application/rdf+xml, text/tab-separated-values;q=0.2", None, "tsv"),
    (None, "json", "json"),
    (None, "xml", "xml"),
    (None, "csv", "csv"),
    (None, "tsv", "tsv"),
    (None, "application/sparql-results+xml", "xml"),
    (None, "text/tab-separated-values", "tsv"),
    ("application/sparql-results+json", "csv", "csv"),  # format= wins over Accept
]
SOLUTION_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


@pytest.mark.parametrize("via", TRANSPORTS)
@pytest.mark.parametrize(("accept", "fmt", "expect"), SOLUTION_NEGOTIATION)
def test_select_in_each_format_gives_the_labels_of_the_bbwa(
    client: TestClient, via: str, accept: str | None, fmt: str | None, expect: str
) -> None:
    response = send(client, LABELS_QUERY, via=via, accept=accept, fmt=fmt)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == SOLUTION_MEDIA[expect]
    assert response.headers["x-graphkit-truncated"] == "false"
    assert "accept" in response.headers["vary"].lower()
    result = Result.parse(io.BytesIO(response.content), format=expect)
    assert result.vars == [rdflib.Variable("label")]
    rows = [row[0] for row in result]
    if expect == "csv":  # CSV has no language tags
        assert [str(v) for v in rows] == [text for text, _ in BBWA_LABELS]
        assert response.content.startswith(b"label\r\n")
    else:
        assert rows == [rdflib.Literal(text, lang=lang) for text, lang in BBWA_LABELS]


def _ask_answer(fmt: str, body: bytes) -> bool:
    if fmt == "json":
        data = json.loads(body)
        assert set(data) == {"head", "boolean"}
        return bool(data["boolean"])
    if fmt == "xml":
        return bool(Result.parse(io.BytesIO(body), format="xml").askAnswer)
    text = body.decode("utf-8").strip()
    assert text in ("true", "false")
    return text == "true"


@pytest.mark.parametrize("via", TRANSPORTS)
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize(("query", "answer"), [(ASK_TRUE, True), (ASK_FALSE, False)], ids=["true", "false"])
def test_ask_in_each_format(client: TestClient, via: str, fmt: str, query: str, answer: bool) -> None:
    by_accept = send(client, query, via=via, accept=SOLUTION_MEDIA[fmt])
    by_param = send(client, query, via=via, fmt=fmt)
    for response in (by_accept, by_param):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == SOLUTION_MEDIA[fmt]
        assert _ask_answer(fmt, response.content) is answer


# --- CONSTRUCT and DESCRIBE --------------------------------------------------------------------

GRAPH_NEGOTIATION = [
    ("text/turtle", None, "turtle"),
    ("application/x-turtle", None, "turtle"),
    ("application/n-triples", None, "nt"),
    ("text/plain", None, "nt"),
    ("application/ld+json", None, "json-ld"),
    ("application/rdf+xml", None, "xml"),
    ("*/*", None, "turtle"),
    ("application/sparql-results+json;q=0.9, application/ld+json;q=0.5", None, "json-ld"),
    (None, "turtle", "turtle"),
    (None, "ntriples", "nt"),
    (None, "jsonld", "json-ld"),
    (None, "rdfxml", "xml"),
    (None, "application/rdf+xml", "xml"),
    ("text/turtle", "jsonld", "json-ld"),  # format= wins over Accept
]
GRAPH_MEDIA = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}


@pytest.mark.parametrize("via", TRANSPORTS)
@pytest.mark.parametrize(("accept", "fmt", "expect"), GRAPH_NEGOTIATION)
def test_construct_in_each_format_is_the_label_graph(
    client: TestClient, via: str, accept: str | None, fmt: str | None, expect: str
) -> None:
    response = send(client, LABELS_CONSTRUCT, via=via, accept=accept, fmt=fmt)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == GRAPH_MEDIA[expect]
    got = rdflib.Graph().parse(data=response.content, format=expect)
    assert isomorphic(got, expected_labels_graph())


@pytest.mark.parametrize("expect", list(GRAPH_MEDIA))
def test_describe_gives_every_statement_about_the_bbwa(client: TestClient, expect: str) -> None:
    # The expected graph comes from a SELECT in N-Triples terms (TSV), an independent path.
    rows = send(client, f"SELECT ?p ?o WHERE {{ <{BBWA}> ?p ?o }}", fmt="tsv")
    assert rows.status_code == 200
    lines = rows.text.splitlines()[1:]
    expected = rdflib.Graph().parse(
        data="".join(f"<{BBWA}> {line.replace(chr(9), ' ')} .\n" for line in lines)
    )
    assert len(expected) >= 10
    response = send(client, f"DESCRIBE <{BBWA}>", accept=GRAPH_MEDIA[expect])
    assert response.status_code == 200, response.text
    got = rdflib.Graph().parse(data=response.content, format=expect)
    assert isomorphic(got, expected)


# --- negotiation and request errors -----------------------------------------------------------

REQUEST_ERRORS = [
    # (query, Accept, format=, status, code, parameter named in the detail)
    pytest.param(LABELS_QUERY, "image/png", None, 406, "not_acceptable", None, id="select-image"),
    pytest.param(LABELS_QUERY, "text/turtle", None, 406, "not_acceptable", None, id="select-turtle"),
    pytest.param(LABELS_QUERY, "application/rdf+xml", None, 406, "not_acceptable", None, id="select-rdfxml"),
    pytest.param(ASK_TRUE, "application/ld+json", None, 406, "not_acceptable", None, id="ask-jsonld"),
    pytest.param(LABELS_CONSTRUCT, "text/csv", None, 406, "not_acceptable", None, id="construct-csv"),
    pytest.param(
        LABELS_CONSTRUCT,
        "application/sparql-results+json",
        None,
        406,
        "not_acceptable",
        None,
        id="construct-results-json",
    ),
    pytest.param(LABELS_QUERY, None, "turtle", 400, "bad_request", "format", id="select-format-turtle"),
    pytest.param(LABELS_QUERY, None, "jsonld", 400, "bad_request", "format", id="select-format-jsonld"),
    pytest.param(LABELS_QUERY, None, "table", 400, "bad_request", "format", id="select-format-table"),
    pytest.param(LABELS_QUERY, None, "nonsense", 400, "bad_request", "format", id="select-format-unknown"),
    pytest.param(ASK_TRUE, None, "ntriples", 400, "bad_request", "format", id="ask-format-ntriples"),
    pytest.param(LABELS_CONSTRUCT, None, "csv", 400, "bad_request", "format", id="construct-format-csv"),
    pytest.param(LABELS_CONSTRUCT, None, "json", 400, "bad_request", "format", id="construct-format-json"),
]


@pytest.mark.parametrize("via", TRANSPORTS)
@pytest.mark.parametrize(("query", "accept", "fmt", "status", "code", "parameter"), REQUEST_ERRORS)
def test_a_format_that_does_not_fit_is_refused(
    client: TestClient,
    via: str,
    query: str,
    accept: str | None,
    fmt: str | None,
    status: int,
    code: str,
    parameter: str | None,
) -> None:
    error = error_of(send(client, query, via=via, accept=accept, fmt=fmt), status, code)
    if parameter is not None:
        assert error["detail"]["parameter"] == parameter
        assert "format" in error["message"]


def _raw(client: TestClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    return client.request(
        method, url, headers={"Accept": "application/json", **kwargs.pop("headers", {})}, **kwargs
    )


PROTOCOL_ERRORS = [
    # (method, url, keyword arguments, status, code, parameter)
    pytest.param(
        "GET",
        "/sparql?query=ASK%7B%7D&default-graph-uri=https%3A%2F%2Fw3id.org%2Fgraphkit%2Fgraph%2Fno-such-graph",
        {},
        403,
        "query_refused",
        "default-graph-uri",
        id="get-default-graph-uri",
    ),
    pytest.param(
        "GET",
        "/sparql?query=ASK%7B%7D&named-graph-uri=http%3A%2F%2Fexample.org%2Fg",
        {},
        403,
        "query_refused",
        "named-graph-uri",
        id="get-named-graph-uri",
    ),
    pytest.param(
        "POST",
        "/sparql",
        {"data": {"query": "ASK {}", "default-graph-uri": "http://example.org/g"}},
        403,
        "query_refused",
        "default-graph-uri",
        id="form-default-graph-uri",
    ),
    pytest.param(
        "POST",
        "/sparql?default-graph-uri=http%3A%2F%2Fexample.org%2Fg",
        {"content": b"ASK {}", "headers": {"Content-Type": "application/sparql-query"}},
        403,
        "query_refused",
        "default-graph-uri",
        id="body-default-graph-uri",
    ),
    pytest.param(
        "POST",
        "/sparql",
        {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}},
        400,
        "bad_request",
        "content-type",
        id="unknown-content-type",
    ),
    pytest.param(
        "POST", "/sparql", {"data": {"format": "json"}}, 400, "bad_request", "query", id="form-no-query"
    ),
    pytest.param(
        "POST",
        "/sparql",
        {"data": {"query": "ASK {}", "update": "CLEAR ALL"}},
        400,
        "bad_request",
        "query",
        id="form-query-and-update",
    ),
    pytest.param(
        "GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}, 400, "bad_request", "query", id="two-queries"
    ),
    pytest.param("GET", "/sparql?update=CLEAR%20ALL", {}, 400, "bad_request", "update", id="get-update"),
    pytest.param("PUT", "/sparql", {"content": b"ASK {}"}, 405, "method_not_allowed", None, id="put"),
]


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "code", "parameter"), PROTOCOL_ERRORS)
def test_protocol_errors(
    client: TestClient,
    method: str,
    url: str,
    kwargs: dict[str, Any],
    status: int,
    code: str,
    parameter: str | None,
) -> None:
    error = error_of(_raw(client, method, url, **dict(kwargs)), status, code)
    if parameter is not None:
        assert error["detail"]["parameter"] == parameter


SYNTAX_ERRORS = [
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?x\nWHERE { ?x rdfs:label }\n",
    "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?o = )\n}",
    "SELEC ?x WHERE { ?x ?p ?o }",
    "SELECT ?x WHERE {\n ?x ?p ?o }\n LIMIT 1 1",
]


@pytest.mark.parametrize("via", TRANSPORTS)
@pytest.mark.parametrize("query", SYNTAX_ERRORS)
def test_a_syntax_error_quotes_the_parser_with_line_and_column(
    client: TestClient, via: str, query: str
) -> None:
    with pytest.raises(ParseException) as parsed:
        parseQuery(query)
    error = error_of(send(client, query, via=via), 400, "query_error")
    assert error["detail"]["line"] == parsed.value.lineno
    assert error["detail"]["column"] == parsed.value.col
    assert f"line {parsed.value.lineno}, column {parsed.value.col}" in error["message"]
    assert parsed.value.msg in error["message"]


#: Errors only the store's own parser (pyoxigraph) finds.
STORE_SYNTAX_ERRORS = [
    "SELECT ?x WHERE { ?x undeclared:p ?o }",
    "SELECT * WHERE {\n  BIND(1 AS ?x)\n  BIND(2 AS ?x)\n}",
    "SELECT (COUNT(*) AS ?n) ?s WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", STORE_SYNTAX_ERRORS)
def test_an_error_the_store_finds_quotes_its_parser_with_line_and_column(
    client: TestClient, query: str
) -> None:
    with pytest.raises(SyntaxError) as parsed:
        pyoxigraph.Store().query(query)
    found = re.match(r"error at (\d+):(\d+)", str(parsed.value))
    assert found is not None, str(parsed.value)
    error = error_of(send(client, query), 400, "query_error")
    assert str(parsed.value) in error["message"]
    assert error["detail"] == {
        "line": int(found.group(1)),
        "column": int(found.group(2)),
        "parameter": "query",
    }


def test_a_syntax_error_on_line_three_says_line_three(client: TestClient) -> None:
    error = error_of(send(client, SYNTAX_ERRORS[0]), 400, "query_error")
    assert error["detail"]["line"] == 3
    assert re.search(r"line 3, column \d+", error["message"])


# --- updates ---------------------------------------------------------------------------------


def _insert(subject: str) -> str:
    return (
        f"INSERT DATA {{ GRAPH <{OWN_GRAPH}http-test> "
        f'{{ <{subject}> <http://www.w3.org/2000/01/rdf-schema#label> "added over HTTP"@en }} }}'
    )


def _ask_exists(client: TestClient, subject: str) -> bool:
    response = send(client, f"ASK {{ <{subject}> ?p ?o }}", fmt="json")
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


def _post_update(client: TestClient, update: str, *, token: str | None, body: bool = False) -> httpx.Response:
    headers = {"Accept": "application/json"}
    if token is not None:
        headers["Authorization"] = token
    if body:
        headers["Content-Type"] = "application/sparql-update"
        return client.post("/sparql", content=update.encode("utf-8"), headers=headers)
    return client.post("/sparql", data={"update": update}, headers=headers)


@pytest.mark.parametrize("body", [False, True], ids=["form", "body"])
@pytest.mark.parametrize(
    "token",
    [None, "Bearer wrong-token", f"Bearer {UPDATE_TOKEN}x", f"Basic {UPDATE_TOKEN}", UPDATE_TOKEN, "Bearer "],
    ids=["none", "wrong", "longer", "basic", "no-scheme", "empty"],
)
def test_an_update_without_the_right_token_is_refused(
    writable: TestClient, token: str | None, body: bool
) -> None:
    subject = f"{BBWA}-refused-{abs(hash((token, body)))}"
    error_of(_post_update(writable, _insert(subject), token=token, body=body), 403, "query_refused")
    assert not _ask_exists(writable, subject)


@pytest.mark.parametrize("body", [False, True], ids=["form", "body"])
def test_an_update_with_the_token_is_done_and_seen_by_the_workers(writable: TestClient, body: bool) -> None:
    subject = f"{BBWA}-added-{'body' if body else 'form'}"
    before = writable.app.state.service.worker_pids()  # type: ignore[attr-defined]
    assert before, "the worker pool is on"
    response = _post_update(writable, _insert(subject), token=f"Bearer {UPDATE_TOKEN}", body=body)
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert writable.app.state.service.worker_pids()  # type: ignore[attr-defined]
    assert _ask_exists(writable, subject)
    labels = send(writable, f"SELECT ?l WHERE {{ <{subject}> ?p ?l }}", fmt="json").json()
    assert [b["l"]["value"] for b in labels["results"]["bindings"]] == ["added over HTTP"]


def test_an_update_sent_as_a_query_is_refused_even_with_the_token(writable: TestClient) -> None:
    subject = f"{BBWA}-as-query"
    for via in TRANSPORTS:
        response = send(
            writable, _insert(subject), via=via, headers={"Authorization": f"Bearer {UPDATE_TOKEN}"}
        )
        error_of(response, 403, "query_refused")
    assert not _ask_exists(writable, subject)


@pytest.mark.parametrize("body", [False, True], ids=["form", "body"])
def test_load_is_refused_even_with_the_token(writable: TestClient, body: bool) -> None:
    response = _post_update(
        writable, "LOAD <http://127.0.0.1:9/data.ttl>", token=f"Bearer {UPDATE_TOKEN}", body=body
    )
    error = error_of(response, 403, "query_refused")
    assert error["detail"]["keyword"] == "LOAD"


def test_a_server_without_a_token_refuses_every_update(client: TestClient) -> None:
    for token in (None, f"Bearer {UPDATE_TOKEN}", "Bearer "):
        error = error_of(_post_update(client, _insert(BBWA + "-x"), token=token), 403, "query_refused")
        assert "read-only" in error["message"]


# --- limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_row_cap_truncates_and_says_so(capped: TestClient, fmt: str) -> None:
    response = send(capped, "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 6 7 } } ORDER BY ?n", fmt=fmt)
    assert response.status_code == 200, response.text
    assert response.headers["x-graphkit-truncated"] == "true"
    rows = [str(row[0]) for row in Result.parse(io.BytesIO(response.content), format=fmt)]
    assert rows == ["1", "2", "3"]


def test_the_row_cap_truncates_a_graph(capped: TestClient) -> None:
    query = (
        "CONSTRUCT { ?s <urn:p> ?n } WHERE "
        '{ VALUES ?n { 1 2 3 4 5 6 7 } BIND(IRI(CONCAT("urn:", STR(?n))) AS ?s) }'
    )
    response = send(capped, query, fmt="ntriples")
    assert response.status_code == 200, response.text
    assert response.headers["x-graphkit-truncated"] == "true"
    assert len(rdflib.Graph().parse(data=response.content, format="nt")) == 3


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_the_byte_cap_truncates_and_says_so(capped: TestClient, fmt: str) -> None:
    # Two rows (under the row cap of 3) of 120 characters each: the second passes 200 bytes.
    long_a, long_b = "a" * 120, "b" * 120
    query = f'SELECT ?text WHERE {{ VALUES ?text {{ "{long_a}" "{long_b}" }} }} ORDER BY ?text'
    response = send(capped, query, fmt=fmt)
    assert response.status_code == 200, response.text
    assert response.headers["x-graphkit-truncated"] == "true"
    rows = [row[0] for row in Result.parse(io.BytesIO(response.content), format=fmt)]
    assert rows == [rdflib.Literal(long_a)]


def test_a_result_within_the_caps_is_not_truncated(capped: TestClient) -> None:
    response = send(capped, "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }", fmt="json")
    assert response.status_code == 200
    assert response.headers["x-graphkit-truncated"] == "false"
    assert len(response.json()["results"]["bindings"]) == 3


# --- without a query: the editor and the service description -----------------------------------


def test_a_browser_gets_the_editor_with_yasgui_and_the_examples(client: TestClient) -> None:
    page = client.get("/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*\shref="([^"]+)"', html)
    yasgui = [src for src in scripts if re.search(r"/static/yasgui/[^/]*\.js$", src)]
    assert yasgui, scripts
    for url in scripts + styles:  # served from the package: nothing from another host
        assert url.startswith(("/", "http://testserver/")), url
    script = client.get(yasgui[0])
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert len(script.content) > 10_000
    for url in styles:
        assert client.get(url).status_code == 200, url
    named = list_named_queries()
    assert named
    buttons = re.findall(r'<button[^>]*data-name="([^"]+)"[^>]*>(.*?)</button>', html, re.S)
    assert {unescape(name): unescape(text) for name, text in buttons} == named
    examples = re.search(r'<script type="application/json" id="examples">(.*?)</script>', html, re.S)
    assert examples is not None
    embedded = {example["name"]: example["query"] for example in json.loads(examples.group(1))}
    assert set(embedded) == set(named)
    assert all("SELECT" in text or "ASK" in text or "CONSTRUCT" in text for text in embedded.values())


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, "turtle"),
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_a_data_client_without_a_query_gets_the_service_description(
    client: TestClient, accept: str | None, fmt: str
) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200, response.text
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    endpoint = rdflib.URIRef("http://testserver/sparql")
    assert (endpoint, RDF.type, SD.Service) in graph
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert len(set(graph.objects(endpoint, SD.resultFormat))) == 8


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("application/sparql-query; charset=UTF-8", ASK_TRUE.encode("utf-8")),
        ("application/x-www-form-urlencoded; charset=utf-8", urlencode({"query": ASK_TRUE}).encode("ascii")),
    ],
    ids=["direct", "form"],
)
def test_a_post_with_a_charset_parameter(client: TestClient, content_type: str, content: bytes) -> None:
    response = client.post(
        "/sparql",
        content=content,
        headers={"Content-Type": content_type, "Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True


# --- dataset selection and writes that must stay valid -------------------------------------

CURATION = f"{OWN_GRAPH}curation"
SEED = f"{OWN_GRAPH}bbwa-eurocities-2021"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPHS_SEEN = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_default_graph_uri_chooses_the_graphs_merged_into_the_default_graph(client: TestClient) -> None:
    params = [("query", COUNT_ALL), ("default-graph-uri", CURATION)]
    one = _count(client.get("/sparql", params=params, headers={"Accept": "application/sparql-results+json"}))
    two = _count(
        client.get(
            "/sparql",
            params=[*params, ("default-graph-uri", SEED)],
            headers={"Accept": "application/sparql-results+json"},
        )
    )
    from_clause = send(client, f"SELECT (COUNT(*) AS ?n) FROM <{CURATION}> WHERE {{ ?s ?p ?o }}", fmt="json")
    assert one == _count(from_clause) > 0
    assert one < two


@pytest.mark.parametrize("via", ["get", "form", "body"])
def test_named_graph_uri_limits_the_graphs_a_query_sees(client: TestClient, via: str) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    if via == "get":
        response = client.get(
            "/sparql", params=[("query", GRAPHS_SEEN), ("named-graph-uri", SEED)], headers=accept
        )
    elif via == "form":
        response = client.post(
            "/sparql", data={"query": GRAPHS_SEEN, "named-graph-uri": SEED}, headers=accept
        )
    else:
        response = client.post(
            "/sparql",
            params={"named-graph-uri": SEED},
            content=GRAPHS_SEEN.encode(),
            headers={**accept, "Content-Type": "application/sparql-query"},
        )
    assert response.status_code == 200, response.text
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [SEED]


def test_a_foreign_graph_in_the_store_can_be_chosen_by_from(writable: TestClient) -> None:
    foreign = "http://example.org/graphs/my-survey-2023"
    update = f'INSERT DATA {{ GRAPH <{foreign}> {{ <http://example.org/a> <http://example.org/p> "x" }} }}'
    assert _post_update(writable, update, token=f"Bearer {UPDATE_TOKEN}").status_code == 204
    answer = send(writable, f"SELECT (COUNT(*) AS ?n) FROM <{foreign}> WHERE {{ ?s ?p ?o }}", fmt="json")
    assert _count(answer) == 1


def test_an_urlencoded_body_without_its_media_type_is_400(client: TestClient) -> None:
    response = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={"Accept": "application/json"})
    error = error_of(response, 400, "bad_request")
    assert error["detail"]["parameter"] == "content-type"


def test_the_default_graph_is_a_set_a_triple_of_two_sources_counts_once(client: TestClient) -> None:
    # id:berlin's label is stated by several graphs; the default graph holds it once.
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    labels = f"SELECT ?l WHERE {{ <https://w3id.org/graphkit/id/berlin> {label} ?l }}"
    rows = send(client, labels, fmt="json").json()["results"]["bindings"]
    values = [(b["l"]["value"], b["l"].get("xml:lang")) for b in rows]
    assert len(values) == len(set(values)) == 2
    by_graph = send(
        client,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { <https://w3id.org/graphkit/id/berlin> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l } }",
        fmt="json",
    )
    assert _count(by_graph) > 2  # every source still shows with GRAPH ?g


def test_an_update_that_breaks_a_shape_is_refused_and_changes_nothing(writable: TestClient) -> None:
    city = "https://w3id.org/graphkit/id/lotsville"
    update = (
        f"PREFIX gk: <https://w3id.org/graphkit/ontology#>\n"
        f'INSERT DATA {{ GRAPH <{OWN_GRAPH}lotsville> {{ <{city}> a gk:City ; gk:population "lots" }} }}'
    )
    response = _post_update(writable, update, token=f"Bearer {UPDATE_TOKEN}")
    error = error_of(response, 422, "validation_failed")
    assert any("gk:population" in line for line in error["detail"]["violations"])
    assert not _ask_exists(writable, city)


def test_an_update_into_the_default_graph_is_refused(writable: TestClient) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/p> <http://example.org/o> }"
    error = error_of(_post_update(writable, update, token=f"Bearer {UPDATE_TOKEN}"), 403, "query_refused")
    assert "default graph" in error["message"]
