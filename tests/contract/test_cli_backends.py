"""The CLI on each backend: no command prints a store it did not write, none crashes.

The rdflib backend keeps nothing between commands, so commands that write refuse it with
a message that says why, and commands that read say that it starts empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app

runner = CliRunner()
RDFLIB = {"GRAPHKIT_BACKEND": "rdflib"}
IN_MEMORY = "the rdflib backend is in-memory, for tests and benchmarks; it keeps nothing between commands"


@pytest.mark.parametrize("args", [["load"], ["load", "--no-validate"], ["drop", "graph:bbwa"]], ids=" ".join)
def test_commands_that_write_refuse_the_in_memory_backend(args: list[str], tmp_path: Path) -> None:
    result = runner.invoke(app, [*args, "--store", str(tmp_path / "store")], env=RDFLIB)
    assert result.exit_code == 1
    assert IN_MEMORY in result.output and "Traceback" not in result.output
    assert "Store:" not in result.output and "Loaded" not in result.output
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize(
    "args",
    [["stats"], ["stats", "--json"], ["graphs"], ["query", "ASK { ?s ?p ?o }", "--format", "json"]],
    ids=" ".join,
)
def test_commands_that_read_say_the_in_memory_store_is_empty(args: list[str]) -> None:
    result = runner.invoke(app, args, env=RDFLIB)
    assert result.exit_code == 0, result.output
    assert f"note: {IN_MEMORY}; this store starts empty." in result.output


def test_stats_prints_an_empty_in_memory_store() -> None:
    result = runner.invoke(app, ["stats"], env=RDFLIB)
    assert result.exit_code == 0 and "Store :rdflib-memory:: 0 triples in 0 graph(s)" in result.output


def test_a_bad_engine_or_remote_url_is_one_clear_line() -> None:
    result = runner.invoke(app, ["stats", "--store", "sparql+http://127.0.0.1:9", "--engine", "bogus"])
    assert result.exit_code == 1 and "GRAPHKIT_ENGINE" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["stats", "--store", "sparql+http://127.0.0.1:9", "--engine", "oxigraph"])
    assert result.exit_code == 1
    assert "Cannot reach the SPARQL endpoint http://127.0.0.1:9/query" in result.output
