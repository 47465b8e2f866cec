"""One error body for every failure: GraphkitError, FastAPI's 422s and HTTP errors alike."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from graphkit.api.negotiation import wants_html
from graphkit.errors import BadRequest, GraphkitError, NotFound, error_body
from graphkit.language import LANG_COOKIE, content_language
from graphkit.ui_text import LANGUAGES

log = logging.getLogger("graphkit.api")

_HTTP_CODES = {404: NotFound, 400: BadRequest}
#: Seconds a client is asked to wait after a 503 that does not say (a timeout, a store error).
RETRY_AFTER = 1
#: Methods in the order `Allow` lists them.
_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")


def allowed_methods(request: Request) -> str:
    """Return the `Allow` value for the request's path: every method some route answers there.

    HEAD goes with GET (the app answers HEAD on every GET route); the static files answer GET
    and HEAD. A path several routes share (``/sparql``, ``/rdf-graphs``) lists them all.
    """
    allowed: set[str] = set()
    # Routing into a mount (/static) moved its prefix into root_path: match from the app's.
    root = request.scope.get("app_root_path", request.scope.get("root_path", ""))
    for method in _METHODS:
        probe = {**request.scope, "method": method, "root_path": root}
        for route in request.app.router.routes:
            match, _ = route.matches(probe)
            if match is Match.FULL:
                allowed |= {"GET", "HEAD"} if isinstance(route, Mount) else {method}
                break
    if "GET" in allowed:
        allowed.add("HEAD")
    return ", ".join(m for m in _METHODS if m in allowed)


def page_language(request: Request) -> str:
    """Return the language of an HTML page answered outside a route's dependencies.

    The language a route chose (`graphkit.api.deps.get_lang`) if it ran, else the same
    choice from the request: a valid `lang`, the `gk_lang` cookie, `Accept-Language`.
    """
    chosen = getattr(request.state, "content_language", None)
    if chosen in LANGUAGES:
        return str(chosen)
    asked = request.query_params.get("lang")
    return content_language(
        asked if asked in LANGUAGES else None,
        cookie=request.cookies.get(LANG_COOKIE),
        accept=request.headers.get("accept-language"),
    )


def error_response(request: Request, error: GraphkitError, templates: Jinja2Templates) -> Response:
    """Return `error` as the JSON body, or as an HTML page for a browser.

    A 503 always says when to come back (`Retry-After`), a 405 what the path answers (`Allow`).
    """
    headers = {}
    if "retry_after" in error.detail:
        headers["Retry-After"] = str(error.detail["retry_after"])
    elif error.status == 503:
        headers["Retry-After"] = str(RETRY_AFTER)
    if "allow" in error.detail:
        headers["Allow"] = str(error.detail["allow"])
    elif error.status == 405:
        headers["Allow"] = allowed_methods(request)
    if wants_html(request.headers.get("accept")):
        return templates.TemplateResponse(
            request,
            "error.html.j2",
            {"error": error, "status": error.status, "lang": page_language(request)},
            status_code=error.status,
            headers=headers,
        )
    return JSONResponse(error_body(error), status_code=error.status, headers=headers)


def _validation_error(exc: RequestValidationError) -> GraphkitError:
    problems = []
    parameter = None
    for item in exc.errors():
        loc = [str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body", "header")]
        name = ".".join(loc) or "request"
        parameter = parameter or name
        problems.append(f"{name}: {item.get('msg', 'invalid')}")
    error = GraphkitError("Invalid parameter " + "; ".join(problems) + ".", parameter=parameter)
    error.status = 422
    error.code = "invalid_parameter"
    return error


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Make every error answer with the one body (and a page for browsers)."""

    @app.exception_handler(GraphkitError)
    async def _graphkit(request: Request, exc: GraphkitError) -> Response:
        if exc.status >= 500 and exc.status != 503:
            log.error("%s %s failed: %s", request.method, request.url.path, exc.message)
        return error_response(request, exc, templates)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        # A real bug: the trace goes to the log, the client gets the one error body.
        log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
        error = GraphkitError("Internal error: the server failed to answer; the log has the details.")
        return error_response(request, error, templates)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, _validation_error(exc), templates)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        cls = _HTTP_CODES.get(exc.status_code, GraphkitError)
        message = str(exc.detail) if exc.detail else "Error."
        if exc.status_code == 404 and message == "Not Found":
            message = f"Nothing at {request.url.path}."
        if exc.status_code == 405:
            allow = allowed_methods(request)
            message = f"{request.method} is not allowed here; this path answers {allow}."
            error = GraphkitError(message, allow=allow)
            error.code = "method_not_allowed"
        else:
            error = cls(message)
        error.status = exc.status_code
        return error_response(request, error, templates)


__all__ = ["HTMLResponse", "error_response", "install_error_handlers"]
