"""Query results → bytes in a SPARQL results or RDF format, written by pyoxigraph, capped.

A result is read once, in the line-based form of its kind: SPARQL TSV for solutions (one
line per row, terms in N-Triples syntax, tabs and line breaks escaped) and N-Triples for
graphs (one line per triple). pyoxigraph writes those lines straight from its own result
(no Python object per row) into a sink that counts them, and stops reading — so stops
evaluating — at the row or byte cap. The capped lines are then cut at a row boundary and,
for any other format, parsed and written again by pyoxigraph's serialisers: JSON, XML and
CSV for solutions; Turtle, JSON-LD and RDF/XML (with graphkit's prefixes) for graphs.
Results of other backends (rdflib, a remote endpoint) arrive as graphkit terms and are
written as the same lines first, so every backend answers byte for byte alike.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, cast

import pyoxigraph as ox

from graphkit.errors import BadRequest, QueryTimeout, StoreError
from graphkit.model import QueryKind, Term, TermKind
from graphkit.namespaces import PREFIXES
from graphkit.results import GRAPH_FORMATS, SOLUTION_FORMATS, ResultFormat
from graphkit.store.base import RawResult
from graphkit.store.query import NativeResult, translated
from graphkit.store.terms import to_ox

#: pyoxigraph's format for each of graphkit's (the line formats first: they need no second pass).
_SOLUTIONS: dict[ResultFormat, ox.QueryResultsFormat] = {
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultFormat.XML: ox.QueryResultsFormat.XML,
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
}
_GRAPHS: dict[ResultFormat, ox.RdfFormat] = {
    ResultFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    ResultFormat.TURTLE: ox.RdfFormat.TURTLE,
    ResultFormat.JSONLD: ox.RdfFormat.JSON_LD,
    ResultFormat.RDFXML: ox.RdfFormat.RDF_XML,
}
#: The formats each kind of result can be written in.
FITTING: dict[QueryKind, tuple[ResultFormat, ...]] = {
    "select": SOLUTION_FORMATS,
    "ask": SOLUTION_FORMATS,
    "graph": GRAPH_FORMATS,
}


@dataclass(frozen=True, slots=True)
class SerializedResult:
    """A query's result, written in the format asked for its kind.

    Attributes:
        kind: "select", "ask" or "graph".
        format: the format `body` is in; None when none was asked for this kind (the body
            is empty: the caller says which formats would have fitted).
        body: the bytes to send.
        truncated: rows (or triples) were cut at the row or byte cap.
        elapsed: seconds from the start of the query to the written result.
    """

    kind: QueryKind
    format: ResultFormat | None
    body: bytes
    truncated: bool = False
    elapsed: float = 0.0


class _Full(Exception):
    """Raised into pyoxigraph's serialiser to stop it: the caps are reached."""


@dataclass(frozen=True, slots=True)
class Caps:
    """What one result may hold, and until when it may be read."""

    max_rows: int
    max_bytes: int | None
    deadline: float
    timeout: float

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTimeout(
                f"The query ran longer than {self.timeout:g} s; raise GRAPHKIT_QUERY_TIMEOUT "
                "(--timeout) or narrow the query.",
                setting="GRAPHKIT_QUERY_TIMEOUT",
                limit=self.timeout,
            )


class _Sink:
    """A binary file for pyoxigraph to write lines into; it stops the writer at the caps.

    Counting is approximate while reading (whole chunks of about 8 KiB); `_cut` is exact.
    """

    def __init__(self, caps: Caps, *, header: bool) -> None:
        self.caps = caps
        self.chunks: list[bytes] = []
        self.lines = -1 if header else 0
        self.size = 0
        self.header_size: int | None = None if header else 0

    def write(self, data: bytes) -> int:
        self.caps.check_time()
        self.chunks.append(bytes(data))
        self.lines += data.count(b"\n")
        self.size += len(data)
        if self.header_size is None and self.lines >= 0:
            self.header_size = b"".join(self.chunks).index(b"\n") + 1
        rows_size = self.size - (self.header_size or 0)
        if self.lines > self.caps.max_rows or (
            self.caps.max_bytes is not None and rows_size > self.caps.max_bytes
        ):
            raise _Full
        return len(data)

    def flush(self) -> None:
        pass


@dataclass(frozen=True, slots=True)
class _Lines:
    """A result read as lines and cut at the caps: TSV (solutions) or N-Triples (graphs)."""

    kind: QueryKind
    text: bytes
    truncated: bool
    boolean: bool = False
    #: Written by pyoxigraph itself (else from graphkit terms, which spell some literals longer).
    native: bool = True


def _cut(kind: QueryKind, data: bytes, caps: Caps, *, stopped: bool, native: bool = True) -> _Lines:
    """Return the header (for solutions) and the rows of `data` that fit the caps."""
    head = b""
    if kind == "select":
        newline = data.index(b"\n") + 1
        head, data = data[:newline], data[newline:]
    end = taken = 0
    budget = caps.max_bytes
    while taken < caps.max_rows:
        found = data.find(b"\n", end)
        if found < 0 or (budget is not None and found + 1 > budget):
            break
        end = found + 1
        taken += 1
    return _Lines(kind, head + data[:end], truncated=stopped or end < len(data), native=native)


