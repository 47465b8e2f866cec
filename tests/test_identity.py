"""One thing, one entity: no two entities of one class share a normalised label or a Wikidata id.

`owl:sameAs` is not enough for counting (a query counts both), so duplicates are merged in the
data. The check compares, per most specific class, every label in every language (folded: case,
diacritics, punctuation and spacing ignored) and every `gk:wikidataId`.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox
import pytest

from graphkit.quote_audit import bundled_store
from graphkit.text import fold

_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX gk: <https://w3id.org/graphkit/ontology#>
SELECT DISTINCT ?entity ?class ?key ?value WHERE {
  ?entity a ?class .
  FILTER (STRSTARTS(STR(?class), STR(gk:)) && STRSTARTS(STR(?entity), "https://w3id.org/graphkit/id/"))
  FILTER NOT EXISTS { ?entity a ?sub . ?sub rdfs:subClassOf+ ?class . FILTER (?sub != ?class) }
  { ?entity rdfs:label ?value . BIND ("label" AS ?key) }
  UNION
  { ?entity skos:prefLabel ?value . BIND ("label" AS ?key) }
  UNION
  { ?entity gk:wikidataId ?value . BIND ("wikidata" AS ?key) }
}
"""

_PUNCTUATION = re.compile(r"[\W_]+")


def normalised_label(text: str) -> str:
    """Return a label folded for comparison: case, diacritics, punctuation and spaces ignored."""
    return _PUNCTUATION.sub("", fold(text))


def duplicates(store: ox.Store) -> list[tuple[str, str, str, list[str]]]:
    """Return (class, kind, value, entities) for every value two entities of one class share."""
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    solutions = store.query(_QUERY, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        kind, value = row["key"].value, row["value"].value
        key = normalised_label(value) if kind == "label" else value.strip().upper()
        if key:
            seen[(row["class"].value, kind, key)].add(row["entity"].value)
    return sorted(
        (cls.rsplit("#", 1)[-1], kind, value, sorted(entities))
        for (cls, kind, value), entities in seen.items()
        if len(entities) > 1
    )


@pytest.fixture(scope="module")
def bundled_quads() -> ox.Store:
    return bundled_store()


def test_no_two_entities_of_one_class_share_a_label_or_a_wikidata_id(bundled_quads: ox.Store) -> None:
    found = duplicates(bundled_quads)
    assert found == [], "\n".join(f"{c} {k} {v!r}: {', '.join(e)}" for c, k, v, e in found)


def test_the_check_finds_a_duplicate_city() -> None:
    store = ox.Store()
    gk, rdfs = "https://w3id.org/graphkit/ontology#", "http://www.w3.org/2000/01/rdf-schema#"
    for name, label in (("a", "Ambelokipi-Menemeni"), ("b", "ambelokipi menemeni"), ("c", "Vantaa")):
        entity = ox.NamedNode(f"https://w3id.org/graphkit/id/{name}")
        store.add(ox.Quad(entity, ox.NamedNode(RDF_TYPE), ox.NamedNode(gk + "City")))
        store.add(ox.Quad(entity, ox.NamedNode(rdfs + "label"), ox.Literal(label, language="de")))
    found = duplicates(store)
    assert [(c, k, e) for c, k, _v, e in found] == [
        ("City", "label", ["https://w3id.org/graphkit/id/a", "https://w3id.org/graphkit/id/b"])
    ]


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
