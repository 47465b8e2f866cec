"""The network options `graphkit analyze` and `graphkit export` share, and the network export.

The options are those of `graphkit.analytics.selection` (the API takes the same), so a value
means the same on every command and a bad one is refused naming the same parameter.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphkit.cli.common import opened_store

if TYPE_CHECKING:  # the analytics load networkx: imported when a command runs
    from graphkit.analytics.selection import NetworkOptions

Focus = Annotated[
    str | None,
    typer.Option(help="Only the neighbourhood of this entity (id, IRI or name) [default: the whole graph]."),
]
Depth = Annotated[int, typer.Option(help="With --focus: links to follow from it (1 to 4).")]
Types = Annotated[
    list[str] | None, typer.Option("--type", help="Only entities of this class (City, gk:City…). Repeatable.")
]
Predicates = Annotated[
    list[str] | None,
    typer.Option(
        "--predicate", help="Only links of this property or its inverse (gk:memberOf…). Repeatable."
    ),
]
Excluded = Annotated[
    list[str] | None,
    typer.Option("--exclude-predicate", help="Never links of this property or its inverse. Repeatable."),
]
Classification = Annotated[
    bool,
    typer.Option(
        help="Also classification links: rdf:type, topics and other concepts, concept schemes, "
        "source documents."
    ),
]
Start = Annotated[
    str | None,
    typer.Option("--from", help="Only what is valid on or after this year, month or day (2020, 2020-03…)."),
]
End = Annotated[
    str | None, typer.Option("--to", help="Only what is valid on or before this year, month or day.")
]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Only what is valid on this day (or month, year).")]
UndatedOption = Annotated[
    str, typer.Option("--undated", help="With a period: include or exclude what carries no date.")
]
WithMeasures = Annotated[
    str | None,
    typer.Option(
        "--with",
        help="Network formats: measures to add as node attributes, comma-separated "
        "(degree, betweenness, closeness, pagerank, eigenvector, community, component).",
    ),
]

#: The `graphkit export --format` values that write the network (`graphkit.analytics.exports.
#: NetworkFormat`; spelled out here so the CLI starts without loading networkx).
NETWORK_FORMATS = ("graphml", "gexf", "node-link", "csv")


def network_options(
    focus: str | None,
    depth: int,
    types: list[str] | None,
    predicates: list[str] | None,
    excluded: list[str] | None,
    classification: bool,
    start: str | None,
    end: str | None,
    as_of: str | None,
    undated: str,
) -> NetworkOptions:
    """Return the `NetworkOptions` of the command line's network options."""
    from graphkit.analytics.selection import NetworkOptions

    return NetworkOptions(
        focus=focus,
        depth=depth,
        types=tuple(types or ()),
        predicates=tuple(predicates or ()),
        excluded=tuple(excluded or ()),
        classification=classification,
        start=start,
        end=end,
        as_of=as_of,
        undated=undated,
    )


def export_network_file(
    fmt: str,
    options: NetworkOptions,
    measures: str | None,
    *,
    output: Path | None,
    store: str | None,
    engine: str | None,
) -> None:
    """`graphkit export --format graphml|gexf|node-link|csv`: the chosen network, as a file."""
    from graphkit.analytics.exports import NetworkFormat, annotate, export_network, parse_annotations
    from graphkit.analytics.network import select_network
    from graphkit.analytics.selection import network_spec
    from graphkit.projection import build_projection

    names = parse_annotations(measures)
    with opened_store(store, read_only=True, engine=engine) as (_settings, opened):
        projection = build_projection(opened)
        network = select_network(projection, network_spec(projection, options))
        data = export_network(network, NetworkFormat(fmt), annotations=annotate(network, names))
    if output:
        output.write_bytes(data)
        typer.echo(
            f"Wrote {len(data)} bytes to {output}: {network.graph.number_of_nodes()} nodes, "
            f"{network.graph.number_of_edges()} links.",
            err=True,
        )
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
