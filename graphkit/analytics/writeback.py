"""Computed results as RDF: each analysis in its own named graph, with PROV-O, beside the data.

An analysis (a centrality measure, communities, components, brokers, a projection) is
written into the graph ``https://w3id.org/graphkit/graph/analytics/<kind>-<hash>``, where
the hash is the first 12 hex digits of the SHA-256 of the kind, the network's description
and the parameters: running the same analysis again replaces its graph (one atomic write of
the store, `GraphStore.write`), a different one gets its own. The graph says of itself that
it is computed (``gk:certainty "computed"``, no ``gk:source``), so provenance queries never
take it for a source's statements, and `drop_results` removes one or all of them::

    GRAPH <…/analytics/centrality-3f2a1c9e0b7d> {
      <…/analytics/centrality-3f2a1c9e0b7d> a gk:AnalyticsResult ; gk:certainty "computed" ;
          gk:analysis "centrality" ; prov:wasGeneratedBy <…/centrality-3f2a1c9e0b7d/activity> .
      <…/activity> a prov:Activity ; gk:analysis "centrality" ;
          prov:used <…/network> ; gk:parameters "{\"measure\": \"pagerank\", …}" ;
          gk:software "networkx 3.6.1", "igraph 1.0.0", "graphkit 0.9.0" ;
          prov:startedAtTime "…"^^xsd:dateTime ; prov:endedAtTime "…"^^xsd:dateTime ;
          prov:generated <…/analytics/centrality-3f2a1c9e0b7d> .
      <…/network> a prov:Entity ; prov:value "{\"focus\": null, …}" ; gk:dataVersion "…" .
      [] gk:resultFor id:eurocities ; gk:measure "pagerank" ; gk:value 0.12 .
    }

The terms, under the graphkit ontology namespace (to be declared there):

- ``gk:AnalyticsResult`` (class): a named graph of computed results;
- ``gk:analysis`` (string): the kind: centrality, communities, components, brokers, projection;
- ``gk:parameters`` / on the network ``prov:value`` (JSON text): what was asked for;
- ``gk:software`` (string): a library and its version; ``gk:dataVersion``: the store version;
- ``gk:resultFor``: from a result (a blank node) to the entity it is about; then
  centrality ``gk:measure "pagerank" ; gk:value 0.12`` (xsd:double); communities
  ``gk:method "leiden" ; gk:community 0`` (xsd:integer, 0 the biggest; the activity has
  ``gk:modularity``); components ``gk:component 0``; brokers ``gk:brokerage 0.61`` (the
  participation coefficient) ``; gk:linksCommunity 0, 2``;
- a projection's links: ``[ gk:projection "co-participation" ; gk:linkSource a ;
  gk:linkTarget b ; gk:weight 2 (xsd:integer) ; gk:sharedPartner x, y ]``.

Every result is a blank node pointing at entities, never a statement about an entity: the
entities' own descriptions (what loads check against the ontology and the shapes, what
pages and neighbourhoods show) stay exactly as the sources give them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata

import networkx as nx
import pyoxigraph as ox

from graphkit import __version__
from graphkit.analytics.answers import Outcome
from graphkit.analytics.measures import Broker, Communities, Scores
from graphkit.analytics.network import Network
from graphkit.errors import NotFound
from graphkit.namespaces import ANALYTICS_GRAPHS, GK, PROV, RDF, XSD
from graphkit.store.base import GraphStore

#: The namespace of every analytics graph.
ANALYTICS = ANALYTICS_GRAPHS
#: What an analytics graph says of its certainty (sources say stated, inferred or curated).
COMPUTED = "computed"
#: The kinds of analysis written back.
KINDS = ("centrality", "communities", "components", "brokers", "projection")
#: Libraries whose versions each activity records (those installed).
LIBRARIES = ("networkx", "igraph", "leidenalg")

RESULT_CLASS = GK + "AnalyticsResult"

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]


def _iri(local: str) -> ox.NamedNode:
    return ox.NamedNode(GK + local)


def _double(value: float) -> ox.Literal:
    return ox.Literal(repr(float(value)), datatype=ox.NamedNode(XSD + "double"))


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))


def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


def _time(moment: datetime) -> ox.Literal:
    return ox.Literal(moment.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def software() -> list[str]:
    """Return ``name version`` of graphkit and of each installed library of `LIBRARIES`."""
    found = [f"graphkit {__version__}"]
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return found


@dataclass(slots=True)
class Analysis:
    """One computation to record: what, on which network, with which parameters, when.

    Attributes:
        kind: one of `KINDS`.
        network: the network's description (`NetworkSpec.describe()`).
        parameters: the analysis's own parameters (measure, method, seed…).
        started: when the computation began (its end is when the result is written).
        data_version: the store version it read.
    """

    kind: str
    network: dict[str, object]
    parameters: dict[str, object]
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    data_version: str | None = None

    @property
    def graph(self) -> str:
        """The named graph of this analysis: the same kind, network and parameters, the same graph."""
        digest = hashlib.sha256(_json([self.kind, self.network, self.parameters]).encode()).hexdigest()
        return f"{ANALYTICS}{self.kind}-{digest[:12]}"


@dataclass(frozen=True, slots=True)
class Written:
    """What a write-back did: the graph, its triples, whether it replaced an older result."""

    graph: str
    triples: int
    replaced: bool


def _node(network: Network, node: str) -> ox.NamedNode:
    return ox.NamedNode(network.graph.nodes[node]["iri"])


def _result(network: Network, node: str) -> tuple[ox.BlankNode, Triple]:
    """A new result node and its ``gk:resultFor`` link to the entity `node`."""
    result = ox.BlankNode()
    return result, (result, _iri("resultFor"), _node(network, node))


def centrality_triples(network: Network, scores: Scores) -> Iterator[Triple]:
    """Yield ``[ gk:resultFor node ; gk:measure m ; gk:value v ]`` for every scored node."""
    for node, value in sorted(scores.values.items()):
        result, about = _result(network, node)
        yield about
        yield result, _iri("measure"), _text(scores.measure)
        yield result, _iri("value"), _double(value)


def community_triples(network: Network, found: Communities) -> Iterator[Triple]:
    """Yield ``[ gk:resultFor node ; gk:method m ; gk:community i ]`` for every node."""
    for node, index in sorted(found.partition.items()):
        result, about = _result(network, node)
        yield about
        yield result, _iri("method"), _text(found.method)
        yield result, _iri("community"), _integer(index)


def component_triples(network: Network, found: list[list[str]]) -> Iterator[Triple]:
    """Yield ``[ gk:resultFor node ; gk:component i ]`` for every node (0 the biggest component)."""
    for index, members in enumerate(found):
        for node in members:
            result, about = _result(network, node)
            yield about
            yield result, _iri("component"), _integer(index)


def broker_triples(network: Network, found: Iterable[Broker]) -> Iterator[Triple]:
    """Yield ``[ gk:resultFor node ; gk:brokerage v ; gk:linksCommunity c… ]`` for every broker."""
    for broker in found:
        result, about = _result(network, broker.id)
        yield about
        yield result, _iri("brokerage"), _double(broker.score)
        for index in broker.communities:
            yield result, _iri("linksCommunity"), _integer(index)


def projection_triples(network: Network, kind: str, projected: nx.Graph) -> Iterator[Triple]:
    """Yield one ``gk:projectedLink`` per edge of a one-mode projection (see the module)."""
    for a, b, data in sorted(projected.edges(data=True), key=lambda e: (min(e[:2]), max(e[:2]))):
        link = ox.BlankNode()
        first, second = sorted((a, b))
        yield link, _iri("projection"), _text(kind)
        yield link, _iri("linkSource"), _node(network, first)
        yield link, _iri("linkTarget"), _node(network, second)
        yield link, _iri("weight"), _integer(data.get("weight", 1))
        for partner in data.get("shared", ()):
            yield link, _iri("sharedPartner"), _node(network, partner)


def _provenance(analysis: Analysis, ended: datetime, extra: Iterable[Triple]) -> Iterator[Triple]:
    graph = ox.NamedNode(analysis.graph)
    activity = ox.NamedNode(analysis.graph + "/activity")
    used = ox.NamedNode(analysis.graph + "/network")
    rdf_type = ox.NamedNode(RDF + "type")
    yield graph, rdf_type, ox.NamedNode(RESULT_CLASS)
    yield graph, _iri("certainty"), _text(COMPUTED)
    yield graph, _iri("analysis"), _text(analysis.kind)
    yield graph, ox.NamedNode(PROV + "wasGeneratedBy"), activity
    yield activity, rdf_type, ox.NamedNode(PROV + "Activity")
    yield activity, _iri("analysis"), _text(analysis.kind)
    yield activity, ox.NamedNode(PROV + "used"), used
    yield activity, _iri("parameters"), _text(_json(analysis.parameters))
    for name in software():
        yield activity, _iri("software"), _text(name)
    yield activity, ox.NamedNode(PROV + "startedAtTime"), _time(analysis.started)
    yield activity, ox.NamedNode(PROV + "endedAtTime"), _time(ended)
    yield activity, ox.NamedNode(PROV + "generated"), graph
    for _, predicate, obj in extra:
        yield activity, predicate, obj
    yield used, rdf_type, ox.NamedNode(PROV + "Entity")
    yield used, ox.NamedNode(PROV + "value"), _text(_json(analysis.network))
    if analysis.data_version:
        yield used, _iri("dataVersion"), _text(analysis.data_version)


def write_result(
    store: GraphStore, analysis: Analysis, triples: Iterable[Triple], *, activity: Iterable[Triple] = ()
) -> Written:
    """Write an analysis's results and provenance into its own graph, replacing an older one.

    Args:
        triples: the results (the `*_triples` functions of this module).
        activity: more statements about the activity (their subjects are ignored), such as
            ``gk:modularity``.
    """
    ended = datetime.now(UTC)
    name = ox.NamedNode(analysis.graph)
    quads = [ox.Quad(s, p, o, name) for s, p, o in (*_provenance(analysis, ended, activity), *triples)]
    with store.write() as writer:
        replaced = bool(writer.drop_graphs([analysis.graph]))
        writer.add_quads(quads)
    return Written(analysis.graph, len(quads), replaced)


def modularity_triple(found: Communities) -> Triple:
    """The activity statement of a community partition's modularity."""
    return ox.BlankNode(), _iri("modularity"), _double(found.modularity)


