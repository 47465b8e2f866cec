"""Find entities by label: German and English labels and abbreviations, folded.

The matching itself is the store's label index (`graphkit.store.labels`: kept at write
time; case and diacritics folded, every word of the query must start a word of the text;
whole-label matches first, then labels that start with the query, then labels with words
that start with its words). It holds every labelled IRI; this module keeps the entities
among them (`graphkit.projection`), of the asked classes, and builds their records in the
asked language, reading further matches until `limit` entities are found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graphkit.errors import BadRequest
from graphkit.model import Node
from graphkit.projection import Projection
from graphkit.store.labels import LabelIndex
from graphkit.text import words

#: Matches read from the index at least, per round (more when many are not entities).
_FIRST_ROUND = 20
_LAST_ROUND = 2_000


@dataclass(slots=True)
class Hit:
    """One search result: the entity and how well its best text matched (0 to 1)."""

    node: Node
    score: float
    matched: str


def search_entities(
    projection: Projection,
    index: LabelIndex,
    text: str,
    *,
    types: Iterable[str] = (),
    limit: int = 10,
    lang: str = "en",
) -> list[Hit]:
    """Return the entities whose labels match `text` best, best first.

    Args:
        projection: the store version the index belongs to.
        index: its label index.
        text: what was typed.
        types: only entities of these classes (or their subclasses).
        limit: most results.
        lang: language of the results' labels.

    Raises:
        BadRequest: the query has no letters or digits (parameter ``q``).
    """
    if not words(text):
        raise BadRequest("Search text must contain a letter or digit.", parameter="q", value=text)
    wanted = list(types)
    chosen: list[tuple[str, float, str]] = []
    offset, size = 0, max(_FIRST_ROUND, 2 * limit)
    while len(chosen) < limit:
        matches = index.search(text, limit=size, offset=offset)
        projection.prefetch(m.iri for m in matches)
        for match in matches:
            if projection.is_entity(match.iri) and (not wanted or projection.is_a(match.iri, wanted)):
                chosen.append((match.iri, match.score, match.text))
                if len(chosen) == limit:
                    break
        if len(matches) < size:
            break
        offset, size = offset + size, min(size * 2, _LAST_ROUND)
    nodes = projection.nodes(((iri, 0) for iri, _, _ in chosen), lang=lang)
    return [
        Hit(node=node, score=score, matched=text)
        for node, (_, score, text) in zip(nodes, chosen, strict=True)
    ]


__all__ = ["Hit", "search_entities"]
