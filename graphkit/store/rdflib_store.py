"""The reference backend: an rdflib Dataset in memory (what benchmarks and tests compare to).

Its default graph is rdflib's union of the named graphs, which yields each triple once, so
it has the same set semantics as the merged default graph of the Oxigraph store. Writes
are staged in an in-memory pyoxigraph copy and carried over when they succeed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pyoxigraph as ox
import rdflib
import rdflib.plugins.sparql
from pyparsing import ParseException

from graphkit.errors import BadRequest
from graphkit.model import Term
from graphkit.sparql_grammar import GRAMMAR_LOCK
from graphkit.store.base import Dataset, RawResult, query_error
from graphkit.store.labels import ALL_TEXTS, LabelIndex, texts_of
from graphkit.store.terms import from_rdflib, ox_to_rdflib, to_rdflib
from graphkit.store.writer import OxWriter, staged_write

# rdflib would fetch a FROM graph it does not hold from the web; graphkit never fetches.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class RDFLibStore:
    """An in-memory rdflib Dataset behind the same interface (the benchmark anchor)."""

    local = True

    def __init__(self) -> None:
        self.location = ":rdflib-memory:"
        self.read_only = False
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
            with GRAMMAR_LOCK:
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
        with staged_write(self.dump_nquads(), location=self.location, apply=self._apply) as writer:
            yield writer

    @contextmanager
    def scratch(self) -> Iterator[OxWriter]:
        with staged_write(self.dump_nquads(), location=self.location, apply=OxWriter.release) as writer:
            yield writer

    def _apply(self, writer: OxWriter) -> None:
        store = writer.release()
        for name in sorted(writer.touched):
            self._dataset.remove_graph(rdflib.URIRef(name))
            target = self._dataset.graph(rdflib.URIRef(name))
            for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
                target.add(
                    (ox_to_rdflib(quad.subject), ox_to_rdflib(quad.predicate), ox_to_rdflib(quad.object))
                )
        if writer.touched:
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
