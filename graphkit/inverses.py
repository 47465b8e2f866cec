"""Inverse properties: a link and its inverse shown as one edge.

The ontology declares pairs of inverse properties (``gk:memberOf owl:inverseOf
gk:hasMember``); the data often states both directions of a pair. A view shows one edge per
pair of entities and pair of properties, in the direction of the property that is the
subject of the ``owl:inverseOf`` statement (the *canonical* one; when both are stated
inverse of each other, the smaller IRI), with which of the two statements the data makes
(`Edge.stated`), and the sources, certainty and quotes of both.

The pairs are read from the store (`queries/internal/inverse-properties.rq`) once per
store version, so data in another vocabulary gets its own pairs folded too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graphkit.evidence import order
from graphkit.model import Edge
from graphkit.projection import Projection

FORWARD, INVERSE, BOTH = "forward", "inverse", "both"


@dataclass(frozen=True, slots=True)
class Inverses:
    """The pairs of inverse properties of one store version.

    Attributes:
        partner: each property of a pair → the other one.
        canonical: each property of a pair → the one a folded edge is drawn with.
    """

    partner: dict[str, str] = field(default_factory=dict)
    canonical: dict[str, str] = field(default_factory=dict)

    def is_flipped(self, predicate: str) -> bool:
        """Whether a link with `predicate` is drawn the other way round (its inverse is canonical)."""
        return self.canonical.get(predicate, predicate) != predicate

    def fold(self, predicate: str, way: str) -> tuple[str, str]:
        """Return the (canonical predicate, direction) a link of `predicate` in `way` is shown as."""
        if self.is_flipped(predicate):
            return self.canonical[predicate], "in" if way == "out" else "out"
        return predicate, way

    def with_partners(self, predicates: Iterable[str]) -> list[str]:
        """Return `predicates` and their inverses, sorted."""
        chosen = set(predicates)
        return sorted(chosen | {self.partner[p] for p in chosen if p in self.partner})


def read_inverses(pairs: Iterable[tuple[str, str]]) -> Inverses:
    """Return the pairs of `(p, inverse)` statements, each property in at most one pair.

    A property declared inverse of several is paired with the first, in IRI order.
    """
    stated = {(p, q) for p, q in pairs if p != q}
    found = Inverses()
    for p, q in sorted(stated):
        if p in found.partner or q in found.partner:
            continue
        canonical = min(p, q) if (q, p) in stated else p
        found.partner[p], found.partner[q] = q, p
        found.canonical[p] = found.canonical[q] = canonical
    return found


def inverses_of(projection: Projection) -> Inverses:
    """Return the inverse pairs the store declares (read once per store version)."""
    return projection.remember(
        "inverses",
        lambda: read_inverses(
            (row["p"].value, row["inverse"].value) for row in projection.snapshot.select("inverse-properties")
        ),
    )


def _merge(into: Edge, other: Edge) -> None:
    into.sources = sorted({*into.sources, *other.sources})
    into.certainty = sorted({*into.certainty, *other.certainty})
    evidence = list(into.evidence)
    evidence += [e for e in other.evidence if e not in evidence]
    into.evidence = sorted(evidence, key=order)


def fold_edges(projection: Projection, edges: Iterable[Edge], *, lang: str = "en") -> list[Edge]:
    """Return the edges with each link and its inverse as one edge, sorted by (source, predicate, target).

    An edge stated with the non-canonical property is turned round; one stated both ways
    is one edge with `stated` "both" and the sources and quotes of both statements.
    """
    inverses = inverses_of(projection)
    folded: dict[tuple[str, str, str], Edge] = {}
    for edge in edges:
        if inverses.is_flipped(edge.predicate):
            predicate = inverses.canonical[edge.predicate]
            turned = Edge(
                source=edge.target,
                target=edge.source,
                predicate=predicate,
                label=projection.label(predicate, lang),
                sources=list(edge.sources),
                certainty=list(edge.certainty),
                evidence=list(edge.evidence),
                stated=INVERSE,
            )
            edge = turned
        key = (edge.source, edge.predicate, edge.target)
        known = folded.get(key)
        if known is None:
            folded[key] = edge
        else:
            _merge(known, edge)
            if known.stated != edge.stated:
                known.stated = BOTH
    for edge in folded.values():
        if edge.stated in (INVERSE, BOTH):
            edge.inverse = inverses.partner[edge.predicate]
            edge.inverse_label = projection.label(edge.inverse, lang)
    return [folded[key] for key in sorted(folded)]


__all__ = ["BOTH", "FORWARD", "INVERSE", "Inverses", "fold_edges", "inverses_of", "read_inverses"]
