"""Shortest connections between two entities, links followed either way.

A breadth-first search from both ends at once (always widening the smaller side) reads
the links of the nodes it reaches from the store's indexes, and stops at the first layer
where the two sides meet, or at `max_length`. Every shortest path passes through exactly
one node of that meeting layer, so the paths are the ways from the start to a meeting
node joined to the ways from it to the end; they are listed in order of their node ids,
and only the first `limit` are built.

A `PathFilter` narrows the links a path may follow and the entities it may pass through
(the two ends are always allowed). By default a path does not go through classification:
class membership (``rdf:type``), topics and other SKOS concepts, concept schemes and source
documents, nor along the properties that point at them (read from the ontology: those whose
range is such a class, ``dcterms:subject`` and ``skos:inScheme``, and their sub-properties).
Two entities that share a topic are not connected by it. With a period (`PathFilter.when`) a
path goes only through entities and along links valid in it (`graphkit.dating`'s rules).

`k_shortest_paths` gives the k shortest *simple* paths instead, of any length up to
`max_length` (Yen's algorithm, networkx's `shortest_simple_paths`), on the part of the graph
such paths can use: every node of a path of at most L links lies within ⌈L/2⌉ links of the
start or within ⌊L/2⌋ links of the end, so those two balls are read (through the same
rules) and nothing else; a ball of more than `MAX_EXPLORED` entities is refused (413).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from graphkit.dating import TimeFilter
from graphkit.errors import BadRequest, TooLarge
from graphkit.evidence import edges as edge_records
from graphkit.explore import Direction, links, valid_links, valid_steps
from graphkit.inverses import fold_edges, inverses_of
from graphkit.model import Neighbourhood
from graphkit.namespaces import DCTERMS, GK, RDF, SKOS, entity_id
from graphkit.projection import SOURCE_DOCUMENT, Projection

#: Classes whose instances classify entities rather than connect them (with their subclasses).
CLASSIFYING_CLASSES = (SKOS + "Concept", SKOS + "ConceptScheme", GK + "Topic", SOURCE_DOCUMENT)
#: The most entities `k_shortest_paths` reads around the two ends.
MAX_EXPLORED = 50_000
#: Properties that classify (with their sub-properties), beside those whose range is a class above.
CLASSIFYING_PROPERTIES = (RDF + "type", DCTERMS + "subject", SKOS + "inScheme", GK + "topic")


@dataclass(frozen=True, slots=True)
class PathFilter:
    """What a path may go through.

    Attributes:
        predicates: only links of these properties (or their inverses); all when empty.
        excluded: never links of these properties (nor their inverses).
        types: only through entities of these classes (or subclasses); the ends always.
        classification: also through classification (see the module); off by default.
        when: only through entities and along links valid in this period; None for all time.
    """

    predicates: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    classification: bool = False
    when: TimeFilter | None = None


def classifying_properties(projection: Projection) -> frozenset[str]:
    """Return the properties that classify (see the module), read once per store version."""

    def read() -> frozenset[str]:
        ranges: dict[str, set[str]] = {}
        supers: dict[str, set[str]] = {}
        for row in projection.snapshot.select("property-terms"):
            found = ranges if row["kind"].value == "range" else supers
            found.setdefault(row["p"].value, set()).add(row["o"].value)
        classes = projection.classes.subclasses(CLASSIFYING_CLASSES)
        chosen = set(CLASSIFYING_PROPERTIES) | {p for p, found in ranges.items() if found & classes}
        grown = True
        while grown:  # sub-properties of a classifying property classify too
            before = len(chosen)
            chosen |= {p for p, found in supers.items() if found & chosen}
            grown = len(chosen) > before
        return frozenset(chosen)

    return projection.remember("classifying-properties", read)


class _Rules:
    """A `PathFilter` applied to one projection and one pair of ends."""

    def __init__(self, projection: Projection, chosen: PathFilter, ends: Iterable[str]) -> None:
        inverses = inverses_of(projection)
        self.projection = projection
        self.ends = set(ends)
        self.predicates = set(inverses.with_partners(chosen.predicates))
        self.excluded = set(inverses.with_partners(chosen.excluded))
        if not chosen.classification:
            self.excluded |= classifying_properties(projection)
        self.types = sorted(chosen.types)
        self.classification = chosen.classification
        self.when = chosen.when
        self.present: dict[str, bool] = {}

    def follows(self, predicate: str) -> bool:
        """Whether a path may follow a link of `predicate`."""
        return predicate not in self.excluded and (not self.predicates or predicate in self.predicates)

    def passes(self, iri: str) -> bool:
        """Whether a path may go through the entity `iri` (the ends always may)."""
        if iri in self.ends:
            return True
        if not self.projection.is_linked_entity(iri):
            return False
        if self.types and not self.projection.is_a(iri, self.types):
            return False
        return self.classification or not self.projection.is_a(iri, CLASSIFYING_CLASSES)


def _neighbours(rules: _Rules, iri: str) -> list[str]:
    steps = [
        step
        for step in links(rules.projection, iri, Direction.BOTH, sorted(rules.predicates))
        if rules.follows(step[0])
    ]
    if rules.when is not None:
        steps = valid_steps(rules.projection, rules.when, iri, steps)
    found = dict.fromkeys(other for _, _, other in steps)
    found.pop(iri, None)
    return [other for other in found if rules.passes(other)]


class _Side:
    """One end of the search: distances and the previous nodes on shortest ways to it."""

    def __init__(self, root: str) -> None:
        self.distance = {root: 0}
        self.previous: dict[str, list[str]] = {root: []}
        self.frontier = [root]
        self.level = 0

    def widen(self, rules: _Rules) -> list[str]:
        """Visit the next layer; return its nodes."""
        reached: list[str] = []
        self.level += 1
        for node in self.frontier:
            for other in _neighbours(rules, node):
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
    projection: Projection,
    start: str,
    end: str,
    *,
    max_length: int,
    limit: int,
    through: PathFilter | None = None,
) -> list[list[str]]:
    """Return up to `limit` shortest paths (as IRIs) from `start` to `end`, in order of node ids.

    Args:
        through: what the paths may go through (default: anything but classification).
    """
    if start == end:
        return [[start]]
    rules = _Rules(projection, through or PathFilter(), (start, end))
    ahead, back = _Side(start), _Side(end)
    meeting: list[str] = []
    while ahead.level + back.level < max_length and ahead.frontier and back.frontier:
        side, other = (ahead, back) if len(ahead.frontier) <= len(back.frontier) else (back, ahead)
        reached = side.widen(rules)
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


def _ball(rules: _Rules, root: str, radius: int, adjacency: dict[str, list[str]]) -> set[str]:
    """Return the entities within `radius` links of `root`, reading the links of each into `adjacency`."""
    reached, frontier = {root}, [root]
    for _ in range(radius):
        following: list[str] = []
        for node in frontier:
            if node not in adjacency:
                adjacency[node] = _neighbours(rules, node)
            following += [other for other in adjacency[node] if other not in reached]
            reached.update(adjacency[node])
        if len(reached) > MAX_EXPLORED:
            raise TooLarge(
                f"The paths of at most {2 * radius} links from {entity_id(root)} reach more than "
                f"{MAX_EXPLORED} entities: give a smaller max_length, or narrow the links (predicate, "
                "type, a period).",
                parameter="max_length",
            )
        frontier = following
    return reached


def k_shortest_paths(
    projection: Projection,
    start: str,
    end: str,
    *,
    k: int,
    max_length: int,
    through: PathFilter | None = None,
) -> list[list[str]]:
    """Return the `k` shortest simple paths (as IRIs) of at most `max_length` links, shortest first.

    Paths of one length are in the order of Yen's algorithm on the graph built in order of
    node ids (deterministic). See the module for the part of the graph that is read.

    Raises:
        TooLarge: the ends' surroundings hold more than `MAX_EXPLORED` entities.
    """
    if start == end:
        return [[start]]
    rules = _Rules(projection, through or PathFilter(), (start, end))
    adjacency: dict[str, list[str]] = {}
    near = _ball(rules, start, (max_length + 1) // 2, adjacency) | _ball(
        rules, end, max_length // 2, adjacency
    )
    graph = nx.Graph()
    ordered = sorted(near, key=entity_id)
    graph.add_nodes_from(ordered)
    for node in ordered:
        for other in sorted(adjacency.get(node, ()), key=entity_id):
            if other in near:
                graph.add_edge(node, other)
    found: list[list[str]] = []
    if not nx.has_path(graph, start, end):
        return found
    for path in nx.shortest_simple_paths(graph, start, end):
        if len(path) - 1 > max_length or len(found) >= k:
            break
        found.append(path)
    return found


def paths(
    projection: Projection,
    start: str,
    end: str,
    *,
    max_length: int = 4,
    limit: int = 10,
    lang: str = "en",
    through: PathFilter | None = None,
    k: int | None = None,
) -> tuple[Neighbourhood, list[list[str]]]:
    """Return the shortest connections between two entities, links followed either way.

    A link stated both ways (or with an inverse property) is one edge (`graphkit.inverses`).
    `through` says which links and entities a path may use (default: no classification).

    Args:
        k: give the `k` shortest simple paths of any length up to `max_length`
            (`k_shortest_paths`) instead of every shortest path up to `limit`.

    Returns:
        The subgraph made of the paths, and the paths themselves as lists of node ids
        (shortest first). Both are empty when the entities are further apart than
        `max_length` links (or not connected). `truncated` says more paths may exist.
    """
    if max_length < 1:
        raise BadRequest("max_length must be at least 1.", parameter="max_length")
    through = through or PathFilter()
    if k is None:
        found = shortest_paths(projection, start, end, max_length=max_length, limit=limit, through=through)
        more = len(found) == limit
    else:
        found = k_shortest_paths(projection, start, end, k=k + 1, max_length=max_length, through=through)
        more, found = len(found) > k, found[:k]
    rules = _Rules(projection, through, (start, end))
    chosen: dict[str, int] = {}
    pairs: set[frozenset[str]] = set()
    for path in found:
        for index, iri in enumerate(path):
            chosen[iri] = min(index, chosen.get(iri, index))
        pairs |= {frozenset((a, b)) for a, b in pairwise(path)}
    edges = valid_links(
        projection,
        through.when,
        (
            (s, p, o)
            for s, p, o in projection.links_among(chosen)
            if frozenset((s, o)) in pairs and s != o and rules.follows(p)
        ),
    )
    subgraph = Neighbourhood(
        focus=entity_id(start),
        nodes=projection.nodes(sorted(chosen.items(), key=lambda item: (item[1], item[0])), lang=lang),
        edges=fold_edges(projection, edge_records(projection, edges, lang=lang), lang=lang),
        truncated=more,
    )
    return subgraph, [[entity_id(n) for n in path] for path in found]


__all__ = [
    "CLASSIFYING_CLASSES",
    "MAX_EXPLORED",
    "PathFilter",
    "classifying_properties",
    "k_shortest_paths",
    "paths",
    "shortest_paths",
]
