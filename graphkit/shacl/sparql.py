"""Render compiled SHACL checks (`checks`) as SPARQL SELECT queries for pyoxigraph.

Each value test becomes a SPARQL expression that is true only where the test surely holds.
For most tests that expression is exact. Where SPARQL and pySHACL could disagree (the
lexical rules of typed literals, Python regular expressions, rdflib's ordering of
literals) it is a safe under-approximation: the query returns the doubtful rows, and
`native` decides them in Python with pySHACL's own rules. Every expression is wrapped
in COALESCE, so that an error never hides a row.

Terms are written into the queries in N-Triples form by pyoxigraph, never pasted raw.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox
import rdflib.term
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.term import Identifier

from graphkit.namespaces import SH
from graphkit.shacl.checks import (
    AllOf,
    AlternativePath,
    AnyOf,
    Atom,
    ClassIs,
    Constant,
    CountCheck,
    DatatypeIs,
    Focus,
    Formula,
    InList,
    InversePath,
    LanguageIn,
    LengthBound,
    NodeKindIs,
    PathExpr,
    PatternMatch,
    RangeBound,
    RepeatPath,
    SequencePath,
    Unit,
    ValueCheck,
    atoms_of,
)

#: Datatypes pySHACL checks by the Python type of the literal's value (besides ill_typed).
ASSERTED = frozenset(
    {XSD.string, XSD.integer, XSD.float, XSD.decimal, XSD.boolean, XSD.date, XSD.time, XSD.dateTime}
)
#: Lexical forms that rdflib surely reads as well-typed (a subset; the rest goes to Python).
SAFE_LEXICAL = {
    XSD.integer: "^[+-]?[0-9]+$",
    XSD.decimal: "^[+-]?[0-9]+(\\.[0-9]+)?$",
    XSD.boolean: "^(true|false)$",
    XSD.date: "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
}
_STRINGS = f"<{XSD.string}>, <{RDF.langString}>"
_KINDS = {
    SH + "IRI": "isIRI({v})",
    SH + "BlankNode": "isBlank({v})",
    SH + "Literal": "isLiteral({v})",
    SH + "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    SH + "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    SH + "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}


def _is_string(v: str) -> str:
    """An IRI or a string literal: pySHACL compares and matches these by their text."""
    return f"(isIRI({v}) || (isLiteral({v}) && DATATYPE({v}) IN ({_STRINGS})))"


class QueryKind(StrEnum):
    """What the rows of a query are: value nodes, counts, duplicate languages or pairs."""

    VALUES = "values"
    COUNTS = "counts"
    LANGS = "langs"
    PAIRS = "pairs"


@dataclass(frozen=True, slots=True)
class Query:
    """One SELECT query: the checks of one kind of `units` (by index; pairs: one check).

    Count queries cover every unit with the same parents and path (one scan for, say, the
    three label shapes); the other kinds cover one unit each.
    """

    kind: QueryKind
    units: tuple[int, ...]
    check: int
    sparql: str


@dataclass(frozen=True, slots=True)
class Probe:
    """A formula tested on each value node: a value check, or a qualifier to be counted."""

    check: ValueCheck | CountCheck
    formula: Formula
    index: int


def term(node: Identifier) -> str:
    """Return an rdflib term in N-Triples form, as pyoxigraph writes it (escaped)."""
    if isinstance(node, URIRef):
        return str(ox.NamedNode(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
        return str(ox.Literal(str(node), datatype=datatype))
    raise ValueError(f"cannot write {node!r} into a query")


def checked_in_python(datatype: URIRef) -> bool:
    """Return whether pySHACL's verdict on a literal of `datatype` depends on its lexical form."""
    if datatype in (XSD.string, RDF.langString, RDFS.Literal, RDFS.Datatype):
        return False
    return datatype in ASSERTED or rdflib.term._toPythonMapping.get(datatype) is not None


def is_exact(atom: Atom) -> bool:
    """Return whether the SPARQL expression of `atom` decides it (no Python re-check)."""
    if isinstance(atom, DatatypeIs):
        return not checked_in_python(atom.datatype)
    return not isinstance(atom, PatternMatch | LengthBound | RangeBound)


