"""Load files into a store: read every file, validate, then replace their graphs at once.

Nothing touches the store until every file has parsed and the data conforms, and the
write itself is one transaction, so a failed load leaves the store exactly as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import rdflib

from graphkit import bundled
from graphkit.errors import ValidationFailed
from graphkit.loader import Source, read_sources
from graphkit.namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH
from graphkit.store import GraphStore
from graphkit.validate import validate_sources
from graphkit.violations import Violation


@dataclass(slots=True)
class LoadedGraph:
    """One file as loaded: its graph name and how many triples it holds."""

    path: str
    graph: str
    triples: int


@dataclass(slots=True)
class LoadReport:
    """What a load did."""

    graphs: list[LoadedGraph] = field(default_factory=list)
    validated: bool = True
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def _store_context(store: GraphStore, replacing: set[str]) -> tuple[rdflib.Graph, rdflib.Graph | None]:
    """Return the store's data graphs that stay (as one graph) and its ontology, if any."""
    keep = [g for g in store.graph_names() if g not in replacing and g not in (ONTOLOGY_GRAPH, SHAPES_GRAPH)]
    context = rdflib.Graph()
    if keep:
        dataset = rdflib.Dataset()
        dataset.parse(data=store.dump_nquads(keep), format="nquads")
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            context.add((s, p, o))
    ontology = None
    if ONTOLOGY_GRAPH in store.graph_names() and ONTOLOGY_GRAPH not in replacing:
        dataset = rdflib.Dataset()
        dataset.parse(data=store.dump_nquads([ONTOLOGY_GRAPH]), format="nquads")
        ontology = rdflib.Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            ontology.add((s, p, o))
    return context, ontology


def check_files(store: GraphStore | None, paths: list[Path]) -> tuple[list[Source], list[Violation]]:
    """Parse `paths` and validate them together with what `store` keeps.

    Raises:
        LoadError: a file cannot be read or parsed.
    """
    sources = read_sources(paths)
    context, ontology = (rdflib.Graph(), None)
    if store is not None:
        context, ontology = _store_context(store, {s.graph_iri for s in sources})
    if ontology is None:
        ontology = rdflib.Graph().parse(bundled.ontology_file())
    return sources, validate_sources(sources, context=context, ontology=ontology)


def load_files(store: GraphStore, paths: list[Path] | None = None, *, validate: bool = True) -> LoadReport:
    """Load RDF files into `store`, one named graph per file, replacing earlier versions.

    Args:
        store: the store to write to.
        paths: files or folders; by default the bundled ontology and curated data.
        validate: check SHACL conformance first (refusing the whole load if any fails).

    Raises:
        LoadError: a file cannot be read or parsed (the message names file:line:column).
        ValidationFailed: the data breaks a shape; detail lists every violation with
            file, line, focus node and constraint.
        StoreError: the store cannot be written.
    """
    started = time.monotonic()
    paths = paths or bundled.default_sources()
    if validate:
        sources, violations = check_files(store, paths)
        errors = [v for v in violations if v.severity == "Violation"]
        if errors:
            raise ValidationFailed(
                f"Nothing was loaded: {len(errors)} SHACL violation(s).\n"
                + "\n".join(v.describe() for v in errors),
                violations=[v.describe() for v in errors],
            )
    else:
        sources = read_sources(paths)
    store.replace_graphs({s.graph_iri: s.graph for s in sources})
    report = LoadReport(validated=validate)
    report.graphs = [LoadedGraph(str(s.path), s.graph_iri, len(s.graph)) for s in sources]
    report.seconds = time.monotonic() - started
    return report
