"""Write-back: results in their own named graph with PROV-O, queryable, replaced and dropped cleanly."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graphkit.analytics.answers import Kind, analyse
from graphkit.analytics.network import Network, NetworkSpec, select_network
from graphkit.analytics.writeback import ANALYTICS, COMPUTED, drop_results, list_results, record
from graphkit.config import Settings
from graphkit.entity import get_entity
from graphkit.errors import NotFound
from graphkit.explore import neighbourhood
from graphkit.ingest import load_files
from graphkit.projection import build_projection
from graphkit.query import run_query
from graphkit.store import GraphStore, open_store
from tests.conftest import answer

PREFIXES = """PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture
def writable(bundled_store_path: Path, tmp_path: Path) -> Iterator[GraphStore]:
    """A writable copy of the bundled store."""
    target = tmp_path / "store"
    shutil.copytree(bundled_store_path, target)
    opened = open_store(Settings(store=target))
    yield opened
    opened.close()


def _network(store: GraphStore) -> Network:
    return select_network(build_projection(store), NetworkSpec())


def _select(store: GraphStore, sparql: str) -> set[tuple[str | None, ...]]:
    return answer(run_query(store, PREFIXES + sparql, max_rows=10_000, timeout=30))


def test_a_measure_is_queryable_next_to_the_labels(writable: GraphStore) -> None:
    network = _network(writable)
    written = record(
        writable, network, analyse(network, Kind.CENTRALITY, measure="degree"), started=datetime.now(UTC)
    )
    assert written.graph.startswith(ANALYTICS + "centrality-") and not written.replaced
    top = run_query(
        writable,
        PREFIXES
        + """SELECT ?entity ?label ?value WHERE {
          GRAPH ?g { ?g gk:certainty "computed" .
                     [] gk:resultFor ?entity ; gk:measure "degree" ; gk:value ?value }
          ?entity rdfs:label ?label FILTER(lang(?label) = "en")
        } ORDER BY DESC(?value) LIMIT 1""",
        max_rows=10,
        timeout=30,
    )
    assert answer(top, "entity", "label") == {("id:eurocities", "EUROCITIES")}
    counted = _select(writable, "SELECT (COUNT(*) AS ?n) WHERE { [] gk:resultFor ?e ; gk:measure ?m }")
    assert counted == {(str(network.graph.number_of_nodes()),)}


def test_the_activity_says_what_on_which_network_with_what_when(writable: GraphStore) -> None:
    network = _network(writable)
    started = datetime.now(UTC)
    outcome = analyse(network, Kind.COMMUNITIES, method="louvain", seed=7)
    written = record(writable, network, outcome, started=started, data_version="v-test")
    rows = run_query(
        writable,
        PREFIXES
        + """SELECT ?kind ?network ?parameters ?started ?ended ?modularity ?version WHERE {
          GRAPH ?g { ?g prov:wasGeneratedBy ?a . ?a a prov:Activity ; prov:generated ?g ; gk:analysis ?kind ;
                     prov:used ?used ; gk:parameters ?parameters ; prov:startedAtTime ?started ;
                     prov:endedAtTime ?ended ; gk:modularity ?modularity .
                     ?used a prov:Entity ; prov:value ?network ; gk:dataVersion ?version }
        }""",
        bindings={},
        max_rows=10,
        timeout=30,
    ).rows
    assert len(rows) == 1
    row = rows[0]
    assert row["kind"].value == "communities" and row["version"].value == "v-test"
    assert json.loads(row["network"].value) == json.loads(json.dumps(network.spec.describe()))
    assert json.loads(row["parameters"].value) == {"method": "louvain", "seed": 7, "resolution": 1.0}
    assert float(row["modularity"].value) == pytest.approx(outcome.summary["modularity"])
    assert row["started"].value <= row["ended"].value
    software = _select(writable, f"SELECT ?s WHERE {{ GRAPH <{written.graph}> {{ ?a gk:software ?s }} }}")
    assert any(s.startswith("networkx ") for (s,) in software if s)


def test_the_same_analysis_replaces_its_graph_another_gets_its_own(writable: GraphStore) -> None:
    network = _network(writable)
    pagerank = analyse(network, Kind.CENTRALITY, measure="pagerank")
    first = record(writable, network, pagerank, started=datetime.now(UTC))
    again = record(writable, network, pagerank, started=datetime.now(UTC))
    assert again.graph == first.graph and again.replaced and writable.count(first.graph) == first.triples
    degree = record(
        writable, network, analyse(network, Kind.CENTRALITY, measure="degree"), started=datetime.now(UTC)
    )
    assert degree.graph != first.graph
    assert list_results(writable) == sorted({first.graph, degree.graph})


