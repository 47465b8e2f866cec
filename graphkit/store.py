"""The one store interface (`GraphStore`) and its backends.

`OxigraphStore` (pyoxigraph, on disk) is the default; `RDFLibStore` (an rdflib Dataset in
memory) is the reference the benchmarks compare against and the tests run beside it. Every
query sees the union of the named graphs as its default graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
import rdflib
import rdflib.plugins.sparql
from pyparsing import ParseException

from graphkit.config import Backend, Settings
from graphkit.errors import BadRequest, QueryError, StoreError
from graphkit.model import QueryKind, Term, TermKind
from graphkit.sparql_grammar import GRAMMAR_LOCK

SolutionRows = Iterator[dict[str, Term]]
TripleRows = Iterator[tuple[Term, Term, Term]]


@dataclass(slots=True)
class RawResult:
    """A query's uncapped, lazily read result, in backend-neutral terms."""

    kind: QueryKind
    variables: list[str]
    rows: SolutionRows | None = None
    triples: TripleRows | None = None
    boolean: bool | None = None


class GraphStore(Protocol):
    """What the CLI, the API and the analytics need from a store."""

    location: str
    read_only: bool

    def query(
        self, sparql: str, *, bindings: Mapping[str, Term] | None = None, union: bool = True
    ) -> RawResult:
        """Run a SPARQL query.

        Args:
            sparql: the query.
            bindings: values for variables the query selects.
            union: the default graph is the union of the named graphs; pass False for a
                query that picks its own dataset with FROM / FROM NAMED.
        """
        ...

    def replace_graphs(self, graphs: Mapping[str, rdflib.Graph]) -> None:
        """Replace each named graph with the given triples, all or nothing."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (already checked by the guard) as one transaction."""
        ...

    def graph_names(self) -> list[str]:
        """Return the names of the non-empty named graphs, sorted."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Return the number of quads in `graph`, or in the whole store."""
        ...

    def dump_nquads(self, graphs: list[str] | None = None) -> bytes:
        """Return the named graphs (all by default) as N-Quads."""
        ...

    def close(self) -> None:
        """Release the store (and its lock)."""
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


def replace_graphs_update(graphs: Mapping[str, rdflib.Graph]) -> str:
    """Return one SPARQL Update that replaces each named graph with the given triples.

    One INSERT DATA holds every graph, so a blank node that several graphs of one TriG
    file share stays one blank node.
    """
    drops = [f"DROP SILENT GRAPH {Term.iri(name).to_ntriples()}" for name in graphs]
    blocks = []
    for name, graph in graphs.items():
        body = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        blocks.append(f"GRAPH {Term.iri(name).to_ntriples()} {{\n{body}\n}}")
    return " ;\n".join([*drops, "INSERT DATA {\n" + "\n".join(blocks) + "\n}"])


# --- oxigraph ----------------------------------------------------------------------------


