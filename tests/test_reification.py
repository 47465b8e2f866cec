"""RDF 1.2 annotations in, RDF 1.1 reification stored: what every backend can hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import LoadError, ValidationFailed
from graphkit.ingest import load_files
from graphkit.query import run_query
from graphkit.store import GraphStore
from graphkit.store.rdflib_store import RDFLibStore

HEAD = """@prefix gk: <https://w3id.org/graphkit/ontology#> .
@prefix : <https://w3id.org/graphkit/id/> .
@prefix doc: <https://w3id.org/graphkit/id/doc/> .
@prefix graph: <https://w3id.org/graphkit/graph/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
graph:t {
  graph:t gk:source doc:d ; gk:certainty "stated" .
  doc:d a gk:SourceDocument ; rdfs:label "d"@en , "d"@de .
  :net a gk:Network ; rdfs:label "Netz"@de , "Network"@en .
  :forum a gk:Forum ; rdfs:label "Forum"@de , "Forum"@en ; gk:organizedBy :net ;
"""

EVIDENCE = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX gk: <https://w3id.org/graphkit/ontology#>
SELECT ?p ?o ?quote ?line ?qualifier ?asOf WHERE {
  GRAPH ?g { ?r a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gk:quote ?quote ;
               gk:line ?line .
             OPTIONAL { ?r gk:qualifier ?qualifier } OPTIONAL { ?r gk:asOf ?asOf } }
} ORDER BY ?quote
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "t.trig"
    path.write_text(HEAD + body + "\n}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_annotations_are_stored_as_reification_beside_the_asserted_statement(
    tmp_path: Path, store: GraphStore, backend: str
) -> None:
    path = _write(
        tmp_path,
        """  gk:participantCount 200 {| gk:quote "Fast 200 Teilnehmende"@de ; gk:line 9 ;
                                       gk:qualifier gk:almost |}
                                   {| gk:quote "almost 200"@en ; gk:line 3 ;
                                      gk:asOf "2021"^^xsd:gYear |} .""",
    )
    target = store if backend == "oxigraph" else RDFLibStore()
    load_files(target, [path], curated=True)
    rows = run_query(target, EVIDENCE).rows or []
    assert [(r["quote"].value, r["line"].value) for r in rows] == [
        ("Fast 200 Teilnehmende", "9"),
        ("almost 200", "3"),
    ]
    assert rows[0]["qualifier"].value.endswith("#almost") and rows[1]["asOf"].value == "2021"
    asserted = run_query(target, "ASK { <https://w3id.org/graphkit/id/forum> ?p 200 }")
    assert asserted.boolean is True  # the statement itself stays where it was


def test_a_broken_annotation_names_its_file_and_line_and_loads_nothing(
    tmp_path: Path, store: GraphStore
) -> None:
    path = _write(
        tmp_path,
        """  gk:participantCount 200
        {| gk:quote "Fast 200"@de ;
           gk:line 0 |} .""",
    )
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [path], curated=True)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "gk:line 0" in text)
    assert f"{path}:{line}: an annotation gk:line" in raised.value.message
    assert store.count() == 0


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "  gk:participantCount 200 .\n  :forum gk:about <<( :forum gk:participantCount 200 )>> .",
            "cannot store it",
        ),
        (
            "  gk:participantCount 200 .\n  _:r <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies>"
            " <<( :forum gk:about <<( :forum gk:participantCount 200 )>> )>> .",
            "about a statement",
        ),
    ],
)
def test_triple_terms_elsewhere_are_refused_naming_the_file(
    tmp_path: Path, store: GraphStore, text: str, problem: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(LoadError) as raised:
        load_files(store, [path], curated=True)
    assert str(path) in raised.value.message and problem in raised.value.message
    assert store.count() == 0
