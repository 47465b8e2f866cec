"""SHACL validation on pyoxigraph: shapes compiled to SPARQL, results as pySHACL gives them.

`compile_shapes` reads the shapes once; `run_shapes` validates the default graph of a
store and returns the `Violation`s `graphkit.validate.validate_graph` (pySHACL with the
ontology mixed in, ``inference="none"``) returns for the same data: same focus nodes,
paths, components, messages, values and severities. A node is an instance of a class if it
has rdf:type that class or a subclass of it (rdfs:subClassOf from the ontology, and from
the data if it has any), as in pySHACL.

Shapes using features that are not compiled are listed in `CompiledShapes.unsupported`;
`shapes_graph_unsupported()` holds just those shapes, for a pySHACL run on the rest.

Known differences from validate_graph:

- Values are printed as the store holds them: pyoxigraph keeps typed literals in canonical
  form (``"3.0"^^xsd:decimal`` is ``"3"``), lower-cases language tags, and does not tell
  ``"x"`` from ``"x"^^xsd:string``. Blank nodes carry the store's ids.
- validate_graph returns nothing when every result is a Warning or Info (pySHACL then
  conforms); `run_shapes` returns those results.
- Where pySHACL raises (sh:lessThan(OrEquals) on values rdflib cannot order, such as an
  ill-typed date, or on blank nodes), `run_shapes` reports a violation.
- Only the ontology's rdfs:subClassOf axioms are used; pySHACL mixes every ontology triple
  into the data.
- A sh:pattern match found by the store's regular expressions is trusted; values it does not
  match are re-checked with Python's `re`, as pySHACL does.
- Default messages (shapes without sh:message) print data nodes with rdflib's default
  prefixes and list sh:in members in list order (pySHACL: in set order, which varies).
  A shape with several sh:message values gets the first in string order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from pyshacl.rdfutil.stringify import stringify_node
from rdflib import RDFS, BNode, URIRef
from rdflib.term import Identifier, Node

from graphkit.shacl.checks import CountCheck, PairCheck, Unit, ValueCheck, atoms_of
from graphkit.shacl.compiler import TARGETS, read_shapes
from graphkit.shacl.exact import holds, pair_holds, to_rdflib
from graphkit.shacl.sparql import (
    Query,
    QueryKind,
    Renderer,
    formula_is_exact,
    is_exact,
    probes,
    subclass_closure,
)
from graphkit.violations import Violation

_SUBCLASSES = f"SELECT ?sub ?super WHERE {{ ?sub <{RDFS.subClassOf}> ?super }}"
_UNIQUE_LANG = "More than one String shares the same Language"
_Check = ValueCheck | CountCheck | PairCheck


@dataclass(frozen=True)
class CompiledShapes:
    """Shapes compiled to SPARQL, and the shapes left for pySHACL.

    Attributes:
        queries: the SELECT queries, in the order `run_shapes` runs them.
        unsupported: the top-level shapes (IRI, or pySHACL's description of a blank node)
            that use features not compiled; `reasons` says which feature, per shape.
    """

    queries: list[Query]
    unsupported: list[str]
    reasons: dict[str, str] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list, repr=False)
    subclasses: frozenset[tuple[URIRef, URIRef]] = frozenset()
    fallback: rdflib.Graph | None = field(default=None, repr=False)

    def shapes_graph_unsupported(self) -> rdflib.Graph | None:
        """Return a shapes graph holding only the unsupported shapes (a copy), or None."""
        if self.fallback is None:
            return None
        copy = rdflib.Graph()
        for prefix, namespace in self.fallback.namespace_manager.namespaces():
            copy.bind(prefix, namespace, override=True)
        for triple in self.fallback:
            copy.add(triple)
        return copy


def compile_shapes(shapes: rdflib.Graph, ontology: rdflib.Graph) -> CompiledShapes:
    """Compile the shapes into SPARQL queries; class membership from the ontology."""
    units, unsupported = read_shapes(shapes)
    edges = frozenset(
        (sub, sup)
        for sub, sup in ontology.subject_objects(RDFS.subClassOf)
        if isinstance(sub, URIRef) and isinstance(sup, URIRef)
    )
    names = {shape: _describe(shapes, shape) for shape in unsupported}
    return CompiledShapes(
        queries=Renderer(subclass_closure(set(edges))).queries(units),
        unsupported=[names[s] for s in unsupported],
        reasons={names[s]: reason for s, reason in unsupported.items()},
        units=units,
        subclasses=edges,
        fallback=_fallback_graph(shapes, list(unsupported)) if unsupported else None,
    )


def run_shapes(compiled: CompiledShapes, data: ox.Store) -> list[Violation]:
    """Validate the default graph of `data`; return the violations sorted as validate_graph does."""
    queries = compiled.queries
    rows = data.query(_SUBCLASSES, use_default_graph_as_union=False)
    assert isinstance(rows, ox.QuerySolutions)
    in_data = {
        (URIRef(row["sub"].value), URIRef(row["super"].value))
        for row in rows
        if isinstance(row["sub"], ox.NamedNode) and isinstance(row["super"], ox.NamedNode)
    }
    if in_data - compiled.subclasses:
        # pySHACL reads rdfs:subClassOf from the data too: recompile with those classes.
        queries = Renderer(subclass_closure(set(compiled.subclasses | in_data))).queries(compiled.units)
    run = _Run(compiled.units, data)
    for query in queries:
        run.query(query)
    return sorted(run.found, key=lambda v: (v.focus, v.path or "", v.message))


class _Run:
    """One validation: turns query rows into violations, re-checking doubtful values."""

    def __init__(self, units: list[Unit], data: ox.Store) -> None:
        self.units = units
        self.data = data
        self.found: list[Violation] = []
        self.qualified: Counter[tuple[int, int, object, object]] = Counter()
        self.terms: dict[object, Identifier] = {}
        self.printer: rdflib.Graph | None = None

    def rdf(self, node: object) -> Identifier:
        term = self.terms.get(node)
        if term is None:
            term = self.terms[node] = to_rdflib(node)  # type: ignore[arg-type]
        return term

    def query(self, query: Query) -> None:
        unit = self.units[query.units[0]]
        rows = self.data.query(query.sparql, use_default_graph_as_union=False)
        assert isinstance(rows, ox.QuerySolutions)
        handle = {
            QueryKind.VALUES: self.values,
            QueryKind.COUNTS: self.counts,
            QueryKind.LANGS: self.langs,
            QueryKind.PAIRS: self.pairs,
        }[query.kind]
        handle(query, unit, rows)

    def values(self, query: Query, unit: Unit, rows: ox.QuerySolutions) -> None:
        tests = probes(unit)
        exact = [formula_is_exact(p.formula) for p in tests]
        for row in rows:
            for i, probe in enumerate(tests):
                if _true(row[f"s{i}"]):
                    continue
                passed = False
                if not exact[i]:
                    known = {
                        j: _true(row[f"x{i}_{j}"])
                        for j, atom in enumerate(atoms_of(probe.formula))
                        if is_exact(atom)
                    }
                    passed = holds(probe.formula, self.rdf(row["v"]), known)
                if isinstance(probe.check, ValueCheck):
                    if not passed:
                        self.add(unit, probe.check, row["f"], row["v"])
                elif passed:
                    self.qualified[(query.units[0], probe.index, row["f"], _parent(unit, row))] += 1

    def counts(self, query: Query, first: Unit, rows: ox.QuerySolutions) -> None:
        for row in rows:
            total = int(row["c"].value)
            parent = _parent(first, row)
            for u, index in enumerate(query.units):
                unit = self.units[index]
                for k, check in enumerate(unit.counts):
                    count = total
                    if check.qualifier is not None:
                        extra = self.qualified[(index, k, row["f"], parent)]
                        count = int(row[f"q{u}_{k}"].value) + extra
                    too_few = check.minimum is not None and count < check.minimum
                    if too_few or (check.maximum is not None and count > check.maximum):
                        self.add(unit, check, row["f"], None)

    def langs(self, query: Query, unit: Unit, rows: ox.QuerySolutions) -> None:
        for row in rows:
            self.add(unit, None, row["f"], None)

    def pairs(self, query: Query, unit: Unit, rows: ox.QuerySolutions) -> None:
        check = unit.pairs[query.check]
        for row in rows:
            if not pair_holds(self.rdf(row["v"]), self.rdf(row["o"]), strict=check.strict):
                self.add(unit, check, row["f"], row["v"])

    def add(
        self, unit: Unit, check: ValueCheck | CountCheck | PairCheck | None, focus: object, value: object
    ) -> None:
        focus_node = self.rdf(focus)
        value_node = self.rdf(value) if value is not None else None
        message = unit.message
        if message is None:
            message = (
                _UNIQUE_LANG if check is None else check.generic(self.text(focus_node), self.text(value_node))
            )
        self.found.append(
            Violation(
                message=message,
                focus=str(focus_node),
                constraint=check.component if check is not None else "sh:UniqueLangConstraintComponent",
                path=unit.path_text,
                value=_node_text(value_node),
                severity=unit.severity,
            )
        )

    def text(self, node: Node | None) -> str:
        """Return a data node as pySHACL prints it in default messages."""
        if node is None:
            return "None"
        if self.printer is None:
            self.printer = rdflib.Graph()  # rdflib's default prefixes only
        return str(stringify_node(self.printer, node))


def _true(term: object) -> bool:
    return isinstance(term, ox.Literal) and term.value == "true"


def _parent(unit: Unit, row: ox.QuerySolution) -> object:
    return row["n"] if len(unit.parents) > 1 else None


def _node_text(node: Identifier | None) -> str | None:
    """graphkit.validate's rendering of sh:value: literals in N3, IRIs as plain strings."""
    if node is None:
        return None
    if isinstance(node, rdflib.Literal):
        return str(node.n3())
    return str(node)


def _describe(shapes: rdflib.Graph, shape: Node) -> str:
    return str(shape) if isinstance(shape, URIRef) else str(stringify_node(shapes, shape))


def _fallback_graph(shapes: rdflib.Graph, roots: list[Node]) -> rdflib.Graph:
    """Return `roots` with everything they refer to; other shapes reached lose their targets."""
    kept = rdflib.Graph()
    for prefix, namespace in shapes.namespace_manager.namespaces():
        kept.bind(prefix, namespace, override=True)
    seen: set[Node] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, obj in shapes.predicate_objects(node):
            if node not in roots and predicate in TARGETS:
                continue
            kept.add((node, predicate, obj))
            if isinstance(obj, BNode | URIRef) and (obj, None, None) in shapes:
                todo.append(obj)
    return kept
