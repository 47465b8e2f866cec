"""The label index: full-text search over labels, kept in step with every write, per store version."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from graphkit.formats import RdfFormat
from graphkit.ingest import drop_graphs, load_files
from graphkit.store import GraphStore, OxigraphStore, RDFLibStore
from graphkit.store.labels import FILE
from graphkit.store.versions import StoreFolder

EX = "http://example.org/"
DATA = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{EX}ba> rdfs:label "Bezirkliche Bündnisse für Wirtschaft und Arbeit"@de ; skos:altLabel "BBWA" .
<{EX}bz> rdfs:label "Bündnis"@de ; dcterms:description "Ein Bündnis im Bezirk"@de .
<{EX}st> <http://xmlns.com/foaf/0.1/name> "Straße der Pariser Kommune" .
<{EX}long> rdfs:label "Bündnis für eine sehr lange Bezeichnung"@de .
<{EX}desc> dcterms:description "Über Bündnisse schreiben"@de .
"""


def load(store: GraphStore, text: str, graph: str) -> None:
    load_files(store, [Path("-")], fmt=RdfFormat.TURTLE, graph=graph, stdin=io.BytesIO(text.encode()))


@pytest.fixture(params=["oxigraph", "rdflib"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> GraphStore:
    return OxigraphStore(tmp_path / "store") if request.param == "oxigraph" else RDFLibStore()


def test_matching_folds_case_and_diacritics_and_ranks_whole_then_prefix_then_words(
    any_store: GraphStore,
) -> None:
    load(any_store, DATA, EX + "g")
    found = any_store.labels().search("bundnis", limit=10)
    assert [m.iri for m in found][:3] == [EX + "bz", EX + "long", EX + "ba"]
    assert found[0].score == 1.0 and found[0].kind == "label"
    assert found[-1].iri == EX + "desc" and found[-1].kind == "description"  # descriptions come last
    assert [m.iri for m in any_store.labels().search("bbwa", limit=5)] == [EX + "ba"]
    assert [m.iri for m in any_store.labels().search("strasse pariser", limit=5)] == [EX + "st"]
    assert any_store.labels().search("wirtsch arb", limit=5)[0].iri == EX + "ba"  # every word a prefix
    assert any_store.labels().search("undnis", limit=5) == []  # inside a word: no match
    assert any_store.labels().search("...", limit=5) == []


def test_limit_and_offset_page_one_match_per_entity(any_store: GraphStore) -> None:
    load(any_store, DATA, EX + "g")
    everything = [m.iri for m in any_store.labels().search("b", limit=50)]
    assert len(everything) == len(set(everything))
    assert [m.iri for m in any_store.labels().search("b", limit=2, offset=1)] == everything[1:3]


def test_the_index_follows_every_write(any_store: GraphStore) -> None:
    load(any_store, DATA, EX + "g")
    assert any_store.labels().search("kiezladen", limit=5) == []
    load(any_store, f'<{EX}k> <http://www.w3.org/2000/01/rdf-schema#label> "Kiezladen"@de .', EX + "h")
    assert [m.iri for m in any_store.labels().search("kiezladen", limit=5)] == [EX + "k"]
    drop_graphs(any_store, [EX + "g"])
    assert any_store.labels().search("bundnis", limit=5) == []
    assert [m.iri for m in any_store.labels().search("kiez", limit=5)] == [EX + "k"]


def test_each_version_has_its_own_index_file_and_readers_follow(tmp_path: Path) -> None:
    writer = OxigraphStore(tmp_path / "store")
    reader = OxigraphStore(tmp_path / "store", read_only=True)
    load(writer, DATA, EX + "g")
    assert reader.labels().search("bbwa", limit=1)[0].iri == EX + "ba"
    load(writer, DATA.replace("BBWA", "Bündnisse BBWA neu"), EX + "g")
    folder = StoreFolder(tmp_path / "store")
    assert (folder.version_dir(2) / FILE).is_file()
    assert reader.labels().search("neu", limit=1)[0].iri == EX + "ba"
    reader.close()
    writer.close()


def test_vocabulary_and_bookkeeping_terms_are_not_indexed(loaded: GraphStore) -> None:
    found = loaded.labels().search("city", limit=50)
    assert found and not [m for m in found if m.iri.startswith("https://w3id.org/graphkit/ontology#")]
    assert loaded.labels().search("bundnisse", limit=1)[0].iri == "https://w3id.org/graphkit/id/bbwa"
