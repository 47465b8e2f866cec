"""The classes of one store version: the subclass closure of the ontology in the store.

Read once per version from the declared classes (``owl:Class``, ``rdfs:Class``, anything
with an ``rdfs:subClassOf``) — the ontology, a few hundred statements at most — and used
to order an entity's classes (most specific first) and to filter by class (a class and
its subclasses). A class only used as a type is its own only superclass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graphkit.snapshot import Snapshot


def _closure(cls: str, direct: dict[str, set[str]]) -> set[str]:
    """Return `cls` and every class above it (a cycle in the ontology ends the walk)."""
    found = {cls}
    todo = [cls]
    while todo:
        for sup in direct.get(todo.pop(), ()):
            if sup not in found:
                found.add(sup)
                todo.append(sup)
    return found


class ClassIndex:
    """Superclasses and subclasses of the declared classes of one store version."""

    def __init__(self, snapshot: Snapshot) -> None:
        direct: dict[str, set[str]] = defaultdict(set)
        for row in snapshot.select("projection-classes"):
            direct[row["class"].value].add(row["super"].value)
        supers: dict[str, set[str]] = {cls: _closure(cls, direct) for cls in direct}
        subs: dict[str, set[str]] = defaultdict(set)
        for cls, found in supers.items():
            for sup in found:
                subs[sup].add(cls)
        self._supers = dict(supers)
        self._subs = dict(subs)

    def is_declared(self, cls: str) -> bool:
        """Whether the ontology in the store declares `cls` (or gives it a superclass)."""
        return cls in self._supers

    def declared(self) -> list[str]:
        """Return the declared classes, sorted."""
        return sorted(self._supers)

    def superclass_map(self) -> dict[str, frozenset[str]]:
        """Return every declared class → its superclasses (itself included)."""
        return {cls: frozenset(found) for cls, found in self._supers.items()}

    def superclasses(self, cls: str) -> set[str]:
        """Return `cls` and every class it is a subclass of."""
        return self._supers.get(cls) or {cls}

    def subclasses(self, classes: Iterable[str]) -> set[str]:
        """Return `classes` and every subclass of one of them."""
        found: set[str] = set()
        for cls in classes:
            found |= self._subs.get(cls) or {cls}
        return found

    def most_specific_first(self, classes: Iterable[str]) -> list[str]:
        """Return `classes` ordered: the one with the most superclasses first, then by IRI."""
        return sorted(set(classes), key=lambda c: (-len(self.superclasses(c)), c))


__all__ = ["ClassIndex"]
