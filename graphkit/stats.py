"""Counts that describe a store: triples per named graph, entities per class, the data version."""

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


@dataclass(frozen=True, slots=True)
class DataRelease:
    """The version, licence and citation of the data, as its source catalogue records them.

    Read from the store (not from the repository's files), so a store loaded from a
    release, or served by a remote engine, says which version it holds.
    """

    dataset: str
    version: str
    license: str | None = None
    citation: str | None = None


@dataclass(slots=True)
class StoreStats:
    """What `graphkit stats` prints."""

    location: str
    triples: int
    data_version: str | None = None
    release: DataRelease | None = None
    graphs: list[GraphStats] = field(default_factory=list)
    classes: list[ClassStats] = field(default_factory=list)

    @property
    def entities(self) -> int:
        return sum(c.entities for c in self.classes)


def read_release(store: GraphStore) -> DataRelease | None:
    """Return the data version the store holds (graph:source-catalogue), or None if none is recorded."""
    for row in run_internal(store, "dataset-release"):
        return DataRelease(
            dataset=row["dataset"].value,
            version=row["version"].value,
            license=row["license"].value if "license" in row else None,
            citation=row["citation"].value if "citation" in row else None,
        )
    return None


def collect_stats(store: GraphStore) -> StoreStats:
    """Return the store's size by graph (with sources and load records) and by class.

    A graph's size comes from its load record (graphkit records it at every write), so
    nothing is counted twice; graphs written by other tools (no record) are counted.
    `triples` is the sum over the named graphs (what `GraphStore.count()` counts).
    """
    stats = StoreStats(location=store.location, triples=0)
    stats.release = read_release(store)
    stats.data_version = stats.release.version if stats.release else None
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
