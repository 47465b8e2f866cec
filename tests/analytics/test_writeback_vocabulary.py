"""The write-back vocabulary: declared in the ontology, checked by the shapes, kept off entity pages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib import OWL, RDF, URIRef

from graphkit import bundled
from graphkit.analytics.answers import METHODS, Kind, analyse
from graphkit.analytics.measures import MEASURES
from graphkit.analytics.network import NetworkSpec, select_network
from graphkit.analytics.projections import PROJECTIONS
from graphkit.analytics.writeback import ANALYTICS, KINDS, record
from graphkit.config import Settings
from graphkit.entity import COMPUTED_GRAPHS, get_entity
from graphkit.ingest import check_files
from graphkit.namespaces import GK, SH
from graphkit.projection import build_projection
from graphkit.store import GraphStore, open_store
from graphkit.violations import Violation

ONTOLOGY = rdflib.Graph().parse(bundled.ontology_file())
SHAPES = rdflib.Graph().parse(bundled.shapes_file())
GKS = "https://w3id.org/graphkit/shapes#"
XSD = "http://www.w3.org/2001/XMLSchema#"
BERLIN = "https://w3id.org/graphkit/id/berlin"
#: The terms issue 15 names for the write-back.
NAMED = {
    "AnalyticsResult", "analysis", "parameters", "software", "dataVersion", "modularity",
    "resultFor", "measure", "value", "method", "community", "component", "brokerage",
    "linksCommunity", "projection", "linkSource", "linkTarget", "weight", "sharedPartner",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Results:
    """A copy of the bundled store with one analysis of each kind written back."""

    store: GraphStore
    path: Path
    graphs: dict[str, str]


@pytest.fixture(scope="module")
def results(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Results]:
    path = tmp_path_factory.mktemp("vocabulary") / "store"
    shutil.copytree(bundled_store_path, path)
    store = open_store(Settings(store=path))
    network = select_network(build_projection(store), NetworkSpec())
    outcomes = {
        "centrality": analyse(network, Kind.CENTRALITY, measure="pagerank"),
        "communities": analyse(network, Kind.COMMUNITIES),
        "components": analyse(network, Kind.COMPONENTS),
        "brokers": analyse(network, Kind.BROKERS),
        "projection": analyse(network, Kind.PROJECTION, projection_kind="co-funding"),
    }
    graphs = {
        kind: record(store, network, outcome, started=datetime.now(UTC), data_version=store.version()).graph
        for kind, outcome in outcomes.items()
    }
    yield Results(store, path, graphs)
    store.close()


def _declared(kinds: tuple[URIRef, ...]) -> set[str]:
    return {str(s) for kind in kinds for s in ONTOLOGY.subjects(RDF.type, kind)}


def _gk(local: str) -> ox.NamedNode:
    return ox.NamedNode(GK + local)


def _quads(store: GraphStore, graph: str) -> list[ox.Quad]:
    return list(ox.parse(store.dump_nquads([graph]), format=ox.RdfFormat.N_QUADS))


def _check(store: GraphStore, quads: list[ox.Quad], tmp_path: Path) -> list[Violation]:
    """Check the quads as `graphkit validate FILE --store` (and so a load) would."""
    file = tmp_path / "result.nq"
    file.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    return [v for v in check_files(store, [file])[1] if v.severity == "Violation"]


def test_the_issue_names_only_declared_terms() -> None:
    classes = {t[len(GK) :] for t in _declared((OWL.Class,)) if t.startswith(GK)}
    properties = {
        t[len(GK) :] for t in _declared((OWL.ObjectProperty, OWL.DatatypeProperty)) if t.startswith(GK)
    }
    assert classes | properties >= NAMED
    assert "AnalyticsResult" in classes


@pytest.mark.parametrize("kind", KINDS)
def test_every_gk_term_a_write_back_uses_is_declared(results: Results, kind: str) -> None:
    properties = _declared((OWL.ObjectProperty, OWL.DatatypeProperty))
    classes = _declared((OWL.Class,))
    quads = _quads(results.store, results.graphs[kind])
    used = {q.predicate.value for q in quads if q.predicate.value.startswith(GK)}
    typed = {
        q.object.value
        for q in quads
        if q.predicate.value == str(RDF.type) and isinstance(q.object, ox.NamedNode)
    }
    assert used and used <= properties, used - properties
    assert {t for t in typed if t.startswith(GK)} == {GK + "AnalyticsResult"} <= classes


@pytest.mark.parametrize("kind", KINDS)
def test_the_shapes_accept_real_results(results: Results, kind: str, tmp_path: Path) -> None:
    quads = _quads(results.store, results.graphs[kind])
    assert len(quads) > 10
    assert _check(results.store, quads, tmp_path) == []


def _replace(quads: list[ox.Quad], predicate: str, value: ox.Literal | None) -> list[ox.Quad]:
    """Change (or, with None, drop) the object of the first quad of `predicate`."""
    index = next(i for i, q in enumerate(quads) if q.predicate.value == GK + predicate)
    quad = quads[index]
    changed = [] if value is None else [ox.Quad(quad.subject, quad.predicate, value, quad.graph_name)]
    return [*quads[:index], *changed, *quads[index + 1 :]]


def _typed(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))


DAMAGE = [
    ("centrality", "value", ox.Literal("high"), "DatatypeConstraintComponent"),
    ("centrality", "measure", ox.Literal("fame"), "InConstraintComponent"),
    ("centrality", "resultFor", None, "MinCountConstraintComponent"),
    ("centrality", "certainty", ox.Literal("stated"), "InConstraintComponent"),
    ("centrality", "software", _typed("2", "integer"), "DatatypeConstraintComponent"),
    ("communities", "community", _typed("-1", "integer"), "MinInclusiveConstraintComponent"),
    ("communities", "modularity", ox.Literal("good"), "DatatypeConstraintComponent"),
    ("communities", "method", ox.Literal("kmeans"), "InConstraintComponent"),
    ("components", "component", _typed("0.5", "double"), "DatatypeConstraintComponent"),
    ("brokers", "brokerage", _typed("1.5", "double"), "MaxInclusiveConstraintComponent"),
    ("projection", "weight", _typed("0", "integer"), "MinInclusiveConstraintComponent"),
    ("projection", "linkTarget", None, "MinCountConstraintComponent"),
]


@pytest.mark.parametrize(
    ("kind", "predicate", "value", "component"), DAMAGE, ids=[f"{k}-{p}" for k, p, _v, _c in DAMAGE]
)
def test_the_shapes_refuse_a_bad_result(
    results: Results, kind: str, predicate: str, value: ox.Literal | None, component: str, tmp_path: Path
) -> None:
    quads = _replace(_quads(results.store, results.graphs[kind]), predicate, value)
    found = _check(results.store, quads, tmp_path)
    assert [(v.path, v.constraint) for v in found] == [(GK + predicate, "sh:" + component)]


def test_an_undeclared_term_in_a_result_is_refused(results: Results, tmp_path: Path) -> None:
    graph = results.graphs["centrality"]
    quads = _quads(results.store, graph)
    quads.append(ox.Quad(ox.BlankNode(), _gk("rank"), _typed("1", "integer"), ox.NamedNode(graph)))
    found = _check(results.store, quads, tmp_path)
    assert [v.path for v in found] == [GK + "rank"] and "does not declare" in found[0].message


def _listed(shape: str, path: str) -> list[str]:
    """The values of the sh:in list on the property shape of `path` in the node shape `shape`."""
    for prop in SHAPES.objects(URIRef(GKS + shape), URIRef(SH + "property")):
        if SHAPES.value(prop, URIRef(SH + "path")) == URIRef(GK + path):
            members = SHAPES.value(prop, URIRef(SH + "in"))
            assert members is not None, f"gks:{shape} gk:{path} has no sh:in"
            return [str(m) for m in SHAPES.items(members)]
    raise AssertionError(f"no shape of gk:{path} in gks:{shape}")


def test_the_shapes_list_what_the_code_writes() -> None:
    assert _listed("AnalyticsResultShape", "analysis") == list(KINDS)
    assert _listed("AnalysisActivityShape", "analysis") == list(KINDS)
    assert _listed("ScoreShape", "measure") == list(MEASURES)
    assert _listed("CommunityResultShape", "method") == list(METHODS)
    assert _listed("ProjectedLinkShape", "projection") == list(PROJECTIONS)
    assert COMPUTED_GRAPHS == ANALYTICS


def test_an_entity_lists_no_computed_statement(results: Results, loaded: GraphStore) -> None:
    after = get_entity(build_projection(results.store), BERLIN)
    before = get_entity(build_projection(loaded), BERLIN)
    assert after.properties == before.properties
    assert after.incoming == before.incoming
    assert after.sources == before.sources


def test_a_linked_partner_lists_no_projected_link(results: Results, loaded: GraphStore) -> None:
    graph = results.graphs["projection"]
    partner = next(
        q.object.value
        for q in _quads(results.store, graph)
        if q.predicate.value == GK + "sharedPartner" and isinstance(q.object, ox.NamedNode)
    )
    after = get_entity(build_projection(results.store), partner)
    before = get_entity(build_projection(loaded), partner)
    assert (after.properties, after.incoming) == (before.properties, before.incoming)


def test_a_result_graph_is_still_described_by_its_own_statements(results: Results) -> None:
    graph = results.graphs["centrality"]
    entity = get_entity(build_projection(results.store), graph)
    assert GK + "AnalyticsResult" in entity.types
    assert {s.predicate for s in entity.properties} >= {GK + "analysis", GK + "certainty"}


def test_the_api_lists_no_computed_statement_on_an_entity(results: Results, api_client: TestClient) -> None:
    from graphkit.api.app import create_app

    app = create_app(Settings(store=results.path), results.store, workers=False)
    with TestClient(app) as client:
        after = client.get("/api/entities/berlin")
    before = api_client.get("/api/entities/berlin")
    assert after.status_code == before.status_code == 200
    body = after.json()
    predicates = [s["predicate"] for s in body["properties"] + body["incoming"]]
    assert GK + "resultFor" not in predicates
    assert (body["properties"], body["incoming"]) == (before.json()["properties"], before.json()["incoming"])
