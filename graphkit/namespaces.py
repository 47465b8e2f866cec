"""Vocabulary namespaces and the one place that mints graphkit IRIs."""

from __future__ import annotations

import re
from pathlib import Path

GK = "https://w3id.org/graphkit/ontology#"
ID = "https://w3id.org/graphkit/id/"
GRAPH = "https://w3id.org/graphkit/graph/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SH = "http://www.w3.org/ns/shacl#"

#: Prefixes used when printing and exporting (prefix -> namespace IRI).
PREFIXES: dict[str, str] = {
    "gk": GK,
    "id": ID,
    "graph": GRAPH,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "org": ORG,
    "prov": PROV,
    "sh": SH,
}

#: Graph that holds the ontology, and the graph name the shapes would have.
ONTOLOGY_GRAPH = GRAPH + "graphkit"
SHAPES_GRAPH = GRAPH + "shapes"

_ID_CHARS = re.compile(r"[^A-Za-z0-9._~/-]+")


def graph_iri_for(path: Path) -> str:
    """Return the named graph a source file is loaded into: one graph per file stem."""
    return GRAPH + slug(path.stem)


def entity_iri(entity_id: str) -> str:
    """Return the IRI of the entity with the short id `entity_id` (e.g. ``bbwa``)."""
    return ID + entity_id


def entity_id(iri: str) -> str | None:
    """Return the short id of a graphkit entity IRI, or None for any other IRI."""
    return iri[len(ID) :] if iri.startswith(ID) else None


def slug(text: str) -> str:
    """Return `text` as a lower-case IRI-safe id segment."""
    return _ID_CHARS.sub("-", text.strip().lower()).strip("-")


def shorten(iri: str) -> str:
    """Return `iri` as a prefixed name where a known prefix fits, else ``<iri>``."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._/-]*", local) and not local.endswith("."):
                return f"{prefix}:{local}"
    return f"<{iri}>"
