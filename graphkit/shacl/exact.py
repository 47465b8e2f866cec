"""pySHACL's own rules for the value tests SPARQL cannot decide exactly.

The SPARQL queries leave doubtful value nodes (ill-typed literals, values compared with
rdflib's ordering, Python regular expressions) to these functions, which follow pySHACL
0.40's constraint components line by line, on rdflib terms rebuilt from the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.term import Identifier

from graphkit.shacl.checks import (
    AllOf,
    AnyOf,
    Atom,
    DatatypeIs,
    Formula,
    LengthBound,
    PatternMatch,
    RangeBound,
    atoms_of,
)

_XSD_STRING = str(XSD.string)


def to_rdflib(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Identifier:
    """Return a store term as rdflib reads it (a simple literal has no datatype)."""
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    if isinstance(node, ox.Literal):
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == _XSD_STRING:
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))
    raise TypeError(f"SHACL validation does not handle RDF-star terms: {node}")


def holds(formula: Formula, value: Identifier, known: dict[int, bool]) -> bool:
    """Return whether `value` meets `formula`; `known` holds the atoms SPARQL decided."""
    results = iter(
        [known[j] if j in known else atom_holds(atom, value) for j, atom in enumerate(atoms_of(formula))]
    )
    return _combine(formula, results)


def _combine(formula: Formula, results: Iterator[bool]) -> bool:
    if isinstance(formula, AnyOf | AllOf):
        members = [_combine(m, results) for m in formula.members]
        return any(members) if isinstance(formula, AnyOf) else all(members)
    return next(results)


def atom_holds(atom: Atom, value: Identifier) -> bool:
    """Return pySHACL's verdict on one value for a test SPARQL leaves to Python."""
    if isinstance(atom, DatatypeIs):
        return datatype_holds(value, atom.datatype)
    if isinstance(atom, PatternMatch):
        return (
            not isinstance(value, BNode) and _regex(atom.pattern, atom.flags).search(_text(value)) is not None
        )
    if isinstance(atom, LengthBound):
        if isinstance(value, BNode):
            return False
        length = len(_text(value))
        return length >= atom.limit if atom.at_least else length <= atom.limit
    if isinstance(atom, RangeBound):
        return range_holds(value, atom)
    raise ValueError(f"{atom!r} is decided in SPARQL")


def datatype_holds(value: Identifier, rule: URIRef) -> bool:
    """pySHACL's DatatypeConstraintComponent for one value node."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == rule:
        return value.ill_typed is not True and _has_python_type(value, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and rule == XSD.string:
        return _has_python_type(value, rule)
    return rule == RDF.langString and bool(value.language) and _has_python_type(value, rule)


def _has_python_type(value: Literal, rule: URIRef) -> bool:
    python = value.value
    expected: dict[URIRef, type | tuple[type, ...]] = {
        XSD.string: (str, bytes),
        RDF.langString: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: date,
        XSD.time: time,
        XSD.dateTime: datetime,
    }
    return rule not in expected or isinstance(python, expected[rule])


def range_holds(value: Identifier, atom: RangeBound) -> bool:
    """pySHACL's Min/MaxInclusive/Exclusive components for one value node."""
    if not isinstance(value, Literal):
        return False
    if isinstance(value.value, str) != isinstance(atom.bound.value, str):
        return False
    try:
        order: int = compare_literal(value, atom.bound)  # type: ignore[no-untyped-call]
    except (TypeError, NotImplementedError):
        return False
    name = str(atom.parameter).rsplit("#", 1)[-1]
    if name == "minInclusive":
        return order >= 0
    if name == "minExclusive":
        return order > 0
    if name == "maxInclusive":
        return order <= 0
    return order < 0


def pair_holds(value: Identifier, other: Identifier, *, strict: bool) -> bool:
    """pySHACL's LessThan(OrEquals) for one pair; where pySHACL would raise, it fails."""
    if isinstance(value, BNode) or isinstance(other, BNode):
        return False
    left, left_is_text = _comparable(value)
    right, right_is_text = _comparable(other)
    if left_is_text != right_is_text:
        return False
    try:
        return bool(left < right) if strict else bool(left <= right)  # type: ignore[operator]
    except TypeError:
        return False


def _comparable(node: Identifier) -> tuple[object, bool]:
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


def _text(value: Identifier) -> str:
    """pySHACL's `value_node_to_string`."""
    strings = (None, RDF.langString, XSD.string)
    if isinstance(value, Literal) and value.value is not None and value.datatype in strings:
        return str(value.value)
    return str(value)


@lru_cache(maxsize=256)
def _regex(pattern: str, flags: str) -> re.Pattern[str]:
    return re.compile(pattern, (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0))
