"""The records SHACL shapes compile to: value tests, paths, targets and checks.

`compiler` reads them from a shapes graph, `sparql` renders them as SPARQL and
`native` runs them. They hold the shapes' own rdflib terms, so that doubtful values
can be re-checked in Python with pySHACL's rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeAlias

from rdflib import Literal, URIRef
from rdflib.term import Identifier, Node

# --- value tests (atoms), combined into formulas -----------------------------------------


@dataclass(frozen=True, slots=True)
class ClassIs:
    """sh:class: the value has rdf:type `cls` or a subclass of it."""

    cls: URIRef


@dataclass(frozen=True, slots=True)
class DatatypeIs:
    """sh:datatype, with pySHACL's treatment of ill-typed literals."""

    datatype: URIRef


@dataclass(frozen=True, slots=True)
class NodeKindIs:
    """sh:nodeKind."""

    kind: URIRef


@dataclass(frozen=True, slots=True)
class InList:
    """sh:in: the value is one of `members` (RDF term equality)."""

    members: tuple[Identifier, ...]


@dataclass(frozen=True, slots=True)
class PatternMatch:
    """sh:pattern; pySHACL honours only the flags i and m."""

    pattern: str
    flags: str


@dataclass(frozen=True, slots=True)
class LengthBound:
    """sh:minLength (`at_least`) or sh:maxLength."""

    limit: int
    at_least: bool


@dataclass(frozen=True, slots=True)
class RangeBound:
    """sh:minInclusive, sh:minExclusive, sh:maxInclusive or sh:maxExclusive."""

    parameter: URIRef
    bound: Literal


@dataclass(frozen=True, slots=True)
class LanguageIn:
    """sh:languageIn (lower-cased tags; "*" matches any tag)."""

    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Constant:
    """A test with a fixed outcome (a deactivated member shape conforms)."""

    value: bool


@dataclass(frozen=True, slots=True)
class AnyOf:
    """sh:or: at least one member holds."""

    members: tuple[Formula, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    """All members hold (a member shape with several constraints; sh:and)."""

    members: tuple[Formula, ...]


Atom: TypeAlias = (
    ClassIs
    | DatatypeIs
    | NodeKindIs
    | InList
    | PatternMatch
    | LengthBound
    | RangeBound
    | LanguageIn
    | Constant
)
Formula: TypeAlias = "Atom | AnyOf | AllOf"


def atoms_of(formula: Formula) -> Iterator[Atom]:
    """Yield the atoms of `formula` depth-first; positions index the query's columns."""
    if isinstance(formula, AnyOf | AllOf):
        for member in formula.members:
            yield from atoms_of(member)
    else:
        yield formula


# --- paths and targets -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InversePath:
    """sh:inversePath."""

    path: PathExpr


@dataclass(frozen=True, slots=True)
class AlternativePath:
    """sh:alternativePath."""

    paths: tuple[PathExpr, ...]


@dataclass(frozen=True, slots=True)
class SequencePath:
    """An RDF list of paths."""

    paths: tuple[PathExpr, ...]


@dataclass(frozen=True, slots=True)
class RepeatPath:
    """sh:zeroOrMorePath (``*``), sh:oneOrMorePath (``+``) or sh:zeroOrOnePath (``?``)."""

    path: PathExpr
    operator: str


PathExpr: TypeAlias = "URIRef | InversePath | AlternativePath | SequencePath | RepeatPath"


@dataclass(frozen=True, slots=True)
class Focus:
    """The targets of one top-level shape: how it finds its focus nodes."""

    classes: tuple[URIRef, ...] = ()
    subjects_of: tuple[URIRef, ...] = ()
    objects_of: tuple[URIRef, ...] = ()
    nodes: tuple[Identifier, ...] = ()


# --- checks --------------------------------------------------------------------------------

#: Builds pySHACL's default message from the focus node and value node as text.
Generic: TypeAlias = Callable[[str, str], str]


@dataclass(frozen=True, slots=True)
class ValueCheck:
    """A result for each value node for which `formula` does not hold."""

    component: str
    formula: Formula
    generic: Generic


@dataclass(frozen=True, slots=True)
class CountCheck:
    """A result for each focus node with too few or too many (qualifying) value nodes."""

    component: str
    minimum: int | None
    maximum: int | None
    qualifier: Formula | None
    generic: Generic


@dataclass(frozen=True, slots=True)
class PairCheck:
    """sh:lessThan / sh:lessThanOrEquals against the values of `other`."""

    component: str
    other: URIRef
    strict: bool
    generic: Generic


@dataclass(frozen=True, slots=True)
class Unit:
    """The checks of one shape, run once for each parent shape's focus nodes."""

    shape: Node
    parents: tuple[Focus, ...]
    path: PathExpr | None
    path_text: str | None
    message: str | None
    severity: str
    values: tuple[ValueCheck, ...]
    counts: tuple[CountCheck, ...]
    unique_lang: bool
    pairs: tuple[PairCheck, ...]
