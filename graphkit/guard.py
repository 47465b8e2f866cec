"""What a query may do: decided on the parsed query, or on a text that cannot say it.

pyoxigraph follows ``SERVICE`` and ``LOAD`` to any URL and rdflib fetches ``FROM`` graphs
it does not hold, and neither can be told not to. So a query that could use any of them is
parsed first (with rdflib's SPARQL 1.1 parser, which expands ``\\u`` escapes and resolves
prefixed names the way the standard says) and its syntax tree is searched for federation,
loading and datasets outside the store. The text is only used afterwards, to point at the
line and column of the offending keyword. Before either, the text's nesting is measured
(`graphkit.query_limits`): no parser recurses into a text nested deeper than the limit.

Most queries cannot use them at all, and parsing costs far more than running them (rdflib's
pyparsing grammar takes 5-30 ms a query). SERVICE, LOAD and FROM are keywords, which both
parsers match letter by letter (in any case) after ``\\u`` escapes are expanded. A text is
*screened* (`screen_query`) when it starts like a query — a prologue of white space,
comments, BASE and PREFIX declarations, then SELECT, CONSTRUCT, DESCRIBE or ASK — and none
of the three words occurs anywhere after that prologue, not even inside a string, an IRI, a
name or a comment: then no parser can read one there, however it tokenises the text, and
the prologue cannot hold one. A screened text (`CheckedQuery.parsed` is False) goes to the
store's own parser, which runs it as a query or rejects it; a rejected text is then parsed
here after all (`check_query_parsed`), so that syntax errors, updates sent as queries and
empty requests get the same answers as before. Only a store whose query parser cannot run an
update may take a screened text (pyoxigraph, rdflib); a remote endpoint might, so
`graphkit.query` parses for it first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, Any, Literal

from graphkit.errors import QueryError, QueryRefused
from graphkit.query_limits import check_nesting

if TYPE_CHECKING:
    from pyparsing import ParseException

from graphkit.sparql_grammar import (
    GRAMMAR_LOCK,
    expand_unicode_escapes,
    parse_query,
    parse_update,
    translate_query,
)

Operation = Literal["query", "update"]

# Strings, IRIs and comments are blanked before looking for a keyword's position, so a
# literal "SERVICE" or an IRI ending in /LOAD is not taken for it.
_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
_UPDATE_KEYWORDS = "LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD|WITH"
# The prologue (white space, comments, BASE and PREFIX with their IRIs), each piece matched
# as the grammar reads it or more strictly, then a query form: no update starts like this,
# and none of it can hold a SERVICE, LOAD or FROM.
_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_QUERY_FORM = re.compile(
    rf"(?:[ \t\n]|#[^\n]*(?:\n|\Z)|BASE[ \t\n]*{_IRI}|PREFIX[ \t\n]*[\w.-]*:[ \t\n]*{_IRI})*"
    "(?:SELECT|CONSTRUCT|DESCRIBE|ASK)",
    re.IGNORECASE,
)
# Anywhere after that, in any case: more than the parsers' case folding finds (re also folds
# the long s, the dotless i and the Kelvin sign), never less.
_MAY_REACH_OUT = re.compile("service|load|from", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CheckedQuery:
    """A query that passed the guard.

    Attributes:
        operation: "query" or "update".
        text: the normalised text the guard parsed; run exactly this text, never the
            original, so the guard and the store cannot read the query differently.
    """

    operation: Operation
    text: str
    has_dataset: bool = False
    #: Graphs a query's FROM / FROM NAMED clauses name (each must be in the store).
    dataset: tuple[str, ...] = ()
    #: Named graphs an update may change (None: any, e.g. ``GRAPH ?g`` in a template).
    graphs: frozenset[str] | None = None
    #: False for a screened query: no SERVICE, LOAD or FROM can be in its text, which was not
    #: parsed here; if the store's parser rejects it, `check_query_parsed` says why.
    parsed: bool = True


def normalise(sparql: str) -> str:
    r"""Return the query text as both parsers must see it.

    Line ends become ``\n`` (a lone CR ends a comment for SPARQL and pyoxigraph, not for
    rdflib's parser), and ``\uXXXX``/``\UXXXXXXXX`` escapes are expanded first, as
    SPARQL 1.1 (section 19.2) says, even inside strings (pyoxigraph would otherwise read
    an escaped quote differently from rdflib).

    Raises:
        QueryError: an escape names no valid code point.
    """
    text = sparql.replace("\r\n", "\n").replace("\r", "\n")
    try:
        text = expand_unicode_escapes(text)
        text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as error:
        raise QueryError(f"SPARQL syntax error: invalid \\u escape ({error}).") from None
    # An escape that spells another escape (\u005Cu0022) would be expanded again by
    # rdflib's parser but not by pyoxigraph: the two would read different queries.
    if _ESCAPE.search(text):
        raise QueryError("SPARQL syntax error: a \\u escape expands to another \\u escape.")
    return text


def _names(node: Any) -> list[Any]:
    """Return every syntax-tree node (rdflib's CompValue) under `node`, depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue

    found: list[Any] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or hasattr(item, "asList"):
            stack.extend(item)
    return found


def _position(sparql: str, keyword: str) -> tuple[int | None, int | None]:
    """Return (line, column) of the first `keyword` outside strings, IRIs and comments."""
    bare = _STRINGS_IRIS_COMMENTS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), sparql)
    found = re.search(rf"(?<![?$:\w-])({keyword})(?![\w:-])", bare, re.IGNORECASE)
    if not found:
        return None, None
    line = bare.count("\n", 0, found.start()) + 1
    column = found.start() - (bare.rfind("\n", 0, found.start()) + 1) + 1
    return line, column