def test_every_kind_writes_back(writable: GraphStore) -> None:
    network = _network(writable)
    for kind, parameters in [
        (Kind.COMPONENTS, {}),
        (Kind.BROKERS, {"limit": 5}),
        (Kind.PROJECTION, {"projection_kind": "co-funding"}),
    ]:
        outcome = analyse(network, kind, **parameters)  # type: ignore[arg-type]
        written = record(writable, network, outcome, started=datetime.now(UTC))
        assert written.graph.startswith(f"{ANALYTICS}{kind.value}-") and written.triples > 20
    components = _select(writable, "SELECT DISTINCT ?e WHERE { [] gk:resultFor ?e ; gk:component 0 }")
    assert ("id:eurocities",) in components
    brokers = _select(
        writable, "SELECT ?e WHERE { [] gk:resultFor ?e ; gk:brokerage ?v ; gk:linksCommunity ?c }"
    )
    assert ("id:eurocities",) in brokers
    cofunded = _select(
        writable,
        "SELECT ?a ?b ?w WHERE { [] gk:projection 'co-funding' ; gk:linkSource ?a ; gk:linkTarget ?b ; "
        "gk:weight ?w ; gk:sharedPartner ?fund }",
    )
    assert cofunded


def test_results_are_never_taken_for_sources(writable: GraphStore) -> None:
    network = _network(writable)
    written = record(writable, network, analyse(network, Kind.CENTRALITY), started=datetime.now(UTC))
    certainty = _select(
        writable, f"SELECT ?c WHERE {{ GRAPH <{written.graph}> {{ <{written.graph}> gk:certainty ?c }} }}"
    )
    assert certainty == {(COMPUTED,)}
    # The provenance query of the bundled set lists source graphs only.
    listed = _select(writable, "SELECT ?g WHERE { GRAPH ?g { ?g gk:certainty ?c ; gk:source ?doc } }")
    assert all(not g.startswith("graph:analytics/") for (g,) in listed if g)


def test_results_leave_entities_and_their_neighbourhoods_as_they_were(
    writable: GraphStore, loaded: GraphStore
) -> None:
    network = _network(writable)
    for measure in ("degree", "pagerank"):
        record(
            writable, network, analyse(network, Kind.CENTRALITY, measure=measure), started=datetime.now(UTC)
        )
    record(writable, network, analyse(network, Kind.COMMUNITIES), started=datetime.now(UTC))
    after, before = build_projection(writable), build_projection(loaded)
    berlin = "https://w3id.org/graphkit/id/berlin"
    assert get_entity(after, berlin).properties == get_entity(before, berlin).properties
    assert neighbourhood(after, berlin, depth=1) == neighbourhood(before, berlin, depth=1)
    assert set(_network(writable).graph.edges(keys=True)) == set(network.graph.edges(keys=True))


def test_a_store_with_results_still_loads_and_validates(writable: GraphStore) -> None:
    network = _network(writable)
    record(writable, network, analyse(network, Kind.COMMUNITIES), started=datetime.now(UTC))
    record(
        writable, network, analyse(network, Kind.CENTRALITY, measure="pagerank"), started=datetime.now(UTC)
    )
    report = load_files(writable)  # the bundled data again, checked against what the store holds
    assert report.validated and len(list_results(writable)) == 2


def test_drop_one_or_all(writable: GraphStore) -> None:
    network = _network(writable)
    first = record(writable, network, analyse(network, Kind.COMPONENTS), started=datetime.now(UTC))
    second = record(writable, network, analyse(network, Kind.CENTRALITY), started=datetime.now(UTC))
    triples = writable.count()
    assert drop_results(writable, [first.graph]) == [first.graph]
    assert list_results(writable) == [second.graph] and writable.count() == triples - first.triples
    with pytest.raises(NotFound):
        drop_results(writable, [first.graph])  # gone: nothing is dropped
    assert list_results(writable) == [second.graph]
    with pytest.raises(NotFound):
        drop_results(writable, ["https://w3id.org/graphkit/graph/curation"])  # a source graph: refused
    assert drop_results(writable) == [second.graph]
    assert list_results(writable) == [] and drop_results(writable) == []
    assert not _select(writable, "SELECT ?r WHERE { ?r gk:resultFor ?e }")
