"""Whole views of the graph: every entity (or those of some classes), cut at a limit; networkx.

Entities are enumerated from the store's indexes (typed IRIs by class, then labelled
IRIs, then untyped IRIs of the id namespace linked with another), each checked by the
entity rule, and the enumeration stops at the limit, so a view of 10,000 entities of a
store of millions reads only what it shows. The chosen nodes are listed by IRI.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice

import networkx as nx

from graphkit.dating import TimeFilter
from graphkit.evidence import edges as edge_records
from graphkit.explore import valid_links
from graphkit.model import Neighbourhood, Term, TermKind
from graphkit.projection import LABEL_PREDICATES, RDF_TYPE, Projection

#: Candidates checked at once (their labels and classes are read in one batch).
_CHUNK = 500


def _candidates(projection: Projection, types: list[str]) -> Iterator[str]:
    """Yield IRIs that may be entities, each once: typed ones, labelled ones, linked ones."""
    snapshot = projection.snapshot
    seen: set[str] = set()
    if types:
        found: Iterable[Term] = (
            subject
            for cls in sorted(projection.classes.subclasses(types))
            for _, subject in snapshot.subjects(cls, RDF_TYPE)
        )
    else:
        found = chain(
            (subject for subject, _ in snapshot.pairs(RDF_TYPE)),
            (subject for predicate in LABEL_PREDICATES for subject, _ in snapshot.pairs(predicate)),
            (row["node"] for row in snapshot.select("linked-untyped")),
        )
    for term in found:
        if term.kind is TermKind.URI and term.value not in seen:
            seen.add(term.value)
            yield term.value


def entities(
    projection: Projection, *, types: Iterable[str] = (), include_sources: bool = False
) -> Iterator[str]:
    """Yield each entity once (of `types` or their subclasses, if given), in the store's index order."""
    wanted = list(types)
    candidates = _candidates(projection, wanted)
    while chunk := list(islice(candidates, _CHUNK)):
        projection.prefetch(chunk)
        for iri in chunk:
            if not projection.is_entity(iri):
                continue
            if not include_sources and projection.is_source(iri):
                continue
            if wanted and not projection.is_a(iri, wanted):
                continue
            yield iri


def _in_period(projection: Projection, when: TimeFilter, found: Iterable[str]) -> Iterator[str]:
    """Yield the entities of `found` in the period, in their order (dates read in batches)."""
    remaining = iter(found)
    while batch := list(islice(remaining, 2048)):
        present = when.entities(projection, batch)
        yield from (iri for iri in batch if iri in present)


def whole_view(
    projection: Projection,
    *,
    types: Iterable[str] = (),
    lang: str = "en",
    include_sources: bool = False,
    limit: int | None = None,
    when: TimeFilter | None = None,
) -> Neighbourhood:
    """Return the graph (or the entities of some classes) as one `Neighbourhood`.

    The first `limit` entities found are kept (more sets `truncated`), listed by IRI, with
    the links between them (sorted by source, target, predicate). With a period (`when`)
    only the entities and links valid in it (`graphkit.dating`).
    """
    found = entities(projection, types=types, include_sources=include_sources)
    if when is not None:
        found = _in_period(projection, when, found)
    chosen = list(islice(found, None if limit is None else limit + 1))
    truncated = limit is not None and len(chosen) > limit
    chosen = sorted(chosen[:limit])
    links = sorted(
        valid_links(projection, when, projection.links_among(chosen)),
        key=lambda link: (link[0], link[2], link[1]),
    )
    return Neighbourhood(
        focus=None,
        nodes=projection.nodes(((iri, 0) for iri in chosen), lang=lang, details=True),
        edges=edge_records(projection, links, lang=lang),
        truncated=truncated,
    )


def to_networkx(view: Neighbourhood) -> nx.MultiDiGraph:
    """Return a view as a networkx graph: nodes are entity IRIs, each edge keyed by its predicate."""
    graph = nx.MultiDiGraph()
    iris = {node.id: node.iri for node in view.nodes}
    graph.add_nodes_from(iris.values())
    for edge in view.edges:
        graph.add_edge(iris[edge.source], iris[edge.target], key=edge.predicate)
    return graph


__all__ = ["entities", "to_networkx", "whole_view"]
