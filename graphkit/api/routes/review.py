"""The review of a candidates file on a page: `/review`, and the routes it calls.

The page reads a candidates file in the browser and keeps it there while a person reviews it;
the server keeps nothing. It asks the server to read the file's YAML (`/api/candidates/parse`),
to write the edited file as YAML (`/api/candidates/yaml`), to check the accepted facts as a load
would (`/api/candidates/check`) — none of which changes anything — and to load them
(`/api/candidates/load`, with the update token), through the code `graphkit load` runs. Every
body is bounded by GRAPHKIT_MAX_BODY_BYTES, as a graph upload is.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from graphkit.api.deps import LangDep, LanguageRoute, ServiceDep, TemplatesDep, require_update_token
from graphkit.api.limits import read_body
from graphkit.errors import BadRequest
from graphkit.extract.candidates import CandidatesFile, dump_candidates
from graphkit.extract.web import (
    PARAMETER,
    CheckReport,
    as_document,
    candidate_lines,
    candidates_from_json,
    candidates_from_yaml,
    check_candidates,
    file_name,
    load_candidates,
)
from graphkit.ingest import LoadReport
from graphkit.namespaces import GK, shorten
from graphkit.ui_text import table

router = APIRouter(tags=["review"], route_class=LanguageRoute)

FileParam = Annotated[
    str | None,
    Query(
        max_length=200,
        description="The name of the file the page opened (`candidates.yaml`), for messages and records.",
    ),
]


class CandidatesFileOut(BaseModel):
    """A candidates file as JSON: the mapping its YAML holds, and the line each candidate starts on."""

    model_config = ConfigDict(populate_by_name=True)

    format: int = Field(alias="graphkit-candidates", description="The file format's version (1).")
    documents: list[dict[str, Any]] = Field(description="The documents the candidates were read from.")
    candidates: list[dict[str, Any]] = Field(description="The candidates, as the file lists them.")
    lines: dict[str, int] = Field(description="The line each candidate starts on in the file, by id.")


class ProblemOut(BaseModel):
    message: str = Field(description="What is wrong, with the file's name and line.")
    severity: str = Field(description="`Violation` (refuses the load), `Warning` or `Info`.")
    candidate: str | None = Field(None, description="The candidate whose facts break the rule.")
    line: int | None = Field(None, description="The line of that candidate in the downloaded file.")


class CheckOut(BaseModel):
    """What a load of the accepted facts would meet."""

    loadable: bool = Field(description="Whether a load would be accepted (no problem is a violation).")
    accepted: int = Field(description="Accepted candidates.")
    triples: int = Field(description="Triples a load would write (the documents' nodes included).")
    graphs: list[str] = Field(description="The graphs a load would replace.")
    problems: list[ProblemOut]

    @classmethod
    def of(cls, report: CheckReport) -> CheckOut:
        return cls(
            loadable=report.loadable,
            accepted=report.accepted,
            triples=report.triples,
            graphs=report.graphs,
            problems=[ProblemOut(**asdict(p)) for p in report.problems],
        )


class LoadedGraphOut(BaseModel):
    graph: str
    triples: int = Field(description="Triples the graph holds now.")
    replaced: bool = Field(description="Whether the graph was there before (and was replaced).")


class LoadOut(BaseModel):
    """What a load wrote."""

    graphs: list[LoadedGraphOut]
    triples: int = Field(description="Triples written.")

    @classmethod
    def of(cls, report: LoadReport) -> LoadOut:
        graphs = [
            LoadedGraphOut(graph=g.graph, triples=g.triples, replaced=g.replaced) for g in report.graphs
        ]
        return cls(graphs=graphs, triples=report.triples)


async def _body(request: Request, service: ServiceDep) -> bytes:
    return await read_body(
        request,
        limit=service.settings.max_body_bytes,
        setting="GRAPHKIT_MAX_BODY_BYTES",
        what="candidates file",
    )


async def _candidates(request: Request, service: ServiceDep, name: str) -> CandidatesFile:
    """The candidates file the page sent as JSON, checked as the file is."""
    body = await _body(request, service)
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise BadRequest("The body must be a candidates file as JSON.", parameter=PARAMETER) from None
    return await run_in_threadpool(candidates_from_json, document, name=name)


@router.get("/review", summary="Review page", include_in_schema=False)
def review_page(
    request: Request, service: ServiceDep, templates: TemplatesDep, lang: LangDep = "en"
) -> Response:
    projection = service.projection()
    classes = [
        {"value": shorten(iri), "label": projection.label(iri, lang)}
        for iri in projection.classes.declared()
        if iri.startswith(GK)
    ]
    classes.sort(key=lambda c: c["label"].casefold())
    texts = {key: text for key, text in table(lang).items() if key.startswith("review.")}
    data = {"classes": classes, "text": texts, "lang": lang}
    return templates.TemplateResponse(request, "review.html.j2", {"lang": lang, "data": data})


@router.post(
    "/api/candidates/parse",
    response_model=CandidatesFileOut,
    summary="Read a candidates file's YAML as JSON (changes nothing)",
)
async def parse_file(request: Request, service: ServiceDep, file: FileParam = None) -> CandidatesFileOut:
    """Return the candidates file in the body (YAML, as `graphkit extract` writes it) as JSON, checked."""
    name = file_name(file)
    body = await _body(request, service)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The candidates file must be UTF-8 text.", parameter=PARAMETER) from None
    data = await run_in_threadpool(candidates_from_yaml, text, name=name)
    document = as_document(data)
    return CandidatesFileOut.model_validate({**document, "lines": candidate_lines(data)})


@router.post(
    "/api/candidates/yaml",
    summary="Write a candidates file sent as JSON as YAML (changes nothing)",
    response_class=Response,
)
async def write_yaml(request: Request, service: ServiceDep, file: FileParam = None) -> Response:
    """Return the candidates file in the body (JSON) as the YAML file `graphkit review` and `graphkit
    load` read."""
    name = file_name(file)
    data = await _candidates(request, service, name)
    text = await run_in_threadpool(dump_candidates, data)
    return Response(
        text,
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


@router.post(
    "/api/candidates/check",
    response_model=CheckOut,
    summary="Check the accepted facts of a candidates file as a load would (changes nothing)",
)
async def check_file(request: Request, service: ServiceDep, file: FileParam = None) -> CheckOut:
    """Check the accepted facts of the candidates file in the body (JSON) with the store's data:
    the violations, each with its candidate and line, and what a load would write."""
    name = file_name(file)
    data = await _candidates(request, service, name)
    report = await run_in_threadpool(check_candidates, service.store, data, name=name)
    return CheckOut.of(report)


@router.post(
    "/api/candidates/load",
    response_model=LoadOut,
    summary="Load the accepted facts of a candidates file (needs the update token)",
)
async def load_file(request: Request, service: ServiceDep, file: FileParam = None) -> LoadOut:
    """Load the accepted facts of the candidates file in the body (JSON) into each document's graph,
    checked like `graphkit load candidates.yaml`, all or nothing."""
    require_update_token(request, service)
    name = file_name(file)
    data = await _candidates(request, service, name)
    report = await run_in_threadpool(
        service.write_with, lambda store: load_candidates(store, data, name=name)
    )
    return LoadOut.of(report)
