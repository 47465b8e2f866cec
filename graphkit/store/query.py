"""Running a SPARQL query on a pyoxigraph store, with graphkit's errors and terms."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox

from graphkit.errors import BadRequest, QueryError, StoreError
from graphkit.model import Term
from graphkit.store.base import Dataset, RawResult, SolutionRows, TripleRows, query_error
from graphkit.store.terms import from_ox, to_ox

NativeAnswer = ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean


@dataclass(slots=True)
class NativeResult(RawResult):
    """A `RawResult` that also holds pyoxigraph's own, not yet read, result.

    Read it either as graphkit terms (`rows` / `triples`) or, without a Python object per
    row, with pyoxigraph's serialisers (`native`, see `graphkit.serialize`); not both.
    """

    native: NativeAnswer | None = None
    location: str = ""
    #: What must stay alive until the result is read (the store version's lock).
    keepalive: object = None

    def release(self) -> None:
        """Let go of pyoxigraph's result (and of the store version it reads) here and now.

        pyoxigraph's results may only be dropped by the thread that made them; one left to
        an exception's traceback, or to a cycle, is dropped wherever that ends up (and leaks).
        """
        for rows in (self.rows, self.triples):
            close = getattr(rows, "close", None)
            if close is not None:
                close()  # a generator over pyoxigraph's result: its frame lets go too
        self.native = self.keepalive = self.rows = self.triples = None


def run_ox_query(
    store: ox.Store,
    sparql: str,
    *,
    bindings: Mapping[str, Term] | None = None,
    union_bag: bool = False,
    dataset: Dataset | None = None,
    location: str,
    keepalive: object = None,
) -> RawResult:
    """Run `sparql` on `store`; its default graph is the store's own (graphkit's merged one).

    Args:
        union_bag: use Oxigraph's union of the named graphs as the default graph instead
            (a bag: for stores written before graphkit kept a merged default graph).
        keepalive: an object the lazily read result holds on to until it is consumed
            (e.g. the lock that keeps the store's version from being removed).
    """
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()
    }
    chosen: dict[str, object] = {}
    if dataset is not None:
        chosen["default_graph"] = [ox.NamedNode(g) for g in dataset.default]
        chosen["named_graphs"] = [ox.NamedNode(g) for g in dataset.named]
    try:
        result = store.query(
            sparql,
            use_default_graph_as_union=union_bag and dataset is None,
            substitutions=substitutions or None,
            **chosen,  # type: ignore[arg-type]
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
        raise StoreError(f"The query failed in the store at {location}: {error}") from error
    if isinstance(result, ox.QueryBoolean):
        raw = NativeResult("ask", [], boolean=bool(result))
    elif isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        raw = NativeResult("select", names, rows=_rows(result, names, location, keepalive))
    else:
        raw = NativeResult("graph", ["subject", "predicate", "object"])
        raw.triples = _triples(result, location, keepalive)
    raw.native, raw.location, raw.keepalive = result, location, keepalive
    return raw


def _rows(solutions: ox.QuerySolutions, names: list[str], location: str, keepalive: object) -> SolutionRows:
    with translated(location):
        for solution in solutions:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            yield row
    del keepalive


def _triples(triples: ox.QueryTriples, location: str, keepalive: object) -> TripleRows:
    with translated(location):
        for t in triples:
            yield from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)
    del keepalive


@contextmanager
def translated(location: str) -> Iterator[None]:
    """Turn pyoxigraph's errors while results are read into graphkit's."""
    try:
        yield
    except RuntimeError as error:
        raise QueryError(f"The query failed: {error}") from error
    except OSError as error:
        raise StoreError(f"The query failed in the store at {location}: {error}") from error