def _from_ox(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return Term(TermKind.URI, term.value)
    if isinstance(term, ox.BlankNode):
        return Term(TermKind.BNODE, term.value)
    if isinstance(term, ox.Literal):
        return Term.literal(term.value, datatype=term.datatype.value, lang=term.language)
    return Term(TermKind.TRIPLE, str(term))


def _to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if term.kind is TermKind.URI:
        return ox.NamedNode(term.value)
    if term.kind is TermKind.BNODE:
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


class OxigraphStore:
    """A pyoxigraph store on disk (or in memory when `path` is None)."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.location = str(path) if path else ":memory:"
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not path.is_dir():
                    raise StoreError(
                        f"No store at {path}: run `graphkit load` first "
                        "(or choose another with --store / GRAPHKIT_STORE).",
                        store=str(path),
                    )
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            raise StoreError(
                f"Cannot open the store at {path} for writing: {error}. Another graphkit "
                "process (a server or a load) may hold it; stop it or use another --store.",
                store=str(path),
            ) from error

    def query(
        self, sparql: str, *, bindings: Mapping[str, Term] | None = None, union: bool = True
    ) -> RawResult:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): _to_ox(v) for k, v in (bindings or {}).items()
        }
        try:
            result = self._store.query(
                sparql, use_default_graph_as_union=union, substitutions=substitutions or None
            )
        except SyntaxError as error:
            raise query_error(str(error)) from error
        except RuntimeError as error:
            # SEP-0007 substitution only replaces variables the query selects.
            if "does not contain" in str(error):
                raise BadRequest(
                    f"Cannot bind that variable: {error}. Select the variable you bind (or use SELECT *).",
                    parameter="bindings",
                ) from error
            raise QueryError(f"The query failed: {error}") from error
        except OSError as error:
            # pyoxigraph raises OSError for I/O, including a SERVICE call it could not make.
            raise StoreError(f"The query failed in the store at {self.location}: {error}") from error
        if isinstance(result, ox.QueryBoolean):
            return RawResult("ask", [], boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return RawResult("select", names, rows=self._rows(result, names))
        return RawResult("graph", ["subject", "predicate", "object"], triples=self._triples(result))

    def _rows(self, solutions: ox.QuerySolutions, names: list[str]) -> SolutionRows:
        with self._translated():
            for solution in solutions:
                row = {}
                for name in names:
                    value = solution[name]
                    if value is not None:
                        row[name] = _from_ox(value)
                yield row

    def _triples(self, triples: ox.QueryTriples) -> TripleRows:
        with self._translated():
            for t in triples:
                yield _from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Turn pyoxigraph's errors while results are read into graphkit's."""
        try:
            yield
        except RuntimeError as error:
            raise QueryError(f"The query failed: {error}") from error
        except OSError as error:
            raise StoreError(f"The query failed in the store at {self.location}: {error}") from error

    def replace_graphs(self, graphs: Mapping[str, rdflib.Graph]) -> None:
        if self.read_only:
            raise StoreError(f"The store at {self.location} is open read-only.")
        if not graphs:
            return
        try:
            # One update request is one transaction: all graphs change, or none.
            self._store.update(replace_graphs_update(graphs))
        except (SyntaxError, OSError, RuntimeError) as error:
            raise StoreError(f"Writing to the store at {self.location} failed: {error}") from error

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"The store at {self.location} is open read-only.")
        try:
            self._store.update(sparql)
        except SyntaxError as error:
            raise query_error(str(error)) from error
        except RuntimeError as error:
            # e.g. CLEAR GRAPH of a graph that does not exist, CREATE GRAPH twice
            raise QueryError(f"The update failed: {error}") from error
        except OSError as error:
            raise StoreError(f"Writing to the store at {self.location} failed: {error}") from error

    def graph_names(self) -> list[str]:
        names = [g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]
        return sorted(n for n in names if self.count(n))

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def dump_nquads(self, graphs: list[str] | None = None) -> bytes:
        if graphs is None:
            return bytes(self._store.dump(format=ox.RdfFormat.N_QUADS) or b"")
        parts = []
        for name in graphs:
            quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(name))
            parts.append(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
        return b"".join(parts)

    def close(self) -> None:
        # Idempotent: releasing the store (and its lock) twice is not an error.
        self.__dict__.pop("_store", None)


# --- rdflib (the reference) ----------------------------------------------------------------


def _from_rdflib(term: rdflib.term.Node) -> Term:
    if isinstance(term, rdflib.URIRef):
        return Term(TermKind.URI, str(term))
    if isinstance(term, rdflib.BNode):
        return Term(TermKind.BNODE, str(term))
    if isinstance(term, rdflib.Literal):
        datatype = str(term.datatype) if term.datatype else None
        return Term.literal(str(term), datatype=datatype, lang=term.language)
    return Term(TermKind.TRIPLE, str(term))


def _to_rdflib(term: Term) -> rdflib.term.Identifier:
    if term.kind is TermKind.URI:
        return rdflib.URIRef(term.value)
    if term.kind is TermKind.BNODE:
        return rdflib.BNode(term.value)
    datatype = rdflib.URIRef(term.datatype) if term.datatype else None
    return rdflib.Literal(term.value, lang=term.lang, datatype=datatype)


# rdflib would fetch a FROM graph it does not hold from the web; graphkit never fetches.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class RDFLibStore:
    """An in-memory rdflib Dataset behind the same interface (the benchmark anchor)."""

    def __init__(self) -> None:
        self.location = ":rdflib-memory:"
        self.read_only = False
        self._dataset = rdflib.Dataset(default_union=True)

    def query(
        self, sparql: str, *, bindings: Mapping[str, Term] | None = None, union: bool = True
    ) -> RawResult:
        # The Dataset's default graph is the union; a FROM clause picks graphs it holds.
        init: dict[str, rdflib.term.Identifier] = {k: _to_rdflib(v) for k, v in (bindings or {}).items()}
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
                {n: _from_rdflib(row[n]) for n in names if row[n] is not None}  # type: ignore[call-overload,index]
                for row in result
            )
            return RawResult("select", names, rows=rows)
        graph = result.graph
        assert graph is not None
        triples = ((_from_rdflib(s), _from_rdflib(p), _from_rdflib(o)) for s, p, o in graph)
        return RawResult("graph", ["subject", "predicate", "object"], triples=triples)

    def replace_graphs(self, graphs: Mapping[str, rdflib.Graph]) -> None:
        for name, graph in graphs.items():
            self._dataset.remove_graph(rdflib.URIRef(name))
            target = self._dataset.graph(rdflib.URIRef(name))
            for triple in graph:
                target.add(triple)

    def update(self, sparql: str) -> None:
        try:
            with GRAMMAR_LOCK:
                self._dataset.update(sparql)
        except ParseException as error:
            raise query_error(str(error), line=error.lineno, column=error.col) from error

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


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """Open the store the settings name.

    Args:
        settings: `store` (path) and `backend` are used.
        read_only: open without taking the write lock, so it works beside a running
            server; the store must already exist.

    Raises:
        StoreError: the store is missing (read-only), locked or unreadable.
    """
    if settings.backend is Backend.RDFLIB:
        return RDFLibStore()
    if settings.backend is Backend.REMOTE:
        from graphkit.remote import RemoteStore

        if not settings.endpoint:
            raise StoreError("The remote backend needs GRAPHKIT_ENDPOINT (the SPARQL query URL).")
        return RemoteStore(
            settings.endpoint,
            update_endpoint=settings.update_endpoint,
            token=settings.endpoint_token,
            timeout=settings.query_timeout,
            read_only=read_only,
        )
    return OxigraphStore(settings.store, read_only=read_only)
