"""Deterministic synthetic data in graphkit's ontology, streamed as N-Quads or TriG.

For benchmarks and scale tests: `generate_dataset(out, triples=N, seed=S)` writes N quads of
a made-up urban social-innovation network that passes graphkit's SHACL validation like the
curated data. The bytes depend only on N, S and the format.

The world is written in phases, each a share of N: topics and countries, cities,
districts, public authorities, funds with their periods, programmes with their rounds,
organisations, partnerships, networks with their member lists, persons, roles, projects,
events; participant lists then top the output up to N (exactly, from about 6,000 on). A
phase refers only to entities of earlier phases (or its own), so nothing is kept but
counts: names and the attributes other entities mention (a district's city, an
authority's kind) are pure functions of (seed, index). Hubs come from skewed choices of
low indices (`_zipf`): the first cities host most projects and events, the first fund
finances most programmes, the first networks have thousands of members at scale, while
most entities have a few links.

Each synthetic source document is one named graph of a few hundred to a few thousand
triples that names its document (`gk:source`, `gk:certainty "stated"`) as curated graphs
do. One graph is held in memory at a time; every entity is described in one graph only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import BinaryIO

from graphkit.generate.format import GenerateFormat
from graphkit.generate.stream import _Stream
from graphkit.generate.world import _World


@dataclass(slots=True)
class GenerateReport:
    """What `generate_dataset` wrote: quads, named graphs, typed entities, bytes."""

    triples: int
    graphs: int
    entities: int
    bytes: int


def generate_dataset(
    out: BinaryIO, *, triples: int, seed: int = 1, fmt: GenerateFormat = GenerateFormat.NQUADS
) -> GenerateReport:
    """Write a synthetic graphkit dataset of `triples` quads to `out`, one named graph at a time.

    The same `triples`, `seed` and `fmt` give the same bytes; memory stays flat (one graph
    of at most a few thousand quads is held at a time).

    Args:
        out: a binary stream, e.g. an open file or `sys.stdout.buffer`.
        triples: how many quads to write, at least 5,000 (the smallest world, with
            topics, countries and a few entities of each kind, takes about 4,000).
        seed: seeds the random choices and the names.
        fmt: N-Quads (one line per quad; the fast path) or TriG (one block per graph).

    Raises:
        ValueError: `triples` is below 5,000.
    """
    if triples < 5_000:
        raise ValueError(f"triples must be at least 5000, not {triples}")
    stream = _Stream(out, fmt, random.Random(seed))
    _World(stream, seed, triples).run()
    return GenerateReport(stream.count, stream.graphs, stream.entities, stream.bytes)


__all__ = ["GenerateFormat", "GenerateReport", "generate_dataset"]
