"""The one projection from RDF to a graph of entities: nodes, labelled edges, networkx.

Which IRIs are entities is decided here, in `select_entities`, and nowhere else:

1. every IRI under the id namespace that has a type;
2. every IRI, in any namespace, that is the subject of a label (`LABEL_PREDICATES`:
   rdfs:label, skos:prefLabel, schema:name, foaf:name, dcterms:title), unless it is a
   vocabulary or bookkeeping term: an IRI under the graphkit ontology, graph or load
   namespaces (`BOOKKEEPING_NAMESPACES`), one typed with a class of `VOCABULARY_CLASSES`
   (OWL and RDFS classes and properties, ontologies, SHACL shapes, SKOS concept schemes),
   or one the data uses as a predicate or as a class;
3. every IRI under the id namespace linked with another IRI under it or with an entity.

So data in any vocabulary ("bring your own data") is first class: its labelled resources
are nodes beside the curated ones. Object properties between two entities are directed
edges (rdf:type is not an edge); typed literals (dates, figures, flags) become a node's
facts; labels, classes and source documents are kept per node. Literals, provenance and
vocabulary are not nodes. The projection is built with a handful of SPARQL queries through
the store interface, so it works on every backend; the API, the visualisation and the
analytics all read this one object.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from graphkit.errors import InvalidParameter, NotFound
from graphkit.model import Edge, Fact, Neighbourhood, Node, is_valid_iri
from graphkit.namespaces import (
    DCTERMS,
    FOAF,
    FOREIGN_MARK,
    GK,
    GRAPH,
    ID,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SCHEMA,
    SH,
    SKOS,
    entity_id,
    entity_iri,
)
from graphkit.query import run_internal
from graphkit.store import GraphStore

SOURCE_DOCUMENT = GK + "SourceDocument"
RDFS_LABEL = RDFS + "label"
SKOS_PREF = SKOS + "prefLabel"
SKOS_ALT = SKOS + "altLabel"
LANGUAGES = ("en", "de")

#: Predicates whose literals label an IRI, best first: per language, the best one present
#: gives the label (a literal without a language counts as language ``""``).
LABEL_PREDICATES = (RDFS_LABEL, SKOS_PREF, SCHEMA + "name", FOAF + "name", DCTERMS + "title")
#: Namespaces of graphkit's vocabulary and bookkeeping (ontology terms, graph names, load
#: records): their IRIs are never entities.
BOOKKEEPING_NAMESPACES = (GK, GRAPH, "https://w3id.org/graphkit/load/")
#: Classes whose instances are vocabulary, not entities.
VOCABULARY_CLASSES = frozenset(
    {
        OWL + "Class",
        RDFS + "Class",
        RDFS + "Datatype",
        RDF + "Property",
        OWL + "ObjectProperty",
        OWL + "DatatypeProperty",
        OWL + "AnnotationProperty",
        # OWL's kinds of property (each a subclass of rdf:Property), often stated alone.
        OWL + "FunctionalProperty",
        OWL + "InverseFunctionalProperty",
        OWL + "TransitiveProperty",
        OWL + "SymmetricProperty",
        OWL + "AsymmetricProperty",
        OWL + "ReflexiveProperty",
        OWL + "IrreflexiveProperty",
        OWL + "Ontology",
        SH + "NodeShape",
        SH + "PropertyShape",
        SKOS + "ConceptScheme",
    }
)


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

    def resolve(self, ref: str, *, parameter: str = "id") -> str:
        """Return the entity IRI for an id (``bbwa``, ``~aHR0…``), a prefixed name or a full IRI.

        Raises:
            InvalidParameter: `ref` is no valid id or IRI (named as `parameter`).
            NotFound: no entity has that id or IRI.
        """
        iri = iri_of(ref, parameter=parameter)
        if iri not in self.graph:
            named = f"{ref!r} (<{iri}>)" if ref.startswith(FOREIGN_MARK) else repr(ref)
            raise NotFound(f"No entity {named} in the graph.", id=ref)
        return iri

    def resolve_class(self, ref: str, *, parameter: str = "type") -> str:
        """Return the class IRI for ``City``, ``gk:City`` or a full IRI.

        Raises:
            InvalidParameter: no class of that name is known (the message lists some).
        """
        if "://" in ref:
            iri = ref
        elif ref.startswith(FOREIGN_MARK):
            iri = entity_iri(ref, parameter=parameter)
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
            id=entity_id(iri),
            iri=iri,
            label=labels.pick(lang, short_name(iri)),
            labels=dict(labels.by_lang),
            types=list(types),
            type_label=self.label(types[0], lang) if types else "",
            depth=depth,
            facts=facts,
            sources=[entity_id(s) for s in self.sources.get(iri, [])],
        )

    def edge(self, source: str, target: str, predicate: str, *, lang: str = "en") -> Edge:
        """Return the `Edge` record of one link."""
        return Edge(
            source=entity_id(source),
            target=entity_id(target),
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

        Nodes are sorted by IRI; `limit` keeps the first nodes and flags `truncated`.
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


def iri_of(ref: str, *, parameter: str = "id") -> str:
    """Return the IRI an id, a ``~`` id, a prefixed name or a full IRI names (entity or not).

    Slashes around an id are dropped (``/bbwa/`` is ``bbwa``); a full IRI is kept as it is.

    Raises:
        InvalidParameter: `ref` is no valid id or IRI (named as `parameter`).
    """
    return entity_iri(ref if "://" in ref else ref.strip("/"), parameter=parameter)


def short_name(iri: str) -> str:
    """Return the id of an own entity IRI, or the local name of any other IRI."""
    found = entity_id(iri)
    if not found.startswith(FOREIGN_MARK):
        return found
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri


def is_vocabulary(iri: str, types: Iterable[str], *, used_as_term: set[str]) -> bool:
    """Whether a labelled IRI is vocabulary or bookkeeping rather than an entity.

    Args:
        iri: the IRI.
        types: its classes.
        used_as_term: every IRI the data uses as a predicate or as a class.
    """
    return (
        iri.startswith(BOOKKEEPING_NAMESPACES)
        or iri in used_as_term
        or any(t in VOCABULARY_CLASSES for t in types)
    )


def select_entities(
    types: dict[str, list[str]],
    labelled: Iterable[str],
    links: Iterable[tuple[str, str]],
    used_as_term: set[str],
) -> set[str]:
    """Return the IRIs that are entities: the one definition (see the module's docstring).

    Args:
        types: every IRI with a type → its classes.
        labelled: every IRI with a label (one of `LABEL_PREDICATES`).
        links: (subject, object) of every link between two IRIs (rdf:type left out).
        used_as_term: every IRI the data uses as a predicate or as a class.
    """
    entities = {iri for iri in types if iri.startswith(ID)}
    entities |= {
        iri for iri in labelled if not is_vocabulary(iri, types.get(iri, ()), used_as_term=used_as_term)
    }
    linked = set()
    for s, o in links:
        if s.startswith(ID) and (o.startswith(ID) or o in entities):
            linked.add(s)
        if o.startswith(ID) and (s.startswith(ID) or s in entities):
            linked.add(o)
    return entities | linked


def _read_labels(store: GraphStore) -> dict[str, Labels]:
    """Return the labels of every IRI: per language the best of `LABEL_PREDICATES`."""
    rank = {predicate: i for i, predicate in enumerate(LABEL_PREDICATES)}
    labels: dict[str, Labels] = defaultdict(Labels)
    best: dict[tuple[str, str], int] = {}
    for row in run_internal(store, "projection-labels"):
        iri, kind, text = row["node"].value, row["kind"].value, row["text"]
        entry = labels[iri]
        if kind in rank:
            lang = text.lang or ""
            # A better predicate replaces the label; among equals the first seen stays.
            if rank[kind] < best.get((iri, lang), len(rank)):
                best[(iri, lang)] = rank[kind]
                entry.by_lang[lang] = text.value
        elif text.value not in entry.alt:
            entry.alt.append(text.value)
    for label in labels.values():
        label.alt.sort()
    return dict(labels)


def build_projection(store: GraphStore) -> Projection:
    """Read the store once and return its `Projection`."""
    all_types: dict[str, list[str]] = defaultdict(list)
    for row in run_internal(store, "projection-types"):
        all_types[row["node"].value].append(row["type"].value)
    labels = _read_labels(store)
    links = [
        (row["s"].value, row["p"].value, row["o"].value) for row in run_internal(store, "projection-edges")
    ]
    used_as_term = {row["p"].value for row in run_internal(store, "projection-predicates")}
    used_as_term |= {t for ts in all_types.values() for t in ts}
    labelled = [iri for iri, entry in labels.items() if entry.by_lang]
    entities = select_entities(all_types, labelled, ((s, o) for s, _, o in links), used_as_term)

    graph = nx.MultiDiGraph()
    # Nodes in a fixed order (typed ones as the store lists them, then by their links),
    # so walks and paths over the graph come out the same every time.
    types: dict[str, list[str]] = {}
    for node, classes in all_types.items():
        if node in entities:
            graph.add_node(node)
            types[node] = list(classes)
    for s, p, o in links:
        if s in entities and o in entities:
            graph.add_edge(s, o, key=p)
    graph.add_nodes_from(sorted(entities - set(graph.nodes)))

    superclasses: dict[str, set[str]] = defaultdict(set)
    for row in run_internal(store, "projection-classes"):
        superclasses[row["class"].value].add(row["super"].value)
    for cls in {t for ts in types.values() for t in ts}:
        superclasses[cls].add(cls)
    # Most specific class first: the one with the most superclasses; then by IRI.
    for classes in types.values():
        classes.sort(key=lambda c: (-len(superclasses[c]), c))

    facts: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for row in run_internal(store, "projection-facts"):
        if row["s"].value in entities:
            literal = row["o"]
            facts[row["s"].value].append((row["p"].value, literal.value, literal.datatype))
    for entries in facts.values():
        entries.sort()
    sources: dict[str, list[str]] = defaultdict(list)
    for row in run_internal(store, "projection-sources"):
        if row["node"].value in entities:
            sources[row["node"].value].append(row["doc"].value)
    for docs in sources.values():
        docs.sort()
    # Entities without a type of their own still need their records.
    for node in graph.nodes:
        types.setdefault(node, [])
    return Projection(
        graph=graph,
        types=types,
        labels=labels,
        facts=dict(facts),
        sources=dict(sources),
        superclasses=dict(superclasses),
    )
