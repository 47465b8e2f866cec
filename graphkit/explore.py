"""Walks over the projection: an entity's neighbourhood, its summary per predicate, paths.

All results are deterministic: neighbours are visited in order of (predicate, direction,
id), nodes are listed by (depth, id) and edges by (source, predicate, target).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice, pairwise

import networkx as nx

from graphkit.errors import BadRequest
from graphkit.model import Edge, Neighbourhood, Node
from graphkit.projection import Projection


class Direction(StrEnum):
    """Which links of a node to follow."""

    OUT = "out"
    IN = "in"
    BOTH = "both"


Link = tuple[str, str, str, str]  # (predicate, direction, neighbour, edge source)


def _links(projection: Projection, iri: str, direction: Direction) -> Iterator[tuple[str, str, str]]:
    """Yield (predicate, "out"|"in", neighbour) for every link of `iri`, sorted."""
    found: list[tuple[str, str, str]] = []
    graph = projection.graph
    if direction in (Direction.OUT, Direction.BOTH):
        found += [(p, "out", o) for _, o, p in graph.out_edges(iri, keys=True)]
    if direction in (Direction.IN, Direction.BOTH):
        found += [(p, "in", s) for s, _, p in graph.in_edges(iri, keys=True)]
    yield from sorted(set(found))


def neighbourhood(
    projection: Projection,
    focus: str,
    *,
    depth: int = 1,
    direction: Direction = Direction.BOTH,
    predicates: Iterable[str] = (),
    types: Iterable[str] = (),
    limit: int = 500,
    lang: str = "en",
    include_sources: bool = False,
) -> Neighbourhood:
    """Return the entities within `depth` links of `focus` and the links between them.

    Args:
        projection: the graph to walk.
        focus: the entity IRI at the centre (see `Projection.resolve`).
        depth: how many links to follow (1 to 3 in the API).
        direction: follow outgoing links, incoming links or both.
        predicates: only follow these predicate IRIs (all when empty).
        types: only show neighbours of these classes (or their subclasses); the walk
            still passes through entities of other classes.
        limit: most nodes in the answer, focus included; more sets `truncated`.
        lang: language of labels.
        include_sources: include source documents as neighbours.
    """
    wanted_predicates = set(predicates)
    wanted_types = list(types)
    depths = {focus: 0}
    order = [focus]
    frontier = [focus]
    truncated = False
    for level in range(1, depth + 1):
        next_frontier: list[str] = []
        for iri in frontier:
            for predicate, _, other in _links(projection, iri, direction):
                if other in depths or (wanted_predicates and predicate not in wanted_predicates):
                    continue
                if not include_sources and projection.is_source(other):
                    continue
                depths[other] = level
                # The walk goes through every class; the type filter picks what is shown.
                if not wanted_types or projection.is_a(other, wanted_types):
                    if len(order) >= limit:
                        truncated = True
                        break
                    order.append(other)
                next_frontier.append(other)
            if truncated:
                break
        frontier = sorted(next_frontier)
        if truncated or not frontier:
            break
    chosen = set(order)
    edges = sorted(
        {
            (s, p, o)
            for s in chosen
            for _, o, p in projection.graph.out_edges(s, keys=True)
            if o in chosen and (not wanted_predicates or p in wanted_predicates)
        }
    )
    nodes = sorted(order, key=lambda n: (depths[n], projection.node(n).id))
    return Neighbourhood(
        focus=projection.node(focus).id,
        nodes=[projection.node(n, lang=lang, depth=depths[n]) for n in nodes],
        edges=[projection.edge(s, o, p, lang=lang) for s, p, o in edges],
        truncated=truncated,
    )


@dataclass(slots=True)
class Group:
    """The neighbours of one entity along one predicate in one direction."""

    predicate: str
    label: str
    direction: str
    count: int
    offset: int
    nodes: list[Node] = field(default_factory=list)


def grouped_neighbourhood(
    projection: Projection,
    focus: str,
    *,
    direction: Direction = Direction.BOTH,
    predicates: Iterable[str] = (),
    types: Iterable[str] = (),
    limit: int = 10,
    offset: int = 0,
    lang: str = "en",
    include_sources: bool = False,
) -> list[Group]:
    """Summarise the direct neighbours of `focus` per (predicate, direction).

    Each group has its full `count` and the nodes from `offset` to `offset + limit`, so a
    hub with thousands of neighbours stays readable and each group can be paged.
    """
    wanted_predicates = set(predicates)
    wanted_types = list(types)
    members: dict[tuple[str, str], list[str]] = {}
    for predicate, way, other in _links(projection, focus, direction):
        if wanted_predicates and predicate not in wanted_predicates:
            continue
        if not include_sources and projection.is_source(other):
            continue
        if wanted_types and not projection.is_a(other, wanted_types):
            continue
        members.setdefault((predicate, way), []).append(other)
    groups = []
    for (predicate, way), others in sorted(members.items()):
        page = others[offset : offset + limit]
        groups.append(
            Group(
                predicate=predicate,
                label=projection.label(predicate, lang),
                direction=way,
                count=len(others),
                offset=offset,
                nodes=[projection.node(n, lang=lang, depth=1) for n in page],
            )
        )
    return groups


def paths(
    projection: Projection,
    start: str,
    end: str,
    *,
    max_length: int = 4,
    limit: int = 10,
    lang: str = "en",
) -> tuple[Neighbourhood, list[list[str]]]:
    """Return the shortest connections between two entities, links followed either way.

    Returns:
        The subgraph made of every shortest path (at most `limit` of them), and the paths
        themselves as lists of node ids. Both are empty when the entities are further
        apart than `max_length` links (or not connected).
    """
    if max_length < 1:
        raise BadRequest("max_length must be at least 1.", parameter="max_length")
    undirected = projection.graph.to_undirected(as_view=True)
    found: list[list[str]] = []
    try:
        for path in islice(nx.all_shortest_paths(undirected, start, end), limit):
            if len(path) - 1 > max_length:
                break
            found.append(path)
    except nx.NetworkXNoPath:
        found = []
    found.sort(key=lambda p: [projection.node(n).id for n in p])
    chosen: dict[str, int] = {}
    edges: set[tuple[str, str, str]] = set()
    for path in found:
        for index, iri in enumerate(path):
            chosen[iri] = min(index, chosen.get(iri, index))
        for a, b in pairwise(path):
            for p in projection.graph.get_edge_data(a, b) or {}:
                edges.add((a, p, b))
            for p in projection.graph.get_edge_data(b, a) or {}:
                edges.add((b, p, a))
    subgraph = Neighbourhood(
        focus=projection.node(start).id,
        nodes=[
            projection.node(n, lang=lang, depth=d)
            for n, d in sorted(chosen.items(), key=lambda item: (item[1], item[0]))
        ],
        edges=[projection.edge(s, o, p, lang=lang) for s, p, o in sorted(edges)],
        truncated=len(found) == limit,
    )
    return subgraph, [[projection.node(n).id for n in path] for path in found]


__all__ = ["Direction", "Edge", "Group", "grouped_neighbourhood", "neighbourhood", "paths"]
