"""Counts that describe a store: triples per named graph, entities per class."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphkit.query import run_internal
from graphkit.store import GraphStore


@dataclass(slots=True)
class GraphStats:
    """One named graph: its size, the documents it cites, and how it was loaded."""

    graph: str
    triples: int
    source: str | None
    certainty: str | None
    loaded: str | None = None
    input: str | None = None
    file: str | None = None
    sha256: str | None = None


@dataclass(slots=True)
class ClassStats:
    cls: str
    label: str | None
    entities: int


@dataclass(slots=True)
class StoreStats:
    """What `graphkit stats` prints."""

    location: str
    triples: int
    graphs: list[GraphStats] = field(default_factory=list)
    classes: list[ClassStats] = field(default_factory=list)

    @property
    def entities(self) -> int:
        return sum(c.entities for c in self.classes)


def collect_stats(store: GraphStore) -> StoreStats:
    """Return the store's size by graph (with sources and load records) and by class.

    A graph's size comes from its load record (graphkit records it at every write), so
    nothing is counted twice; graphs written by other tools (no record) are counted.
    `triples` is the sum over the named graphs (what `GraphStore.count()` counts).
    """
    stats = StoreStats(location=store.location, triples=0)
    sources = {row["graph"].value: row for row in run_internal(store, "graph-sources-by-graph")}
    loads = {row["graph"].value: row for row in run_internal(store, "graph-loads")}
    for name in store.graph_names():
        cited, record = sources.get(name), loads.get(name)
        graph = GraphStats(
            graph=name,
            triples=int(record["triples"].value)
            if record is not None and "triples" in record
            else store.count(name),
            source=cited["source"].value if cited is not None and cited["source"].value else None,
            certainty=cited["certainty"].value if cited is not None and "certainty" in cited else None,
        )
        if record is not None:
            graph.loaded = record["loaded"].value
            graph.input = record["input"].value
            graph.file = record["file"].value if "file" in record else None
            graph.sha256 = record["sha256"].value if "sha256" in record else None
        stats.graphs.append(graph)
    stats.triples = sum(graph.triples for graph in stats.graphs)
    for row in run_internal(store, "entities-per-class"):
        stats.classes.append(
            ClassStats(
                cls=row["class"].value,
                label=row["label"].value if "label" in row else None,
                entities=int(row["entities"].value),
            )
        )
    return stats
