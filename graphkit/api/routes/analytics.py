"""Network analytics over HTTP: measures, communities, components, brokers, projections, exports.

Every route takes the same network parameters (`graphkit.analytics.selection`) and calls one
core function (`graphkit.analytics.answers.analyse`, `graphkit.analytics.exports.export_network`).
The work is bounded: answers return at most `limit` rows, and the measures whose cost grows
with nodes times links (betweenness, closeness) are refused over HTTP on a network of more than
`HEAVY_NODES` nodes (413: narrow it with `focus`, `type` or a period, or use `graphkit analyze`).
A network and each answer are computed once per store version and kept (`Projection.remember`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from graphkit.analytics.answers import Kind, Outcome, analyse
from graphkit.analytics.exports import (
    ANNOTATIONS,
    EXTENSIONS,
    MEDIA_TYPES,
    NetworkFormat,
    annotate,
    export_network,
)
from graphkit.analytics.exports import parse_annotations as parse_with
from graphkit.analytics.network import Network, select_network
from graphkit.analytics.selection import MAX_DEPTH, NetworkOptions, network_spec
from graphkit.api.analytics_schemas import AnalyticsOut
from graphkit.api.deps import (
    AsOfParam,
    EndParam,
    LangDep,
    LanguageRoute,
    ProjectionDep,
    StartParam,
    UndatedParam,
)
from graphkit.errors import TooLarge
from graphkit.projection import Projection

router = APIRouter(tags=["analytics"], route_class=LanguageRoute)

#: Measures whose cost grows with nodes times links: refused over HTTP on bigger networks.
HEAVY_MEASURES = frozenset({"betweenness", "closeness"})
#: The most nodes a network may have for a heavy measure over HTTP.
HEAVY_NODES = 5_000
#: The most pivots a sampled betweenness takes over HTTP (any network size).
MAX_PIVOTS = 500
#: The most rows an answer returns.
MAX_LIMIT = 1_000

Measure = Literal["degree", "betweenness", "closeness", "pagerank", "eigenvector"]
Method = Literal["leiden", "louvain"]
ProjectionKind = Literal["co-participation", "co-funding", "co-membership"]
#: `with`: a comma-separated list of measures (the pattern lets only known names through).
_WITH = "^(?:{0})(?:,(?:{0}))*$".format("|".join(ANNOTATIONS))


def network_options(
    focus: Annotated[
        str | None,
        Query(
            description="Only the neighbourhood of this entity (id, IRI or name) [default: the whole graph]."
        ),
    ] = None,
    depth: Annotated[
        int, Query(ge=1, le=MAX_DEPTH, description="With `focus`: links to follow from it.")
    ] = 2,
    type: Annotated[
        list[str] | None, Query(description="Only entities of these classes (and subclasses; repeatable).")
    ] = None,
    predicate: Annotated[
        list[str] | None,
        Query(
            description="Only links of these properties or their inverses (IRI or prefixed name; repeatable)."
        ),
    ] = None,
    exclude_predicate: Annotated[
        list[str] | None,
        Query(description="Never links of these properties or their inverses (repeatable)."),
    ] = None,
    classification: Annotated[
        bool,
        Query(
            description="Also classification links: rdf:type, topics and other SKOS concepts, concept "
            "schemes and source documents, and the properties pointing at them. Off by default."
        ),
    ] = False,
    start: StartParam = None,
    to: EndParam = None,
    as_of: AsOfParam = None,
    undated: UndatedParam = "include",
) -> NetworkOptions:
    """The network parameters every analytics route takes, as `NetworkOptions`."""
    return NetworkOptions(
        focus=focus,
        depth=depth,
        types=tuple(type or ()),
        predicates=tuple(predicate or ()),
        excluded=tuple(exclude_predicate or ()),
        classification=classification,
        start=start,
        end=to,
        as_of=as_of,
        undated=undated,
    )


NetworkDep = Annotated[NetworkOptions, Depends(network_options)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most rows to return.")]
Seed = Annotated[
    int, Query(ge=0, le=2**31 - 1, description="Random seed: the same seed, the same communities.")
]
Resolution = Annotated[
    float, Query(gt=0, le=100, description="Modularity resolution: higher gives more, smaller communities.")
]


def partition_options(
    method: Annotated[
        Method, Query(description="How the communities are found: Leiden (igraph) or Louvain (networkx).")
    ] = "leiden",
    seed: Seed = 1,
    resolution: Resolution = 1.0,
) -> dict[str, object]:
    """The parameters of a community partition (communities, brokers between them)."""
    return {"method": method, "seed": seed, "resolution": resolution}


PartitionDep = Annotated[dict[str, object], Depends(partition_options)]


def _network(projection: Projection, options: NetworkOptions) -> Network:
    spec = network_spec(projection, options)
    return projection.remember(
        ("analytics-network", spec), lambda: select_network(projection, spec), page=True
    )


def _answer(
    projection: Projection,
    options: NetworkOptions,
    kind: Kind,
    *,
    limit: int,
    lang: str,
    **parameters: object,
) -> AnalyticsOut:
    network = _network(projection, options)
    measure = parameters.get("measure")
    sampled = parameters.get("pivots") is not None
    if measure in HEAVY_MEASURES and not sampled and network.graph.number_of_nodes() > HEAVY_NODES:
        raise TooLarge(
            f"{measure} on {network.graph.number_of_nodes()} nodes is more than the API computes "
            f"(at most {HEAVY_NODES}): narrow the network with focus, type or a period, estimate "
            "betweenness with pivots, or run `graphkit analyze centrality` on the command line.",
            parameter="measure",
            nodes=network.graph.number_of_nodes(),
        )
    key = ("analytics", network.spec, kind, lang, tuple(sorted(parameters.items())))
    # Brokers are found up to `limit`; the other kinds give every row, cut below.
    outcome: Outcome = projection.remember(
        key,
        lambda: analyse(network, kind, limit=limit, lang=lang, **parameters),  # type: ignore[arg-type]
        page=True,
    )
    return AnalyticsOut.of(network, outcome, limit=limit)


@router.get(
    "/api/analytics/centrality",
    response_model=AnalyticsOut,
    summary="Entities ranked by a centrality measure (degree, betweenness, closeness, PageRank, eigenvector)",
)
def get_centrality(
    projection: ProjectionDep,
    options: NetworkDep,
    measure: Annotated[Measure, Query(description="The measure (normalised).")] = "degree",
    pivots: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_PIVOTS,
            description="Betweenness only: estimate it from this many random nodes (networkx's `k`), "
            "on a network of any size.",
        ),
    ] = None,
    seed: Seed = 1,
    limit: Limit = 20,
    lang: LangDep = "en",
) -> AnalyticsOut:
    """Return the network's entities by a centrality measure, highest first (ties by id)."""
    sampled = {} if pivots is None else {"pivots": pivots, "seed": seed}
    return _answer(projection, options, Kind.CENTRALITY, limit=limit, lang=lang, measure=measure, **sampled)


