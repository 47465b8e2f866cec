"""Loading: one named graph per file, idempotent, atomic, refusing bad files clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from graphkit import bundled
from graphkit.errors import LoadError, StoreError, ValidationFailed
from graphkit.ingest import load_files
from graphkit.loader import read_source, read_sources
from graphkit.namespaces import GRAPH, ONTOLOGY_GRAPH
from graphkit.query import run_query
from graphkit.store import GraphStore
from tests.conftest import DATA

SAMPLE = """
PREFIX gk: <https://w3id.org/graphkit/ontology#>
SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o LIMIT 50
"""


def snapshot(store: GraphStore) -> tuple[int, list[str], bytes]:
    return store.count(), store.graph_names(), b"".join(sorted(store.dump_nquads().splitlines()))


def test_bundled_load_puts_each_source_in_its_own_graph(store: GraphStore) -> None:
    report = load_files(store)
    sources = read_sources(bundled.data_files())
    expected = {ONTOLOGY_GRAPH} | {s.graph_iri for s in sources}
    assert set(store.graph_names()) == expected
    assert report.triples == store.count()
    for path in bundled.data_files():
        if path.suffix == ".ttl":
            assert read_source(path).graph_iri == GRAPH + path.stem
    for source in sources:
        assert store.count(source.graph_iri) == len(source.graph)


def test_a_trig_file_loads_each_named_graph_and_keeps_conflicting_values(store: GraphStore) -> None:
    load_files(store)
    load_files(store, [DATA / "two-sources.trig"])
    assert {GRAPH + "test-source-a", GRAPH + "test-source-b"} <= set(store.graph_names())
    query = """
    PREFIX gk: <https://w3id.org/graphkit/ontology#>
    SELECT ?year ?doc WHERE {
      GRAPH ?g { <https://w3id.org/graphkit/id/test-programme> gk:startDate ?year . ?g gk:source ?doc }
    }"""
    rows = {(r["year"].value, r["doc"].value.rsplit("/", 1)[-1]) for r in run_query(store, query).rows}
    assert rows == {("1999", "test-a"), ("2001", "test-b")}


def test_two_values_in_one_source_and_an_unsourced_graph_are_refused_by_line(store: GraphStore) -> None:
    load_files(store)
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [DATA / "two-values-one-source.trig"])
    text = raised.value.message
    assert "two-values-one-source.trig:17: id:muddled-programme gk:startDate" in text
    assert "within one source graph: 2 values" in text
    assert "sh:MaxCountConstraintComponent" in text
    assert "two-values-one-source.trig:22: graph:test-unsourced gk:source" in text
    assert "does not name its source document" in text
    assert GRAPH + "test-fine" not in store.graph_names()


def test_a_trig_syntax_error_names_file_and_line(store: GraphStore) -> None:
    with pytest.raises(LoadError) as raised:
        load_files(store, [DATA / "broken-syntax.trig"])
    assert "broken-syntax.trig:7:" in raised.value.message
    assert raised.value.detail["line"] == 7
    assert store.count() == 0


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("default-graph.trig", "outside any named graph"),
        ("foreign-graph.trig", "not in the graphkit graph namespace"),
    ],
)
def test_trig_graphs_must_be_named_in_the_graphkit_namespace(
    store: GraphStore, name: str, problem: str
) -> None:
    with pytest.raises(LoadError) as raised:
        load_files(store, [DATA / name])
    assert name in raised.value.message and problem in raised.value.message
    assert store.count() == 0


def test_loaded_graph_is_isomorphic_to_its_file(store: GraphStore) -> None:
    import rdflib

    load_files(store)
    path = bundled.data_dir() / "bbwa-eurocities-2021.ttl"
    dataset = rdflib.Dataset()
    dataset.parse(data=store.dump_nquads([GRAPH + path.stem]), format="nquads")
    loaded = rdflib.Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        loaded.add((s, p, o))
    assert isomorphic(loaded, rdflib.Graph().parse(path))


def test_loading_twice_gives_the_same_graph(store: GraphStore) -> None:
    load_files(store)
    first = snapshot(store)
    load_files(store)
    assert snapshot(store) == first


def test_reloading_a_changed_file_replaces_its_graph(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "extra-project.ttl"
    shutil.copy(DATA / "extra-project.ttl", path)
    load_files(store)
    load_files(store, [path])
    before = store.count(GRAPH + "extra-project")
    path.write_text(path.read_text().replace("gk:withinProgramme :biwaq .", "."), encoding="utf-8")
    load_files(store, [path])
    assert store.count(GRAPH + "extra-project") == before - 1


def test_a_new_file_is_validated_against_what_the_store_holds(store: GraphStore) -> None:
    load_files(store)
    load_files(store, [DATA / "extra-project.ttl"])  # refers to id:berlin and id:biwaq
    assert GRAPH + "extra-project" in store.graph_names()


def test_the_same_file_alone_fails_for_want_of_the_entities_it_refers_to(store: GraphStore) -> None:
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [DATA / "extra-project.ttl"])
    assert "id:test-project gk:withinProgramme" in raised.value.message
    assert store.count() == 0


def test_syntax_error_names_file_line_and_column_and_loads_nothing(store: GraphStore) -> None:
    load_files(store)
    before = snapshot(store)
    sample = run_query(store, SAMPLE).rows
    with pytest.raises(LoadError) as raised:
        load_files(store, [bundled.data_dir(), DATA / "broken-syntax.ttl"])
    error = raised.value
    assert "broken-syntax.ttl:9:" in error.message
    assert error.detail["line"] == 9
    assert error.detail["path"].endswith("broken-syntax.ttl")
    assert snapshot(store) == before
    assert run_query(store, SAMPLE).rows == sample


def test_shacl_violations_name_file_line_and_constraint_and_load_nothing(store: GraphStore) -> None:
    load_files(store)
    before = snapshot(store)
    sample = run_query(store, SAMPLE).rows
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [bundled.data_dir() / "curation.ttl", DATA / "violations.ttl"])
    lines = raised.value.detail["violations"]
    text = "\n".join(lines)
    assert "violations.ttl:15: id:unlabelled-project rdfs:label" in text
    assert "English label" in text
    assert "violations.ttl:18: id:miscounted-event gk:participantCount" in text
    assert "sh:DatatypeConstraintComponent" in text
    assert "violations.ttl:22: id:misplaced-event gk:hostedBy" in text
    assert "sh:OrConstraintComponent" in text
    assert "violations.ttl:26: id:invented-term" in text
    assert "fundedByy" in text
    assert all("violations.ttl" in line for line in lines)
    assert snapshot(store) == before
    assert run_query(store, SAMPLE).rows == sample


def test_a_file_that_does_not_name_its_source_is_refused(store: GraphStore) -> None:
    load_files(store)
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [DATA / "no-source.ttl"])
    assert "no-source.ttl:1: graph:no-source gk:source" in raised.value.message
    assert "does not name its source document" in raised.value.message
    assert GRAPH + "no-source" not in store.graph_names()


def test_without_validation_a_parseable_file_loads(store: GraphStore) -> None:
    load_files(store, [DATA / "violations.ttl"], validate=False)
    assert store.graph_names() == [GRAPH + "violations"]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.ttl", None, "no such file"),
        ("notes.txt", "hello", "unknown RDF format '.txt'"),
        ("latin1.ttl", b"\xe9t\xe9", "not UTF-8"),
        ("empty-folder", "", "holds no RDF files"),
    ],
)
def test_unreadable_input_is_refused_with_the_file_named(
    store: GraphStore, tmp_path: Path, name: str, content: str | bytes | None, problem: str
) -> None:
    path = tmp_path / name
    if name == "empty-folder":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(LoadError) as raised:
        load_files(store, [path])
    assert str(path) in raised.value.message
    assert problem in raised.value.message
    assert store.count() == 0


def test_two_files_with_one_stem_are_refused(store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(DATA / "extra-project.ttl", tmp_path / "a" / "extra-project.ttl")
    with pytest.raises(LoadError, match="would both load into"):
        load_files(store, [DATA / "extra-project.ttl", tmp_path / "a" / "extra-project.ttl"])


def test_read_only_store_refuses_writes(bundled_store_path: Path) -> None:
    from graphkit.config import Settings
    from graphkit.store import open_store

    opened = open_store(Settings(store=bundled_store_path), read_only=True)
    try:
        with pytest.raises(StoreError, match="read-only"):
            load_files(opened, [DATA / "extra-project.ttl"], validate=False)
    finally:
        opened.close()
