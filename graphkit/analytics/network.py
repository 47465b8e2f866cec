"""The network a measure runs on: which entities and links count, read from the store.

A `NetworkSpec` chooses the network; `select_network` reads it into a networkx
`MultiDiGraph` (`Network.graph`) with the labels, classes, dates and sources the measures,
exports and write-back need.

**Which entities.** The entities of `graphkit.projection` (the one entity rule) that have at
least one link to another IRI; with a focus, those within `depth` links of it, links followed
either way. They are narrowed, in this order, by:

- classification: unless `classification` is set, no topics, SKOS concepts, concept schemes
  or source documents (`graphkit.paths.CLASSIFYING_CLASSES`, with subclasses);
- `types`: only entities of these classes (or their subclasses);
- `period`: only entities whose [start, end] overlaps the period (`graphkit.timeframe`).

Entity dates and the undated rule are `graphkit.dating`'s: an entity without dates stays
in a period only with `undated` = ``include`` (the default).

**Which links.** Links between two chosen entities (rdf:type is never a link), narrowed by
property: only `predicates` (and their ``owl:inverseOf`` partners) when given; never
`excluded` (nor their partners); and, unless `classification` is set, never the
classifying properties (`graphkit.paths.classifying_properties`: rdf:type, dcterms:subject,
skos:inScheme, gk:topic, those whose range is a classifying class, their sub-properties). A
link from an entity to itself is left out. With a period a link counts when both its ends
are in the period and its own validity (`graphkit.dating`: from the dates of its
statements' evidence) overlaps it; a link without dates of its own holds while its ends do.

**With a focus** the network is the part of the whole network (the same spec without a
focus) within `depth` links of the focus, walked from it through the store's indexes
(nothing else is read); the focus itself is always in it.

**One edge per link.** A link and its ``owl:inverseOf`` are one edge (`graphkit.inverses`),
drawn in the direction of the declared property; stating it both ways merges the sources,
certainty and dates of both statements. Edges are keyed by that property's IRI.

The whole graph is read with a few streamed queries (links; their graphs and dates; labels
and classes of the ends in batches; entity dates), never entity by entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from graphkit.dating import Link, LinkRecord, Undated, link_records, read_dates, read_records
from graphkit.errors import BadRequest, NotFound
from graphkit.explore import Direction, links
from graphkit.inverses import inverses_of
from graphkit.labelling import TermsOf, read_terms
from graphkit.model import Term
from graphkit.namespaces import entity_id
from graphkit.paths import CLASSIFYING_CLASSES, classifying_properties
from graphkit.projection import Projection, short_name
from graphkit.snapshot import select_for
from graphkit.timeframe import Period

#: Depths a focused network may have.
DEPTHS = range(1, 5)


@dataclass(frozen=True, slots=True)
class NetworkSpec:
    """Which network to build (see the module for the rules).

    Attributes:
        focus: the entity IRI at the centre; None for the whole graph.
        depth: links from the focus (1 to 4).
        types: only entities of these class IRIs (and their subclasses).
        predicates: only links of these properties (and their inverses); all when empty.
        excluded: never links of these properties (nor their inverses).
        classification: include classification links and entities (types, topics,
            concepts, concept schemes, source documents); off by default.
        period: only entities and links valid in this period; None for all time.
        undated: what a period does with things that carry no date.
    """

    focus: str | None = None
    depth: int = 2
    types: frozenset[str] = frozenset()
    predicates: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    classification: bool = False
    period: Period | None = None
    undated: Undated = Undated.INCLUDE

    def describe(self) -> dict[str, object]:
        """Return the spec as JSON (IRIs in full, lists sorted), for provenance and API answers."""
        return {
            "focus": self.focus,
            "depth": self.depth if self.focus is not None else None,
            "types": sorted(self.types),
            "predicates": sorted(self.predicates),
            "excluded": sorted(self.excluded),
            "classification": self.classification,
            "period": self.period.describe() if self.period is not None else None,
            "undated": self.undated.value,
        }


@dataclass(slots=True)
class Network:
    """A selected network (see the module).

    Attributes:
        spec: what was selected.
        graph: nodes are entity ids with attributes ``iri``, ``label`` (English), ``label_de``,
            ``cls`` (most specific class IRI or ""), ``class_label``, ``start``, ``end`` (ISO
            days or None); edges are keyed by predicate IRI with attributes ``predicate``,
            ``label``, ``sources`` (document ids), ``certainty``, ``start``, ``end``.
        classes: each node id → its classes and all their superclasses (for class-based
            selections such as `graphkit.analytics.projections`).
        properties: each edge predicate → itself and all its super-properties.
    """

    spec: NetworkSpec
    graph: nx.MultiDiGraph
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    properties: dict[str, frozenset[str]] = field(default_factory=dict)
    _simple: nx.Graph | None = field(default=None, init=False, repr=False, compare=False)

    def simple(self) -> nx.Graph:
        """Return the network undirected, parallel links merged: edge attribute ``weight`` = their count.

        Built once and kept: measures only read it (do not change it).
        """
        if self._simple is not None:
            return self._simple
        simple = nx.Graph()
        simple.add_nodes_from(self.graph.nodes(data=True))
        for source, target in self.graph.edges():
            if simple.has_edge(source, target):
                simple[source][target]["weight"] += 1
            else:
                simple.add_edge(source, target, weight=1)
        self._simple = simple
        return simple


class _Selection:
    """A spec applied to one projection: which entities and links count, and what is known of them."""

    def __init__(self, projection: Projection, spec: NetworkSpec) -> None:
        inverses = inverses_of(projection)
        self.projection = projection
        self.spec = spec
        self.inverses = inverses
        self.predicates = set(inverses.with_partners(spec.predicates))
        self.excluded = set(inverses.with_partners(spec.excluded))
        if not spec.classification:
            self.excluded |= classifying_properties(projection)
        self.classifying = projection.classes.subclasses(CLASSIFYING_CLASSES)
        self.wanted = projection.classes.subclasses(spec.types) if spec.types else set()
        self.terms: dict[str, TermsOf] = {}
        self.dates: dict[str, tuple[date | None, date | None]] = {}
        self.decided: dict[str, bool] = {}
        self.every_date_read = False

    def follows(self, predicate: str) -> bool:
        """Whether links of `predicate` count."""
        return predicate not in self.excluded and (not self.predicates or predicate in self.predicates)

    def read(self, iris: Iterable[str]) -> None:
        """Read the labels, classes and dates of IRIs not read yet (in batches)."""
        missing = [iri for iri in dict.fromkeys(iris) if iri not in self.terms]
        if not missing:
            return
        statements: dict[str, list[tuple[str, Term]]] = {iri: [] for iri in missing}
        for row in select_for(self.projection.snapshot, "node-terms", "node", missing):
            statements[row["node"].value].append((row["kind"].value, row["text"]))
        for iri, found in statements.items():
            self.terms[iri] = read_terms(found)
        if not self.every_date_read:
            read_dates(
                select_for(self.projection.snapshot, "analytics-entity-dates", "node", missing), self.dates
            )

    def read_every_date(self) -> None:
        """Read the dates of every entity of the store at once (for a whole-graph network)."""
        read_dates(self.projection.snapshot.select("analytics-entity-dates"), self.dates)
        self.every_date_read = True

    def in_period(self, dated: tuple[date | None, date | None] | None) -> bool:
        period = self.spec.period
        if period is None:
            return True
        if dated is None:
            return self.spec.undated is Undated.INCLUDE
        return period.overlaps(*dated)

    def allows(self, iri: str) -> bool:
        """Whether an IRI (read before) is a chosen entity."""
        known = self.decided.get(iri)
        if known is None:
            known = self.decided[iri] = self._allows(iri)
        return known

    def _allows(self, iri: str) -> bool:
        if iri == self.spec.focus:
            return True
        if not self.projection.is_linked_entity(iri):
            return False
        classes = {c for t in self.terms[iri].types for c in self.projection.classes.superclasses(t)}
        if not self.spec.classification and classes & self.classifying:
            return False
        if self.wanted and not classes & self.wanted:
            return False
        return self.in_period(self.dates.get(iri))

    def keeps(self, link: Link, record: LinkRecord) -> bool:
        """Whether a link between two chosen entities counts in the period (undated: it does)."""
        if link[0] == link[2]:
            return False
        validity = record.validity()
        return self.spec.period is None or validity is None or self.spec.period.overlaps(*validity)


def _walk(selection: _Selection, focus: str) -> set[str]:
    """Return the entities within the spec's depth of `focus`, through chosen entities and links."""
    projection = selection.projection
    reached = {focus}
    frontier = [focus]
    wanted = sorted(selection.spec.predicates)
    for _ in range(selection.spec.depth):
        found: list[Link] = []
        for iri in frontier:
            for predicate, way, other in links(projection, iri, Direction.BOTH, wanted):
                if other not in reached and selection.follows(predicate):
                    found.append((iri, predicate, other) if way == "out" else (other, predicate, iri))
        selection.read(iri for link in found for iri in (link[0], link[2]))
        candidates = [link for link in found if selection.allows(link[0]) and selection.allows(link[2])]
        if selection.spec.period is not None:
            records = link_records(projection, candidates)
            candidates = [link for link in candidates if selection.keeps(link, records[link])]
        frontier = sorted({iri for s, _, o in candidates for iri in (s, o)} - reached)
        reached.update(frontier)
        if not frontier:
            break
    return reached


