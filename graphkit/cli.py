"""The `graphkit` command line: parse options, call one core function, print the result."""

from __future__ import annotations

import json
import re
import sys
import time
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
from graphkit.formats import parse_format_name
from graphkit.ingest import check_files, drop_graphs, load_files
from graphkit.model import Term
from graphkit.namespaces import PREFIXES, graph_iri, shorten
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
    typer.Argument(
        help="RDF files, folders, or '-' for stdin [default: the bundled ontology and data].",
        show_default=False,
    ),
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


class _ProgressLine:
    """Progress of a long load on stderr: one rewritten line on a terminal, else a line every few seconds."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = self.started
        self.shown = False

    def __call__(self, quads: int) -> None:
        now = time.monotonic()
        rate = quads / max(now - self.started, 1e-6)
        text = f"{quads:,} quads read ({rate:,.0f}/s)"
        if self.tty:
            sys.stderr.write("\r" + text)
            sys.stderr.flush()
            self.shown = True
        elif now - self.last >= 5 and quads:
            typer.echo(text, err=True)
            self.last = now

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


@app.command()
def load(
    paths: PathsArgument = None,
    store: StoreOption = None,
    validate: Annotated[
        bool, typer.Option(help="Check the data before loading (SHACL and provenance).")
    ] = True,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Format of every input: turtle, ntriples, nquads, trig, rdfxml or jsonld "
            "[default: from each file's extension; needed for '-'].",
            show_default=False,
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            help="Named graph for triples outside any graph (IRI or graph:name) [default: one per file].",
            show_default=False,
        ),
    ] = None,
    curated: Annotated[
        bool | None,
        typer.Option(
            "--curated/--not-curated",
            help="Apply the curated-data rules (a source per graph, German and English labels) "
            "[default: to the bundled data only].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Load RDF files (or '-' for stdin) into the store, replacing the graphs they hold.

    Turtle, N-Triples, N-Quads, TriG, RDF/XML and JSON-LD, each also gzipped (.gz). A file's
    own graph names are kept; its other triples go to --graph, else to a graph named after
    the file. Every input is checked first; any error loads nothing.
    """
    with _reported():
        chosen = parse_format_name(fmt) if fmt else None
        target = graph_iri(graph) if graph else None
        with _open(store, read_only=False) as (_settings, opened):
            progress = _ProgressLine()
            try:
                report = load_files(
                    opened,
                    paths or None,
                    validate=validate,
                    fmt=chosen,
                    graph=target,
                    curated=curated,
                    stdin=sys.stdin.buffer,
                    progress=progress,
                )
            finally:
                progress.done()
            for loaded in report.graphs:
                typer.echo(f"{loaded.triples:>7} triples  {shorten(loaded.graph)}  ← {loaded.path}")
            checked = "validated, " if report.validated else "NOT validated, "
            typer.echo(
                f"Loaded {report.triples} triples into {len(report.graphs)} graph(s) "
                f"({checked}{report.seconds:.1f} s). Store: {opened.location} ({opened.count()} triples)."
            )


@app.command()
def validate(
    paths: PathsArgument = None,
    store: StoreOption = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="Format of every input [default: from the extension].")
    ] = None,
    curated: Annotated[
        bool | None,
        typer.Option(
            "--curated/--not-curated", help="Apply the curated-data rules [default: bundled data only]."
        ),
    ] = None,
) -> None:
    """Check files as a load would; exit 1 if any breaks a rule.

    If the store exists, the files are checked together with the graphs it keeps (as a
    load would); otherwise on their own. The store is not changed.
    """
    with _reported():
        settings = _settings(store)
        try:
            context: GraphStore | None = open_store(settings, read_only=True)
        except StoreError:
            context = None
        try:
            inputs, violations = check_files(
                context, paths or None, fmt=parse_format_name(fmt) if fmt else None, curated=curated
            )
        finally:
            if context is not None:
                context.close()
        for violation in violations:
            typer.echo(violation.describe())
        errors = [v for v in violations if v.severity == "Violation"]
        graphs = sum(len(s.stats.quads) for s in inputs)
        triples = sum(sum(s.stats.quads.values()) for s in inputs)
        if errors:
            typer.echo(f"{len(errors)} violation(s) in {graphs} source graph(s).", err=True)
            raise typer.Exit(1)
        typer.echo(f"Conforms: {graphs} source graph(s), {triples} triples.")


