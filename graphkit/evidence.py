"""Statement-level provenance for the read model: each statement's sources, quotes and qualifiers.

The curated data gives each statement its evidence as an RDF 1.2 annotation, stored as RDF 1.1
reification (`graphkit.reification`): an ``rdf:Statement`` in the statement's graph with the
source's words (``gk:quote``), their line, the document quoted, a value qualifier and dates.
This module turns the rows of ``entity-evidence`` and ``edge-evidence`` into `Evidence` records,
and gives the edges of a view the documents that state them and their quotes.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from graphkit.model import Edge, Evidence, Term
from graphkit.namespaces import GK, entity_id
from graphkit.projection import Projection
from graphkit.query import internal_query
from graphkit.snapshot import BATCH, values_block
from graphkit.sparql_text import with_block


def _literal(row: dict[str, Term], name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


def evidence_of(projection: Projection, row: dict[str, Term], graph: str, lang: str) -> Evidence:
    """Return the evidence one reification row gives, in the graph that holds it."""
    docs, certainty = projection.graph_sources.get(graph, ([], None))
    quoted = row.get("from")
    source = quoted.value if quoted is not None else (docs[0] if len(docs) == 1 else None)
    quote, line, qualifier = row.get("quote"), row.get("line"), row.get("qualifier")
    return Evidence(
        source=entity_id(source) if source else None,
        certainty=certainty,
        quote=quote.value if quote is not None else None,
        lang=quote.lang if quote is not None else None,
        line=int(line.value) if line is not None and line.value.isdigit() else None,
        qualifier=qualifier.value.removeprefix(GK) if qualifier is not None else None,
        qualifier_label=projection.label(qualifier.value, lang) if qualifier is not None else None,
        as_of=_literal(row, "asOf"),
        valid_from=_literal(row, "validFrom"),
        valid_until=_literal(row, "validUntil"),
    )


def order(evidence: Evidence) -> tuple[str, ...]:
    """A total order of evidence records (source, line, quote, then every other field)."""
    return (
        evidence.source or "",
        f"{evidence.line or 0:09d}",
        evidence.quote or "",
        evidence.certainty or "",
        evidence.qualifier or "",
        evidence.as_of or "",
        evidence.valid_from or "",
        evidence.valid_until or "",
    )


def has_content(evidence: Evidence) -> bool:
    """Whether a reification says anything (a quote, a qualifier or a date)."""
    return any(
        (evidence.quote, evidence.qualifier, evidence.as_of, evidence.valid_from, evidence.valid_until)
    )


def edges(projection: Projection, links: Iterable[tuple[str, str, str]], *, lang: str = "en") -> list[Edge]:
    """Return the `Edge` records of links (source, predicate, target), each with its sources and quotes."""
    links = list(links)
    records = {(s, p, o): projection.edge(s, o, p, lang=lang) for s, p, o in links}
    graphs = projection.graph_sources
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH)):
        rows = " ".join(
            f"({Term.iri(s).to_ntriples()} {Term.iri(p).to_ntriples()} {Term.iri(o).to_ntriples()})"
            for s, p, o in batch
        )
        block = f"VALUES (?s ?p ?o) {{ {rows} }}"
        for row in projection.snapshot.run(with_block(internal_query("edge-graphs"), block)):
            edge = records.get((row["s"].value, row["p"].value, row["o"].value))
            if edge is None:
                continue
            docs, certainty = graphs.get(row["g"].value, ([], None))
            for doc in docs:
                if entity_id(doc) not in edge.sources:
                    edge.sources.append(entity_id(doc))
            if certainty and certainty not in edge.certainty:
                edge.certainty.append(certainty)
        # Bound by subject only: Oxigraph joins a three-variable VALUES with the reification
        # pattern ten times slower; rows of other links of those subjects are skipped below.
        subjects = values_block("s", (Term.iri(s) for s in dict.fromkeys(s for s, _, _ in batch)))
        for row in projection.snapshot.run(with_block(internal_query("edge-evidence"), subjects)):
            edge = records.get((row["s"].value, row["p"].value, row["o"].value))
            if edge is None:
                continue
            found = evidence_of(projection, row, row["g"].value, lang)
            if has_content(found) and found not in edge.evidence:
                edge.evidence.append(found)
    for edge in records.values():
        edge.sources.sort()
        edge.certainty.sort()
        edge.evidence.sort(key=order)
    return [records[link] for link in links]
