"""Run SPARQL against a store: guarded, bound, capped and timed.

`run_query` is the one way the CLI and the API query. Values from users travel as
bindings, never pasted into the query text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from graphkit import bundled
from graphkit.errors import NotFound, QueryError, QueryLimitExceeded
from graphkit.model import QueryResult, Term
from graphkit.store import GraphStore

# Strings, IRIs and comments are removed before looking for forbidden keywords, so a
# literal "SERVICE" or a variable ?service does not trip the guard.
_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_FORBIDDEN = re.compile(
    r"(?<![?$:\w-])(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD)(?![\w:-])",
    re.IGNORECASE,
)


def check_query(sparql: str) -> None:
    """Refuse what a read-only, offline query service must not run.

    Raises:
        QueryError: the text holds SERVICE (a federated call to another endpoint) or an
            update operation (LOAD, INSERT, DELETE, DROP…).
    """
    bare = _STRINGS_IRIS_COMMENTS.sub(" ", sparql)
    found = _FORBIDDEN.search(bare)
    if found:
        keyword = found.group(1).upper()
        line = bare.count("\n", 0, found.start()) + 1
        column = found.start() - (bare.rfind("\n", 0, found.start()) + 1) + 1
        reason = (
            "federated queries (SERVICE) are not allowed: graphkit never calls other endpoints"
            if keyword == "SERVICE"
            else f"{keyword} is an update; queries here are read-only (use `graphkit load`)"
        )
        raise QueryError(
            f"Query refused at line {line}, column {column}: {reason}.",
            line=line,
            column=column,
            keyword=keyword,
        )


def run_query(
    store: GraphStore,
    sparql: str,
    *,
    bindings: Mapping[str, Term] | None = None,
    max_rows: int = 10_000,
    timeout: float = 30.0,
) -> QueryResult:
    """Run one SPARQL query and return at most `max_rows` rows (or triples).

    Args:
        store: the store to query (its default graph is the union of the named graphs).
        sparql: SELECT, ASK, CONSTRUCT or DESCRIBE.
        bindings: values for variables of the query (SEP-0007 substitution).
        max_rows: rows beyond this are not read; the result says `truncated`.
        timeout: seconds the results may take to read (checked between rows).

    Raises:
        QueryError: the query does not parse, or is refused by `check_query`.
        QueryLimitExceeded: reading the results took longer than `timeout`.
    """
    check_query(sparql)
    started = time.monotonic()
    deadline = started + timeout
    raw = store.query(sparql, bindings=bindings)
    result = QueryResult(kind=raw.kind, variables=raw.variables, boolean=raw.boolean)
    source = raw.rows if raw.rows is not None else raw.triples
    if source is not None:
        taken: list[Any] = []
        for item in islice(source, max_rows + 1):
            if time.monotonic() > deadline:
                raise QueryLimitExceeded(
                    f"The query ran longer than {timeout:g} s; raise GRAPHKIT_QUERY_TIMEOUT "
                    "(--timeout) or narrow the query.",
                    setting="GRAPHKIT_QUERY_TIMEOUT",
                    limit=timeout,
                )
            taken.append(item)
        result.truncated = len(taken) > max_rows
        del taken[max_rows:]
        if raw.rows is not None:
            result.rows = taken
        else:
            result.triples = taken
    result.elapsed = time.monotonic() - started
    return result


@cache
def internal_query(name: str) -> str:
    """Return the text of one of graphkit's own queries (``queries/internal/<name>.rq``)."""
    return (bundled.queries_dir() / "internal" / f"{name}.rq").read_text(encoding="utf-8")


def run_internal(
    store: GraphStore, name: str, *, bindings: Mapping[str, Term] | None = None
) -> Iterator[dict[str, Term]]:
    """Run one of graphkit's own SELECT queries and yield its rows, uncapped.

    Only for the fixed queries in ``queries/internal``: they are not user input, so they
    skip the guard; values still travel as bindings.
    """
    raw = store.query(internal_query(name), bindings=bindings)
    if raw.rows is None:
        raise QueryError(f"Internal query {name} is not a SELECT query.")
    yield from raw.rows


def list_named_queries() -> dict[str, str]:
    """Return the bundled named queries: name → the question it answers (first comment)."""
    found = {}
    for path in sorted(bundled.queries_dir().glob("*.rq")):
        first = path.read_text(encoding="utf-8").splitlines()[0] if path.stat().st_size else ""
        found[path.stem] = first.lstrip("# ").strip()
    return found


def read_query_file(name_or_path: str) -> str:
    """Return the text of a query file, or of a bundled named query.

    A path to an existing file wins; otherwise `name_or_path` (with or without `.rq`) is
    looked up among the bundled queries.

    Raises:
        NotFound: neither a file nor a bundled query has that name.
    """
    path = Path(name_or_path)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    named = bundled.queries_dir() / (path.stem + ".rq")
    if path.parent == Path(".") and named.is_file():
        return named.read_text(encoding="utf-8")
    known = ", ".join(list_named_queries())
    raise NotFound(
        f"No query file {name_or_path!r} and no bundled query of that name (known: {known}).",
        parameter="file",
        value=name_or_path,
    )


__all__ = [
    "QueryError",
    "check_query",
    "internal_query",
    "list_named_queries",
    "read_query_file",
    "run_internal",
    "run_query",
]
