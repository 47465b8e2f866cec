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

    `triples` is the sum over the named graphs (what `GraphStore.count()` counts), read
    from the per-graph counts rather than counted a second time.
    """
    stats = StoreStats(location=store.location, triples=0)
    for row in run_internal(store, "graphs"):
        stats.graphs.append(
            GraphStats(
                graph=row["graph"].value,
                triples=int(row["triples"].value),
                source=row["source"].value if row.get("source") and row["source"].value else None,
                certainty=row["certainty"].value if "certainty" in row else None,
            )
        )
    stats.triples = sum(graph.triples for graph in stats.graphs)
    loads = {row["graph"].value: row for row in run_internal(store, "graph-loads")}
    for graph in stats.graphs:
        record = loads.get(graph.graph)
        if record is not None:
            graph.loaded = record["loaded"].value
            graph.input = record["input"].value
            graph.file = record["file"].value if "file" in record else None
            graph.sha256 = record["sha256"].value if "sha256" in record else None
    for row in run_internal(store, "entities-per-class"):
        stats.classes.append(
            ClassStats(
                cls=row["class"].value,
                label=row["label"].value if "label" in row else None,
                entities=int(row["entities"].value),
            )
        )
    return stats
