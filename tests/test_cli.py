"""The `graphkit` command line, through Typer's runner and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit import bundled
from graphkit.cli import app
from tests.conftest import DATA

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):
    return runner.invoke(app, list(args), env=env, input=stdin)


def test_load_then_query_a_competency_question(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    loaded = run("load", "--store", store)
    assert loaded.exit_code == 0, loaded.output
    assert "Loaded" in loaded.output and "validated" in loaded.output
    result = run("query", "--store", store, "--file", "forum-workshop-cities")
    assert result.exit_code == 0, result.output
    assert "id:glasgow" in result.output and "United Kingdom@en" in result.output
    assert "3 rows" in result.output


@pytest.mark.parametrize(
    ("fmt", "expect"),
    [
        ("json", '"vars"'),
        ("csv", "city,cityLabel,country,countryLabel"),
        ("tsv", "?city\t?cityLabel"),
        ("table", "Vantaa@en"),
    ],
)
def test_query_formats(bundled_store_path: Path, fmt: str, expect: str) -> None:
    result = run("query", "--store", str(bundled_store_path), "-f", "forum-workshop-cities", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert expect in result.output
    if fmt == "json":
        assert len(json.loads(result.output)["results"]["bindings"]) == 3


def test_store_from_environment_and_query_from_stdin(bundled_store_path: Path) -> None:
    env = {"GRAPHKIT_STORE": str(bundled_store_path)}
    result = run(
        "query",
        "-",
        "--format",
        "csv",
        env=env,
        stdin="ASK { ?s a <https://w3id.org/graphkit/ontology#City> }",
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "true"


def test_bind_option(bundled_store_path: Path) -> None:
    sparql = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(lang(?l)='de') }"
    )
    result = run(
        "query",
        sparql,
        "--store",
        str(bundled_store_path),
        "--bind",
        "x=id:glasgow",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "https://w3id.org/graphkit/id/glasgow,Glasgow"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "SELECT ?s WHERE { ?s ?p }"), "SPARQL syntax error (line 1"),
        (("query", "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"), "SERVICE"),
        (("query", "--file", "no-such-query"), "No query file 'no-such-query'"),
        (("query",), "Give a query or --file"),
        (("query", "SELECT * {}", "--bind", "oops"), "--bind 'oops'"),
        (("export", "--graph", "https://example.org/none"), "no graph https://example.org/none"),
    ],
)
def test_errors_are_one_clean_line(bundled_store_path: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--store", str(bundled_store_path))
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_query_on_a_missing_store_says_to_load(tmp_path: Path) -> None:
    result = run("query", "ASK {}", "--store", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "run `graphkit load` first" in result.output


def test_bad_setting_names_the_variable(bundled_store_path: Path) -> None:
    result = run("query", "ASK {}", "--store", str(bundled_store_path), env={"GRAPHKIT_MAX_ROWS": "lots"})
    assert result.exit_code == 1
    assert "GRAPHKIT_MAX_ROWS" in result.output


def test_load_refuses_a_broken_file_and_keeps_the_store(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    assert run("load", "--store", store).exit_code == 0
    before = run("stats", "--store", store, "--json").output
    result = run("load", str(DATA / "violations.ttl"), "--curated", "--store", store)
    assert result.exit_code == 1
    assert "Nothing was loaded" in result.output and "violations.ttl:15" in result.output
    assert run("stats", "--store", store, "--json").output == before


def test_validate(tmp_path: Path) -> None:
    env = {"GRAPHKIT_STORE": str(tmp_path / "none")}
    good = run("validate", env=env)
    assert good.exit_code == 0 and "Conforms" in good.output
    bad = run("validate", str(DATA / "violations.ttl"), env=env)
    assert bad.exit_code == 1 and "violations.ttl:22: id:misplaced-event gk:hostedBy" in bad.output


def test_stats(bundled_store_path: Path) -> None:
    result = run("stats", "--store", str(bundled_store_path), "--json")
    body = json.loads(result.output)
    assert body["triples"] == sum(g["triples"] for g in body["graphs"])
    classes = {c["cls"].rsplit("#", 1)[-1]: c["entities"] for c in body["classes"]}
    assert classes["City"] >= 3 and classes["District"] == 12
    text = run("stats", "--store", str(bundled_store_path)).output
    assert "graph:bbwa-eurocities-2021" in text and "stated" in text


def test_export_to_file(bundled_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.nq"
    result = run("export", "--store", str(bundled_store_path), "--format", "nquads", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) > 1000


def test_queries_lists_every_bundled_query() -> None:
    result = run("queries")
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == sorted(p.stem for p in bundled.queries_dir().glob("*.rq"))


def test_ontology_doc_check(tmp_path: Path) -> None:
    assert run("ontology-doc", "-o", str(bundled.ontology_dir() / "README.md"), "--check").exit_code == 0
    stale = tmp_path / "README.md"
    stale.write_text("old")
    assert run("ontology-doc", "-o", str(stale), "--check").exit_code == 1


@pytest.mark.slow
def test_real_process_load_and_query(tmp_path: Path) -> None:
    env = {**os.environ, "GRAPHKIT_STORE": str(tmp_path / "store")}
    command = [sys.executable, "-m", "graphkit"]
    loaded = subprocess.run([*command, "load"], env=env, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    queried = subprocess.run(
        [*command, "query", "--file", "forum-host", "--format", "csv"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert queried.returncode == 0, queried.stderr
    assert "https://w3id.org/graphkit/id/einstein-center-digital-future" in queried.stdout
    failed = subprocess.run(
        [*command, "query", "SELECT"], env=env, capture_output=True, text=True, timeout=60
    )
    assert failed.returncode == 1
    assert failed.stderr.startswith("error: ") and "Traceback" not in failed.stderr