def _read_native(raw: NativeResult, caps: Caps) -> _Lines:
    if isinstance(raw.native, ox.QueryBoolean):
        return _Lines("ask", b"", False, bool(raw.native))
    sink = _Sink(caps, header=raw.kind == "select")
    stopped = False
    try:
        with translated(raw.location):
            if isinstance(raw.native, ox.QuerySolutions):
                raw.native.serialize(cast("IO[bytes]", sink), format=ox.QueryResultsFormat.TSV)
            elif raw.native is not None:
                raw.native.serialize(cast("IO[bytes]", sink), format=ox.RdfFormat.N_TRIPLES)
    except _Full:
        stopped = True
    finally:
        _release(raw)  # read once
    return _cut(raw.kind, b"".join(sink.chunks), caps, stopped=stopped)


def _ntriples(term: Term) -> str:
    """Return a term as SPARQL TSV / N-Triples writes it (tabs and line breaks escaped)."""
    if term.kind is TermKind.TRIPLE:
        return term.value
    try:
        return str(to_ox(term))
    except ValueError as error:
        raise StoreError(f"The store answered a term that cannot be written: {error}") from error


def _read_terms(raw: RawResult, caps: Caps) -> _Lines:
    """Write a result of graphkit terms (another backend's) as the same lines."""
    if raw.kind == "ask":
        return _Lines("ask", b"", False, bool(raw.boolean))
    lines: list[str] = []
    rows: Iterable[tuple[Term | None, ...]]
    if raw.rows is not None:
        names, separator = raw.variables, "\t"
        lines.append("\t".join("?" + name for name in names))
        rows = (tuple(row.get(name) for name in names) for row in raw.rows)
    else:
        separator, rows = " ", raw.triples or ()
    size = taken = 0
    for row in rows:
        caps.check_time()
        line = separator.join("" if t is None else _ntriples(t) for t in row)
        lines.append(line if separator == "\t" else line + " .")
        size, taken = size + len(line) + 1, taken + 1
        if taken > caps.max_rows or (caps.max_bytes is not None and size > caps.max_bytes):
            break
    text = "".join(line + "\n" for line in lines).encode("utf-8")
    return _cut(raw.kind, text, caps, stopped=False, native=False)


def _used_prefixes(text: bytes) -> dict[str, str]:
    return {prefix: iri for prefix, iri in PREFIXES.items() if b"<" + iri.encode() in text}


def _render(lines: _Lines, fmt: ResultFormat) -> bytes:
    """Return the capped lines in `fmt`, written by pyoxigraph."""
    if lines.kind == "ask":
        answer = b'{"head":{},"boolean":%s}' % (b"true" if lines.boolean else b"false")
        boolean = ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON)
        return boolean.serialize(format=_SOLUTIONS[fmt]) or b""
    if lines.kind == "select":
        if fmt is ResultFormat.TSV and lines.native:
            return lines.text
        solutions = ox.parse_query_results(lines.text, format=ox.QueryResultsFormat.TSV)
        return solutions.serialize(format=_SOLUTIONS[fmt]) or b""
    if fmt is ResultFormat.NTRIPLES:
        return lines.text
    triples = ox.parse(lines.text, format=ox.RdfFormat.N_TRIPLES)
    try:
        return ox.serialize(triples, format=_GRAPHS[fmt], prefixes=_used_prefixes(lines.text)) or b""
    except ValueError as error:  # e.g. a triple term, which RDF/XML cannot write
        raise BadRequest(
            f"This result cannot be written as {fmt.value}: {error}", parameter="format"
        ) from None


def _release(raw: RawResult) -> None:
    if isinstance(raw, NativeResult):
        raw.release()


def serialize_result(
    raw: RawResult,
    formats: Mapping[QueryKind, ResultFormat],
    *,
    max_rows: int,
    max_bytes: int | None,
    timeout: float,
    started: float | None = None,
) -> SerializedResult:
    """Read `raw` up to the caps and write it in the format `formats` gives for its kind.

    Args:
        formats: the format for each kind of result; a kind left out is not read.
        max_rows: rows (or triples) beyond this are cut; the result says `truncated`.
        max_bytes: rows are cut once their lines (N-Triples terms) pass this many bytes.
        timeout: seconds from `started` the result may take to read (checked per chunk).

    Raises:
        QueryTimeout: reading took longer than `timeout`.
        QueryError / StoreError: the store failed while the result was read.
    """
    started = time.monotonic() if started is None else started
    fmt = formats.get(raw.kind)
    if fmt is None or fmt not in FITTING[raw.kind]:
        _release(raw)
        if fmt is None:
            return SerializedResult(raw.kind, None, b"")
        raise BadRequest(f"{fmt.value} does not fit a {raw.kind.upper()} result.", parameter="format")
    caps = Caps(max_rows, max_bytes, started + timeout, timeout)
    lines = _read_native(raw, caps) if isinstance(raw, NativeResult) else _read_terms(raw, caps)
    body = _render(lines, fmt)
    return SerializedResult(raw.kind, fmt, body, lines.truncated, time.monotonic() - started)


__all__ = ["FITTING", "Caps", "SerializedResult", "serialize_result"]
