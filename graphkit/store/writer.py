"""Writes to a pyoxigraph store that keep its default graph the set merge of its named graphs.

Oxigraph's own union default graph is a bag: a triple held by two named graphs is seen
twice. graphkit keeps the default graph itself as the merge instead (each triple once) and
queries it as the default graph. Every change to a named graph goes through `OxWriter`,
which adds the new triples to the default graph and removes a triple from it only when no
named graph holds it any more.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import chain, islice

import pyoxigraph as ox

from graphkit.errors import QueryError, StoreError
from graphkit.model import Term
from graphkit.store.base import Dataset, RawResult, query_error
from graphkit.store.labels import INDEXED, REBUILD_ABOVE
from graphkit.store.query import run_ox_query

DEFAULT = ox.DefaultGraph()
#: Fewer quads than this are written in one transaction; more with the bulk loader.
BULK_THRESHOLD = 20_000
#: Quads read per call of the bulk loader (its memory grows with what one call writes).
_BATCH = 100_000


def _count_query(graph: str | None) -> str:
    if graph is None:
        return "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"


def count_quads(store: ox.Store, graph: str | None = None) -> int:
    """Return the number of quads in `graph`, or in all named graphs (Rust-side count)."""
    solutions = store.query(_count_query(graph))
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        value = row["n"]
        return int(value.value) if value is not None else 0
    return 0


def named_graphs(store: ox.Store) -> list[str]:
    """Return the names of the non-empty named graphs of `store`, sorted."""
    found = []
    for name in store.named_graphs():
        if isinstance(name, ox.NamedNode) and next(
            iter(store.quads_for_pattern(None, None, None, name)), None
        ):
            found.append(name.value)
    return sorted(found)


def _extend(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """Write quads: small batches in one transaction, big ones with the bulk loader."""
    iterator = iter(quads)
    head = list(islice(iterator, BULK_THRESHOLD))
    if len(head) < BULK_THRESHOLD:
        store.extend(head)
    else:
        store.bulk_extend(chain(head, iterator))


def write_failed(location: str, error: OSError) -> StoreError:
    """The error of a write that failed on I/O; a full disk says so, and what is left."""
    full = error.errno == errno.ENOSPC or "No space left on device" in str(error)
    hint = (
        " (ENOSPC: the disk that holds the store is full; the store still holds its previous "
        "version: free some space and run the write again)"
        if full
        else ""
    )
    return StoreError(f"Writing to the store at {location} failed: {error}{hint}", store=location)


class OxWriter:
    """A write to one pyoxigraph store (a version being written, or an in-memory copy).

    Args:
        store: the store to change; it must already hold a merged default graph.
        location: where it is, for error messages.
    """

    def __init__(self, store: ox.Store, *, location: str) -> None:
        self._store: ox.Store | None = store
        self.location = location
        #: Quads written or removed so far.
        self.written = 0
        #: Named graphs whose content changed.
        self.touched: set[str] = set()
        #: Subjects whose labels or descriptions changed (None: too many to tell).
        self.label_subjects: set[str] | None = set()

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"This write to the store at {self.location} is over.")
        return self._store

    def release(self) -> ox.Store:
        """Return the store and forget it: the write is over, later calls fail."""
        store = self.store
        self._store = None
        return store

    # --- reads ------------------------------------------------------------------------------

    def graph_names(self) -> list[str]:
        return named_graphs(self.store)

    def count(self, graph: str | None = None) -> int:
        return count_quads(self.store, graph)

    def counts(self, graphs: Iterable[str]) -> dict[str, int]:
        """Return the number of triples in each of `graphs` (one query; 0 for an empty graph)."""
        names = sorted(set(graphs))
        found = dict.fromkeys(names, 0)
        for start in range(0, len(names), 500):
            values = " ".join(str(ox.NamedNode(name)) for name in names[start : start + 500])
            solutions = self.store.query(
                f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
                "GROUP BY ?g"
            )
            assert isinstance(solutions, ox.QuerySolutions)
            for row in solutions:
                graph, number = row["g"], row["n"]
                if graph is not None and number is not None:
                    found[graph.value] = int(number.value)
        return found

    def quads(
        self,
        subject: ox.NamedNode | ox.BlankNode | None = None,
        predicate: ox.NamedNode | None = None,
        obj: ox.NamedNode | ox.BlankNode | ox.Literal | None = None,
        graph: ox.NamedNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        return iter(self.store.quads_for_pattern(subject, predicate, obj, graph))

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        union: bool = True,
        dataset: Dataset | None = None,
    ) -> RawResult:
        return run_ox_query(self.store, sparql, bindings=bindings, dataset=dataset, location=self.location)

    # --- writes -----------------------------------------------------------------------------

    def drop_graphs(self, names: Iterable[str]) -> list[ox.Quad]:
        removed: list[ox.Quad] = []
        for name in names:
            graph = ox.NamedNode(name)
            quads = list(self.store.quads_for_pattern(None, None, None, graph))
            self._guarded(self.store.remove_graph, graph)
            if quads:
                self.touched.add(name)
            removed += quads
        self._note_labels(removed)
        self._unmerge(removed)
        self.written += len(removed)
        return removed

    def add_quads(self, quads: Iterable[ox.Quad]) -> dict[str, int]:
        counts: dict[str, int] = {}
        labelled = self.label_subjects
        iterator = iter(quads)
        while True:
            batch = list(islice(iterator, _BATCH))
            if not batch:
                break
            # Each quad and its copy in the merged default graph, in one bulk write per batch:
            # the bulk loader's memory grows with what one call writes.
            copies = []
            for quad in batch:
                subject, predicate, obj, graph = quad.subject, quad.predicate, quad.object, quad.graph_name
                try:
                    name = graph.value  # type: ignore[union-attr]
                except AttributeError:
                    raise StoreError(
                        "Cannot write to the default graph: it is the merge of the named graphs; "
                        "write the triples to a named graph."
                    ) from None
                counts[name] = counts.get(name, 0) + 1
                copies.append(ox.Quad(subject, predicate, obj, DEFAULT))
                if labelled is not None and predicate.value in INDEXED and isinstance(subject, ox.NamedNode):
                    labelled.add(subject.value)
            if labelled is not None and len(labelled) > REBUILD_ABOVE:
                self.label_subjects = labelled = None
            self._guarded(_extend, self.store, chain(batch, copies))
        self.touched.update(counts)
        self.written += sum(counts.values())
        return counts

    def update(
        self, sparql: str, *, graphs: Iterable[str] | None = None
    ) -> tuple[list[ox.Quad], list[ox.Quad]]:
        """Run a SPARQL Update that changes named graphs only; return (added, removed) quads.

        Args:
            sparql: the update (checked by the guard: it never writes the default graph).
            graphs: the named graphs it may change (None: it may change any).
        """
        watched = list(graphs) if graphs is not None else None
        before = self._snapshot(watched)
        try:
            self.store.update(sparql)
        except SyntaxError as error:
            raise query_error(str(error)) from error
        except RuntimeError as error:
            # e.g. CLEAR GRAPH of a graph that does not exist, CREATE GRAPH twice
            raise QueryError(f"The update failed: {error}") from error
        except OSError as error:
            raise write_failed(self.location, error) from error
        after = self._snapshot(watched if watched is not None else None)
        added = [q for q in after if q not in before]
        removed = [q for q in before if q not in after]
        self._note_labels(added)
        self._note_labels(removed)
        self._unmerge(removed)
        self._merge(added)
        self.touched.update(
            q.graph_name.value for q in added + removed if isinstance(q.graph_name, ox.NamedNode)
        )
        self.written += len(added) + len(removed)
        return added, removed

    def merge_graphs(self, names: Iterable[str]) -> None:
        """Copy every triple of the named graphs `names` into the default graph."""
        for name in names:
            graph = ox.NamedNode(name)
            copies = (
                ox.Quad(q.subject, q.predicate, q.object, DEFAULT)
                for q in self.store.quads_for_pattern(None, None, None, graph)
            )
            self._guarded(_extend, self.store, copies)

    def _note_labels(self, quads: Iterable[ox.Quad]) -> None:
        """Remember the subjects whose indexed texts (labels, descriptions) these quads change."""
        if self.label_subjects is None:
            return
        for quad in quads:
            if quad.predicate.value in INDEXED and isinstance(quad.subject, ox.NamedNode):
                self.label_subjects.add(quad.subject.value)
        if len(self.label_subjects) > REBUILD_ABOVE:
            self.label_subjects = None

    # --- the merged default graph -----------------------------------------------------------

    def _snapshot(self, graphs: list[str] | None) -> set[ox.Quad]:
        if graphs is None:
            return {
                q for q in self.store.quads_for_pattern(None, None, None, None) if q.graph_name != DEFAULT
            }
        found: set[ox.Quad] = set()
        for name in graphs:
            found.update(self.store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        return found

    def _merge(self, quads: Iterable[ox.Quad]) -> None:
        copies = (ox.Quad(q.subject, q.predicate, q.object, DEFAULT) for q in quads)
        self._guarded(_extend, self.store, copies)

    def _unmerge(self, removed: Iterable[ox.Quad]) -> None:
        """Remove from the default graph the triples of `removed` no named graph holds any more."""
        seen: set[tuple[object, object, object]] = set()
        orphans: list[ox.Quad] = []
        for quad in removed:
            key = (quad.subject, quad.predicate, quad.object)
            if key in seen:
                continue
            seen.add(key)
            still_held = any(
                q.graph_name != DEFAULT
                for q in self.store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)
            )
            if not still_held:
                orphans.append(ox.Quad(quad.subject, quad.predicate, quad.object, DEFAULT))
        for quad in orphans:
            self._guarded(self.store.remove, quad)

    def _guarded(self, action: object, *args: object) -> None:
        """Run a store call, turning pyoxigraph's I/O errors into StoreError."""
        assert callable(action)
        try:
            action(*args)
        except OSError as error:
            raise write_failed(self.location, error) from error


