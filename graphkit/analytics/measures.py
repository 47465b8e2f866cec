"""Measures on a selected network: centralities, components, communities and brokers.

Every measure runs on the network as an undirected graph with parallel links merged
(`Network.simple`, ``weight`` = how many links join two entities): RDF links have a
direction chosen by the vocabulary (``memberOf`` or ``hasMember``), not by the relation, so
the measures do not depend on it.

- **degree**: the number of distinct neighbours, divided by n - 1 when normalised
  (networkx's `degree_centrality`);
- **betweenness**: the share of shortest paths between other pairs that pass through the
  entity, unweighted (igraph's Brandes algorithm; normalised as networkx does, by
  (n - 1)(n - 2) / 2 pairs);
- **closeness**: the inverse mean distance to the entities it reaches, scaled by the share
  of the network it reaches (Wasserman and Faust; igraph, scaled to networkx's
  `closeness_centrality`); always normalised;
- **pagerank**: PageRank with damping 0.85 on the weighted graph (igraph's PRPACK);
- **eigenvector**: the leading eigenvector of the weighted adjacency matrix (igraph), scaled
  to unit length as networkx's `eigenvector_centrality` does; on a disconnected network the
  components other than the one of the leading eigenvalue get (nearly) zero.

igraph computes these many times faster than networkx (it is C); the results are
networkx's to rounding (the tests compare them). Components are networkx's connected
components of the undirected graph (the network's weakly connected components).

**Communities**: ``leiden`` (leidenalg's `RBConfigurationVertexPartition`, which is
modularity at resolution 1, on the weighted graph) or ``louvain`` (networkx's
`louvain_communities`); both with a fixed seed, on the nodes in id order, so the same network
gives the same partition on every run. Communities are numbered by size, biggest first (ties
by their smallest id); the modularity reported is that of the partition on the weighted graph
at the chosen resolution (igraph's, equal to networkx's `modularity`).

**Brokers** are the entities whose links reach several communities, ranked by their
*participation coefficient* (Guimerà and Amaral, Nature 433, 2005):
P = 1 - Σ_c (k_c / k)², where k is the entity's number of links (parallel links counted) and
k_c those to members of community c. P is 0 when every link stays in one community and
approaches 1 when the links spread evenly over many. Ties are broken by id.
"""

from __future__ import annotations

import math
import random
import warnings
from collections import Counter
from dataclasses import dataclass

import igraph as ig
import networkx as nx

from graphkit.analytics.network import Network
from graphkit.errors import BadRequest, InvalidParameter

MEASURES = ("degree", "betweenness", "closeness", "pagerank", "eigenvector")
METHODS = ("leiden", "louvain")
DAMPING = 0.85


@dataclass(slots=True)
class Scores:
    """One measure of every node of a network.

    Attributes:
        measure: one of `MEASURES`.
        values: node id → score.
        parameters: how it was computed (normalisation, weights, library), for provenance.
    """

    measure: str
    values: dict[str, float]
    parameters: dict[str, object]


@dataclass(slots=True)
class Communities:
    """A partition of a network's nodes (see the module).

    Attributes:
        method: ``leiden`` or ``louvain``.
        seed: the random seed used.
        resolution: the modularity resolution (1 is plain modularity).
        partition: node id → community number (0 is the biggest).
        modularity: the partition's modularity on the weighted graph.
        sizes: the size of each community, by number.
    """

    method: str
    seed: int
    resolution: float
    partition: dict[str, int]
    modularity: float
    sizes: list[int]


@dataclass(slots=True)
class Broker:
    """An entity linking communities.

    Attributes:
        id: its node id.
        score: its participation coefficient.
        communities: the communities its links reach, by number.
    """

    id: str
    score: float
    communities: list[int]


def _igraph(simple: nx.Graph) -> tuple[ig.Graph, list[str]]:
    """Return the graph in igraph (vertices in id order, attribute ``weight``) and that order."""
    order = sorted(simple.nodes)
    index = {node: i for i, node in enumerate(order)}
    graph = ig.Graph(n=len(order), edges=[(index[a], index[b]) for a, b in simple.edges()])
    graph.es["weight"] = [w for _, _, w in simple.edges(data="weight")]
    return graph, order


