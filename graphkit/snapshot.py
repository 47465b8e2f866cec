"""One version of the store as the read model reads it: pattern look-ups and prepared SPARQL.

A `Snapshot` answers the few look-ups the entity pages, neighbourhoods and paths need
(the statements of one subject, the links to one object, whether a pattern has a match)
and runs graphkit's own queries (``queries/internal/*.rq``), all on the merged default
graph of one store version, so one request never mixes two versions. On the on-disk
Oxigraph store look-ups go straight to its indexes (a few microseconds each); on every
other backend they are prepared SPARQL with bindings.

Values travel as bindings; a query about a batch of nodes gets them as a ``VALUES`` block
written from escaped terms (`Term.to_ntriples`) first in its WHERE group
(`graphkit.sparql_text`), as the remote backend passes bindings, never as text pasted from
a request.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Protocol

import pyoxigraph as ox

from graphkit.model import Term
from graphkit.query import internal_query, run_internal
from graphkit.sparql_text import with_block
from graphkit.store import GraphStore
from graphkit.store.query import run_ox_query
from graphkit.store.terms import from_ox

#: Most nodes one batched query names (longer batches are split).
BATCH = 500
_DEFAULT = ox.DefaultGraph()


class Snapshot(Protocol):
    """Read access to one store version (the merged default graph)."""

    version: str

    def objects(self, subject: str, predicate: str | None = None) -> Iterator[tuple[str, Term]]:
        """Yield (predicate, object) of the statements about `subject`, in index order."""
        ...

    def subjects(self, obj: str, predicate: str | None = None) -> Iterator[tuple[str, Term]]:
        """Yield (predicate, subject) of the statements whose object is the IRI `obj`, in index order."""
        ...

    def exists(self, subject: str | None, predicate: str | None, obj: str | None) -> bool:
        """Whether a statement matches (None matches anything; `obj` is an IRI)."""
        ...

    def pairs(self, predicate: str) -> Iterator[tuple[Term, Term]]:
        """Yield (subject, object) of every statement with `predicate`, in index order."""
        ...

    def between(self, subject: str, obj: str) -> Iterator[str]:
        """Yield the predicates of the statements from `subject` to the IRI `obj`."""
        ...

    def select(self, name: str, bindings: Mapping[str, Term] | None = None) -> Iterator[dict[str, Term]]:
        """Yield the rows of the internal query `name` (``queries/internal/<name>.rq``)."""
        ...

    def run(self, text: str, bindings: Mapping[str, Term] | None = None) -> Iterator[dict[str, Term]]:
        """Yield the rows of an internal query's text (with a VALUES block of `values_block`)."""
        ...


def values_block(variable: str, terms: Iterable[Term]) -> str:
    """Return a ``VALUES ?variable { … }`` block of escaped terms (IRIs are checked)."""
    return f"VALUES ?{variable} {{ {' '.join(term.to_ntriples() for term in terms)} }}"


def select_for(
    snapshot: Snapshot,
    name: str,
    variable: str,
    iris: Iterable[str],
    *,
    bindings: Mapping[str, Term] | None = None,
) -> Iterator[dict[str, Term]]:
    """Yield the rows of the internal query `name` for each IRI of `iris` bound to `variable`.

    The query is run once per batch of `BATCH` IRIs, with the batch as a VALUES block first
    in its WHERE group (`graphkit.sparql_text`); `bindings` are passed to each run.
    """
    iterator = iter(dict.fromkeys(iris))
    while batch := list(islice(iterator, BATCH)):
        text = with_block(internal_query(name), values_block(variable, (Term.iri(i) for i in batch)))
        yield from snapshot.run(text, bindings)


