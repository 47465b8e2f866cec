"""One entity with every statement about it, in both directions, and their sources.

Statements are read with SPARQL per named graph, so each one carries the documents its
graph cites (graph-level provenance: ``<graph> gk:source <doc>``) and their certainty, and
its evidence: the quote of each source that supports it, with its line and the qualifiers
of its value (statement-level provenance, stored as RDF 1.1 reification).
What the graphs cite is read once per store version; labels of the linked IRIs are
looked up for them only.

Results of `graphkit analyze --write` (graphs under `COMPUTED_GRAPHS`) are computed, not
stated: their blank nodes point at entities (``[] gk:resultFor id:berlin``), but an entity's
statements leave them out. Only an IRI that nothing else mentions (a result graph, its
activity) is described by them.
"""

from __future__ import annotations

from graphkit.errors import InvalidParameter
from graphkit.evidence import evidence_of, has_content, order
from graphkit.inverses import inverses_of
from graphkit.model import Entity, Source, Statement, Term, TermKind
from graphkit.namespaces import ANALYTICS_GRAPHS, RDF, entity_id
from graphkit.projection import Projection, iri_of

RDF_TYPE = RDF + "type"
#: The graphs of computed results (`graphkit.analytics.writeback.ANALYTICS`).
COMPUTED_GRAPHS = ANALYTICS_GRAPHS

#: A statement as read: (predicate, value, graph).
StatementRow = tuple[str, Term, str]


def source_records(
    projection: Projection, *, lang: str = "en", only: set[str] | None = None
) -> dict[str, Source]:
    """Return the source documents cited by graphs (those whose ids are in `only`) as `Source` records.

    The citations are read once per store version (a row per named graph and document).
    """
    every = projection.remember("graph-sources", lambda: list(projection.snapshot.select("graph-sources")))
    rows = [row for row in every if only is None or entity_id(row["doc"].value) in only]
    projection.prefetch(
        [row["doc"].value for row in rows] + [row["publisher"].value for row in rows if "publisher" in row]
    )
    records: dict[str, Source] = {}
    for row in rows:
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


def _statements(rows: list[StatementRow], projection: Projection, lang: str) -> list[Statement]:
    """Merge (predicate, value, graph) rows into one statement per (predicate, value)."""
    graphs = projection.graph_sources
    projection.prefetch([p for p, _, _ in rows] + [v.value for _, v, _ in rows if v.kind is TermKind.URI])
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
                is_entity=is_iri and projection.is_entity(value.value),
            )
        docs, certainty = graphs.get(graph, ([], None))
        for doc in docs:
            doc_id = entity_id(doc)
            if doc_id not in statement.sources:
                statement.sources.append(doc_id)
        if certainty and certainty not in statement.certainty:
            statement.certainty.append(certainty)
    order = sorted(
        merged.values(),
        key=lambda s: (s.predicate != RDF_TYPE, s.predicate_label, s.label or s.value.value, s.value.value),
    )
    for statement in order:
        statement.sources.sort()
        statement.certainty.sort()
    return order


def _attach_evidence(
    projection: Projection, binding: dict[str, Term], lang: str, out: list[Statement], into: list[Statement]
) -> None:
    by_key = {("out", s.predicate, s.value): s for s in out} | {("in", s.predicate, s.value): s for s in into}
    for row in projection.snapshot.select("entity-evidence", binding):
        statement = by_key.get((row["dir"].value, row["p"].value, row["value"]))
        if statement is None:
            continue
        found = evidence_of(projection, row, row["g"].value, lang)
        if has_content(found) and found not in statement.evidence:
            statement.evidence.append(found)
    for statement in by_key.values():
        statement.evidence.sort(key=order)


def _fold_inverses(projection: Projection, out: list[Statement], into: list[Statement]) -> list[Statement]:
    """Drop each incoming statement that an outgoing one states the other way round.

    ``berlin memberOf eurocities`` and ``eurocities hasMember berlin`` are one fact
    (``owl:inverseOf``): Berlin's page shows it once, as "member of EUROCITIES", with the
    sources, certainty and evidence of both statements. Returns the incoming statements kept.
    """
    partner = inverses_of(projection).partner
    by_key = {(s.predicate, s.value): s for s in out}
    kept = []
    for statement in into:
        twin = by_key.get((partner.get(statement.predicate, ""), statement.value))
        if twin is None:
            kept.append(statement)
            continue
        twin.sources = sorted(set(twin.sources) | set(statement.sources))
        twin.certainty = sorted(set(twin.certainty) | set(statement.certainty))
        twin.evidence = sorted(
            [*twin.evidence, *(e for e in statement.evidence if e not in twin.evidence)], key=order
        )
    return kept


def _stated(rows: list[StatementRow]) -> list[StatementRow]:
    """Return the (predicate, value, graph) rows that are not in a graph of computed results."""
    return [row for row in rows if not row[2].startswith(COMPUTED_GRAPHS)]


def get_entity(projection: Projection, ref: str, *, lang: str = "en") -> Entity:
    """Return everything the store says about `ref`, an entity or any IRI the store mentions.

    `ref` is an id (``bbwa``, ``~aHR0…``), a prefixed name (``id:bbwa``), a full IRI, or
    the name of exactly one entity (``BIWAQ``, see `Projection.resolve`). A link stated both
    ways (a property and its ``owl:inverseOf``) is listed once, as the entity's own statement.

    Raises:
        InvalidParameter: `ref` is no valid id or IRI, nor a name.
        NotFound: no statement has it as subject or object, and no entity that name (the
            error lists candidates).
    """
    snapshot = projection.snapshot

    def rows_of(iri: str) -> tuple[list[StatementRow], list[StatementRow]]:
        binding = {"entity": Term.iri(iri)}
        out = [(r["p"].value, r["o"], r["g"].value) for r in snapshot.select("entity-out", binding)]
        into = [(r["p"].value, r["s"], r["g"].value) for r in snapshot.select("entity-in", binding)]
        stated_out, stated_in = _stated(out), _stated(into)
        if stated_out or stated_in:
            return stated_out, stated_in
        return out, into

    try:
        iri = iri_of(ref)
        out_rows, in_rows = rows_of(iri)
    except InvalidParameter:
        out_rows, in_rows = [], []
    if not out_rows and not in_rows:
        # Not an IRI the store mentions: a name (BIWAQ, "European Social Fund"), or a 404
        # that lists candidates (see Projection.resolve).
        iri = projection.resolve(ref)
        out_rows, in_rows = rows_of(iri)
    binding = {"entity": Term.iri(iri)}
    properties = _statements(out_rows, projection, lang)
    incoming = _statements(in_rows, projection, lang)
    _attach_evidence(projection, binding, lang, properties, incoming)
    incoming = _fold_inverses(projection, properties, incoming)
    cited: set[str] = set()
    for statement in properties + incoming:
        cited.update(statement.sources)
    records = source_records(projection, lang=lang, only=cited)
    types = [s.value.value for s in properties if s.predicate == RDF_TYPE]
    labels = projection.labels_of(iri)
    return Entity(
        id=entity_id(iri),
        iri=iri,
        label=projection.label(iri, lang),
        labels=dict(labels.by_lang),
        types=types,
        type_labels=[projection.label(t, lang) for t in types],
        properties=properties,
        incoming=incoming,
        sources=[r for r in sorted(records.values(), key=lambda r: r.id) if r.id in cited],
    )
