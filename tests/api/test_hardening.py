"""Regression tests for the hardening findings (issue 11): requests that must not break the server."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from graphkit.query import list_named_queries, read_query_file
from tests.servers import serve_process

from .conftest import AppFactory

pytestmark = pytest.mark.slow

#: Sixteen different query texts: each is a first query for the grammar's parse actions.
FIRST_QUERIES = [
    "PREFIX gk: <https://w3id.org/graphkit/ontology#>\n"
    f'SELECT ?s (COUNT(?o) AS ?c) WHERE {{ ?s gk:x{i} ?o . OPTIONAL {{ ?o ?p "a"@en }} '
    f"FILTER(?o != {i}) }} GROUP BY ?s ORDER BY DESC(?c) LIMIT {i + 1}"
    for i in range(16)
]


def test_concurrent_first_parses_in_a_fresh_process_all_succeed() -> None:
    """rdflib's pyparsing grammar learns parse-action arities on first use; 16 threads at once broke it."""
    script = textwrap.dedent(
        """
        import json, sys, threading
        from graphkit.guard import check_query
        queries = json.loads(sys.stdin.read())
        barrier = threading.Barrier(len(queries))
        errors = []
        def first(text):
            barrier.wait()
            try:
                check_query(text)
            except Exception as error:
                errors.append(repr(error))
        threads = [threading.Thread(target=first, args=(q,)) for q in queries]
        for t in threads: t.start()
        for t in threads: t.join()
        try:
            check_query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        except Exception as error:
            errors.append("afterwards: " + repr(error))
        print(json.dumps(errors))
        """
    )
    import json

    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(FIRST_QUERIES),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout) == []


def test_sixteen_concurrent_first_queries_on_a_fresh_server(
    copy_store: Callable[[], Path], tmp_path: Path
) -> None:
    """The race broke /sparql for the life of the process: every later query got a 500."""
    with serve_process(copy_store(), "--workers", "4", log=tmp_path / "serve.log") as server:
        barrier = threading.Barrier(len(FIRST_QUERIES))
        statuses: list[int] = []

        def first(text: str) -> None:
            barrier.wait()
            response = httpx.post(
                server.url + "/sparql",
                data={"query": text},
                headers={"Accept": "application/sparql-results+json"},
                timeout=60,
            )
            statuses.append(response.status_code)

        threads = [threading.Thread(target=first, args=(q,)) for q in FIRST_QUERIES]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # Every first query is answered (200) or, with every worker busy, told to retry (503).
        assert all(status in (200, 503) for status in statuses), statuses
        assert statuses.count(200) >= 4, statuses
        # …and the server keeps answering: every bundled query works afterwards.
        for name in list_named_queries():
            response = httpx.post(
                server.url + "/sparql",
                data={"query": read_query_file(name)},
                headers={"Accept": "application/sparql-results+json"},
                timeout=60,
            )
            assert response.status_code == 200, (name, response.text[:300])
        assert "Traceback" not in server.log.read_text(errors="replace")


# --- finding 2: body and query size limits (413), in-process app with small limits ------------


def test_query_string_form_and_upload_over_their_limits_get_413(serve_copy: AppFactory) -> None:
    from .conftest import UPDATE_TOKEN, error_of

    with serve_copy(max_query_bytes=1000, max_body_bytes=2000, update_token=UPDATE_TOKEN) as client:
        long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1000
        over_text = client.get(
            "/sparql", params={"query": long_query}, headers={"Accept": "application/json"}
        )
        assert error_of(over_text, 413, "too_large")["detail"]["setting"] == "GRAPHKIT_MAX_QUERY_BYTES"
        over_string = client.get("/sparql", params={"query": "%" * 4000})
        assert error_of(over_string, 413, "too_large")["detail"]["setting"] == "GRAPHKIT_MAX_QUERY_BYTES"
        direct = client.post(
            "/sparql", content=long_query, headers={"Content-Type": "application/sparql-query"}
        )
        assert error_of(direct, 413, "too_large")["detail"]["limit"] == 1000
        update = client.post(
            "/sparql",
            content="INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> '" + "x" * 1000 + "' } }",
            headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {UPDATE_TOKEN}"},
        )
        error_of(update, 413, "too_large")
        upload = client.put(
            "/rdf-graphs",
            params={"graph": "graph:big"},
            content=b"<urn:a> <urn:b> <urn:c> .\n" * 100,
            headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {UPDATE_TOKEN}"},
        )
        assert error_of(upload, 413, "too_large")["detail"]["setting"] == "GRAPHKIT_MAX_BODY_BYTES"
        small = client.post(
            "/sparql", data={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/json"}
        )
        assert small.status_code == 200, small.text


def test_a_query_nested_60_braces_deep_is_400_not_500(serve_copy: AppFactory) -> None:
    from .conftest import error_of

    with serve_copy(read_only=True) as client:
        for suffix in ("", " # from"):
            response = client.get(
                "/sparql", params={"query": "SELECT * WHERE " + "{" * 60 + "}" * 60 + suffix}
            )
            assert "nested deeper than 32" in error_of(response, 400, "query_error")["message"]
