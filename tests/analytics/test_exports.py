"""Network exports: GraphML and GEXF re-import with networkx to the same graph; node-link; CSV."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest

from graphkit.analytics.exports import (
    ANNOTATIONS,
    EDGE_FIELDS,
    NODE_FIELDS,
    NetworkFormat,
    annotate,
    export_network,
    exportable,
    parse_annotations,
)
from graphkit.analytics.network import Network, NetworkSpec, select_network
from graphkit.cli.network_options import NETWORK_FORMATS
from graphkit.errors import InvalidParameter
from graphkit.projection import build_projection
from graphkit.store import GraphStore
from graphkit.timeframe import Period


@pytest.fixture(scope="module")
def network(loaded: GraphStore) -> Network:
    """BIWAQ's neighbourhood (two links deep): dated events, programmes, funds, documents cited."""
    projection = build_projection(loaded)
    return select_network(projection, NetworkSpec(focus=projection.resolve("biwaq"), depth=2))


@pytest.fixture(scope="module")
def measured(network: Network) -> dict[str, dict[str, float | int]]:
    return annotate(network, ("pagerank", "community"))


def _same_graph(read: nx.MultiDiGraph, expected: nx.MultiDiGraph, *, ignore_edge: set[str]) -> None:
    assert set(read.nodes) == set(expected.nodes)
    for node, data in expected.nodes(data=True):
        assert read.nodes[node] == data, node
    read_edges = {
        (s, t, k): {a: v for a, v in d.items() if a not in ignore_edge}
        for s, t, k, d in read.edges(keys=True, data=True)
    }
    expected_edges = {(s, t, k): d for s, t, k, d in expected.edges(keys=True, data=True)}
    assert read_edges == expected_edges


def test_graphml_reimports_to_the_same_nodes_edges_and_attributes(
    network: Network, measured: dict[str, dict[str, float | int]]
) -> None:
    data = export_network(network, NetworkFormat.GRAPHML, annotations=measured)
    read = nx.read_graphml(io.BytesIO(data))
    expected = exportable(network, measured)
    assert read.is_directed() and read.is_multigraph()
    _same_graph(read, expected, ignore_edge=set())
    # What a researcher sees in Gephi or yEd: labels, classes, dates, the measures asked for.
    biwaq = read.nodes["biwaq"]
    assert biwaq["cls"].endswith("#FundingProgramme") and biwaq["label"]
    assert isinstance(biwaq["pagerank"], float) and isinstance(biwaq["community"], int)
    assert any("start" in d for _, d in read.nodes(data=True))


def test_gexf_reimports_to_the_same_nodes_edges_and_attributes(
    network: Network, measured: dict[str, dict[str, float | int]]
) -> None:
    data = export_network(network, NetworkFormat.GEXF, annotations=measured)
    read = nx.read_gexf(io.BytesIO(data))
    expected = exportable(network, measured)
    # GEXF numbers its edges itself (`id`); the link's predicate is its networkx key.
    _same_graph(read, expected, ignore_edge={"id"})
    # Dated nodes carry a time interval Gephi's timeline plays.
    assert b'mode="dynamic"' in data and b'timeformat="date"' in data


def test_exportable_leaves_out_missing_values_and_joins_lists(network: Network) -> None:
    graph = exportable(network)
    for _, data in graph.nodes(data=True):
        assert None not in data.values()
    for _, _, data in graph.edges(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    cited = [d for _, _, d in graph.edges(data=True) if d.get("sources")]
    assert cited and all(" " in d["sources"] or d["sources"].startswith("doc/") for d in cited)


def test_node_link_json_keeps_every_attribute_and_the_description(network: Network) -> None:
    data = json.loads(
        export_network(network, NetworkFormat.NODE_LINK, annotations={"degree": {"biwaq": 1.0}})
    )
    assert data["graph"]["network"] == json.loads(json.dumps(network.spec.describe()))
    assert {n["id"] for n in data["nodes"]} == set(network.graph.nodes)
    assert len(data["links"]) == network.graph.number_of_edges()
    biwaq = next(n for n in data["nodes"] if n["id"] == "biwaq")
    assert biwaq["degree"] == 1.0 and set(NODE_FIELDS) <= set(biwaq)
    assert all(isinstance(link["sources"], list) for link in data["links"])
    read = nx.node_link_graph(data, edges="links")
    assert set(read.edges(keys=True)) == set(network.graph.edges(keys=True))


def test_csv_is_a_zip_of_nodes_and_edges(
    network: Network, measured: dict[str, dict[str, float | int]]
) -> None:
    with zipfile.ZipFile(
        io.BytesIO(export_network(network, NetworkFormat.CSV, annotations=measured))
    ) as archive:
        assert sorted(archive.namelist()) == ["edges.csv", "network.json", "nodes.csv"]
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    assert list(nodes[0]) == ["id", *NODE_FIELDS, "pagerank", "community"]
    assert {n["id"] for n in nodes} == set(network.graph.nodes)
    assert list(edges[0]) == ["source", "target", *EDGE_FIELDS]
    assert len(edges) == network.graph.number_of_edges()
    assert {(e["source"], e["target"], e["predicate"]) for e in edges} == set(network.graph.edges(keys=True))


def test_the_same_network_gives_the_same_csv_bytes(network: Network) -> None:
    assert export_network(network, NetworkFormat.CSV) == export_network(network, NetworkFormat.CSV)


def test_a_period_narrows_the_export(loaded: GraphStore) -> None:
    projection = build_projection(loaded)
    everything = select_network(projection, NetworkSpec())
    in_2020 = select_network(projection, NetworkSpec(period=Period.parse("2020", "2020")))
    read = nx.read_graphml(io.BytesIO(export_network(in_2020, NetworkFormat.GRAPHML)))
    assert set(read.nodes) == set(in_2020.graph.nodes) < set(everything.graph.nodes)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("pagerank,community", ("pagerank", "community")),
        (" degree , degree ", ("degree",)),
        (["betweenness", "component"], ("betweenness", "component")),
        (None, ()),
    ],
)
def test_with_names_measures(given: str | list[str] | None, expected: tuple[str, ...]) -> None:
    assert parse_annotations(given) == expected


def test_with_refuses_an_unknown_measure_naming_the_parameter() -> None:
    with pytest.raises(InvalidParameter) as raised:
        parse_annotations("pagerank,fame")
    assert raised.value.detail["parameter"] == "with" and "fame" in raised.value.message
    assert "community" in ANNOTATIONS


def test_the_cli_names_every_network_format() -> None:
    assert tuple(f.value for f in NetworkFormat) == NETWORK_FORMATS
