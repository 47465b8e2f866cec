"""Cut a graph's triples into N-Triples documents of bounded size, blank nodes kept whole.

The remote backend stages a graph on an engine by Graph Store requests. Where one request
may not carry a large body (Virtuoso answers a digest-authenticated PUT's first, unsigned
try with 401 before reading the body and closes the connection, so past about a megabyte
the client's send fails with a broken pipe), the graph goes as several smaller documents:
the first replaces the staging graph, the others add to it.

A blank node's label means the same node only within one document, so every triple that
touches a blank node travels in the same document as every other triple touching it (and,
transitively, the nodes those touch): a reified statement's four triples stay together.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox


def _blank_nodes(triple: ox.Triple) -> list[ox.BlankNode]:
    return [term for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)]


def _groups(triples: list[ox.Triple]) -> list[list[int]]:
    """Indexes of `triples` in groups that share no blank node (one group per triple without any)."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for triple in triples:
        labels = [node.value for node in _blank_nodes(triple)]
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
    grouped: dict[str, list[int]] = {}
    groups: list[list[int]] = []
    for index, triple in enumerate(triples):
        nodes = _blank_nodes(triple)
        if not nodes:
            groups.append([index])
            continue
        key = root(nodes[0].value)
        if key not in grouped:
            grouped[key] = []
            groups.append(grouped[key])
        grouped[key].append(index)
    return groups


def ntriples_chunks(triples: list[ox.Triple], *, limit: int | None) -> Iterator[bytes]:
    """Yield `triples` as N-Triples documents of at most about `limit` bytes each.

    Args:
        triples: one graph's triples.
        limit: bytes per document (a group of triples sharing blank nodes that is larger goes
            whole, alone); None: one document.
    """
    document = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    if limit is None or len(document) <= limit:
        yield document
        return
    # One line per triple, in order (N-Triples escapes line breaks inside literals).
    lines = document.split(b"\n")[: len(triples)]
    chunk: list[bytes] = []
    size = 0
    for group in _groups(triples):
        text = b"".join(lines[index] + b"\n" for index in group)
        if chunk and size + len(text) > limit:
            yield b"".join(chunk)
            chunk, size = [], 0
        chunk.append(text)
        size += len(text)
    if chunk:
        yield b"".join(chunk)


__all__ = ["ntriples_chunks"]
