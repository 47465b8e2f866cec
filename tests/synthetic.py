"""Generated graphs of any size for scale tests and benchmarks (no store needed)."""

from __future__ import annotations

import random

from graphkit.model import Edge, Fact, Neighbourhood, Node
from graphkit.namespaces import GK, ID, XSD

CLASSES = ("City", "Partnership", "District", "Topic", "Event", "FundingProgramme", "Fund", "Ministry")
PREDICATES = ("memberOf", "locatedIn", "about", "funds", "partOf", "organisedBy")


def synthetic_view(count: int, *, seed: int = 7) -> Neighbourhood:
    """Return a connected, scale-free-ish view of `count` nodes and about 1.5 edges per node.

    Each new node links to an earlier one chosen with preference for well-linked nodes (as
    in the real graph, where a few hubs such as Berlin or the ESF carry many links), and
    every second node gets one more random link.
    """
    rng = random.Random(seed)
    nodes = []
    for i in range(count):
        cls = CLASSES[rng.randrange(len(CLASSES))]
        nodes.append(
            Node(
                id=f"n{i}",
                iri=f"{ID}n{i}",
                label=f"{cls} {i}",
                labels={"en": f"{cls} {i}", "de": f"{cls} {i} (de)"},
                types=[GK + cls],
                type_label=cls.lower(),
                facts=[Fact(GK + "memberCount", "member count", str(i % 97), XSD + "integer")] * (i % 5 > 0),
                sources=["doc/synthetic"],
            )
        )
    ends: list[int] = [0]
    pairs: set[tuple[int, int]] = set()
    for i in range(1, count):
        target = ends[rng.randrange(len(ends))]
        pairs.add((i, target))
        ends += [i, target]
        if i % 2 == 0:
            other = rng.randrange(i)
            if other != i:
                pairs.add((i, other))
    edges = [
        Edge(f"n{s}", f"n{t}", GK + name, name)
        for s, t in sorted(pairs)
        for name in [PREDICATES[(s + t) % len(PREDICATES)]]
    ]
    return Neighbourhood(focus=None, nodes=nodes, edges=edges, truncated=False)
