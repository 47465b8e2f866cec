"""Content negotiation: the `Accept` header (and a `format` parameter) → a result format."""

from __future__ import annotations

from functools import lru_cache

from graphkit.errors import BadRequest, GraphkitError
from graphkit.language import ranked
from graphkit.model import QueryKind
from graphkit.results import GRAPH_FORMATS, MEDIA_TYPES, SOLUTION_FORMATS, ResultFormat


class NotAcceptable(GraphkitError):
    """None of the media types the client accepts fits the result."""

    status = 406
    code = "not_acceptable"


#: Media types clients send → formats (aliases included).
ACCEPTED: dict[str, ResultFormat] = {
    "application/sparql-results+json": ResultFormat.JSON,
    "application/json": ResultFormat.JSON,
    "application/sparql-results+xml": ResultFormat.XML,
    "application/xml": ResultFormat.XML,
    "text/xml": ResultFormat.XML,
    "text/csv": ResultFormat.CSV,
    "text/tab-separated-values": ResultFormat.TSV,
    "text/turtle": ResultFormat.TURTLE,
    "application/x-turtle": ResultFormat.TURTLE,
    "application/n-triples": ResultFormat.NTRIPLES,
    "text/plain": ResultFormat.NTRIPLES,
    "application/ld+json": ResultFormat.JSONLD,
    "application/rdf+xml": ResultFormat.RDFXML,
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Return the media ranges of an Accept header with their q-values, best first."""
    return ranked(header)


def wants_html(header: str | None) -> bool:
    """Whether a client (a browser) prefers HTML to any data format."""
    ranges = parse_accept(header)
    html = next((q for m, q in ranges if m in ("text/html", "application/xhtml+xml")), 0.0)
    data = max((q for m, q in ranges if m in ACCEPTED), default=0.0)
    return html > 0 and html >= data


#: Format names clients send as `format=` beside ours (SPARQLWrapper sends these).
FORMAT_NAMES: dict[str, ResultFormat] = {
    "json-ld": ResultFormat.JSONLD,
    "rdf+xml": ResultFormat.RDFXML,
    "n3": ResultFormat.TURTLE,
    "nt": ResultFormat.NTRIPLES,
    "n-triples": ResultFormat.NTRIPLES,
    "ttl": ResultFormat.TURTLE,
}


def _named(value: str, kind: str) -> ResultFormat | None:
    name = value.strip().lower()
    if name == "xml" and kind == "graph":
        return ResultFormat.RDFXML  # "xml" for a graph means RDF/XML
    for media in name.split(","):
        found = ACCEPTED.get(media.split(";")[0].strip())
        if found is not None:
            return found
    if name in FORMAT_NAMES:
        return FORMAT_NAMES[name]
    try:
        return ResultFormat(name)
    except ValueError:
        return None


def choose_format(kind: str, accept: str | None, requested: str | list[str] | None) -> ResultFormat:
    """Pick the format for a result of `kind` ("select", "ask" or "graph").

    `requested` holds the `format` parameter(s): a format name (``json``, ``turtle``…) or a
    media type; when several are given (as some clients send), the first that fits wins.

    Raises:
        BadRequest: no `format` value is known and fits the result.
        NotAcceptable: nothing in `accept` fits the result.
    """
    fitting = GRAPH_FORMATS if kind == "graph" else SOLUTION_FORMATS
    values = [requested] if isinstance(requested, str) else list(requested or [])
    if values:
        for value in values:
            wanted = _named(value, kind)
            if wanted in fitting:
                assert wanted is not None
                return wanted
        names = ", ".join(f.value for f in fitting)
        shown = values[0] if len(values) == 1 else values
        raise BadRequest(
            f"format={shown!r} does not fit a {kind.upper()} result; use one of {names}.",
            parameter="format",
            value=shown,
        )
    ranges = parse_accept(accept) or [("*/*", 1.0)]
    for media, _ in ranges:
        if media in ("*/*", "application/*", "text/*", "text/html", "application/xhtml+xml"):
            if media in ("text/*",) and kind != "graph":
                return ResultFormat.CSV
            return fitting[0]
        found = ACCEPTED.get(media)
        if found in fitting:
            return found
    offered = ", ".join(MEDIA_TYPES[f].split(";")[0] for f in fitting)
    raise NotAcceptable(
        f"None of the accepted media types fits a {kind.upper()} result; "
        f"this result is offered as {offered}.",
        accept=accept,
    )


def offered_formats(accept: str | None, requested: str | list[str] | None) -> dict[QueryKind, ResultFormat]:
    """Return the format `choose_format` picks for each kind of result that has one.

    A query's kind is known only once it is parsed, in the worker that runs it: the worker
    gets every kind's format, and a kind left out here gets `choose_format`'s error after
    the query (as it would have had, had the format been chosen after the query ran).
    """
    values = (requested,) if isinstance(requested, str) else tuple(requested or ())
    return dict(_offered(accept, values))


@lru_cache(maxsize=256)
def _offered(accept: str | None, requested: tuple[str, ...]) -> tuple[tuple[QueryKind, ResultFormat], ...]:
    # Clients send few distinct Accept headers: negotiate each once.
    offered: dict[QueryKind, ResultFormat] = {}
    for kind in ("select", "graph"):
        try:
            offered[kind] = choose_format(kind, accept, list(requested))
        except (BadRequest, NotAcceptable):
            continue
    if "select" in offered:
        offered["ask"] = offered["select"]
    return tuple(offered.items())
