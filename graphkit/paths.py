"""Shortest connections between two entities, links followed either way.

A breadth-first search from both ends at once (always widening the smaller side) reads
the links of the nodes it reaches from the store's indexes, and stops at the first layer
where the two sides meet, or at `max_length`. Every shortest path passes through exactly
one node of that meeting layer, so the paths are the ways from the start to a meeting
node joined to the ways from it to the end; they are listed in order of their node ids,
and only the first `limit` are built.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice, pairwise

from graphkit.errors import BadRequest
from graphkit.evidence import edges as edge_records
from graphkit.explore import Direction, links
from graphkit.model import Neighbourhood
from graphkit.namespaces import entity_id
from graphkit.projection import Projection


def _neighbours(projection: Projection, iri: str) -> list[str]:
    found = dict.fromkeys(other for _, _, other in links(projection, iri, Direction.BOTH))
    found.pop(iri, None)
    return [other for other in found if projection.is_linked_entity(other)]


class _Side:
    """One end of the search: distances and the previous nodes on shortest ways to it."""

    def __init__(self, root: str) -> None:
        self.distance = {root: 0}
        self.previous: dict[str, list[str]] = {root: []}
        self.frontier = [root]
        self.level = 0

    def widen(self, projection: Projection) -> list[str]:
        """Visit the next layer; return its nodes."""
        reached: list[str] = []
        self.level += 1
        for node in self.frontier:
            for other in _neighbours(projection, node):
                known = self.distance.get(other)
                if known is None:
                    self.distance[other] = self.level
                    self.previous[other] = [node]
                    reached.append(other)
                elif known == self.level:
                    self.previous[other].append(node)
        self.frontier = reached
        return reached


def _ways(side: _Side, node: str) -> Iterator[list[str]]:
    """Yield the shortest ways from `node` back to the side's root, by node ids."""
    if not side.previous[node]:
        yield [node]
        return
    for before in sorted(side.previous[node], key=entity_id):
        for way in _ways(side, before):
            yield [node, *way]


def shortest_paths(
    projection: Projection, start: str, end: str, *, max_length: int, limit: int
) -> list[list[str]]:
    """Return up to `limit` shortest paths (as IRIs) from `start` to `end`, in order of node ids."""
    if start == end:
        return [[start]]
    ahead, back = _Side(start), _Side(end)
    meeting: list[str] = []
    while ahead.level + back.level < max_length and ahead.frontier and back.frontier:
        side, other = (ahead, back) if len(ahead.frontier) <= len(back.frontier) else (back, ahead)
        reached = side.widen(projection)
        meeting = [n for n in reached if n in other.distance]
        if meeting:
            break
    if not meeting:
        return []
    total = {n: ahead.distance[n] + back.distance[n] for n in meeting}
    shortest = min(total.values())
    if shortest > max_length:
        return []
    joined = (
        [*reversed(head), *tail[1:]]
        for node in sorted((n for n in meeting if total[n] == shortest), key=entity_id)
        for head in _ways(ahead, node)
        for tail in _ways(back, node)
    )
    # Between two hubs there may be millions of shortest paths: build a bounded number.
    found = list(islice(joined, limit * 4 + 64))
    found.sort(key=lambda path: [entity_id(n) for n in path])
    return found[:limit]


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
    found = shortest_paths(projection, start, end, max_length=max_length, limit=limit)
    chosen: dict[str, int] = {}
    pairs: set[frozenset[str]] = set()
    for path in found:
        for index, iri in enumerate(path):
            chosen[iri] = min(index, chosen.get(iri, index))
        pairs |= {frozenset((a, b)) for a, b in pairwise(path)}
    edges = [(s, p, o) for s, p, o in projection.links_among(chosen) if frozenset((s, o)) in pairs and s != o]
    subgraph = Neighbourhood(
        focus=entity_id(start),
        nodes=projection.nodes(sorted(chosen.items(), key=lambda item: (item[1], item[0])), lang=lang),
        edges=edge_records(projection, edges, lang=lang),
        truncated=len(found) == limit,
    )
    return subgraph, [[entity_id(n) for n in path] for path in found]


__all__ = ["paths", "shortest_paths"]
