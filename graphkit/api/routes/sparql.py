"""The SPARQL 1.1 Protocol endpoint: queries for everyone, updates only with the token.

The handlers are `async`: a query is answered by a worker process, and the handler awaits
that answer on the event loop (`GraphService.query_async`) instead of holding a thread of the
pool for it; whatever could block (a parse the guard needs, an update, the editor page and
the service description) runs in the thread pool. The routes are `_SPARQLRoute`s: documented
like every route, but called with the bare request, since they read their parameters
themselves (the protocol's repeated and form parameters) and need none of FastAPI's per-request
dependency solving, which costs more than an answer from the worker.

A body or query string that must hold a query is read within GRAPHKIT_MAX_QUERY_BYTES (see
`graphkit.api.limits`): a larger one is refused (413) by what it declares or as it arrives,
never buffered whole.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from graphkit import bundled
from graphkit.api.deps import get_service, require_update_token
from graphkit.api.errors import page_language
from graphkit.api.limits import check_query_string, encoded_limit, read_body
from graphkit.api.negotiation import choose_format, offered_formats, wants_html
from graphkit.api.service_description import service_description
from graphkit.errors import BadRequest, QueryError, QueryRefused
from graphkit.model import is_valid_iri
from graphkit.query import list_named_queries
from graphkit.results import MEDIA_TYPES
from graphkit.service import GraphService
from graphkit.store.base import Dataset


class _SPARQLRoute(APIRoute):
    """A route whose endpoint takes the request and nothing else (no dependencies to solve)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler: Callable[[Request], Coroutine[Any, Any, Response]] = self.endpoint
        return handler


router = APIRouter(tags=["SPARQL"], route_class=_SPARQLRoute)

_FORM = "application/x-www-form-urlencoded"
_DIRECT = ("application/sparql-query", "application/sparql-update")
_LIMIT = "GRAPHKIT_MAX_QUERY_BYTES"


def _query_string(request: Request, max_query_bytes: int) -> dict[str, list[str]]:
    # From the ASGI scope, as Starlette's request.url would (without building the URL).
    check_query_string(request, limit=encoded_limit(max_query_bytes), setting=_LIMIT)
    return parse_qs(request.scope["query_string"].decode("latin-1"), keep_blank_values=True)


def _one(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name) or []
    if len(found) > 1:
        raise BadRequest(f"Give `{name}` once, not {len(found)} times.", parameter=name)
    return found[0] if found else None


def _refuse_dataset(values: dict[str, list[str]]) -> None:
    for name in ("using-graph-uri", "using-named-graph-uri"):
        if values.get(name):
            raise QueryRefused(
                f"`{name}` is not supported: an update names the graphs it reads with USING / GRAPH "
                "in the update itself.",
                parameter=name,
            )


def _dataset(*sources: dict[str, list[str]]) -> Dataset | None:
    """Return the dataset the protocol's default-graph-uri / named-graph-uri choose, if any."""
    default = [v for values in sources for v in values.get("default-graph-uri", [])]
    named = [v for values in sources for v in values.get("named-graph-uri", [])]
    if not default and not named:
        return None
    for parameter, iris in (("default-graph-uri", default), ("named-graph-uri", named)):
        for iri in iris:
            if not is_valid_iri(iri):
                raise BadRequest(f"{parameter}: not an IRI: {iri!r}.", parameter=parameter, value=iri)
    return Dataset(tuple(default), tuple(named))


