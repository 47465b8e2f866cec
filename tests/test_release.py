"""`graphkit export --release`: the release validates and loads back to the same graphs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.errors import BadRequest
from graphkit.ingest import load_files
from graphkit.namespaces import GRAPH, ONTOLOGY_GRAPH
from graphkit.release import CHECKSUMS, MANIFEST, write_release
from graphkit.store import GraphStore, open_store

runner = CliRunner()
DAY = dt.date(2026, 11, 29)
PARSE_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD}


@pytest.fixture(scope="module")
def release(loaded: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of the bundled data, written once for this module."""
    folder, _manifest = write_release(loaded, tmp_path_factory.mktemp("release") / "out", date=DAY)
    return folder


def _manifest(release: Path) -> dict:
    return json.loads((release / MANIFEST).read_text(encoding="utf-8"))


def _data_files(release: Path) -> list[Path]:
    files = _manifest(release)["files"]
    return [release / f["name"] for f in files if Path(f["name"]).suffix in PARSE_FORMATS]


def _graphs_of(nquads: bytes) -> dict[str, ox.Dataset]:
    """Each named graph of an N-Quads text, its blank nodes renamed canonically (RDFC-1.0).

    Two graphs are isomorphic exactly when their canonical forms are equal. RDFC-1.0 (W3C)
    in pyoxigraph, not rdflib.compare: the member list's ~1,200 reifier blank nodes take
    rdflib 75 s and RDFC-1.0 a few milliseconds.
    """
    quads: dict[str, list[ox.Quad]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        quads.setdefault(quad.graph_name.value, []).append(quad)  # type: ignore[union-attr]
    graphs = {}
    for name, found in quads.items():
        graphs[name] = ox.Dataset(found)
        graphs[name].canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return graphs


def test_release_holds_three_dumps_a_licence_a_manifest_and_checksums(release: Path) -> None:
    manifest = _manifest(release)
    version = manifest["version"]
    assert manifest["date"] == "2026-11-29"
    assert manifest["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert version in manifest["citation"]
    names = {f["name"] for f in manifest["files"]}
    assert names == {f"graphkit-data-{version}.{ext}" for ext in ("nq", "trig", "jsonld")} | {"LICENSE.md"}
    assert sorted(p.name for p in release.iterdir()) == sorted(names | {MANIFEST, CHECKSUMS})


def test_checksums_and_sizes_match_the_files(release: Path) -> None:
    listed = {}
    for line in (release / CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == {f["name"] for f in _manifest(release)["files"]} | {MANIFEST}
    for name, digest in listed.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest, name
    for f in _manifest(release)["files"]:
        data = (release / f["name"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (f["bytes"], f["sha256"]), f["name"]


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".jsonld"])
def test_each_dump_parses_to_the_manifest_counts(release: Path, suffix: str) -> None:
    (path,) = [p for p in _data_files(release) if p.suffix == suffix]
    counts: dict[str, int] = {}
    for quad in ox.parse(path=str(path), format=PARSE_FORMATS[suffix]):
        assert not isinstance(quad.graph_name, ox.DefaultGraph), f"{path.name}: a triple outside a graph"
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    manifest = _manifest(release)
    assert counts == {g["graph"]: g["triples"] for g in manifest["graphs"]}
    assert sum(counts.values()) == manifest["triples"]


def test_release_holds_the_curated_graphs_and_the_ontology_but_no_load_records(
    release: Path, loaded: GraphStore
) -> None:
    graphs = {g["graph"]: g for g in _manifest(release)["graphs"]}
    assert GRAPH + "loads" not in graphs
    assert ONTOLOGY_GRAPH in graphs
    assert graphs[GRAPH + "source-catalogue"]["certainty"] == "curated"
    curated = {g for g in graphs if g != ONTOLOGY_GRAPH}
    assert all(graphs[g]["sources"] for g in curated)
    assert curated | {ONTOLOGY_GRAPH, GRAPH + "loads"} == set(loaded.graph_names())


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".jsonld"])
def test_release_reloads_to_the_same_graphs(
    release: Path, loaded: GraphStore, tmp_path: Path, suffix: str
) -> None:
    """Loaded into a fresh store (and validated), each dump gives back every graph, isomorphic:
    blank nodes (the source catalogue's records, reifiers) are compared by structure."""
    (path,) = [p for p in _data_files(release) if p.suffix == suffix]
    names = [g["graph"] for g in _manifest(release)["graphs"]]
    fresh = open_store(Settings(store=tmp_path / "store"))
    try:
        load_files(fresh, [path])
        again = _graphs_of(fresh.dump_nquads(names))
    finally:
        fresh.close()
    before = _graphs_of(loaded.dump_nquads(names))
    assert set(again) == set(before) == set(names)
    assert any(isinstance(q.subject, ox.BlankNode) for q in before[GRAPH + "source-catalogue"])
    for name in names:
        assert len(again[name]) == len(before[name]) and again[name] == before[name], name


def test_release_refuses_a_folder_that_is_not_empty_unless_forced(loaded: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "deposit"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BadRequest) as refused:
        write_release(loaded, folder, date=DAY)
    assert refused.value.detail.get("parameter") == "folder"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    written, _ = write_release(loaded, folder, date=DAY, force=True)
    assert (written / MANIFEST).is_file() and (written / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_release_of_a_store_without_a_data_version_is_refused(store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(BadRequest) as refused:
        write_release(store, tmp_path / "out", date=DAY)
    assert "data version" in refused.value.message
    assert not (tmp_path / "out").exists()


def test_cli_writes_a_release_into_dir(bundled_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "rel"
    result = runner.invoke(
        app, ["export", "--release", str(out), "--date", "2026-11-29", "--store", str(bundled_store_path)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["date"] == "2026-11-29"
    again = runner.invoke(app, ["export", "--release", str(out), "--store", str(bundled_store_path)])
    assert again.exit_code == 1 and "error: DIR:" in again.output and "--force" in again.output


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--release", "--format", "trig"], "--format"),
        (["--release", "-o", "x.nq"], "--output"),
        (["--release", "--graph", "graph:curation"], "--graph"),
        (["--release", "--date", "29.11.2026"], "--date"),
        (["somewhere"], "DIR is only for --release"),
        (["--force"], "--force is only for --release"),
        (["--date", "2026-11-29"], "--date is only for --release"),
    ],
)
def test_bad_release_arguments_name_the_parameter(
    bundled_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], names: str
) -> None:
    monkeypatch.chdir(tmp_path)  # where a release without DIR would go
    result = runner.invoke(app, ["export", *args, "--store", str(bundled_store_path)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and names in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
