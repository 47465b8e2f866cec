"""Vocabulary namespaces and the one place that mints graphkit IRIs."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

from graphkit.errors import InvalidParameter
from graphkit.model import is_valid_iri

GK = "https://w3id.org/graphkit/ontology#"
ID = "https://w3id.org/graphkit/id/"
GRAPH = "https://w3id.org/graphkit/graph/"
#: Named graphs of computed results (`graphkit analyze --write`): never sources.
ANALYTICS_GRAPHS = GRAPH + "analytics/"

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
FOAF = "http://xmlns.com/foaf/0.1/"

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
    "foaf": FOAF,
}

#: Graph that holds the ontology, and the graph name the shapes would have.
ONTOLOGY_GRAPH = GRAPH + "graphkit"
SHAPES_GRAPH = GRAPH + "shapes"

_ID_CHARS = re.compile(r"[^A-Za-z0-9._~/-]+")


def graph_iri_for(path: Path) -> str:
    """Return the named graph a source file is loaded into: one graph per file stem."""
    return GRAPH + slug(path.stem)


#: What an own id may be: the local part of an IRI under `ID`, made of URL-safe segments
#: (no empty, ``.``/``..`` or ``~``-led segment, so paths are not rewritten and ``~`` stays free).
_OWN_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._~-]*(?:/[A-Za-z0-9_][A-Za-z0-9._~-]*)*")
#: An IRI's scheme, as RFC 3987 spells it.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
#: The first character of the id of an IRI outside the id namespace.
FOREIGN_MARK = "~"


def entity_id(iri: str) -> str:
    """Return the short, stable, URL-safe id of any entity IRI.

    An IRI under the id namespace has its local part as id (``…/id/bbwa`` → ``bbwa``); any
    other IRI (and an own IRI whose local part is not URL-safe) has ``~`` followed by the
    unpadded base64url encoding of its UTF-8 bytes. `entity_iri` inverts it.
    """
    if iri.startswith(ID) and _OWN_ID.fullmatch(iri[len(ID) :]):
        return iri[len(ID) :]
    return FOREIGN_MARK + _base64url(iri)


def entity_iri(ref: str, *, parameter: str = "id") -> str:
    """Return the IRI an id, a ``~`` id, a prefixed name (``id:berlin``) or a full IRI names.

    A reference without a colon is an own id (``bbwa`` → ``…/id/bbwa``); a prefixed name
    with a known prefix is expanded; any other reference with a colon is an IRI already.

    Raises:
        InvalidParameter: a ``~`` id that is not base64url of a valid IRI, or a reference
            that is no valid IRI (named as `parameter` in the error).
    """
    if ref.startswith(FOREIGN_MARK):
        iri = _decode_foreign(ref, parameter)
    elif "://" in ref:
        iri = ref
    elif ":" in ref:
        prefix, local = ref.split(":", 1)
        iri = PREFIXES[prefix] + local if prefix in PREFIXES else ref
    else:
        iri = ID + ref
    if not (is_valid_iri(iri) and _SCHEME.match(iri)):
        raise InvalidParameter(f"Not a valid id or IRI: {ref!r}.", parameter=parameter, value=ref)
    return iri


def _decode_foreign(ref: str, parameter: str) -> str:
    encoded = ref[len(FOREIGN_MARK) :]
    problem = f"{parameter}={ref!r} is not a valid id: after '~' comes the base64url encoding of an IRI."
    if not _BASE64URL.fullmatch(encoded) or len(encoded) % 4 == 1:
        raise InvalidParameter(problem, parameter=parameter, value=ref)
    try:
        iri = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise InvalidParameter(problem, parameter=parameter, value=ref) from None
    # One spelling per IRI: refuse others of the same bytes (stray low bits at the end).
    if FOREIGN_MARK + _base64url(iri) != ref:
        raise InvalidParameter(problem, parameter=parameter, value=ref)
    if not (is_valid_iri(iri) and _SCHEME.match(iri)):
        raise InvalidParameter(
            f"{parameter}={ref!r} does not name a valid IRI (it decodes to {iri!r}).",
            parameter=parameter,
            value=ref,
        )
    return iri


def _base64url(iri: str) -> str:
    return base64.urlsafe_b64encode(iri.encode("utf-8")).rstrip(b"=").decode("ascii")


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


def graph_iri(ref: str) -> str:
    """Return the graph IRI for ``graph:curation``, ``<iri>``, a full IRI or a bare name (``curation``).

    Raises:
        BadRequest: the value is empty or not a valid IRI once expanded.
    """
    from graphkit.errors import BadRequest
    from graphkit.model import is_valid_iri

    text = ref.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif "://" not in text and ":" in text:
        prefix, local = text.split(":", 1)
        if prefix in PREFIXES:
            text = PREFIXES[prefix] + local
    elif text and "://" not in text and ":" not in text:
        text = GRAPH + text
    if not text or not is_valid_iri(text) or text.endswith(":"):
        raise BadRequest(f"Not a graph name: {ref!r} (write graph:name, <iri> or a full IRI).", value=ref)
    return text
