"""serialize_query: results written by pyoxigraph's serialisers, capped, alike on every backend."""

from __future__ import annotations

import io
import json

import pytest
import rdflib
from rdflib.query import Result

from graphkit.errors import BadRequest, QueryError, QueryRefused, QueryTimeout
from graphkit.model import QueryKind, Term
from graphkit.query import read_query_file, run_query, serialize_query
from graphkit.results import GRAPH_FORMATS, SOLUTION_FORMATS, ResultFormat
from graphkit.store import GraphStore, RDFLibStore
from tests.conftest import isomorphic

EVERY_FORMAT: dict[QueryKind, ResultFormat] = {"select": ResultFormat.JSON, "ask": ResultFormat.JSON}
RDFLIB_NAMES = {
    ResultFormat.JSON: "json",
    ResultFormat.XML: "xml",
    ResultFormat.CSV: "csv",
    ResultFormat.TSV: "tsv",
    ResultFormat.TURTLE: "turtle",
    ResultFormat.NTRIPLES: "nt",
    ResultFormat.JSONLD: "json-ld",
    ResultFormat.RDFXML: "xml",
}
BERLIN = "https://w3id.org/graphkit/id/berlin"
SEVEN = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 6 7 } } ORDER BY ?n"
SEVEN_TRIPLES = (
    "CONSTRUCT { ?s <urn:p> ?n } WHERE "
    '{ VALUES ?n { 1 2 3 4 5 6 7 } BIND(IRI(CONCAT("urn:", STR(?n))) AS ?s) }'
)
#: Answers with IRIs, typed and tagged literals, unbound variables, and strings with tabs,
#: line breaks and quotes.
SELECTS = [
    read_query_file("forum-figures"),
    read_query_file("forum-workshop-cities"),
    'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("tab\\there" <urn:x>) ("line\\nbreak \\"quoted\\""@en UNDEF) } }',
]
CONSTRUCTS = [
    f"CONSTRUCT WHERE {{ <{BERLIN}> ?p ?o }}",
    f"DESCRIBE <{BERLIN}>",
    'CONSTRUCT { _:b <urn:says> "tab\\there"@en , "line\\nbreak" } WHERE {}',
]


def formats_for(fmt: ResultFormat) -> dict[QueryKind, ResultFormat]:
    return {"graph": fmt} if fmt in GRAPH_FORMATS else {"select": fmt, "ask": fmt}


def rows_of(body: bytes, fmt: ResultFormat) -> list[tuple[object, ...]]:
    return sorted((tuple(row) for row in Result.parse(io.BytesIO(body), format=RDFLIB_NAMES[fmt])), key=repr)


@pytest.mark.parametrize("fmt", SOLUTION_FORMATS)
@pytest.mark.parametrize("query", SELECTS, ids=["figures", "cities", "escapes"])
def test_select_is_the_same_on_both_backends(
    loaded: GraphStore, loaded_rdflib: RDFLibStore, query: str, fmt: ResultFormat
) -> None:
    ours = serialize_query(loaded, query, formats=formats_for(fmt))
    reference = serialize_query(loaded_rdflib, query, formats=formats_for(fmt))
    assert (ours.kind, ours.format, ours.truncated) == ("select", fmt, False)
    if "ORDER BY" in query or "VALUES" in query:  # the same rows in the same order
        assert ours.body == reference.body
    if fmt is not ResultFormat.XML or "UNDEF" not in query:  # rdflib's XML parser drops unbound cells
        assert rows_of(ours.body, fmt) == rows_of(reference.body, fmt)
        assert len(rows_of(ours.body, fmt)) == len(run_query(loaded, query).rows)


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
@pytest.mark.parametrize("query", CONSTRUCTS, ids=["construct", "describe", "escapes"])
def test_graphs_are_the_triples_of_run_query(loaded: GraphStore, query: str, fmt: ResultFormat) -> None:
    result = serialize_query(loaded, query, formats=formats_for(fmt))
    assert (result.kind, result.format, result.truncated) == ("graph", fmt, False)
    got = rdflib.Graph().parse(data=result.body, format=RDFLIB_NAMES[fmt])
    lines = [
        " ".join(t.to_ntriples() for t in triple) + " .\n" for triple in run_query(loaded, query).triples
    ]
    assert isomorphic(got, rdflib.Graph().parse(data="".join(lines), format="nt"))


def test_turtle_uses_the_prefixes_it_needs(loaded: GraphStore) -> None:
    body = serialize_query(loaded, CONSTRUCTS[0], formats={"graph": ResultFormat.TURTLE}).body.decode()
    assert "@prefix id: <https://w3id.org/graphkit/id/>" in body and "id:berlin" in body
    assert "@prefix sh:" not in body


