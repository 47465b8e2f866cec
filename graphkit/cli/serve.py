"""Commands that show the store: serve (HTTP), viz (a network view), ontology-doc."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphkit import bundled
from graphkit.cli.common import (
    IN_MEMORY,
    EngineOption,
    StoreOption,
    app,
    make_settings,
    opened_store,
    reported,
)
from graphkit.cli.network_options import AsOf, End, Start, UndatedOption
from graphkit.errors import StoreError
from graphkit.model import Language
from graphkit.store import open_store


@app.command()
def serve(
    store: StoreOption = None,
    engine: EngineOption = None,
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
    from graphkit.ingest import load_files

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with reported():
        settings = make_settings(
            store, engine=engine, update_token=update_token, sparql_workers=workers, query_timeout=timeout
        )
        opened = open_store(settings, read_only=read_only)
        if not opened.graph_names():
            if read_only:
                opened.close()
                raise StoreError(f"The store at {opened.location} is empty: run `graphkit load` first.")
            report = load_files(opened)
            kept = "" if opened.capabilities.persistent else f" ({IN_MEMORY}: gone when the server stops)"
            typer.echo(
                f"Loaded the bundled data into {opened.location}: {report.triples} triples "
                f"in {len(report.graphs)} graphs ({report.seconds:.1f} s){kept}.",
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
    from graphkit.ontology_doc import render_ontology_doc

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
    start: Start = None,
    end: End = None,
    as_of: AsOf = None,
    undated: UndatedOption = "include",
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Write an interactive view of the graph as one self-contained HTML file (works offline).

    With a period (--from/--to or --as-of) only what is valid in it is drawn.
    """
    from graphkit.dating import TimeFilter
    from graphkit.projection import build_projection
    from graphkit.viz import render_view, select_view

    with reported(), opened_store(store, read_only=True, engine=engine) as (_settings, opened):
        period = TimeFilter.parse(start, end, as_of, undated)
        projection = build_projection(opened)
        view = select_view(
            projection, focus=focus, depth=depth, types=type_ or (), lang=lang, limit=limit, period=period
        )
        page = render_view(projection, view, lang=lang)
        if output is None:
            typer.echo(page, nl=False)
            return
        output.write_text(page, encoding="utf-8")
        cut = f" (cut at {len(view.nodes)}: raise --limit)" if view.truncated else ""
        typer.echo(f"Wrote {len(view.nodes)} nodes and {len(view.edges)} edges to {output}{cut}.", err=True)
