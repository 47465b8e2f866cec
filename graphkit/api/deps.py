"""Dependencies of the routes: the service, the projection, the label language."""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates

from graphkit.errors import QueryRefused
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


ServiceDep = Annotated[GraphService, Depends(get_service)]
ProjectionDep = Annotated[Projection, Depends(get_projection)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
LangDep = Annotated[Literal["en", "de"], Query(description="Language of labels: `en` or `de`.")]


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
