"""`graphkit analyze`: measures, communities, components, brokers, projections and paths.

Every command but `path` and `drop` takes the same network options (`graphkit.analytics.
selection`), runs one analysis (`graphkit.analytics.answers.analyse`) and prints its rows as a
table, CSV or JSON; `--write` also stores the whole result in its own named graph
(`graphkit.analytics.writeback`), which `graphkit analyze drop` removes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import UTC, datetime
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING, Annotated

import typer

from graphkit.cli.common import EngineOption, StoreOption, app, opened_store, reported
from graphkit.cli.network_options import (
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
    network_options,
)

if TYPE_CHECKING:  # the analytics load networkx: imported when a command runs
    from graphkit.analytics.answers import Outcome
    from graphkit.analytics.selection import NetworkOptions
    from graphkit.model import Edge

analyze_app = typer.Typer(
    help="Measure the network: centrality, communities, components, brokers, projections, paths.",
    no_args_is_help=True,
)
app.add_typer(analyze_app, name="analyze")


class RowFormat(StrEnum):
    """How `graphkit analyze` prints its rows."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


Limit = Annotated[int, typer.Option(min=1, help="Most rows to print.")]
Format = Annotated[RowFormat, typer.Option("--format", help="Output format.")]
Write = Annotated[
    bool,
    typer.Option("--write", help="Also store the whole result in its own named graph (RDF with PROV-O)."),
]
Lang = Annotated[str, typer.Option(help="Language of the labels: en or de.")]