def _refuse(sparql: str, keyword: str, reason: str) -> QueryRefused:
    line, column = _position(sparql, keyword)
    if line is None:
        line, column = _position(expand_unicode_escapes(sparql), keyword)
    where = f" at line {line}, column {column}" if line is not None else ""
    return QueryRefused(
        f"Query refused{where}: {reason}.", line=line, column=column, keyword=keyword.split("|")[0]
    )


def _syntax_error(error: ParseException) -> QueryError:  # pyparsing's, imported where parsed
    return QueryError(
        f"SPARQL syntax error (line {error.lineno}, column {error.col}): {error.msg}",
        line=error.lineno,
        column=error.col,
    )


def _check_dataset(sparql: str, parsed: Any) -> tuple[str, ...]:
    """Return the graphs FROM / FROM NAMED name (the caller checks they are in the store)."""
    if not any(n.name == "DatasetClause" for n in _names(parsed)):
        return ()
    clauses = translate_query(parsed).algebra.get("datasetClause") or []
    # CompValue.get() answers a missing key with the key's name: test membership.
    return tuple(str(clause["default"] if "default" in clause else clause["named"]) for clause in clauses)


def refuse_unknown_graph(sparql: str, iri: str, *, parameter: str | None = None) -> QueryRefused:
    """Return the refusal for a dataset that names a graph the store does not hold."""
    reason = (
        f"<{iri}> names a graph outside this store; only its own graphs can be chosen "
        "(see `graphkit graphs`), and nothing is ever fetched"
    )
    if parameter:
        return QueryRefused(f"Query refused: {parameter} {reason}.", parameter=parameter, value=iri)
    return _refuse(sparql, "FROM", f"FROM {reason}")


_DEFAULT_GRAPH_WRITE = (
    "the default graph is the merge of the named graphs, kept by graphkit; name the graph to "
    "change (INSERT DATA {{ GRAPH <…> {{ … }} }}, WITH <…> …, DROP GRAPH <…>){detail}"
)


def _update_graphs(sparql: str, parsed: Any) -> frozenset[str] | None:
    """Return the named graphs an update may change (None: any); refuse writes to the default graph."""
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.term import URIRef

    with GRAMMAR_LOCK:
        try:
            operations = translateUpdate(parsed).algebra
        except RecursionError:
            raise QueryError("The update is nested too deeply for the SPARQL parser; flatten it.") from None
    graphs: set[str] = set()
    anything = False

    def refuse(keyword: str, detail: str = "") -> QueryRefused:
        return _refuse(sparql, keyword, _DEFAULT_GRAPH_WRITE.format(detail=detail))

    def template(clause: Any, keyword: str, with_graph: Any = None) -> None:
        nonlocal anything
        if clause is None:
            return
        if clause.get("triples") and not isinstance(with_graph, URIRef):
            raise refuse(keyword)
        if clause.get("triples"):
            graphs.add(str(with_graph))
        for name in clause.get("quads") or {}:
            if isinstance(name, URIRef):
                graphs.add(str(name))
            else:
                anything = True

    for op in operations:
        if op.name in ("InsertData", "DeleteData", "DeleteWhere"):
            template(op, _UPDATE_KEYWORDS)
        elif op.name == "Modify":
            # CompValue.get() answers a missing key with the key's name: test membership.
            with_graph = op["withClause"] if "withClause" in op else None  # noqa: SIM401
            template(op["delete"] if "delete" in op else None, "DELETE", with_graph)  # noqa: SIM401
            template(op["insert"] if "insert" in op else None, "INSERT", with_graph)  # noqa: SIM401
        elif op.name in ("Clear", "Drop", "Create"):
            target = op["graphiri"]
            if target == "DEFAULT":
                raise refuse(op.name.upper(), " (CLEAR/DROP DEFAULT would empty it)")
            if isinstance(target, URIRef):
                graphs.add(str(target))
            else:
                anything = True
        elif op.name in ("Add", "Move", "Copy"):
            source, target = op["graph"]
            if target == "DEFAULT" or (op.name == "Move" and source == "DEFAULT"):
                raise refuse(op.name.upper())
            graphs.add(str(target))
            if op.name == "Move":
                graphs.add(str(source))
        else:
            anything = True
    return None if anything else frozenset(graphs)


