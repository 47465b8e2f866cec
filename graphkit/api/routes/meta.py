"""About the dataset: the home page, statistics, VoID, health."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from graphkit.api.deps import LangDep, LanguageRoute, ServiceDep, TemplatesDep
from graphkit.api.negotiation import choose_format, wants_html
from graphkit.api.schemas import ClassCountOut, GraphCountOut, HealthOut, SourceOut, StatsOut
from graphkit.api.service_description import void_graph
from graphkit.entity import source_records
from graphkit.namespaces import entity_id
from graphkit.projection import Projection
from graphkit.query import list_named_queries
from graphkit.results import MEDIA_TYPES, ResultFormat, serialize_graph
from graphkit.search import search_entities
from graphkit.stats import StoreStats

router = APIRouter(tags=["dataset"], route_class=LanguageRoute)


def _stats(service: ServiceDep, lang: str) -> StatsOut:
    """Return the statistics of the store's current version (built once per version and language)."""
    stats = service.stats()
    projection = service.projection()
    if service.stats_version() != projection.version:
        return _stats_out(stats, projection, lang)  # counted for another version: not kept
    return projection.remember(("stats", lang), lambda: _stats_out(stats, projection, lang))


def _stats_out(stats: StoreStats, projection: Projection, lang: str) -> StatsOut:
    records = source_records(projection, lang=lang)
    return StatsOut(
        triples=stats.triples,
        entities=stats.entities,
        data_version=stats.data_version,
        graphs=[GraphCountOut.of(g) for g in stats.graphs],
        classes=[ClassCountOut(cls=c.cls, label=c.label, entities=c.entities) for c in stats.classes],  # type: ignore[call-arg]
        sources=[SourceOut.of(r) for r in sorted(records.values(), key=lambda r: r.id)],
    )


@router.get("/api/stats", response_model=StatsOut, summary="Triples, entities per class, graphs and sources")
def get_stats(service: ServiceDep, lang: LangDep = "en") -> StatsOut:
    """Return the size of the store by graph and by class, and every cited source."""
    return _stats(service, lang)


@router.get(
    "/.well-known/void",
    summary="VoID description of the dataset",
    responses={200: {"content": {"text/turtle": {}, "application/ld+json": {}}}},
)
def get_void(request: Request, service: ServiceDep) -> Response:
    """Return the VoID description (Turtle by default; JSON-LD, N-Triples, RDF/XML by Accept)."""
    fmt = choose_format("graph", request.headers.get("accept"), request.query_params.get("format"))
    base = str(request.base_url)
    body = serialize_graph(void_graph(service.stats(), base), fmt)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Vary": "Accept"})


@router.get("/", summary="Home page", include_in_schema=False)
def home(request: Request, service: ServiceDep, templates: TemplatesDep, lang: LangDep = "en") -> Response:
    stats = _stats(service, lang)
    if not wants_html(request.headers.get("accept")):
        return Response(stats.model_dump_json(by_alias=True), media_type="application/json")
    release = service.stats().release  # version, licence, citation: shown with how to cite
    context = {
        "stats": stats,
        "release": release,
        "dataset_id": entity_id(release.dataset) if release else None,
        "queries": list_named_queries(lang=lang),
        "lang": lang,
    }
    return templates.TemplateResponse(request, "index.html.j2", context)


@router.get("/search", summary="Search page", include_in_schema=False)
def search_page(
    request: Request, service: ServiceDep, templates: TemplatesDep, q: str = "", lang: LangDep = "en"
) -> Response:
    hits = (
        search_entities(service.projection(), service.label_index(), q, limit=50, lang=lang)
        if q.strip()
        else []
    )
    return templates.TemplateResponse(request, "search.html.j2", {"q": q, "hits": hits, "lang": lang})


@router.get("/favicon.ico", include_in_schema=False)
def favicon(request: Request) -> Response:
    return RedirectResponse(str(request.url_for("static", path="favicon.svg")), status_code=308)


@router.get("/healthz", response_model=HealthOut, summary="Liveness: 200 when the store answers")
def health(service: ServiceDep) -> HealthOut:
    """Say the server is up, how many triples the store held when last counted, and how many
    query workers run. Nothing is counted here: the store's version is checked (a `stat`)."""
    service.projection()
    return HealthOut(status="ok", triples=service.known_triples(), workers=len(service.worker_pids()))


__all__ = ["ResultFormat", "router"]
