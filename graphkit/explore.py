"""Walks over the projection: an entity's neighbourhood, its summary per predicate, paths.

Links are read from the store's indexes as they are needed, never all at once: a node's
outgoing links, then its incoming links, each in the store's index order (deterministic:
the same data gives the same order, whatever else the store holds). A walk stops as soon
as it has the page it was asked for, so the first page of a hub with thousands of links
reads a few hundred of them; later pages (`offset`) walk on from the start. Groups per
predicate are counted in the store (SPARQL COUNT) and paged by the same ordered reads.

Answers are listed in a stable order: nodes by (depth, id), edges by (source, predicate,
target); the neighbours of a group in the index order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice

from graphkit.evidence import edges as edge_records
from graphkit.model import Edge, Neighbourhood, Node, Term, TermKind
from graphkit.namespaces import ID, entity_id
from graphkit.projection import RDF_TYPE, Projection
from graphkit.snapshot import select_for

#: Links read (and their ends' labels and classes fetched) at once during a walk.
_CHUNK = 256


class Direction(StrEnum):
    """Which links of a node to follow."""

    OUT = "out"
    IN = "in"
    BOTH = "both"


def links(
    projection: Projection, iri: str, direction: Direction, predicates: Iterable[str] = ()
) -> Iterator[tuple[str, str, str]]:
    """Yield (predicate, "out"|"in", other IRI) for the links of `iri`, in index order.

    Outgoing links come first. Only links between two IRIs count, rdf:type is left out.
    """
    snapshot = projection.snapshot
    chosen: list[str | None] = [*sorted(set(predicates))]
    chosen = chosen or [None]
    if direction in (Direction.OUT, Direction.BOTH):
        for predicate in chosen:
            for p, other in snapshot.objects(iri, predicate):
                if p != RDF_TYPE and other.kind is TermKind.URI:
                    yield p, "out", other.value
    if direction in (Direction.IN, Direction.BOTH):
        for predicate in chosen:
            for p, other in snapshot.subjects(iri, predicate):
                if other.kind is TermKind.URI:
                    yield p, "in", other.value


def _chunks(found: Iterator[tuple[str, str, str]]) -> Iterator[list[tuple[str, str, str]]]:
    while chunk := list(islice(found, _CHUNK)):
        yield chunk


def _walk(
    projection: Projection,
    focus: str,
    *,
    depth: int,
    direction: Direction,
    predicates: Iterable[str],
    types: list[str],
    include_sources: bool,
) -> Iterator[tuple[str, int]]:
    """Yield (entity, depth) of the neighbours to show, breadth first, in visit order."""
    depths = {focus: 0}
    frontier = [focus]
    for level in range(1, depth + 1):
        following: list[str] = []
        for iri in frontier:
            for chunk in _chunks(links(projection, iri, direction, predicates)):
                projection.prefetch(other for _, _, other in chunk if other not in depths)
                for _, _, other in chunk:
                    if other in depths or not projection.is_linked_entity(other):
                        continue
                    if not include_sources and projection.is_source(other):
                        continue
                    depths[other] = level
                    # The walk goes through every class; the type filter picks what is shown.
                    if not types or projection.is_a(other, types):
                        yield other, level
                    following.append(other)
        frontier = following
        if not frontier:
            return


def neighbourhood(
    projection: Projection,
    focus: str,
    *,
    depth: int = 1,
    direction: Direction = Direction.BOTH,
    predicates: Iterable[str] = (),
    types: Iterable[str] = (),
    limit: int = 500,
    offset: int = 0,
    lang: str = "en",
    include_sources: bool = False,
    details: bool = False,
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
        limit: most nodes in the answer, focus included; more sets `truncated` and
            `next_offset`.
        offset: skip this many neighbours (in visit order): the pages after the first.
        lang: language of labels.
        include_sources: include source documents as neighbours.
        details: give the nodes their facts and sources (for views).
    """
    wanted_predicates, wanted_types = sorted(set(predicates)), sorted(set(types))
    key = (
        *("page", focus, depth, direction, tuple(wanted_predicates), tuple(wanted_types)),
        *(limit, offset, lang, include_sources, details),
    )
    return projection.remember(
        key,
        lambda: _neighbourhood(
            projection,
            focus,
            depth=depth,
            direction=direction,
            predicates=wanted_predicates,
            types=wanted_types,
            limit=limit,
            offset=offset,
            lang=lang,
            include_sources=include_sources,
            details=details,
        ),
        page=True,
    )