def record(
    store: GraphStore,
    network: Network,
    outcome: Outcome,
    *,
    started: datetime,
    data_version: str | None = None,
) -> Written:
    """Write what `graphkit.analytics.answers.analyse` found (every row) into its analytics graph."""
    analysis = Analysis(
        outcome.kind.value, network.spec.describe(), outcome.parameters, started, data_version
    )
    result = outcome.result
    activity: list[Triple] = []
    triples: Iterable[Triple]
    if isinstance(result, Scores):
        triples = centrality_triples(network, result)
    elif isinstance(result, Communities):
        triples = community_triples(network, result)
        activity.append(modularity_triple(result))
    elif isinstance(result, nx.Graph):
        triples = projection_triples(network, str(outcome.parameters.get("kind", "")), result)
    elif outcome.kind.value == "components":
        triples = component_triples(network, result or [])  # type: ignore[arg-type]
    else:
        triples = broker_triples(network, result or [])  # type: ignore[arg-type]
    return write_result(store, analysis, triples, activity=activity)


def list_results(store: GraphStore) -> list[str]:
    """Return the analytics graphs in the store, sorted."""
    return [g for g in store.graph_names() if g.startswith(ANALYTICS)]


def drop_results(store: GraphStore, graphs: Iterable[str] | None = None) -> list[str]:
    """Remove analytics graphs (all of them when `graphs` is None), at once; return those removed.

    Raises:
        NotFound: a graph given is not an analytics graph in the store (nothing is removed).
    """
    from graphkit.ingest import drop_graphs

    present = list_results(store)
    chosen = present if graphs is None else list(dict.fromkeys(graphs))
    missing = [g for g in chosen if g not in present]
    if missing:
        raise NotFound(
            f"No analytics graph {', '.join(f'<{g}>' for g in missing)} in the store; nothing was dropped.",
            parameter="graph",
        )
    if chosen:
        drop_graphs(store, chosen)
    return chosen


__all__ = [
    "ANALYTICS",
    "COMPUTED",
    "KINDS",
    "Analysis",
    "Written",
    "broker_triples",
    "centrality_triples",
    "community_triples",
    "component_triples",
    "drop_results",
    "list_results",
    "modularity_triple",
    "projection_triples",
    "record",
    "software",
    "write_result",
]