def _whole(selection: _Selection) -> tuple[set[str], dict[Link, LinkRecord]]:
    """Read every link of the store once (with its graphs and dates); return the chosen entities and links."""
    snapshot = selection.projection.snapshot
    records: dict[Link, LinkRecord] = {}
    read_records(snapshot.select("analytics-link-records"), records)
    found = [link for link in records if selection.follows(link[1])]
    ends = {iri for s, _, o in found for iri in (s, o)}
    selection.read_every_date()
    selection.read(ends)
    nodes = {iri for iri in ends if selection.allows(iri)}
    return nodes, {link: records[link] for link in found if link[0] in nodes and link[2] in nodes}


def _links_among(selection: _Selection, nodes: set[str]) -> dict[Link, LinkRecord]:
    found = [
        link
        for link in selection.projection.links_among(nodes, hubs=[selection.spec.focus or ""])
        if selection.follows(link[1])
    ]
    return link_records(selection.projection, found)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _fold(selection: _Selection, records: dict[Link, LinkRecord]) -> Iterator[tuple[Link, LinkRecord]]:
    """Yield each counted link once, turned to its declared property, with merged records."""
    folded: dict[Link, LinkRecord] = {}
    inverses = selection.inverses
    for (s, p, o), record in records.items():
        if not selection.keeps((s, p, o), record):
            continue
        key = (o, inverses.canonical[p], s) if inverses.is_flipped(p) else (s, p, o)
        known = folded.setdefault(key, LinkRecord())
        known.graphs |= record.graphs
        known.spans += [found for found in record.spans if found not in known.spans]
    yield from sorted(folded.items())


