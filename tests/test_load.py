"""Loading: graphs replaced atomically, idempotent, checked, refusing bad files clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graphkit import bundled
from graphkit.errors import LoadError, StoreError, ValidationFailed
from graphkit.ingest import load_files
from graphkit.namespaces import GRAPH, ONTOLOGY_GRAPH
from graphkit.query import run_query
from graphkit.records import LOADS_GRAPH
from graphkit.store import GraphStore
from tests.conftest import DATA, isomorphic, read_graphs

SAMPLE = """
PREFIX gk: <https://w3id.org/graphkit/ontology#>
SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o LIMIT 50
"""


def data_graphs(store: GraphStore) -> list[str]:
    """The store's graphs without graphkit's load records."""
    return [g for g in store.graph_names() if g != LOADS_GRAPH]


def snapshot(store: GraphStore) -> tuple[int, list[str], bytes]:
    """The data a store holds (its load records aside, which carry times).

    Blank nodes (the reified evidence of statements) are named anew by each load: the quads
    are compared in their canonical form (W3C RDFC-1.0).
    """
    graphs = data_graphs(store)
    dataset = ox.Dataset(ox.parse(store.dump_nquads(graphs), format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return (
        store.count() - store.count(LOADS_GRAPH),
        graphs,
        b"".join(sorted(str(quad).encode() for quad in dataset)),
    )


def test_bundled_load_puts_each_source_in_its_own_graph(store: GraphStore) -> None:
    report = load_files(store)
    graphs = read_graphs(bundled.data_files())
    assert set(data_graphs(store)) == {ONTOLOGY_GRAPH} | set(graphs)
    assert report.triples == store.count() - store.count(LOADS_GRAPH)
    for path in bundled.data_files():
        if path.suffix == ".ttl":
            assert GRAPH + path.stem in graphs
    for name, graph in graphs.items():
        assert store.count(name) == len(graph)


def test_every_loaded_graph_has_a_load_record(store: GraphStore) -> None:
    report = load_files(store)
    query = """
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX spdx: <http://spdx.org/rdf/terms#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?g ?file ?sum ?when WHERE { GRAPH <https://w3id.org/graphkit/graph/loads> {
      ?g prov:wasGeneratedBy ?load ; prov:wasDerivedFrom ?input ; prov:generatedAtTime ?when .
      ?load a prov:Activity ; prov:used ?input ; prov:wasAssociatedWith ?agent .
      ?input dcterms:source ?file ; spdx:checksum/spdx:checksumValue ?sum .
    } }"""
    rows = run_query(store, query).rows
    assert {r["g"].value for r in rows} == {g.graph for g in report.graphs}
    import hashlib

    ontology = next(r for r in rows if r["g"].value == ONTOLOGY_GRAPH)
    assert ontology["file"].value == bundled.ontology_file().resolve().as_uri()
    assert ontology["sum"].value == hashlib.sha256(bundled.ontology_file().read_bytes()).hexdigest()


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


def test_curated_data_with_two_values_in_one_source_or_no_source_is_refused_by_line(
    store: GraphStore,
) -> None:
    load_files(store)
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [DATA / "two-values-one-source.trig"], curated=False)
    text = raised.value.message
    assert "two-values-one-source.trig:17: id:muddled-programme gk:startDate" in text
    assert "within one source graph: 2 values" in text
    assert "sh:MaxCountConstraintComponent" in text
    # Curated, the cheap rule comes first: the graph without a source is refused before SHACL runs.
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [DATA / "two-values-one-source.trig"], curated=True)
    text = raised.value.message
    assert "two-values-one-source.trig:22: graph:test-unsourced gk:source" in text
    assert "does not name its source document" in text
    assert "sh:MaxCountConstraintComponent" not in text
    assert GRAPH + "test-fine" not in store.graph_names()


def test_other_data_needs_no_source_but_still_one_value_per_source(store: GraphStore) -> None:
    load_files(store)
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [DATA / "two-values-one-source.trig"])
    assert "within one source graph: 2 values" in raised.value.message
    assert "does not name its source document" not in raised.value.message


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
def test_curated_trig_graphs_are_named_in_the_graphkit_namespace(
    store: GraphStore, name: str, problem: str
) -> None:
    with pytest.raises(LoadError) as raised:
        load_files(store, [DATA / name], curated=True)
    assert name in raised.value.message and problem in raised.value.message
    assert store.count() == 0


def test_other_trig_files_keep_their_own_graph_names(store: GraphStore) -> None:
    load_files(store, [DATA / "foreign-graph.trig"])
    assert "http://example.org/graph" in store.graph_names()


def test_loaded_graph_is_isomorphic_to_its_file(store: GraphStore) -> None:
    load_files(store)
    path = bundled.data_dir() / "bbwa-eurocities-2021.ttl"
    dataset = rdflib.Dataset()
    dataset.parse(data=store.dump_nquads([GRAPH + path.stem]), format="nquads")
    loaded = rdflib.Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        loaded.add((s, p, o))
    assert isomorphic(loaded, read_graphs([path])[GRAPH + path.stem])


def test_loading_twice_gives_the_same_graph(store: GraphStore) -> None:
    load_files(store)
    first = snapshot(store)
    records = store.count(LOADS_GRAPH)
    load_files(store)
    assert snapshot(store) == first
    assert store.count(LOADS_GRAPH) == records  # records replaced, not piled up


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
        load_files(store, [bundled.data_dir() / "curation.ttl", DATA / "violations.ttl"], curated=True)
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


def test_labels_in_german_and_english_are_required_of_curated_data_only(store: GraphStore) -> None:
    load_files(store)
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [DATA / "violations.ttl"])
    assert "unlabelled-project rdfs:label" not in raised.value.message
    assert "miscounted-event gk:participantCount" in raised.value.message


def test_a_curated_file_that_does_not_name_its_source_is_refused(store: GraphStore) -> None:
    load_files(store)
    with pytest.raises(ValidationFailed) as raised:
        load_files(store, [DATA / "no-source.ttl"], curated=True)
    assert "no-source.ttl:1: graph:no-source gk:source" in raised.value.message
    assert "does not name its source document" in raised.value.message
    assert GRAPH + "no-source" not in store.graph_names()


def test_other_data_without_a_source_is_traced_by_its_load_record(store: GraphStore) -> None:
    load_files(store)
    load_files(store, [DATA / "no-source.ttl"])
    rows = run_query(
        store,
        "SELECT ?file WHERE { GRAPH <https://w3id.org/graphkit/graph/loads> { "
        "<https://w3id.org/graphkit/graph/no-source> <http://www.w3.org/ns/prov#wasDerivedFrom>/"
        "<http://purl.org/dc/terms/source> ?file } }",
    ).rows
    assert [r["file"].value for r in rows] == [(DATA / "no-source.ttl").resolve().as_uri()]


def test_without_validation_a_parseable_file_loads(store: GraphStore) -> None:
    load_files(store, [DATA / "violations.ttl"], validate=False)
    assert data_graphs(store) == [GRAPH + "violations"]


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


def test_the_limits_are_cli_options_and_name_themselves_when_reached(tmp_path: Path) -> None:
    """The --max-… limits reach the loader, and each refusal names its option."""
    from typer.testing import CliRunner

    from graphkit.cli import app

    data = tmp_path / "small.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "a literal of some length" .\n')
    deep = tmp_path / "deep.ttl"
    deep.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p " + "(" * 20 + ")" * 20 + " .\n")
    runner = CliRunner()
    store = str(tmp_path / "store")
    cases = [
        (["--max-file-bytes", "40"], data, "--max-file-bytes", f"{data}:"),
        (["--max-nesting", "8"], deep, "--max-nesting", f"{deep}:2:"),
    ]
    for options, path, option, where in cases:
        assert path is not None
        for command in ("load", "validate"):
            result = runner.invoke(app, [command, "--not-curated", "--store", store, *options, str(path)])
            assert result.exit_code == 1, result.output
            assert option in result.output and where in result.output, result.output
    result = runner.invoke(
        app, ["load", "--not-curated", "--store", store, "--max-token-bytes", "1024", str(data)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["load", "--help"])
    assert all(
        f"--max-{name}" in result.output for name in ("token-bytes", "file-bytes", "gzip-ratio", "nesting")
    )
