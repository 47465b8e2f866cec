"""Commands that put data in and take it out: load, validate, graphs, drop, export, generate."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from graphkit.cli.common import (
    EngineOption,
    PathsArgument,
    StoreOption,
    app,
    make_settings,
    opened_store,
    reported,
)
from graphkit.cli.network_options import (
    NETWORK_FORMATS,
    AsOf,
    Classification,
    Depth,
    End,
    Excluded,
    Focus,
    Predicates,
    Start,
    Types,
    UndatedOption,
    WithMeasures,
    export_network_file,
    network_options,
)
from graphkit.errors import BadRequest, StoreError
from graphkit.export import ExportFormat, export_store
from graphkit.formats import parse_format_name
from graphkit.namespaces import graph_iri, shorten
from graphkit.screen import MAX_GZIP_RATIO, MAX_NESTING, MAX_TOKEN_BYTES, Limits
from graphkit.stats import collect_stats
from graphkit.store import GraphStore, open_store

# The limits every input is read under (graphkit.screen); the same for load and validate.
MaxTokenBytes = Annotated[
    int,
    typer.Option(
        min=1024,
        envvar="GRAPHKIT_MAX_TOKEN_BYTES",
        help="Longest term (IRI, literal, XML text) or line of a line-based format, in bytes.",
    ),
]
MaxFileBytes = Annotated[
    int | None,
    typer.Option(
        min=1,
        envvar="GRAPHKIT_MAX_FILE_BYTES",
        help="Largest input in bytes, decompressed (gzip is stopped while decompressing) "
        "[default: no limit].",
        show_default=False,
    ),
]
MaxGzipRatio = Annotated[
    int,
    typer.Option(
        min=2,
        envvar="GRAPHKIT_MAX_GZIP_RATIO",
        help="Most bytes a gzip input may decompress to per compressed byte (past 16 MiB): a gzip bomb.",
    ),
]
MaxNesting = Annotated[
    int,
    typer.Option(
        min=8,
        envvar="GRAPHKIT_MAX_NESTING",
        help="Deepest nesting of collections, blank nodes, triple terms or XML elements.",
    ),
]


class _ProgressLine:
    """Progress of a long load on stderr: a bar on a terminal, else a line every few seconds."""

    WIDTH = 30

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = self.started
        self.shown = False

    def __call__(self, quads: int, share: float | None) -> None:
        now = time.monotonic()
        rate = quads / max(now - self.started, 1e-6)
        text = f"{quads:,} quads read ({rate:,.0f}/s)"
        if share is not None:
            text = f"{min(share, 1.0):4.0%} {text}"
        if self.tty:
            filled = int(self.WIDTH * min(share or 0.0, 1.0))
            bar = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] " if share is not None else ""
            sys.stderr.write("\r" + bar + text)
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
    engine: EngineOption = None,
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
    max_token_bytes: MaxTokenBytes = MAX_TOKEN_BYTES,
    max_file_bytes: MaxFileBytes = None,
    max_gzip_ratio: MaxGzipRatio = MAX_GZIP_RATIO,
    max_nesting: MaxNesting = MAX_NESTING,
) -> None:
    """Load RDF files (or '-' for stdin) into the store, replacing the graphs they hold.

    Turtle, N-Triples, N-Quads, TriG, RDF/XML and JSON-LD, each also gzipped (.gz). A file's
    own graph names are kept; its other triples go to --graph, else to a graph named after
    the file. Every input is checked first; any error loads nothing.
    """
    from graphkit.ingest import load_files

    with reported():
        chosen = parse_format_name(fmt) if fmt else None
        target = graph_iri(graph) if graph else None
        with opened_store(store, read_only=False, engine=engine) as (_settings, opened):
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
                    limits=Limits(max_token_bytes, max_file_bytes, max_gzip_ratio, max_nesting),
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
    engine: EngineOption = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="Format of every input [default: from the extension].")
    ] = None,
    curated: Annotated[
        bool | None,
        typer.Option(
            "--curated/--not-curated", help="Apply the curated-data rules [default: bundled data only]."
        ),
    ] = None,
    max_token_bytes: MaxTokenBytes = MAX_TOKEN_BYTES,
    max_file_bytes: MaxFileBytes = None,
    max_gzip_ratio: MaxGzipRatio = MAX_GZIP_RATIO,
    max_nesting: MaxNesting = MAX_NESTING,
) -> None:
    """Check files as a load would; exit 1 if any breaks a rule.

    If the store exists, the files are checked together with the graphs it keeps (as a
    load would); otherwise on their own. The store is not changed.
    """
    from graphkit.ingest import check_files

    with reported():
        settings = make_settings(store, engine=engine)
        try:
            context: GraphStore | None = open_store(settings, read_only=True)
        except StoreError:
            context = None
        try:
            inputs, violations = check_files(
                context,
                paths or None,
                fmt=parse_format_name(fmt) if fmt else None,
                curated=curated,
                limits=Limits(max_token_bytes, max_file_bytes, max_gzip_ratio, max_nesting),
            )
        finally:
            if context is not None:
                context.close()
        for violation in violations:
            typer.echo(violation.describe())
        errors = [v for v in violations if v.severity == "Violation"]
        graphs = sum(len(s.stats.quads) or 1 for s in inputs)  # an input refused unread: its own graph
        triples = sum(sum(s.stats.quads.values()) for s in inputs)
        if errors:
            typer.echo(f"{len(errors)} violation(s) in {graphs} source graph(s).", err=True)
            raise typer.Exit(1)
        typer.echo(f"Conforms: {graphs} source graph(s), {triples} triples.")


@app.command()
def graphs(
    store: StoreOption = None,
    engine: EngineOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the named graphs: triples, source documents, and when and from what each was loaded."""
    with reported(), opened_store(store, read_only=True, engine=engine) as (_settings, opened):
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
    engine: EngineOption = None,
) -> None:
    """Remove named graphs (and their load records) from the store, all at once."""
    from graphkit.ingest import drop_graphs

    with reported(), opened_store(store, read_only=False, engine=engine) as (_settings, opened):
        iris = [graph_iri(name) for name in names]
        removed = drop_graphs(opened, iris)
        typer.echo(f"Dropped {len(iris)} graph(s), {removed} triples. Store: {opened.location}.")


