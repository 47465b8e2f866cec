"""One-mode projections of the two-mode relations researchers study, with edge weights.

Each kind pairs two classes of entities and the properties that link them; the projection
is the graph of the first class's entities in which two are joined when they share partners
of the second class:

| kind | nodes | partners | links (each with its sub-properties) |
|---|---|---|---|
| ``co-participation`` | ``gk:Organisation`` | ``gk:Event`` | ``gk:participantIn``, ``gk:hasParticipant`` |
| ``co-funding`` | ``gk:FundingProgramme`` | ``gk:Fund`` | ``gk:fundedBy``, ``gk:funds`` |
| ``co-membership`` | ``gk:City`` | ``gk:Network`` | ``gk:memberOf``, ``gk:hasMember`` |

so co-participation joins organisations that took part in the same events, co-funding
programmes financed from the same funds, co-membership cities that are members of the same
networks. A link counts when its property is one of those named or a sub-property of one, as
the ontology in the store declares them (`Network.properties`), in either direction; a node
counts when it has one of the classes or a subclass (`Network.classes`). Edge attribute
``weight`` is the number of partners two nodes share and ``shared`` the sorted ids of those
partners. Every node of the first class in the network is in the projection, linked or not,
with the network's node attributes. The projection is taken of the network as selected (its
period, filters, focus), so the predicates it needs must not be filtered out of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from graphkit.analytics.network import Network
from graphkit.errors import BadRequest
from graphkit.namespaces import GK


@dataclass(frozen=True, slots=True)
class Kind:
    """One two-mode relation: node class, partner class and the properties that link them."""

    nodes: str
    partners: str
    properties: frozenset[str]


KINDS = {
    "co-participation": Kind(
        GK + "Organisation", GK + "Event", frozenset({GK + "participantIn", GK + "hasParticipant"})
    ),
    "co-funding": Kind(GK + "FundingProgramme", GK + "Fund", frozenset({GK + "fundedBy", GK + "funds"})),
    "co-membership": Kind(GK + "City", GK + "Network", frozenset({GK + "memberOf", GK + "hasMember"})),
}
PROJECTIONS = tuple(KINDS)


def project(network: Network, kind: str) -> nx.Graph:
    """Return the one-mode projection `kind` of the network (see the module).

    Raises:
        BadRequest: an unknown kind.
    """
    chosen = KINDS.get(kind)
    if chosen is None:
        raise BadRequest(
            f"Unknown projection {kind!r}; choose one of {', '.join(PROJECTIONS)}.",
            parameter="kind",
            value=kind,
        )

    def has(node: str, cls: str) -> bool:
        return cls in network.classes.get(node, frozenset())

    partners: dict[str, set[str]] = {}
    for source, target, predicate in network.graph.edges(keys=True):
        if not network.properties.get(predicate, frozenset({predicate})) & chosen.properties:
            continue
        for node, partner in ((source, target), (target, source)):
            if has(node, chosen.nodes) and has(partner, chosen.partners):
                partners.setdefault(partner, set()).add(node)
    projected = nx.Graph()
    projected.add_nodes_from(
        (node, data) for node, data in sorted(network.graph.nodes(data=True)) if has(node, chosen.nodes)
    )
    shared: dict[tuple[str, str], list[str]] = {}
    for partner, members in sorted(partners.items()):
        for pair in combinations(sorted(members), 2):
            shared.setdefault(pair, []).append(partner)
    for (first, second), found in sorted(shared.items()):
        projected.add_edge(first, second, weight=len(found), shared=found)
    return projected


__all__ = ["KINDS", "PROJECTIONS", "Kind", "project"]
