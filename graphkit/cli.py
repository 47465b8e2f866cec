"""The `graphkit` command line: parse options, call one core function, print the result."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import pydantic
import typer

from graphkit import bundled
from graphkit.config import Settings
from graphkit.errors import BadRequest, ConfigError, GraphkitError, StoreError
from graphkit.export import ExportFormat, export_store
from graphkit.ingest import check_files, load_files
from graphkit.model import Term
from graphkit.namespaces import PREFIXES, shorten
from graphkit.ontology_doc import render_ontology_doc
from graphkit.projection import build_projection
from graphkit.query import list_named_queries, read_query_file, run_query
from graphkit.results import ResultFormat, format_result
from graphkit.stats import collect_stats
from graphkit.store import GraphStore, open_store
from graphkit.viz import Language, render_view, select_view

app = typer.Typer(
    help="graphkit: a knowledge graph of urban social-innovation networks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help text: "[default: …]" stays visible
)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        envvar="GRAPHKIT_STORE",
        help="Store folder [default: $XDG_DATA_HOME/graphkit/store, or ~/.local/share/graphkit/store].",
        show_default=False,
    ),
]


PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="RDF files or folders [default: the bundled ontology and data].", show_default=False),
]


@contextmanager
def _reported() -> Iterator[None]:
    """Turn graphkit's errors into a message on stderr and exit code 1 (no traceback)."""
    try:
        yield
    except GraphkitError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(1) from None


def _settings(store: Path | None, **overrides: object) -> Settings:
    values: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
    if store is not None:
        values["store"] = store
    try:
        return Settings(**values)
    except pydantic.ValidationError as error:
        problems = "; ".join(
            f"GRAPHKIT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors()
        )
        raise ConfigError(f"Bad setting: {problems}") from None


@contextmanager
def _open(
    store: Path | None, *, read_only: bool, **overrides: object
) -> Iterator[tuple[Settings, GraphStore]]:
    settings = _settings(store, **overrides)
    opened = open_store(settings, read_only=read_only)
    try:
        yield settings, opened
    finally:
        opened.close()


@app.command()
def load(
    paths: PathsArgument = None,
    store: StoreOption = None,
    validate: Annotated[bool, typer.Option(help="Check SHACL conformance before loading.")] = True,
) -> None:
    """Load RDF files into the store, one named graph per source (replacing earlier loads).

    Every file is parsed and the data validated first; any error loads nothing.
    """
    with _reported(), _open(store, read_only=False) as (settings, opened):
        report = load_files(opened, paths or None, validate=validate)
        for graph in report.graphs:
            typer.echo(f"{graph.triples:>7} triples  {shorten(graph.graph)}  ← {graph.path}")
        checked = "validated, " if report.validated else "NOT validated, "
        typer.echo(
            f"Loaded {report.triples} triples into {len(report.graphs)} graph(s) "
            f"({checked}{report.seconds:.1f} s). Store: {settings.store} ({opened.count()} quads)."
        )


@app.command()
def validate(
    paths: PathsArgument = None,
    store: StoreOption = None,
) -> None:
    """Check files against the SHACL shapes; exit 1 if any fail.

    If the store exists, the files are checked together with the graphs it keeps (as a
    load would); otherwise on their own.
    """
    with _reported():
        settings = _settings(store)
        try:
            context: GraphStore | None = open_store(settings, read_only=True)
        except StoreError:
            context = None
        try:
            sources, violations = check_files(context, paths or bundled.default_sources())
        finally:
            if context is not None:
                context.close()
        for violation in violations:
            typer.echo(violation.describe())
        errors = [v for v in violations if v.severity == "Violation"]
        triples = sum(len(s.graph) for s in sources)
        if errors:
            typer.echo(f"{len(errors)} violation(s) in {len(sources)} source graph(s).", err=True)
            raise typer.Exit(1)
        typer.echo(f"Conforms: {len(sources)} source graph(s), {triples} triples.")


