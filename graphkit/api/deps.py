"""Dependencies of the routes: the service, the projection, the label language."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates

from graphkit.projection import Projection
from graphkit.service import GraphService


def get_service(request: Request) -> GraphService:
    service: GraphService = request.app.state.service
    return service


def get_projection(request: Request) -> Projection:
    return get_service(request).projection()


def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


ServiceDep = Annotated[GraphService, Depends(get_service)]
ProjectionDep = Annotated[Projection, Depends(get_projection)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
LangDep = Annotated[Literal["en", "de"], Query(description="Language of labels: `en` or `de`.")]
