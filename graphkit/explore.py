"""Walks over the projection: an entity's neighbourhood, its summary per predicate, paths.

Links are read from the store's indexes as they are needed, never all at once: a node's
outgoing links, then its incoming links, each in the store's index order (deterministic:
the same data gives the same order, whatever else the store holds). A walk stops as soon
as it has the page it was asked for, so the first page of a hub with thousands of links
reads a few hundred of them; later pages (`offset`) walk on from the start. Groups per
predicate are counted in the store (SPARQL COUNT) and paged by the same ordered reads.

With a period (a `graphkit.dating.TimeFilter`) a walk goes only through neighbours that are
in it and along links valid in it, and shows only such links (the rules are
`graphkit.dating`'s); groups are then counted from the focus's links read in order, as the
store cannot count by dates.

Answers are listed in a stable order: nodes by (depth, id), edges by (source, predicate,
target); the neighbours of a group in the index order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice

from graphkit.dating import TimeFilter
from graphkit.evidence import edges as edge_records
from graphkit.inverses import fold_edges, inverses_of
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
    A link stated with the inverse of a chosen predicate counts as one of that predicate
    (`graphkit.inverses`): an outgoing `gk:hasMember` link is also an incoming `gk:memberOf`.
    """
    snapshot = projection.snapshot
    wanted = sorted(set(predicates))
    forward = direction in (Direction.OUT, Direction.BOTH)
    backward = direction in (Direction.IN, Direction.BOTH)
    out_side: list[str | None] = []
    in_side: list[str | None] = []
    if not wanted:
        out_side, in_side = [None] * forward, [None] * backward
    else:
        partners = inverses_of(projection).partner
        turned = sorted({partners[p] for p in wanted if p in partners} - set(wanted))
        out_side = [*(wanted if forward else []), *(turned if backward else [])]
        in_side = [*(wanted if backward else []), *(turned if forward else [])]
    for predicate in out_side:
        for p, other in snapshot.objects(iri, predicate):
            if p != RDF_TYPE and other.kind is TermKind.URI:
                yield p, "out", other.value
    for predicate in in_side:
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
    when: TimeFilter | None = None,
) -> Iterator[tuple[str, int]]:
    """Yield (entity, depth) of the neighbours to show, breadth first, in visit order."""
    depths = {focus: 0}
    frontier = [focus]
    for level in range(1, depth + 1):
        following: list[str] = []
        for iri in frontier:
            for chunk in _chunks(links(projection, iri, direction, predicates)):
                projection.prefetch(other for _, _, other in chunk if other not in depths)
                if when is not None:
                    chunk = valid_steps(projection, when, iri, chunk)
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


