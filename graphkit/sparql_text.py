"""Editing a SPARQL query's text: where a block of bound values goes.

graphkit passes pre-bound values to a store that cannot take them natively (a remote
endpoint) or a batch of terms to any store as a ``VALUES`` block written from escaped terms
(`Term.to_ntriples`). The block goes first in the query's outer ``WHERE`` group, not after
the query: a trailing ``VALUES`` clause is joined with the solutions after ``GROUP BY`` and
aggregation, so a grouped count would be computed over every node before the block picks its
rows (and Virtuoso ignores a trailing block in such queries, or, with several rows, answers
none). At the start of the group it restricts the pattern, as bound variables do.
"""

from __future__ import annotations

import re

#: What may hold a brace or the word WHERE without being one: strings, IRIs, comments.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_block(sparql: str, block: str) -> str:
    """Return `sparql` with `block` (a ``VALUES`` block) first in its outer WHERE group.

    A query without the WHERE keyword (``SELECT * { … }``) gets the block at its end.
    """
    blanked = _OPAQUE.sub(lambda found: " " * len(found.group()), sparql)
    where = _WHERE.search(blanked)
    if where is None:
        return f"{sparql}\n{block}"
    return f"{sparql[: where.end()]} {block}\n{sparql[where.end() :]}"