def _examples(*, lang: str) -> list[dict[str, str]]:
    """The bundled queries as the editor's examples, each with its question in `lang`."""
    examples = []
    for name, question in list_named_queries(lang=lang).items():
        text = (bundled.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
        examples.append({"name": name, "question": question, "query": text})
    return examples


async def _answer(
    request: Request, service: GraphService, query: str, requested: list[str] | None, dataset: Dataset | None
) -> Response:
    accept = request.headers.get("accept")
    try:
        result = await service.query_async(query, formats=offered_formats(accept, requested), dataset=dataset)
    except QueryError as error:
        error.detail.setdefault("parameter", "query")  # a syntax error names the text it is in
        raise
    # No format for this kind of result: the error choose_format gives (406, or 400 for format=).
    fmt = result.format or choose_format(result.kind, accept, requested)
    headers = {"X-Graphkit-Truncated": "true" if result.truncated else "false", "Vary": "Accept"}
    return Response(result.body, media_type=MEDIA_TYPES[fmt], headers=headers)


def _without_query(request: Request, requested: list[str] | None) -> Response:
    """The editor for browsers, else the service description."""
    if wants_html(request.headers.get("accept")):
        templates: Jinja2Templates = request.app.state.templates
        lang = page_language(request)
        context = {"examples": _examples(lang=lang), "lang": lang}
        return templates.TemplateResponse(request, "sparql.html.j2", context)
    fmt = choose_format("graph", request.headers.get("accept"), requested)
    return Response(service_description(str(request.url_for("sparql_get")), fmt), media_type=MEDIA_TYPES[fmt])


def _update(request: Request, service: GraphService, update: str) -> Response:
    require_update_token(request, service)
    try:
        service.update(update)
    except QueryError as error:
        error.detail.setdefault("parameter", "update")
        raise
    return Response(status_code=204)


@router.get(
    "/sparql",
    summary="SPARQL query (GET), editor page, or service description",
    responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()}}},
)
async def sparql_get(request: Request) -> Response:
    """Run `query` (SPARQL 1.1 Protocol). Without a query: the editor for browsers, else the
    service description (Turtle)."""
    service = await get_service(request)
    values = _query_string(request, service.settings.max_query_bytes)
    _refuse_dataset(values)
    if values.get("update"):
        raise BadRequest("Updates must be sent with POST.", parameter="update")
    query = _one(values, "query")
    requested = values.get("format")
    if query is None:
        return await run_in_threadpool(_without_query, request, requested)
    return await _answer(request, service, query, requested, _dataset(values))


@router.post(
    "/sparql",
    summary="SPARQL query or update (POST: form or direct body)",
    responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()}}, 204: {"description": "Update done."}},
)
async def sparql_post(request: Request) -> Response:
    """Run a query sent as an urlencoded form (`query=` or `update=`), as an
    `application/sparql-query` body or as an `application/sparql-update` body."""
    service = await get_service(request)
    max_query_bytes = service.settings.max_query_bytes
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in (_FORM, *_DIRECT):
        raise BadRequest(
            f"Unsupported Content-Type {media or '(none)'!r}: send {_FORM}, "
            "application/sparql-query or application/sparql-update.",
            parameter="content-type",
        )
    url_values = _query_string(request, max_query_bytes)
    _refuse_dataset(url_values)
    requested = url_values.get("format")
    # A direct body is the query itself; a form may be longer (URL encoding).
    limit = encoded_limit(max_query_bytes) if media == _FORM else max_query_bytes
    raw = await read_body(request, limit=limit, setting=_LIMIT, what="query")
    body = raw.decode("utf-8", errors="replace")
    if media == _FORM:
        values = parse_qs(body, keep_blank_values=True)
        _refuse_dataset(values)
        requested = values.get("format") or requested
        query, update = _one(values, "query"), _one(values, "update")
        if query is not None and update is not None:
            raise BadRequest("Send either `query` or `update`, not both.", parameter="query")
        if update is not None:
            return await run_in_threadpool(_update, request, service, update)
        if query is None:
            raise BadRequest("The form has no `query` (or `update`) field.", parameter="query")
        dataset = _dataset(values, url_values)
        return await _answer(request, service, query, requested, dataset)
    if media == "application/sparql-query":
        return await _answer(request, service, body, requested, _dataset(url_values))
    return await run_in_threadpool(_update, request, service, body)


__all__ = ["HTMLResponse", "router"]
