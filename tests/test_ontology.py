"""The ontology: every term labelled (de, en), defined, aligned; every class shaped; docs current."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, URIRef

from graphkit import bundled
from graphkit.ingest import check_files
from graphkit.namespaces import GK, SH, SKOS
from graphkit.ontology_doc import render_ontology_doc
from graphkit.validate import (
    DECLARED_TERMS_SHAPE,
    split_max_counts,
    validate_graph,
    without_shape,
)
from tests.conftest import read_graphs

ONTOLOGY = rdflib.Graph().parse(bundled.ontology_file())
SHAPES = rdflib.Graph().parse(bundled.shapes_file())
STANDARD = (
    "http://www.w3.org/ns/org#",
    "https://schema.org/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://xmlns.com/foaf/0.1/",
)


def terms(kind: URIRef) -> list[URIRef]:
    return sorted(s for s in ONTOLOGY.subjects(RDF.type, kind) if str(s).startswith(GK))


ALL_TERMS = terms(OWL.Class) + terms(OWL.ObjectProperty) + terms(OWL.DatatypeProperty)


def test_the_ontology_has_the_terms_the_issue_names() -> None:
    names = {str(t)[len(GK) :] for t in ALL_TERMS}
    required = {
        "City", "Country", "Region", "District", "Network", "CityNetwork", "Partnership",
        "PublicAuthority", "Ministry", "Agency", "StateDepartment", "Organisation",
        "FundingProgramme", "Fund", "Project", "Event", "Workshop", "Forum", "Conference",
        "EventPart", "Person", "Topic", "SourceDocument",
        "memberOf", "hasMember", "fundedBy", "administeredBy", "organizedBy", "hostedBy",
        "coOrganisedWith", "participantIn", "presentedAt", "keynoteSpeaker", "locatedIn",
        "partOf", "partnerProgrammeOf", "predecessor", "successor", "continuedIn", "topic",
        "startDate", "endDate", "participantCount", "numberOfCountries", "numberOfCities",
        "attendanceMode", "source",
        # the wider graph (issue 5): time-bound roles, dates facts hold for, identifiers, figures
        "Role", "roleHolder", "roleIn", "roleName", "factsAsOf", "wikidataId", "population",
        "budget", "minGrant", "maxGrant", "numberOfProjects", "tookOverFrom", "commissionedBy",
        "possiblySameAs",
    }  # fmt: skip
    assert required <= names


def test_single_valued_properties_are_functional() -> None:
    """The conflicting-facts queries find disagreements on owl:FunctionalProperty terms."""
    functional = {str(t)[len(GK) :] for t in terms(OWL.FunctionalProperty)}
    assert {
        "startDate", "endDate", "participantCount", "numberOfCountries", "numberOfCities",
        "numberOfParts", "editionNumber", "population", "budget", "minGrant", "maxGrant",
        "numberOfProjects",
    } == functional  # fmt: skip


@pytest.mark.parametrize("term", ALL_TERMS, ids=lambda t: str(t)[len(GK) :])
def test_every_term_has_german_and_english_labels_and_a_definition(term: URIRef) -> None:
    languages = {label.language for label in ONTOLOGY.objects(term, RDFS.label)}
    assert {"de", "en"} <= languages
    assert ONTOLOGY.value(term, URIRef(SKOS + "definition")) is not None


def _aligned(term: URIRef, seen: set[URIRef] | None = None) -> bool:
    """True if the term, or a graphkit term it refines, refines a standard term."""
    seen = seen or set()
    for predicate in (
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        OWL.equivalentClass,
        OWL.equivalentProperty,
    ):
        for parent in ONTOLOGY.objects(term, predicate):
            if str(parent).startswith(STANDARD):
                return True
            local = isinstance(parent, URIRef) and parent not in seen and str(parent).startswith(GK)
            if local and _aligned(parent, seen | {term}):
                return True
    return False


@pytest.mark.parametrize("term", terms(OWL.Class), ids=lambda t: str(t)[len(GK) :])
def test_every_class_is_aligned_to_a_standard_vocabulary(term: URIRef) -> None:
    assert _aligned(term)


def test_core_properties_are_aligned() -> None:
    for name in (
        "memberOf",
        "hasMember",
        "organizedBy",
        "locatedIn",
        "partOf",
        "startDate",
        "source",
        "topic",
    ):
        assert _aligned(URIRef(GK + name)), name


@pytest.mark.parametrize("term", terms(OWL.Class), ids=lambda t: str(t)[len(GK) :])
def test_every_class_has_a_node_shape(term: URIRef) -> None:
    assert (None, URIRef(SH + "targetClass"), term) in SHAPES


def test_ontology_readme_is_generated_from_the_ontology() -> None:
    committed = (bundled.ontology_dir() / "README.md").read_text(encoding="utf-8")
    assert committed == render_ontology_doc(bundled.ontology_file()), (
        "run `graphkit ontology-doc -o ontology/README.md`"
    )


def test_bundled_data_conforms_to_the_shapes() -> None:
    _inputs, violations = check_files(None, [bundled.ontology_file(), *bundled.data_files()])
    assert [v.describe() for v in violations] == []


def test_shapes_alone_accept_each_source_graph_on_its_own_cardinalities() -> None:
    """Per source, maxCount holds as written; only the union may hold conflicting values."""
    shapes, max_counts = split_max_counts(SHAPES)
    assert max_counts and (None, URIRef(SH + "maxCount"), None) in SHAPES
    union = rdflib.Graph()
    for graph in read_graphs(bundled.data_files()).values():
        union += graph
    assert validate_graph(union, shapes=without_shape(shapes, DECLARED_TERMS_SHAPE), ontology=ONTOLOGY) == []
