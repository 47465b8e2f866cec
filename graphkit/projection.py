"""The one projection from RDF to a graph of entities: nodes, labelled edges, networkx.

Entities are the IRIs minted under the id namespace; object properties between them are
directed edges; typed literals (dates, figures, flags) become a node's facts; labels,
classes and source documents are kept per node. Ontology terms, literals and provenance
are not nodes. The projection is built with a handful of SPARQL queries through the store
interface, so it works on every backend; the API, the visualisation and the analytics
all read this one object.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from graphkit.errors import InvalidParameter, NotFound
from graphkit.model import Edge, Fact, Neighbourhood, Node, is_valid_iri
from graphkit.namespaces import GK, PREFIXES, entity_id, entity_iri
from graphkit.query import run_internal
from graphkit.store import GraphStore

SOURCE_DOCUMENT = GK + "SourceDocument"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
LANGUAGES = ("en", "de")


def fold(text: str) -> str:
    """Return `text` case- and diacritics-folded for matching (``Bündnisse`` → ``bundnisse``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(slots=True)
class Labels:
    """Labels of one IRI: preferred labels per language and alternative labels."""

    by_lang: dict[str, str] = field(default_factory=dict)
    alt: list[str] = field(default_factory=list)

    def pick(self, lang: str, fallback: str) -> str:
        """Return the label in `lang`, else English, German, any, else `fallback`."""
        for key in (lang, *LANGUAGES, ""):
            if key in self.by_lang:
                return self.by_lang[key]
        return next(iter(self.by_lang.values()), fallback)


@dataclass(slots=True)
class Projection:
    """The whole graph as entities and edges, with labels, classes, facts and sources.

    Attributes:
        graph: a networkx MultiDiGraph; nodes are entity IRIs, each edge has key
            = predicate IRI.
        types: entity IRI → class IRIs (most specific first).
        labels: IRI (entity, class or property) → its labels.
        facts: entity IRI → typed literal properties (predicate IRI, value, datatype).
        sources: entity IRI → source document IRIs.
        superclasses: class IRI → itself and every superclass.
    """

    graph: nx.MultiDiGraph
    types: dict[str, list[str]]
    labels: dict[str, Labels]
    facts: dict[str, list[tuple[str, str, str | None]]]
    sources: dict[str, list[str]]
    superclasses: dict[str, set[str]]

    # --- terms ----------------------------------------------------------------------------

    def label(self, iri: str, lang: str = "en") -> str:
        """Return the label of any IRI in `lang`, falling back to its short form."""
        labels = self.labels.get(iri)
        return labels.pick(lang, short_name(iri)) if labels else short_name(iri)

    def resolve(self, ref: str) -> str:
        """Return the entity IRI for an id (``bbwa``) or a full IRI.

        Raises:
            NotFound: no entity has that id or IRI.
        """
        iri = ref if "://" in ref else entity_iri(ref.strip("/"))
        if not is_valid_iri(iri):
            raise InvalidParameter(f"Not a valid id or IRI: {ref!r}.", parameter="id", value=ref)
        if iri not in self.graph:
            raise NotFound(f"No entity {ref!r} in the graph.", id=ref)
        return iri

    def resolve_class(self, ref: str, *, parameter: str = "type") -> str:
        """Return the class IRI for ``City``, ``gk:City`` or a full IRI.

        Raises:
            InvalidParameter: no class of that name is known (the message lists some).
        """
        if "://" in ref:
            iri = ref
        elif ":" in ref:
            prefix, local = ref.split(":", 1)
            iri = PREFIXES.get(prefix, prefix + ":") + local
        else:
            iri = GK + ref
        if iri not in self.superclasses:
            known = ", ".join(sorted(short_name(c) for c in self.class_counts()))
            raise InvalidParameter(
                f"Unknown class {ref!r} for {parameter}; classes in use: {known}.",
                parameter=parameter,
                value=ref,
            )
        return iri

    def resolve_predicate(self, ref: str, *, parameter: str = "predicate") -> str:
        """Return the property IRI for ``gk:fundedBy``, ``fundedBy`` or a full IRI.

        Raises:
            InvalidParameter: the value is neither an IRI nor a known prefixed name.
        """
        if "://" in ref and is_valid_iri(ref):
            return ref
        if ":" in ref and "://" not in ref:
            prefix, local = ref.split(":", 1)
            if prefix in PREFIXES and local and is_valid_iri(PREFIXES[prefix] + local):
                return PREFIXES[prefix] + local
        elif ref and is_valid_iri(GK + ref):
            return GK + ref
        raise InvalidParameter(
            f"{parameter}={ref!r} is not an IRI or a prefixed name with a known prefix "
            f"({', '.join(PREFIXES)}).",
            parameter=parameter,
            value=ref,
        )

    def is_a(self, iri: str, classes: Iterable[str]) -> bool:
        """Whether the entity has one of `classes` (or a subclass of one) as a type."""
        wanted = set(classes)
        return any(wanted & self.superclasses.get(t, {t}) for t in self.types.get(iri, ()))

    def class_counts(self) -> dict[str, int]:
        """Return each class in use with its number of entities (direct types)."""
        counts: dict[str, int] = defaultdict(int)
        for types in self.types.values():
            for t in types:
                counts[t] += 1
        return dict(counts)

    # --- records --------------------------------------------------------------------------

    def node(self, iri: str, *, lang: str = "en", depth: int = 0) -> Node:
        """Return the `Node` record of an entity."""
        labels = self.labels.get(iri, Labels())
        types = self.types.get(iri, [])
        facts = [
            Fact(predicate=p, label=self.label(p, lang), value=v, datatype=dt)
            for p, v, dt in self.facts.get(iri, [])
        ]
        return Node(
            id=entity_id(iri) or iri,
            iri=iri,
            label=labels.pick(lang, entity_id(iri) or iri),
            labels=dict(labels.by_lang),
            types=list(types),
            type_label=self.label(types[0], lang) if types else "",
            depth=depth,
            facts=facts,
            sources=[entity_id(s) or s for s in self.sources.get(iri, [])],
        )

    def edge(self, source: str, target: str, predicate: str, *, lang: str = "en") -> Edge:
        """Return the `Edge` record of one link."""
        return Edge(
            source=entity_id(source) or source,
            target=entity_id(target) or target,
            predicate=predicate,
            label=self.label(predicate, lang),
        )

    def view(
        self,
        *,
        types: Iterable[str] = (),
        lang: str = "en",
        include_sources: bool = False,
        limit: int | None = None,
    ) -> Neighbourhood:
        """Return the whole graph (or the entities of some classes) as one `Neighbourhood`.

        Nodes are sorted by id; `limit` keeps the first nodes and flags `truncated`.
        """
        wanted = list(types)
        chosen = [
            n
            for n in sorted(self.graph.nodes)
            if (not wanted or self.is_a(n, wanted)) and (include_sources or not self.is_source(n))
        ]
        truncated = limit is not None and len(chosen) > limit
        if limit is not None:
            chosen = chosen[:limit]
        keep = set(chosen)
        edges = [
            self.edge(s, o, p, lang=lang)
            for s, o, p in sorted(self.graph.edges(keys=True))
            if s in keep and o in keep
        ]
        return Neighbourhood(
            focus=None, nodes=[self.node(n, lang=lang) for n in chosen], edges=edges, truncated=truncated
        )

    def is_source(self, iri: str) -> bool:
        """Whether the entity is a source document (provenance, hidden unless asked for)."""
        return SOURCE_DOCUMENT in self.types.get(iri, ())

    def to_networkx(self, *, include_sources: bool = False) -> nx.MultiDiGraph:
        """Return the projection as a networkx graph (a copy without source documents by default)."""
        if include_sources:
            return self.graph.copy()
        keep = [n for n in self.graph.nodes if not self.is_source(n)]
        return self.graph.subgraph(keep).copy()


def short_name(iri: str) -> str:
    """Return the id of an entity IRI, or the local name of any other IRI."""
    found = entity_id(iri)
    if found is not None:
        return found
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri


def build_projection(store: GraphStore) -> Projection:
    """Read the store once and return its `Projection`."""
    graph = nx.MultiDiGraph()
    types: dict[str, list[str]] = defaultdict(list)
    for row in run_internal(store, "projection-types"):
        node, cls = row["node"].value, row["type"].value
        graph.add_node(node)
        types[node].append(cls)
    superclasses: dict[str, set[str]] = defaultdict(set)
    for row in run_internal(store, "projection-classes"):
        superclasses[row["class"].value].add(row["super"].value)
    for cls in {t for ts in types.values() for t in ts}:
        superclasses[cls].add(cls)
    # Most specific class first: the one with the most superclasses; then by IRI.
    for classes in types.values():
        classes.sort(key=lambda c: (-len(superclasses[c]), c))

    labels: dict[str, Labels] = defaultdict(Labels)
    for row in run_internal(store, "projection-labels"):
        iri, kind, text = row["node"].value, row["kind"].value, row["text"]
        entry = labels[iri]
        if kind in (RDFS_LABEL, SKOS_PREF):
            lang = text.lang or ""
            # rdfs:label wins over skos:prefLabel; among equals keep the first seen.
            if lang not in entry.by_lang or kind == RDFS_LABEL:
                entry.by_lang.setdefault(lang, text.value)
        elif text.value not in entry.alt:
            entry.alt.append(text.value)
    for label in labels.values():
        label.alt.sort()

    for row in run_internal(store, "projection-edges"):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        graph.add_edge(s, o, key=p)
    facts: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for row in run_internal(store, "projection-facts"):
        literal = row["o"]
        facts[row["s"].value].append((row["p"].value, literal.value, literal.datatype))
    for entries in facts.values():
        entries.sort()
    sources: dict[str, list[str]] = defaultdict(list)
    for row in run_internal(store, "projection-sources"):
        if row["node"].value in graph:
            sources[row["node"].value].append(row["doc"].value)
    for docs in sources.values():
        docs.sort()
    # Entities that are only linked to (no type of their own) still need their records.
    for node in graph.nodes:
        types.setdefault(node, [])
    return Projection(
        graph=graph,
        types=dict(types),
        labels=dict(labels),
        facts=dict(facts),
        sources=dict(sources),
        superclasses=dict(superclasses),
    )
