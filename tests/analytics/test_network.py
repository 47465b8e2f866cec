"""Network selection on the bundled graph: known answers, periods, focus, folding, errors."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graphkit.analytics.measures import MEASURES, centrality, communities
from graphkit.analytics.network import Network, NetworkSpec, Undated, select_network
from graphkit.errors import BadRequest, NotFound
from graphkit.namespaces import GK, ID
from graphkit.projection import Projection, build_projection
from graphkit.store import GraphStore
from graphkit.timeframe import Period

FORUM_2021 = "eurocities-saf-2021"
THEMENWERKSTATT_2020 = "biwaq-themenwerkstatt-2020"


@pytest.fixture(scope="module")
def projection(loaded: GraphStore) -> Projection:
    return build_projection(loaded)


@pytest.fixture(scope="module")
def whole(projection: Projection) -> Network:
    return select_network(projection, NetworkSpec())


def test_eurocities_has_the_highest_degree(whole: Network) -> None:
    scores = centrality(whole, "degree").values
    assert max(scores, key=lambda node: scores[node]) == "eurocities"
    for measure in MEASURES:  # the network hub leads every centrality of the bundled graph
        values = centrality(whole, measure).values
        assert max(values, key=lambda node: values[node]) == "eurocities", measure


def test_the_esf_lies_on_a_shortest_bbwa_biwaq_path_without_classification(whole: Network) -> None:
    found = list(nx.all_shortest_paths(whole.simple(), "bbwa", "biwaq"))
    assert any("esf" in path for path in found)
    assert not any(node.startswith("topic/") for path in found for node in path)


def test_with_classification_the_shortest_bbwa_biwaq_paths_go_through_a_topic(projection: Projection) -> None:
    network = select_network(projection, NetworkSpec(classification=True))
    found = list(nx.all_shortest_paths(network.simple(), "bbwa", "biwaq"))
    assert found and all(len(path) == 3 for path in found)
    assert all(network.graph.nodes[path[1]]["cls"] == GK + "Topic" for path in found)
    assert not any("esf" in path for path in found)


def test_the_2021_forums_participants_share_its_community(projection: Projection) -> None:
    participation = NetworkSpec(predicates=frozenset({GK + "participantIn", GK + "partOf"}))
    network = select_network(projection, participation)
    graph = network.graph
    parts = nx.ancestors(graph, FORUM_2021) | {FORUM_2021}  # partOf points from the part to the whole
    participants = {
        source
        for source, target, key in graph.edges(keys=True)
        if key == GK + "participantIn" and target in parts
    }
    assert {"bbwa", "vantaa-employment-initiative", "alexander-fischer"} <= participants
    for method in ("leiden", "louvain"):
        found = communities(network, method=method, seed=1)
        assert {found.partition[p] for p in participants} == {found.partition[FORUM_2021]}, method


@pytest.mark.parametrize(
    ("start", "end", "kept", "dropped"),
    [
        ("2020", "2020", THEMENWERKSTATT_2020, FORUM_2021),
        ("2021", "2021", FORUM_2021, THEMENWERKSTATT_2020),
        ("2020-12", "2021-11", THEMENWERKSTATT_2020, None),
        ("2020-12", "2021-11", FORUM_2021, None),
        ("2020-11-12", "2020-12-09", THEMENWERKSTATT_2020, FORUM_2021),
    ],
)
def test_a_period_keeps_the_events_it_overlaps(
    projection: Projection, start: str, end: str, kept: str, dropped: str | None
) -> None:
    network = select_network(projection, NetworkSpec(period=Period.parse(start, end)))
    assert kept in network.graph
    if dropped is not None:
        assert dropped not in network.graph


def test_a_link_counts_in_its_own_validity_only(projection: Projection) -> None:
    during = select_network(projection, NetworkSpec(period=Period.parse(as_of="2021-11-16")))
    after = select_network(projection, NetworkSpec(period=Period.parse(as_of="2021-11-18")))
    # The forum (15 to 17 November 2021) was organised by EUROCITIES "from 15 to 17 November".
    assert during.graph.has_edge(FORUM_2021, "eurocities", GK + "organizedBy")
    assert FORUM_2021 not in after.graph
    edge = during.graph.edges[FORUM_2021, "eurocities", GK + "organizedBy"]
    assert (edge["start"], edge["end"]) == ("2021-11-15", "2021-11-17")
    assert edge["sources"] == ["doc/bbwa-eurocities-2021"]
    forum = during.graph.nodes[FORUM_2021]
    assert (forum["start"], forum["end"], forum["cls"]) == ("2021-11-15", "2021-11-17", GK + "Forum")


def test_undated_things_follow_the_spec(projection: Projection) -> None:
    period = Period.parse("2020", "2020")
    kept = select_network(projection, NetworkSpec(period=period))
    strict = select_network(projection, NetworkSpec(period=period, undated=Undated.EXCLUDE))
    assert "berlin" in kept.graph and "berlin" not in strict.graph
    assert THEMENWERKSTATT_2020 in strict.graph
    assert all(data["start"] or data["end"] for _, data in strict.graph.nodes(data=True))
    # A link without dates of its own holds while its ends do: kept between two dated entities.
    nodes = strict.graph.nodes
    assert all(
        (nodes[a]["start"] or nodes[a]["end"]) and (nodes[b]["start"] or nodes[b]["end"])
        for a, b in strict.graph.edges()
    )
    assert any(not (data["start"] or data["end"]) for _, _, data in strict.graph.edges(data=True))


@pytest.mark.parametrize("depth", [1, 2])
def test_a_focus_gives_the_ball_around_it_in_the_whole_network(
    projection: Projection, whole: Network, depth: int
) -> None:
    focused = select_network(projection, NetworkSpec(focus=ID + "bbwa", depth=depth))
    ball = nx.ego_graph(whole.graph.to_undirected(as_view=True), "bbwa", radius=depth)
    assert set(focused.graph.nodes) == set(ball.nodes)
    assert set(focused.graph.edges(keys=True)) == set(whole.graph.subgraph(ball.nodes).edges(keys=True))
    assert dict(focused.graph.nodes(data=True)) == dict(whole.graph.subgraph(ball.nodes).nodes(data=True))


def test_a_focus_with_a_period_walks_only_valid_links(projection: Projection) -> None:
    spec = NetworkSpec(focus=ID + FORUM_2021, depth=1, period=Period.parse("2021", "2021"))
    focused = select_network(projection, spec)
    whole = select_network(projection, NetworkSpec(period=spec.period))
    ball = nx.ego_graph(whole.graph.to_undirected(as_view=True), FORUM_2021, radius=1)
    assert set(focused.graph.nodes) == set(ball.nodes)


def test_a_link_and_its_inverse_are_one_edge(whole: Network) -> None:
    keys = {key for _, _, key in whole.graph.edges(keys=True)}
    assert GK + "memberOf" in keys and GK + "hasMember" not in keys
    assert GK + "participantIn" in keys and GK + "hasParticipant" not in keys
    assert not any(source == target for source, target in whole.graph.edges())


def test_classification_is_left_out_by_default(whole: Network, projection: Projection) -> None:
    assert not any(node.startswith(("topic/", "doc/")) for node in whole.graph)
    assert GK + "topic" not in {key for _, _, key in whole.graph.edges(keys=True)}
    included = select_network(projection, NetworkSpec(classification=True))
    assert any(node.startswith("topic/") for node in included.graph)


def test_predicates_types_and_exclusions_narrow_the_network(projection: Projection) -> None:
    members = select_network(projection, NetworkSpec(predicates=frozenset({GK + "hasMember"})))
    assert {key for _, _, key in members.graph.edges(keys=True)} == {GK + "memberOf"}
    cities = select_network(projection, NetworkSpec(types=frozenset({GK + "Place"})))
    assert "berlin" in cities.graph and "eurocities" not in cities.graph
    without = select_network(projection, NetworkSpec(excluded=frozenset({GK + "hasMember"})))
    assert GK + "memberOf" not in {key for _, _, key in without.graph.edges(keys=True)}


def test_describe_is_json(projection: Projection) -> None:
    spec = NetworkSpec(focus=ID + "bbwa", period=Period.parse("2020", "2021"), types=frozenset({GK + "City"}))
    described = json.loads(json.dumps(spec.describe()))
    assert described["period"] == {"from": "2020-01-01", "to": "2021-12-31"}
    assert described["types"] == [GK + "City"] and described["undated"] == "include"


def test_simple_merges_parallel_links(whole: Network) -> None:
    simple = whole.simple()
    assert simple.number_of_edges() <= whole.graph.number_of_edges()
    assert sum(w for _, _, w in simple.edges(data="weight")) == whole.graph.number_of_edges()
    assert simple.nodes["eurocities"]["label"] == "EUROCITIES"


def test_an_unknown_focus_or_a_bad_depth_is_refused(projection: Projection) -> None:
    with pytest.raises(NotFound):
        select_network(projection, NetworkSpec(focus=ID + "no-such-entity"))
    with pytest.raises(BadRequest):
        select_network(projection, NetworkSpec(focus=ID + "bbwa", depth=5))