def _check_tree(sparql: str, parsed: Any) -> None:
    for node in _names(parsed):
        if node.name == "ServiceGraphPattern":
            raise _refuse(
                sparql,
                "SERVICE",
                "federated queries (SERVICE) are not allowed: graphkit never calls other endpoints",
            )
        if node.name == "Load":
            raise _refuse(
                sparql, "LOAD", "LOAD is not allowed: graphkit never fetches data from a URL or file"
            )


#: Only texts up to this many characters are remembered: the caches hold at most a few MB.
CACHED_CHARS = 2048

_Check = Callable[..., "CheckedQuery"]


def _cache_short_texts(maxsize: int) -> Callable[[_Check], _Check]:
    """Remember the answers for short texts only (a long one is checked again; that is linear).

    A cache of whole texts, however long, let ten distinct 10 MB queries hold 120 MB.
    """

    def decorate(check: _Check) -> _Check:
        cached = lru_cache(maxsize=maxsize)(check)

        @wraps(check)
        def remembered(sparql: str, *, allow_update: bool = False) -> CheckedQuery:
            if len(sparql) > CACHED_CHARS:
                return check(sparql, allow_update=allow_update)
            return cached(sparql, allow_update=allow_update)

        return remembered

    return decorate


@_cache_short_texts(maxsize=1024)
def check_query(sparql: str, *, allow_update: bool = False) -> CheckedQuery:
    """Refuse what a read-only, offline service must not run; parse only where that needs it.

    A query whose text cannot hold SERVICE, LOAD or FROM, and starts (after its prologue) as
    a query does, is screened, not parsed (see the module's doc): it comes back with
    ``parsed=False``, and the store's parser decides whether it is valid. Every other text
    is parsed and checked by `check_query_parsed`.

    Args:
        sparql: a SPARQL 1.1 query (or update, if `allow_update`).
        allow_update: accept SPARQL Update (still never LOAD or SERVICE).

    Raises:
        QueryError: the text is empty, or is not SPARQL 1.1 (with line and column), or
            nests deeper than `graphkit.query_limits.MAX_DEPTH`.
        QueryRefused: it is an update (unless allowed) or an update that writes the
            default graph, or uses SERVICE or LOAD, or names a graph with FROM.
    """
    screened = screen_data_update(sparql) if allow_update else screen_query(sparql)
    return screened or check_query_parsed(sparql, allow_update=allow_update)


def screen_query(sparql: str) -> CheckedQuery | None:
    """Return `sparql` screened (``parsed=False``), or None when it must be parsed (`check_query`).

    Cheap (no parse; linear in the text, microseconds for a short one): a caller that must
    not block may try this first.

    Raises:
        QueryError: a ``\\u`` escape is invalid or spells another escape (see `normalise`),
            or the text nests deeper than `graphkit.query_limits.MAX_DEPTH`.
    """
    text = normalise(sparql)
    check_nesting(text)
    form = _QUERY_FORM.match(text)
    if form is None or _MAY_REACH_OUT.search(text, form.end()):
        return None
    return CheckedQuery("query", text, parsed=False)


