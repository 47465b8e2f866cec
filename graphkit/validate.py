"""SHACL validation of data against `ontology/shapes.ttl`, reported by file and line.

Cardinalities (`sh:maxCount` of 1 or more on a plain property path) are checked per
source graph, not on the union (see `graphkit.checks`): one source gives at most one start
date for a thing, but two sources may disagree, and the graph keeps both values side by
side with their sources (see the `conflicting-facts` query). `split_max_counts` takes them
out of the shapes. Every other constraint is checked on the union of all graphs, since a
file may refer to entities another file describes.

The shape `gks:DeclaredTermsShape` (every `gk:` term used is declared) is evaluated here in
Python with the same rule and messages: pyshacl parses its SPARQL once per focus node,
which took most of the validation time once the graph grew past a few hundred entities.
"""

from __future__ import annotations

from dataclasses import dataclass

import rdflib
import rdflib.collection
from pyshacl import validate as shacl_validate
from rdflib import OWL, RDF, RDFS, URIRef

from graphkit import bundled
from graphkit.namespaces import GK, SH, shorten
from graphkit.violations import Violation

_SH = rdflib.Namespace(SH)
DECLARED_TERMS_SHAPE = URIRef("https://w3id.org/graphkit/shapes#DeclaredTermsShape")


def _node_text(node: rdflib.term.Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.Literal):
        return node.n3()
    return str(node)


def _path_text(report: rdflib.Graph, path: rdflib.term.Node | None) -> str | None:
    """Return a SHACL path as text: an IRI, ``^p`` or ``p1|p2`` for alternatives."""
    if path is None or not isinstance(path, rdflib.BNode):
        return _node_text(path)
    inverse = report.value(path, _SH.inversePath)
    if inverse is not None:
        return "^" + shorten(str(inverse))
    alternatives = report.value(path, _SH.alternativePath)
    if alternatives is not None:
        members = rdflib.collection.Collection(report, alternatives)
        return "|".join(shorten(str(m)) for m in members)
    return "(a complex path)"


@dataclass(frozen=True, slots=True)
class MaxCount:
    """One `sh:maxCount` that is checked per source graph."""

    target_classes: frozenset[URIRef]
    target_subjects_of: frozenset[URIRef]
    path: URIRef
    maximum: int
    message: str


def split_max_counts(shapes: rdflib.Graph) -> tuple[rdflib.Graph, list[MaxCount]]:
    """Return the shapes without their per-source maxCounts, and those maxCounts.

    Only `sh:maxCount` of at least 1 on a property shape with an IRI path is moved out;
    `sh:maxCount 0` ("never") stays a constraint on the union.
    """
    moved: list[MaxCount] = []
    removed: set[tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]] = set()
    for node_shape in set(shapes.subjects(_SH.property, None)):
        classes = frozenset(c for c in shapes.objects(node_shape, _SH.targetClass) if isinstance(c, URIRef))
        subjects_of = frozenset(
            c for c in shapes.objects(node_shape, _SH.targetSubjectsOf) if isinstance(c, URIRef)
        )
        if not classes and not subjects_of:
            continue
        for prop in shapes.objects(node_shape, _SH.property):
            path = shapes.value(prop, _SH.path)
            maximum = shapes.value(prop, _SH.maxCount)
            if not isinstance(path, URIRef) or not isinstance(maximum, rdflib.Literal):
                continue
            limit = int(maximum.toPython())
            if limit < 1:
                continue
            message = str(shapes.value(prop, _SH.message) or f"at most {limit} value(s)")
            moved.append(MaxCount(classes, subjects_of, path, limit, message))
            removed.add((prop, _SH.maxCount, maximum))
    kept = rdflib.Graph()
    for prefix, namespace in shapes.namespace_manager.namespaces():
        kept.bind(prefix, namespace, override=True)
    for triple in shapes:
        if triple not in removed:
            kept.add(triple)
    return kept, moved


def superclasses(ontology: rdflib.Graph) -> dict[rdflib.term.Node, set[rdflib.term.Node]]:
    """Return each class with all its superclasses (itself included)."""
    parents: dict[rdflib.term.Node, set[rdflib.term.Node]] = {}
    for child, parent in ontology.subject_objects(RDFS.subClassOf):
        parents.setdefault(child, set()).add(parent)
    closed: dict[rdflib.term.Node, set[rdflib.term.Node]] = {}
    for start in parents:
        seen = {start}
        todo = [start]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        closed[start] = seen
    return closed


def without_shape(shapes: rdflib.Graph, shape: URIRef) -> rdflib.Graph:
    """Return a copy of `shapes` without `shape` and the blank nodes that describe it."""
    drop: set[rdflib.term.Node] = set()
    todo: list[rdflib.term.Node] = [shape]
    while todo:
        node = todo.pop()
        if node in drop:
            continue
        drop.add(node)
        todo += [o for o in shapes.objects(node, None) if isinstance(o, rdflib.BNode)]
    kept = rdflib.Graph()
    for prefix, namespace in shapes.namespace_manager.namespaces():
        kept.bind(prefix, namespace, override=True)
    for triple in shapes:
        if triple[0] not in drop:
            kept.add(triple)
    return kept


def check_declared_terms(data: rdflib.Graph, ontology: rdflib.Graph) -> list[Violation]:
    """Return a violation for each `gk:` property or class used in `data` but not declared."""
    properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty)
    )
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    found = []
    for s, p, o in data:
        if str(p).startswith(GK) and p not in properties:
            found.append(
                Violation(
                    message=(
                        f"uses the property {shorten(str(p))}, which the graphkit ontology does not declare"
                    ),
                    focus=str(s),
                    constraint="sh:SPARQLConstraintComponent",
                    path=str(p),
                    value=_node_text(o),
                )
            )
        elif p == RDF.type and str(o).startswith(GK) and o not in classes:
            found.append(
                Violation(
                    message=(
                        f"is typed {shorten(str(o))}, which the graphkit ontology does not declare as a class"
                    ),
                    focus=str(s),
                    constraint="sh:SPARQLConstraintComponent",
                    path=str(RDF.type),
                    value=_node_text(o),
                )
            )
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message))


def validate_graph(
    data: rdflib.Graph,
    *,
    shapes: rdflib.Graph | None = None,
    ontology: rdflib.Graph | None = None,
) -> list[Violation]:
    """Validate `data` against the SHACL shapes; return the violations (none = conforms)."""
    shapes = shapes if shapes is not None else rdflib.Graph().parse(bundled.shapes_file())
    ontology = ontology if ontology is not None else rdflib.Graph().parse(bundled.ontology_file())
    conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if conforms:
        return []
    violations = []
    for result in report.subjects(RDF.type, _SH.ValidationResult):
        component = report.value(result, _SH.sourceConstraintComponent)
        severity = report.value(result, _SH.resultSeverity)
        violations.append(
            Violation(
                message=str(report.value(result, _SH.resultMessage) or "does not conform"),
                focus=str(report.value(result, _SH.focusNode)),
                constraint=shorten(str(component)) if component else "sh:sparql",
                path=_path_text(report, report.value(result, _SH.resultPath)),
                value=_node_text(report.value(result, _SH.value)),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return sorted(violations, key=lambda v: (v.focus, v.path or "", v.message))
