"""One entity with every statement about it, in both directions, and their sources.

Statements are read with SPARQL per named graph, so each one carries the documents its
graph cites (graph-level provenance: ``<graph> gk:source <doc>``) and their certainty.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphkit.errors import NotFound
from graphkit.model import Entity, Source, Statement, Term, TermKind
from graphkit.namespaces import RDF, entity_id
from graphkit.projection import Projection, iri_of, short_name
from graphkit.query import run_internal
from graphkit.store import GraphStore

RDF_TYPE = RDF + "type"


@dataclass(slots=True)
class GraphSource:
    """What one named graph cites."""

    docs: list[str]
    certainty: str | None


def graph_sources(store: GraphStore, projection: Projection, *, lang: str = "en") -> dict[str, GraphSource]:
    """Return each named graph's source documents and certainty, plus the documents' details."""
    found: dict[str, GraphSource] = {}
    for row in run_internal(store, "graph-sources"):
        entry = found.setdefault(row["g"].value, GraphSource([], None))
        doc = row["doc"].value
        if doc not in entry.docs:
            entry.docs.append(doc)
        if "certainty" in row:
            entry.certainty = row["certainty"].value
    return found


def source_records(store: GraphStore, projection: Projection, *, lang: str = "en") -> dict[str, Source]:
    """Return every source document cited by a graph, as a `Source` record keyed by IRI."""
    records: dict[str, Source] = {}
    for row in run_internal(store, "graph-sources"):
        doc = row["doc"].value
        record = records.get(doc)
        if record is None:
            record = records[doc] = Source(id=entity_id(doc), iri=doc, label=projection.label(doc, lang))
        record.title = record.title or (row["title"].value if "title" in row else None)
        record.url = record.url or (row["url"].value if "url" in row else None)
        record.issued = record.issued or (row["issued"].value if "issued" in row else None)
        if "publisher" in row and not record.publisher:
            record.publisher = projection.label(row["publisher"].value, lang)
        if "certainty" in row and not record.certainty:
            record.certainty = row["certainty"].value
    return records


def _statements(
    rows: list[tuple[str, Term, str]],
    projection: Projection,
    graphs: dict[str, GraphSource],
    lang: str,
) -> list[Statement]:
    """Merge (predicate, value, graph) rows into one statement per (predicate, value)."""
    merged: dict[tuple[str, Term], Statement] = {}
    for predicate, value, graph in rows:
        key = (predicate, value)
        statement = merged.get(key)
        if statement is None:
            is_iri = value.kind is TermKind.URI
            statement = merged[key] = Statement(
                predicate=predicate,
                predicate_label=projection.label(predicate, lang),
                value=value,
                id=entity_id(value.value) if is_iri else None,
                label=projection.label(value.value, lang) if is_iri else None,
                is_entity=is_iri and value.value in projection.graph,
            )
        cited = graphs.get(graph)
        for doc in cited.docs if cited else []:
            doc_id = entity_id(doc)
            if doc_id not in statement.sources:
                statement.sources.append(doc_id)
        if cited and cited.certainty and cited.certainty not in statement.certainty:
            statement.certainty.append(cited.certainty)
    order = sorted(
        merged.values(),
        key=lambda s: (s.predicate != RDF_TYPE, s.predicate_label, s.label or s.value.value, s.value.value),
    )
    for statement in order:
        statement.sources.sort()
        statement.certainty.sort()
    return order


def get_entity(store: GraphStore, projection: Projection, ref: str, *, lang: str = "en") -> Entity:
    """Return everything the store says about `ref`, an entity or any IRI the store mentions.

    `ref` is an id (``bbwa``, ``~aHR0…``), a prefixed name (``id:bbwa``) or a full IRI.

    Raises:
        InvalidParameter: `ref` is no valid id or IRI.
        NotFound: no statement has it as subject or object.
    """
    iri = iri_of(ref)
    binding = {"entity": Term.iri(iri)}
    out_rows = [
        (r["p"].value, r["o"], r["g"].value) for r in run_internal(store, "entity-out", bindings=binding)
    ]
    in_rows = [
        (r["p"].value, r["s"], r["g"].value) for r in run_internal(store, "entity-in", bindings=binding)
    ]
    if not out_rows and not in_rows:
        raise NotFound(f"No entity {ref!r} in the graph.", id=ref)
    graphs = graph_sources(store, projection, lang=lang)
    properties = _statements(out_rows, projection, graphs, lang)
    incoming = _statements(in_rows, projection, graphs, lang)
    cited: set[str] = set()
    for statement in properties + incoming:
        cited.update(statement.sources)
    records = source_records(store, projection, lang=lang)
    types = [s.value.value for s in properties if s.predicate == RDF_TYPE]
    labels = projection.labels.get(iri)
    return Entity(
        id=entity_id(iri),
        iri=iri,
        label=projection.label(iri, lang) if labels else short_name(iri),
        labels=dict(labels.by_lang) if labels else {},
        types=types,
        type_labels=[projection.label(t, lang) for t in types],
        properties=properties,
        incoming=incoming,
        sources=[r for r in sorted(records.values(), key=lambda r: r.id) if r.id in cited],
    )