@router.get(
    "/api/analytics/communities",
    response_model=AnalyticsOut,
    summary="Communities (Leiden or Louvain, fixed seed) with their modularity",
)
def get_communities(
    projection: ProjectionDep,
    options: NetworkDep,
    partition: PartitionDep,
    limit: Limit = 100,
    lang: LangDep = "en",
) -> AnalyticsOut:
    """Return each entity's community (0 the biggest), by community and id, and the modularity."""
    return _answer(projection, options, Kind.COMMUNITIES, limit=limit, lang=lang, **partition)


@router.get(
    "/api/analytics/components",
    response_model=AnalyticsOut,
    summary="Weakly connected components",
)
def get_components(
    projection: ProjectionDep, options: NetworkDep, limit: Limit = 100, lang: LangDep = "en"
) -> AnalyticsOut:
    """Return each entity's component (0 the biggest) and the components' sizes."""
    return _answer(projection, options, Kind.COMPONENTS, limit=limit, lang=lang)


@router.get(
    "/api/analytics/brokers",
    response_model=AnalyticsOut,
    summary="Entities linking several communities (participation coefficient)",
)
def get_brokers(
    projection: ProjectionDep,
    options: NetworkDep,
    partition: PartitionDep,
    limit: Limit = 20,
    lang: LangDep = "en",
) -> AnalyticsOut:
    """Return the brokers between communities, highest participation coefficient first."""
    return _answer(projection, options, Kind.BROKERS, limit=limit, lang=lang, **partition)


@router.get(
    "/api/analytics/projection",
    response_model=AnalyticsOut,
    summary="A one-mode projection: who shares events, funds or networks, with weights",
)
def get_projected(
    projection: ProjectionDep,
    options: NetworkDep,
    kind: Annotated[
        ProjectionKind,
        Query(
            description="`co-participation` (organisations sharing events), `co-funding` (programmes "
            "sharing funds), `co-membership` (cities sharing networks)."
        ),
    ],
    limit: Limit = 100,
    lang: LangDep = "en",
) -> AnalyticsOut:
    """Return the projection's links, heaviest first; `shared` lists the partners behind each."""
    return _answer(projection, options, Kind.PROJECTION, limit=limit, lang=lang, projection_kind=kind)


@router.get(
    "/api/analytics/export",
    response_class=Response,
    summary="The network as GraphML, GEXF (Gephi), node-link JSON or CSV (zip)",
    responses={200: {"content": {media: {} for media in dict.fromkeys(MEDIA_TYPES.values())}}},
)
def get_export(
    projection: ProjectionDep,
    options: NetworkDep,
    format: Annotated[
        NetworkFormat,
        Query(
            description="`graphml`, `gexf`, `node-link` (networkx's JSON) or `csv` (a zip of nodes.csv, "
            "edges.csv and network.json)."
        ),
    ] = NetworkFormat.GRAPHML,
    with_: Annotated[
        str | None,
        Query(
            alias="with",
            pattern=_WITH,
            description=f"Measures to add as node attributes, comma-separated: {', '.join(ANNOTATIONS)}.",
        ),
    ] = None,
) -> Response:
    """Return the network as a file, with labels, classes, dates and the measures asked for."""
    network = _network(projection, options)
    names = parse_with(with_)
    heavy = HEAVY_MEASURES & set(names)
    if heavy and network.graph.number_of_nodes() > HEAVY_NODES:
        raise TooLarge(
            f"{', '.join(sorted(heavy))} on {network.graph.number_of_nodes()} nodes is more than the API "
            f"computes (at most {HEAVY_NODES}); use `graphkit export` on the command line.",
            parameter="with",
        )
    body = export_network(network, format, annotations=annotate(network, names))
    return Response(
        body,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="network.{EXTENSIONS[format]}"'},
    )