# A data-only update as the remote backend writes it (`graphkit.store.writer.graphs_update`):
# DROP SILENT GRAPH <g> operations, then one INSERT DATA whose every triple is in a GRAPH <g>
# block; matched on the text with strings, IRIs and comments blanked out (`_skeleton`).
_DATA_UPDATE = re.compile(
    r"\s*(?:DROP\s+(?:SILENT\s+)?GRAPH\s+<_*>\s*;\s*)*"
    r"(?:(?:DROP\s+(?:SILENT\s+)?GRAPH\s+<_*>)|"
    r"(?:INSERT\s+DATA\s*\{\s*(?:GRAPH\s+<_*>\s*\{[^{}]*\}\s*)*\}))\s*",
    re.IGNORECASE,
)
_GRAPH_IRI = re.compile(r"GRAPH\s+(<_*>)", re.IGNORECASE)


def _skeleton(text: str) -> str:
    """Return the text with every string, IRI and comment blanked (same length; IRIs as <___>)."""

    def blank(found: re.Match[str]) -> str:
        token = found[0]
        if token.startswith("#"):
            return " " * len(token)
        if token.startswith("<"):
            return "<" + "_" * (len(token) - 2) + ">"
        return "_" * len(token)

    return _STRINGS_IRIS_COMMENTS.sub(blank, text)


def screen_data_update(sparql: str) -> CheckedQuery | None:
    """Return a data-only update screened, with the graphs it writes, or None to parse it.

    A whole graph sent by a client (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``,
    as graphkit's remote backend writes) may be megabytes, which rdflib's parser takes minutes
    to read. Such a text is recognised on its skeleton: with strings, IRIs and comments
    blanked, nothing but those operations, braces and the terms of the data remain. INSERT
    DATA holds only data (the store's parser refuses anything else in it), every triple is
    inside a ``GRAPH <g>`` block (no write to the default graph), and neither LOAD nor
    SERVICE can stand anywhere, so nothing needs the syntax tree; the store parses the text.

    Raises:
        QueryError: a ``\\u`` escape is invalid, or the text nests too deeply.
    """
    text = normalise(sparql)
    check_nesting(text)
    skeleton = _skeleton(text)
    if _DATA_UPDATE.fullmatch(skeleton) is None:
        return None
    graphs = frozenset(text[m.start(1) + 1 : m.end(1) - 1] for m in _GRAPH_IRI.finditer(skeleton))
    return CheckedQuery("update", text, graphs=graphs, parsed=False)


def _refuse_empty(text: str) -> None:
    without_comments = _STRINGS_IRIS_COMMENTS.sub(lambda m: " " if m[0].startswith("#") else m[0], text)
    if not without_comments.strip():
        raise QueryError("The query is empty.", line=1, column=1)


@_cache_short_texts(maxsize=512)
def check_query_parsed(sparql: str, *, allow_update: bool = False) -> CheckedQuery:
    """Parse `sparql` with rdflib and refuse what a read-only, offline service must not run.

    Also the explanation for a screened query the store's parser rejected: it raises the
    syntax error (rdflib's, with line and column), or the refusal of an update, that a
    parse up front would have raised; if rdflib accepts the text, the store's error stands.

    Args:
        sparql: a SPARQL 1.1 query (or update, if `allow_update`).
        allow_update: accept SPARQL Update (still never LOAD or SERVICE).

    Raises:
        QueryError: the text is not SPARQL 1.1 (with line and column).
        QueryRefused: it is an update (unless allowed) or an update that writes the
            default graph, or uses SERVICE or LOAD.
    """
    from pyparsing import ParseException

    original = sparql
    sparql = normalise(sparql)
    check_nesting(sparql)
    _refuse_empty(sparql)
    try:
        parsed = parse_query(sparql)
    except ParseException as query_error:
        try:
            update = parse_update(sparql)
        except ParseException as update_error:
            # Report the parser that got further: that is what the author meant to write.
            further = update_error if update_error.loc > query_error.loc else query_error
            raise _syntax_error(further) from None
        if not update.request:
            raise QueryError("The query holds no query or update operation.", line=1, column=1) from None
        if not allow_update:
            raise _refuse(
                original,
                _UPDATE_KEYWORDS,
                "this is a SPARQL Update and the service is read-only "
                "(load data with `graphkit load`, or send the update token)",
            ) from None
        _check_tree(original, update)
        return CheckedQuery("update", sparql, graphs=_update_graphs(original, update))
    _check_tree(original, parsed)
    dataset = _check_dataset(original, parsed)
    return CheckedQuery("query", sparql, bool(dataset), dataset)


__all__ = [
    "CheckedQuery",
    "check_query",
    "check_query_parsed",
    "normalise",
    "refuse_unknown_graph",
    "screen_query",
]
