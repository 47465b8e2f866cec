"""Measures, communities, brokers and projections on a small hand-built graph, against networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from graphkit.analytics.measures import MEASURES, brokers, centrality, communities, components
from graphkit.analytics.network import Network, NetworkSpec, select_network
from graphkit.analytics.projections import PROJECTIONS, project
from graphkit.bundled import ontology_file
from graphkit.errors import BadRequest
from graphkit.ingest import load_files
from graphkit.projection import build_projection
from graphkit.store import GraphStore

# Two triangles of organisations joined by a bridge (c-d), events some of them took part in,
# programmes financed from funds, cities in networks, and a pair apart from the rest.
TURTLE = """
@prefix : <https://w3id.org/graphkit/id/> .
@prefix gk: <https://w3id.org/graphkit/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

:a a gk:Organisation ; rdfs:label "A"@en ; gk:coOrganisedWith :b , :c .
:b a gk:Organisation ; rdfs:label "B"@en ; gk:coOrganisedWith :c .
:c a gk:Organisation ; rdfs:label "C"@en ; gk:commissionedBy :d ; gk:participantIn :e1 , :e2 .
:d a gk:Organisation ; rdfs:label "D"@en ; gk:coOrganisedWith :e , :f ; gk:participantIn :e1 , :e2 .
:e a gk:Organisation ; rdfs:label "E"@en ; gk:coOrganisedWith :f .
:f a gk:Organisation ; rdfs:label "F"@en .
:a gk:participantIn :e1 .
:e1 a gk:Event ; rdfs:label "Event 1"@en .
:e2 a gk:Event ; rdfs:label "Event 2"@en ; gk:hasParticipant :f .
:p1 a gk:FundingProgramme ; rdfs:label "P1"@en ; gk:financedFromFund :fund1 , :fund2 .
:p2 a gk:FundingProgramme ; rdfs:label "P2"@en ; gk:financedFromFund :fund1 , :fund2 .
:p3 a gk:FundingProgramme ; rdfs:label "P3"@en ; gk:fundedBy :fund2 .
:fund1 a gk:Fund ; rdfs:label "Fund 1"@en .
:fund2 a gk:Fund ; rdfs:label "Fund 2"@en .
:x a gk:City ; rdfs:label "X"@en ; gk:memberOf :n1 , :n2 .
:y a gk:City ; rdfs:label "Y"@en ; gk:memberOf :n1 .
:n2 a gk:Network ; rdfs:label "N2"@en ; gk:hasMember :y , :z .
:n1 a gk:Network ; rdfs:label "N1"@en .
:z a gk:City ; rdfs:label "Z"@en .
:lone1 a gk:Organisation ; rdfs:label "Lone 1"@en ; gk:coOrganisedWith :lone2 .
:lone2 a gk:Organisation ; rdfs:label "Lone 2"@en .
"""


@pytest.fixture
def network(store: GraphStore, tmp_path: Path) -> Network:
    path = tmp_path / "small.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    load_files(store, [ontology_file(), path], validate=False)
    return select_network(build_projection(store), NetworkSpec())


def plain(network: Network) -> nx.Graph:
    """The same graph built straight with networkx from the Turtle's links."""
    graph = nx.Graph()
    links = [
        ("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("c", "e1"), ("c", "e2"), ("d", "e"),
        ("d", "f"), ("d", "e1"), ("d", "e2"), ("e", "f"), ("a", "e1"), ("e2", "f"),
        ("p1", "fund1"), ("p1", "fund2"), ("p2", "fund1"), ("p2", "fund2"), ("p3", "fund2"),
        ("x", "n1"), ("x", "n2"), ("y", "n1"), ("n2", "y"), ("n2", "z"), ("lone1", "lone2"),
    ]  # fmt: skip
    graph.add_edges_from(links, weight=1)
    assert set(graph.nodes) == set(network.graph.nodes)
    return graph


def test_degree_betweenness_and_closeness_equal_networkx(network: Network) -> None:
    graph = plain(network)
    assert centrality(network, "degree").values == pytest.approx(nx.degree_centrality(graph))
    raw = centrality(network, "degree", normalized=False).values
    assert raw == {node: float(d) for node, d in graph.degree()}
    assert centrality(network, "betweenness").values == pytest.approx(nx.betweenness_centrality(graph))
    raw_betweenness = nx.betweenness_centrality(graph, normalized=False)
    assert centrality(network, "betweenness", normalized=False).values == pytest.approx(raw_betweenness)
    assert centrality(network, "closeness").values == pytest.approx(nx.closeness_centrality(graph))


@pytest.mark.parametrize("normalized", [True, False])
def test_betweenness_from_pivots_equals_networkx_k(network: Network, normalized: bool) -> None:
    graph = plain(network)
    # The same pivots as networkx's k= on the same graph in the same node order.
    for pivots, seed in ((5, 1), (9, 42)):
        ours = centrality(network, "betweenness", pivots=pivots, seed=seed, normalized=normalized)
        theirs = nx.betweenness_centrality(network.simple(), k=pivots, seed=seed, normalized=normalized)
        assert ours.values == pytest.approx(theirs)
        assert ours.parameters["pivots"] == pivots and ours.parameters["seed"] == seed
    every = centrality(network, "betweenness", pivots=10_000, normalized=normalized).values
    assert every == pytest.approx(nx.betweenness_centrality(graph, normalized=normalized))  # all: exact
    with pytest.raises(BadRequest) as refused:
        centrality(network, "pagerank", pivots=5)
    assert refused.value.detail["parameter"] == "pivots"


def test_pagerank_and_eigenvector_equal_networkx(network: Network) -> None:
    graph = plain(network)
    found = centrality(network, "pagerank").values
    assert found == pytest.approx(_pagerank_python(graph, alpha=0.85, tol=1e-12, max_iter=1000), abs=1e-8)
    connected = graph.subgraph(["a", "b", "c", "d", "e", "f", "e1", "e2"])
    only = Network(network.spec, network.graph.subgraph(connected.nodes).copy())
    expected = nx.eigenvector_centrality(connected, max_iter=1000, tol=1e-12)
    assert centrality(only, "eigenvector").values == pytest.approx(expected, abs=1e-6)


def test_an_unknown_measure_is_refused(network: Network) -> None:
    with pytest.raises(BadRequest):
        centrality(network, "fame")
    assert set(MEASURES) == {"degree", "betweenness", "closeness", "pagerank", "eigenvector"}


def test_components_biggest_first(network: Network) -> None:
    assert components(network) == [
        ["a", "b", "c", "d", "e", "e1", "e2", "f"],
        ["fund1", "fund2", "p1", "p2", "p3"],  # five nodes each: by first id
        ["n1", "n2", "x", "y", "z"],
        ["lone1", "lone2"],
    ]


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_communities_are_the_same_every_run_with_networkx_modularity(network: Network, method: str) -> None:
    first = communities(network, method=method, seed=7)
    second = communities(network, method=method, seed=7)
    assert first == second
    groups: dict[int, set[str]] = {}
    for node, number in first.partition.items():
        groups.setdefault(number, set()).add(node)
    expected = nx.community.modularity(network.simple(), list(groups.values()), weight="weight")
    assert first.modularity == pytest.approx(expected)
    assert first.sizes == sorted(first.sizes, reverse=True) == [len(groups[n]) for n in sorted(groups)]
    assert first.partition["lone1"] == first.partition["lone2"]
    assert first.partition["a"] == first.partition["b"]


def test_brokers_by_participation_coefficient(network: Network) -> None:
    found = communities(network, seed=1)
    ranked = brokers(network, found)
    simple = network.simple()
    for broker in ranked:
        reach: dict[int, int] = {}
        for other in simple[broker.id]:
            reach[found.partition[other]] = reach.get(found.partition[other], 0) + 1
        total = sum(reach.values())
        assert broker.score == pytest.approx(1 - sum((k / total) ** 2 for k in reach.values()))
        assert broker.communities == sorted(reach) and len(reach) >= 2
    assert [b.score for b in ranked] == sorted((b.score for b in ranked), reverse=True)
    assert brokers(network, found, limit=1) == ranked[:1]


def test_projections_weigh_shared_partners(network: Network) -> None:
    assert PROJECTIONS == ("co-participation", "co-funding", "co-membership")
    participation = project(network, "co-participation")
    assert participation["c"]["d"] == {"weight": 2, "shared": ["e1", "e2"]}
    assert participation["a"]["c"] == {"weight": 1, "shared": ["e1"]}
    assert participation["d"]["f"] == {"weight": 1, "shared": ["e2"]}  # stated as hasParticipant
    assert not participation.has_edge("a", "b") and "b" in participation and "e1" not in participation
    funding = project(network, "co-funding")
    assert funding["p1"]["p2"] == {"weight": 2, "shared": ["fund1", "fund2"]}
    assert funding["p1"]["p3"] == {"weight": 1, "shared": ["fund2"]}  # fundedBy and its sub-property
    membership = project(network, "co-membership")
    assert membership["x"]["y"] == {"weight": 2, "shared": ["n1", "n2"]}
    assert membership["y"]["z"] == {"weight": 1, "shared": ["n2"]}
    assert membership["x"]["z"] == {"weight": 1, "shared": ["n2"]}
    assert membership.nodes["x"]["label"] == "X"
    with pytest.raises(BadRequest):
        project(network, "co-authorship")