class OxSnapshot:
    """A pinned version of the on-disk (or in-memory) Oxigraph store, read through its indexes."""

    def __init__(self, store: ox.Store, version: str, *, location: str, keepalive: object) -> None:
        self.version = version
        self._store = store
        self._location = location
        # Holds the version's reader lock, so the version stays on disk while it is read.
        self._keepalive = keepalive

    def objects(self, subject: str, predicate: str | None = None) -> Iterator[tuple[str, Term]]:
        p = ox.NamedNode(predicate) if predicate else None
        for quad in self._store.quads_for_pattern(ox.NamedNode(subject), p, None, _DEFAULT):
            yield quad.predicate.value, from_ox(quad.object)

    def subjects(self, obj: str, predicate: str | None = None) -> Iterator[tuple[str, Term]]:
        p = ox.NamedNode(predicate) if predicate else None
        for quad in self._store.quads_for_pattern(None, p, ox.NamedNode(obj), _DEFAULT):
            yield quad.predicate.value, from_ox(quad.subject)

    def exists(self, subject: str | None, predicate: str | None, obj: str | None) -> bool:
        found = self._store.quads_for_pattern(
            ox.NamedNode(subject) if subject else None,
            ox.NamedNode(predicate) if predicate else None,
            ox.NamedNode(obj) if obj else None,
            _DEFAULT,
        )
        return next(iter(found), None) is not None

    def pairs(self, predicate: str) -> Iterator[tuple[Term, Term]]:
        for quad in self._store.quads_for_pattern(None, ox.NamedNode(predicate), None, _DEFAULT):
            yield from_ox(quad.subject), from_ox(quad.object)

    def between(self, subject: str, obj: str) -> Iterator[str]:
        for quad in self._store.quads_for_pattern(ox.NamedNode(subject), None, ox.NamedNode(obj), _DEFAULT):
            yield quad.predicate.value

    def select(self, name: str, bindings: Mapping[str, Term] | None = None) -> Iterator[dict[str, Term]]:
        yield from self.run(internal_query(name), bindings)

    def run(self, text: str, bindings: Mapping[str, Term] | None = None) -> Iterator[dict[str, Term]]:
        raw = run_ox_query(self._store, text, bindings=bindings, location=self._location, keepalive=self)
        yield from raw.rows or ()


class QuerySnapshot:
    """Any other backend: every look-up is one of graphkit's prepared queries, with bindings."""

    def __init__(self, store: GraphStore, version: str) -> None:
        self.store = store
        self.version = version

    def objects(self, subject: str, predicate: str | None = None) -> Iterator[tuple[str, Term]]:
        bindings = {"s": Term.iri(subject)}
        if predicate:
            bindings["p"] = Term.iri(predicate)
        for row in run_internal(self.store, "pattern", bindings=bindings):
            yield row["p"].value, row["o"]

    def subjects(self, obj: str, predicate: str | None = None) -> Iterator[tuple[str, Term]]:
        bindings = {"o": Term.iri(obj)}
        if predicate:
            bindings["p"] = Term.iri(predicate)
        for row in run_internal(self.store, "pattern", bindings=bindings):
            yield row["p"].value, row["s"]

    def exists(self, subject: str | None, predicate: str | None, obj: str | None) -> bool:
        bindings = {
            name: Term.iri(value)
            for name, value in (("s", subject), ("p", predicate), ("o", obj))
            if value is not None
        }
        return next(run_internal(self.store, "pattern-exists", bindings=bindings), None) is not None

    def pairs(self, predicate: str) -> Iterator[tuple[Term, Term]]:
        for row in run_internal(self.store, "pattern", bindings={"p": Term.iri(predicate)}):
            yield row["s"], row["o"]

    def between(self, subject: str, obj: str) -> Iterator[str]:
        bindings = {"s": Term.iri(subject), "o": Term.iri(obj)}
        for row in run_internal(self.store, "pattern", bindings=bindings):
            yield row["p"].value

    def select(self, name: str, bindings: Mapping[str, Term] | None = None) -> Iterator[dict[str, Term]]:
        yield from run_internal(self.store, name, bindings=bindings)

    def run(self, text: str, bindings: Mapping[str, Term] | None = None) -> Iterator[dict[str, Term]]:
        yield from self.store.query(text, bindings=bindings).rows or ()


def open_snapshot(store: GraphStore) -> Snapshot:
    """Return the store's current version as a `Snapshot`.

    A store that can pin its current version's pyoxigraph store (`GraphStore.pin`) is read
    through its indexes; any other through prepared SPARQL.
    """
    pinned = store.pin()
    if pinned is not None:
        return OxSnapshot(pinned.store, pinned.version, location=store.location, keepalive=pinned)
    return QuerySnapshot(store, store.version())


__all__ = ["BATCH", "OxSnapshot", "QuerySnapshot", "Snapshot", "open_snapshot", "select_for", "values_block"]
