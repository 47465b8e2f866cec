"""Cheap limits on a query's text, checked before any parser runs: its size and its nesting.

Both parsers recurse once per level of brackets: rdflib's pyparsing grammar some 30-40
Python frames a level (60 braces raised `RecursionError`), pyoxigraph's Rust parser a
stack frame a level (a few thousand braces overflow its stack and kill the process). A text
is therefore measured first, in one linear pass that no input can make slow: its size in
UTF-8 bytes (`check_size`) and the depth of its brackets (`check_nesting`), and refused with
an error that names the limit. Real queries nest a handful of levels; `MAX_DEPTH` is far
above them and far below what either parser survives (`sparql_grammar` gives rdflib's
parser the recursion it needs for that depth).

The depth is counted on the text both parsers see (after ``\\u`` escapes are expanded: see
`graphkit.guard.normalise`). Brackets inside strings and comments do not count. Inside
something that looks like an IRI (``<…>``: which may also be a less-than sign and what follows
it) an opening ``(`` or ``[`` counts and a closing one never lowers the depth below where the
IRI began, so neither reading can hide levels from the count. ``<<`` and ``>>`` (RDF 1.2
quoted triples) count as brackets too.
"""

from __future__ import annotations

import re

from graphkit.errors import QueryError, TooLarge

#: Deepest nesting of brackets ({ ( [ <<) a query may have.
MAX_DEPTH = 32


def utf8_size(text: str) -> int:
    """Return the size of `text` in UTF-8 bytes (lone surrogates count as three)."""
    return len(text.encode("utf-8", errors="surrogatepass"))


def check_size(
    text: str, *, limit: int, setting: str = "GRAPHKIT_MAX_QUERY_BYTES", what: str = "query"
) -> None:
    """Refuse a text longer than `limit` UTF-8 bytes.

    Raises:
        TooLarge: it is (413), naming `setting`.
    """
    # A character is at most four bytes: most texts are measured without encoding them.
    if len(text) * 4 <= limit:
        return
    size = len(text) if len(text) > limit else utf8_size(text)
    if size > limit:
        raise TooLarge(
            f"The {what} is larger than {limit:,} bytes ({setting}); send a shorter one.",
            setting=setting,
            limit=limit,
        )


# Strings and comments are dropped whole; an IRI-like <…> is replaced by the brackets that
# move the depth (see `_iri_brackets`); everything else but brackets is then dropped.
_SKIPPED = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*'
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
)
_NOT_BRACKET = re.compile(r"[^(){}\[\]\x01\x02]+")
_AS_PARENS = str.maketrans("{[\x01\x02]}", "((()))")


def _iri_brackets(found: re.Match[str]) -> str:
    """Return what a skipped piece adds: nothing for a string or comment, an IRI's net brackets.

    ``<…>`` may be an IRI or a less-than sign and what follows: its opening brackets count,
    and its closing ones never take the depth below where it began. Its effect is replaced
    by its peak (that many openings) and how far it falls back from the peak (closings).
    """
    piece = found.group()
    if piece[0] != "<" or not any(b in piece for b in "()[]"):
        return " "
    depth = peak = 0
    for char in piece:
        if char in "([":
            depth += 1
            peak = max(peak, depth)
        elif char in ")]":
            depth = max(0, depth - 1)
    return "(" * peak + ")" * (peak - depth)


def nesting_depth(text: str, *, limit: int = MAX_DEPTH) -> int:
    """Return how deep the brackets of `text` nest (at least), counting up to `limit` + 1.

    Matched pairs are removed innermost first, a round at a time (each round a C-speed
    pass), so the cost is linear in the text for any bound; openings never closed count on
    top. The result is never lower than the depth a parser reaches.
    """
    # << and >> (quoted triples) become one character each, before single < and > go.
    marked = _SKIPPED.sub(_iri_brackets, text.replace("\x01", "").replace("\x02", ""))
    marked = marked.replace("<<", "\x01").replace(">>", "\x02")
    brackets = _NOT_BRACKET.sub("", marked).translate(_AS_PARENS)
    rounds = 0
    while "()" in brackets and rounds <= limit:
        brackets = brackets.replace("()", "")
        rounds += 1
    return rounds + brackets.count("(")


def check_nesting(text: str, *, limit: int = MAX_DEPTH) -> None:
    """Refuse a text whose brackets nest deeper than `limit` (before any parser recurses into it).

    Raises:
        QueryError: it does (400); detail names the limit.
    """
    if sum(text.count(b) for b in "{([<") <= limit:
        return  # cannot nest that deep: no pass needed
    if nesting_depth(text, limit=limit) > limit:
        raise QueryError(
            f"The query is nested deeper than {limit} levels of brackets ({{ }}, ( ), [ ], << >>); "
            "flatten it.",
            limit=limit,
        )


__all__ = ["MAX_DEPTH", "TooLarge", "check_nesting", "check_size", "nesting_depth", "utf8_size"]
