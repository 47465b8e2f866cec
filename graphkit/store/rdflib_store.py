"""The reference backend: an rdflib Dataset in memory (what benchmarks and tests compare to).

Its default graph is rdflib's union of the named graphs, which yields each triple once, so
it has the same set semantics as the merged default graph of the Oxigraph store. Writes
are staged in an in-memory pyoxigraph copy; when they succeed, a new rdflib Dataset is
built from it and swapped in, so a write that fails on the way (a term rdflib cannot hold)
leaves the store as it was. It keeps nothing between processes (`capabilities.persistent`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pyoxigraph as ox
import rdflib
import rdflib.plugins.sparql
from pyparsing import ParseException

from graphkit.errors import BadRequest, StoreError
from graphkit.model import Term
from graphkit.sparql_grammar import GRAMMAR_LOCK
from graphkit.store.base import Capabilities, Dataset, RawResult, query_error
from graphkit.store.labels import ALL_TEXTS, LabelIndex, texts_of
from graphkit.store.terms import from_rdflib, ox_to_rdflib, to_rdflib
from graphkit.store.writer import OxWriter, staged_write

#: Where `location` says the data is: nowhere on disk.
LOCATION = ":rdflib-memory:"


class RDFLibStore:
    """An in-memory rdflib Dataset behind the same interface (the benchmark anchor).

    Args:
        read_only: refuse writes (`write()` raises StoreError); `scratch()` still works.
    """

    local = True
    capabilities = Capabilities(
        persistent=False,
        has_path=False,
        worker_processes=False,
        bulk_load=False,
        dataset_selection=False,
        concurrent_reads=False,
    )

    def __init__(self, *, read_only: bool = False) -> None:
        self.location = LOCATION
        self.read_only = read_only
        self._dataset = rdflib.Dataset(default_union=True)
        self._version = 0
        self._labels: tuple[int, LabelIndex] | None = None

    def version(self) -> str:
        return str(self._version)

    def pin(self) -> None:
        return None  # no pyoxigraph store to read directly

    def labels(self) -> LabelIndex:
        if self._labels is None or self._labels[0] != self._version:
            rows = self.query(ALL_TEXTS).rows or iter(())
            self._labels = (self._version, LabelIndex(texts=texts_of(rows)))
        return self._labels[1]

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        union: bool = True,
        dataset: Dataset | None = None,
    ) -> RawResult:
        # The Dataset's default graph is the union; a FROM clause picks graphs it holds.
        if dataset is not None:
            raise BadRequest(
                "The rdflib backend cannot choose a dataset by protocol parameters "
                "(default-graph-uri, named-graph-uri); use FROM / FROM NAMED in the query.",
                parameter="default-graph-uri",
            )
        init: dict[str, rdflib.term.Identifier] = {k: to_rdflib(v) for k, v in (bindings or {}).items()}
        try:
            with GRAMMAR_LOCK, _no_graph_loading():
                result = self._dataset.query(sparql, initBindings=init)
        except ParseException as error:
            raise query_error(str(error), line=error.lineno, column=error.col) from error
        if result.type == "ASK":
            return RawResult("ask", [], boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            names = [str(v) for v in result.vars or []]
            rows = (
                {n: from_rdflib(row[n]) for n in names if row[n] is not None}  # type: ignore[call-overload,index]
                for row in result
            )
            return RawResult("select", names, rows=rows)
        graph = result.graph
        assert graph is not None
        triples = ((from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph)
        return RawResult("graph", ["subject", "predicate", "object"], triples=triples)

    @contextmanager
    def write(self) -> Iterator[OxWriter]:
        if self.read_only:
            raise StoreError("The rdflib store is open read-only: writes are refused.", store=self.location)
        with staged_write(self.dump_nquads(), location=self.location, apply=self._apply) as writer:
            yield writer

    @contextmanager
    def scratch(self) -> Iterator[OxWriter]:
        with staged_write(self.dump_nquads(), location=self.location, apply=OxWriter.release) as writer:
            yield writer

    def _apply(self, writer: OxWriter) -> None:
        """Build the Dataset the write leaves and swap it in (all of the write, or none)."""
        store = writer.release()
        if not writer.touched:
            return
        touched = {rdflib.URIRef(name) for name in writer.touched}
        new = rdflib.Dataset(default_union=True)
        for graph in self._dataset.graphs():
            if isinstance(graph.identifier, rdflib.URIRef) and graph.identifier not in touched:
                target = new.graph(graph.identifier)
                for triple in graph:
                    target.add(triple)
        for name in sorted(writer.touched):
            target = new.graph(rdflib.URIRef(name))
            for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
                try:
                    triple = (
                        ox_to_rdflib(quad.subject),
                        ox_to_rdflib(quad.predicate),
                        ox_to_rdflib(quad.object),
                    )
                except TypeError as error:
                    raise StoreError(
                        f"The rdflib backend cannot hold a triple term (RDF 1.2) in <{name}>: "
                        f"{error}; nothing was written.",
                        store=self.location,
                    ) from None
                target.add(triple)
        self._dataset = new
        self._version += 1

    def graph_names(self) -> list[str]:
        return sorted(
            str(g.identifier)
            for g in self._dataset.graphs()
            if isinstance(g.identifier, rdflib.URIRef)
            and str(g.identifier) != str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)
            and len(g)
        )

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return sum(self.count(name) for name in self.graph_names())
        return len(self._dataset.graph(rdflib.URIRef(graph)))

    def dump_nquads(self, graphs: list[str] | None = None) -> bytes:
        out = rdflib.Dataset()
        for name in graphs if graphs is not None else self.graph_names():
            target = out.graph(rdflib.URIRef(name))
            for triple in self._dataset.graph(rdflib.URIRef(name)):
                target.add(triple)
        return out.serialize(format="nquads", encoding="utf-8")

    def close(self) -> None:
        pass


@contextmanager
def _no_graph_loading() -> Iterator[None]:
    """Keep rdflib from fetching a FROM graph it does not hold (graphkit never fetches).

    rdflib reads the switch while it sets a query's dataset up, inside `Dataset.query`; it is
    set only for that call (under GRAMMAR_LOCK), not for the whole process at import.
    """
    saved = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = saved
