"""The names of the graph's entities, matched in documents with their inflected forms.

`read_names(store)` reads every label and alternative label of the graph's entities
(`names.rq`; topics, source documents and other vocabulary are left out) with each entity's
most specific class; `shipped_names()` adds the cities and countries of `places.json`.
`Gazetteer` matches them with a spaCy `PhraseMatcher` on the stems `graphkit.extract.nlp`
puts in ``NORM`` (so "des Bundesministeriums des Innern" is "Bundesministerium des Innern",
"im BIWAQ-Programm" holds "BIWAQ"); a name written in capitals (BBWA, EU) only matches
as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.extract.places import shipped_places
from graphkit.namespaces import GK, RDF, SKOS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from graphkit.store import GraphStore

#: Classes whose members are not named in running text as entities (or are not entities).
SKIPPED_CLASSES = frozenset(
    {
        GK + "Topic",
        GK + "SourceDocument",
        GK + "Role",
        GK + "ValueQualifier",
        RDF + "Statement",
        SKOS + "Concept",
    }
)
_CAPITALS = re.compile(r"[A-ZÄÖÜ0-9][A-ZÄÖÜ0-9&.-]+")
#: Shortest name matched, in characters (shorter ones are too often ordinary words).
MIN_NAME = 2


@dataclass(frozen=True, slots=True)
class KnownName:
    """One name of an entity of the graph.

    Attributes:
        text: the name as the graph writes it.
        iri: the entity.
        cls: its most specific class.
        label: its preferred label (German first: the documents are mostly German).
        alt: the name is an alternative name or abbreviation.
        graphs: the named graphs that state the name.
    """

    text: str
    iri: str
    cls: str
    label: str
    alt: bool
    graphs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A name of the graph found in a sentence: the span and the name(s) it is."""

    span: Span
    names: tuple[KnownName, ...]


def read_names(store: GraphStore, *, without_graphs: Iterable[str] = ()) -> list[KnownName]:
    """Return the names of the graph's entities, each with the entity's most specific class.

    Args:
        without_graphs: leave out names stated only in these named graphs (the evaluation
            measures what the pipeline finds when a document's own graph is not loaded).
    """
    from graphkit.projection import build_projection
    from graphkit.query import run_query

    sparql = Path(__file__).with_name("names.rq").read_text(encoding="utf-8")
    result = run_query(store, sparql, max_rows=1_000_000)
    skipped = set(without_graphs)
    rows: dict[tuple[str, str, bool], set[str]] = {}
    lang_of: dict[tuple[str, str], str] = {}
    for row in result.rows:
        graph = row["g"].value if "g" in row else ""
        if graph in skipped:
            continue
        key = (row["entity"].value, row["name"].value, row["alt"].value == "true")
        rows.setdefault(key, set()).add(graph)
        lang_of[key[:2]] = row["name"].lang or ""
    projection = build_projection(store)
    entities = sorted({iri for iri, _, _ in rows})
    projection.prefetch(entities)
    classes = {iri: projection.types_of(iri) for iri in entities}
    preferred: dict[str, str] = {}
    for (iri, text, alt), _ in sorted(rows.items()):
        if not alt and (iri not in preferred or lang_of[(iri, text)] == "de"):
            preferred[iri] = text
    names = []
    for (iri, text, alt), graphs in sorted(rows.items()):
        types = classes[iri]
        if not types or SKIPPED_CLASSES & set(types) or len(text.strip()) < MIN_NAME:
            continue
        label = preferred.get(iri, text)
        names.append(KnownName(text.strip(), iri, types[0], label, alt, frozenset(graphs)))
    return names


def shipped_names() -> list[KnownName]:
    """Return the names of the shipped cities and countries (`graphkit.extract.places`)."""
    return [
        KnownName(text, place.iri, place.cls, place.names.get("de") or text, False)
        for place in shipped_places()
        for text in dict.fromkeys(place.names.values())
    ]


def norm_key(span: Span | Doc) -> str:
    """Return the stems of a span's words, the key names are compared by."""
    return " ".join(t.norm_ for t in span if not t.is_punct or t.text in {"-", "&"})


def is_capitals(text: str) -> bool:
    """Whether a name is written in capitals (an abbreviation such as BBWA or EU)."""
    return _CAPITALS.fullmatch(text) is not None


class Gazetteer:
    """The graph's names, ready to be found in sentences of one language's pipeline."""

    def __init__(self, nlp: Language, names: Iterable[KnownName]) -> None:
        from spacy.matcher import PhraseMatcher

        self.names: list[KnownName] = []
        seen: set[tuple[str, str]] = set()
        for name in names:
            if (name.iri, name.text) not in seen:
                seen.add((name.iri, name.text))
                self.names.append(name)
        self.by_text: dict[str, list[KnownName]] = {}
        for name in self.names:
            self.by_text.setdefault(name.text, []).append(name)
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        texts = list(self.by_text)
        for text, doc in zip(texts, nlp.pipe(texts), strict=True):
            self.matcher.add(text, [doc])
        self.entities = {name.iri: name for name in self.names if not name.alt}
        self.by_norm: dict[str, list[KnownName]] = {}
        for text, doc in zip(texts, nlp.pipe(texts), strict=True):
            self.by_norm.setdefault(norm_key(doc), []).extend(self.by_text[text])
        self.keys_of: dict[str, list[str]] = {}
        for key, found in self.by_norm.items():
            for iri in dict.fromkeys(n.iri for n in found):
                self.keys_of.setdefault(iri, []).append(key)

    def lookup(self, span: Span | Doc) -> list[KnownName]:
        """Return the names whose stems are those of `span` ("Bundesministeriums des Innern" → BMI)."""
        return self.by_norm.get(norm_key(span), [])

    def find(self, sentence: Span) -> Iterator[NameMatch]:
        """Yield the names found in a sentence (overlaps left in: the pipeline picks the longest)."""
        vocab = sentence.doc.vocab
        for match_id, start, end in self.matcher(sentence, as_spans=False):
            key = vocab.strings[match_id]
            span = sentence.doc[start:end]
            if is_capitals(key) and key not in span.text.replace('"', "").replace("“", "").replace("”", ""):
                continue
            yield NameMatch(span, tuple(self.by_text[key]))

    def names_of(self, iri: str) -> list[str]:
        """Return the stem keys of every name of an entity."""
        return self.keys_of.get(iri, [])

    def label(self, iri: str) -> str | None:
        """Return the preferred label of an entity the gazetteer knows."""
        name = self.entities.get(iri)
        if name is not None:
            return name.label
        return next((n.label for n in self.names if n.iri == iri), None)
