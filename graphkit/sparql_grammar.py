"""rdflib's SPARQL 1.1 grammar, behind one process-wide lock.

rdflib parses SPARQL with pyparsing, whose parse actions learn their own arity on first
use by calling themselves and catching the `TypeError`. That trial is not thread-safe:
two threads that first meet a parse action at the same moment can leave it wrapped the
wrong way, and from then on every parse that reaches it fails (`Param.postParse2()
missing 1 required positional argument`) for the life of the process. Every use of the
grammar (the query guard, the in-memory rdflib backend) therefore goes through
`GRAMMAR_LOCK`. Parsing is pure Python and holds the GIL anyway, so the lock costs no
parallelism.

The grammar also recurses some 30-40 Python frames per level of brackets, so Python's default
recursion limit (1,000) stops it at about 25 nested parentheses. While the lock is held the
limit is raised to `PARSE_RECURSION_LIMIT`, enough for the deepest text the guard lets through
(`graphkit.query_limits.MAX_DEPTH`), and restored when it is released; since Python 3.11 those
frames no longer take C stack, so the raised limit is safe in any thread. A `RecursionError`
that happens anyway becomes graphkit's `QueryError`.
"""

from __future__ import annotations

import re
import sys
import threading
from types import TracebackType
from typing import Any

from graphkit.errors import QueryError

#: Python's recursion limit while the grammar runs (see the module's doc).
PARSE_RECURSION_LIMIT = 10_000


class _GrammarLock:
    """A re-entrant lock that raises the recursion limit while it is held."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0
        self._restore = 0

    def __enter__(self) -> _GrammarLock:
        self._lock.acquire()
        self._depth += 1
        if self._depth == 1:
            self._restore = sys.getrecursionlimit()
            sys.setrecursionlimit(max(self._restore, PARSE_RECURSION_LIMIT))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        try:
            self._depth -= 1
            if self._depth == 0:
                sys.setrecursionlimit(self._restore)
        finally:
            self._lock.release()


#: Held while rdflib's pyparsing grammar runs (re-entrant: a parse may translate).
GRAMMAR_LOCK = _GrammarLock()


def _too_deep() -> QueryError:
    return QueryError("The query is nested too deeply for the SPARQL parser; flatten it.")


def parse_query(text: str) -> Any:
    """Return rdflib's syntax tree of a SPARQL query (raises pyparsing's ParseException, or QueryError)."""
    from rdflib.plugins.sparql.parser import parseQuery  # builds the grammar: imported when first needed

    with GRAMMAR_LOCK:
        try:
            return parseQuery(text)
        except RecursionError:
            raise _too_deep() from None


def parse_update(text: str) -> Any:
    """Return rdflib's syntax tree of a SPARQL update (raises pyparsing's ParseException, or QueryError)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    with GRAMMAR_LOCK:
        try:
            return parseUpdate(text)
        except RecursionError:
            raise _too_deep() from None


def translate_query(parsed: Any) -> Any:
    """Return rdflib's algebra of a parsed query."""
    from rdflib.plugins.sparql.algebra import translateQuery

    with GRAMMAR_LOCK:
        try:
            return translateQuery(parsed)
        except RecursionError:
            raise _too_deep() from None


#: rdflib's own pattern for \u and \U escapes (rdflib.plugins.sparql.parser.expandUnicodeEscapes_re),
#: copied so that expanding escapes does not build the whole grammar; a test keeps the two equal.
_ESCAPES = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", flags=re.IGNORECASE)


def expand_unicode_escapes(text: str) -> str:
    """Expand ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes exactly as rdflib's parser does.

    Raises:
        ValueError: an escape names no code point.
    """

    def expand(found: re.Match[str]) -> str:
        try:
            return chr(int(found.group(1), 16))
        except (ValueError, OverflowError) as error:
            raise ValueError("Invalid unicode code point: " + found.group(1)) from error

    return _ESCAPES.sub(expand, text)
