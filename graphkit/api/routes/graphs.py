"""The named graphs: a list with load records, and the SPARQL 1.1 Graph Store HTTP Protocol.

``/rdf-graphs?graph=IRI`` (or ``?default`` for the merged default graph) answers GET and
HEAD for everyone; PUT (replace), POST (add) and DELETE need the update token, and an
upload is checked and recorded like a load, all or nothing. The default graph is the merge
of the named graphs, so it can be read but not written. An upload larger than
GRAPHKIT_MAX_BODY_BYTES is refused (413) by its Content-Length or as it arrives.
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from graphkit.api.deps import ServiceDep, require_update_token
from graphkit.api.limits import read_body
from graphkit.api.negotiation import parse_accept
from graphkit.api.schemas import GraphCountOut, GraphsOut
from graphkit.errors import BadRequest, GraphkitError, NotFound
from graphkit.formats import RdfFormat, format_of_media_type
from graphkit.namespaces import PREFIXES, graph_iri
from graphkit.stats import collect_stats

router = APIRouter(tags=["graphs"])

#: Formats a graph is sent in, by media type (Turtle first: the default).
_SEND = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
_UPLOADS = (RdfFormat.TURTLE, RdfFormat.NTRIPLES, RdfFormat.JSONLD, RdfFormat.RDFXML)
_GRAPH_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {m: {} for m in _SEND}, "description": "The graph."},
    404: {"description": "No such graph."},
}


class MethodNotAllowed(GraphkitError):
    """The default graph cannot be written: it is the merge of the named graphs."""

    status = 405
    code = "method_not_allowed"


GraphParam = Annotated[
    str | None, Query(description="The graph (IRI or graph:name).", examples=["graph:curation"])
]
DefaultParam = Annotated[
    str | None, Query(description="Present (empty) to mean the default graph, the merge of all graphs.")
]


def _target(graph: str | None, default: str | None) -> str | None:
    """Return the graph IRI asked for, or None for the default graph."""
    if graph is not None and default is not None:
        raise BadRequest("Give either `graph` or `default`, not both.", parameter="graph")
    if graph is None and default is None:
        raise BadRequest(
            "Name the graph: `?graph=IRI`, or `?default` for the default graph.", parameter="graph"
        )
    if graph is None:
        return None
    try:
        return graph_iri(graph)
    except BadRequest as error:
        raise BadRequest(error.message, parameter="graph", value=graph) from None


def _named(graph: str | None, default: str | None, action: str) -> str:
    """Return the named graph a write names; the default graph is refused (405)."""
    target = _target(graph, default)
    if target is None:
        raise MethodNotAllowed(
            f"The default graph is the merge of the named graphs and cannot be {action}; "
            "name a graph (?graph=IRI).",
            parameter="default",
            allow="GET, HEAD",
        )
    return target


def _send_format(request: Request) -> tuple[str, ox.RdfFormat]:
    for media, _quality in parse_accept(request.headers.get("accept")):
        if media in _SEND:
            return media, _SEND[media]
    return "text/turtle", ox.RdfFormat.TURTLE


def _read(service: ServiceDep, request: Request, graph: str | None) -> Response:
    store = service.store
    if graph is not None and graph not in store.graph_names():
        raise NotFound(f"No graph <{graph}> in the store.", graph=graph)
    nquads = store.dump_nquads([graph] if graph is not None else None)
    triples = {
        ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    }
    media, fmt = _send_format(request)
    prefixes = dict(PREFIXES) if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(sorted(triples, key=str), format=fmt, prefixes=prefixes) or b""
    return Response(body, media_type=media, headers={"Vary": "Accept"})


@router.get(
    "/api/graphs", response_model=GraphsOut, summary="The named graphs, their sources and load records"
)
def list_graphs(service: ServiceDep) -> GraphsOut:
    """Return every named graph: its size, the documents it cites, when and from what it was loaded."""
    stats = collect_stats(service.store)
    return GraphsOut(graphs=[GraphCountOut.of(g) for g in stats.graphs], triples=stats.triples)


@router.get("/rdf-graphs", summary="Read a graph (Graph Store Protocol)", responses=_GRAPH_RESPONSES)
def get_graph(
    request: Request, service: ServiceDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Return one named graph (`?graph=`) or the merged default graph (`?default`), by Accept."""
    return _read(service, request, _target(graph, default))


@router.head("/rdf-graphs", include_in_schema=False)
def head_graph(
    request: Request, service: ServiceDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    answer = _read(service, request, _target(graph, default))
    return Response(
        status_code=200, media_type=answer.media_type, headers={"Content-Length": str(len(answer.body))}
    )


async def _write(
    request: Request, service: ServiceDep, graph: str | None, default: str | None, *, replace: bool
) -> Response:
    from starlette.concurrency import run_in_threadpool

    require_update_token(request, service)
    target = _named(graph, default, "written")
    media = request.headers.get("content-type", "")
    fmt = format_of_media_type(media)
    if fmt not in _UPLOADS:
        known = ", ".join(f.media_type for f in _UPLOADS)
        raise BadRequest(
            f"Unsupported Content-Type {media or '(none)'!r} for a graph: send one of {known}.",
            parameter="content-type",
        )
    assert fmt is not None
    body = await read_body(
        request, limit=service.settings.max_body_bytes, setting="GRAPHKIT_MAX_BODY_BYTES", what="upload"
    )
    existed = target in service.store.graph_names()
    await run_in_threadpool(service.put_graph, target, body, fmt, replace=replace)
    return Response(
        status_code=204 if existed else 201, headers={} if existed else {"Location": str(request.url)}
    )


@router.put("/rdf-graphs", status_code=204, summary="Replace a graph with the body (needs the update token)")
async def put_graph(
    request: Request, service: ServiceDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Replace the named graph with the RDF in the body (Turtle, N-Triples, JSON-LD, RDF/XML), checked."""
    return await _write(request, service, graph, default, replace=True)


@router.post("/rdf-graphs", status_code=204, summary="Add the body to a graph (needs the update token)")
async def post_graph(
    request: Request, service: ServiceDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Add the RDF in the body to the named graph, checked like a load."""
    return await _write(request, service, graph, default, replace=False)


@router.delete("/rdf-graphs", status_code=204, summary="Remove a graph (needs the update token)")
def delete_graph(
    request: Request, service: ServiceDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Remove the named graph and its load record."""
    require_update_token(request, service)
    target = _named(graph, default, "deleted")
    if target not in service.store.graph_names():
        raise NotFound(f"No graph <{target}> in the store.", graph=target)
    service.drop([target])
    return Response(status_code=204)
