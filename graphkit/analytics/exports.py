"""A network as a file for the tools researchers use: GraphML, GEXF (Gephi), node-link JSON, CSV.

Every format carries the same things (`Network`'s attributes, plus the measures asked for):

- nodes: ``id`` (the entity id), ``iri``, ``label`` (English), ``label_de``, ``cls`` (the most
  specific class IRI), ``class_label``, ``start`` and ``end`` (ISO dates, when known), and one
  attribute per measure asked for (``pagerank``, ``community``…);
- edges: one per link (a link and its inverse are one), keyed by its ``predicate`` IRI, with
  ``label``, ``sources`` and ``certainty`` (space-separated lists), ``start`` and ``end``.

GraphML and GEXF cannot hold a missing value or a list: an attribute without a value is left
out of that node or edge, and lists are written space-separated. In GEXF ``start``/``end``
are the node's and edge's time interval (a dynamic graph Gephi's timeline can play) and
``label`` is the node's or edge's label. Node-link JSON (networkx's, with ``links``) keeps
lists and nulls as they are and adds the network's description under ``graph.network``.
CSV is one zip holding ``nodes.csv`` and ``edges.csv`` (one download, two tables: Gephi's
and R's import read each), plus ``network.json`` with the description.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from enum import StrEnum

import networkx as nx

from graphkit.analytics.measures import MEASURES, centrality, communities, components
from graphkit.analytics.network import Network
from graphkit.errors import InvalidParameter

#: The node attributes every export has, in this order (CSV columns).
NODE_FIELDS = ("iri", "label", "label_de", "cls", "class_label", "start", "end")
#: The edge attributes every export has, in this order (CSV columns after source, target).
EDGE_FIELDS = ("predicate", "label", "sources", "certainty", "start", "end")
#: What `--with` may ask for beside the centrality measures.
PARTITIONS = ("community", "component")
#: Every name `--with` accepts.
ANNOTATIONS = (*MEASURES, *PARTITIONS)

Annotations = dict[str, dict[str, float | int]]


class NetworkFormat(StrEnum):
    """File formats a network is exported in."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    NODE_LINK = "node-link"
    CSV = "csv"


#: Media type and file extension of each format.
MEDIA_TYPES = {
    NetworkFormat.GRAPHML: "application/graphml+xml",
    NetworkFormat.GEXF: "application/gexf+xml",
    NetworkFormat.NODE_LINK: "application/json",
    NetworkFormat.CSV: "application/zip",
}
EXTENSIONS = {
    NetworkFormat.GRAPHML: "graphml",
    NetworkFormat.GEXF: "gexf",
    NetworkFormat.NODE_LINK: "json",
    NetworkFormat.CSV: "zip",
}


def parse_annotations(text: Iterable[str] | str | None, *, parameter: str = "with") -> tuple[str, ...]:
    """Return the measure names of ``pagerank,community`` (or a list of such), checked.

    Raises:
        InvalidParameter: a name is not a measure, ``community`` or ``component``.
    """
    given = [text] if isinstance(text, str) else list(text or [])
    names = [n.strip() for part in given for n in part.split(",") if n.strip()]
    unknown = [n for n in names if n not in ANNOTATIONS]
    if unknown:
        raise InvalidParameter(
            f"{parameter}: no measure {', '.join(unknown)}; choose from {', '.join(ANNOTATIONS)}.",
            parameter=parameter,
            value=",".join(unknown),
        )
    return tuple(dict.fromkeys(names))


def annotate(network: Network, names: Iterable[str], *, seed: int = 1) -> Annotations:
    """Compute the measures `names` on `network`: node id → value, per name.

    ``community`` is the Leiden community (fixed `seed`; 0 the biggest) and ``component``
    the weakly connected component (0 the biggest) of each node.
    """
    found: Annotations = {}
    for name in names:
        if name == "community":
            found[name] = dict(communities(network, seed=seed).partition)
        elif name == "component":
            found[name] = {n: i for i, members in enumerate(components(network)) for n in members}
        else:
            found[name] = dict(centrality(network, name).values)
    return found


def _flat(value: object) -> object:
    """A value GraphML and GEXF can hold: lists space-separated."""
    if isinstance(value, list | tuple | set | frozenset):
        return " ".join(str(v) for v in value)
    return value


def exportable(network: Network, annotations: Annotations | None = None) -> nx.MultiDiGraph:
    """Return the graph GraphML and GEXF write: no missing values, lists as text, measures added.

    Re-reading a GraphML or GEXF export with networkx gives this graph back.
    """
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    for node, data in network.graph.nodes(data=True):
        values = {k: _flat(v) for k, v in data.items() if v is not None}
        for name, found in (annotations or {}).items():
            if node in found:
                values[name] = found[node]
        graph.add_node(node, **values)
    for source, target, key, data in network.graph.edges(keys=True, data=True):
        graph.add_edge(source, target, key=key, **{k: _flat(v) for k, v in data.items() if v is not None})
    return graph


def _node_link(network: Network, annotations: Annotations) -> bytes:
    graph = network.graph.copy()
    for name, found in annotations.items():
        nx.set_node_attributes(graph, found, name)
    data = nx.node_link_data(graph, edges="links")
    data["graph"] = {"network": network.spec.describe()}
    return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def _csv(rows: Iterable[Iterable[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else _flat(v) for v in row])
    return out.getvalue().encode("utf-8")


def _csv_zip(network: Network, annotations: Annotations) -> bytes:
    graph = network.graph
    measures = list(annotations)
    nodes = [
        ("id", *NODE_FIELDS, *measures),
        *(
            (node, *(data.get(f) for f in NODE_FIELDS), *(annotations[m].get(node) for m in measures))
            for node, data in sorted(graph.nodes(data=True))
        ),
    ]
    edges = [
        ("source", "target", *EDGE_FIELDS),
        *(
            (s, t, *(data.get(f) for f in EDGE_FIELDS))
            for s, t, _key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3])
        ),
    ]
    buffer = io.BytesIO()
    # A fixed date in every entry: the same network gives the same bytes.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("nodes.csv", _csv(nodes)),
            ("edges.csv", _csv(edges)),
            ("network.json", json.dumps(network.spec.describe(), indent=1, default=str).encode()),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def export_network(
    network: Network,
    fmt: NetworkFormat,
    *,
    annotations: Mapping[str, Mapping[str, float | int]] | None = None,
) -> bytes:
    """Return `network` as a file in `fmt`, with the measures of `annotations` as node attributes.

    Args:
        annotations: measure name → node id → value (`annotate` computes them).
    """
    chosen: Annotations = {name: dict(values) for name, values in (annotations or {}).items()}
    if fmt is NetworkFormat.NODE_LINK:
        return _node_link(network, chosen)
    if fmt is NetworkFormat.CSV:
        return _csv_zip(network, chosen)
    buffer = io.BytesIO()
    graph = exportable(network, chosen)
    if fmt is NetworkFormat.GRAPHML:
        nx.write_graphml(graph, buffer)
    else:
        nx.write_gexf(graph, buffer)
    return buffer.getvalue()


__all__ = [
    "ANNOTATIONS",
    "EDGE_FIELDS",
    "EXTENSIONS",
    "MEDIA_TYPES",
    "NODE_FIELDS",
    "NetworkFormat",
    "annotate",
    "export_network",
    "exportable",
    "parse_annotations",
]
