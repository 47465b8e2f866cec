"""The checks a write must pass before it is published, with violations placed by file and line.

What is checked, cheapest first:

1. **Provenance** (curated data only): every data graph names its source document
   (``<graph> gk:source <doc>``). Other data is traced by its load record instead. It is
   checked before anything else: a Turtle, N-Triples or RDF/XML file whose bytes never
   spell ``source`` is refused before it is parsed (`check_provenance_unread`), any other
   curated file as soon as it has been read, before SHACL (`graphkit.ingest`).
2. **SHACL** (`ontology/shapes.ttl`) on what uses graphkit's vocabulary: the subjects the
   write adds or changes, described as the store will hold them after the write (all their
   statements, from every graph) plus the classes of the things they point to. Data in
   other vocabularies passes unless a shape targets it. The German and English labels the
   shapes require are required of curated data only.
3. **Cardinality per source**: `sh:maxCount` (of 1 or more, on a plain property) counts
   the values one graph gives, so two sources may disagree and both are kept.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
import rdflib
from rdflib import OWL, RDF, RDFS, URIRef

from graphkit import bundled
from graphkit.loader import Input
from graphkit.locate import SourceText
from graphkit.namespaces import GK, ONTOLOGY_GRAPH
from graphkit.shacl import CompiledShapes, compile_shapes, run_shapes
from graphkit.store.base import GraphWriter
from graphkit.store.terms import ox_to_rdflib
from graphkit.store.writer import DEFAULT
from graphkit.validate import (
    DECLARED_TERMS_SHAPE,
    MaxCount,
    check_declared_terms,
    split_max_counts,
    superclasses,
    validate_graph,
    without_shape,
)
from graphkit.violations import Violation

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TYPE = ox.NamedNode(str(RDF.type))


@dataclass(frozen=True, slots=True)
class Shapes:
    """The bundled shapes, prepared once: SHACL for pySHACL, and the rules graphkit checks itself."""

    shacl: rdflib.Graph
    max_counts: tuple[MaxCount, ...]
    declared_terms: bool

    @property
    def per_source_predicates(self) -> frozenset[str]:
        return frozenset(str(rule.path) for rule in self.max_counts)


@lru_cache(maxsize=1)
def bundled_shapes() -> Shapes:
    """Return the bundled shapes, parsed and split (cached for the process)."""
    graph = rdflib.Graph().parse(bundled.shapes_file())
    declared = (DECLARED_TERMS_SHAPE, None, None) in graph
    shacl, max_counts = split_max_counts(without_shape(graph, DECLARED_TERMS_SHAPE))
    return Shapes(shacl, tuple(max_counts), declared)


@lru_cache(maxsize=1)
def _bundled_ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(bundled.ontology_file())


def _graph_of(writer: GraphWriter, name: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for quad in writer.quads(None, None, None, ox.NamedNode(name)):
        graph.add((ox_to_rdflib(quad.subject), ox_to_rdflib(quad.predicate), ox_to_rdflib(quad.object)))
    return graph


def _ontology(writer: GraphWriter, inputs: list[Input]) -> rdflib.Graph:
    """Return the ontology the data is checked with: the one loaded now, else the store's."""
    for source in inputs:
        for name in sorted(source.stats.ontologies):
            return _graph_of(writer, name)
    if next(writer.quads(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)), None) is not None:
        return _graph_of(writer, ONTOLOGY_GRAPH)
    return _bundled_ontology()


def check_provenance(inputs: list[Input]) -> list[Violation]:
    """Return a violation for each curated data graph that does not name its source document."""
    found = []
    for source in inputs:
        if not source.curated:
            continue
        text: SourceText | None = None
        for graph in sorted(source.stats.quads):
            if graph in source.stats.sourced or graph in source.stats.ontologies:
                continue
            if text is None:
                text = SourceText.read(source)
            block = text.starts.get(graph) if text else None
            where = "in its GRAPH block" if block else "(the graph name comes from the file name)"
            found.append(
                Violation(
                    message=(
                        "the graph does not name its source document: add "
                        f"`<{graph}> gk:source <document>` {where}"
                    ),
                    focus=graph,
                    constraint="graphkit:provenance",
                    path=GK + "source",
                    file=source.name,
                    line=block or 1,
                )
            )
    return found


#: Bytes any statement of a source, or an ontology, must contain (``gk:source``, ``owl:Ontology``).
_SOURCE_WORDS = (b"source", b"Ontology")


