"""Conversions between graphkit's `Term` and the backends' term types (one place for each)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graphkit.model import Term, TermKind

if TYPE_CHECKING:
    import rdflib

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term: object) -> Term:
    """Return a pyoxigraph term as a `Term`."""
    if isinstance(term, ox.NamedNode):
        return Term(TermKind.URI, term.value)
    if isinstance(term, ox.BlankNode):
        return Term(TermKind.BNODE, term.value)
    if isinstance(term, ox.Literal):
        return Term.literal(term.value, datatype=term.datatype.value, lang=term.language)
    return Term(TermKind.TRIPLE, str(term))


def to_ox(term: Term) -> OxTerm:
    """Return a `Term` as a pyoxigraph term."""
    if term.kind is TermKind.URI:
        return ox.NamedNode(term.value)
    if term.kind is TermKind.BNODE:
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def from_sparql_json(binding: dict[str, str]) -> Term:
    """Return one value of a SPARQL 1.1 JSON result (``{"type": …, "value": …}``) as a `Term`."""
    kind = binding["type"]
    if kind == "uri":
        return Term(TermKind.URI, binding["value"])
    if kind == "bnode":
        return Term(TermKind.BNODE, binding["value"])
    if kind in ("literal", "typed-literal"):
        return Term.literal(binding["value"], datatype=binding.get("datatype"), lang=binding.get("xml:lang"))
    return Term(TermKind.TRIPLE, json.dumps(binding))


def from_rdflib(term: rdflib.term.Node) -> Term:
    """Return an rdflib term as a `Term`."""
    import rdflib  # imported when used: the CLI starts faster without it

    if isinstance(term, rdflib.URIRef):
        return Term(TermKind.URI, str(term))
    if isinstance(term, rdflib.BNode):
        return Term(TermKind.BNODE, str(term))
    if isinstance(term, rdflib.Literal):
        datatype = str(term.datatype) if term.datatype else None
        return Term.literal(str(term), datatype=datatype, lang=term.language)
    return Term(TermKind.TRIPLE, str(term))


def to_rdflib(term: Term) -> rdflib.term.Identifier:
    """Return a `Term` as an rdflib term."""
    import rdflib  # imported when used: the CLI starts faster without it

    if term.kind is TermKind.URI:
        return rdflib.URIRef(term.value)
    if term.kind is TermKind.BNODE:
        return rdflib.BNode(term.value)
    datatype = rdflib.URIRef(term.datatype) if term.datatype else None
    return rdflib.Literal(term.value, lang=term.lang, datatype=datatype)


def ox_to_rdflib(term: object) -> rdflib.term.Identifier:
    """Return a pyoxigraph term as an rdflib term (for pySHACL and rdflib serialisers)."""
    import rdflib  # imported when used: the CLI starts faster without it

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return rdflib.Literal(term.value)  # a simple literal, as rdflib's parsers build it
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"not an RDF 1.1 term: {term!r}")
