"""Entities: JSON with every statement, the neighbourhood, paths, and dereferenceable IRIs."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import rdflib
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from rdflib.namespace import RDF, RDFS

from graphkit.api.deps import LangDep, LanguageRoute, PathPeriodDep, PeriodDep, ProjectionDep, TemplatesDep
from graphkit.api.negotiation import ACCEPTED, parse_accept, wants_html
from graphkit.api.schemas import (
    EdgeOut,
    EntityOut,
    GroupedNeighbourhoodOut,
    GroupOut,
    NeighbourhoodOut,
    NodeOut,
    PathOut,
)
from graphkit.entity import get_entity
from graphkit.errors import InvalidParameter, NotFound
from graphkit.explore import Direction, grouped_neighbourhood, neighbourhood
from graphkit.language import in_languages
from graphkit.model import Entity, Neighbourhood, Term
from graphkit.namespaces import entity_id
from graphkit.paths import PathFilter, paths
from graphkit.projection import Projection
from graphkit.results import MEDIA_TYPES, ResultFormat, serialize_graph, to_rdflib

router = APIRouter(tags=["entities"], route_class=LanguageRoute)

JSONLD = "application/ld+json"
_GRAPH_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {}, JSONLD: {}}}}


def _wants_jsonld(request: Request) -> bool:
    for media, _ in parse_accept(request.headers.get("accept")):
        if media == JSONLD:
            return True
        if media in ("application/json", "*/*", "application/*"):
            return False
    return False


def neighbourhood_graph(nb: Neighbourhood) -> rdflib.Graph:
    """Return a neighbourhood as RDF: its edges, and the nodes' labels and classes."""
    graph = to_rdflib([])
    for node in nb.nodes:
        subject = rdflib.URIRef(node.iri)
        for lang, text in node.labels.items():
            graph.add((subject, RDFS.label, rdflib.Literal(text, lang=lang or None)))
        for cls in node.types:
            graph.add((subject, RDF.type, rdflib.URIRef(cls)))
    iris = {n.id: n.iri for n in nb.nodes}
    for edge in nb.edges:
        graph.add(
            (
                rdflib.URIRef(iris[edge.source]),
                rdflib.URIRef(edge.predicate),
                rdflib.URIRef(iris[edge.target]),
            )
        )
    return graph


def entity_graph(entity: Entity) -> rdflib.Graph:
    """Return every statement about an entity (both directions) as RDF."""
    focus = entity.iri
    triples = [(Term.iri(focus), Term.iri(s.predicate), s.value) for s in entity.properties]
    triples += [(s.value, Term.iri(s.predicate), Term.iri(focus)) for s in entity.incoming]
    return to_rdflib(triples)