def formula_is_exact(formula: Formula) -> bool:
    return all(is_exact(a) for a in atoms_of(formula))


def probes(unit: Unit) -> list[Probe]:
    """Return the formulas the unit's value query tests, in column order."""
    found = [Probe(check, check.formula, i) for i, check in enumerate(unit.values)]
    for k, check in enumerate(unit.counts):
        if check.qualifier is not None and not formula_is_exact(check.qualifier):
            found.append(Probe(check, check.qualifier, k))
    return found


def subclass_closure(edges: set[tuple[URIRef, URIRef]]) -> dict[URIRef, tuple[URIRef, ...]]:
    """Return each class with all its subclasses, itself included, from (sub, super) pairs."""
    children: dict[URIRef, set[URIRef]] = {}
    for sub, sup in edges:
        children.setdefault(sup, set()).add(sub)
    closure = {}
    for start in children:
        seen = {start}
        todo = [start]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        closure[start] = tuple(sorted(seen))
    return closure


class Renderer:
    """Writes the queries of units, with class membership taken from a subclass closure."""

    def __init__(self, closure: dict[URIRef, tuple[URIRef, ...]]) -> None:
        self.closure = closure
        self.fresh = 0

    def name(self) -> str:
        self.fresh += 1
        return f"?z{self.fresh}"

    def instances_of(self, classes: tuple[URIRef, ...]) -> str:
        return " ".join(term(c) for c in sorted({s for c in classes for s in self.closure.get(c, (c,))}))

    def targets(self, focus: Focus) -> str:
        parts = []
        if focus.classes:
            parts.append(f"{{ ?f <{RDF.type}> ?t . VALUES ?t {{ {self.instances_of(focus.classes)} }} }}")
        parts += [f"{{ ?f {term(p)} ?o }}" for p in focus.subjects_of]
        parts += [f"{{ ?s {term(p)} ?f }}" for p in focus.objects_of]
        if focus.nodes:
            parts.append(f"{{ VALUES ?f {{ {' '.join(term(n) for n in focus.nodes)} }} }}")
        return " UNION ".join(parts) or "{ FILTER(false) }"

    def focus(self, parents: tuple[Focus, ...]) -> str:
        """Return a group binding ?f (and ?n, the parent, when there are several)."""
        if len(parents) == 1:
            return f"{{ SELECT DISTINCT ?f WHERE {{ {self.targets(parents[0])} }} }}"
        branches = " UNION ".join(f"{{ {self.targets(p)} BIND({i} AS ?n) }}" for i, p in enumerate(parents))
        return f"{{ SELECT DISTINCT ?f ?n WHERE {{ {branches} }} }}"

    def path(self, path: PathExpr) -> str:
        if isinstance(path, URIRef):
            return term(path)
        if isinstance(path, InversePath):
            return f"^({self.path(path.path)})"
        if isinstance(path, AlternativePath):
            return "(" + "|".join(self.path(p) for p in path.paths) + ")"
        if isinstance(path, SequencePath):
            return "(" + "/".join(self.path(p) for p in path.paths) + ")"
        assert isinstance(path, RepeatPath)
        return f"({self.path(path.path)}){path.operator}"

    def values_of(self, unit: Unit) -> str:
        """Return a pattern binding ?v to each value node of ?f."""
        return "BIND(?f AS ?v)" if unit.path is None else f"?f {self.path(unit.path)} ?v ."

    def sure(self, formula: Formula, v: str = "?v") -> str:
        """Return an expression that is true only where `formula` surely holds (never errs)."""
        if isinstance(formula, AnyOf | AllOf):
            if not formula.members:
                return "true" if isinstance(formula, AllOf) else "false"
            joiner = " || " if isinstance(formula, AnyOf) else " && "
            return "(" + joiner.join(self.sure(m, v) for m in formula.members) + ")"
        return f"COALESCE({self.atom(formula, v)}, false)"

    def atom(self, atom: Atom, v: str) -> str:
        literal = f"isLiteral({v})"
        if isinstance(atom, ClassIs):
            t = self.name()
            return f"EXISTS {{ {v} <{RDF.type}> {t} . VALUES {t} {{ {self.instances_of((atom.cls,))} }} }}"
        if isinstance(atom, DatatypeIs):
            return self.datatype(atom.datatype, v)
        if isinstance(atom, NodeKindIs):
            return _KINDS.get(str(atom.kind), "false").format(v=v)
        if isinstance(atom, InList):
            return "(" + " || ".join([f"sameTerm({v}, {term(m)})" for m in atom.members] or ["false"]) + ")"
        if isinstance(atom, PatternMatch):
            flags = f", {term(Literal(atom.flags))}" if atom.flags else ""
            return f"({_is_string(v)} && REGEX(STR({v}), {term(Literal(atom.pattern))}{flags}))"
        if isinstance(atom, LengthBound):
            return f"({_is_string(v)} && STRLEN(STR({v})) {'>=' if atom.at_least else '<='} {atom.limit})"
        if isinstance(atom, RangeBound):
            return self.range(atom, v)
        if isinstance(atom, LanguageIn):
            if "*" in atom.languages:
                return f'({literal} && LANG({v}) != "")'
            tags = ", ".join(term(Literal(t)) for t in atom.languages)
            first = f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-"))'
            return f'({literal} && LANG({v}) != "" && (LCASE(LANG({v})) IN ({tags}) || {first} IN ({tags})))'
        assert isinstance(atom, Constant)
        return "true" if atom.value else "false"

    def datatype(self, datatype: URIRef, v: str) -> str:
        literal = f"isLiteral({v})"
        if datatype == RDF.langString:
            return f'({literal} && LANG({v}) != "")'
        if datatype == RDFS.Literal:
            return literal
        if datatype == RDFS.Datatype:
            return f"({literal} && DATATYPE({v}) NOT IN ({_STRINGS}))"
        typed = f"({literal} && DATATYPE({v}) = {term(datatype)})"
        if not checked_in_python(datatype):
            return typed
        safe = SAFE_LEXICAL.get(datatype)
        return f"({typed} && REGEX(STR({v}), {term(Literal(safe))}))" if safe else "false"

    def range(self, atom: RangeBound, v: str) -> str:
        bound = atom.bound
        if bound.datatype not in (XSD.integer, XSD.decimal) or bound.ill_typed:
            return "false"
        operator = {"minInclusive": ">=", "minExclusive": ">", "maxInclusive": "<=", "maxExclusive": "<"}
        sign = operator[str(atom.parameter).rsplit("#", 1)[-1]]
        return f"({self.datatype(XSD.integer, v)} && {v} {sign} {term(bound)})"

    # --- queries ------------------------------------------------------------------------

    def queries(self, units: list[Unit]) -> list[Query]:
        """Return the queries of all units; count queries last (they use the value rows)."""
        found = []
        counted: dict[tuple[tuple[Focus, ...], PathExpr | None], list[int]] = {}
        for index, unit in enumerate(units):
            if unit.values or any(isinstance(p.check, CountCheck) for p in probes(unit)):
                found.append(Query(QueryKind.VALUES, (index,), 0, self.value_query(unit)))
            if unit.unique_lang:
                found.append(Query(QueryKind.LANGS, (index,), 0, self.lang_query(unit)))
            for number, _check in enumerate(unit.pairs):
                found.append(Query(QueryKind.PAIRS, (index,), number, self.pair_query(unit, number)))
            if unit.counts:
                counted.setdefault((unit.parents, unit.path), []).append(index)
        for group in counted.values():
            sparql = self.count_query([units[i] for i in group])
            found.append(Query(QueryKind.COUNTS, tuple(group), 0, sparql))
        return found

    def keys(self, unit: Unit) -> str:
        return "?f ?n" if len(unit.parents) > 1 else "?f"

    def value_query(self, unit: Unit) -> str:
        """Rows: ?f, ?v, ?s<i> (probe i surely holds), ?x<i>_<j> (exact atom j of probe i)."""
        columns, binds, misses = [], [], []
        for i, probe in enumerate(probes(unit)):
            binds.append(f"BIND({self.sure(probe.formula)} AS ?s{i})")
            columns.append(f"?s{i}")
            misses.append(f"!?s{i}")
            if formula_is_exact(probe.formula):
                continue
            for j, atom in enumerate(atoms_of(probe.formula)):
                if is_exact(atom):
                    binds.append(f"BIND(COALESCE({self.atom(atom, '?v')}, false) AS ?x{i}_{j})")
                    columns.append(f"?x{i}_{j}")
        return (
            f"SELECT DISTINCT {self.keys(unit)} ?v {' '.join(columns)} WHERE {{ {self.focus(unit.parents)} "
            f"{self.values_of(unit)} {' '.join(binds)} FILTER({' || '.join(misses)}) }}"
        )

    def count_query(self, group: list[Unit]) -> str:
        """Rows: ?f, ?c (value nodes), ?q<u>_<k> (values surely meeting qualifier k of unit u).

        The units of `group` share their parents and path.
        """
        columns, having = ["(COUNT(?v) AS ?c)"], []
        for u, unit in enumerate(group):
            for k, check in enumerate(unit.counts):
                counted = "COUNT(?v)"
                if check.qualifier is not None:
                    counted = f"SUM(IF({self.sure(check.qualifier)}, 1, 0))"
                    columns.append(f"({counted} AS ?q{u}_{k})")
                if check.minimum is not None:
                    having.append(f"{counted} < {check.minimum}")
                if check.maximum is not None:
                    exact = check.qualifier is None or formula_is_exact(check.qualifier)
                    having.append(f"{counted if exact else 'COUNT(?v)'} > {check.maximum}")
        unit = group[0]
        keys = self.keys(unit)
        values = f"OPTIONAL {{ {self.values_of(unit)} }}" if unit.path is not None else self.values_of(unit)
        return (
            f"SELECT {keys} {' '.join(columns)} WHERE {{ {self.distinct_values(unit, values)} }} "
            f"GROUP BY {keys} HAVING ({' || '.join(having)})"
        )

    def lang_query(self, unit: Unit) -> str:
        """Rows: ?f, ?lang: a language tag (lower case) that two value nodes share."""
        tagged = f'{self.values_of(unit)} FILTER(isLiteral(?v) && LANG(?v) != "")'
        return (
            f"SELECT {self.keys(unit)} ?lang WHERE {{ {self.distinct_values(unit, tagged)} }} "
            f"GROUP BY {self.keys(unit)} (LCASE(LANG(?v)) AS ?lang) HAVING (COUNT(?v) > 1)"
        )

    def distinct_values(self, unit: Unit, values: str) -> str:
        """Return the focus nodes joined with `values`, each value node once per focus node.

        A plain IRI path gives each (focus, value) once already; other paths can reach a
        value more than once, so they go through DISTINCT (which costs a sort).
        """
        pattern = f"{self.focus(unit.parents)} {values}"
        if unit.path is None or isinstance(unit.path, URIRef):
            return pattern
        return f"{{ SELECT DISTINCT {self.keys(unit)} ?v WHERE {{ {pattern} }} }}"

    def pair_query(self, unit: Unit, number: int) -> str:
        """Rows: ?f, ?v, ?o (a value of the other property) where v < o (or <=) is not sure."""
        check = unit.pairs[number]
        sign = "<" if check.strict else "<="
        strings = f"{_is_string('?v')} && {_is_string('?o')}"
        same = []
        for datatype in (XSD.integer, XSD.date):
            both = " && ".join(self.datatype(datatype, x) for x in ("?v", "?o"))
            same.append(f"({both} && ?v {sign} ?o)")
        sure = f"COALESCE(({strings} && STR(?v) {sign} STR(?o)) || {' || '.join(same)}, false)"
        return (
            f"SELECT DISTINCT {self.keys(unit)} ?v ?o WHERE {{ {self.focus(unit.parents)} "
            f"{self.values_of(unit)} ?f {term(check.other)} ?o . FILTER(!{sure}) }}"
        )
