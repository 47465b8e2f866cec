"""Plain records that cross from the core to the CLI and the API (no rdflib types)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from graphkit.errors import BadRequest


class TermKind(StrEnum):
    """The kinds of RDF term, named as in SPARQL 1.1 Query Results JSON."""

    URI = "uri"
    LITERAL = "literal"
    BNODE = "bnode"
    TRIPLE = "triple"


#: Characters an IRI may not hold (RFC 3987 / the SPARQL IRIREF production).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def is_valid_iri(value: str) -> bool:
    """Whether `value` is an absolute IRI that may be written as ``<value>`` (RFC 3987).

    The store's own parser has the last word: an IRI it refuses (a bad percent escape, a C1
    control or private-use character, a port that is not a number) could not be looked up,
    and failed deep in a query as a 500 instead of naming the bad parameter.
    """
    if ":" not in value or _NOT_IN_IRI.search(value):
        return False
    import pyoxigraph  # only as the judge of IRIs: no pyoxigraph type leaves this function

    try:
        pyoxigraph.NamedNode(value)
    except ValueError:
        return False
    return True


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, slots=True)
class Term:
    """One RDF term: an IRI, a blank node or a literal (with datatype or language)."""

    kind: TermKind
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls(TermKind.URI, value)

    @classmethod
    def literal(cls, value: str, *, datatype: str | None = None, lang: str | None = None) -> Term:
        if lang:
            return cls(TermKind.LITERAL, value, None, lang)
        if datatype in (None, XSD_STRING):
            return cls(TermKind.LITERAL, value)
        return cls(TermKind.LITERAL, value, datatype)

    def to_ntriples(self) -> str:
        """Return the term in N-Triples syntax."""
        if self.kind is TermKind.URI:
            if not is_valid_iri(self.value):
                raise BadRequest(f"Not a valid IRI: {self.value!r}.", value=self.value)
            return f"<{self.value}>"
        if self.kind is TermKind.BNODE:
            return f"_:{self.value}"
        if self.kind is TermKind.TRIPLE:
            return self.value
        escaped = (
            self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        )
        if self.lang:
            return f'"{escaped}"@{self.lang}'
        if self.datatype:
            return f'"{escaped}"^^<{self.datatype}>'
        return f'"{escaped}"'


QueryKind = Literal["select", "ask", "graph"]


@dataclass(slots=True)
class QueryResult:
    """The result of one SPARQL query, capped at a row limit.

    `rows` is filled for SELECT, `boolean` for ASK, `triples` for CONSTRUCT/DESCRIBE.
    """

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)
    truncated: bool = False
    elapsed: float = 0.0


# --- the projection's records: entities as nodes, object properties as edges ---------------


@dataclass(slots=True)
class Fact:
    """One literal property of an entity shown beside it (a date, a figure, a flag)."""

    predicate: str
    label: str
    value: str
    datatype: str | None = None


@dataclass(slots=True)
class Node:
    """One entity in a view of the graph.

    Attributes:
        id: short, URL-safe id (``bbwa``, ``doc/esf-newsletter``; ``~`` and the base64url
            of the IRI for one outside the id namespace, see `graphkit.namespaces.entity_id`).
        label: the label in the view's language (falling back to any label, then the short name).
        labels: every label by language tag (``""`` for a label without one).
        alt_labels: other names (``skos:altLabel`` and the like), sorted.
        short: per language (``en``, ``de``), the abbreviation people use (BIWAQ, ESF;
            ERDF/EFRE), if it has one (see `graphkit.labelling.abbreviation`); views draw it
            instead of the long label.
        types: class IRIs, most specific first.
        type_label: label of the first class, in the view's language.
        depth: hops from the focus (0 for the focus, and for every node of a whole-graph view).
        facts: key literal properties (dates, figures, flags).
        sources: ids of the source documents that state something about the entity.
    """

    id: str
    iri: str
    label: str
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: list[str] = field(default_factory=list)
    short: dict[str, str] = field(default_factory=dict)
    types: list[str] = field(default_factory=list)
    type_label: str = ""
    depth: int = 0
    facts: list[Fact] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Edge:
    """A directed, labelled link between two nodes (an object property)."""

    source: str
    target: str
    predicate: str
    label: str
    #: Ids of the documents whose graphs state the link, their certainty, and their quotes.
    sources: list[str] = field(default_factory=list)
    certainty: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    #: For a link folded with its inverse (`graphkit.inverses`): the inverse property (None
    #: when only this direction is stated), its label, and which statements the data makes:
    #: "forward" (this one), "inverse" (the inverse only) or "both".
    inverse: str | None = None
    inverse_label: str | None = None
    stated: str = "forward"


@dataclass(slots=True)
class GroupNode:
    """Many neighbours of one entity, drawn as one node ("177 cities ▸") until opened.

    Attributes:
        id: the node's id in the view (``group:`` + hub id + predicate + direction + class).
        hub: id of the entity they are neighbours of.
        predicate: the link's property IRI; `direction` ``out`` (hub is the subject) or ``in``.
        cls: the neighbours' class IRI (``""``: any).
        count: how many neighbours it stands for.
        labels: "177 cities" per language.
        depth: hops from the focus (the hub's depth + 1).
    """

    id: str
    hub: str
    predicate: str
    direction: str
    cls: str
    count: int
    labels: dict[str, str] = field(default_factory=dict)
    depth: int = 1


@dataclass(slots=True)
class Neighbourhood:
    """A subgraph: nodes and edges around a focus (or a whole-graph view without one).

    `next_offset` is the `offset` of the next page of a paged neighbourhood (None: no more).
    `groups` are summary nodes of a view's hubs (see `GroupNode`; empty in API answers).
    """

    focus: str | None
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False
    next_offset: int | None = None
    groups: list[GroupNode] = field(default_factory=list)


# --- an entity with every statement about it ------------------------------------------------


@dataclass(slots=True)
class Source:
    """A source document that states facts, as cited beside them."""

    id: str
    iri: str
    label: str
    title: str | None = None
    url: str | None = None
    issued: str | None = None
    publisher: str | None = None
    certainty: str | None = None


@dataclass(slots=True)
class Evidence:
    """What one source says for a statement: its words, where they stand, how it qualifies the value.

    `source` is the id of the document quoted (the graph's source, or the one the annotation
    names); `line` is the line of the quote in the document's local record; `qualifier` is the
    local name of a `gk:ValueQualifier` (``almost``, ``moreThan``, …) with its label in
    `qualifier_label`; dates are ISO strings as the data gives them.
    """

    source: str | None
    certainty: str | None = None
    quote: str | None = None
    lang: str | None = None
    line: int | None = None
    qualifier: str | None = None
    qualifier_label: str | None = None
    as_of: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None


@dataclass(slots=True)
class Statement:
    """One statement about an entity, seen from the entity.

    For an outgoing statement `value` is the object; for an incoming one it is the subject.
    `id` (URL-safe) and `label` are set when the value is an IRI; `is_entity` says whether
    it is an entity of the graph (one with a page and a neighbourhood).
    """

    predicate: str
    predicate_label: str
    value: Term
    id: str | None = None
    label: str | None = None
    is_entity: bool = False
    sources: list[str] = field(default_factory=list)
    certainty: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    """Everything the graph says about one IRI, both directions, with sources."""

    id: str
    iri: str
    label: str
    labels: dict[str, str] = field(default_factory=dict)
    types: list[str] = field(default_factory=list)
    type_labels: list[str] = field(default_factory=list)
    properties: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


class Language(StrEnum):
    """Languages of labels on pages and views."""

    EN = "en"
    DE = "de"