@router.get(
    "/api/entities/{id:path}/neighbourhood",
    response_model=NeighbourhoodOut | GroupedNeighbourhoodOut,
    responses=_GRAPH_RESPONSES,
    summary="An entity's neighbourhood (nodes and edges), or its neighbours grouped by predicate or class",
)
def get_neighbourhood(
    id: str,
    request: Request,
    projection: ProjectionDep,
    depth: Annotated[int, Query(ge=1, le=3, description="Links to follow from the focus (1 to 3).")] = 1,
    direction: Annotated[
        Direction, Query(description="Follow outgoing, incoming or both kinds of links.")
    ] = (Direction.BOTH),
    predicate: Annotated[
        list[str] | None,
        Query(description="Only follow these predicates (IRI or prefixed name; repeatable)."),
    ] = None,
    type: Annotated[
        list[str] | None, Query(description="Only include neighbours of these classes (repeatable).")
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=5000, description="Most nodes (or, grouped, nodes per group).")
    ] = 200,
    group: Annotated[
        Literal["predicate", "class"] | None,
        Query(
            description="`predicate`: summarise direct neighbours per predicate and direction, with counts; "
            "`class`: per predicate, direction and the neighbour's most specific class (then `type` "
            "picks groups by that class exactly). A link and its inverse (owl:inverseOf) are one group."
        ),
    ] = None,
    offset: Annotated[
        int,
        Query(ge=0, description="Skip this many neighbours (grouped: this many nodes in each group)."),
    ] = 0,
    sources: Annotated[bool, Query(description="Include source documents as neighbours.")] = False,
    details: Annotated[
        bool, Query(description="Give each node its facts (dates, figures, flags) and source documents.")
    ] = False,
    period: PeriodDep = None,
    lang: LangDep = "en",
) -> Response | NeighbourhoodOut | GroupedNeighbourhoodOut:
    """Return the entities around `id` and the links between them, in a stable order.

    A link and its inverse (`a hasMember b`, `b memberOf a`) are one edge. A page that is not
    the last says where the next one is: in the `next` field of its group (grouped), or in
    the `next` field and a `Link: <…>; rel="next"` header (plain). With a period (`from`/`to`
    or `as_of`) only neighbours and links valid in it count (rules: `graphkit.dating`).
    """
    focus = projection.resolve(id)
    predicates = [projection.resolve_predicate(p) for p in predicate or []]
    types = [projection.resolve_class(t) for t in type or []]
    if group is not None:
        groups = grouped_neighbourhood(
            projection,
            focus,
            direction=direction,
            predicates=predicates,
            types=types,
            limit=limit,
            offset=offset,
            lang=lang,
            include_sources=sources,
            by_class=group == "class",
            details=details,
            when=period,
        )
        out = []
        for g in groups:
            following = None
            if offset + limit < g.count:
                # The same filters, narrowed to this group, one page on.
                params: list[tuple[str, str | int]] = [
                    ("group", group),
                    ("predicate", g.predicate),
                    ("direction", g.direction),
                    ("offset", offset + limit),
                    ("limit", limit),
                    ("lang", lang),
                ]
                if g.cls is None:
                    params += [("type", t) for t in type or []]
                elif g.cls:
                    params.append(("type", g.cls))
                if sources:
                    params.append(("sources", "true"))
                if details:
                    params.append(("details", "true"))
                if period is not None:
                    params += list(period.parameters().items())
                following = _url(request, params)
            out.append(
                GroupOut(
                    predicate=g.predicate,
                    label=g.label,
                    direction=g.direction,
                    count=g.count,
                    offset=g.offset,
                    nodes=NodeOut.many(projection, g.nodes),
                    next=following,
                    cls=g.cls,
                    class_labels=in_languages(projection, g.cls) if g.cls else {} if g.cls == "" else None,
                )
            )
        return GroupedNeighbourhoodOut(focus=entity_id(focus), groups=out)
    nb = neighbourhood(
        projection,
        focus,
        depth=depth,
        direction=direction,
        predicates=predicates,
        types=types,
        limit=limit,
        offset=offset,
        lang=lang,
        include_sources=sources,
        details=details,
        when=period,
    )
    headers = {"Vary": "Accept"}
    following = None
    if nb.next_offset is not None:
        # The same query, one page on: in the body and as a Link header.
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        following = _url(request, [*params, ("offset", nb.next_offset)])
        headers["Link"] = f'<{following}>; rel="next"'
    if _wants_jsonld(request):
        body = serialize_graph(neighbourhood_graph(nb), ResultFormat.JSONLD)
        return Response(body, media_type=JSONLD, headers=headers)
    answer = NeighbourhoodOut.of(projection, nb, offset=offset, following=following)
    return JSONResponse(answer.model_dump(mode="json"), headers=headers)


def _url(request: Request, params: list[tuple[str, str | int]]) -> str:
    """Return the request's URL with other query parameters."""
    return str(request.url.remove_query_params(list(request.query_params))) + "?" + urlencode(params)


@router.get(
    "/api/entities/{id:path}",
    response_model=EntityOut,
    summary="Everything about one entity: labels, classes, statements both ways, sources",
)
def get_entity_json(id: str, projection: ProjectionDep, lang: LangDep = "en") -> EntityOut:
    """Return every statement about `id`: an id such as `bbwa` or `~aHR0…`, a full IRI, or a name.

    A name (a label, alternative label or abbreviation such as `BIWAQ`, any language, any
    case) works when exactly one entity has it; otherwise the 404 lists the `candidates`.
    """
    return EntityOut.of(_entity(projection, id, lang))


def _entity(projection: Projection, ref: str, lang: str) -> Entity:
    """Return what the store says about `ref`: an id or IRI it mentions, else an entity's name.

    Raises:
        NotFound: neither; the error of `Projection.resolve` (with its `candidates`).
    """
    try:
        return get_entity(projection, ref, lang=lang)
    except (NotFound, InvalidParameter):
        return get_entity(projection, projection.resolve(ref), lang=lang)


