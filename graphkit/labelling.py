"""Labels of IRIs as the projection shows them: the best label per language, short names.

Also the bounded cache the read model keeps per store version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from graphkit.model import Term, TermKind
from graphkit.namespaces import DCTERMS, FOAF, FOREIGN_MARK, RDF, RDFS, SCHEMA, SKOS, entity_id, entity_iri

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
SKOS_PREF = SKOS + "prefLabel"
SKOS_ALT = SKOS + "altLabel"
LANGUAGES = ("en", "de")

#: Predicates whose literals label an IRI, best first: per language, the best one present
#: gives the label (a literal without a language counts as language ``""``).
LABEL_PREDICATES = (RDFS_LABEL, SKOS_PREF, SCHEMA + "name", FOAF + "name", DCTERMS + "title")
#: Most entries a cache of one version holds before it starts again.
CACHE_SIZE = 100_000

#: Predicates whose literals are other names of an IRI (abbreviations among them).
_ALT = (SKOS_ALT, SCHEMA + "alternateName")
_RANK = {predicate: i for i, predicate in enumerate(LABEL_PREDICATES)}


@dataclass(slots=True)
class Labels:
    """Labels of one IRI: preferred labels per language and alternative labels."""

    by_lang: dict[str, str] = field(default_factory=dict)
    alt: list[str] = field(default_factory=list)

    def pick(self, lang: str, fallback: str) -> str:
        """Return the label in `lang`, else English, German, any, else `fallback`."""
        for key in (lang, *LANGUAGES, ""):
            if key in self.by_lang:
                return self.by_lang[key]
        return next(iter(self.by_lang.values()), fallback)


#: An abbreviation: a capital, then capitals, digits or "&", "-", "/" — 2 to 10 characters.
_ABBREVIATION = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9&/\-]{1,9}")


def abbreviation(labels: Labels, lang: str = "en") -> str | None:
    """Return the short name people use for an entity (BIWAQ, BBWA Mitte, ESF), or None.

    The candidates are its labels and alternative labels written as an abbreviation
    (capitals, 2 to 10 characters), and other names that start with one ("BBWA Mitte", at most
    32 characters) or are at most 20 characters and under 60 % of the preferred label's length. Among them: an
    abbreviation that is also a label in `lang`, then the one whose letters begin the words
    of that label (ERDF for "European Regional Development Fund", EFRE for "Europäischer
    Fonds für regionale Entwicklung"), then pure abbreviations, then the shortest, then the
    first alphabetically — so the choice does not depend on the order the store lists them.
    """
    preferred = labels.pick(lang, "")
    names = {*labels.alt, *labels.by_lang.values()}
    found = {t for t in names if _ABBREVIATION.fullmatch(t) and (len(t) < len(preferred) or t == preferred)}
    found |= {
        t
        for t in labels.alt
        if len(t) < len(preferred)
        and (
            (len(t) <= 20 and len(t) < 0.6 * len(preferred))
            or (len(t) <= 32 and _ABBREVIATION.fullmatch(t.split(" ", 1)[0]) is not None)
        )
    }
    if not found:
        return None
    initials = "".join(w[0] for w in re.findall(r"\w+", preferred) if w[0].isupper() or len(w) > 3).upper()

    def rank(text: str) -> tuple[int, int, int, int, str]:
        pure = _ABBREVIATION.fullmatch(text) is not None
        return (text != preferred, not initials.startswith(text[:2]), not pure, len(text), text)

    return min(found, key=rank)


#: Longest name a drawing shows in full (the network page cuts the same way).
NAME_CHARS = 32


def cut_name(name: str, most: int = NAME_CHARS) -> str:
    """Return `name` cut with "…" between whole words when longer than `most` characters.

    Its last words are kept when they tell it from its siblings (a number: "EUROCITIES
    Social… Forum 2019"), else its first words; the page script `graph.js` does the same.
    """
    if len(name) <= most:
        return name
    words = name.split()
    tail: list[str] = []
    if words and any(c.isdigit() for c in words[-1]):
        tail = words[-2:]
        if len(" ".join(tail)) > most / 2:
            tail = words[-1:]
    room = most - 1 - (len(" ".join(tail)) + 1 if tail else 0)
    head: list[str] = []
    for word in words[: len(words) - len(tail)]:
        if len(" ".join([*head, word])) > room:
            break
        head.append(word)
    if not head:
        return name[: most - 1] + "\u2026"
    return " ".join(head) + "\u2026" + (" " + " ".join(tail) if tail else "")


def display_name(labels: Labels, lang: str, fallback: str) -> str:
    """Return the name a view draws: the abbreviation if there is one, else the label."""
    return abbreviation(labels, lang) or labels.pick(lang, fallback)


def iri_of(ref: str, *, parameter: str = "id") -> str:
    """Return the IRI an id, a ``~`` id, a prefixed name or a full IRI names (entity or not).

    Slashes around an id are dropped (``/bbwa/`` is ``bbwa``); a full IRI is kept as it is.

    Raises:
        InvalidParameter: `ref` is no valid id or IRI (named as `parameter`).
    """
    return entity_iri(ref if "://" in ref else ref.strip("/"), parameter=parameter)


def short_name(iri: str) -> str:
    """Return the id of an own entity IRI, or the local name of any other IRI."""
    found = entity_id(iri)
    if not found.startswith(FOREIGN_MARK):
        return found
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri


K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """A bounded dict shared by a version's requests (emptied when full; races only recompute)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._data: dict[K, V] = {}
        self._size = size

    def get(self, key: K) -> V | None:
        return self._data.get(key)

    def put(self, key: K, value: V) -> V:
        if len(self._data) >= self._size:
            self._data.clear()
        self._data[key] = value
        return value


@dataclass(frozen=True, slots=True)
class TermsOf:
    labels: Labels
    types: tuple[str, ...]  # as stated, unordered


def read_terms(statements: list[tuple[str, Term]]) -> TermsOf:
    """Pick labels (per language the best of `LABEL_PREDICATES`) and classes from statements."""
    labels = Labels()
    best: dict[str, int] = {}
    types: list[str] = []
    for kind, text in statements:
        if kind == RDF_TYPE:
            if text.kind is TermKind.URI and text.value not in types:
                types.append(text.value)
            continue
        if text.kind is not TermKind.LITERAL:
            continue
        if kind in _RANK:
            lang = text.lang or ""
            # A better predicate replaces the label; among equals the smallest text stays,
            # so the choice does not depend on the order the store lists them in.
            rank = _RANK[kind]
            current = best.get(lang, len(_RANK))
            if rank < current or (rank == current and text.value < labels.by_lang[lang]):
                best[lang] = rank
                labels.by_lang[lang] = text.value
        elif kind in _ALT and text.value not in labels.alt:
            labels.alt.append(text.value)
    labels.alt.sort()
    return TermsOf(labels, tuple(types))


__all__ = [
    "LABEL_PREDICATES",
    "LANGUAGES",
    "BoundedCache",
    "Labels",
    "TermsOf",
    "abbreviation",
    "cut_name",
    "display_name",
    "iri_of",
    "read_terms",
    "short_name",
]
