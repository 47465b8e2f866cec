"""Read SHACL Core shapes into check records (`checks`), shape by shape.

Only the SHACL Core features graphkit's shapes use (and a few cheap neighbours) are
understood. A top-level shape (one with targets) that uses anything else is set aside
whole, with the reason, so the caller can run pySHACL on just those shapes. Default
messages are pySHACL's texts, with shapes-graph terms printed as pySHACL prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import rdflib
from pyshacl.rdfutil.stringify import stringify_node
from rdflib import OWL, RDF, RDFS, BNode, Literal, URIRef
from rdflib.term import Identifier, Node

from graphkit.namespaces import SH, shorten
from graphkit.shacl.checks import (
    AllOf,
    AlternativePath,
    AnyOf,
    ClassIs,
    Constant,
    CountCheck,
    DatatypeIs,
    Focus,
    Formula,
    Generic,
    InList,
    InversePath,
    LanguageIn,
    LengthBound,
    NodeKindIs,
    PairCheck,
    PathExpr,
    PatternMatch,
    RangeBound,
    RepeatPath,
    SequencePath,
    Unit,
    ValueCheck,
)

_SH = rdflib.Namespace(SH)


class Unsupported(Exception):
    """A shape uses a feature this compiler does not translate."""


# --- reading the shapes graph ----------------------------------------------------------

TARGETS = (_SH.targetClass, _SH.targetSubjectsOf, _SH.targetObjectsOf, _SH.targetNode, _SH.target)
_VALUE_PARAMETERS = {
    _SH["class"], _SH.datatype, _SH.nodeKind, _SH["in"], _SH.pattern, _SH.minLength, _SH.maxLength,
    _SH.minInclusive, _SH.minExclusive, _SH.maxInclusive, _SH.maxExclusive, _SH.languageIn, _SH["or"],
    _SH["and"],
}  # fmt: skip
_PROPERTY_PARAMETERS = {
    _SH.minCount, _SH.maxCount, _SH.uniqueLang, _SH.qualifiedValueShape, _SH.qualifiedMinCount,
    _SH.qualifiedMaxCount, _SH.qualifiedValueShapesDisjoint, _SH.lessThan, _SH.lessThanOrEquals,
}  # fmt: skip
#: Every parameter that makes pySHACL validate something (Core, SPARQL and advanced).
_VALIDATING = (
    _VALUE_PARAMETERS
    | _PROPERTY_PARAMETERS
    | {_SH.node, _SH["not"], _SH.xone, _SH.equals, _SH.disjoint, _SH.closed, _SH.hasValue, _SH.sparql}
    | {_SH.property, _SH.target, _SH.rule, _SH.expression, _SH.js}
)
_LOGICAL = ((_SH["or"], "one or more shapes", AnyOf), (_SH["and"], "all shapes", AllOf))
_RANGES = {
    _SH.minInclusive: ("sh:MinInclusiveConstraintComponent", ">="),
    _SH.minExclusive: ("sh:MinExclusiveConstraintComponent", ">"),
    _SH.maxInclusive: ("sh:MaxInclusiveConstraintComponent", "<="),
    _SH.maxExclusive: ("sh:MaxExclusiveConstraintComponent", "<"),
}


class ShapesReader:
    """Turns the shapes of one shapes graph into `Unit`s, shape by shape."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.g = shapes
        self.custom = {
            p
            for component in shapes.subjects(RDF.type, _SH.ConstraintComponent)
            for parameter in shapes.objects(component, _SH.parameter)
            for p in shapes.objects(parameter, _SH.path)
        }

    def class_types(self) -> set[Node]:
        """Types that make a shape an implicit class target (pySHACL adds owl:Class)."""
        return {RDFS.Class, OWL.Class, *self.g.subjects(RDFS.subClassOf, RDFS.Class)}

    def text(self, node: Node) -> str:
        """Return `node` as pySHACL prints a shapes-graph term in its messages."""
        return str(stringify_node(self.g, node))

    def top_level(self) -> list[Node]:
        """Return the shapes that find focus nodes themselves (targets), sorted."""
        found: set[Node] = set()
        for predicate in TARGETS:
            found.update(self.g.subjects(predicate, None))
        class_types = self.class_types()
        for shape in set(self.g.subjects(RDF.type, _SH.NodeShape)) | set(
            self.g.subjects(RDF.type, _SH.PropertyShape)
        ):
            if class_types & set(self.g.objects(shape, RDF.type)):
                found.add(shape)
        return sorted(found, key=str)

    def deactivated(self, shape: Node) -> bool:
        value = self.g.value(shape, _SH.deactivated)
        return isinstance(value, Literal) and bool(value.value)

    def focus(self, shape: Node) -> Focus:
        """Return the targets of a top-level shape (sh:target is not supported)."""
        if self.g.value(shape, _SH.target) is not None:
            raise Unsupported("sh:target (SPARQL-based or custom targets)")
        classes = set(self.g.objects(shape, _SH.targetClass))
        if self.class_types() & set(self.g.objects(shape, RDF.type)):
            classes.add(shape)
        return Focus(
            classes=self._iris(classes, "sh:targetClass"),
            subjects_of=self._iris(self.g.objects(shape, _SH.targetSubjectsOf), "sh:targetSubjectsOf"),
            objects_of=self._iris(self.g.objects(shape, _SH.targetObjectsOf), "sh:targetObjectsOf"),
            nodes=tuple(
                sorted(
                    (n for n in self.g.objects(shape, _SH.targetNode) if isinstance(n, Identifier)), key=str
                )
            ),
        )

    def _iris(self, nodes: Iterator[Node] | set[Node], what: str) -> tuple[URIRef, ...]:
        found = []
        for node in nodes:
            if not isinstance(node, URIRef):
                raise Unsupported(f"{what} with a non-IRI value")
            found.append(node)
        return tuple(sorted(found))

    def units(self, shape: Node) -> list[Unit]:
        """Return the units of a supported top-level shape; raise `Unsupported` if not."""
        focus = self.focus(shape)
        units = []
        if self.g.value(shape, _SH.path) is not None:
            units.append(self.unit(shape, focus, property_shape=True))
        else:
            units.append(self.unit(shape, focus, property_shape=False))
        for prop in sorted(self.g.objects(shape, _SH.property), key=str):
            if self.deactivated(prop):
                continue
            if self.g.value(prop, _SH.path) is None:
                raise Unsupported(f"sh:property {self.text(prop)} has no sh:path")
            units.append(self.unit(prop, focus, property_shape=True))
        return [u for u in units if u.values or u.counts or u.unique_lang or u.pairs]

    def unit(self, shape: Node, focus: Focus, *, property_shape: bool) -> Unit:
        """Return the checks of one shape (a node shape's own, or a property shape's)."""
        allowed = _VALUE_PARAMETERS | (_PROPERTY_PARAMETERS if property_shape else set())
        for predicate in set(self.g.predicates(shape, None)):
            if predicate in self.custom or (predicate in _VALIDATING and predicate not in allowed):
                if predicate == _SH.property and not property_shape:
                    continue
                raise Unsupported(f"{shorten(str(predicate))} on {self.text(shape)}")
        path_node = self.g.value(shape, _SH.path) if property_shape else None
        path = self.path(path_node) if path_node is not None else None
        messages = sorted(str(m) for m in self.g.objects(shape, _SH.message))
        severity = self.g.value(shape, _SH.severity)
        shape_path_text = self.text(path_node) if path_node is not None else None
        return Unit(
            shape=shape,
            parents=(focus,),
            path=path,
            path_text=self.path_text(path_node) if path_node is not None else None,
            message=messages[0] if messages else None,
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            values=tuple(self.value_checks(shape)),
            counts=tuple(self.count_checks(shape, shape_path_text)),
            unique_lang=self.flag(shape, _SH.uniqueLang),
            pairs=tuple(self.pair_checks(shape)),
        )

    def one(self, shape: Node, predicate: URIRef) -> Node | None:
        values = list(self.g.objects(shape, predicate))
        if len(values) > 1:
            raise Unsupported(f"more than one {shorten(str(predicate))} on {self.text(shape)}")
        return values[0] if values else None

    def flag(self, shape: Node, predicate: URIRef) -> bool:
        value = self.one(shape, predicate)
        return isinstance(value, Literal) and value.value is True

    def integer(self, shape: Node, predicate: URIRef) -> int | None:
        value = self.one(shape, predicate)
        if value is None:
            return None
        if not isinstance(value, Literal) or not isinstance(value.value, int) or value.value < 0:
            raise Unsupported(f"{shorten(str(predicate))} is not a non-negative integer")
        return int(value.value)

    def items(self, node: Node) -> list[Node]:
        if not isinstance(node, BNode | URIRef):
            raise Unsupported("a list parameter that is not an RDF list")
        return list(self.g.items(node))

    def path(self, node: Node) -> PathExpr:
        """Return a SHACL property path as a path record."""
        if isinstance(node, URIRef):
            return node
        if not isinstance(node, BNode):
            raise Unsupported("a literal sh:path")
        if (node, RDF.first, None) in self.g:
            return SequencePath(tuple(self.path(n) for n in self.items(node)))
        if (inverse := self.g.value(node, _SH.inversePath)) is not None:
            return InversePath(self.path(inverse))
        if (alternatives := self.g.value(node, _SH.alternativePath)) is not None:
            return AlternativePath(tuple(self.path(n) for n in self.items(alternatives)))
        for predicate, operator in (
            (_SH.zeroOrMorePath, "*"),
            (_SH.oneOrMorePath, "+"),
            (_SH.zeroOrOnePath, "?"),
        ):
            if (inner := self.g.value(node, predicate)) is not None:
                return RepeatPath(self.path(inner), operator)
        raise Unsupported("an unknown kind of sh:path")

    def path_text(self, node: Node) -> str:
        """Return the path as graphkit.validate's `_path_text` prints pySHACL's report."""
        if isinstance(node, URIRef):
            return str(node)
        inverse = self.g.value(node, _SH.inversePath)
        if inverse is not None:
            if not isinstance(inverse, URIRef):
                raise Unsupported("sh:inversePath of a complex path")
            return "^" + shorten(str(inverse))
        alternatives = self.g.value(node, _SH.alternativePath)
        if alternatives is not None:
            members = self.items(alternatives)
            if not all(isinstance(m, URIRef) for m in members):
                raise Unsupported("sh:alternativePath of complex paths")
            return "|".join(shorten(str(m)) for m in members)
        return "(a complex path)"

    # --- value checks -------------------------------------------------------------------

    def value_checks(self, shape: Node) -> Iterator[ValueCheck]:
        """Yield one check per constraint (and per value of multi-valued parameters)."""
        for component, formula, generic in self.value_constraints(shape, 0):
            yield ValueCheck(component, formula, generic)

    def value_constraints(self, shape: Node, depth: int) -> Iterator[tuple[str, Formula, Generic]]:
        # Multi-valued parameters keep the graph's order: pySHACL lists them so in messages.
        g, text = self.g, self.text
        classes = list(g.objects(shape, _SH["class"]))
        for cls in classes:
            listed = ", ".join(text(c) for c in classes)
            several = f"Value class is not in classes ({listed})"
            message = _either(classes, f"Value does not have class {text(cls)}", several)
            yield "sh:ClassConstraintComponent", ClassIs(self.iri(cls, "sh:class")), _fixed(message)
        if (datatype := self.one(shape, _SH.datatype)) is not None:
            message = f"Value is not Literal with datatype {text(datatype)}"
            yield (
                "sh:DatatypeConstraintComponent",
                DatatypeIs(self.iri(datatype, "sh:datatype")),
                _fixed(message),
            )
        if (kind := self.one(shape, _SH.nodeKind)) is not None:
            message = f"Value is not of Node Kind {text(kind)}"
            yield "sh:NodeKindConstraintComponent", NodeKindIs(self.iri(kind, "sh:nodeKind")), _fixed(message)
        if (members := self.one(shape, _SH["in"])) is not None:
            items = tuple(i for i in self.items(members) if isinstance(i, Identifier))
            listed = str([text(i) for i in items])
            yield "sh:InConstraintComponent", InList(items), lambda _f, v: f"Value {v} not in list {listed}"
        patterns = list(g.objects(shape, _SH.pattern))
        kept = "".join(f for f in "im" if f in str(self.one(shape, _SH.flags) or "").lower())
        for pattern in patterns:
            listed = "', '".join(str(p) for p in patterns)
            several = f"Value does not match every pattern in ('{listed}')"
            message = _either(patterns, f"Value does not match pattern '{pattern}'", several)
            try:
                re.compile(str(pattern), (re.I if "i" in kept else 0) | (re.M if "m" in kept else 0))
            except re.error as error:
                raise Unsupported(f"sh:pattern {pattern!s} is not a Python regular expression") from error
            yield "sh:PatternConstraintComponent", PatternMatch(str(pattern), kept), _fixed(message)
        for predicate, at_least, sign in ((_SH.minLength, True, ">="), (_SH.maxLength, False, "<=")):
            limit = self.integer(shape, predicate)
            if limit is not None and not (at_least and limit == 0):
                message = f"String length not {sign} {text(Literal(limit))}"
                component = f"sh:{'Min' if at_least else 'Max'}LengthConstraintComponent"
                yield component, LengthBound(limit, at_least), _fixed(message)
        for predicate, (component, sign) in _RANGES.items():
            bounds = list(g.objects(shape, predicate))
            for bound in bounds:
                if not isinstance(bound, Literal):
                    raise Unsupported(f"{shorten(str(predicate))} with a non-literal value")
                listed = ", ".join(text(b) for b in bounds)
                message = _either(
                    bounds, f"Value is not {sign} {text(bound)}", f"Value is not {sign} in ({listed})"
                )
                yield component, RangeBound(predicate, bound), _fixed(message)
        if (languages := self.one(shape, _SH.languageIn)) is not None:
            tags = tuple(sorted({str(t).lower() for t in self.items(languages)}))
            message = f"String language is not in {text(languages)}"
            yield "sh:LanguageInConstraintComponent", LanguageIn(tags), _fixed(message)
        for key, word, combine in (
            (_SH["or"], "one or more shapes", AnyOf),
            (_SH["and"], "all shapes", AllOf),
        ):
            lists = list(g.objects(shape, key))
            for members in lists:
                formula = combine(tuple(self.member(m, depth + 1) for m in self.items(members)))
                one = " , ".join(text(m) for m in self.items(members))
                several = " and ".join(f"({' , '.join(text(m) for m in self.items(x))})" for x in lists)
                component = f"sh:{'Or' if combine is AnyOf else 'And'}ConstraintComponent"
                yield component, formula, _valued(f"must conform to {word} in {_either(lists, one, several)}")

    def iri(self, node: Node, what: str) -> URIRef:
        if not isinstance(node, URIRef):
            raise Unsupported(f"{what} with a non-IRI value")
        return node

    def member(self, shape: Node, depth: int) -> Formula:
        """Return the formula a value node must satisfy to conform to a member shape."""
        if depth > 8:
            raise Unsupported("member shapes nested too deeply (or recursive)")
        if self.deactivated(shape):
            return Constant(True)
        if self.g.value(shape, _SH.path) is not None:
            raise Unsupported(
                f"a property shape {self.text(shape)} inside sh:or/sh:and/sh:qualifiedValueShape"
            )
        for predicate in set(self.g.predicates(shape, None)):
            if predicate in self.custom or (predicate in _VALIDATING and predicate not in _VALUE_PARAMETERS):
                raise Unsupported(f"{shorten(str(predicate))} inside a member shape {self.text(shape)}")
        parts = [formula for _c, formula, _g in self.value_constraints(shape, depth)]
        return AllOf(tuple(parts)) if len(parts) != 1 else parts[0]

    # --- count and pair checks ---------------------------------------------------------

    def count_checks(self, shape: Node, path_text: str | None) -> Iterator[CountCheck]:
        on = f"->{path_text}" if path_text else ""
        minimum = self.integer(shape, _SH.minCount)
        if minimum:
            text = f"Less than {minimum} values on {{}}{on}"
            yield CountCheck("sh:MinCountConstraintComponent", minimum, None, None, _focused(text))
        maximum = self.integer(shape, _SH.maxCount)
        if maximum is not None:
            text = f"More than {maximum} values on {{}}{on}"
            yield CountCheck("sh:MaxCountConstraintComponent", None, maximum, None, _focused(text))
        qualified = list(self.g.objects(shape, _SH.qualifiedValueShape))
        if not qualified:
            return
        if self.flag(shape, _SH.qualifiedValueShapesDisjoint):
            raise Unsupported("sh:qualifiedValueShapesDisjoint true")
        q_min = self.integer(shape, _SH.qualifiedMinCount)
        q_max = self.integer(shape, _SH.qualifiedMaxCount)
        if q_min is None and q_max is None:
            raise Unsupported("sh:qualifiedValueShape without a qualified count")
        count_text = (f" MinCount {q_min}" if q_min is not None else "") + (
            f" MaxCount {q_max}" if q_max is not None else ""
        )
        listed = ",".join(self.text(s) for s in qualified)
        text = f"Focus node does not conform to shape{count_text}: {listed}"
        if len(qualified) > 1:
            text = f"Focus node does not conform to shapes{count_text}: ({listed})"
        for value_shape in qualified:
            formula = self.member(value_shape, 1)
            if q_max is not None:
                yield CountCheck(
                    "sh:QualifiedMaxCountConstraintComponent", None, q_max, formula, _fixed(text)
                )
            if q_min:
                yield CountCheck(
                    "sh:QualifiedMinCountConstraintComponent", q_min, None, formula, _fixed(text)
                )

    def pair_checks(self, shape: Node) -> Iterator[PairCheck]:
        for predicate, strict, sign in ((_SH.lessThan, True, "<="), (_SH.lessThanOrEquals, False, "<")):
            others = list(self.g.objects(shape, predicate))
            for other in others:
                if not isinstance(other, URIRef):
                    raise Unsupported(f"{shorten(str(predicate))} with a non-IRI value")
                listed = ", ".join(self.text(o) for o in others)
                component = (
                    "sh:LessThanConstraintComponent" if strict else "sh:LessThanOrEqualsConstraintComponent"
                )
                yield PairCheck(component, other, strict, _pair(listed, sign))