@router.get("/api/path", response_model=PathOut, summary="Shortest connections between two entities")
def get_path(
    projection: ProjectionDep,
    source: Annotated[str, Query(alias="from", description="Id or IRI of the start entity.")],
    to: Annotated[str, Query(description="Id or IRI of the end entity.")],
    max_length: Annotated[int, Query(ge=1, le=8, description="Longest path to look for, in links.")] = 4,
    limit: Annotated[
        int | None, Query(ge=1, le=100, description="Most shortest paths to return [default: 10].")
    ] = None,
    k: Annotated[
        int | None,
        Query(
            ge=1,
            le=50,
            description="Instead of every shortest path: the k shortest simple paths of at most "
            "`max_length` links, of any length, shortest first (not with `limit`).",
        ),
    ] = None,
    predicate: Annotated[
        list[str] | None,
        Query(
            description="Only follow links of these properties or their inverses "
            "(IRI or prefixed name; repeatable)."
        ),
    ] = None,
    exclude_predicate: Annotated[
        list[str] | None,
        Query(description="Never follow links of these properties or their inverses (repeatable)."),
    ] = None,
    type: Annotated[
        list[str] | None,
        Query(
            description="Only go through entities of these classes (repeatable); the two ends always count."
        ),
    ] = None,
    classification: Annotated[
        bool,
        Query(
            description="Also go through classification: class membership (rdf:type), topics and other "
            "SKOS concepts, concept schemes and source documents, and the properties pointing at them "
            "(gk:topic, dcterms:subject…). Off by default: two entities sharing a topic are not "
            "connected by it."
        ),
    ] = False,
    period: PathPeriodDep = None,
    lang: LangDep = "en",
) -> PathOut:
    """Return the shortest paths between two entities (links followed in either direction).

    A link and its inverse (owl:inverseOf) between the same two entities are one edge. Each
    edge carries the documents stating it, their certainty and quotes (`evidence`). With a
    period (`since`/`until` or `as_of`: here `from` and `to` name the ends) a path goes only
    through entities and along links valid in it (rules: `graphkit.dating`).
    """
    if k is not None and limit is not None:
        raise InvalidParameter(
            "Give k (the k shortest paths) or limit (every shortest path), not both.", parameter="k"
        )
    start, end = projection.resolve(source, parameter="from"), projection.resolve(to, parameter="to")
    through = PathFilter(
        predicates=frozenset(projection.resolve_predicate(p) for p in predicate or []),
        excluded=frozenset(
            projection.resolve_predicate(p, parameter="exclude_predicate") for p in exclude_predicate or []
        ),
        types=frozenset(projection.resolve_class(t) for t in type or []),
        classification=classification,
        when=period,
    )
    most = limit or 10
    subgraph, found = projection.remember(
        ("path", start, end, max_length, most, k, lang, through),
        lambda: paths(
            projection, start, end, max_length=max_length, limit=most, lang=lang, through=through, k=k
        ),
        page=True,
    )
    return PathOut(  # type: ignore[call-arg]
        source=entity_id(start),
        to=entity_id(end),
        length=len(found[0]) - 1 if found else None,
        paths=found,
        nodes=NodeOut.many(projection, subgraph.nodes),
        edges=[EdgeOut.of(e) for e in subgraph.edges],
        truncated=subgraph.truncated,
    )


@router.get(
    "/id/{id:path}",
    summary="The entity's IRI, dereferenced: an HTML page, Turtle or JSON-LD",
    responses={200: {"content": {"text/html": {}, "text/turtle": {}, JSONLD: {}}}},
)
def dereference(
    id: str, request: Request, projection: ProjectionDep, templates: TemplatesDep, lang: LangDep = "en"
) -> Response:
    """Serve `https://w3id.org/graphkit/id/{id}` by content negotiation."""
    return _entity_page(id, request, projection, templates, lang)


@router.get(
    "/entities/{id:path}",
    summary="Any entity's page (also those outside the id namespace): HTML, Turtle or JSON-LD",
    responses={200: {"content": {"text/html": {}, "text/turtle": {}, JSONLD: {}}}},
)
def entity_page(
    id: str, request: Request, projection: ProjectionDep, templates: TemplatesDep, lang: LangDep = "en"
) -> Response:
    """Serve the page of the entity `id` (``~aHR0…`` or a full IRI too) by content negotiation.

    Entities outside the id namespace have their page here; those inside it link to
    their dereferenced IRI at `/id/{id}`, which this serves the same way.
    """
    return _entity_page(id, request, projection, templates, lang)


def _entity_page(
    ref: str, request: Request, projection: Projection, templates: Jinja2Templates, lang: str
) -> Response:
    """Return an entity as an HTML page for browsers, else as RDF chosen by `Accept`."""
    entity = _entity(projection, ref, lang)
    accept = request.headers.get("accept")
    if wants_html(accept) or not accept:
        nb = None
        if projection.is_entity(entity.iri):
            nb = neighbourhood(projection, entity.iri, depth=1, limit=60, lang=lang)
        return templates.TemplateResponse(
            request,
            "entity.html.j2",
            {"entity": entity, "lang": lang, "neighbourhood": nb},
            headers={"Vary": "Accept"},
        )
    fmt = ResultFormat.TURTLE
    for media, _ in parse_accept(accept):
        found = ACCEPTED.get(media)
        if found in (ResultFormat.TURTLE, ResultFormat.JSONLD, ResultFormat.NTRIPLES, ResultFormat.RDFXML):
            fmt = found
            break
        if media == "application/json":
            fmt = ResultFormat.JSONLD
            break
    body = serialize_graph(entity_graph(entity), fmt)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Vary": "Accept"})
