"""Run SPARQL against a store: guarded, bound, capped and timed.

`run_query` (rows of graphkit terms) and `serialize_query` (the result written in a SPARQL
or RDF format by pyoxigraph, see `graphkit.serialize`) are the ways the CLI and the API run
a user's query. Values from users travel as bindings, never pasted into the query text.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from graphkit import bundled
from graphkit.errors import BadRequest, NotFound, QueryError, QueryTimeout
from graphkit.guard import CheckedQuery, check_query, check_query_parsed, refuse_unknown_graph
from graphkit.model import QueryKind, QueryResult, Term, is_valid_iri
from graphkit.namespaces import PREFIXES, XSD
from graphkit.results import ResultFormat
from graphkit.serialize import SerializedResult, serialize_result
from graphkit.store import GraphStore
from graphkit.store.base import Dataset, RawResult
from graphkit.store.query import NativeResult

#: What a binding may be given as: a term, or a Python value read as one (see `as_term`).
BindingValue = Term | str | bool | int | float | Decimal | date | datetime
#: A full IRI as users write one: a scheme and ``://`` (``https://…``, ``http://…``).
_FULL_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def as_term(value: BindingValue, *, name: str = "value") -> Term:
    """Return the RDF term a Python value stands for, as a query binding.

    A `Term` is kept. A string is an IRI if it is a full IRI (``https://…``) or a prefixed
    name with one of graphkit's prefixes (``id:vantaa``, ``gk:City``, see
    `graphkit.namespaces.PREFIXES`), else a plain literal; write ``Term.literal(…)`` for a
    string literal that looks like an IRI. Booleans, ints, floats, `Decimal`, dates and
    datetimes become literals typed ``xsd:boolean``, ``xsd:integer``, ``xsd:double``,
    ``xsd:decimal``, ``xsd:date`` and ``xsd:dateTime``.

    Raises:
        BadRequest: a full IRI that is not valid, or a value of another type (named as `name`).
    """
    if isinstance(value, Term):
        return value
    if isinstance(value, str):
        if _FULL_IRI.match(value):
            if not is_valid_iri(value):
                raise BadRequest(f"Binding {name}: not a valid IRI: {value!r}.", parameter=name, value=value)
            return Term.iri(value)
        prefix, colon, local = value.partition(":")
        if colon and prefix in PREFIXES:
            return as_term(PREFIXES[prefix] + local, name=name)
        return Term.literal(value)
    # bool before int (a bool is an int), datetime before date (a datetime is a date).
    if isinstance(value, bool):
        return Term.literal("true" if value else "false", datatype=XSD + "boolean")
    if isinstance(value, int):
        return Term.literal(str(value), datatype=XSD + "integer")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            text = "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
        else:
            text = repr(value)
        return Term.literal(text, datatype=XSD + "double")
    if isinstance(value, Decimal):
        return Term.literal(format(value, "f"), datatype=XSD + "decimal")
    if isinstance(value, datetime):
        return Term.literal(value.isoformat(), datatype=XSD + "dateTime")
    if isinstance(value, date):
        return Term.literal(value.isoformat(), datatype=XSD + "date")
    raise BadRequest(
        f"Binding {name}: cannot use a {type(value).__name__} as an RDF term "
        "(give a Term, a str, a number, a bool or a date).",
        parameter=name,
    )


def as_bindings(bindings: Mapping[str, BindingValue] | None) -> dict[str, Term] | None:
    """Return `bindings` with each value read by `as_term` (a leading ``?`` or ``$`` dropped)."""
    if bindings is None:
        return None
    return {name.lstrip("?$"): as_term(value, name=name) for name, value in bindings.items()}


def _size(item: dict[str, Term] | tuple[Term, ...]) -> int:
    """Roughly how many bytes a row (or triple) takes once serialised."""
    terms = item.values() if isinstance(item, dict) else item
    return sum(len(term.value) + 16 for term in terms)


def run_query(
    store: GraphStore,
    sparql: str,
    *,
    bindings: Mapping[str, BindingValue] | None = None,
    max_rows: int = 10_000,
    max_bytes: int | None = None,
    timeout: float = 30.0,
    dataset: Dataset | None = None,
) -> QueryResult:
    """Run one SPARQL query and return at most `max_rows` rows (or triples).

    Args:
        store: the store to query (its default graph is the union of the named graphs).
        sparql: SELECT, ASK, CONSTRUCT or DESCRIBE.
        bindings: values for variables of the query (SEP-0007 substitution): terms, or
            strings and other Python values read by `as_term` (``{"h": "id:vantaa"}``).
        max_rows: rows beyond this are not read; the result says `truncated`.
        max_bytes: stop reading once the terms read add up to this many bytes (roughly
            the size of the serialised result); the result says `truncated`.
        timeout: seconds the results may take to read (checked between rows).
        dataset: graphs chosen by protocol parameters (override the query's FROM).

    Raises:
        QueryError: the query does not parse, or is refused by `check_query`, or its
            dataset names a graph the store does not hold.
        QueryTimeout: reading the results took longer than `timeout`.
    """
    checked = _guard(store, sparql)
    started = time.monotonic()
    raw = _run(store, sparql, checked, bindings=as_bindings(bindings), dataset=dataset)
    try:
        return _read_rows(raw, max_rows=max_rows, max_bytes=max_bytes, timeout=timeout, started=started)
    finally:
        if isinstance(raw, NativeResult):
            raw.release()  # also when reading failed: see NativeResult.release


def _read_rows(
    raw: RawResult, *, max_rows: int, max_bytes: int | None, timeout: float, started: float
) -> QueryResult:
    deadline = started + timeout
    result = QueryResult(kind=raw.kind, variables=raw.variables, boolean=raw.boolean)
    source = raw.rows if raw.rows is not None else raw.triples
    if source is not None:
        taken: list[Any] = []
        size = 0
        for item in islice(source, max_rows + 1):
            if time.monotonic() > deadline:
                raise QueryTimeout(
                    f"The query ran longer than {timeout:g} s; raise GRAPHKIT_QUERY_TIMEOUT "
                    "(--timeout) or narrow the query.",
                    setting="GRAPHKIT_QUERY_TIMEOUT",
                    limit=timeout,
                )
            if max_bytes is not None:
                size += _size(item)  # type: ignore[arg-type]
                if size > max_bytes:
                    result.truncated = True
                    break
            taken.append(item)
        result.truncated = result.truncated or len(taken) > max_rows
        del taken[max_rows:]
        if raw.rows is not None:
            result.rows = taken
        else:
            result.triples = taken
    result.elapsed = time.monotonic() - started
    return result


def serialize_query(
    store: GraphStore,
    sparql: str,
    *,
    formats: Mapping[QueryKind, ResultFormat],
    bindings: Mapping[str, BindingValue] | None = None,
    max_rows: int = 10_000,
    max_bytes: int | None = None,
    timeout: float = 30.0,
    dataset: Dataset | None = None,
) -> SerializedResult:
    """Run one SPARQL query and return its result written in the format for its kind.

    The same guard, caps and time limit as `run_query`, without a Python object per row
    on the Oxigraph store: pyoxigraph reads and writes the result (see `graphkit.serialize`).

    Args:
        formats: the format for each kind of result ("select", "ask", "graph"); for a kind
            left out the result is not read, and comes back with ``format=None``.

    Raises:
        QueryError, BadRequest, QueryTimeout: as `run_query`.
    """
    checked = _guard(store, sparql)
    started = time.monotonic()
    raw = _run(store, sparql, checked, bindings=as_bindings(bindings), dataset=dataset)
    return serialize_result(
        raw, formats, max_rows=max_rows, max_bytes=max_bytes, timeout=timeout, started=started
    )


def _guard(store: GraphStore, sparql: str) -> CheckedQuery:
    """Check `sparql`; parse it up front unless the store's own parser may decide (see guard)."""
    checked = check_query(sparql)
    if not checked.parsed and not store.local:
        # A remote endpoint's query URL might run an update: it only gets parsed queries.
        checked = check_query_parsed(sparql)
    return checked


def _run(
    store: GraphStore,
    sparql: str,
    checked: CheckedQuery,
    *,
    bindings: Mapping[str, Term] | None,
    dataset: Dataset | None,
) -> RawResult:
    _check_graphs_exist(store, checked.text, checked.dataset, dataset)
    try:
        return store.query(
            checked.text,
            bindings=bindings,
            union=not checked.has_dataset and dataset is None,
            dataset=dataset,
        )
    except QueryError:
        if not checked.parsed:
            # A screened text the store rejects: say what a parse up front would have said
            # (rdflib's syntax error, an update refused); if rdflib reads it, the store's error stands.
            check_query_parsed(sparql)
        raise


def _check_graphs_exist(
    store: GraphStore, sparql: str, named_in_query: tuple[str, ...], dataset: Dataset | None
) -> None:
    """Refuse a dataset (FROM clauses or protocol parameters) naming a graph the store lacks."""
    if not named_in_query and dataset is None:
        return
    held = set(store.graph_names())
    if dataset is not None:
        for parameter, graphs in (("default-graph-uri", dataset.default), ("named-graph-uri", dataset.named)):
            for iri in graphs:
                if iri not in held:
                    raise refuse_unknown_graph(sparql, iri, parameter=parameter)
        return
    for iri in named_in_query:
        if iri not in held:
            raise refuse_unknown_graph(sparql, iri)


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


#: A translated question in a query's header: ``# de: Welche …?``.
_TRANSLATED_QUESTION = re.compile(r"#\s*([a-z]{2}):\s*(.*)")


def read_questions(text: str) -> dict[str, str]:
    """Return the question a query's leading comment asks, by language.

    The first line is the question in English; the comment lines after it may give it in
    other languages, one a line (``# de: Welche …?``).
    """
    lines = text.splitlines()
    if not lines:
        return {}
    questions = {"en": lines[0].lstrip("# ").strip()}
    for line in lines[1:]:
        if not line.startswith("#"):
            break
        translated = _TRANSLATED_QUESTION.fullmatch(line.strip())
        if translated:
            questions.setdefault(translated[1], translated[2].strip())
    return questions


def list_named_queries(*, lang: str = "en") -> dict[str, str]:
    """Return the bundled named queries: name → the question it answers (leading comment).

    The question is in `lang` where the query's header gives it (``# de: …``), else in English.
    """
    found = {}
    for path in sorted(bundled.queries_dir().glob("*.rq")):
        questions = read_questions(path.read_text(encoding="utf-8"))
        found[path.stem] = questions.get(lang) or questions.get("en", "")
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
    "BindingValue",
    "QueryError",
    "as_bindings",
    "as_term",
    "check_query",
    "internal_query",
    "list_named_queries",
    "read_query_file",
    "read_questions",
    "run_internal",
    "run_query",
    "serialize_query",
]