def test_json_is_sparql_results_json(loaded: GraphStore) -> None:
    body = json.loads(serialize_query(loaded, read_query_file("forum-figures"), formats=EVERY_FORMAT).body)
    binding = body["results"]["bindings"][0]
    assert binding["start"] == {
        "type": "literal",
        "value": "2021-11-15",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert binding["asStated"]["xml:lang"] == "de"
    ask = serialize_query(loaded, "ASK { ?s ?p ?o }", formats=EVERY_FORMAT)
    assert (ask.kind, json.loads(ask.body)) == ("ask", {"head": {}, "boolean": True})


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("fmt", SOLUTION_FORMATS)
def test_the_row_cap_cuts_at_a_row_and_says_so(
    loaded: GraphStore, loaded_rdflib: RDFLibStore, backend: str, fmt: ResultFormat
) -> None:
    store = loaded if backend == "oxigraph" else loaded_rdflib
    result = serialize_query(store, SEVEN, formats=formats_for(fmt), max_rows=3)
    assert result.truncated
    rows = [str(row[0]) for row in Result.parse(io.BytesIO(result.body), format=RDFLIB_NAMES[fmt])]
    assert rows == ["1", "2", "3"]
    exact = serialize_query(store, SEVEN, formats=formats_for(fmt), max_rows=7)
    assert not exact.truncated


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_the_row_cap_cuts_a_graph(loaded: GraphStore, fmt: ResultFormat) -> None:
    result = serialize_query(loaded, SEVEN_TRIPLES, formats=formats_for(fmt), max_rows=3)
    assert result.truncated
    assert len(rdflib.Graph().parse(data=result.body, format=RDFLIB_NAMES[fmt])) == 3


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_the_byte_cap_keeps_the_rows_that_fit(
    loaded: GraphStore, loaded_rdflib: RDFLibStore, backend: str
) -> None:
    store = loaded if backend == "oxigraph" else loaded_rdflib
    query = 'SELECT ?t WHERE { VALUES ?t { "' + "a" * 120 + '" "' + "b" * 120 + '" } } ORDER BY ?t'
    one = serialize_query(store, query, formats=EVERY_FORMAT, max_bytes=200)
    assert one.truncated
    assert [b["t"]["value"] for b in json.loads(one.body)["results"]["bindings"]] == ["a" * 120]
    assert not serialize_query(store, query, formats=EVERY_FORMAT, max_bytes=300).truncated


def test_a_long_result_stops_at_the_cap(loaded: GraphStore) -> None:
    # Four copies of the store joined: billions of rows, unless reading stops at the cap.
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = serialize_query(loaded, query, formats={"select": ResultFormat.TSV}, max_rows=5000)
    assert result.truncated and result.body.count(b"\n") == 5001


def test_reading_past_the_time_limit_is_stopped(loaded: GraphStore) -> None:
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryTimeout):
        serialize_query(loaded, query, formats=EVERY_FORMAT, max_rows=10**9, timeout=0.2)


def test_an_empty_pattern_is_one_empty_row(loaded: GraphStore) -> None:
    result = serialize_query(loaded, "SELECT * WHERE {}", formats=EVERY_FORMAT)
    assert json.loads(result.body) == {"head": {"vars": []}, "results": {"bindings": [{}]}}


def test_a_kind_without_a_format_is_not_read(loaded: GraphStore) -> None:
    result = serialize_query(loaded, SEVEN, formats={"graph": ResultFormat.TURTLE})
    assert (result.kind, result.format, result.body) == ("select", None, b"")
    with pytest.raises(BadRequest):
        serialize_query(loaded, SEVEN, formats={"select": ResultFormat.TURTLE})


def test_bindings_are_substituted(loaded: GraphStore) -> None:
    query = "SELECT ?thing ?label WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    result = serialize_query(
        loaded, query, formats={"select": ResultFormat.CSV}, bindings={"thing": Term.iri(BERLIN)}
    )
    assert result.body.decode().splitlines()[1:] == [f"{BERLIN},Berlin"] * 2  # @de and @en


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("SELECT ?x WHERE {\n  ?x ?p }", QueryError),
        ("INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } }", QueryRefused),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", QueryRefused),
    ],
)
def test_errors_are_the_guards(loaded: GraphStore, query: str, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        serialize_query(loaded, query, formats=EVERY_FORMAT)
    assert raised.value.detail["line"] >= 1  # type: ignore[attr-defined]
