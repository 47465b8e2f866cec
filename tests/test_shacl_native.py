"""The native SHACL validator (shapes compiled to SPARQL on pyoxigraph) agrees with pySHACL.

The reference is `graphkit.validate.validate_graph`, which runs pySHACL with the ontology
mixed in; both sides get the bundled shapes without `gks:DeclaredTermsShape` (graphkit
checks that one natively).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Literal, URIRef

from graphkit import bundled
from graphkit.namespaces import GK, ID, XSD
from graphkit.shacl.native import CompiledShapes, compile_shapes, run_shapes
from graphkit.validate import DECLARED_TERMS_SHAPE, split_max_counts, validate_graph, without_shape
from graphkit.violations import Violation
from tests.conftest import read_graphs

DATA = Path(__file__).parent / "data"
EX = "http://example.org/"
Row = tuple[str, str, str, str, str, str]


def merged(paths: Iterable[Path]) -> rdflib.Graph:
    """All triples of all graphs of the files, in one graph (no prefixes bound).

    Read by graphkit's loader: the curated files write statements' evidence as RDF 1.2
    annotations, which rdflib's parser does not read (the loader stores them as reification).
    """
    graph = rdflib.Graph()
    for found in read_graphs(list(paths)).values():
        graph += found
    return graph


def store_of(data: rdflib.Graph) -> ox.Store:
    store = ox.Store()
    store.load(data.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def rows(violations: Iterable[Violation]) -> list[Row]:
    """Violations as comparable rows; a blank node (a statement's reified evidence) as ``_:``,
    since each side names blank nodes its own way."""

    def node(text: str) -> str:
        return text if ":" in text else "_:"

    return sorted(
        (node(v.focus), v.path or "", v.constraint, v.message, v.value or "", v.severity) for v in violations
    )


def native(data: rdflib.Graph, compiled: CompiledShapes) -> list[Violation]:
    return run_shapes(compiled, store_of(data))


def assert_same(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph) -> list[Row]:
    """Validate both ways; fail with the rows only one side found. Return the rows."""
    expected = rows(validate_graph(data, shapes=shapes, ontology=ontology))
    found = rows(native(data, compile_shapes(shapes, ontology)))
    only_native = Counter(found) - Counter(expected)
    only_pyshacl = Counter(expected) - Counter(found)
    assert not only_native and not only_pyshacl, (sorted(only_native), sorted(only_pyshacl))
    return found


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(bundled.ontology_file())


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return without_shape(rdflib.Graph().parse(bundled.shapes_file()), DECLARED_TERMS_SHAPE)


@pytest.fixture(scope="module")
def compiled(shapes: rdflib.Graph, ontology: rdflib.Graph) -> CompiledShapes:
    return compile_shapes(shapes, ontology)


@pytest.fixture(scope="module")
def bundled_data() -> rdflib.Graph:
    return merged(bundled.data_files())


@pytest.fixture(scope="module")
def with_violations(bundled_data: rdflib.Graph) -> rdflib.Graph:
    graph = merged([DATA / "violations.ttl"])
    for triple in bundled_data:
        graph.add(triple)
    return graph


# --- contracts that need no pySHACL run ---------------------------------------------------


def test_bundled_shapes_compile_completely(compiled: CompiledShapes) -> None:
    assert compiled.unsupported == []
    assert compiled.shapes_graph_unsupported() is None
    assert compiled.queries


def test_declared_terms_shape_is_left_to_the_caller(ontology: rdflib.Graph) -> None:
    compiled = compile_shapes(rdflib.Graph().parse(bundled.shapes_file()), ontology)
    assert compiled.unsupported == [str(DECLARED_TERMS_SHAPE)]
    assert "sh:target" in compiled.reasons[str(DECLARED_TERMS_SHAPE)]


def test_violations_file_breaks_four_kinds_of_constraint(
    with_violations: rdflib.Graph, compiled: CompiledShapes
) -> None:
    found = native(with_violations, compiled)
    broken = {(v.focus[len(ID) :], v.constraint) for v in found}
    assert {
        ("unlabelled-project", "sh:MinCountConstraintComponent"),
        ("unlabelled-project", "sh:QualifiedMinCountConstraintComponent"),
        ("miscounted-event", "sh:DatatypeConstraintComponent"),
        ("miscounted-event", "sh:MinInclusiveConstraintComponent"),
        ("misplaced-event", "sh:OrConstraintComponent"),
    } <= broken
    assert all(v.file is None and v.line is None and v.severity == "Violation" for v in found)
    assert found == sorted(found, key=lambda v: (v.focus, v.path or "", v.message))


def test_only_the_default_graph_is_validated(compiled: CompiledShapes) -> None:
    store = ox.Store()
    event = ox.NamedNode(ID + "lonely-event")
    quad = ox.Quad(event, ox.NamedNode(str(RDF.type)), ox.NamedNode(GK + "Event"), ox.NamedNode(ID + "g"))
    store.add(quad)
    assert run_shapes(compiled, store) == []
    store.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    assert {v.focus for v in run_shapes(compiled, store)} == {ID + "lonely-event"}


# --- equivalence with pySHACL on the bundled data ---------------------------------------


@pytest.mark.slow
def test_same_as_pyshacl_on_bundled_data_with_violations(
    with_violations: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph
) -> None:
    found = assert_same(with_violations, shapes, ontology)
    assert any(row[0] == ID + "misplaced-event" for row in found)


@pytest.mark.slow
@pytest.mark.parametrize("per_source", [False, True], ids=["full-shapes", "split-max-counts"])
def test_same_as_pyshacl_on_bundled_data(
    bundled_data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph, per_source: bool
) -> None:
    used = split_max_counts(shapes)[0] if per_source else shapes
    found = assert_same(bundled_data, used, ontology)
    constraints = {row[2] for row in found}
    # The union of all sources disagrees on some single-valued facts; per source it conforms.
    assert constraints == (set() if per_source else {"sh:MaxCountConstraintComponent"})


# --- random damage to the bundled data -------------------------------------------------

_BAD_LITERALS = [
    Literal("lots", datatype=URIRef(XSD + "integer")),
    Literal("-5", datatype=URIRef(XSD + "integer")),
    Literal("12", datatype=URIRef(XSD + "integer")),
    Literal("2020-13-45", datatype=URIRef(XSD + "date")),
    Literal("2021-02-30", datatype=URIRef(XSD + "date")),
    Literal("2020", datatype=URIRef(XSD + "gYear")),
    Literal("P1X", datatype=URIRef(XSD + "duration")),
    Literal("https://example.org", datatype=URIRef(XSD + "anyURI")),
    Literal("plain"),
    Literal("tagged", lang="en"),
    URIRef(ID + "berlin"),
]
_SINGLE_VALUED = {
    GK + p for p in ("startDate", "endDate", "country", "population", "participantCount", "subOrganizationOf")
} | {GK + p for p in ("budget", "wikidataId", "attendanceMode", "certainty")}
_REQUIRED = {
    GK + p
    for p in ("partOf", "roleHolder", "roleIn", "startDate", "endDate", "organizedBy", "speaker", "periodOf")
} | {str(RDFS.label), "http://www.w3.org/2004/02/skos/core#inScheme", GK + "locatedIn"}
_MUTATIONS = ["drop-label", "bad-literal", "retype", "wrong-target", "second-value", "plain-label"]
_MUTATIONS += ["drop-required"]


Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]
T = TypeVar("T", rdflib.term.Node, Triple)


def _pick(data: st.DataObject, items: Iterable[T], label: str) -> T:
    return data.draw(st.sampled_from(sorted(items, key=str)), label=label)


def mutate(graph: rdflib.Graph, data: st.DataObject, ontology: rdflib.Graph) -> None:
    """Damage `graph` in one of the ways curators get data wrong."""
    kind = data.draw(st.sampled_from(_MUTATIONS), label="mutation")
    entities: list[rdflib.term.Node] = sorted(
        {s for s in graph.subjects(RDF.type, None) if str(s).startswith(ID)}, key=str
    )
    triples: list[Triple] = list(graph)
    if kind == "drop-label":
        graph.remove(_pick(data, [t for t in triples if t[1] == RDFS.label], "label"))
    elif kind == "bad-literal":
        s, p, o = _pick(
            data, [t for t in triples if isinstance(t[2], Literal) and t[1] != RDFS.label], "literal"
        )
        graph.remove((s, p, o))
        graph.add((s, p, data.draw(st.sampled_from(_BAD_LITERALS), label="new value")))
    elif kind == "retype":
        entity = _pick(data, entities, "entity")
        classes = [c for c in ontology.subjects(RDF.type, rdflib.OWL.Class) if str(c).startswith(GK)]
        graph.remove((entity, RDF.type, None))
        graph.add((entity, RDF.type, _pick(data, classes, "class")))
    elif kind == "wrong-target":
        known = set(entities)
        s, p, o = _pick(data, [t for t in triples if str(t[1]).startswith(GK) and t[2] in known], "link")
        graph.remove((s, p, o))
        graph.add((s, p, _pick(data, entities, "new target")))
    elif kind == "second-value":
        s, p, _o = _pick(data, [t for t in triples if str(t[1]) in _SINGLE_VALUED], "single value")
        seconds = [_BAD_LITERALS[2], Literal("2031", datatype=URIRef(XSD + "gYear")), *entities[:3]]
        graph.add((s, p, data.draw(st.sampled_from(seconds), label="second value")))
    elif kind == "plain-label":
        labels = [Literal("no language"), Literal("Zweiter Name", lang="de")]
        graph.add((_pick(data, entities, "entity"), RDFS.label, data.draw(st.sampled_from(labels))))
    else:
        s, p, _o = _pick(data, [t for t in triples if str(t[1]) in _REQUIRED], "required")
        graph.remove((s, p, None))


@pytest.mark.slow
# Each example runs pySHACL over the whole bundled data (about 4 s): 6 keep CI in its time.
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_same_as_pyshacl_after_random_damage(
    data: st.DataObject, bundled_data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph
) -> None:
    graph = rdflib.Graph()
    for triple in bundled_data:
        graph.add(triple)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        mutate(graph, data, ontology)
    try:
        expected = rows(validate_graph(graph, shapes=shapes, ontology=ontology))
    except TypeError:
        # pySHACL's sh:lessThanOrEquals raises on some pairs rdflib cannot order (e.g. an
        # ill-typed gk:startDate); the native validator reports those as violations.
        reject()
    assert rows(native(graph, compile_shapes(shapes, ontology))) == expected


# --- features beyond the bundled shapes -------------------------------------------------

_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
@prefix exs: <http://example.org/shapes#> .
"""
FEATURE_SHAPES = """
exs:Thing a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:code ; sh:pattern "^ab+c$" ; sh:flags "i" ] ,
    [ sh:path ex:name ; sh:minLength 2 ; sh:maxLength 5 ] ,
    [ sh:path ex:size ; sh:minExclusive 0 ; sh:maxInclusive 10 ] ,
    [ sh:path ex:ratio ; sh:maxExclusive 1.5 ; sh:minInclusive 0.5 ] ,
    [ sh:path ex:kind ; sh:nodeKind sh:BlankNodeOrIRI ] ,
    [ sh:path ex:colour ; sh:in ( ex:red ex:green "blue" 3 ) ; sh:message "a colour of the list" ] ,
    [ sh:path ex:title ; sh:languageIn ( "en" "de-at" ) ] ,
    [ sh:path [ sh:inversePath ex:owns ] ; sh:class ex:Person ; sh:minCount 1 ] ,
    [ sh:path ( ex:part ex:name ) ; sh:maxCount 1 ; sh:datatype xsd:string ] ,
    [ sh:path [ sh:alternativePath ( ex:a ex:b ) ] ; sh:maxCount 2 ; sh:nodeKind sh:Literal ] ,
    [ sh:path ex:start ; sh:lessThan ex:end ; sh:lessThanOrEquals ex:end2 ] ,
    [ sh:path ex:tag ; sh:qualifiedValueShape [ sh:datatype xsd:integer ] ;
      sh:qualifiedMaxCount 1 ; sh:qualifiedMinCount 1 ] ,
    [ sh:path ex:note ; sh:datatype xsd:date ; sh:severity sh:Warning ; sh:message "a date, please"@en ] ,
    [ sh:path ex:off ; sh:minCount 5 ; sh:deactivated true ] ,
    [ sh:path ex:any ; sh:and ( [ sh:nodeKind sh:IRI ] [ sh:class ex:Person ] ) ] ,
    [ sh:path ex:num ; sh:or ( [ sh:datatype xsd:integer ; sh:minInclusive 5 ] [ sh:datatype xsd:decimal ]
      [ sh:class ex:Person ] ) ] ,
    [ sh:path ex:next ; sh:class ex:Thing , ex:Person ] ,
    [ sh:path [ sh:zeroOrMorePath ex:parent ] ; sh:class ex:Thing ] ,
    [ sh:path ex:alias ; sh:uniqueLang true ] .
exs:Tagged a sh:NodeShape ; sh:targetSubjectsOf ex:tag ; sh:targetObjectsOf ex:owns ;
  sh:targetNode ex:lonely , "lit" ; sh:nodeKind sh:IRI ; sh:class ex:Thing .
exs:Off a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ;
  sh:property [ sh:path ex:code ; sh:minCount 9 ] .
ex:Person a rdfs:Class , sh:NodeShape ;
  sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:maxCount 1 ] .
"""
FEATURE_DATA = """
ex:Special rdfs:subClassOf ex:Thing .
ex:t1 a ex:Thing ; ex:code "ABBC", "abd", ex:iri ; ex:name "x", "abc", "toolong", "ok"@en ;
   ex:size 0, 5, 11, "5", "7.5"^^xsd:decimal, "lots"^^xsd:integer ; ex:ratio 0.5, 1.5, 1.0, 0.4 ;
   ex:kind ex:k, "lit", [] ; ex:colour ex:red, ex:blue, "blue", "blue"@en, 3, 3.5 ;
   ex:title "a"@en, "b"@de-at, "c"@de, "d" ; ex:part ex:p1, ex:p2 ; ex:start 5 ; ex:end 5 ; ex:end2 5 ;
   ex:tag 1, 2, "x" ; ex:note "2020-01-01"^^xsd:date, "nope" ; ex:any ex:bob, ex:t2, "s" ;
   ex:num 7, 3, 1.5, ex:bob, "q" ; ex:next ex:t2, ex:bob ; ex:parent ex:t2 ;
   ex:alias "eins"@de, "zwei"@de, "one"@en, "plain", "again" .
ex:p1 ex:name "a" . ex:p2 ex:name "a", 5 .
ex:bob a ex:Employee ; ex:owns ex:t1 ; ex:age 5, "old" .
ex:t2 a ex:Special ; ex:start "2020-01-01"^^xsd:date ; ex:end "2019"^^xsd:gYear ;
   ex:end2 "2021-01-01"^^xsd:date ; ex:a "x" ; ex:b "x", "y", ex:z ; ex:parent ex:t3 ; ex:tag "2" .
ex:t3 ex:start "b" ; ex:end "a" ; ex:end2 ex:zz ; ex:parent ex:orphan .
ex:t4 a ex:Thing ; ex:start "a" ; ex:end "b" ; ex:end2 "b"@en ; ex:ratio 0.75 .
"""
FEATURE_ONTOLOGY = "ex:Employee rdfs:subClassOf ex:Person ."


def turtle(text: str) -> rdflib.Graph:
    """Parse Turtle into a graph with rdflib's default prefixes only (as the data above is)."""
    graph = rdflib.Graph()
    for triple in rdflib.Graph().parse(data=_PREFIXES + text, format="turtle"):
        graph.add(triple)
    return graph


def test_same_as_pyshacl_on_every_supported_feature() -> None:
    shapes = rdflib.Graph().parse(data=_PREFIXES + FEATURE_SHAPES, format="turtle")
    assert compile_shapes(shapes, turtle(FEATURE_ONTOLOGY)).unsupported == []
    found = assert_same(turtle(FEATURE_DATA), shapes, turtle(FEATURE_ONTOLOGY))
    components = {row[2].removeprefix("sh:").removesuffix("ConstraintComponent") for row in found}
    assert components == {
        "Pattern", "MinLength", "MaxLength", "MinExclusive", "MaxInclusive", "MinInclusive", "MaxExclusive",
        "NodeKind", "In", "LanguageIn", "MinCount", "MaxCount", "Datatype", "LessThan", "QualifiedMinCount",
        "QualifiedMaxCount", "And", "Or", "Class", "UniqueLang",
    }  # fmt: skip
    assert {row[5] for row in found} == {"Violation", "Warning"}


def test_subclasses_declared_in_the_data_count() -> None:
    shapes = rdflib.Graph().parse(
        data=_PREFIXES + "exs:S sh:targetClass ex:Top ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
        format="turtle",
    )
    data = turtle("ex:Mid rdfs:subClassOf ex:Top . ex:Low rdfs:subClassOf ex:Mid . ex:x a ex:Low .")
    found = assert_same(data, shapes, turtle("ex:Other rdfs:subClassOf ex:Top ."))
    assert [row[0] for row in found] == ["http://example.org/x"]


def test_warnings_are_reported_even_where_pyshacl_conforms() -> None:
    """A documented difference: validate_graph returns [] when only warnings remain."""
    shapes = rdflib.Graph().parse(
        data=_PREFIXES + "exs:S sh:targetNode ex:x ; sh:property [ sh:path ex:p ; sh:minCount 1 ; "
        "sh:severity sh:Warning ; sh:message 'give ex:p' ] .",
        format="turtle",
    )
    assert validate_graph(turtle("ex:x ex:q 1 ."), shapes=shapes, ontology=rdflib.Graph()) == []
    found = native(turtle("ex:x ex:q 1 ."), compile_shapes(shapes, rdflib.Graph()))
    assert [(v.focus, v.severity, v.message) for v in found] == [
        ("http://example.org/x", "Warning", "give ex:p")
    ]


UNSUPPORTED_SHAPES = """
exs:Counted sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "needs ex:p" ] .
exs:Nested sh:targetClass ex:Thing ; sh:property [ sh:path ex:q ; sh:node exs:QValue ] .
exs:QValue sh:targetClass ex:Other ; sh:property [ sh:path ex:r ; sh:minCount 1 ] .
exs:Queried sh:targetClass ex:Thing ; sh:sparql [
    sh:message "no ex:bad" ; sh:select "SELECT $this WHERE { $this <http://example.org/bad> ?x }" ] .
"""


def test_unsupported_shapes_are_listed_and_left_for_pyshacl() -> None:
    shapes = rdflib.Graph().parse(data=_PREFIXES + UNSUPPORTED_SHAPES, format="turtle")
    compiled = compile_shapes(shapes, rdflib.Graph())
    nested, queried = "http://example.org/shapes#Nested", "http://example.org/shapes#Queried"
    assert compiled.unsupported == [nested, queried]
    assert "sh:node" in compiled.reasons[nested] and "sh:sparql" in compiled.reasons[queried]
    fallback = compiled.shapes_graph_unsupported()
    assert fallback is not None
    subjects = {str(s) for s in fallback.subjects(None, None) if isinstance(s, URIRef)}
    assert subjects == {nested, queried, "http://example.org/shapes#QValue"}
    # The shape sh:node refers to comes along, but without its own targets.
    assert (URIRef("http://example.org/shapes#QValue"), rdflib.SH.targetClass, None) not in fallback

    data = turtle("ex:a a ex:Thing ; ex:q ex:b ; ex:bad 1 . ex:b ex:s 1 . ex:c a ex:Other .")
    whole = rows(validate_graph(data, shapes=shapes, ontology=rdflib.Graph()))
    rest = rows(validate_graph(data, shapes=fallback, ontology=rdflib.Graph()))
    assert sorted(rows(native(data, compiled)) + rest) == whole
    # (pySHACL also reports sh:node's nested result, on ex:b.)
    assert {row[2] for row in rest} == {
        "sh:NodeConstraintComponent",
        "sh:MinCountConstraintComponent",
        "sh:SPARQLConstraintComponent",
    }


# --- a graph of about 100,000 triples ----------------------------------------------------


@pytest.mark.slow
def test_bundled_data_scaled_to_100k_triples(with_violations: rdflib.Graph, compiled: CompiledShapes) -> None:
    copies = 25
    text = with_violations.serialize(format="nt")
    store = ox.Store()
    # Each copy gets its own IRIs and its own blank nodes (the statements' reified evidence).
    copied = (text.replace(f"<{ID}", f"<{ID}c{k}/").replace("_:", f"_:c{k}x") for k in range(copies))
    store.load("".join(copied).encode(), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) > 90_000
    base = rows(native(with_violations, compiled))

    def renamed(value: str, k: int) -> str:
        return value.replace(ID, f"{ID}c{k}/")

    expected = sorted(
        (renamed(f, k), p, c, m, renamed(v, k), s) for k in range(copies) for f, p, c, m, v, s in base
    )
    assert rows(run_shapes(compiled, store)) == expected
