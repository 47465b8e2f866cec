"""`graphkit analyze …` and `graphkit export --format graphml|gexf|node-link|csv`, through Typer's runner."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphkit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def analyze(store: Path, *args: str) -> tuple[int, str, str]:
    return run("analyze", *args, "--store", str(store))


def test_centrality_table_puts_eurocities_first(bundled_store_path: Path) -> None:
    code, out, err = analyze(bundled_store_path, "centrality", "--limit", "3")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["id", "label", "class", "value"]
    assert lines[2].startswith("eurocities ")
    assert "3 of " in out and "rows" in out


def test_centrality_json_and_csv_agree(bundled_store_path: Path) -> None:
    code, out, _ = analyze(
        bundled_store_path, "centrality", "--measure", "pagerank", "--format", "json", "--limit", "5"
    )
    assert code == 0
    body = json.loads(out)
    assert body["kind"] == "centrality" and body["parameters"]["measure"] == "pagerank"
    assert body["limit"] == 5 and body["truncated"] and len(body["rows"]) == 5
    assert body["network"]["classification"] is False
    code, out, _ = analyze(
        bundled_store_path, "centrality", "--measure", "pagerank", "--format", "csv", "--limit", "5"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [r["id"] for r in body["rows"]]


def test_communities_print_the_modularity(bundled_store_path: Path) -> None:
    code, out, _ = analyze(bundled_store_path, "communities", "--format", "json", "--limit", "1000")
    assert code == 0
    body = json.loads(out)
    assert 0 < body["summary"]["modularity"] < 1
    assert body["summary"]["sizes"] == sorted(body["summary"]["sizes"], reverse=True)
    again = json.loads(analyze(bundled_store_path, "communities", "--format", "json", "--limit", "1000")[1])
    assert again["rows"] == body["rows"]  # a fixed seed: the same answer


def test_components_brokers_and_projection(bundled_store_path: Path) -> None:
    code, out, _ = analyze(bundled_store_path, "components", "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["sizes"][0] > 400
    code, out, _ = analyze(bundled_store_path, "brokers", "--limit", "3", "--format", "json")
    brokers = json.loads(out)["rows"]
    assert code == 0 and len(brokers) == 3 and all(len(b["communities"]) >= 2 for b in brokers)
    code, out, _ = analyze(bundled_store_path, "projection", "--kind", "co-funding", "--format", "json")
    links = json.loads(out)["rows"]
    assert code == 0 and links and all(link["shared"] and link["target"] for link in links)
    assert any(link["id"] == "biwaq" and "esf" in link["shared"] for link in links)


def test_a_focus_and_a_period_narrow_the_network(bundled_store_path: Path) -> None:
    def nodes(*args: str) -> int:
        code, out, err = analyze(bundled_store_path, "centrality", "--format", "json", *args)
        assert code == 0, err
        return json.loads(out)["total"]

    whole = nodes()
    assert nodes("--focus", "BIWAQ", "--depth", "1") < whole
    assert nodes("--from", "2020", "--to", "2020", "--undated", "exclude") < nodes(
        "--from", "2020", "--to", "2020"
    )


def test_path_prints_each_step_with_its_sources(bundled_store_path: Path) -> None:
    code, out, _ = analyze(bundled_store_path, "path", "bbwa", "biwaq")
    assert code == 0
    assert "esf" in out and "topic/" not in out  # through the funds, not a topic tag
    assert "gk:financedFromFund" in out and "[doc/" in out
    code, out, _ = analyze(bundled_store_path, "path", "bbwa", "biwaq", "--classification")
    assert code == 0 and "topic/local-economy" in out


def test_path_json_carries_the_evidence(bundled_store_path: Path) -> None:
    code, out, _ = analyze(bundled_store_path, "path", "BBWA", "BIWAQ", "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert body["from"] == "bbwa" and body["to"] == "biwaq"
    steps = [step for path in body["paths"] for step in path["steps"]]
    assert steps and all(step["edges"] for step in steps)
    assert all(edge["sources"] for step in steps for edge in step["edges"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("centrality", "--measure", "fame"), "fame"),
        (("centrality", "--focus", "no-such-entity-anywhere"), "no-such-entity-anywhere"),
        (("centrality", "--type", "Unicorn"), "Unicorn"),
        (("centrality", "--from", "2021-13"), "from"),
        (("centrality", "--as-of", "2020", "--from", "2019"), "as_of"),
        (("centrality", "--depth", "9", "--focus", "biwaq"), "depth"),
        (("centrality", "--undated", "maybe"), "undated"),
        (("communities", "--method", "magic"), "method"),
        (("projection", "--kind", "co-dancing"), "co-dancing"),
        (("path", "bbwa", "nowhere-at-all"), "nowhere-at-all"),
    ],
)
def test_bad_options_are_one_clean_line(
    bundled_store_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = analyze(bundled_store_path, *args)
    assert code == 1, out
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_write_then_drop(bundled_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(bundled_store_path, store)
    code, _, err = analyze(store, "centrality", "--measure", "pagerank", "--write")
    assert code == 0 and "Wrote <https://w3id.org/graphkit/graph/analytics/centrality-" in err
    graph = err.split("<", 1)[1].split(">", 1)[0]
    code, _, err = analyze(store, "centrality", "--measure", "pagerank", "--write")
    assert code == 0 and f"Replaced <{graph}>" in err
    code, out, _ = run(
        "query",
        "--store",
        str(store),
        "--format",
        "csv",
        "PREFIX gk: <https://w3id.org/graphkit/ontology#> SELECT ?e WHERE { "
        "[] gk:resultFor ?e ; gk:measure 'pagerank' ; gk:value ?v } ORDER BY DESC(?v) LIMIT 1",
    )
    assert code == 0 and "id/eurocities" in out
    assert analyze(store, "drop")[0] == 1  # neither graphs nor --all
    assert analyze(store, "drop", "graph:analytics/nothing")[0] == 1
    code, out, _ = analyze(store, "drop", graph)
    assert code == 0 and "Dropped 1 analytics graph" in out
    code, out, _ = analyze(store, "drop", "--all")
    assert code == 0 and "Dropped 0" in out


def test_write_refuses_a_read_only_minded_backend(bundled_store_path: Path) -> None:
    result = runner.invoke(
        app,
        ["analyze", "components", "--write"],
        env={"GRAPHKIT_BACKEND": "rdflib", "GRAPHKIT_STORE": str(bundled_store_path)},
    )
    assert result.exit_code == 1 and "in-memory" in result.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_formats_reimport(bundled_store_path: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"biwaq.{fmt}"
    code, _, err = run(
        "export",
        "--store",
        str(bundled_store_path),
        "--format",
        fmt,
        "--focus",
        "biwaq",
        "--depth",
        "1",
        "--with",
        "pagerank,community",
        "-o",
        str(target),
    )
    assert code == 0, err
    read = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    assert "biwaq" in read and "esf" in read
    assert {"pagerank", "community", "label", "cls"} <= set(read.nodes["biwaq"])


def test_export_csv_and_node_link_to_stdout(bundled_store_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "--store", str(bundled_store_path), "--format", "csv", "--type", "City"]
    )
    assert result.exit_code == 0
    with zipfile.ZipFile(io.BytesIO(result.stdout_bytes)) as archive:
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
    assert nodes and all(n["cls"].endswith("#City") for n in nodes)
    code, out, _ = run(
        "export", "--store", str(bundled_store_path), "--format", "node-link", "--focus", "esf"
    )
    assert code == 0 and {"nodes", "links", "graph"} <= set(json.loads(out))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "graphml", "--graph", "graph:curation"), "--graph"),
        (("--format", "turtle", "--focus", "biwaq"), "--focus"),
        (("--format", "pdf"), "pdf"),
        (("--format", "gexf", "--with", "fame"), "fame"),
    ],
)
def test_export_refuses_mixed_options(bundled_store_path: Path, args: tuple[str, ...], message: str) -> None:
    code, _, err = run("export", "--store", str(bundled_store_path), *args)
    assert code == 1 and message in err


def test_rdf_export_is_unchanged(bundled_store_path: Path) -> None:
    code, out, _ = run("export", "--store", str(bundled_store_path), "--graph", "graph:curation")
    assert code == 0 and "@prefix" in out
