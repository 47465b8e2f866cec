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

import re
import threading
from typing import Any

#: Held while rdflib's pyparsing grammar runs (re-entrant: a parse may translate).
GRAMMAR_LOCK = threading.RLock()


def parse_query(text: str) -> Any:
    """Return rdflib's syntax tree of a SPARQL query (raises pyparsing's ParseException)."""
    from rdflib.plugins.sparql.parser import parseQuery  # builds the grammar: imported when first needed

    with GRAMMAR_LOCK:
        return parseQuery(text)


def parse_update(text: str) -> Any:
    """Return rdflib's syntax tree of a SPARQL update (raises pyparsing's ParseException)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    with GRAMMAR_LOCK:
        return parseUpdate(text)


def translate_query(parsed: Any) -> Any:
    """Return rdflib's algebra of a parsed query."""
    from rdflib.plugins.sparql.algebra import translateQuery

    with GRAMMAR_LOCK:
        return translateQuery(parsed)


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