def _superproperties(projection: Projection) -> dict[str, frozenset[str]]:
    def read() -> dict[str, frozenset[str]]:
        direct: dict[str, set[str]] = {}
        for row in projection.snapshot.select("property-terms"):
            if row["kind"].value == "super":
                direct.setdefault(row["p"].value, set()).add(row["o"].value)
        closed: dict[str, frozenset[str]] = {}
        for start in direct:
            seen, todo = {start}, [start]
            while todo:
                for above in direct.get(todo.pop(), ()):
                    if above not in seen:
                        seen.add(above)
                        todo.append(above)
            closed[start] = frozenset(seen)
        return closed

    return projection.remember("analytics-superproperties", read)


def _class_label(projection: Projection, labels: dict[str, str], cls: str) -> str:
    if cls not in labels:
        labels[cls] = projection.label(cls, "en")
    return labels[cls]


def _build(selection: _Selection, nodes: set[str], records: dict[Link, LinkRecord]) -> Network:
    projection = selection.projection
    graph = nx.MultiDiGraph()
    classes: dict[str, frozenset[str]] = {}
    labels: dict[str, str] = {}
    supers_of: dict[tuple[str, ...], frozenset[str]] = {}
    for iri in sorted(nodes, key=entity_id):
        terms = selection.terms[iri]
        types = projection.classes.most_specific_first(terms.types)
        start, end = selection.dates.get(iri, (None, None))
        node = entity_id(iri)
        graph.add_node(
            node,
            iri=iri,
            label=terms.labels.pick("en", short_name(iri)),
            label_de=terms.labels.pick("de", short_name(iri)),
            cls=types[0] if types else "",
            class_label=_class_label(projection, labels, types[0]) if types else "",
            start=_iso(start),
            end=_iso(end),
        )
        if terms.types not in supers_of:
            supers_of[terms.types] = frozenset(
                c for t in types for c in projection.classes.superclasses(t)
            ) | set(types)
        classes[node] = supers_of[terms.types]
    documents = projection.graph_sources
    supers = _superproperties(projection)
    properties: dict[str, frozenset[str]] = {}
    cited: dict[frozenset[str], tuple[list[str], list[str]]] = {}
    ids = {data["iri"]: node for node, data in graph.nodes(data=True)}
    for (s, p, o), record in _fold(selection, records):
        graphs = frozenset(record.graphs)
        if graphs not in cited:
            cited[graphs] = (
                sorted({entity_id(d) for g in graphs for d in documents.get(g, ((), None))[0]}),
                sorted({c for g in graphs if (c := documents.get(g, ((), None))[1])}),
            )
        sources, certainty = cited[graphs]
        if p not in properties:
            properties[p] = supers.get(p, frozenset()) | {p}
            labels[p] = projection.label(p, "en")
        validity = record.validity() or (None, None)
        graph.add_edge(
            ids[s],
            ids[o],
            key=p,
            predicate=p,
            label=labels[p],
            sources=list(sources),
            certainty=list(certainty),
            start=_iso(validity[0]),
            end=_iso(validity[1]),
        )
    return Network(spec=selection.spec, graph=graph, classes=classes, properties=properties)


def select_network(projection: Projection, spec: NetworkSpec) -> Network:
    """Return the network `spec` chooses from the projection's store version (see the module).

    Raises:
        NotFound: the focus is no entity.
        BadRequest: the depth is not between 1 and 4.
    """
    selection = _Selection(projection, spec)
    if spec.focus is None:
        nodes, records = _whole(selection)
        return _build(selection, nodes, records)
    if spec.depth not in DEPTHS:
        raise BadRequest(
            f"depth must be between {DEPTHS.start} and {DEPTHS.stop - 1}.",
            parameter="depth",
            value=spec.depth,
        )
    if not projection.is_entity(spec.focus):
        raise NotFound(f"No entity <{spec.focus}> in the graph.", id=entity_id(spec.focus))
    selection.read([spec.focus])
    nodes = _walk(selection, spec.focus)
    return _build(selection, nodes, _links_among(selection, nodes))


__all__ = ["DEPTHS", "Network", "NetworkSpec", "Undated", "select_network"]
