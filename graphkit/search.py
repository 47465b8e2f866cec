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
#: Matches of a name read from the index (entities sharing a name are few).
_NAMED = 20
#: Entities suggested for a name nothing has.
_SUGGESTED = 5
#: Longest text looked up as a name.
_LONGEST_NAME = 200


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


def entities_named(projection: Projection, index: LabelIndex | None, text: str) -> list[str]:
    """Return the entities one of whose names is `text`, sorted (for `Projection.resolve`).

    A name is a label, an alternative label or an abbreviation, in any language, compared
    without regard to case or the spaces around it; the label index finds the candidates.
    Source documents count only when no other entity has the name (a document titled after
    what it is about does not take its name).
    """
    wanted = text.strip()
    if index is None or not words(wanted) or len(wanted) > _LONGEST_NAME:
        return []
    folded = wanted.casefold()
    matches = index.search(wanted, limit=_NAMED)
    found = {m.iri for m in matches if m.kind != "description" and m.text.strip().casefold() == folded}
    # The index keeps each IRI's best text: the entity's own names are checked too.
    for match in matches:
        labels = projection.labels_of(match.iri)
        if folded in {t.strip().casefold() for t in (*labels.by_lang.values(), *labels.alt)}:
            found.add(match.iri)
    entities = sorted(iri for iri in found if projection.is_entity(iri))
    return [iri for iri in entities if not projection.is_source(iri)] or entities


def entities_like(projection: Projection, index: LabelIndex | None, text: str) -> list[str]:
    """Return up to five entities search finds for `text` (suggestions for a name nothing has)."""
    if index is None or not words(text) or len(text) > _LONGEST_NAME:
        return []
    matches = index.search(text, limit=4 * _SUGGESTED)
    return [m.iri for m in matches if projection.is_entity(m.iri)][:_SUGGESTED]


__all__ = ["Hit", "entities_like", "entities_named", "search_entities"]
