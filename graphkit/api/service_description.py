"""The SPARQL 1.1 Service Description of the endpoint and the VoID description of the data."""

from __future__ import annotations

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from graphkit.namespaces import GRAPH, ID, PREFIXES
from graphkit.results import ResultFormat, serialize_graph
from graphkit.stats import StoreStats

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")


def _graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    return graph


def void_graph(stats: StoreStats, base: str) -> rdflib.Graph:
    """Return a VoID description of the store: size, classes, graphs, the endpoint."""
    graph = _graph()
    dataset = rdflib.URIRef(base + ".well-known/void#dataset")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add(
        (dataset, DCTERMS.title, rdflib.Literal("graphkit: urban social-innovation networks", lang="en"))
    )
    graph.add(
        (dataset, DCTERMS.title, rdflib.Literal("graphkit: Netzwerke urbaner sozialer Innovation", lang="de"))
    )
    graph.add((dataset, VOID.sparqlEndpoint, rdflib.URIRef(base + "sparql")))
    graph.add((dataset, VOID.uriSpace, rdflib.Literal(ID)))
    graph.add((dataset, VOID.triples, rdflib.Literal(stats.triples, datatype=XSD.integer)))
    graph.add((dataset, VOID.entities, rdflib.Literal(stats.entities, datatype=XSD.integer)))
    graph.add((dataset, VOID.exampleResource, rdflib.URIRef(ID + "bbwa")))
    if stats.release is not None:  # the data version, licence and citation the store's catalogue records
        release = stats.release
        graph.add((dataset, OWL.versionInfo, rdflib.Literal(release.version)))
        graph.add((dataset, RDFS.seeAlso, rdflib.URIRef(release.dataset)))
        if release.license:
            graph.add((dataset, DCTERMS.license, rdflib.URIRef(release.license)))
        if release.citation:
            graph.add((dataset, DCTERMS.bibliographicCitation, rdflib.Literal(release.citation, lang="en")))
    for cls in stats.classes:
        partition = rdflib.BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], rdflib.URIRef(cls.cls)))
        graph.add((partition, VOID.entities, rdflib.Literal(cls.entities, datatype=XSD.integer)))
    for entry in stats.graphs:
        subset = rdflib.URIRef(entry.graph)
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, VOID.triples, rdflib.Literal(entry.triples, datatype=XSD.integer)))
        for doc in (entry.source or "").split():
            graph.add((subset, DCTERMS.source, rdflib.URIRef(doc)))
    return graph


def service_description(endpoint: str, fmt: ResultFormat, stats: StoreStats | None = None) -> str:
    """Return the endpoint's SPARQL 1.1 Service Description in `fmt`."""
    graph = _graph()
    service = rdflib.URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, RDFS.label, rdflib.Literal("graphkit SPARQL endpoint (read-only)", lang="en")))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        graph.add((service, SD.resultFormat, FORMATS[name]))
    default = rdflib.BNode()
    graph.add((service, SD.defaultDataset, default))
    graph.add((default, RDF.type, SD.Dataset))
    base = endpoint.rsplit("sparql", 1)[0]
    graph.add(
        (default, rdflib.URIRef(str(VOID) + "inDataset"), rdflib.URIRef(base + ".well-known/void#dataset"))
    )
    graph.add(
        (
            default,
            RDFS.comment,
            rdflib.Literal(f"The default graph is the union of the named graphs {GRAPH}…", lang="en"),
        )
    )
    if stats is not None:
        graph += void_graph(stats, base)
    return serialize_graph(graph, fmt)
