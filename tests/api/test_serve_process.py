"""A real `graphkit serve` process on a free port, used by real SPARQL client libraries."""

from __future__ import annotations

import io
import re
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document

import httpx
import pytest
import rdflib
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.conftest import isomorphic
from tests.servers import serve_process

from .conftest import BBWA, BBWA_LABELS, LABELS_QUERY, alive, child_pids, wait_for

pytestmark = [
    pytest.mark.slow,
    # SPARQLWrapper builds rdflib's ConjunctiveGraph for RDF/XML and JSON-LD.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

LABELS_CONSTRUCT = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    f"CONSTRUCT {{ <{BBWA}> rdfs:label ?label }} WHERE {{ <{BBWA}> rdfs:label ?label }}"
)
ASK_TRUE = f'ASK {{ <{BBWA}> <{RDFS}label> "{BBWA_LABELS[0][0]}"@de }}'
ASK_FALSE = f'ASK {{ <{BBWA}> <{RDFS}label> "{BBWA_LABELS[0][0]}"@en }}'
LABELS = [rdflib.Literal(text, lang=lang) for text, lang in BBWA_LABELS]
# One access-log line of graphkit.http: client, "METHOD /path?query", status, duration.
LOG_LINE = re.compile(r'graphkit\.http: 127\.0\.0\.1 "(GET|POST|HEAD) (/[^" ]*)" (\d{3}) [\d.]+ ms$')


