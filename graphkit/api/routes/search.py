"""Search entities by label, in German and English, ignoring case and diacritics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphkit.api.deps import LangDep, ServiceDep
from graphkit.api.schemas import SearchOut, SearchResultOut
from graphkit.search import search_entities

router = APIRouter(tags=["search"])


@router.get("/api/search", response_model=SearchOut, summary="Find entities by label or abbreviation")
def search(
    service: ServiceDep,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description="Text to look for (e.g. `bundnisse`, `efre`).")
    ],
    type: Annotated[
        list[str] | None, Query(description="Only entities of these classes (repeatable).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Most results.")] = 10,
    lang: LangDep = "en",
) -> SearchOut:
    """Return entities whose labels match `q`: whole-label matches first, then prefixes."""
    projection = service.projection()
    types = [projection.resolve_class(t) for t in type or []]
    return projection.remember(
        ("search", q, tuple(sorted(types)), limit, lang),
        lambda: SearchOut(
            results=[
                SearchResultOut.of(h)
                for h in search_entities(
                    projection, service.label_index(), q, types=types, limit=limit, lang=lang
                )
            ]
        ),
        page=True,
    )
