"""The HTTP surface every client sees: security headers, HEAD, 405 with Allow, 503 with Retry-After,
and references (ids, IRIs) that are answered 404/422 naming the parameter, never 500.

Issue 11, findings 4 (ids), 6 (security headers) and 7 (an honest HTTP surface).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from graphkit.api.app import create_app
from graphkit.config import Settings
from graphkit.store import open_store
from tests.api.conftest import HEAVY_QUERY, AppFactory, error_of

#: Header → a test of its value, for every response the app sends.
SECURITY_HEADERS = {
    "content-security-policy": lambda v: (
        "frame-ancestors 'none'" in v
        and "script-src 'self'" in v
        and "default-src 'none'" in v
        and "'unsafe-inline'" not in v
        and "'unsafe-eval'" not in v
    ),
    "x-frame-options": lambda v: v == "DENY",
    "x-content-type-options": lambda v: v == "nosniff",
    "referrer-policy": lambda v: v == "no-referrer",
}

HTML = {"accept": "text/html"}


def _secured(response: httpx.Response) -> None:
    for name, ok in SECURITY_HEADERS.items():
        assert name in response.headers, (response.request.url, name, dict(response.headers))
        assert ok(response.headers[name]), (response.request.url, name, response.headers[name])
        assert len(response.headers.get_list(name)) == 1, (name, response.headers.get_list(name))


@pytest.fixture(scope="module")
def buggy_client(bundled_store_path: Path) -> Iterator[TestClient]:
    """The app with one extra route that fails like a bug (a plain exception → 500)."""
    settings = Settings(store=bundled_store_path)
    app = create_app(settings, open_store(settings, read_only=True), workers=False)

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom, include_in_schema=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


# --- finding 6: security headers on every response ---------------------------------------------


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/", HTML, 200),  # page
        ("/", {}, 200),  # JSON twin
        ("/graph?focus=bbwa", HTML, 200),
        ("/sparql", HTML, 200),  # the editor
        ("/sparql", {}, 200),  # the service description
        ("/sparql?query=ASK%20%7B%7D", {"accept": "application/sparql-results+json"}, 200),
        ("/id/bbwa", HTML, 200),
        ("/id/bbwa", {"accept": "text/turtle"}, 200),
        ("/api/entities/bbwa", {}, 200),
        ("/api/search?q=berlin", {}, 200),
        ("/search?q=berlin", HTML, 200),
        ("/docs", HTML, 200),
        ("/openapi.json", {}, 200),
        ("/healthz", {}, 200),
        ("/.well-known/void", {}, 200),
        ("/static/site.css", {}, 200),  # static file
        ("/static/vis-network/vis-network.min.js", {}, 200),
        ("/static/nothing-here.js", {}, 404),  # static 404
        ("/nothing-here", {}, 404),  # route 404, JSON
        ("/nothing-here", HTML, 404),  # route 404, page
        ("/api/entities/no-such-entity", {}, 404),
        ("/api/search?q=", {}, 422),  # FastAPI's validation, reshaped
        ("/sparql?query=SELECT", {}, 400),  # a SPARQL syntax error
        ("/favicon.ico", {}, 308),  # a redirect
    ],
)
def test_every_response_carries_the_security_headers(
    api_client: TestClient, path: str, headers: dict[str, str], status: int
) -> None:
    response = api_client.get(path, headers=headers, follow_redirects=False)
    assert response.status_code == status, (path, response.text[:300])
    _secured(response)


def test_a_bug_answers_500_in_the_one_shape_with_the_security_headers(buggy_client: TestClient) -> None:
    response = buggy_client.get("/boom")
    error_of(response, 500)
    assert "a bug" not in response.text and "Traceback" not in response.text
    _secured(response)


def test_the_csp_allows_only_this_server_and_no_framing(api_client: TestClient) -> None:
    policy = api_client.get("/").headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    # Inline styles only by hash (vis-network's own style sheets), never 'unsafe-inline'.
    assert all(s == "'self'" or s.startswith("'sha256-") for s in directives["style-src"])
    assert directives["connect-src"] == ["'self'"]


# --- finding 7: HEAD, 405 with Allow, 503 with Retry-After ---------------------------------------


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/stats", {}),
        ("/api/entities/bbwa", {}),
        ("/id/bbwa", HTML),
        ("/id/bbwa", {"accept": "text/turtle"}),
        ("/sparql?query=ASK%20%7B%7D", {"accept": "application/sparql-results+json"}),
        ("/static/site.css", {}),
        ("/api/entities/no-such-entity", {}),  # HEAD of an error: its status, no body
        ("/nothing-here", {}),
    ],
)
def test_head_answers_like_get_without_a_body(
    api_client: TestClient, path: str, headers: dict[str, str]
) -> None:
    got = api_client.get(path, headers=headers)
    head = api_client.head(path, headers=headers)
    assert head.status_code == got.status_code, (path, head.status_code, got.status_code)
    assert head.content == b""
    for name in ("content-type", "content-length", "vary", *SECURITY_HEADERS):
        assert head.headers.get(name) == got.headers.get(name), (path, name)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/stats", "GET, HEAD"),
        ("POST", "/api/entities/bbwa", "GET, HEAD"),
        ("PUT", "/id/bbwa", "GET, HEAD"),
        ("PATCH", "/sparql", "GET, HEAD, POST"),
        ("DELETE", "/static/site.css", "GET, HEAD"),
        ("PATCH", "/rdf-graphs?graph=graph:x", "GET, HEAD, POST, PUT, DELETE"),
    ],
)
def test_405_lists_the_methods_the_path_answers(
    api_client: TestClient, method: str, path: str, allow: str
) -> None:
    response = api_client.request(method, path)
    error = error_of(response, 405, "method_not_allowed")
    assert response.headers["allow"] == allow
    assert error["detail"]["allow"] == allow
    _secured(response)


def test_query_timeout_answers_503_with_retry_after(serve_copy: AppFactory) -> None:
    with serve_copy(read_only=True, query_timeout=0.5, sparql_workers=1) as client:
        response = client.get(
            "/sparql", params={"query": HEAVY_QUERY}, headers={"accept": "application/sparql-results+json"}
        )
        error_of(response, 503, "query_timeout")
        assert int(response.headers["retry-after"]) >= 1
        _secured(response)


def test_openapi_declares_errors_head_and_retry_after(api_client: TestClient) -> None:
    spec = api_client.get("/openapi.json").json()
    entity = spec["paths"]["/api/entities/{id}"]["get"]["responses"]
    assert {"200", "404", "422", "503"} <= set(entity)
    assert entity["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    assert "Retry-After" in entity["503"]["headers"]
    sparql = spec["paths"]["/sparql"]["get"]
    assert {"400", "403", "406", "413", "503"} <= set(sparql["responses"])
    assert "query" in {p["name"] for p in sparql["parameters"]}
    assert "HTTPValidationError" not in spec["components"]["schemas"]


# --- finding 4: references are valid, 404 or 422 naming the parameter, never 500 -----------------


def _foreign(iri: str) -> str:
    return "~" + base64.urlsafe_b64encode(iri.encode("utf-8")).rstrip(b"=").decode("ascii")


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        # Issue 11: `://` after the start of an id gave a 500 with 445 KB of traceback.
        ("/api/entities/x/y://z", "id"),
        ("/id/doc/file:///x", "id"),
        ("/entities/x/y://z", "id"),
        ("/api/entities/x/y://z/neighbourhood", "id"),
        # IRIs the store's parser refuses: a bad percent escape, a non-character, a bad host.
        ("/api/entities/http://example.org/%zz", "id"),
        ("/api/entities/" + _foreign("https://w3id.org/graphkit/id/\ufff0"), "id"),
        ("/id/http://[x]/", "id"),
        ("/api/path?from=http://example.org/%zz&to=bbwa", "from"),
        ("/api/path?from=bbwa&to=x/y://z", "to"),
        ("/graph?focus=http://example.org/%zz", "focus"),
        ("/graph?focus=http://[x]/", "focus"),
        ("/api/search?q=berlin&type=http://example.org/%zz", "type"),
        ("/api/entities/bbwa/neighbourhood?predicate=http://example.org/%zz", "predicate"),
        ("/api/entities/bbwa/neighbourhood?type=http://example.org/%zz", "type"),
        ("/api/entities/~!!!", "id"),
        ("/api/entities/%00", "id"),
    ],
)
def test_bad_references_are_422_naming_the_parameter(
    api_client: TestClient, path: str, parameter: str
) -> None:
    response = api_client.get(path)
    error = error_of(response, 422)
    assert error["detail"]["parameter"] == parameter, error
    assert len(response.content) < 2_000  # a message, not a traceback


@pytest.mark.parametrize(
    "path",
    [
        "/api/entities/nobody",
        "/api/entities/http://example.org/nobody",
        "/api/entities/id:nobody",
        "/id/doc/nothing",
        "/entities/" + _foreign("http://example.org/nobody"),
    ],
)
def test_unknown_entities_are_404(api_client: TestClient, path: str) -> None:
    error_of(api_client.get(path), 404, "not_found")