def valid_steps(
    projection: Projection, when: TimeFilter, iri: str, chunk: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """Keep the steps (predicate, way, other) from `iri` to a neighbour in the period along a valid link."""
    stated = {
        step: (iri, step[0], step[2]) if step[1] == "out" else (step[2], step[0], iri) for step in chunk
    }
    valid = when.links(projection, stated.values())
    present = when.entities(projection, {other for _, _, other in chunk})
    return [step for step in chunk if stated[step] in valid and step[2] in present]


def valid_links(
    projection: Projection, when: TimeFilter | None, found: Iterable[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """Return the links valid in the period, in their order (all of them without a period)."""
    listed = list(found)
    if when is None:
        return listed
    valid = when.links(projection, listed)
    return [link for link in listed if link in valid]


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
    when: TimeFilter | None = None,
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
        when: only neighbours and links valid in this period (see the module).
    """
    wanted_predicates, wanted_types = sorted(set(predicates)), sorted(set(types))
    key = (
        *("page", focus, depth, direction, tuple(wanted_predicates), tuple(wanted_types)),
        *(limit, offset, lang, include_sources, details, when),
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
            when=when,
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
    when: TimeFilter | None,
) -> Neighbourhood:
    wanted_predicates = inverses_of(projection).with_partners(predicates)
    walk = _walk(
        projection,
        focus,
        depth=depth,
        direction=direction,
        predicates=predicates,
        types=types,
        include_sources=include_sources,
        when=when,
    )
    room = max(limit - 1, 0)
    visited = list(islice(walk, offset + room + 1))
    earlier, page = visited[:offset], visited[offset:]
    more = len(page) > room
    chosen = [(focus, 0), *page[:room]]
    chosen.sort(key=lambda item: (item[1], entity_id(item[0])))
    shown = {iri for iri, _ in chosen}
    # A later page also carries its nodes' links to the nodes of the pages before it (a link
    # between two pages is in the later one), so following `next` gathers every link once.
    among = [*shown, *(iri for iri, _ in earlier)]
    found = valid_links(
        projection,
        when,
        (
            link
            for link in projection.links_among(
                among, predicates=wanted_predicates, hubs=[focus] if more or earlier else []
            )
            if (link[0] in shown and link[2] in shown)
            or (link[0] in shown and link[0] != focus)
            or (link[2] in shown and link[2] != focus)
        ),
    )
    return Neighbourhood(
        focus=entity_id(focus),
        nodes=projection.nodes(chosen, lang=lang, details=details),
        edges=fold_edges(projection, edge_records(projection, found, lang=lang), lang=lang),
        truncated=more,
        next_offset=offset + room if more else None,
    )


@dataclass(slots=True)
class Group:
    """The neighbours of one entity along one predicate in one direction (and of one class).

    A link and its inverse count as one predicate (`graphkit.inverses`): the group is named
    by the canonical predicate, in the direction of that predicate.
    `cls` is None when grouped by predicate; grouped by class it is the neighbours' most
    specific class ("" for neighbours without a class).
    """

    predicate: str
    label: str
    direction: str
    count: int
    offset: int
    nodes: list[Node] = field(default_factory=list)
    cls: str | None = None


#: A group's key: (canonical predicate, direction, class or None).
Key = tuple[str, str, str | None]


@dataclass(slots=True)
class _Count:
    own: int = 0  # neighbours in the id namespace (counted in the store)
    foreign: list[str] = field(default_factory=list)  # entities outside it (checked one by one)
    listed: bool = False  # every neighbour is in `foreign`, in order (counted with a period)

    @property
    def total(self) -> int:
        return self.own + len(self.foreign)


def specific_classes(projection: Projection, iri: str) -> list[str]:
    """Return the classes of `iri` that no other class of it is a subclass of ("" if it has none)."""
    types = set(projection.types_of(iri))
    found = [t for t in types if not any(t in projection.classes.superclasses(o) for o in types - {t})]
    return sorted(found) or [""]


@dataclass(slots=True)
class _Grouping:
    """What a grouped summary asks for (the part of its key the counts depend on)."""

    focus: str
    ways: list[str]
    predicates: list[str]
    types: list[str]
    include_sources: bool
    by_class: bool

    def keeps(self, projection: Projection, iri: str) -> bool:
        """Whether a neighbour is shown at all (documents, and the class filter by predicate)."""
        if not self.include_sources and projection.is_source(iri):
            return False
        return self.by_class or not self.types or projection.is_a(iri, self.types)

    def keeps_class(self, projection: Projection, cls: str | None) -> bool:
        """Whether a group of neighbours of class `cls` is asked for (the class filter by class)."""
        return not self.by_class or not self.types or cls in self.types

    def classes_of(self, projection: Projection, iri: str) -> list[str | None]:
        return [*specific_classes(projection, iri)] if self.by_class else [None]


def _counts(projection: Projection, asked: _Grouping) -> dict[Key, _Count]:
    """Count the neighbours of `focus` per group in the store, a link and its inverse as one."""
    snapshot = projection.snapshot
    inverses = inverses_of(projection)
    counts: dict[Key, _Count] = {}
    typed = asked.types and not asked.by_class
    closure = sorted(projection.classes.subclasses(asked.types)) if typed else []
    focus = Term.iri(asked.focus)
    for way in ("out", "in"):
        foreign = False
        each: list[str | None] = [*inverses.with_partners(asked.predicates)] or [None]
        for predicate in each:
            bindings = {"focus": focus}
            if predicate:
                bindings["p"] = Term.iri(predicate)
            if asked.by_class:
                rows = snapshot.select(f"link-class-counts-{way}", bindings)
            elif closure:
                rows = select_for(snapshot, f"link-counts-typed-{way}", "wanted", closure, bindings=bindings)
            else:
                rows = snapshot.select(f"link-counts-{way}", bindings)
            for row in rows:
                cls = row["cls"].value if "cls" in row else "" if asked.by_class else None
                # "1": Virtuoso answers STRSTARTS with an xsd:integer (docs/engines.md).
                if row["own"].value in ("true", "1"):
                    key = (*inverses.fold(row["p"].value, way), cls)
                    counts.setdefault(key, _Count()).own += int(row["count"].value)
                else:
                    foreign = True
            if foreign:
                for row in snapshot.select(f"link-foreign-{way}", bindings):
                    other = row["n"].value
                    if projection.is_entity(other) and asked.keeps(projection, other):
                        for cls in asked.classes_of(projection, other):
                            key = (*inverses.fold(row["p"].value, way), cls)
                            found = counts.setdefault(key, _Count()).foreign
                            if other not in found:
                                found.append(other)
    if not asked.include_sources:
        for row in snapshot.select("link-documents", {"focus": focus}):
            doc = row["n"].value
            if doc.startswith(ID) and (not typed or projection.is_a(doc, asked.types)):
                for cls in asked.classes_of(projection, doc):
                    key = (*inverses.fold(row["p"].value, row["way"].value), cls)
                    if key in counts:
                        counts[key].own -= 1
    # A neighbour linked both ways (a hasMember b, b memberOf a) was counted once per way.
    both = {(r["p"].value, r["n"].value) for r in snapshot.select("link-both-ways", {"focus": focus})}
    for predicate, other in sorted(both):
        if not other.startswith(ID) or not asked.keeps(projection, other):
            continue
        if asked.predicates and predicate not in inverses.with_partners(asked.predicates):
            continue
        folded = inverses.fold(predicate, "out")
        for cls in asked.classes_of(projection, other):
            if (*folded, cls) in counts:
                counts[(*folded, cls)].own -= 1
    for count in counts.values():
        count.foreign.sort()
    return {
        key: count
        for key, count in counts.items()
        if count.total > 0 and key[1] in asked.ways and asked.keeps_class(projection, key[2])
    }


def _counts_in_period(projection: Projection, asked: _Grouping, when: TimeFilter) -> dict[Key, _Count]:
    """Count the neighbours of `focus` per group from its links valid in the period, read in order."""
    inverses = inverses_of(projection)
    counts: dict[Key, _Count] = {}
    for chunk in _chunks(links(projection, asked.focus, Direction.BOTH, asked.predicates)):
        projection.prefetch(other for _, _, other in chunk)
        for predicate, way, other in valid_steps(projection, when, asked.focus, chunk):
            if other == asked.focus or not projection.is_entity(other) or not asked.keeps(projection, other):
                continue
            for cls in asked.classes_of(projection, other):
                key = (*inverses.fold(predicate, way), cls)
                found = counts.setdefault(key, _Count(listed=True)).foreign
                if other not in found:
                    found.append(other)
    return {
        key: count
        for key, count in counts.items()
        if key[1] in asked.ways and asked.keeps_class(projection, key[2])
    }


def _members(projection: Projection, asked: _Grouping, key: Key, count: _Count) -> Iterator[str]:
    """Yield the neighbours of one group: those of the id namespace in index order, then the others."""
    if count.listed:
        yield from count.foreign
        return
    predicate, way, cls = key
    snapshot = projection.snapshot
    inverse = inverses_of(projection).partner.get(predicate)
    sides = [(predicate, way)]
    if inverse is not None:
        sides.append((inverse, "in" if way == "out" else "out"))
    seen: set[str] = set()
    for side, side_way in sides:
        found = (
            snapshot.objects(asked.focus, side) if side_way == "out" else snapshot.subjects(asked.focus, side)
        )
        own = (
            (side, side_way, term.value)
            for _, term in found
            if term.kind is TermKind.URI and term.value.startswith(ID)
        )
        for chunk in _chunks(own):
            projection.prefetch(other for _, _, other in chunk)
            for _, _, other in chunk:
                if other in seen or not asked.keeps(projection, other):
                    continue
                if cls is not None and cls not in specific_classes(projection, other):
                    continue
                seen.add(other)
                yield other
    yield from (other for other in count.foreign if other not in seen)


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
    by_class: bool = False,
    details: bool = False,
    when: TimeFilter | None = None,
) -> list[Group]:
    """Summarise the direct neighbours of `focus` per (predicate, direction), or also per class.

    Each group has its full `count` (counted in the store, remembered for the store
    version) and the nodes from `offset` to `offset + limit`, read in index order, so a
    hub with thousands of neighbours stays readable and each group can be paged. A link
    and its inverse are one group (`graphkit.inverses`), each neighbour counted once.

    Args:
        types: grouped by predicate, only neighbours of these classes (or subclasses);
            grouped by class, only the groups of these classes.
        by_class: one group per (predicate, direction, most specific class of the neighbour);
            a neighbour with two unrelated most specific classes is in both groups.
        details: give the nodes their facts and sources (as `neighbourhood` does).
        when: only neighbours in this period, along links valid in it (see the module).
    """
    ways = ["out", "in"] if direction is Direction.BOTH else [direction.value]
    asked = _Grouping(focus, ways, sorted(set(predicates)), sorted(set(types)), include_sources, by_class)
    key = (
        "groups",
        focus,
        tuple(ways),
        tuple(asked.predicates),
        tuple(asked.types),
        include_sources,
        by_class,
        when,
    )
    counts = projection.remember(
        key,
        lambda: _counts(projection, asked) if when is None else _counts_in_period(projection, asked, when),
    )
    return projection.remember(
        (*key, "page", limit, offset, lang, details),
        lambda: _pages(projection, asked, counts, limit, offset, lang, details),
        page=True,
    )


def _pages(
    projection: Projection,
    asked: _Grouping,
    counts: dict[Key, _Count],
    limit: int,
    offset: int,
    lang: str,
    details: bool = False,
) -> list[Group]:
    groups = []
    for (predicate, way, cls), count in sorted(
        counts.items(), key=lambda item: (*item[0][:2], item[0][2] or "")
    ):
        members = _members(projection, asked, (predicate, way, cls), count)
        page = list(islice(members, offset, offset + limit))
        groups.append(
            Group(
                predicate=predicate,
                label=projection.label(predicate, lang),
                direction=way,
                count=count.total,
                offset=offset,
                nodes=projection.nodes(((n, 1) for n in page), lang=lang, details=details),
                cls=cls,
            )
        )
    return groups


__all__ = [
    "Direction",
    "Edge",
    "Group",
    "grouped_neighbourhood",
    "links",
    "neighbourhood",
    "specific_classes",
    "valid_links",
    "valid_steps",
]
