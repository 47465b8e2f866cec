"""run_query: guarded (no SERVICE, no updates), bound, capped; errors carry line and column."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graphkit.errors import NotFound, QueryError, QueryRefused, QueryTimeout
from graphkit.model import Term
from graphkit.query import check_query, read_query_file, run_query, serialize_query
from graphkit.results import ResultFormat, format_result
from graphkit.store import GraphStore
from tests.conftest import answer

LABEL = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?thing rdfs:label ?label FILTER (lang(?label) = "en") }
"""


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE ?endpoint { ?s ?p ?o } }",
        "LOAD <http://example.org/data.ttl>",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DROP ALL",
    ],
)
def test_service_and_updates_are_refused(loaded: GraphStore, sparql: str) -> None:
    with pytest.raises(QueryError) as raised:
        run_query(loaded, sparql)
    assert raised.value.detail["line"] >= 1
    assert "refused" in raised.value.message


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT ?service WHERE { BIND ("SERVICE <http://x>" AS ?service) }',
        "PREFIX service: <http://e/> SELECT * WHERE { ?s service:load ?o } # SERVICE in a comment",
        "SELECT * WHERE { ?s <http://e/SERVICE> ?o }",
    ],
)
def test_the_word_service_elsewhere_is_fine(sparql: str) -> None:
    check_query(sparql)


def test_service_refusal_reports_where(loaded: GraphStore) -> None:
    with pytest.raises(QueryError) as raised:
        run_query(loaded, "SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE <http://x> { ?s ?p ?o } }")
    assert raised.value.detail == {"line": 3, "column": 3, "keyword": "SERVICE"}


def test_syntax_error_has_line_and_column(loaded: GraphStore) -> None:
    with pytest.raises(QueryError) as raised:
        run_query(loaded, "SELECT ?s WHERE {\n  ?s ?p }")
    assert raised.value.detail["line"] == 2
    assert "column" in raised.value.detail
    assert "line 2" in raised.value.message


def test_rows_are_capped_and_flagged(loaded: GraphStore) -> None:
    result = run_query(loaded, LABEL, max_rows=5)
    assert len(result.rows) == 5
    assert result.truncated
    assert not run_query(loaded, LABEL, max_rows=100_000).truncated


def test_bindings_are_substituted_not_pasted(loaded: GraphStore) -> None:
    query = LABEL.replace("SELECT ?label", "SELECT ?thing ?label")
    bound = {"thing": Term.iri("https://w3id.org/graphkit/id/berlin")}
    assert answer(run_query(loaded, query, bindings=bound), "label") == {("Berlin",)}
    hostile = {"thing": Term.literal('x" } ; DROP ALL ; SELECT * { "')}
    assert run_query(loaded, query, bindings=hostile).rows == []


def test_binding_a_variable_the_query_does_not_select_is_a_bad_request(loaded: GraphStore) -> None:
    from graphkit.errors import BadRequest

    with pytest.raises(BadRequest) as raised:
        run_query(loaded, LABEL, bindings={"thing": Term.iri("https://w3id.org/graphkit/id/berlin")})
    assert raised.value.detail == {"parameter": "bindings"}


def test_ask_and_construct(loaded: GraphStore) -> None:
    ask = run_query(loaded, "ASK { ?s a <https://w3id.org/graphkit/ontology#Forum> }")
    assert ask.kind == "ask" and ask.boolean is True
    construct = run_query(
        loaded,
        "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c FILTER (?c = <https://w3id.org/graphkit/ontology#Forum>) }",
    )
    subjects = {s.value for s, _, _ in construct.triples}
    assert construct.kind == "graph" and "https://w3id.org/graphkit/id/eurocities-saf-2021" in subjects


