"""The interactive network page: the whole graph, a class filter, or one entity's neighbourhood."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from graphkit.api.deps import LangDep, LanguageRoute, PeriodDep, ProjectionDep
from graphkit.viz import DEFAULT_LIMIT, ApiLinks, Assets, render_view, select_view

router = APIRouter(tags=["graph"], route_class=LanguageRoute)


@router.get("/graph", response_class=HTMLResponse, summary="Interactive network view (HTML)")
def graph_page(
    request: Request,
    projection: ProjectionDep,
    focus: Annotated[
        str | None,
        Query(description="Id (`~…` too) or IRI of the entity at the centre [default: the whole graph]."),
    ] = None,
    depth: Annotated[int, Query(ge=1, le=3, description="Links to follow from `focus` (1 to 3).")] = 1,
    type: Annotated[
        list[str] | None,
        Query(description="Only entities (with `focus`: neighbours) of these classes (repeatable)."),
    ] = None,
    limit: Annotated[
        int | None,
        Query(ge=1, le=DEFAULT_LIMIT, description="Most nodes [default: 200 with `focus`, else 10000]."),
    ] = None,
    period: PeriodDep = None,
    lang: LangDep = "en",
) -> HTMLResponse:
    """Return a page drawing the view, with search, expansion by double-click and class filters.

    With a period (`from`/`to` or `as_of`) only the entities and links valid in it are drawn
    (`graphkit.dating`), and the page keeps the period when it expands a node.
    """
    view = select_view(
        projection, focus=focus, depth=depth, types=type or (), lang=lang, limit=limit, period=period
    )
    selection: dict[str, object] = {"depth": depth, "type": list(type or [])}
    if focus is not None:
        selection["focus"] = view.focus
    if period is not None:
        selection.update(period.parameters())
    root = request.scope.get("root_path", "").rstrip("/")
    page = render_view(
        projection,
        view,
        lang=lang,
        assets=Assets.LINKED,
        static_url=root + "/static",
        api=ApiLinks(
            search=root + "/api/search",
            entities=root + "/api/entities/",
            page=root + "/id/",
            foreign_page=root + "/entities/",
            analytics=root + "/api/analytics/",
            path=root + "/api/path",
        ),
        selection=selection,
    )
    return HTMLResponse(page)