@dataclass
class Server:
    """The running `graphkit serve` process and what was asked of it."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path
    requests: int = 0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def wrapper(self, query: str, fmt: str, *, only_conneg: bool = False, accept: str | None = None) -> Any:
        """Run `query` with SPARQLWrapper as a researcher would; return the converted result."""
        client = SPARQLWrapper(self.url + "/sparql")
        client.setQuery(query)
        client.setReturnFormat(fmt)
        client.setOnlyConneg(only_conneg)
        if accept:
            client.addCustomHttpHeader("Accept", accept)
        self.requests += 1
        return client.query().convert()


@pytest.fixture(scope="module")
def server(copy_store: Callable[[], Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("serve") / "stderr.log"
    with serve_process(copy_store(), log=log, timeout=30) as started:
        running = Server(started.process, started.url, log, requests=started.polls)
        health = httpx.get(running.url + "/healthz", timeout=5)
        running.requests += 1
        assert health.json()["workers"] == 2
        yield running


def _xml_literals(document: Document) -> list[rdflib.Literal]:
    return [
        rdflib.Literal(node.firstChild.data, lang=node.getAttribute("xml:lang") or None)
        for node in document.getElementsByTagName("literal")
    ]


def _json_literals(data: dict[str, Any]) -> list[rdflib.Literal]:
    return [
        rdflib.Literal(b["label"]["value"], lang=b["label"].get("xml:lang"))
        for b in data["results"]["bindings"]
    ]


def _xml_boolean(document: Document) -> bool:
    (node,) = document.getElementsByTagName("boolean")
    return bool(node.firstChild.data == "true")


def _rows(fmt: str) -> Callable[[Any], list[rdflib.Literal]]:
    return lambda data: [row[0] for row in Result.parse(io.BytesIO(data), format=fmt)]


SELECTS = [
    pytest.param(JSON, False, None, _json_literals, id="json"),
    pytest.param(XML, False, None, _xml_literals, id="xml"),
    pytest.param(CSV, False, None, lambda d: [str(v) for v in _rows("csv")(d)], id="csv"),
    pytest.param(TSV, False, None, _rows("tsv"), id="tsv"),
    pytest.param(TSV, True, None, _rows("tsv"), id="tsv-conneg"),
]


@pytest.mark.parametrize(("fmt", "only_conneg", "accept", "read"), SELECTS)
def test_sparqlwrapper_select(
    server: Server, fmt: str, only_conneg: bool, accept: str | None, read: Callable[[Any], list[Any]]
) -> None:
    got = read(server.wrapper(LABELS_QUERY, fmt, only_conneg=only_conneg, accept=accept))
    assert got == ([text for text, _ in BBWA_LABELS] if fmt == CSV else LABELS)


@pytest.mark.parametrize(
    ("fmt", "read"),
    [
        pytest.param(JSON, lambda d: d["boolean"], id="json"),
        pytest.param(XML, _xml_boolean, id="xml"),
    ],
)
@pytest.mark.parametrize(("query", "answer"), [(ASK_TRUE, True), (ASK_FALSE, False)], ids=["true", "false"])
def test_sparqlwrapper_ask(
    server: Server, fmt: str, read: Callable[[Any], bool], query: str, answer: bool
) -> None:
    assert read(server.wrapper(query, fmt)) is answer


def _graph(fmt: str) -> Callable[[Any], rdflib.Graph]:
    def read(data: Any) -> rdflib.Graph:
        if isinstance(data, rdflib.Graph):  # SPARQLWrapper parsed it already
            return data
        return rdflib.Graph().parse(data=data, format=fmt)

    return read


CONSTRUCTS = [
    pytest.param(TURTLE, False, None, "turtle", id="turtle"),
    pytest.param(N3, False, None, "turtle", id="n3"),
    pytest.param(N3, True, "application/n-triples", "nt", id="ntriples-conneg"),
    pytest.param(JSONLD, False, None, "json-ld", id="jsonld"),
    pytest.param(JSONLD, True, None, "json-ld", id="jsonld-conneg"),
    pytest.param(RDFXML, False, None, "xml", id="rdfxml"),
    pytest.param(XML, False, None, "xml", id="xml"),
    pytest.param(RDFXML, True, None, "xml", id="rdfxml-conneg"),
]


@pytest.mark.parametrize(("fmt", "only_conneg", "accept", "parse_as"), CONSTRUCTS)
def test_sparqlwrapper_construct(
    server: Server, fmt: str, only_conneg: bool, accept: str | None, parse_as: str
) -> None:
    got = _graph(parse_as)(server.wrapper(LABELS_CONSTRUCT, fmt, only_conneg=only_conneg, accept=accept))
    expected = rdflib.Graph()
    for label in LABELS:
        expected.add((rdflib.URIRef(BBWA), RDFS.label, label))
    assert isomorphic(got, expected)


def test_rdflib_sparqlstore_select(server: Server) -> None:
    graph = rdflib.Graph(store=SPARQLStore(query_endpoint=server.url + "/sparql"))
    server.requests += 1
    assert [row[0] for row in graph.query(LABELS_QUERY)] == LABELS


def test_the_server_logs_one_line_per_request_and_stops(server: Server) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    server.requests += 1
    assert response.status_code == 200 and response.text.strip() == "true"
    missing = httpx.get(server.url + "/api/entities/no-such-entity", headers={"Accept": "application/json"})
    server.requests += 1
    assert missing.status_code == 404

    workers = child_pids(server.process.pid)
    assert len(workers) >= 2, "the server runs its query workers as child processes"
    server.stop()
    assert server.process.returncode is not None
    wait_for(lambda: not any(alive(pid) for pid in workers), 10, "the query workers stop with the server")
    log = server.log.read_text(encoding="utf-8", errors="replace")
    lines = [line for line in log.splitlines() if "graphkit.http" in line]
    assert len(lines) == server.requests, log[-3000:]
    parsed = [LOG_LINE.search(line) for line in lines]
    assert all(parsed), [line for line, found in zip(lines, parsed, strict=True) if not found]
    statuses = [found.group(3) for found in parsed if found]
    assert statuses[-2:] == ["200", "404"]
    assert '"GET /api/entities/no-such-entity" 404' in lines[-1]
    assert not re.search(r'\d+ - "GET ', log), "uvicorn's own access log doubles the lines"