def test_json_output_is_sparql_results_json(loaded: GraphStore) -> None:
    result = run_query(loaded, read_query_file("forum-figures"))
    body = json.loads(format_result(result, ResultFormat.JSON))
    assert body["head"]["vars"] == result.variables
    binding = body["results"]["bindings"][0]
    assert binding["start"] == {
        "type": "literal",
        "value": "2021-11-15",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert binding["asStated"]["xml:lang"] == "de"


def test_csv_and_tsv_output(loaded: GraphStore) -> None:
    result = run_query(loaded, read_query_file("forum-workshop-cities"))
    csv_text = format_result(result, ResultFormat.CSV)
    assert csv_text.splitlines()[0] == "city,cityLabel,country,countryLabel"
    assert (
        "https://w3id.org/graphkit/id/glasgow,Glasgow,"
        "https://w3id.org/graphkit/id/united-kingdom,United Kingdom" in csv_text
    )
    tsv_text = format_result(result, ResultFormat.TSV)
    assert tsv_text.splitlines()[0] == "?city\t?cityLabel\t?country\t?countryLabel"
    assert '<https://w3id.org/graphkit/id/vantaa>\t"Vantaa"@en' in tsv_text


def test_turtle_output_needs_a_graph_query(loaded: GraphStore) -> None:
    from graphkit.errors import BadRequest

    with pytest.raises(BadRequest, match="CONSTRUCT"):
        format_result(run_query(loaded, LABEL), ResultFormat.TURTLE)
    result = run_query(loaded, "CONSTRUCT WHERE { <https://w3id.org/graphkit/id/berlin> ?p ?o }")
    text = format_result(result, ResultFormat.TURTLE)
    assert "@prefix gk:" in text and "id:berlin" in text


def test_unknown_named_query_lists_the_known_ones() -> None:
    with pytest.raises(NotFound) as raised:
        read_query_file("no-such-query")
    assert "forum-workshop-cities" in raised.value.message


@pytest.mark.parametrize(
    "sparql",
    [
        r"SELECT * WHERE { SERV\u0049CE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE#comment\n\t<http://127.0.0.1:9/>{ ?s ?p ?o } }",
        "SELECT * WHERE { OPTIONAL { FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
        "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
        "PREFIX e: <file:///etc/> SELECT * FROM NAMED e:passwd WHERE { GRAPH ?g { ?s ?p ?o } }",
        "ASK FROM <http://127.0.0.1:9/x> { ?s ?p ?o }",
        r"LO\u0041D <http://127.0.0.1:9/x.ttl>",
    ],
)
def test_disguised_federation_and_loading_are_refused(loaded: GraphStore, sparql: str) -> None:
    with pytest.raises(QueryRefused):
        run_query(loaded, sparql)


def test_from_a_graph_of_this_store_is_allowed(loaded: GraphStore) -> None:
    graph = "https://w3id.org/graphkit/graph/bbwa-eurocities-2021"
    sparql = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    result = run_query(loaded, sparql)
    assert int(result.rows[0]["n"].value) == loaded.count(
        "https://w3id.org/graphkit/graph/bbwa-eurocities-2021"
    )


def test_updates_pass_the_guard_only_when_allowed() -> None:
    with pytest.raises(QueryRefused):
        check_query("INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } }")
    allowed = check_query(
        "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } }", allow_update=True
    )
    assert allowed.operation == "update"
    assert allowed.graphs == frozenset({"http://g"})
    with pytest.raises(QueryRefused):
        check_query("LOAD <http://127.0.0.1:9/x.ttl>", allow_update=True)
    with pytest.raises(QueryRefused):
        check_query(
            "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", allow_update=True
        )


def test_byte_cap_truncates(loaded: GraphStore) -> None:
    result = run_query(loaded, "SELECT * WHERE { ?s ?p ?o }", max_bytes=2000)
    assert result.truncated and 0 < len(result.rows) < 30


def test_a_result_is_let_go_by_the_thread_that_read_it(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyoxigraph's results are unsendable: one kept alive by a frame in a traceback (rdflib's
    parser caches its exceptions) was dropped, and leaked, by whichever thread collected it."""
    from graphkit.store.query import NativeResult

    made: list[NativeResult] = []
    query = loaded.query

    def keep(*args: Any, **kwargs: Any) -> Any:
        made.append(query(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(loaded, "query", keep)
    everything, tsv = "SELECT * WHERE { ?s ?p ?o }", {"select": ResultFormat.TSV}
    run_query(loaded, everything, max_rows=3)
    run_query(
        loaded, "PREFIX r: <http://www.w3.org/2000/01/rdf-schema#> SELECT (COUNT(*) AS ?n) { ?x r:l ?l }"
    )
    serialize_query(loaded, everything, formats=tsv, max_rows=3)
    serialize_query(loaded, everything, formats={"graph": ResultFormat.TURTLE})
    with pytest.raises(QueryTimeout):
        run_query(loaded, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", max_rows=10**9, timeout=0.05)
    assert len(made) == 5
    assert all(r.native is None and r.rows is None and r.keepalive is None for r in made)