def _betweenness(
    graph: ig.Graph, order: list[str], normalized: bool, pivots: list[int] | None = None
) -> dict[str, float]:
    n = len(order)
    if pivots is None:
        raw = graph.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2)) if normalized and n > 2 else 1.0
        return {node: value * scale for node, value in zip(order, raw, strict=True)}
    # Brandes' estimate from k pivots, scaled as networkx's betweenness_centrality(k=…) does:
    # the sums from the pivots count k/n of the pairs (k-1 of them for a pivot itself).
    raw = graph.betweenness(directed=False, sources=pivots)
    chosen, k = set(pivots), len(pivots)
    values = {}
    for index, (node, value) in enumerate(zip(order, raw, strict=True)):
        seen = k - 1 if index in chosen else k
        if seen <= 0 or n <= 2:
            values[node] = 0.0
        elif normalized:
            values[node] = value * 2 / (seen * (n - 2))
        else:
            values[node] = value * (n - 1) / seen
    return values


def pivot_nodes(simple: nx.Graph, pivots: int, seed: int) -> list[str]:
    """Return the `pivots` nodes a sampled betweenness starts from: networkx's choice for this seed."""
    return random.Random(seed).sample(list(simple.nodes()), pivots)


def _closeness(graph: ig.Graph, order: list[str]) -> dict[str, float]:
    # igraph: (reached - 1) / Σ distances over the reached nodes; networkx (wf_improved)
    # multiplies by (reached - 1) / (n - 1).
    n = len(order)
    raw = graph.closeness(normalized=True)
    reached = {v: len(c) for c in graph.connected_components() for v in c}
    return {
        node: 0.0 if math.isnan(value) or n < 2 else value * (reached[i] - 1) / (n - 1)
        for i, (node, value) in enumerate(zip(order, raw, strict=True))
    }


def _eigenvector(graph: ig.Graph, order: list[str]) -> dict[str, float]:
    if not graph.ecount():
        return dict.fromkeys(order, 0.0)
    with warnings.catch_warnings():
        # igraph warns on a disconnected graph: the small components get (nearly) zero, as
        # in networkx; the module's docstring says so.
        warnings.simplefilter("ignore", RuntimeWarning)
        raw = graph.eigenvector_centrality(weights="weight", scale=False)
    norm = math.sqrt(sum(v * v for v in raw)) or 1.0
    return {node: abs(value) / norm for node, value in zip(order, raw, strict=True)}


def centrality(
    network: Network, measure: str, *, normalized: bool = True, pivots: int | None = None, seed: int = 1
) -> Scores:
    """Return one centrality of every node of the network (see the module for each).

    Args:
        measure: one of `MEASURES`.
        normalized: scale degree and betweenness to [0, 1] (the others always are).
        pivots: betweenness only: estimate it from shortest paths out of this many nodes
            chosen at random (with `seed`; the same nodes networkx's ``k=`` takes) instead
            of all of them: linear instead of quadratic time, for big networks. At least the
            number of nodes gives the exact value.

    Raises:
        BadRequest: an unknown measure.
    """
    if measure not in MEASURES:
        raise BadRequest(
            f"Unknown measure {measure!r}; choose one of {', '.join(MEASURES)}.",
            parameter="measure",
            value=measure,
        )
    if pivots is not None and (measure != "betweenness" or pivots < 1):
        raise InvalidParameter(
            "pivots is for betweenness only, and at least 1.", parameter="pivots", value=pivots
        )
    simple = network.simple()
    parameters: dict[str, object] = {"normalized": normalized, "graph": "undirected, parallel links merged"}
    values: dict[str, float]
    if measure == "degree":
        values = nx.degree_centrality(simple) if normalized else {n: float(d) for n, d in simple.degree()}
        parameters["library"] = f"networkx {nx.__version__}"
        return Scores(measure, {n: float(v) for n, v in sorted(values.items())}, parameters)
    graph, order = _igraph(simple)
    parameters["library"] = f"igraph {ig.__version__}"
    if not order:
        values = {}
    elif measure == "betweenness":
        sampled = None
        if pivots is not None and pivots < len(order):
            index = {node: i for i, node in enumerate(order)}
            sampled = [index[node] for node in pivot_nodes(simple, pivots, seed)]
            parameters.update(pivots=pivots, seed=seed, estimate="Brandes' pivots (networkx k=)")
        values = _betweenness(graph, order, normalized, sampled)
        parameters["weighted"] = False
    elif measure == "closeness":
        values = _closeness(graph, order)
        parameters.update(weighted=False, normalized=True, wf_improved=True)
    elif measure == "pagerank":
        raw = graph.pagerank(damping=DAMPING, weights="weight", directed=False)
        values = dict(zip(order, raw, strict=True))
        parameters.update(weighted=True, damping=DAMPING, normalized=True)
    else:
        values = _eigenvector(graph, order)
        parameters.update(weighted=True, normalized=True)
    return Scores(measure, {n: float(v) for n, v in values.items()}, parameters)


