"""Content negotiation: the `Accept` header (and a `format` parameter) → a result format."""

from __future__ import annotations

from graphkit.errors import BadRequest, GraphkitError
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
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            if param.lower().startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality, index))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, quality) for media, quality, _ in ranges if quality > 0]


def wants_html(header: str | None) -> bool:
    """Whether a client (a browser) prefers HTML to any data format."""
    ranges = parse_accept(header)
    html = next((q for m, q in ranges if m in ("text/html", "application/xhtml+xml")), 0.0)
    data = max((q for m, q in ranges if m in ACCEPTED), default=0.0)
    return html > 0 and html >= data


def choose_format(kind: str, accept: str | None, requested: str | None) -> ResultFormat:
    """Pick the format for a result of `kind` ("select", "ask" or "graph").

    Raises:
        BadRequest: `requested` (the `format` parameter) is unknown or does not fit.
        NotAcceptable: nothing in `accept` fits the result.
    """
    fitting = GRAPH_FORMATS if kind == "graph" else SOLUTION_FORMATS
    if requested:
        wanted = ACCEPTED.get(requested.lower())
        if wanted is None:
            try:
                wanted = ResultFormat(requested.lower())
            except ValueError:
                wanted = None
        if wanted is None or wanted not in fitting:
            names = ", ".join(f.value for f in fitting)
            raise BadRequest(
                f"format={requested!r} does not fit a {kind.upper()} result; use one of {names}.",
                parameter="format",
                value=requested,
            )
        return wanted
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
