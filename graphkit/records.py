"""Load records: how each named graph came into the store, in PROV-O, in graph:loads.

Every load writes, for each graph it loaded, a record of the load activity (when, by whom,
with which graphkit), the input it read (file, media type, size, SHA-256) and the graph's
size, so every graph stays traceable even when its data names no source document::

    GRAPH graph:loads {
      <g> prov:wasGeneratedBy <load/…> ; prov:wasDerivedFrom <load/…/input/1> ;
          prov:generatedAtTime "…"^^xsd:dateTime ; void:triples 1234 .
      <load/…> a prov:Activity ; prov:startedAtTime … ; prov:endedAtTime … ;
          prov:used <load/…/input/1> ; prov:wasAssociatedWith <load/agent/user@host> .
      <load/…/input/1> a prov:Entity ; dcterms:source <file:///…> ; dcterms:identifier "data.nq" ;
          dcterms:format "application/n-quads" ; dcat:byteSize 5678 ;
          spdx:checksum <load/…/input/1/sha256> .
      <load/…/input/1/sha256> spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "…" .
    }

A graph's record is replaced when the graph is loaded again and removed when it is dropped;
activities that no longer account for any graph are removed with their inputs.
"""

from __future__ import annotations

import getpass
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from graphkit import __version__
from graphkit.model import Term
from graphkit.namespaces import GRAPH

LOADS_GRAPH = GRAPH + "loads"
LOAD = "https://w3id.org/graphkit/load/"
PROV = "http://www.w3.org/ns/prov#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

_PREFIXES = f"""PREFIX prov: <{PROV}>
PREFIX void: <{VOID}>
PREFIX dcat: <{DCAT}>
PREFIX spdx: <{SPDX}>
PREFIX foaf: <{FOAF}>
PREFIX dcterms: <{DCTERMS}>
PREFIX xsd: <{XSD}>
"""


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One input as read by a load."""

    name: str  # as given on the command line ("-" for stdin)
    iri: str | None  # file:// IRI of the file, None for stdin
    media_type: str
    size: int
    sha256: str
    graphs: dict[str, int]  # graph → triples written from this input


def _time(moment: datetime) -> str:
    return Term.literal(moment.isoformat(), datatype=XSD + "dateTime").to_ntriples()


def _agent() -> tuple[str, str]:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{LOAD}agent/{quote(user, safe='')}@{quote(socket.gethostname(), safe='')}", user


def record_update(inputs: list[InputRecord], *, started: datetime, ended: datetime | None = None) -> str:
    """Return the SPARQL Update that records a load of `inputs` (replacing older records)."""
    ended = ended or datetime.now(UTC)
    activity = f"<{LOAD}{uuid.uuid4()}>"
    agent, user = _agent()
    graphs = sorted({g for record in inputs for g in record.graphs})
    lines = [
        f"{activity} a prov:Activity ; prov:startedAtTime {_time(started)} ; "
        f"prov:endedAtTime {_time(ended)} ; prov:wasAssociatedWith <{agent}> ; "
        f"dcterms:description {Term.literal(f'graphkit {__version__} load').to_ntriples()} .",
        f"<{agent}> a prov:Agent ; foaf:accountName {Term.literal(user).to_ntriples()} .",
    ]
    for number, record in enumerate(inputs, start=1):
        used = f"<{activity[1:-1]}/input/{number}>"
        source = f" dcterms:source <{record.iri}> ;" if record.iri else ""
        lines.append(
            f"{activity} prov:used {used} .\n"
            f"{used} a prov:Entity ;{source} dcterms:identifier {Term.literal(record.name).to_ntriples()} ; "
            f"dcterms:format {Term.literal(record.media_type).to_ntriples()} ; "
            f'dcat:byteSize "{record.size}"^^xsd:nonNegativeInteger ; '
            f"spdx:checksum <{used[1:-1]}/sha256> .\n"
            f"<{used[1:-1]}/sha256> a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ; "
            f"spdx:checksumValue {Term.literal(record.sha256).to_ntriples()} ."
        )
        for graph, triples in sorted(record.graphs.items()):
            iri = Term.iri(graph).to_ntriples()
            lines.append(
                f"{iri} prov:wasGeneratedBy {activity} ; prov:wasDerivedFrom {used} ; "
                f"prov:generatedAtTime {_time(ended)} ; void:triples {triples} ."
            )
    body = "\n".join(lines)
    return f"{forget_update(graphs)} ;\nINSERT DATA {{ GRAPH <{LOADS_GRAPH}> {{\n{body}\n}} }}"


def forget_update(graphs: list[str]) -> str:
    """Return the SPARQL Update that removes the records of `graphs` and orphaned activities."""
    values = " ".join(Term.iri(g).to_ntriples() for g in graphs)
    return f"""{_PREFIXES}
DELETE {{ GRAPH <{LOADS_GRAPH}> {{ ?g ?p ?o }} }}
WHERE {{ GRAPH <{LOADS_GRAPH}> {{ ?g ?p ?o }} VALUES ?g {{ {values} }} }} ;
DELETE {{ GRAPH <{LOADS_GRAPH}> {{ ?a ?ap ?ao . ?input ?ip ?io . ?sum ?sp ?so }} }}
WHERE {{ GRAPH <{LOADS_GRAPH}> {{
  ?a a prov:Activity ; ?ap ?ao .
  FILTER NOT EXISTS {{ ?anything prov:wasGeneratedBy ?a }}
  OPTIONAL {{ ?a prov:used ?input . ?input ?ip ?io .
             OPTIONAL {{ ?input spdx:checksum ?sum . ?sum ?sp ?so }} }}
}} }} ;
DELETE {{ GRAPH <{LOADS_GRAPH}> {{ ?agent ?p ?o }} }}
WHERE {{ GRAPH <{LOADS_GRAPH}> {{
  ?agent a prov:Agent ; ?p ?o .
  FILTER NOT EXISTS {{ ?activity prov:wasAssociatedWith ?agent }}
}} }}"""