def check_provenance_unread(source: Input) -> list[Violation]:
    """Return the provenance violation of a curated file that cannot name its source, before it is parsed.

    The cheap rule before the expensive ones: a file whose bytes never spell ``source``
    (nor ``Ontology``: the ontology names no source) cannot say ``<graph> gk:source <doc>``,
    so it is refused after one byte search instead of after parsing, loading and SHACL.
    Only for formats whose graph is the file's own (Turtle, N-Triples, RDF/XML); files that
    name graphs are checked as soon as they are read.
    """
    if not source.curated or source.format.has_graphs:
        return []
    tail = b""
    try:
        with source.open_screened() as stream:  # a gzip bomb stops here too
            while chunk := stream.read(1 << 20):
                window = tail + chunk
                if any(word in window for word in _SOURCE_WORDS):
                    return []
                tail = window[-8:]
    except (OSError, EOFError, zlib.error):
        return []  # unreadable: the read itself says why, with the file and line
    return [
        Violation(
            message=(
                "the graph does not name its source document: add "
                f"`<{source.graph}> gk:source <document>` (the graph name comes from the file name)"
            ),
            focus=source.graph,
            constraint="graphkit:provenance",
            path=GK + "source",
            file=source.name,
            line=1,
        )
    ]


def _data_for(writer: GraphWriter, subjects: Iterable[ox.NamedNode | ox.BlankNode]) -> ox.Store:
    """Return what the store (after the write) says about `subjects`, and the classes of their objects.

    The result is an in-memory store holding it all in its default graph.
    """
    data = ox.Store()
    found: list[ox.Quad] = []
    objects: set[ox.NamedNode | ox.BlankNode] = set()
    described: set[ox.NamedNode | ox.BlankNode] = set()
    for subject in subjects:
        described.add(subject)
        for quad in writer.quads(subject, None, None, DEFAULT):
            found.append(quad)
            if isinstance(quad.object, (ox.NamedNode, ox.BlankNode)):
                objects.add(quad.object)
    for node in objects - described:
        found.extend(writer.quads(node, _TYPE, None, DEFAULT))
    data.bulk_extend(found)
    return data


