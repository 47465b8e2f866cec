"""Commands that ask the store: query, queries, stats."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict
from typing import Annotated

import typer

from graphkit.cli.common import EngineOption, StoreOption, app, opened_store, reported
from graphkit.errors import BadRequest
from graphkit.model import Language, Term
from graphkit.namespaces import shorten
from graphkit.query import as_term, list_named_queries, read_query_file, run_query
from graphkit.results import ResultFormat, format_result
from graphkit.stats import collect_stats


def _parse_binding(text: str) -> tuple[str, Term]:
    name, sep, value = text.partition("=")
    if not sep or not re.fullmatch(r"\??\w+", name):
        raise BadRequest(f"--bind {text!r}: write NAME=VALUE, e.g. --bind city=id:berlin.", parameter="bind")
    if value.startswith("<") and value.endswith(">"):
        return name.lstrip("?"), Term.iri(value[1:-1])
    # As the Python API reads a binding: a full IRI or prefixed name is an IRI, else text.
    return name.lstrip("?"), as_term(value, name="bind")


@app.command()
def query(
    sparql: Annotated[
        str | None,
        typer.Argument(help="The SPARQL query ('-' reads it from stdin).", show_default=False),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            "-f",
            help="A .rq file, or the name of a bundled query (see `graphkit queries`).",
        ),
    ] = None,
    fmt: Annotated[ResultFormat, typer.Option("--format", help="Output format.")] = ResultFormat.TABLE,
    bind: Annotated[
        list[str] | None,
        typer.Option(
            help="Bind a variable: NAME=<iri>, NAME=https://…, NAME=gk:Local or NAME=text. Repeatable."
        ),
    ] = None,
    max_rows: Annotated[
        int | None, typer.Option(help="Row cap [default: GRAPHKIT_MAX_ROWS or 10000].")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds [default: GRAPHKIT_QUERY_TIMEOUT or 30].")
    ] = None,
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Run a SPARQL query over the union of all named graphs."""
    with reported():
        if (sparql is None) == (file is None):
            raise BadRequest("Give a query or --file (one of them).", parameter="query")
        text = read_query_file(file) if file else (sys.stdin.read() if sparql == "-" else sparql)
        bindings = dict(_parse_binding(b) for b in bind or [])
        with opened_store(store, read_only=True, engine=engine, max_rows=max_rows, query_timeout=timeout) as (
            settings,
            opened,
        ):
            result = run_query(
                opened,
                text or "",
                bindings=bindings,
                max_rows=settings.max_rows,
                timeout=settings.query_timeout,
            )
            typer.echo(format_result(result, fmt), nl=False)


@app.command()
def queries(
    lang: Annotated[Language, typer.Option(help="Language of the questions.")] = Language.EN,
) -> None:
    """List the bundled competency queries (use one with `graphkit query --file NAME`)."""
    for name, question in list_named_queries(lang=lang).items():
        typer.echo(f"{name:<28} {question}")


@app.command()
def stats(
    store: StoreOption = None,
    engine: EngineOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the store's size: triples per named graph and entities per class."""
    with reported(), opened_store(store, read_only=True, engine=engine) as (_settings, opened):
        result = collect_stats(opened)
        if as_json:
            typer.echo(json.dumps(asdict(result), indent=1))
            return
        typer.echo(f"Store {result.location}: {result.triples} triples in {len(result.graphs)} graph(s)")
        if result.data_version:
            typer.echo(f"Data version {result.data_version}")
        typer.echo("")
        for graph in result.graphs:
            source = " ".join(shorten(d) for d in graph.source.split()) if graph.source else ""
            typer.echo(f"{graph.triples:>7}  {shorten(graph.graph):<40} {graph.certainty or '':<9} {source}")
        typer.echo(f"\n{result.entities} class memberships of entities:")
        for cls in result.classes:
            typer.echo(f"{cls.entities:>7}  {shorten(cls.cls):<28} {cls.label or ''}")
