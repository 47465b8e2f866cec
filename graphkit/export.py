"""Store → RDF files: Turtle (all graphs merged), TriG, N-Quads, JSON-LD (embedded context)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING

from graphkit.namespaces import PREFIXES
from graphkit.store import GraphStore

if TYPE_CHECKING:
    pass


class ExportFormat(StrEnum):
    """Formats `graphkit export` writes."""

    TURTLE = "turtle"
    TRIG = "trig"
    NQUADS = "nquads"
    JSONLD = "jsonld"


def export_store(store: GraphStore, fmt: ExportFormat, *, graphs: list[str] | None = None) -> bytes:
    """Serialise the store's named graphs (all, or those in `graphs`).

    Turtle cannot hold graph names, so it merges the graphs; TriG, N-Quads and JSON-LD keep
    them. JSON-LD carries its `@context` inline (no remote context is ever referenced).
    """
    import rdflib  # imported when used: the CLI starts faster without it

    nquads = store.dump_nquads(graphs)
    if fmt is ExportFormat.NQUADS:
        return nquads
    dataset = rdflib.Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    dataset.parse(data=nquads, format="nquads")
    if fmt is ExportFormat.TURTLE:
        merged = rdflib.Graph()
        for prefix, namespace in PREFIXES.items():
            merged.bind(prefix, namespace)
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged.serialize(format="turtle", encoding="utf-8")
    if fmt is ExportFormat.TRIG:
        return dataset.serialize(format="trig", encoding="utf-8")
    text = dataset.serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8")
    json.loads(text)  # fail here, not in the reader's tool, if it is not JSON
    return text