def _parse_binding(text: str) -> tuple[str, Term]:
    name, sep, value = text.partition("=")
    if not sep or not re.fullmatch(r"\??\w+", name):
        raise BadRequest(f"--bind {text!r}: write NAME=VALUE, e.g. --bind city=id:berlin.", parameter="bind")
    if value.startswith("<") and value.endswith(">"):
        return name.lstrip("?"), Term.iri(value[1:-1])
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return name.lstrip("?"), Term.iri(PREFIXES[prefix] + local)
    return name.lstrip("?"), Term.literal(value)


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
        typer.Option(help="Bind a variable: NAME=<iri>, NAME=prefix:local or NAME=text. Repeatable."),
    ] = None,
    max_rows: Annotated[
        int | None, typer.Option(help="Row cap [default: GRAPHKIT_MAX_ROWS or 10000].")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds [default: GRAPHKIT_QUERY_TIMEOUT or 30].")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query over the union of all named graphs."""
    with _reported():
        if (sparql is None) == (file is None):
            raise BadRequest("Give a query or --file (one of them).", parameter="query")
        text = read_query_file(file) if file else (sys.stdin.read() if sparql == "-" else sparql)
        bindings = dict(_parse_binding(b) for b in bind or [])
        with _open(store, read_only=True, max_rows=max_rows, query_timeout=timeout) as (
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
def queries() -> None:
    """List the bundled competency queries (use one with `graphkit query --file NAME`)."""
    for name, question in list_named_queries().items():
        typer.echo(f"{name:<28} {question}")


@app.command()
def stats(
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the store's size: triples per named graph and entities per class."""
    with _reported(), _open(store, read_only=True) as (_settings, opened):
        result = collect_stats(opened)
        if as_json:
            typer.echo(json.dumps(asdict(result), indent=1))
            return
        typer.echo(f"Store {result.location}: {result.triples} triples in {len(result.graphs)} graph(s)\n")
        for graph in result.graphs:
            source = " ".join(shorten(d) for d in graph.source.split()) if graph.source else ""
            typer.echo(f"{graph.triples:>7}  {shorten(graph.graph):<40} {graph.certainty or '':<9} {source}")
        typer.echo(f"\n{result.entities} class memberships of entities:")
        for cls in result.classes:
            typer.echo(f"{cls.entities:>7}  {shorten(cls.cls):<28} {cls.label or ''}")


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.TURTLE,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write [default: stdout].")
    ] = None,
    graph: Annotated[
        list[str] | None, typer.Option(help="Export only this named graph (IRI). Repeatable.")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Export the store as Turtle (graphs merged), TriG, N-Quads or JSON-LD (context inline)."""
    with _reported(), _open(store, read_only=True) as (_settings, opened):
        unknown = sorted(set(graph or []) - set(opened.graph_names()))
        if unknown:
            raise BadRequest(f"--graph: no graph {', '.join(unknown)} in the store.", parameter="graph")
        data = export_store(opened, fmt, graphs=graph or None)
        if output:
            output.write_bytes(data)
            typer.echo(f"Wrote {len(data)} bytes to {output}.", err=True)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0 picks a free one).")] = 8000,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Open the store read-only (no loading, no updates).")
    ] = False,
    update_token: Annotated[
        str | None,
        typer.Option(
            envvar="GRAPHKIT_UPDATE_TOKEN",
            help="Allow SPARQL Update at /sparql for requests that send this bearer token.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="SPARQL worker processes [default: GRAPHKIT_SPARQL_WORKERS or 2].")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds a query may run [default: GRAPHKIT_QUERY_TIMEOUT or 10].")
    ] = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Serve the SPARQL endpoint, entity API and pages over HTTP (an empty store gets the bundled data)."""
    import logging

    import uvicorn

    from graphkit.api.app import create_app

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with _reported():
        settings = _settings(store, update_token=update_token, sparql_workers=workers, query_timeout=timeout)
        opened = open_store(settings, read_only=read_only)
        if opened.count() == 0:
            if read_only:
                opened.close()
                raise StoreError(f"The store at {settings.store} is empty: run `graphkit load` first.")
            report = load_files(opened)
            typer.echo(
                f"Loaded the bundled data into {opened.location}: {report.triples} triples "
                f"in {len(report.graphs)} graphs ({report.seconds:.1f} s).",
                err=True,
            )
        web = create_app(settings, opened)
    uvicorn.run(web, host=host, port=port, log_level=log_level.lower(), access_log=False)


@app.command("ontology-doc")
def ontology_doc(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write [default: stdout].")
    ] = None,
    check: Annotated[bool, typer.Option(help="Exit 1 if OUTPUT is not up to date.")] = False,
) -> None:
    """Render ontology/README.md: classes and properties with labels and alignments."""
    text = render_ontology_doc(bundled.ontology_file())
    if output is None:
        typer.echo(text, nl=False)
    elif check:
        if not output.is_file() or output.read_text(encoding="utf-8") != text:
            typer.echo(f"{output} is out of date: run `graphkit ontology-doc -o {output}`.", err=True)
            raise typer.Exit(1)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def viz(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="HTML file to write [default: stdout].")
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(help="Id or IRI of the entity at the centre [default: the whole graph]."),
    ] = None,
    depth: Annotated[int, typer.Option(min=1, max=3, help="Links to follow from --focus.")] = 1,
    type_: Annotated[
        list[str] | None,
        typer.Option("--type", help="Only entities of this class (City, gk:City or an IRI). Repeatable."),
    ] = None,
    lang: Annotated[Language, typer.Option(help="Language of labels (the page can switch).")] = Language.EN,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="Most nodes [default: 200 around --focus, else 10000].", show_default=False),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write an interactive view of the graph as one self-contained HTML file (works offline)."""
    with _reported(), _open(store, read_only=True) as (_settings, opened):
        projection = build_projection(opened)
        view = select_view(projection, focus=focus, depth=depth, types=type_ or (), lang=lang, limit=limit)
        page = render_view(projection, view, lang=lang)
        if output is None:
            typer.echo(page, nl=False)
            return
        output.write_text(page, encoding="utf-8")
        cut = f" (cut at {len(view.nodes)}: raise --limit)" if view.truncated else ""
        typer.echo(f"Wrote {len(view.nodes)} nodes and {len(view.edges)} edges to {output}{cut}.", err=True)