def _either(values: list[Node], one: str, several: str) -> str:
    """pySHACL's message for one parameter value, or for several ("... in (a, b)")."""
    return one if len(values) < 2 else several


def _fixed(text: str) -> Generic:
    return lambda _focus, _value: text


def _valued(rest: str) -> Generic:
    return lambda _focus, value: f"Node {value} {rest}"


def _focused(template: str) -> Generic:
    return lambda focus, _value: template.replace("{}", focus, 1)


def _pair(listed: str, sign: str) -> Generic:
    return lambda focus, value: f"Value of {focus}->{listed} {sign} {value}"


def merge_units(units: list[Unit]) -> list[Unit]:
    """Merge the units of one shared property shape: one unit, all its parents."""
    merged: dict[Node, Unit] = {}
    for unit in units:
        key = unit.shape if unit.path is not None else BNode()
        previous = merged.get(key)
        merged[key] = unit if previous is None else replace(previous, parents=previous.parents + unit.parents)
    return list(merged.values())


def read_shapes(shapes: rdflib.Graph) -> tuple[list[Unit], dict[Node, str]]:
    """Return the units of all supported top-level shapes, and the others with a reason."""
    reader = ShapesReader(shapes)
    units: list[Unit] = []
    unsupported: dict[Node, str] = {}
    for shape in reader.top_level():
        if reader.deactivated(shape):
            continue
        try:
            units += reader.units(shape)
        except Unsupported as reason:
            unsupported[shape] = str(reason)
    return merge_units(units), unsupported
