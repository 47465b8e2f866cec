"""The web app: `create_app(settings, store)` builds one FastAPI app over one store."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphkit import __version__
from graphkit.api.errors import install_error_handlers, page_language
from graphkit.api.openapi import install_openapi
from graphkit.api.routes import analytics, entities, graph, graphs, meta, review, search, sparql
from graphkit.api.security import SecurityHeaders
from graphkit.config import Settings
from graphkit.namespaces import ID
from graphkit.service import GraphService
from graphkit.store import GraphStore, open_store
from graphkit.ui_text import TEXT, translate

log = logging.getLogger("graphkit.http")

#: The installed package folder: templates/ and static/ live here.
PACKAGE = Path(__file__).resolve().parent.parent


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
    templates.env.autoescape = True
    templates.env.globals["id_namespace"] = ID
    templates.env.globals["version"] = __version__
    # Every text of a page from the one translation table: {{ t("nav.graph", lang) }}.
    templates.env.globals["t"] = translate
    templates.env.globals["ui_keys"] = frozenset(TEXT)
    # Only web addresses become links: a `javascript:` IRI or URL in the data stays text.
    templates.env.tests["web_url"] = lambda value: (
        isinstance(value, str) and value.startswith(("http://", "https://"))
    )
    return templates


class HeadAsGet:
    """Answer HEAD on every GET route: the GET's status and headers, without its body.

    FastAPI routes answer only the methods they declare; this runs a HEAD request as the
    GET it asks about (so the two cannot disagree) and drops the body on the way out.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class AccessLog:
    """One log line per request (client, method, path and query, status, milliseconds).

    A plain ASGI middleware: Starlette's `BaseHTTPMiddleware` costs a task and a stream per
    request, a good part of a fast route's time.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = 500

        async def sent(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            client = scope.get("client")
            query = scope.get("query_string", b"").decode("latin-1")
            log.info(
                '%s "%s %s" %d %.1f ms',
                client[0] if client else "-",
                scope["method"],
                scope["path"] + (f"?{query}" if query else ""),
                status,
                (time.monotonic() - started) * 1000,
            )


class _App(FastAPI):
    """The FastAPI app with the access log, HEAD and the security headers around everything.

    Starlette puts middleware added with `add_middleware` inside its `ServerErrorMiddleware`,
    so the 500 that middleware writes for a bug would leave without them.
    """

    def build_middleware_stack(self) -> ASGIApp:
        return AccessLog(HeadAsGet(SecurityHeaders(super().build_middleware_stack())))


def create_app(
    settings: Settings | None = None,
    store: GraphStore | None = None,
    *,
    service: GraphService | None = None,
    workers: bool | None = None,
) -> FastAPI:
    """Return the app serving `store` (opened from `settings` when not given).

    Args:
        settings: limits, update token, worker count; read from the environment if None.
        store: the store to serve; the app closes it when it shuts down.
        service: a ready `GraphService` (takes precedence over `store`).
        workers: run /sparql queries in worker processes (default: yes for an on-disk
            Oxigraph store).
    """
    settings = settings or Settings()
    if service is None:
        service = GraphService(settings, store or open_store(settings), workers=workers)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = _App(
        title="graphkit",
        version=__version__,
        summary="A knowledge graph of urban social-innovation networks: SPARQL, entities, neighbourhoods.",
        lifespan=lifespan,
        # FastAPI's own docs pages load their scripts from a CDN: serve ours from the package.
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    app.state.settings = settings
    app.state.templates = templates = _templates()
    install_error_handlers(app, templates)
    install_openapi(app)

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> Response:
        # FastAPI's own page starts swagger-ui with an inline script: ours runs static/docs.js.
        return templates.TemplateResponse(request, "docs.html.j2", {"lang": page_language(request)})

    for module in (sparql, search, entities, meta, graph, graphs, analytics, review):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    return app
