"""A researcher's own data: every RDF format (gzipped, from stdin), own graph names, own vocabularies."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.errors import LoadError
from graphkit.export import ExportFormat, export_store
from graphkit.formats import RdfFormat
from graphkit.ingest import drop_graphs, load_files
from graphkit.query import run_query
from graphkit.records import LOADS_GRAPH
from graphkit.store import GraphStore, OxigraphStore
from tests.conftest import isomorphic

runner = CliRunner()

EX = "http://example.org/"
SURVEY = EX + "graphs/my-survey-2023"
NOTES = EX + "graphs/field-notes"

#: A small study in foreign vocabularies: two graphs of its own, a blank node, a typed literal.
DATASET = f"""
@prefix ex: <{EX}> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{SURVEY}> {{
    ex:alice a foaf:Person ; foaf:name "Alice Müller" ; ex:worksIn ex:kreuzberg ;
        ex:interviewed [ a ex:Interview ; ex:on "2023-05-04"^^xsd:date ] .
    ex:kreuzberg schema:name "Kreuzberg"@de , "Kreuzberg"@en ;
        ex:partOf <https://w3id.org/graphkit/id/berlin> .
}}
<{NOTES}> {{
    ex:alice foaf:name "Alice Müller" .
    ex:bob a foaf:Person ; foaf:name "Bob Ng" ; foaf:knows ex:alice .
}}
"""


def dataset() -> rdflib.Dataset:
    found = rdflib.Dataset()
    found.parse(data=DATASET, format="trig")
    return found


def graph_of(data: rdflib.Dataset, name: str) -> rdflib.Graph:
    found = rdflib.Graph()
    for triple in data.graph(rdflib.URIRef(name)):
        found.add(triple)
    return found


def stored(store: GraphStore, name: str) -> rdflib.Graph:
    found = rdflib.Dataset()
    found.parse(data=store.dump_nquads([name]), format="nquads")
    return graph_of(found, name)


def write(path: Path, data: bytes, *, gz: bool) -> Path:
    if gz:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


# --- formats --------------------------------------------------------------------------------

DATASET_FORMATS = [("trig", "trig"), ("nquads", "nq"), ("json-ld", "jsonld")]
GRAPH_FORMATS = [("turtle", "ttl"), ("turtle", "turtle"), ("nt", "nt"), ("xml", "rdf"), ("json-ld", "json")]


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize(("rdflib_format", "suffix"), DATASET_FORMATS)
def test_each_dataset_format_keeps_its_own_graph_names(
    store: GraphStore, tmp_path: Path, rdflib_format: str, suffix: str, gz: bool
) -> None:
    source = dataset()
    path = write(
        tmp_path / f"study.{suffix}", source.serialize(format=rdflib_format, encoding="utf-8"), gz=gz
    )
    report = load_files(store, [path])
    assert {g.graph for g in report.graphs} == {SURVEY, NOTES}
    for name in (SURVEY, NOTES):
        assert isomorphic(stored(store, name), graph_of(source, name))


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize(("rdflib_format", "suffix"), GRAPH_FORMATS)
def test_each_graph_format_loads_into_the_graph_named_by_its_file(
    store: GraphStore, tmp_path: Path, rdflib_format: str, suffix: str, gz: bool
) -> None:
    source = graph_of(dataset(), SURVEY)
    path = write(
        tmp_path / f"survey.{suffix}", source.serialize(format=rdflib_format, encoding="utf-8"), gz=gz
    )
    report = load_files(store, [path])
    assert [g.graph for g in report.graphs] == ["https://w3id.org/graphkit/graph/survey"]
    assert isomorphic(stored(store, "https://w3id.org/graphkit/graph/survey"), source)


def test_format_option_overrides_the_extension_and_stdin_needs_it(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "survey.data"
    path.write_bytes(graph_of(dataset(), SURVEY).serialize(format="nt", encoding="utf-8"))
    with pytest.raises(LoadError, match="unknown RDF format"):
        load_files(store, [path])
    load_files(store, [path], fmt=RdfFormat.NTRIPLES, graph=SURVEY)
    assert store.count(SURVEY) == len(graph_of(dataset(), SURVEY))
    with pytest.raises(LoadError, match="needs --format"):
        load_files(store, [Path("-")], stdin=io.BytesIO(b""))


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_stdin_with_a_format_and_a_graph(store: GraphStore, gz: bool) -> None:
    data = dataset().serialize(format="nquads", encoding="utf-8")
    load_files(
        store, [Path("-")], fmt=RdfFormat.NQUADS, stdin=io.BytesIO(gzip.compress(data) if gz else data)
    )
    assert {SURVEY, NOTES} <= set(store.graph_names())


def test_triples_outside_a_graph_go_to_the_graph_named_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.nq"
    path.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}p> <{EX}c> <{SURVEY}> .\n")
    store_path = str(tmp_path / "store")
    result = runner.invoke(app, ["load", str(path), "--graph", "graph:mine", "--store", store_path])
    assert result.exit_code == 0, result.output
    opened = OxigraphStore(Path(store_path), read_only=True)
    assert opened.count("https://w3id.org/graphkit/graph/mine") == 1
    assert opened.count(SURVEY) == 1
    opened.close()


def test_two_files_blank_nodes_stay_apart(store: GraphStore, tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / f"{name}.ttl").write_text(f'_:b0 <{EX}says> "{name}" .\n')
    load_files(store, [tmp_path / "one.ttl", tmp_path / "two.ttl"])
    rows = run_query(store, f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ ?b <{EX}says> ?o }}").rows
    assert rows[0]["n"].value == "2"


# --- JSON-LD contexts: inline or local, never fetched ------------------------------------------


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = json.dumps({"@context": {"name": "http://schema.org/name"}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def test_a_remote_jsonld_context_is_refused_without_a_request(
    store: GraphStore, tmp_path: Path, recording_server: tuple[str, list[str]]
) -> None:
    url, hits = recording_server
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": f"{url}/context.jsonld", "@id": f"{EX}a", "name": "A"}))
    with pytest.raises(LoadError) as raised:
        load_files(store, [path])
    assert "remote.jsonld" in raised.value.message and "never fetch" in raised.value.message
    assert hits == []
    assert store.count() == 0


def test_a_local_jsonld_context_is_read_from_beside_the_file(store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "context.jsonld").write_text(json.dumps({"@context": {"name": "http://schema.org/name"}}))
    path = tmp_path / "local.jsonld"
    path.write_text(json.dumps({"@context": "context.jsonld", "@id": f"{EX}a", "name": "A"}))
    load_files(store, [path])
    rows = run_query(store, f"SELECT ?n WHERE {{ <{EX}a> <http://schema.org/name> ?n }}").rows
    assert [r["n"].value for r in rows] == ["A"]


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_export_format_loads_back_graph_by_graph(
    loaded: GraphStore, tmp_path: Path, fmt: ExportFormat
) -> None:
    data = export_store(loaded, fmt)
    suffix = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "jsonld": "jsonld"}[fmt.value]
    path = tmp_path / f"export.{suffix}"
    path.write_bytes(data)
    fresh = OxigraphStore(tmp_path / "fresh")
    load_files(fresh, [path], validate=False)
    graphs = [g for g in loaded.graph_names() if g != LOADS_GRAPH]
    if fmt is ExportFormat.TURTLE:  # Turtle holds one graph: the merge of all of them
        merged = rdflib.Graph()
        for name in loaded.graph_names():
            merged += stored(loaded, name)
        assert isomorphic(stored(fresh, "https://w3id.org/graphkit/graph/export"), merged)
    else:
        for name in graphs:
            assert isomorphic(stored(fresh, name), stored(loaded, name)), name
    fresh.close()


# --- graphs: list and drop ------------------------------------------------------------------------


def test_graphs_lists_counts_sources_and_load_times_and_drop_removes_atomically(tmp_path: Path) -> None:
    store_path = str(tmp_path / "store")
    path = tmp_path / "study.trig"
    path.write_bytes(dataset().serialize(format="trig", encoding="utf-8"))
    assert runner.invoke(app, ["load", str(path), "--store", store_path]).exit_code == 0
    listed = runner.invoke(app, ["graphs", "--json", "--store", store_path])
    assert listed.exit_code == 0, listed.output
    rows = {row["graph"]: row for row in json.loads(listed.stdout)}
    assert rows[SURVEY]["triples"] == len(graph_of(dataset(), SURVEY))
    assert rows[SURVEY]["input"] == str(path) and rows[SURVEY]["loaded"]
    assert rows[SURVEY]["sha256"] and rows[SURVEY]["file"] == path.resolve().as_uri()
    refused = runner.invoke(app, ["drop", f"<{SURVEY}>", "graph:no-such-graph", "--store", store_path])
    assert refused.exit_code == 1 and "no-such-graph" in refused.output
    kept = OxigraphStore(Path(store_path), read_only=True)
    assert SURVEY in kept.graph_names()
    kept.close()
    dropped = runner.invoke(app, ["drop", SURVEY, "--store", store_path])
    assert dropped.exit_code == 0, dropped.output
    after = OxigraphStore(Path(store_path), read_only=True)
    assert after.graph_names() == sorted([LOADS_GRAPH, NOTES])
    generated = "<http://www.w3.org/ns/prov#wasGeneratedBy>"
    recorded = f"SELECT DISTINCT ?g WHERE {{ GRAPH <{LOADS_GRAPH}> {{ ?g {generated} ?a }} }}"
    graphs_recorded = run_query(after, recorded).rows
    assert [r["g"].value for r in graphs_recorded] == [NOTES]
    after.close()


def test_drop_through_the_core_is_all_or_nothing(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "study.trig"
    path.write_bytes(dataset().serialize(format="trig", encoding="utf-8"))
    load_files(store, [path])
    with pytest.raises(LoadError):
        drop_graphs(store, [SURVEY, EX + "missing"])
    assert {SURVEY, NOTES} <= set(store.graph_names())
    quads = len(graph_of(dataset(), SURVEY)) + len(graph_of(dataset(), NOTES))
    assert drop_graphs(store, [SURVEY, NOTES]) == quads
    assert store.graph_names() == []  # the load records went with them


# --- set semantics ------------------------------------------------------------------------------


def test_a_triple_two_graphs_state_is_one_triple_of_the_default_graph(
    store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "study.trig"
    path.write_bytes(dataset().serialize(format="trig", encoding="utf-8"))
    load_files(store, [path])
    name = f"SELECT ?n WHERE {{ <{EX}alice> <http://xmlns.com/foaf/0.1/name> ?n }}"
    assert len(run_query(store, name).rows) == 1
    per_graph = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}alice> <http://xmlns.com/foaf/0.1/name> ?n }} }}"
    assert {r["g"].value for r in run_query(store, per_graph).rows} == {SURVEY, NOTES}
    drop_graphs(store, [NOTES])  # still stated by the survey: still in the default graph
    assert len(run_query(store, name).rows) == 1
    drop_graphs(store, [SURVEY])
    assert run_query(store, name).rows == []


def test_counts_on_the_command_line_count_each_triple_once(bundled_store_path: Path) -> None:
    distinct = runner.invoke(
        app,
        [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
            "--format",
            "csv",
            "--store",
            str(bundled_store_path),
        ],
    )
    plain = runner.invoke(
        app,
        [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--format",
            "csv",
            "--store",
            str(bundled_store_path),
        ],
    )
    assert distinct.exit_code == plain.exit_code == 0
    assert distinct.stdout.splitlines()[1] == plain.stdout.splitlines()[1]


# --- the researcher's entities through the API, and a load beside a read-only server -----------


def test_a_validated_trig_with_own_graphs_and_vocabulary_is_searchable_and_walkable(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from graphkit.api.app import create_app
    from graphkit.config import Settings

    path = tmp_path / "study.trig"
    path.write_bytes(dataset().serialize(format="trig", encoding="utf-8"))
    store_path = tmp_path / "store"
    loaded = runner.invoke(app, ["load", str(path), "--store", str(store_path)])
    assert loaded.exit_code == 0, loaded.output  # validated: foreign vocabularies pass
    settings = Settings(store=store_path)
    with TestClient(create_app(settings, OxigraphStore(store_path, read_only=True))) as client:
        hits = client.get("/api/search", params={"q": "alice muller"}).json()["results"]
        assert [h["iri"] for h in hits] == [f"{EX}alice"]
        alice = hits[0]["id"]
        assert alice.startswith("~")
        nb = client.get(f"/api/entities/{alice}/neighbourhood").json()
        assert {n["iri"] for n in nb["nodes"]} >= {f"{EX}alice", f"{EX}kreuzberg", f"{EX}bob"}
        assert f"{EX}alice".encode() in client.get("/graph", params={"focus": alice}).content


def test_a_read_only_server_sees_a_load_made_by_another_writer(
    bundled_store_path: Path, tmp_path: Path
) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from graphkit.api.app import create_app
    from graphkit.config import Settings

    store_path = tmp_path / "store"
    shutil.copytree(bundled_store_path, store_path)
    settings = Settings(store=store_path)
    with TestClient(create_app(settings, OxigraphStore(store_path, read_only=True))) as client:
        before = client.get("/api/stats").json()["triples"]
        assert client.get("/api/search", params={"q": "bob ng"}).json()["results"] == []
        path = tmp_path / "study.trig"
        path.write_bytes(dataset().serialize(format="trig", encoding="utf-8"))
        writer = OxigraphStore(store_path)  # another writer: the server holds no write lock
        load_files(writer, [path])
        writer.close()
        assert client.get("/api/stats").json()["triples"] > before
        assert [h["iri"] for h in client.get("/api/search", params={"q": "bob ng"}).json()["results"]] == [
            f"{EX}bob"
        ]
        sparql = client.get(
            "/sparql",
            params={"query": f"ASK {{ GRAPH <{NOTES}> {{ ?s ?p ?o }} }}"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert sparql.json()["boolean"] is True  # the SPARQL workers see it too
