"""graphkit.store.graph_chunks: a graph cut into bounded N-Triples documents, blank nodes whole."""

from __future__ import annotations

import pyoxigraph as ox

from graphkit.store.graph_chunks import ntriples_chunks

P = ox.NamedNode("https://example.org/p")


def _triples(n: int) -> list[ox.Triple]:
    """`n` reified-looking groups: a blank node with two triples, one linking it to the next node."""
    triples = []
    for i in range(n):
        node = ox.BlankNode(f"n{i}")
        triples.append(ox.Triple(ox.NamedNode(f"https://example.org/s{i}"), P, ox.Literal("x" * 100)))
        triples.append(ox.Triple(node, P, ox.Literal(f"line\nbreak {i}")))
        if i % 10:  # chains of ten nodes, each chain one group
            triples.append(ox.Triple(ox.BlankNode(f"n{i - 1}"), P, node))
    return triples


def _parsed(documents: list[bytes]) -> list[set[ox.Triple]]:
    return [
        {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(d, format=ox.RdfFormat.N_TRIPLES)}
        for d in documents
    ]


def test_a_small_graph_is_one_document() -> None:
    triples = _triples(5)
    documents = list(ntriples_chunks(triples, limit=1_000_000))
    assert len(documents) == 1 and _parsed(documents)[0] == set(triples)


def test_a_large_graph_is_cut_and_every_blank_node_stays_in_one_document() -> None:
    triples = _triples(2_000)
    documents = list(ntriples_chunks(triples, limit=20_000))
    assert len(documents) > 10
    assert all(len(d) <= 20_000 for d in documents)  # each chain of ten is far below the limit
    parsed = _parsed(documents)
    assert set().union(*parsed) == set(triples) and sum(map(len, parsed)) == len(triples)
    homes: dict[str, set[int]] = {}
    for number, document in enumerate(parsed):
        for triple in document:
            for term in (triple.subject, triple.object):
                if isinstance(term, ox.BlankNode):
                    homes.setdefault(term.value, set()).add(number)
    assert len(homes) == 2_000 and all(len(found) == 1 for found in homes.values())


def test_no_limit_gives_one_document() -> None:
    triples = _triples(300)
    assert len(list(ntriples_chunks(triples, limit=None))) == 1
