"""An analysis run on a network and answered as ranked, labelled rows: what the CLI and API show.

`analyse` is the one function both surfaces call: it runs the measure, partition or
projection asked for (`graphkit.analytics.measures`, `.projections`) and returns an
`Outcome`: every row in a stable order (best first, ties by id), a summary (sizes,
modularity) and the library's own result, which `graphkit.analytics.writeback` stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx

from graphkit.analytics.measures import (
    Broker,
    Communities,
    Scores,
    brokers,
    centrality,
    communities,
    components,
)
from graphkit.analytics.network import Network
from graphkit.analytics.projections import project
from graphkit.errors import InvalidParameter


class Kind(StrEnum):
    """The analyses `analyse` runs (and `graphkit analyze` names as commands)."""

    CENTRALITY = "centrality"
    COMMUNITIES = "communities"
    COMPONENTS = "components"
    BROKERS = "brokers"
    PROJECTION = "projection"


#: Community detection methods.
METHODS = ("leiden", "louvain")


@dataclass(slots=True)
class Row:
    """One node (or, for a projection, one link) of an answer.

    Attributes:
        id: the entity id (a projection: the link's first end, by id).
        value: the score, community or component index, or the link's weight.
        communities: for a broker, the communities it links.
        target: for a projection, the link's other end (`target_label` its label).
        shared: for a projection, the ids of the partners the two ends share.
    """

    id: str
    label: str
    cls: str
    class_label: str
    value: float | int
    communities: list[int] | None = None
    target: str | None = None
    target_label: str | None = None
    shared: list[str] | None = None


@dataclass(slots=True)
class Outcome:
    """What an analysis found: rows (all of them, ranked), a summary and the raw result."""

    kind: Kind
    parameters: dict[str, object]
    rows: list[Row]
    summary: dict[str, object] = field(default_factory=dict)
    result: Scores | Communities | list[list[str]] | list[Broker] | nx.Graph | None = None


def _label(network: Network, node: str, lang: str) -> tuple[str, str]:
    data = network.graph.nodes[node]
    label = (data.get("label_de") if lang == "de" else None) or data.get("label") or node
    return str(label), str(data.get("cls") or "")


def _row(network: Network, node: str, value: float | int, lang: str) -> Row:
    label, cls = _label(network, node, lang)
    return Row(node, label, cls, str(network.graph.nodes[node].get("class_label") or ""), value)


def analyse(
    network: Network,
    kind: Kind | str,
    *,
    measure: str = "degree",
    method: str = "leiden",
    seed: int = 1,
    resolution: float = 1.0,
    projection_kind: str | None = None,
    limit: int = 20,
    lang: str = "en",
    pivots: int | None = None,
) -> Outcome:
    """Run one analysis on `network` and return its rows, ranked.

    Args:
        kind: what to compute (`Kind`).
        measure: for centrality, one of `graphkit.analytics.measures.MEASURES`.
        method, seed, resolution: for communities and brokers (brokers between communities).
        pivots: for betweenness, estimate it from this many random nodes (with `seed`).
        projection_kind: for a projection, one of `graphkit.analytics.projections.PROJECTIONS`.
        limit: for brokers, how many to find (other kinds return every row).
        lang: the language of the rows' labels (``en`` or ``de``).

    Raises:
        InvalidParameter: an unknown kind or method, or a projection without its kind.
        BadRequest: an unknown measure or projection kind (from the measures).
    """
    try:
        kind = Kind(kind)
    except ValueError:
        raise InvalidParameter(f"No analysis {kind!r}.", parameter="kind", value=str(kind)) from None
    if kind in (Kind.COMMUNITIES, Kind.BROKERS) and method not in METHODS:
        raise InvalidParameter(
            f"method must be {' or '.join(METHODS)}, not {method!r}.", parameter="method", value=method
        )
    if kind is Kind.CENTRALITY:
        scores = centrality(network, measure, pivots=pivots, seed=seed)
        ranked = sorted(scores.values.items(), key=lambda item: (-item[1], item[0]))
        return Outcome(
            kind,
            {"measure": measure, **scores.parameters},
            [_row(network, n, v, lang) for n, v in ranked],
            {"nodes": network.graph.number_of_nodes(), "links": network.graph.number_of_edges()},
            scores,
        )
    if kind is Kind.COMPONENTS:
        found = components(network)
        rows = [_row(network, n, i, lang) for i, members in enumerate(found) for n in members]
        return Outcome(kind, {}, rows, {"sizes": [len(m) for m in found]}, found)
    grouped = None
    if kind in (Kind.COMMUNITIES, Kind.BROKERS):
        grouped = communities(network, method=method, seed=seed, resolution=resolution)
    parameters: dict[str, object] = {"method": method, "seed": seed, "resolution": resolution}
    if kind is Kind.COMMUNITIES:
        assert grouped is not None
        ranked_nodes = sorted(grouped.partition.items(), key=lambda item: (item[1], item[0]))
        summary = {"modularity": grouped.modularity, "sizes": list(grouped.sizes)}
        return Outcome(
            kind, parameters, [_row(network, n, c, lang) for n, c in ranked_nodes], summary, grouped
        )
    if kind is Kind.BROKERS:
        assert grouped is not None
        found_brokers = brokers(network, grouped, limit=limit)
        rows = []
        for broker in found_brokers:
            row = _row(network, broker.id, broker.score, lang)
            row.communities = list(broker.communities)
            rows.append(row)
        summary = {"modularity": grouped.modularity, "sizes": list(grouped.sizes)}
        return Outcome(kind, {**parameters, "limit": limit}, rows, summary, found_brokers)
    if not projection_kind:
        raise InvalidParameter("A projection needs its kind.", parameter="kind")
    projected = project(network, projection_kind)
    rows = []
    for a, b, data in projected.edges(data=True):
        first, second = sorted((a, b))
        row = _row(network, first, int(data.get("weight", 1)), lang)
        row.target = second
        row.target_label = _label(network, second, lang)[0]
        row.shared = sorted(data.get("shared", []))
        rows.append(row)
    rows.sort(key=lambda r: (-r.value, r.id, r.target or ""))
    summary = {"nodes": projected.number_of_nodes(), "links": projected.number_of_edges()}
    return Outcome(kind, {"kind": projection_kind}, rows, summary, projected)


__all__ = ["METHODS", "Kind", "Outcome", "Row", "analyse"]