def _neighbourhood(
    projection: Projection,
    focus: str,
    *,
    depth: int,
    direction: Direction,
    predicates: list[str],
    types: list[str],
    limit: int,
    offset: int,
    lang: str,
    include_sources: bool,
    details: bool,
) -> Neighbourhood:
    wanted_predicates = predicates
    walk = _walk(
        projection,
        focus,
        depth=depth,
        direction=direction,
        predicates=wanted_predicates,
        types=types,
        include_sources=include_sources,
    )
    room = max(limit - 1, 0)
    page = list(islice(walk, offset, offset + room + 1))
    more = len(page) > room
    chosen = [(focus, 0), *page[:room]]
    chosen.sort(key=lambda item: (item[1], entity_id(item[0])))
    found = projection.links_among(
        (iri for iri, _ in chosen), predicates=wanted_predicates, hubs=[focus] if more else []
    )
    return Neighbourhood(
        focus=entity_id(focus),
        nodes=projection.nodes(chosen, lang=lang, details=details),
        edges=edge_records(projection, found, lang=lang),
        truncated=more,
        next_offset=offset + room if more else None,
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


@dataclass(slots=True)
class _Count:
    own: int = 0  # neighbours in the id namespace (counted in the store)
    foreign: list[str] = field(default_factory=list)  # entities outside it (checked one by one)

    @property
    def total(self) -> int:
        return self.own + len(self.foreign)


def _counts(
    projection: Projection,
    focus: str,
    ways: list[str],
    predicates: list[str],
    types: list[str],
    include_sources: bool,
) -> dict[tuple[str, str], _Count]:
    """Count the neighbours of `focus` per (predicate, direction) in the store."""
    snapshot = projection.snapshot
    counts: dict[tuple[str, str], _Count] = {}
    closure = sorted(projection.classes.subclasses(types)) if types else []
    for way in ways:
        foreign = False
        each: list[str | None] = [*predicates] or [None]
        for predicate in each:
            bindings = {"focus": Term.iri(focus)}
            if predicate:
                bindings["p"] = Term.iri(predicate)
            if closure:
                rows = select_for(snapshot, f"link-counts-typed-{way}", "wanted", closure, bindings=bindings)
            else:
                rows = snapshot.select(f"link-counts-{way}", bindings)
            for row in rows:
                key = (row["p"].value, way)
                # "1": Virtuoso answers STRSTARTS with an xsd:integer (docs/engines.md).
                if row["own"].value in ("true", "1"):
                    counts.setdefault(key, _Count()).own += int(row["count"].value)
                else:
                    foreign = True
            if foreign:
                for row in snapshot.select(f"link-foreign-{way}", bindings):
                    other = row["n"].value
                    if (
                        projection.is_entity(other)
                        and (include_sources or not projection.is_source(other))
                        and (not types or projection.is_a(other, types))
                    ):
                        counts.setdefault((row["p"].value, way), _Count()).foreign.append(other)
    if not include_sources:
        for row in snapshot.select("link-documents", {"focus": Term.iri(focus)}):
            key, doc = (row["p"].value, row["way"].value), row["n"].value
            if key in counts and doc.startswith(ID) and (not types or projection.is_a(doc, types)):
                counts[key].own -= 1
    for count in counts.values():
        count.foreign.sort()
    return {key: count for key, count in counts.items() if count.total}


def _members(
    projection: Projection,
    focus: str,
    key: tuple[str, str],
    count: _Count,
    types: list[str],
    include_sources: bool,
) -> Iterator[str]:
    """Yield the neighbours of one group: those of the id namespace in index order, then the others."""
    predicate, way = key
    snapshot = projection.snapshot
    found = snapshot.objects(focus, predicate) if way == "out" else snapshot.subjects(focus, predicate)
    own = (
        (predicate, way, term.value)
        for _, term in found
        if term.kind is TermKind.URI and term.value.startswith(ID)
    )
    for chunk in _chunks(own):
        if types or not include_sources:
            projection.prefetch(other for _, _, other in chunk)
        for _, _, other in chunk:
            if (include_sources or not projection.is_source(other)) and (
                not types or projection.is_a(other, types)
            ):
                yield other
    yield from count.foreign


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

    Each group has its full `count` (counted in the store, remembered for the store
    version) and the nodes from `offset` to `offset + limit`, read in index order, so a
    hub with thousands of neighbours stays readable and each group can be paged.
    """
    ways = ["out", "in"] if direction is Direction.BOTH else [direction.value]
    wanted_predicates, wanted_types = sorted(set(predicates)), sorted(set(types))
    key = ("groups", focus, tuple(ways), tuple(wanted_predicates), tuple(wanted_types), include_sources)
    counts = projection.remember(
        key, lambda: _counts(projection, focus, ways, wanted_predicates, wanted_types, include_sources)
    )
    return projection.remember(
        (*key, "page", limit, offset, lang),
        lambda: _pages(projection, focus, counts, wanted_types, include_sources, limit, offset, lang),
        page=True,
    )


def _pages(
    projection: Projection,
    focus: str,
    counts: dict[tuple[str, str], _Count],
    wanted_types: list[str],
    include_sources: bool,
    limit: int,
    offset: int,
    lang: str,
) -> list[Group]:
    groups = []
    for (predicate, way), count in sorted(counts.items()):
        members = _members(projection, focus, (predicate, way), count, wanted_types, include_sources)
        page = list(islice(members, offset, offset + limit))
        groups.append(
            Group(
                predicate=predicate,
                label=projection.label(predicate, lang),
                direction=way,
                count=count.total,
                offset=offset,
                nodes=projection.nodes(((n, 1) for n in page), lang=lang),
            )
        )
    return groups


__all__ = ["Direction", "Edge", "Group", "grouped_neighbourhood", "links", "neighbourhood"]