def graphs_update(store: ox.Store, names: Iterable[str]) -> str:
    """Return one SPARQL Update that gives each graph in `names` its content in `store`.

    One request holds every graph, so a blank node that several graphs share stays one
    blank node, and servers run it as one transaction.
    """
    drops, blocks = [], []
    for name in sorted(names):
        graph = ox.NamedNode(name)
        drops.append(f"DROP SILENT GRAPH {graph}")
        quads = store.quads_for_pattern(None, None, None, graph)
        body = (
            ox.serialize(
                (ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES
            )
            or b""
        ).decode("utf-8")
        if body:
            blocks.append(f"GRAPH {graph} {{\n{body}}}")
    if blocks:
        drops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(drops)


@contextmanager
def staged_write(
    seed_nquads: bytes, *, location: str, apply: Callable[[OxWriter], object]
) -> Iterator[OxWriter]:
    """Write to an in-memory copy of a store's named graphs; `apply` carries the result over.

    For backends that cannot stage a write themselves (rdflib in memory, a remote SPARQL
    endpoint): the writer sees its own changes, and `apply` receives it only if the block
    ends without an error.
    """
    stage = ox.Store()
    stage.load(seed_nquads, format=ox.RdfFormat.N_QUADS)
    writer = OxWriter(stage, location=location)
    writer.merge_graphs(named_graphs(stage))
    yield writer
    apply(writer)


__all__ = [
    "BULK_THRESHOLD",
    "DEFAULT",
    "OxWriter",
    "count_quads",
    "graphs_update",
    "named_graphs",
    "staged_write",
    "write_failed",
]
