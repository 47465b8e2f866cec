"""RDF 1.2 reifiers → RDF 1.1 reification, so every backend holds a statement's evidence.

Curated data writes a statement's evidence as an RDF 1.2 annotation (``s p o {| gk:quote "…" |}``),
which pyoxigraph parses into a reifier: ``_:r rdf:reifies <<( s p o )>>`` plus the annotation's
triples on ``_:r``. Triple terms are new in RDF 1.2; Virtuoso, rdflib (and so pySHACL) and most
SPARQL 1.1 servers cannot store or read them. graphkit therefore stores each reifier as standard
reification in the same graph::

    _:r a rdf:Statement ; rdf:subject s ; rdf:predicate p ; rdf:object o .

which every engine, serialisation and SPARQL 1.1 query handles (see ontology/README.md, "Statement
evidence", for why this model). A triple term anywhere else has no RDF 1.1 form and is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from graphkit.errors import LoadError
from graphkit.namespaces import RDF

REIFIES = ox.NamedNode(RDF + "reifies")
_TYPE = ox.NamedNode(RDF + "type")
_STATEMENT = ox.NamedNode(RDF + "Statement")
_SUBJECT = ox.NamedNode(RDF + "subject")
_PREDICATE = ox.NamedNode(RDF + "predicate")
_OBJECT = ox.NamedNode(RDF + "object")


def as_rdf11(quads: Iterator[ox.Quad], name: str) -> Iterator[ox.Quad]:
    """Yield the quads with every ``rdf:reifies`` triple term written as RDF 1.1 reification.

    Args:
        name: the input's name, for the error.

    Raises:
        LoadError: a triple term stands anywhere but as the object of ``rdf:reifies``, or
            is nested in another triple term.
    """
    triple = ox.Triple
    for quad in quads:
        obj = quad.object
        if obj.__class__ is not triple and quad.subject.__class__ is not triple:
            yield quad
            continue
        if quad.predicate != REIFIES or obj.__class__ is not triple:
            raise LoadError(
                f"{name}: a triple term ({quad.subject} {quad.predicate} {obj}) stands where graphkit "
                "cannot store it; triple terms are only taken as the object of rdf:reifies "
                "(an RDF 1.2 annotation `s p o {| … |}`), which is stored as RDF 1.1 reification.",
                path=name,
            )
        if obj.subject.__class__ is triple or obj.object.__class__ is triple:
            raise LoadError(
                f"{name}: a reified statement about a statement ({obj}) has no RDF 1.1 form; "
                "annotate the statement itself.",
                path=name,
            )
        reifier, graph = quad.subject, quad.graph_name
        yield ox.Quad(reifier, _TYPE, _STATEMENT, graph)
        yield ox.Quad(reifier, _SUBJECT, obj.subject, graph)
        yield ox.Quad(reifier, _PREDICATE, obj.predicate, graph)
        yield ox.Quad(reifier, _OBJECT, obj.object, graph)
