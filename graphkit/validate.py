"""SHACL validation of data against `ontology/shapes.ttl`, reported by file and line.

Besides the shapes, one graphkit rule: every data file names its source document
(`<graph> gk:source <doc>`), so each statement can be traced to where it comes from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rdflib
import rdflib.collection
from pyshacl import validate as shacl_validate
from rdflib import OWL, RDF, URIRef

from graphkit import bundled
from graphkit.loader import Source
from graphkit.namespaces import GK, SH, shorten

_SH = rdflib.Namespace(SH)


@dataclass(frozen=True, slots=True)
class Violation:
    """One way the data breaks a shape (or the provenance rule)."""

    message: str
    focus: str
    constraint: str
    path: str | None = None
    value: str | None = None
    file: str | None = None
    line: int | None = None
    severity: str = "Violation"

    def describe(self) -> str:
        """Return one line a person can act on: where, what, which constraint."""
        where = f"{self.file}:{self.line}" if self.file and self.line else self.file or "(store)"
        path = self.path if not self.path or "|" in self.path or " " in self.path else shorten(self.path)
        on = shorten(self.focus) + (f" {path}" if path else "")
        value = f" (value {self.value})" if self.value else ""
        return f"{where}: {on}{value}: {self.message} [{self.constraint}]"


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


def check_sources_name_documents(sources: Iterable[Source]) -> list[Violation]:
    """Return a violation for each data file that does not name its source document."""
    found = []
    for source in sources:
        if any(source.graph.subjects(RDF.type, OWL.Ontology)):
            continue
        if (URIRef(source.graph_iri), URIRef(GK + "source"), None) not in source.graph:
            found.append(
                Violation(
                    message=(
                        f"the file does not name its source document: add "
                        f"`<{source.graph_iri}> gk:source <document>` (the graph name comes "
                        "from the file name)"
                    ),
                    focus=source.graph_iri,
                    constraint="graphkit:provenance",
                    path=GK + "source",
                    file=str(source.path),
                    line=1,
                )
            )
    return found


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


def locate(violations: list[Violation], sources: list[Source]) -> list[Violation]:
    """Attach to each violation the file and line where its focus node is described."""
    located = []
    for violation in violations:
        if violation.file:
            located.append(violation)
            continue
        focus = URIRef(violation.focus)
        for source in sources:
            if (focus, None, None) in source.graph:
                line = source.line_of(violation.focus)
                violation = dataclasses.replace(violation, file=str(source.path), line=line)
                break
        located.append(violation)
    return located


def validate_sources(
    sources: list[Source],
    *,
    context: rdflib.Graph | None = None,
    ontology: rdflib.Graph | None = None,
    shapes_path: Path | None = None,
) -> list[Violation]:
    """Validate files (with `context`, the rest of the store) and place each violation.

    The ontology file, if among `sources`, is used as the ontology and not validated as
    data.
    """
    data = rdflib.Graph()
    for triple in context or ():
        data.add(triple)
    data_sources = []
    for source in sources:
        if any(source.graph.subjects(RDF.type, OWL.Ontology)):
            ontology = source.graph
            continue
        data_sources.append(source)
        for triple in source.graph:
            data.add(triple)
    shapes = rdflib.Graph().parse(shapes_path or bundled.shapes_file())
    found = check_sources_name_documents(data_sources)
    found += locate(validate_graph(data, shapes=shapes, ontology=ontology), data_sources)
    return found
