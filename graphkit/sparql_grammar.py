"""rdflib's SPARQL 1.1 grammar, behind one process-wide lock.

rdflib parses SPARQL with pyparsing, whose parse actions learn their own arity on first
use by calling themselves and catching the `TypeError`. That trial is not thread-safe:
two threads that first meet a parse action at the same moment can leave it wrapped the
wrong way, and from then on every parse that reaches it fails (`Param.postParse2()
missing 1 required positional argument`) for the life of the process. Every use of the
grammar (the query guard, the in-memory rdflib backend) therefore goes through
`GRAMMAR_LOCK`. Parsing is pure Python and holds the GIL anyway, so the lock costs no
parallelism.
"""

from __future__ import annotations

import threading
from typing import Any

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

#: Held while rdflib's pyparsing grammar runs (re-entrant: a parse may translate).
GRAMMAR_LOCK = threading.RLock()


def parse_query(text: str) -> Any:
    """Return rdflib's syntax tree of a SPARQL query (raises pyparsing's ParseException)."""
    with GRAMMAR_LOCK:
        return parseQuery(text)


def parse_update(text: str) -> Any:
    """Return rdflib's syntax tree of a SPARQL update (raises pyparsing's ParseException)."""
    with GRAMMAR_LOCK:
        return parseUpdate(text)


def translate_query(parsed: Any) -> Any:
    """Return rdflib's algebra of a parsed query."""
    with GRAMMAR_LOCK:
        return translateQuery(parsed)
