"""Every statement in data/ can be traced by SPARQL to the document it comes from."""

from __future__ import annotations

from graphkit.namespaces import ONTOLOGY_GRAPH
from graphkit.query import run_query
from graphkit.store import GraphStore
from tests.conftest import answer

UNTRACEABLE = """
PREFIX gk: <https://w3id.org/graphkit/ontology#>
SELECT ?g (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?g { ?g gk:source ?doc } }
} GROUP BY ?g
"""

DOCUMENTS = """
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?doc ?title ?url ?typed WHERE {
  GRAPH ?g { ?g gk:source ?doc }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc gk:url ?url }
  BIND (EXISTS { ?doc a gk:SourceDocument } AS ?typed)
}
"""

TRACE_ONE = """
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX id: <https://w3id.org/graphkit/id/>
SELECT ?doc WHERE { GRAPH ?g { id:eurocities-saf-2021 gk:hostedBy id:senias . ?g gk:source ?doc } }
"""


def test_only_the_ontology_and_the_load_records_lack_a_source(loaded: GraphStore) -> None:
    # graph:loads holds graphkit's own record of how every graph was loaded.
    assert answer(run_query(loaded, UNTRACEABLE), "g") == {("graph:graphkit",), ("graph:loads",)}
    assert ONTOLOGY_GRAPH.endswith("/graph/graphkit")


def test_every_source_is_a_source_document_with_its_web_address(loaded: GraphStore) -> None:
    rows = answer(run_query(loaded, DOCUMENTS), "doc", "title", "url", "typed")
    documents = {doc for doc, _t, _u, _typed in rows}
    assert len(documents) == len(rows)  # at most one title and one address each
    assert len(documents) > 100
    assert all(typed == "true" for _d, _t, _u, typed in rows)
    # Every page has its address; only the curators' own notes have none.
    assert {doc for doc, _t, url, _typed in rows if url is None} == {"id:doc/graphkit-curation"}
    # The seed documents keep their titles.
    titles = {doc: title for doc, title, _u, _typed in rows}
    assert titles["id:doc/bbwa-eurocities-2021"].startswith("Berliner BBWA als Best Practice")
    assert titles["id:doc/biwaq-themenwerkstatt-2020"] == "Virtuelle BIWAQ-Themenwerkstatt 2020"


def test_a_fact_traces_to_every_document_that_states_it(loaded: GraphStore) -> None:
    assert answer(run_query(loaded, TRACE_ONE)) == {
        ("id:doc/bbwa-eurocities-2021",),
        ("id:doc/senias-pm-saf-2021",),
    }


def test_seed_documents_are_entities_with_title_publisher_and_date(loaded: GraphStore) -> None:
    query = """
    PREFIX gk: <https://w3id.org/graphkit/ontology#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?doc ?file ?issued ?publisher WHERE {
      ?doc gk:localFile ?file ; dcterms:issued ?issued ; dcterms:title ?t .
      ?doc gk:isPartOfPublication?/gk:publisher ?publisher .
    }"""
    assert answer(run_query(loaded, query)) == {
        ("id:doc/bbwa-eurocities-2021", "000_a69ab9d00e4684dc.txt", "2021-12-07", "id:bbwa"),
        ("id:doc/biwaq-themenwerkstatt-2020", "002_3a617df06ec068d5.txt", "2021-03-25", "id:bmas"),
    }