def _print_rows(outcome: Outcome, *, fmt: RowFormat, limit: int, description: dict[str, object]) -> None:
    from graphkit.analytics.answers import Row

    rows: list[Row] = outcome.rows[:limit]
    projected = outcome.kind.value == "projection"
    brokering = outcome.kind.value == "brokers"
    if fmt is RowFormat.JSON:
        body = {
            "kind": outcome.kind.value,
            "network": description,
            "parameters": outcome.parameters,
            "summary": outcome.summary,
            "total": len(outcome.rows),
            "limit": limit,
            "truncated": len(outcome.rows) > limit,
            "rows": [{k: v for k, v in asdict(r).items() if v is not None} for r in rows],
        }
        typer.echo(json.dumps(body, indent=1, ensure_ascii=False, default=str))
        return
    header = ["id", "label", "class", "value"]
    if brokering:
        header.append("communities")
    if projected:
        header = ["id", "label", "target", "target_label", "weight", "shared"]

    def cells(row: Row) -> list[str]:
        value = f"{row.value:.6g}" if isinstance(row.value, float) else str(row.value)
        if projected:
            return [
                row.id,
                row.label,
                row.target or "",
                row.target_label or "",
                value,
                " ".join(row.shared or []),
            ]
        found = [row.id, row.label, row.class_label, value]
        return [*found, " ".join(str(c) for c in row.communities or [])] if brokering else found

    table = [cells(r) for r in rows]
    if fmt is RowFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(table)
        typer.echo(out.getvalue(), nl=False)
        return
    widths = [max([len(h), *(len(r[i]) for r in table)]) for i, h in enumerate(header)]
    typer.echo("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    typer.echo("  ".join("-" * w for w in widths))
    for row in table:
        typer.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    shown = f"{len(rows)} of {len(outcome.rows)} rows" if len(outcome.rows) > limit else f"{len(rows)} rows"
    summary = "; ".join(f"{k} {v}" for k, v in outcome.summary.items() if k != "sizes")
    sizes = outcome.summary.get("sizes")
    if isinstance(sizes, list):
        summary = "; ".join(filter(None, [summary, f"{len(sizes)} groups, sizes {sizes[:10]}"]))
    typer.echo(f"\n{shown}" + (f"; {summary}" if summary else ""))


def _run(
    kind: str,
    options: NetworkOptions,
    *,
    store: str | None,
    engine: str | None,
    fmt: RowFormat,
    limit: int,
    write: bool,
    lang: str,
    **parameters: object,
) -> None:
    """Select the network, run the analysis, print it (and write it back with `write`)."""
    from graphkit.analytics.answers import analyse
    from graphkit.analytics.network import select_network
    from graphkit.analytics.selection import network_spec
    from graphkit.projection import build_projection

    with reported(), opened_store(store, read_only=not write, engine=engine) as (_settings, opened):
        started = datetime.now(UTC)
        projection = build_projection(opened)
        network = select_network(projection, network_spec(projection, options))
        outcome = analyse(network, kind, limit=limit, lang=lang, **parameters)  # type: ignore[arg-type]
        _print_rows(outcome, fmt=fmt, limit=limit, description=network.spec.describe())
        if write:
            from graphkit.analytics.writeback import record

            written = record(opened, network, outcome, started=started, data_version=projection.version)
            verb = "Replaced" if written.replaced else "Wrote"
            typer.echo(f"{verb} <{written.graph}>: {written.triples} triples.", err=True)


#: How communities are found (communities, and the brokers between them).
MethodOption = Annotated[str, typer.Option("--method", help="Communities by leiden or louvain.")]
SeedOption = Annotated[
    int, typer.Option("--seed", min=0, help="Random seed: the same seed, the same communities (or pivots).")
]
ResolutionOption = Annotated[
    float, typer.Option("--resolution", min=0.0, help="Higher: more, smaller communities.")
]


@analyze_app.command("centrality")
def centrality_command(
    measure: Annotated[
        str, typer.Option(help="degree, betweenness, closeness, pagerank or eigenvector.")
    ] = "degree",
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
    pivots: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Betweenness only: estimate it from this many random nodes (as networkx's k=): "
            "linear time, for big networks.",
        ),
    ] = None,
    seed: SeedOption = 1,
    limit: Limit = 20,
    fmt: Format = RowFormat.TABLE,
    write: Write = False,
    lang: Lang = "en",
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Rank the entities by a centrality measure (normalised), highest first."""
    options = network_options(
        focus, depth, types, predicates, excluded, classification, start, end, as_of, undated
    )
    _run(
        "centrality",
        options,
        store=store,
        engine=engine,
        fmt=fmt,
        limit=limit,
        write=write,
        lang=lang,
        measure=measure,
        pivots=pivots,
        seed=seed,
    )


@analyze_app.command("communities")
def communities_command(
    method: MethodOption = "leiden",
    seed: SeedOption = 1,
    resolution: ResolutionOption = 1.0,
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
    limit: Limit = 50,
    fmt: Format = RowFormat.TABLE,
    write: Write = False,
    lang: Lang = "en",
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Find communities (Leiden or Louvain, fixed seed); print each node's community and the modularity."""
    options = network_options(
        focus, depth, types, predicates, excluded, classification, start, end, as_of, undated
    )
    _run(
        "communities",
        options,
        store=store,
        engine=engine,
        fmt=fmt,
        limit=limit,
        write=write,
        lang=lang,
        method=method,
        seed=seed,
        resolution=resolution,
    )


@analyze_app.command("components")
def components_command(
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
    limit: Limit = 50,
    fmt: Format = RowFormat.TABLE,
    write: Write = False,
    lang: Lang = "en",
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Print the weakly connected components (0 the biggest) and each node's."""
    options = network_options(
        focus, depth, types, predicates, excluded, classification, start, end, as_of, undated
    )
    _run("components", options, store=store, engine=engine, fmt=fmt, limit=limit, write=write, lang=lang)


@analyze_app.command("brokers")
def brokers_command(
    method: MethodOption = "leiden",
    seed: SeedOption = 1,
    resolution: ResolutionOption = 1.0,
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
    limit: Limit = 20,
    fmt: Format = RowFormat.TABLE,
    write: Write = False,
    lang: Lang = "en",
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Print the entities that link several communities (participation coefficient), highest first."""
    options = network_options(
        focus, depth, types, predicates, excluded, classification, start, end, as_of, undated
    )
    _run(
        "brokers",
        options,
        store=store,
        engine=engine,
        fmt=fmt,
        limit=limit,
        write=write,
        lang=lang,
        method=method,
        seed=seed,
        resolution=resolution,
    )


@analyze_app.command("projection")
def projection_command(
    kind: Annotated[str, typer.Option(help="co-participation, co-funding or co-membership.")],
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
    limit: Limit = 50,
    fmt: Format = RowFormat.TABLE,
    write: Write = False,
    lang: Lang = "en",
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Print a one-mode projection's links (who shares events, funds or networks), heaviest first."""
    options = network_options(
        focus, depth, types, predicates, excluded, classification, start, end, as_of, undated
    )
    _run(
        "projection",
        options,
        store=store,
        engine=engine,
        fmt=fmt,
        limit=limit,
        write=write,
        lang=lang,
        projection_kind=kind,
    )


@analyze_app.command("path")
def path_command(
    start: Annotated[str, typer.Argument(metavar="FROM", help="The start entity (id, IRI or name).")],
    end: Annotated[str, typer.Argument(metavar="TO", help="The end entity (id, IRI or name).")],
    max_length: Annotated[int, typer.Option(min=1, max=8, help="Longest path to look for, in links.")] = 4,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Most shortest paths.")] = 10,
    k: Annotated[
        int | None,
        typer.Option(
            "--k",
            min=1,
            max=50,
            help="Instead of every shortest path: the k shortest simple paths of any length up to "
            "--max-length, shortest first.",
        ),
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option("--type", help="Only through entities of this class (the ends always). Repeatable."),
    ] = None,
    predicates: Predicates = None,
    excluded: Excluded = None,
    classification: Classification = False,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only through what is valid on or after this year, month or day."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Only through what is valid on or before this year, month or day."),
    ] = None,
    as_of: AsOf = None,
    undated: UndatedOption = "include",
    fmt: Annotated[RowFormat, typer.Option("--format", help="table (text) or json.")] = RowFormat.TABLE,
    lang: Lang = "en",
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Print the shortest paths between two entities, each step with its predicate and sources.

    With --k, the k shortest simple paths instead (of any length up to --max-length). With a
    period (--since/--until or --as-of), only through entities and links valid in it.
    """
    from graphkit.dating import TimeFilter
    from graphkit.errors import InvalidParameter
    from graphkit.namespaces import entity_id, shorten
    from graphkit.paths import PathFilter, paths
    from graphkit.projection import build_projection

    with reported(), opened_store(store, read_only=True, engine=engine) as (_settings, opened):
        if fmt is RowFormat.CSV:
            raise InvalidParameter("analyze path prints table or json.", parameter="format")
        projection = build_projection(opened)
        first = projection.resolve(start, parameter="from")
        last = projection.resolve(end, parameter="to")
        through = PathFilter(
            predicates=frozenset(projection.resolve_predicate(p) for p in predicates or []),
            excluded=frozenset(
                projection.resolve_predicate(p, parameter="exclude_predicate") for p in excluded or []
            ),
            types=frozenset(projection.resolve_class(t) for t in types or []),
            classification=classification,
            when=TimeFilter.parse(since, until, as_of, undated, names=("since", "until")),
        )
        subgraph, found = paths(
            projection, first, last, max_length=max_length, limit=limit, lang=lang, through=through, k=k
        )
        labels = {n.id: n.label for n in subgraph.nodes}
        steps: dict[frozenset[str], list[Edge]] = {}
        for edge in subgraph.edges:
            steps.setdefault(frozenset((edge.source, edge.target)), []).append(edge)
        walked = [[(a, b, steps.get(frozenset((a, b)), [])) for a, b in pairwise(path)] for path in found]
        if fmt is RowFormat.JSON:
            answer = {
                "from": entity_id(first),
                "to": entity_id(last),
                "labels": labels,
                "paths": [
                    {
                        "nodes": path,
                        "steps": [
                            {"from": a, "to": b, "edges": [_edge_json(e) for e in edges]}
                            for a, b, edges in hops
                        ],
                    }
                    for path, hops in zip(found, walked, strict=True)
                ],
            }
            typer.echo(json.dumps(answer, indent=1, ensure_ascii=False))
            return
        if not found:
            typer.echo(f"No path of at most {max_length} links from {entity_id(first)} to {entity_id(last)}.")
            return
        for number, (path, hops) in enumerate(zip(found, walked, strict=True), start=1):
            typer.echo(f"path {number}: " + " — ".join(f"{labels.get(n, n)} ({n})" for n in path))
            for _a, _b, edges in hops:
                for edge in edges:
                    cited = ", ".join(edge.sources) or "no source"
                    if edge.certainty:
                        cited += f"; {', '.join(edge.certainty)}"
                    arrow = f"{edge.source} —{shorten(edge.predicate)}→ {edge.target}"
                    typer.echo(f"    {arrow}   [{cited}]")
        more = " (truncated)" if subgraph.truncated else ""
        if k is None:
            typer.echo(f"\n{len(found)} shortest path(s) of {len(found[0]) - 1} link(s){more}")
        else:
            typer.echo(f"\n{len(found)} path(s) of {len(found[0]) - 1} to {len(found[-1]) - 1} link(s){more}")


def _edge_json(edge: Edge) -> dict[str, object]:
    """One step's link as JSON: its predicate, direction and the documents stating it."""
    return {
        "source": edge.source,
        "target": edge.target,
        "predicate": edge.predicate,
        "label": edge.label,
        "sources": edge.sources,
        "certainty": edge.certainty,
        "evidence": [asdict(e) for e in edge.evidence],
    }


@analyze_app.command("drop")
def drop_command(
    graphs: Annotated[
        list[str] | None,
        typer.Argument(metavar="[GRAPH]...", help="Analytics graphs to remove (IRI or graph:name)."),
    ] = None,
    drop_all: Annotated[bool, typer.Option("--all", help="Remove every analytics graph.")] = False,
    store: StoreOption = None,
    engine: EngineOption = None,
) -> None:
    """Remove stored analysis results (their named graphs), all at once."""
    from graphkit.analytics.writeback import drop_results
    from graphkit.errors import BadRequest
    from graphkit.namespaces import graph_iri

    with reported():
        if drop_all == bool(graphs):
            raise BadRequest("Name the graphs to drop, or give --all (one of them).", parameter="graph")
        with opened_store(store, read_only=False, engine=engine) as (_settings, opened):
            removed = drop_results(opened, None if drop_all else [graph_iri(g) for g in graphs or []])
            typer.echo(f"Dropped {len(removed)} analytics graph(s).")
