"""Response models of the JSON API (the keys are a contract: clients rely on them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, Field

from graphkit.explore import Group
from graphkit.language import in_languages
from graphkit.model import Edge, Entity, Evidence, Fact, Neighbourhood, Node, Source, Statement
from graphkit.projection import Projection
from graphkit.search import Hit
from graphkit.stats import GraphStats


class ErrorDetailOut(BaseModel):
    code: str = Field(description="Machine-readable error kind, e.g. `not_found`, `query_error`.")
    message: str = Field(description="One sentence for a person.")
    detail: dict[str, object] = Field(description="Facts for a program: parameter, line, column…")


class ErrorOut(BaseModel):
    """The one error body every endpoint returns."""

    error: ErrorDetailOut


#: Descriptions of the names every node and search result carries.
_LABEL = "The label in the content language (see `lang`)."
_LABELS = 'Every label by language tag (`""` for one without a language).'
_ALT_LABELS = "Other names (alternative labels, abbreviations among them), sorted."
_SHORT = "Per language (`en`, `de`), the abbreviation people use (BIWAQ; ERDF/EFRE), if any."
_TYPE_LABELS = "Each class of `types` → its label per language (`en`, `de`)."

ClassLabels = dict[str, dict[str, str]]


def class_labels(projection: Projection, nodes: Iterable[Node]) -> ClassLabels:
    """Return the labels per language of the classes of `nodes`."""
    return {cls: in_languages(projection, cls) for node in nodes for cls in node.types}


class SearchResultOut(BaseModel):
    id: str
    iri: str
    label: str = Field(description=_LABEL)
    labels: dict[str, str] = Field(default_factory=dict, description=_LABELS)
    alt_labels: list[str] = Field(default_factory=list, description=_ALT_LABELS)
    short: dict[str, str] = Field(default_factory=dict, description=_SHORT)
    types: list[str]
    type_labels: ClassLabels = Field(default_factory=dict, description=_TYPE_LABELS)
    score: float = Field(description="1 for a whole-label match, lower for prefix and inner matches.")
    matched: str = Field(description="The label or abbreviation that matched.")

    @classmethod
    def of(cls, hit: Hit, classes: Mapping[str, dict[str, str]]) -> SearchResultOut:
        node = hit.node
        return cls(
            id=node.id,
            iri=node.iri,
            label=node.label,
            labels=node.labels,
            alt_labels=node.alt_labels,
            short=node.short,
            types=node.types,
            type_labels={t: dict(classes[t]) for t in node.types if t in classes},
            score=hit.score,
            matched=hit.matched,
        )


class SearchOut(BaseModel):
    results: list[SearchResultOut]


class ValueOut(BaseModel):
    type: str = Field(description="`uri`, `literal` or `bnode`, as in SPARQL results JSON.")
    value: str
    datatype: str | None = None
    lang: str | None = None


class EvidenceOut(BaseModel):
    """What one source says for a statement: its exact words and how it qualifies the value."""

    source: str | None = Field(description="Id of the source document quoted (see `sources` of the entity).")
    certainty: str | None = Field(None, description="`stated`, `inferred` or `curated` (its graph's).")
    quote: str | None = Field(None, description="The source's exact words that support the statement.")
    lang: str | None = Field(None, description="Language of the quote.")
    line: int | None = Field(None, description="Line of the quote in the source's local record.")
    qualifier: str | None = Field(
        None,
        description="How the source qualifies the value: almost, about, moreThan, atLeast, lessThan or upTo.",
    )
    qualifier_label: str | None = Field(None, description="The qualifier in the requested language.")
    as_of: str | None = Field(None, description="Date on which the source observed the statement.")
    valid_from: str | None = Field(None, description="First day or year the statement holds.")
    valid_until: str | None = Field(None, description="Last day or year the statement holds.")

    @classmethod
    def of(cls, e: Evidence) -> EvidenceOut:
        return cls(**{k: getattr(e, k) for k in cls.model_fields})


class StatementOut(BaseModel):
    predicate: str
    predicate_label: str
    value: ValueOut
    id: str | None = Field(
        None,
        description="URL-safe id of the linked IRI, for `/api/entities/{id}` (`~` + base64url of the IRI "
        "outside the id namespace).",
    )
    label: str | None = Field(None, description="Label of the linked entity.")
    sources: list[str] = Field(description="Ids of the source documents stating it.")
    certainty: list[str] = Field(description="`stated`, `inferred` or `curated`, per source graph.")
    evidence: list[EvidenceOut] = Field(
        default_factory=list, description="Each source's quote for the statement, with qualifiers and dates."
    )

    @classmethod
    def of(cls, s: Statement) -> StatementOut:
        return cls(
            predicate=s.predicate,
            predicate_label=s.predicate_label,
            value=ValueOut(
                type=s.value.kind.value, value=s.value.value, datatype=s.value.datatype, lang=s.value.lang
            ),
            id=s.id,
            label=s.label,
            sources=s.sources,
            certainty=s.certainty,
            evidence=[EvidenceOut.of(e) for e in s.evidence],
        )


class SourceOut(BaseModel):
    id: str
    iri: str
    label: str
    title: str | None = None
    url: str | None = None
    issued: str | None = None
    publisher: str | None = None
    certainty: str | None = None

    @classmethod
    def of(cls, s: Source) -> SourceOut:
        return cls(**{k: getattr(s, k) for k in cls.model_fields})


class EntityOut(BaseModel):
    id: str
    iri: str
    label: str
    labels: dict[str, str]
    types: list[str]
    type_labels: list[str]
    properties: list[StatementOut]
    incoming: list[StatementOut]
    sources: list[SourceOut]

    @classmethod
    def of(cls, e: Entity) -> EntityOut:
        return cls(
            id=e.id,
            iri=e.iri,
            label=e.label,
            labels=e.labels,
            types=e.types,
            type_labels=e.type_labels,
            properties=[StatementOut.of(s) for s in e.properties],
            incoming=[StatementOut.of(s) for s in e.incoming],
            sources=[SourceOut.of(s) for s in e.sources],
        )


class FactOut(BaseModel):
    """One literal property of a node (a date, a figure, a flag)."""

    predicate: str
    label: str = Field(description="The property's label in the content language.")
    value: str
    datatype: str | None = None

    @classmethod
    def of(cls, f: Fact) -> FactOut:
        return cls(predicate=f.predicate, label=f.label, value=f.value, datatype=f.datatype)


class NodeOut(BaseModel):
    id: str
    iri: str
    label: str = Field(description=_LABEL)
    labels: dict[str, str] = Field(default_factory=dict, description=_LABELS)
    alt_labels: list[str] = Field(default_factory=list, description=_ALT_LABELS)
    short: dict[str, str] = Field(default_factory=dict, description=_SHORT)
    types: list[str]
    type_labels: ClassLabels = Field(default_factory=dict, description=_TYPE_LABELS)
    depth: int
    facts: list[FactOut] = Field(
        default_factory=list, description="Dates, figures and flags of the entity (with `details=true`)."
    )
    sources: list[str] = Field(
        default_factory=list,
        description="Ids of the documents stating something about the entity (with `details=true`).",
    )

    @classmethod
    def of(cls, n: Node, classes: Mapping[str, dict[str, str]] | None = None) -> NodeOut:
        known = classes or {}
        return cls(
            id=n.id,
            iri=n.iri,
            label=n.label,
            labels=n.labels,
            alt_labels=n.alt_labels,
            short=n.short,
            types=n.types,
            type_labels={t: dict(known[t]) for t in n.types if t in known},
            depth=n.depth,
            facts=[FactOut.of(f) for f in n.facts],
            sources=n.sources,
        )

    @classmethod
    def many(cls, projection: Projection, nodes: Iterable[Node]) -> list[NodeOut]:
        """Return the records of `nodes`, their classes labelled in every language."""
        nodes = list(nodes)
        classes = class_labels(projection, nodes)
        return [cls.of(n, classes) for n in nodes]


class EdgeOut(BaseModel):
    source: str
    target: str
    predicate: str
    label: str
    sources: list[str] = Field(default_factory=list, description="Ids of the documents stating the link.")
    certainty: list[str] = Field(
        default_factory=list, description="`stated`, `inferred`, `curated`, per graph."
    )
    evidence: list[EvidenceOut] = Field(
        default_factory=list, description="Each source's quote for the link, with qualifiers and dates."
    )
    inverse: str | None = Field(
        None,
        description="The inverse property (owl:inverseOf) when the data states the link with it too (or "
        "only with it): the link and its inverse are one edge, drawn with `predicate`.",
    )
    inverse_label: str | None = Field(None, description="The inverse property's label.")
    stated: str = Field(
        "forward",
        description="Which statements the data makes: `forward` (with `predicate`), `inverse` (with "
        "`inverse` only) or `both`.",
    )

    @classmethod
    def of(cls, e: Edge) -> EdgeOut:
        return cls(
            source=e.source,
            target=e.target,
            predicate=e.predicate,
            label=e.label,
            sources=e.sources,
            certainty=e.certainty,
            evidence=[EvidenceOut.of(x) for x in e.evidence],
            inverse=e.inverse,
            inverse_label=e.inverse_label,
            stated=e.stated,
        )


class NeighbourhoodOut(BaseModel):
    focus: str | None
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool
    offset: int = Field(0, description="Neighbours skipped before this page.")
    next: str | None = Field(
        None, description="URL of the next page, if there is one (also the `Link` header)."
    )

    @classmethod
    def of(
        cls, projection: Projection, nb: Neighbourhood, *, offset: int = 0, following: str | None = None
    ) -> NeighbourhoodOut:
        return cls(
            focus=nb.focus,
            nodes=NodeOut.many(projection, nb.nodes),
            edges=[EdgeOut.of(e) for e in nb.edges],
            truncated=nb.truncated,
            offset=offset,
            next=following,
        )


class GroupOut(BaseModel):
    predicate: str
    label: str
    direction: str = Field(description="`out`: the focus is the subject; `in`: the focus is the object.")
    count: int = Field(description="All neighbours in this group.")
    offset: int
    nodes: list[NodeOut] = Field(description="The neighbours from `offset`, at most `limit`.")
    next: str | None = Field(description="URL of the group's next page, if there is one.")
    cls: str | None = Field(
        None, description='With `group=class`: the neighbours\' most specific class (`""` for none).'
    )
    class_labels: dict[str, str] | None = Field(
        None, description="With `group=class`: the class's label per language (`en`, `de`)."
    )


class GroupedNeighbourhoodOut(BaseModel):
    focus: str
    groups: list[GroupOut]


class PathOut(BaseModel):
    source: str = Field(alias="from")
    to: str
    length: int | None = Field(description="Links on the shortest path (null when not connected).")
    paths: list[list[str]] = Field(
        description="Each path as node ids, `from` first: every shortest path, or with `k` the k shortest, "
        "shortest first."
    )
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool = Field(description="More paths may exist than those given (`limit` or `k` reached).")

    model_config = {"populate_by_name": True}


class GraphCountOut(BaseModel):
    graph: str
    triples: int
    source: str | None = Field(description="Source documents the graph cites (gk:source), space-separated.")
    certainty: str | None
    loaded: str | None = Field(default=None, description="When the graph was loaded (xsd:dateTime).")
    input: str | None = Field(default=None, description="What it was loaded from, as named then.")
    file: str | None = Field(default=None, description="The file it was loaded from (file: IRI).")
    sha256: str | None = Field(default=None, description="SHA-256 of the input's bytes.")

    @classmethod
    def of(cls, stats: GraphStats) -> GraphCountOut:
        return cls(
            graph=stats.graph,
            triples=stats.triples,
            source=stats.source,
            certainty=stats.certainty,
            loaded=stats.loaded,
            input=stats.input,
            file=stats.file,
            sha256=stats.sha256,
        )


class GraphsOut(BaseModel):
    graphs: list[GraphCountOut]
    triples: int = Field(
        description="Triples in all named graphs together (the default graph counts each once)."
    )


class ClassCountOut(BaseModel):
    cls: str = Field(alias="class")
    label: str | None
    entities: int

    model_config = {"populate_by_name": True}


class HealthOut(BaseModel):
    status: str
    triples: int | None = Field(
        description="Triples in the store when last counted (counted in the background for each "
        "version; null until the first count is done)."
    )
    workers: int = Field(description="Live SPARQL worker processes (0 when queries run in-process).")


class StatsOut(BaseModel):
    triples: int
    entities: int
    data_version: str | None = Field(None, description="The curated data's semantic version (data/VERSION).")
    graphs: list[GraphCountOut]
    classes: list[ClassCountOut]
    sources: list[SourceOut]


__all__ = ["EntityOut", "ErrorOut", "GraphsOut", "Group", "NeighbourhoodOut", "SearchOut", "StatsOut"]
