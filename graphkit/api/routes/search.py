"""Search entities by label, in German and English, ignoring case and diacritics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphkit.api.deps import LangDep, LanguageRoute, ServiceDep
from graphkit.api.schemas import SearchOut, SearchResultOut, class_labels
from graphkit.search import Hit, search_entities

router = APIRouter(tags=["search"], route_class=LanguageRoute)


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
    """Return entities whose labels match `q`: whole-label matches first, then prefixes.

    Each result carries its labels in every language, its other names and abbreviations,
    and its classes' labels, besides the label in the content language.
    """
    projection = service.projection()
    types = [projection.resolve_class(t) for t in type or []]

    def answer() -> SearchOut:
        hits: list[Hit] = search_entities(
            projection, service.label_index(), q, types=types, limit=limit, lang=lang
        )
        classes = class_labels(projection, (h.node for h in hits))
        return SearchOut(results=[SearchResultOut.of(h, classes) for h in hits])

    return projection.remember(("search", q, tuple(sorted(types)), limit, lang), answer, page=True)
