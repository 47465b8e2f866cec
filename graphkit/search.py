"""Find entities by label: German and English labels and abbreviations, folded.

Every entity of the projection is searchable, whatever its namespace, by its label in each
language (the best of rdfs:label, skos:prefLabel, schema:name, foaf:name, dcterms:title;
see `graphkit.projection.LABEL_PREDICATES`) and its skos:altLabels.

Matching ignores case and diacritics ("bundnisse" finds "Bündnisse", "strasse" finds
"Straße"); every word of the query must occur in one label. Whole-label matches rank
first, then labels that start with the query, then labels with a word that starts with
it, then any other match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.errors import BadRequest
from graphkit.model import Node
from graphkit.projection import Projection, fold

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Hit:
    """One search result: the entity and how well its best label matched (0 to 1)."""

    node: Node
    score: float
    matched: str


@dataclass(slots=True)
class SearchIndex:
    """Folded labels of every entity, built once from a projection."""

    projection: Projection
    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (folded, label, iri)

    @classmethod
    def build(cls, projection: Projection) -> SearchIndex:
        index = cls(projection)
        for iri in projection.graph.nodes:
            labels = projection.labels.get(iri)
            if labels is None:
                continue
            for text in {*labels.by_lang.values(), *labels.alt}:
                index.entries.append((fold(text), text, iri))
        index.entries.sort()
        return index

    def search(
        self, text: str, *, types: list[str] | None = None, limit: int = 10, lang: str = "en"
    ) -> list[Hit]:
        """Return the best matches for `text`, best first (ties by label, then id).

        Raises:
            BadRequest: the query has no letters or digits (parameter ``q``).
        """
        query = fold(text).strip()
        words = _WORD.findall(query)
        if not words:
            raise BadRequest("Search text must contain a letter or digit.", parameter="q", value=text)
        best: dict[str, tuple[float, str]] = {}
        for folded, label, iri in self.entries:
            if not all(w in folded for w in words):
                continue
            score = _score(folded, query, words)
            if score > best.get(iri, (0.0, ""))[0]:
                best[iri] = (score, label)
        hits = []
        for iri, (score, label) in best.items():
            if types and not self.projection.is_a(iri, types):
                continue
            node = self.projection.node(iri, lang=lang)
            hits.append(Hit(node=node, score=round(score, 3), matched=label))
        hits.sort(key=lambda h: (-h.score, fold(h.node.label), h.node.id))
        return hits[:limit]


def _score(folded: str, query: str, words: list[str]) -> float:
    if folded == query:
        return 1.0
    if folded.startswith(query):
        return 0.9 - min(len(folded) - len(query), 50) / 500
    label_words = _WORD.findall(folded)
    if all(any(lw.startswith(w) for lw in label_words) for w in words):
        return 0.7 - min(len(folded), 100) / 1000
    return 0.4 - min(len(folded), 100) / 1000


__all__ = ["Hit", "SearchIndex"]
