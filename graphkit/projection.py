"""The one projection from RDF to a graph of entities: nodes, labelled edges, their records.

Which IRIs are entities is decided here, in `is_entity` (`Projection.is_entity` applies it
to one IRI of the store), and nowhere else:

1. every IRI under the id namespace that has a type;
2. every IRI, in any namespace, that is the subject of a label (`LABEL_PREDICATES`:
   rdfs:label, skos:prefLabel, schema:name, foaf:name, dcterms:title), unless it is a
   vocabulary or bookkeeping term: an IRI under the graphkit ontology, graph or load
   namespaces (`BOOKKEEPING_NAMESPACES`), one typed with a class of `VOCABULARY_CLASSES`
   (OWL and RDFS classes and properties, ontologies, SHACL shapes, SKOS concept schemes),
   or one the data uses as a predicate or as a class;
3. every IRI under the id namespace linked with another IRI under it or with an entity.

So an IRI under the id namespace linked with an entity is itself one (rule 3): the walks
(`graphkit.explore`) count and page such neighbours in the store and apply the rules to
the others one by one. Data in any vocabulary ("bring your own data") is first class: its
labelled resources are nodes beside the curated ones. Object properties between two
entities are directed edges (rdf:type is not an edge); typed literals (dates, figures,
flags) become a node's facts; labels, classes and source documents are kept per node.
Literals, provenance and vocabulary are not nodes.

A `Projection` is one store version read on demand: it looks up what it needs for the
nodes at hand through a `Snapshot` (pattern look-ups and prepared SPARQL on the store's
indexes) and keeps small caches (labels, classes, entity decisions) for that version
only. Nothing reads the whole store; `graphkit.overview` builds whole views and networkx
graphs from it when asked.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from functools import cached_property
from itertools import islice
from typing import TypeVar

from graphkit.classes import ClassIndex
from graphkit.errors import InvalidParameter, NotFound
from graphkit.labelling import (
    LABEL_PREDICATES,
    LANGUAGES,
    RDF_TYPE,
    BoundedCache,
    Labels,
    TermsOf,
    abbreviation,
    iri_of,
    read_terms,
    short_name,
)
from graphkit.model import RDF_LANG_STRING, Edge, Fact, Neighbourhood, Node, Term, TermKind, is_valid_iri
from graphkit.namespaces import (
    DCTERMS,
    FOAF,
    FOREIGN_MARK,
    GK,
    GRAPH,
    ID,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SH,
    SKOS,
    entity_id,
    entity_iri,
)
from graphkit.snapshot import Snapshot, open_snapshot, select_for
from graphkit.store import GraphStore
from graphkit.store.labels import LabelIndex
from graphkit.text import fold

SOURCE_DOCUMENT = GK + "SourceDocument"
#: Namespaces of graphkit's vocabulary and bookkeeping (ontology terms, graph names, load
#: records), and of the W3C vocabularies it builds on (labelled in its ontology for the
#: pages): their IRIs are never entities.
BOOKKEEPING_NAMESPACES = (
    GK,
    GRAPH,
    "https://w3id.org/graphkit/load/",
    RDF,
    RDFS,
    OWL,
    SKOS,
    PROV,
    DCTERMS,
    SCHEMA,
    FOAF,
    "http://www.w3.org/ns/dcat#",
    "http://rdfs.org/ns/void#",
)
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


V = TypeVar("V")
#: Pages of answers (neighbourhoods, groups) a version keeps, for entities asked for often.
PAGES = 64
#: Literal datatypes that are not facts, as queries/internal/node-facts.rq says (a plain or
#: language string reads as datatype None).
_NOT_FACTS = frozenset({None, "http://www.w3.org/2001/XMLSchema#anyURI", RDF_LANG_STRING})


def is_vocabulary(iri: str, types: Iterable[str], *, used_as_term: Callable[[], bool]) -> bool:
    """Whether a labelled IRI is vocabulary or bookkeeping rather than an entity.

    Args:
        iri: the IRI.
        types: its classes.
        used_as_term: whether the data uses the IRI as a predicate or as a class (asked last).
    """
    return (
        iri.startswith(BOOKKEEPING_NAMESPACES)
        or any(t in VOCABULARY_CLASSES for t in types)
        or used_as_term()
    )


def is_entity_itself(
    iri: str, types: Iterable[str], *, labelled: bool, used_as_term: Callable[[], bool]
) -> bool:
    """Rules 1 and 2: whether an IRI is an entity by its own statements (see the module)."""
    types = list(types)
    if iri.startswith(ID) and types:
        return True
    return labelled and not is_vocabulary(iri, types, used_as_term=used_as_term)


def is_entity(iri: str, *, itself: Callable[[str], bool], links: Iterable[str]) -> bool:
    """The entity rule for one IRI (see the module's docstring).

    Args:
        iri: the IRI.
        itself: rules 1 and 2 for any IRI (`is_entity_itself` with that IRI's statements).
        links: the IRIs it is linked with, either way (rdf:type left out); read lazily.
    """
    if itself(iri):
        return True
    return iri.startswith(ID) and any(other.startswith(ID) or itself(other) for other in links)


class Projection:
    """One version of the store as entities and edges, read on demand (see the module).

    Args:
        snapshot: the store version to read.
        labels: returns the store's label index (`graphkit.store.labels`), for `resolve` to
            find entities by name; without it only ids and IRIs resolve.
    """

    def __init__(self, snapshot: Snapshot, *, labels: Callable[[], LabelIndex] | None = None) -> None:
        self.snapshot = snapshot
        self._label_index = labels
        self._terms: BoundedCache[str, TermsOf] = BoundedCache()
        self._entities: BoundedCache[str, bool] = BoundedCache()
        self._memo: BoundedCache[Hashable, object] = BoundedCache(1_000)
        self._pages: BoundedCache[Hashable, object] = BoundedCache(PAGES)

    @property
    def version(self) -> str:
        return self.snapshot.version

    def remember(self, key: Hashable, compute: Callable[[], V], *, page: bool = False) -> V:
        """Return what `compute` returns, computed once per `key` for this store version.

        Args:
            page: the value is a page of an answer (larger): kept among the last `PAGES` only.
        """
        cache = self._pages if page else self._memo
        found = cache.get(key)
        if found is None:
            found = cache.put(key, compute())
        return found  # type: ignore[return-value]

    @cached_property
    def classes(self) -> ClassIndex:
        """The subclass closure of the ontology in the store."""
        return ClassIndex(self.snapshot)

    @cached_property
    def graph_sources(self) -> dict[str, tuple[list[str], str | None]]:
        """Each named graph → (the source documents it cites, its certainty)."""
        found: dict[str, tuple[list[str], str | None]] = {}
        rows = self.remember("graph-sources", lambda: list(self.snapshot.select("graph-sources")))
        for row in rows:
            docs, certainty = found.setdefault(row["g"].value, ([], None))
            if row["doc"].value not in docs:
                docs.append(row["doc"].value)
            if "certainty" in row and certainty is None:
                found[row["g"].value] = (docs, row["certainty"].value)
        return found

    # --- labels and classes of the IRIs at hand -------------------------------------------------

    def prefetch(self, iris: Iterable[str]) -> None:
        """Read the labels and classes of many IRIs at once (batched), for the records that follow."""
        missing = [iri for iri in dict.fromkeys(iris) if self._terms.get(iri) is None]
        if not missing:
            return
        found: dict[str, list[tuple[str, Term]]] = {iri: [] for iri in missing}
        for row in select_for(self.snapshot, "node-terms", "node", missing):
            found[row["node"].value].append((row["kind"].value, row["text"]))
        for iri, statements in found.items():
            self._terms.put(iri, read_terms(statements))

    def _terms_of(self, iri: str) -> TermsOf:
        cached = self._terms.get(iri)
        if cached is None:
            self.prefetch([iri])
            cached = self._terms.get(iri)
            assert cached is not None
        return cached

    def labels_of(self, iri: str) -> Labels:
        """Return the labels of any IRI (entity, class or property)."""
        return self._terms_of(iri).labels

    def label(self, iri: str, lang: str = "en") -> str:
        """Return the label of any IRI in `lang`, falling back to its short form."""
        return self.labels_of(iri).pick(lang, short_name(iri))

    def types_of(self, iri: str) -> list[str]:
        """Return the classes of an IRI, most specific first."""
        return self.classes.most_specific_first(self._terms_of(iri).types)

    def is_a(self, iri: str, classes: Iterable[str]) -> bool:
        """Whether the IRI has one of `classes` (or a subclass of one) as a type."""
        wanted = set(classes)
        return any(wanted & self.classes.superclasses(t) for t in self._terms_of(iri).types)

    def is_source(self, iri: str) -> bool:
        """Whether the entity is a source document (provenance, hidden unless asked for)."""
        return SOURCE_DOCUMENT in self._terms_of(iri).types

    # --- the entity rule, applied to one IRI -----------------------------------------------------

    def _itself(self, iri: str) -> bool:
        terms = self._terms_of(iri)
        return is_entity_itself(
            iri,
            terms.types,
            labelled=bool(terms.labels.by_lang),
            used_as_term=lambda: (
                self.snapshot.exists(None, iri, None) or self.snapshot.exists(None, RDF_TYPE, iri)
            ),
        )

    def _links(self, iri: str) -> Iterable[str]:
        for predicate, other in self.snapshot.objects(iri):
            if predicate != RDF_TYPE and other.kind is TermKind.URI:
                yield other.value
        for _, other in self.snapshot.subjects(iri):
            if other.kind is TermKind.URI:
                yield other.value

    def is_entity(self, iri: str) -> bool:
        """Whether `iri` is an entity (the rule of the module's docstring)."""
        known = self._entities.get(iri)
        if known is None:
            known = self._entities.put(iri, is_entity(iri, itself=self._itself, links=self._links(iri)))
        return known

    def is_linked_entity(self, iri: str) -> bool:
        """Whether an IRI linked with an entity is one: in the id namespace (rule 3), or by itself."""
        return iri.startswith(ID) or self.is_entity(iri)

    # --- references from users ------------------------------------------------------------------

    def resolve(self, ref: str, *, parameter: str = "id") -> str:
        """Return the entity IRI for an id (``bbwa``, ``~aHR0…``), a prefixed name, a full IRI, or a name.

        A name is a label, an alternative label or an abbreviation of exactly one entity, in
        any language (``BIWAQ``, ``European Social Fund``, ``Europäischer Sozialfonds``),
        compared without regard to case or the spaces around it; an id or IRI wins over a name,
        and an entity over a source document of the same name.

        Raises:
            InvalidParameter: `ref` is no valid id or IRI, nor a name (named as `parameter`).
            NotFound: no entity has that id, IRI or name (`detail.candidates` lists up to five
                entities search finds for it), or several have that name (they are the
                `candidates`). Each candidate is ``{"id", "label"}``.
        """
        invalid: InvalidParameter | None = None
        iri = ""
        try:
            iri = iri_of(ref, parameter=parameter)
        except InvalidParameter as error:
            invalid = error
        if invalid is None and self.is_entity(iri):
            return iri
        from graphkit.search import entities_like, entities_named  # search builds on this module

        index = self._label_index() if self._label_index is not None else None
        named = self.remember(("named", ref.strip().casefold()), lambda: entities_named(self, index, ref))
        if len(named) == 1:
            return named[0]
        if named:
            candidates = [{"id": entity_id(n), "label": self.label(n)} for n in named]
            listed = ", ".join(f"{c['id']} ({c['label']})" for c in candidates)
            raise NotFound(
                f"{ref.strip()!r} names {len(named)} entities: {listed}; ask for one by its id.",
                id=ref,
                parameter=parameter,
                candidates=candidates,
            )
        if invalid is not None and ("://" in ref or not any(c.isspace() for c in ref.strip())):
            raise invalid  # a name has a space ("District Alliance"): searched for below
        found = [{"id": entity_id(n), "label": self.label(n)} for n in entities_like(self, index, ref)]
        shown = f"{ref!r} (<{iri}>)" if ref.startswith(FOREIGN_MARK) else repr(ref)
        raise NotFound(f"No entity {shown} in the graph.", id=ref, candidates=found or None)

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
        if not is_valid_iri(iri) or not (
            self.classes.is_declared(iri) or self.snapshot.exists(None, RDF_TYPE, iri)
        ):
            known = ", ".join(sorted(short_name(c) for c in self.classes_in_use()))
            raise InvalidParameter(
                f"Unknown class {ref!r} for {parameter}; classes in use: {known}.",
                parameter=parameter,
                value=ref,
            )
        return iri

    def classes_in_use(self) -> list[str]:
        """Return the classes the data gives IRIs (not vocabulary), sorted."""
        found = {row["type"].value for row in self.snapshot.select("classes-in-use")}
        return sorted(found - VOCABULARY_CLASSES)

    def resolve_predicate(self, ref: str, *, parameter: str = "predicate") -> str:
        """Return the property IRI for ``gk:fundedBy``, ``fundedBy`` or a full IRI.

        Raises:
            InvalidParameter: the value is neither an IRI nor a known prefixed name, or the
                store neither declares it nor uses it as a predicate.
        """
        iri = None
        if "://" in ref and is_valid_iri(ref):
            iri = ref
        elif ":" in ref and "://" not in ref:
            prefix, local = ref.split(":", 1)
            if prefix in PREFIXES and local and is_valid_iri(PREFIXES[prefix] + local):
                iri = PREFIXES[prefix] + local
        elif ref and is_valid_iri(GK + ref):
            iri = GK + ref
        if iri is not None:
            # A typo (gk:financedFrom) would filter everything away in silence: refuse it.
            known = self.remember(
                ("predicate-known", iri),
                lambda: self.snapshot.exists(None, iri, None) or self.snapshot.exists(iri, RDF_TYPE, None),
            )
            if not known:
                raise InvalidParameter(
                    f"{parameter}={ref!r}: the store neither declares <{iri}> nor uses it as a predicate.",
                    parameter=parameter,
                    value=ref,
                )
            return iri
        raise InvalidParameter(
            f"{parameter}={ref!r} is not an IRI or a prefixed name with a known prefix "
            f"({', '.join(PREFIXES)}).",
            parameter=parameter,
            value=ref,
        )

    # --- records ---------------------------------------------------------------------------------

    def view(
        self,
        *,
        types: Iterable[str] = (),
        lang: str = "en",
        include_sources: bool = False,
        limit: int | None = None,
    ) -> Neighbourhood:
        """Return the whole graph (or the entities of some classes): see `graphkit.overview`."""
        from graphkit.overview import whole_view  # the overview builds on this module

        return whole_view(self, types=types, lang=lang, include_sources=include_sources, limit=limit)

    def nodes(
        self, iris: Iterable[tuple[str, int]], *, lang: str = "en", details: bool = False
    ) -> list[Node]:
        """Return the `Node` records of (entity IRI, depth) pairs, in that order.

        Args:
            details: also read each node's facts and sources (views draw them; the JSON
                API leaves them out).
        """
        pairs = list(iris)
        self.prefetch(iri for iri, _ in pairs)
        facts: dict[str, list[tuple[str, str, str | None]]] = {}
        sources: dict[str, list[str]] = {}
        if details and pairs:
            chosen = [iri for iri, _ in pairs]
            for row in select_for(self.snapshot, "node-facts", "node", chosen):
                literal = row["o"]
                if literal.datatype in _NOT_FACTS:
                    # Virtuoso keeps these (its DATATYPE of a plain or language string fails
                    # the query's NOT IN open): the query's own filter, again (docs/engines.md).
                    continue
                facts.setdefault(row["node"].value, []).append(
                    (row["p"].value, literal.value, literal.datatype)
                )
            cited = self.graph_sources
            for row in select_for(self.snapshot, "node-graphs", "node", chosen):
                docs = sources.setdefault(row["node"].value, [])
                docs += [d for d in cited.get(row["g"].value, ((), None))[0] if d not in docs]
            self.prefetch(p for entries in facts.values() for p, _, _ in entries)
        return [
            self._node(iri, depth, lang, sorted(set(facts.get(iri, ()))), sorted(sources.get(iri, ())))
            for iri, depth in pairs
        ]

    def _node(
        self, iri: str, depth: int, lang: str, facts: list[tuple[str, str, str | None]], sources: list[str]
    ) -> Node:
        labels = self.labels_of(iri)
        types = self.types_of(iri)
        return Node(
            id=entity_id(iri),
            iri=iri,
            label=labels.pick(lang, short_name(iri)),
            labels=dict(labels.by_lang),
            alt_labels=list(labels.alt),
            short={k: a for k in LANGUAGES if (a := abbreviation(labels, k))},
            types=types,
            type_label=self.label(types[0], lang) if types else "",
            depth=depth,
            facts=[Fact(predicate=p, label=self.label(p, lang), value=v, datatype=dt) for p, v, dt in facts],
            sources=[entity_id(s) for s in sources],
        )

    def node(self, iri: str, *, lang: str = "en", depth: int = 0) -> Node:
        """Return the `Node` record of an entity, with its facts and sources."""
        return self.nodes([(iri, depth)], lang=lang, details=True)[0]

    def edge(self, source: str, target: str, predicate: str, *, lang: str = "en") -> Edge:
        """Return the `Edge` record of one link."""
        return Edge(
            source=entity_id(source),
            target=entity_id(target),
            predicate=predicate,
            label=self.label(predicate, lang),
        )

    def links_among(
        self, iris: Iterable[str], *, predicates: Iterable[str] = (), hubs: Iterable[str] = ()
    ) -> list[tuple[str, str, str]]:
        """Return the links (source, predicate, target) between the given nodes, sorted.

        The cost is bounded by the number of nodes, not by their degrees: a node's outgoing
        links are read until they are several times the number of nodes; a node with more
        (a hub among the neighbours) is asked, instead, for its links to each other node.

        Args:
            hubs: nodes known to have many more links than there are nodes (asked per node
                at once).
        """
        chosen = set(iris)
        wanted = set(predicates)
        big = chosen & set(hubs)
        cap = 4 * len(chosen) + 16
        found: set[tuple[str, str, str]] = set()
        for node in sorted(chosen - big):
            read = 0
            links: list[tuple[str, str, str]] = []
            for predicate, obj in islice(self.snapshot.objects(node), cap + 1):
                read += 1
                if obj.kind is TermKind.URI and obj.value in chosen and predicate != RDF_TYPE:
                    links.append((node, predicate, obj.value))
            if read > cap:
                big.add(node)  # more links than it is worth reading: ask per node below
            else:
                found.update(links)
        found |= {
            (hub, p, other)
            for hub in big
            for other in chosen
            for p in self.snapshot.between(hub, other)
            if p != RDF_TYPE
        }
        return sorted(link for link in found if not wanted or link[1] in wanted)


def build_projection(store: GraphStore) -> Projection:
    """Return the projection of the store's current version (it reads what it is asked for, later)."""
    return Projection(open_snapshot(store), labels=store.labels)


__all__ = [
    "BOOKKEEPING_NAMESPACES",
    "LABEL_PREDICATES",
    "LANGUAGES",
    "RDF_TYPE",
    "VOCABULARY_CLASSES",
    "Labels",
    "Projection",
    "build_projection",
    "fold",
    "iri_of",
    "is_entity",
    "is_entity_itself",
    "is_vocabulary",
    "short_name",
]