def components(network: Network) -> list[list[str]]:
    """Return the weakly connected components: each a sorted list of ids, biggest first (ties by first id)."""
    found = [sorted(c) for c in nx.connected_components(network.simple())]
    return sorted(found, key=lambda c: (-len(c), c[0]))


def _numbered(groups: list[list[str]]) -> dict[str, int]:
    ordered = sorted((sorted(g) for g in groups if g), key=lambda g: (-len(g), g[0]))
    return {node: number for number, group in enumerate(ordered) for node in group}


def communities(
    network: Network, *, method: str = "leiden", seed: int = 1, resolution: float = 1.0
) -> Communities:
    """Return the network's communities (see the module).

    Raises:
        BadRequest: an unknown method, or a resolution that is not positive.
    """
    if method not in METHODS:
        raise BadRequest(
            f"Unknown community method {method!r}; choose one of {', '.join(METHODS)}.",
            parameter="method",
            value=method,
        )
    if not resolution > 0:
        raise BadRequest("resolution must be positive.", parameter="resolution", value=resolution)
    simple = network.simple()
    graph, order = _igraph(simple)
    if not order:
        return Communities(method, seed, resolution, {}, 0.0, [])
    if method == "leiden":
        import leidenalg  # imported here: it loads a C extension only community detection needs

        found = leidenalg.find_partition(
            graph,
            leidenalg.RBConfigurationVertexPartition,
            weights="weight",
            resolution_parameter=resolution,
            seed=seed,
        )
        groups = [[order[v] for v in group] for group in found]
    else:
        groups = [
            list(g)
            for g in nx.community.louvain_communities(
                simple, weight="weight", resolution=resolution, seed=seed
            )
        ]
    partition = _numbered(groups)
    membership = [partition[node] for node in order]
    modularity = (
        graph.modularity(membership, weights="weight", resolution=resolution) if graph.ecount() else 0.0
    )
    sizes = [0] * (max(membership) + 1)
    for number in membership:
        sizes[number] += 1
    return Communities(method, seed, resolution, dict(sorted(partition.items())), float(modularity), sizes)


def brokers(network: Network, found: Communities, *, limit: int = 20) -> list[Broker]:
    """Return up to `limit` entities whose links reach several communities, by participation coefficient.

    Args:
        found: the communities of the same network (`communities`).
    """
    simple = network.simple()
    ranked: list[Broker] = []
    for node in simple.nodes:
        reach: Counter[int] = Counter()
        for other, weight in simple[node].items():
            reach[found.partition[other]] += weight["weight"]
        if len(reach) < 2:
            continue
        total = sum(reach.values())
        score = 1 - sum((k / total) ** 2 for k in reach.values())
        ranked.append(Broker(node, score, sorted(reach)))
    ranked.sort(key=lambda b: (-b.score, b.id))
    return ranked[:limit]


__all__ = [
    "MEASURES",
    "METHODS",
    "Broker",
    "Communities",
    "Scores",
    "brokers",
    "centrality",
    "communities",
    "components",
]
