"""Dependencies of the routes: the service, the projection, the content language."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import Cookie, Depends, Header, Query, Request, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from graphkit.api.negotiation import wants_html
from graphkit.dating import TimeFilter
from graphkit.errors import QueryRefused
from graphkit.language import LANG_COOKIE, content_language
from graphkit.projection import Projection
from graphkit.service import GraphService


async def get_service(request: Request) -> GraphService:
    service: GraphService = request.app.state.service
    return service


async def get_projection(request: Request) -> Projection:
    """The read model of the store's current version (checked per request: a cheap stat)."""
    service: GraphService = request.app.state.service
    return service.projection()


async def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


def get_lang(
    request: Request,
    lang: Annotated[
        Literal["en", "de"] | None,
        Query(
            description="Language of labels: `en` or `de` [default: the `gk_lang` cookie, else the "
            "best of `Accept-Language`, else `en`]. A page asked for with `lang` remembers it in "
            "the `gk_lang` cookie."
        ),
    ] = None,
    gk_lang: Annotated[
        str | None, Cookie(description="The language a page last chose (`en` or `de`); others are ignored.")
    ] = None,
    accept_language: Annotated[
        str | None, Header(description="Languages the client prefers, with q-values (`de-DE,de;q=0.9`).")
    ] = None,
) -> str:
    """Return the content language: `lang`, else the `gk_lang` cookie, else `Accept-Language`, else en.

    The choice is kept on the request (`request.state.content_language`), for `LanguageRoute`
    to say it in the answer's headers.
    """
    chosen = content_language(lang, cookie=gk_lang, accept=accept_language)
    request.state.content_language = chosen
    request.state.remember_language = lang is not None
    return chosen


ServiceDep = Annotated[GraphService, Depends(get_service)]
ProjectionDep = Annotated[Projection, Depends(get_projection)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
#: The content language of a route (see `get_lang`); routes keep `= "en"` as a reminder of the default.
LangDep = Annotated[str, Depends(get_lang)]

#: A year, a month or a day, as period bounds are written.
DAY_PATTERN = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"
_AS_OF = "Only what is valid on this day (or in this month or year); not with a start or end."
_UNDATED = "With a period: include or exclude entities and links that carry no date."


#: `from`: the first year, month or day of a period.
StartParam = Annotated[
    str | None,
    Query(
        alias="from",
        pattern=DAY_PATTERN,
        description="Only what is valid on or after this year, month or day (`2020`, `2020-03`, "
        "`2020-03-25`): a year or month starts on its first day.",
    ),
]
#: `to`: the last year, month or day of a period.
EndParam = Annotated[
    str | None,
    Query(
        pattern=DAY_PATTERN,
        description="Only what is valid on or before this year, month or day (ends on its last day).",
    ),
]
#: `as_of`: a period of one day, month or year.
AsOfParam = Annotated[str | None, Query(pattern=DAY_PATTERN, description=_AS_OF)]
#: `undated`: what a period does with things without dates.
UndatedParam = Annotated[Literal["include", "exclude"], Query(description=_UNDATED)]


def get_period(
    start: StartParam = None, to: EndParam = None, as_of: AsOfParam = None, undated: UndatedParam = "include"
) -> TimeFilter | None:
    """The period of a route's `from`, `to` and `as_of` (see `graphkit.dating`), or None."""
    return TimeFilter.parse(start, to, as_of, undated)


def get_path_period(
    since: Annotated[
        str | None,
        Query(
            pattern=DAY_PATTERN,
            description="Only through what is valid on or after this year, month or day (what `from` "
            "is elsewhere; here `from` and `to` are the path's ends).",
        ),
    ] = None,
    until: Annotated[
        str | None,
        Query(
            pattern=DAY_PATTERN,
            description="Only through what is valid on or before this year, month or day.",
        ),
    ] = None,
    as_of: AsOfParam = None,
    undated: UndatedParam = "include",
) -> TimeFilter | None:
    """The period of `/api/path`: `since`, `until`, `as_of` (its `from` and `to` are the ends)."""
    return TimeFilter.parse(since, until, as_of, undated, names=("since", "until"))


#: A route's period (`from`/`to`/`as_of`/`undated`), None when none is given.
PeriodDep = Annotated[TimeFilter | None, Depends(get_period)]
#: `/api/path`'s period (`since`/`until`/`as_of`/`undated`).
PathPeriodDep = Annotated[TimeFilter | None, Depends(get_path_period)]


def say_language(request: Request, response: Response) -> None:
    """Say the content language a route chose (`get_lang`) in the answer's headers.

    `Content-Language` and `Vary: Accept-Language, Cookie` on every answer that chose one; a
    page asked for with an explicit `lang` (a browser's request for HTML) also sets the
    `gk_lang` cookie, so the next page opens in that language.
    """
    chosen = getattr(request.state, "content_language", None)
    if chosen is None:
        return
    response.headers["Content-Language"] = chosen
    vary = [v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()]
    vary += [v for v in ("Accept-Language", "Cookie") if v not in vary]
    response.headers["Vary"] = ", ".join(vary)
    if getattr(request.state, "remember_language", False) and wants_html(request.headers.get("accept")):
        response.set_cookie(LANG_COOKIE, chosen, path="/", samesite="lax")


class LanguageRoute(APIRoute):
    """A route whose answers say the content language it chose (`say_language`).

    Routers whose routes take `LangDep` use it (`APIRouter(route_class=LanguageRoute)`): it
    sees every answer, also those a route returns as a ready `Response` (which FastAPI's
    injected response headers would miss).
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_and_say(request: Request) -> Response:
            response = await handle(request)
            say_language(request, response)
            return response

        return handle_and_say


def require_update_token(request: Request, service: GraphService) -> None:
    """Refuse a write (SPARQL Update, graph upload) without the server's update token.

    Raises:
        QueryRefused: no token is configured, or the request does not send it.
    """
    token = service.settings.update_token
    sent = request.headers.get("authorization", "")
    if not token:
        raise QueryRefused(
            "Writes are refused: this endpoint is read-only (start the server with "
            "--update-token, or GRAPHKIT_UPDATE_TOKEN, to allow updates).",
            parameter="update",
        )
    given = sent[7:].strip().encode("utf-8", errors="replace")
    if not sent.lower().startswith("bearer ") or not hmac.compare_digest(given, token.encode("utf-8")):
        raise QueryRefused("Writes are refused: send the update token as `Authorization: Bearer …`.")