def _rdflib_graph(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for quad in quads:
        graph.add((ox_to_rdflib(quad.subject), ox_to_rdflib(quad.predicate), ox_to_rdflib(quad.object)))
    return graph


def _undeclared(data: ox.Store, ontology: rdflib.Graph) -> list[Violation]:
    """Return the uses of `gk:` properties and classes the ontology does not declare."""
    properties = {
        str(s)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    classes = {str(s) for s in ontology.subjects(RDF.type, OWL.Class)}
    suspects = [
        quad
        for quad in data.quads_for_pattern(None, None, None, DEFAULT)
        if (quad.predicate.value.startswith(GK) and quad.predicate.value not in properties)
        or (
            quad.predicate == _TYPE
            and isinstance(quad.object, ox.NamedNode)
            and quad.object.value.startswith(GK)
            and quad.object.value not in classes
        )
    ]
    return check_declared_terms(_rdflib_graph(suspects), ontology) if suspects else []


@lru_cache(maxsize=4)
def _compiled(shapes: Shapes, ontology_key: frozenset[tuple[str, str]]) -> CompiledShapes:
    ontology = rdflib.Graph()
    for child, parent in ontology_key:
        ontology.add((URIRef(child), RDFS.subClassOf, URIRef(parent)))
    return compile_shapes(shapes.shacl, ontology)


def run_shacl(data: ox.Store, ontology: rdflib.Graph, shapes: Shapes | None = None) -> list[Violation]:
    """Validate the default graph of `data` against the shapes: natively, pySHACL for what is not compiled."""
    shapes = shapes or bundled_shapes()
    key = frozenset(
        (str(c), str(p)) for c, p in ontology.subject_objects(RDFS.subClassOf) if isinstance(p, URIRef)
    )
    compiled = _compiled(shapes, key)
    violations = run_shapes(compiled, data)
    rest = compiled.shapes_graph_unsupported()
    if rest is not None:
        violations += validate_graph(
            _rdflib_graph(data.quads_for_pattern(None, None, None, DEFAULT)), shapes=rest, ontology=ontology
        )
    if shapes.declared_terms:
        violations += _undeclared(data, ontology)
    return violations


def check_per_source(
    writer: GraphWriter, inputs: list[Input], ontology: rdflib.Graph, rules: Iterable[MaxCount]
) -> list[Violation]:
    """Return a violation where one graph gives a focus node more values than sh:maxCount."""
    by_path: dict[str, list[MaxCount]] = {}
    for rule in rules:
        by_path.setdefault(str(rule.path), []).append(rule)
    closure = superclasses(ontology)
    found = []
    for source in inputs:
        text: SourceText | None = None
        for (graph, focus, path), count in sorted(source.stats.per_source.items(), key=lambda i: str(i[0])):
            classes: set[rdflib.term.Node] = set()
            for quad in writer.quads(focus, _TYPE, None, DEFAULT):
                cls = ox_to_rdflib(quad.object)
                classes |= closure.get(cls, {cls})
            for rule in by_path.get(path, []):
                applies = bool(rule.target_classes & classes) or any(
                    next(writer.quads(focus, ox.NamedNode(str(p)), None, DEFAULT), None) is not None
                    for p in rule.target_subjects_of
                )
                if applies and count > rule.maximum:
                    text = text or SourceText.read(source)
                    found.append(
                        Violation(
                            message=f"{rule.message} (within one source graph: {count} values)",
                            focus=focus.value,
                            constraint="sh:MaxCountConstraintComponent",
                            path=path,
                            file=source.name,
                            line=text.line_of(focus.value, graph) if text else None,
                        )
                    )
                    break
    return found


def _relaxed(violation: Violation, curated_subjects: set[str]) -> bool:
    """Whether a violation is of a rule only curated data must keep (German and English labels)."""
    return violation.path == RDFS_LABEL and violation.focus not in curated_subjects


def check_write(writer: GraphWriter, inputs: list[Input], removed: list[ox.Quad]) -> list[Violation]:
    """Return every violation the write would bring into the store (empty: it may be published).

    Args:
        writer: the write, with the inputs already added.
        inputs: what was read (their `stats` filled while reading).
        removed: quads the write removed (the old content of replaced graphs).
    """
    shapes = bundled_shapes()
    found = check_provenance(inputs)
    checked = [s for s in inputs if s.stats.uses_graphkit_terms or s.curated]
    data_inputs = [s for s in checked if not (set(s.stats.quads) <= s.stats.ontologies)]
    changed = {q.subject for q in removed if isinstance(q.subject, (ox.NamedNode, ox.BlankNode))}
    changed = {s for s in changed if next(writer.quads(s, None, None, DEFAULT), None) is not None}
    if not data_inputs and not changed:
        return found
    ontology = _ontology(writer, inputs)
    subjects = set(changed)
    for source in data_inputs:
        subjects |= source.stats.subjects
    data = _data_for(writer, subjects)
    curated_subjects = {s.value for source in inputs if source.curated for s in source.stats.subjects}
    violations = run_shacl(data, ontology, shapes)
    # Only the subjects are fully described; the things they point to carry just their
    # classes (for sh:class), so violations about those are not theirs to report.
    focus = {s.value for s in subjects}
    violations = [v for v in violations if v.focus in focus and not _relaxed(v, curated_subjects)]
    found += locate(violations, inputs)
    found += check_per_source(writer, data_inputs, ontology, shapes.max_counts)
    return found


def locate(violations: list[Violation], inputs: list[Input]) -> list[Violation]:
    """Attach to each violation the file and line where its focus node is described."""
    texts: dict[str, SourceText | None] = {}
    located = []
    for violation in violations:
        if violation.file:
            located.append(violation)
            continue
        focus: ox.NamedNode | ox.BlankNode
        try:
            focus = ox.NamedNode(violation.focus)
        except ValueError:
            focus = ox.BlankNode(violation.focus)
        for source in inputs:
            if focus in source.stats.subjects:
                if source.name not in texts:
                    texts[source.name] = SourceText.read(source)
                text = texts[source.name]
                if text is None:
                    line = None
                elif isinstance(focus, ox.BlankNode) and violation.path and violation.value:
                    line = text.line_of_value(violation.path, violation.value)  # an annotation
                else:
                    line = text.line_of(violation.focus)
                violation = dataclasses.replace(violation, file=source.name, line=line)
                break
        located.append(violation)
    return located


__all__ = ["Shapes", "URIRef", "bundled_shapes", "check_write", "locate"]