@app.command()
def export(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DIR]",
            help="With --release: the folder to write [default: graphkit-data-VERSION-DATE].",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="turtle, trig, nquads or jsonld (the RDF); graphml, gexf, node-link or csv (the network, "
            "chosen with the network options below; csv is a zip of nodes.csv and edges.csv).",
        ),
    ] = ExportFormat.TURTLE.value,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write [default: stdout].")
    ] = None,
    graph: Annotated[
        list[str] | None,
        typer.Option(help="Export only this named graph (IRI or graph:name). Repeatable."),
    ] = None,
    release: Annotated[
        bool,
        typer.Option(
            "--release",
            help="Write a release into DIR: the curated graphs and the ontology as N-Quads, TriG and "
            "JSON-LD, LICENSE.md, manifest.json and SHA256SUMS.",
        ),
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            help="With --release: the release date, YYYY-MM-DD [default: today, UTC].", show_default=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --release: write into a folder that is not empty.")
    ] = False,
    focus: Focus = None,
    depth: Depth = 2,
    types: Types = None,
    predicates: Predicates = None,
    excluded: Excluded = None,
    classification: Classification = False,
    start: Start = None,
    end: End = None,
    as_of: AsOf = None,
    undated: UndatedOption = "include",
    with_: WithMeasures = None,
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Export the store as Turtle (graphs merged), TriG, N-Quads or JSON-LD (context inline).

    With a network format (GraphML, GEXF, node-link JSON, CSV), export the network the network
    options choose instead, with labels, classes, dates and the measures of --with. With
    --release, write a dated, versioned release of the curated data into DIR instead.
    """
    with reported():
        if fmt in NETWORK_FORMATS:
            refused = (("DIR", folder is not None), ("--graph", bool(graph)), ("--release", release))
            for name, given in refused:
                if given:
                    message = f"{name} is not for a network format."
                    raise BadRequest(message, parameter=name.strip("-").lower())
            options = network_options(
                focus, depth, types, predicates, excluded, classification, start, end, as_of, undated
            )
            export_network_file(fmt, options, with_, output=output, store=store, engine=engine)
            return
        try:
            rdf_format = ExportFormat(fmt)
        except ValueError:
            formats = ", ".join([*ExportFormat, *NETWORK_FORMATS])
            raise BadRequest(f"--format {fmt!r}: use {formats}.", parameter="format") from None
        given_network = {"--focus": focus, "--type": types, "--predicate": predicates, "--with": with_}
        for name, value in given_network.items():
            if value:
                raise BadRequest(f"{name} is only for a network format.", parameter=name.lstrip("-"))
        if release:
            _export_release(
                folder,
                fmt=rdf_format,
                output=output,
                graph=graph,
                date=date,
                force=force,
                store=store,
                engine=engine,
            )
            return
        for name, given in (("DIR", folder is not None), ("--date", date is not None), ("--force", force)):
            if given:
                raise BadRequest(f"{name} is only for --release.", parameter=name.lstrip("-").lower())
        with opened_store(store, read_only=True, engine=engine) as (_settings, opened):
            graph = [graph_iri(g) for g in graph] if graph else None
            unknown = sorted(set(graph or []) - set(opened.graph_names()))
            if unknown:
                raise BadRequest(f"--graph: no graph {', '.join(unknown)} in the store.", parameter="graph")
            data = export_store(opened, rdf_format, graphs=graph or None)
            if output:
                output.write_bytes(data)
                typer.echo(f"Wrote {len(data)} bytes to {output}.", err=True)
            else:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()


def _export_release(
    folder: Path | None,
    *,
    fmt: ExportFormat,
    output: Path | None,
    graph: list[str] | None,
    date: str | None,
    force: bool,
    store: str | None,
    engine: str | None,
) -> None:
    """`graphkit export --release`: check the options, write the release, say what was written."""
    import datetime as dt

    from graphkit.release import write_release

    if fmt is not ExportFormat.TURTLE:
        raise BadRequest(
            "--format: a release always holds N-Quads, TriG and JSON-LD; drop --format.", parameter="format"
        )
    if output is not None:
        raise BadRequest(
            "--output: a release is a folder; name it as DIR, not with --output.", parameter="output"
        )
    if graph:
        raise BadRequest("--graph: a release holds every curated graph; drop --graph.", parameter="graph")
    day = None
    if date is not None:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise BadRequest(f"--date {date!r}: write the date as YYYY-MM-DD.", parameter="date") from None
    with opened_store(store, read_only=True, engine=engine) as (_settings, opened):
        written, manifest = write_release(opened, folder, date=day, force=force)
    for f in manifest.files:
        typer.echo(f"{f.bytes:>10}  {f.name}  sha256:{f.sha256[:16]}…")
    typer.echo(
        f"Release {manifest.version} ({manifest.date}): {len(manifest.graphs)} graphs, "
        f"{manifest.triples} triples, in {written}/ (manifest.json, SHA256SUMS).",
        err=True,
    )


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

    with reported():
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