@app.command()
def graphs(
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the named graphs: triples, source documents, and when and from what each was loaded."""
    with _reported(), _open(store, read_only=True) as (_settings, opened):
        found = collect_stats(opened).graphs
        if as_json:
            typer.echo(json.dumps([asdict(g) for g in found], indent=1))
            return
        for g in found:
            source = " ".join(shorten(d) for d in g.source.split()) if g.source else (g.input or "")
            loaded = (g.loaded or "")[:19].replace("T", " ")
            typer.echo(f"{g.triples:>8}  {shorten(g.graph):<44} {loaded:<19}  {source}")
        typer.echo(f"{len(found)} graph(s), {sum(g.triples for g in found)} triples.", err=True)


@app.command()
def drop(
    names: Annotated[
        list[str], typer.Argument(help="Graphs to remove (IRI or graph:name).", show_default=False)
    ],
    store: StoreOption = None,
) -> None:
    """Remove named graphs (and their load records) from the store, all at once."""
    with _reported(), _open(store, read_only=False) as (_settings, opened):
        iris = [graph_iri(name) for name in names]
        removed = drop_graphs(opened, iris)
        typer.echo(f"Dropped {len(iris)} graph(s), {removed} triples. Store: {opened.location}.")


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
        list[str] | None,
        typer.Option(help="Export only this named graph (IRI or graph:name). Repeatable."),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Export the store as Turtle (graphs merged), TriG, N-Quads or JSON-LD (context inline)."""
    with _reported(), _open(store, read_only=True) as (_settings, opened):
        graph = [graph_iri(g) for g in graph] if graph else None
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


@app.command()
def generate(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (.gz compresses it); '-' for stdout.")
    ],
    triples: Annotated[int, typer.Option(min=5_000, help="How many triples to write.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same bytes.")] = 1,
    fmt: Annotated[
        str, typer.Option("--format", help="nquads or trig [default: from the extension, else nquads].")
    ] = "",
) -> None:
    """Write a synthetic urban social-innovation graph in graphkit's ontology (passes its shapes).

    Cities in countries, networks with members, ministries, programmes funded by funds,
    projects in cities, dated events with participants and topics; skewed degrees with a
    few hubs; one named graph per synthetic source document.
    """
    import gzip

    from graphkit.generate import GenerateFormat, generate_dataset

    with _reported():
        name = output.name[:-3] if output.name.endswith(".gz") else output.name
        chosen = fmt or ("trig" if name.endswith(".trig") else "nquads")
        try:
            kind = GenerateFormat(chosen)
        except ValueError:
            raise BadRequest(f"--format {chosen!r}: use nquads or trig.", parameter="format") from None
        started = time.monotonic()
        if str(output) == "-":
            report = generate_dataset(sys.stdout.buffer, triples=triples, seed=seed, fmt=kind)
        elif output.name.endswith(".gz"):
            with gzip.open(output, "wb", compresslevel=3) as stream:
                report = generate_dataset(stream, triples=triples, seed=seed, fmt=kind)  # type: ignore[arg-type]
        else:
            with output.open("wb") as stream:
                report = generate_dataset(stream, triples=triples, seed=seed, fmt=kind)
        typer.echo(
            f"Wrote {report.triples} triples in {report.graphs} graphs ({report.entities} entities) "
            f"to {output} in {time.monotonic() - started:.1f} s.",
            err=True,
        )


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
