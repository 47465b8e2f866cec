"""The one store interface: what the CLI, the API and the loader need from a backend.

Every backend gives queries the same dataset: the default graph is the *set* merge of the
named graphs (a triple stated by two sources is one triple; ``GRAPH ?g`` still shows both),
and every write is all or nothing. Writes go through a `GraphWriter` obtained from
`GraphStore.write()`: it sees its own changes, and nothing is visible to anyone else until
the `with` block ends without an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from graphkit.errors import QueryError
from graphkit.model import QueryKind, Term

if TYPE_CHECKING:
    from graphkit.store.labels import LabelIndex

SolutionRows = Iterator[dict[str, Term]]
TripleRows = Iterator[tuple[Term, Term, Term]]


@dataclass(frozen=True, slots=True)
class Dataset:
    """The RDF dataset a query runs over, chosen by the SPARQL Protocol's parameters.

    Attributes:
        default: graphs merged into the default graph (``default-graph-uri``).
        named: graphs available to ``GRAPH`` (``named-graph-uri``).
    """

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    @property
    def graphs(self) -> tuple[str, ...]:
        return self.default + self.named


@dataclass(frozen=True, slots=True)
class Pinned:
    """One store version held open for reading: its pyoxigraph store and version token."""

    store: ox.Store
    version: str
    keepalive: object = None


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a backend can do, so callers ask the store instead of checking its class.

    Attributes:
        persistent: the data outlives the process (False: gone when it exits).
        has_path: the store is a folder on disk; `GraphStore.location` is its path.
        worker_processes: other processes can open it read-only (the server's query workers).
        bulk_load: big writes go through pyoxigraph's bulk loader in this process.
        dataset_selection: queries can choose their dataset by protocol parameters
            (default-graph-uri, named-graph-uri); without it they raise BadRequest.
        concurrent_reads: several threads may read at once (False: read from one thread,
            e.g. rdflib's SPARQL engine).
    """

    persistent: bool
    has_path: bool
    worker_processes: bool
    bulk_load: bool
    dataset_selection: bool = True
    concurrent_reads: bool = True


@dataclass(slots=True)
class RawResult:
    """A query's uncapped, lazily read result, in backend-neutral terms."""

    kind: QueryKind
    variables: list[str]
    rows: SolutionRows | None = None
    triples: TripleRows | None = None
    boolean: bool | None = None


class GraphWriter(Protocol):
    """A write in progress: reads see its changes; `GraphStore.write()` commits or discards it."""

    def graph_names(self) -> list[str]:
        """Return the non-empty named graphs, sorted."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Return the number of triples in `graph`, or in all named graphs together."""
        ...

    def counts(self, graphs: Iterable[str]) -> dict[str, int]:
        """Return the number of triples in each of `graphs`, at once."""
        ...

    def drop_graphs(self, names: Iterable[str]) -> list[ox.Quad]:
        """Remove named graphs (missing ones are ignored); return the quads removed."""
        ...

    def add_quads(self, quads: Iterable[ox.Quad]) -> dict[str, int]:
        """Add quads to named graphs (quads in the default graph are refused).

        Returns:
            The number of quads read per graph name.
        """
        ...

    def update(
        self, sparql: str, *, graphs: Iterable[str] | None = None
    ) -> tuple[list[ox.Quad], list[ox.Quad]]:
        """Run a SPARQL Update (checked by the guard) and return (added, removed) quads.

        Args:
            graphs: the named graphs it may change (None: any; each is compared before and after).
        """
        ...

    def quads(
        self,
        subject: ox.NamedNode | ox.BlankNode | None = None,
        predicate: ox.NamedNode | None = None,
        obj: ox.NamedNode | ox.BlankNode | ox.Literal | None = None,
        graph: ox.NamedNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        """Return the quads that match (graph None: every graph, the merged default graph too)."""
        ...

    def query(
        self, sparql: str, *, bindings: Mapping[str, Term] | None = None, union: bool = True
    ) -> RawResult:
        """Run a SPARQL query on the state being written."""
        ...


class GraphStore(Protocol):
    """What the CLI, the API and the analytics need from a store."""

    location: str
    read_only: bool
    #: Queries run in an engine of this process (False: a remote endpoint).
    local: bool
    #: What this backend can do (ask this, never the backend's class).
    capabilities: Capabilities

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        union: bool = True,
        dataset: Dataset | None = None,
    ) -> RawResult:
        """Run a SPARQL query.

        Args:
            sparql: the query.
            bindings: values for variables the query selects.
            union: the default graph is the merge of the named graphs; pass False for a
                query that picks its own dataset with FROM / FROM NAMED.
            dataset: the graphs to query instead (the protocol's default-graph-uri and
                named-graph-uri; they override the query's FROM clauses).
        """
        ...

    def write(self) -> AbstractContextManager[GraphWriter]:
        """Begin a write: all of it becomes visible when the block ends, or none of it.

        Raises:
            StoreError: the store is read-only or cannot be written.
        """
        ...

    def scratch(self) -> AbstractContextManager[GraphWriter]:
        """Begin a write that is always discarded (to check data against the store); works read-only."""
        ...

    def version(self) -> str:
        """Return a token that changes whenever the data changes (for caches)."""
        ...

    def pin(self) -> Pinned | None:
        """Return the current version's pyoxigraph store for direct pattern look-ups, if it has one.

        Its default graph is the merged one; the version stays readable while the returned
        record is referenced. None: read through `query` instead (rdflib, remote, legacy).
        """
        ...

    def labels(self) -> LabelIndex:
        """Return the label index (full-text search over labels) of the current version."""
        ...

    def graph_names(self) -> list[str]:
        """Return the names of the non-empty named graphs, sorted."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Return the number of triples in `graph`, or in all named graphs together."""
        ...

    def dump_nquads(self, graphs: list[str] | None = None) -> bytes:
        """Return the named graphs (all by default) as N-Quads."""
        ...

    def close(self) -> None:
        """Release the store (and its locks)."""
        ...


_OX_ERROR_AT = re.compile(r"(?:at|line)\s+(\d+)[:\s]+(?:column\s+)?(\d+)")


def query_error(message: str, *, line: int | None = None, column: int | None = None) -> QueryError:
    """Build the QueryError for a query the backend could not parse."""
    if line is None:
        found = _OX_ERROR_AT.search(message)
        if found:
            line, column = int(found.group(1)), int(found.group(2))
    where = f" (line {line}, column {column})" if line is not None else ""
    return QueryError(f"SPARQL syntax error{where}: {message}", line=line, column=column)
