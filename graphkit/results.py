"""Query results → text: a terminal table, SPARQL 1.1 CSV/TSV/JSON, or Turtle/N-Triples."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from graphkit.errors import BadRequest
from graphkit.model import QueryResult, Term, TermKind
from graphkit.namespaces import PREFIXES, shorten

if TYPE_CHECKING:
    import rdflib


class ResultFormat(StrEnum):
    """Output formats of `graphkit query`."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    XML = "xml"
    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"


#: Formats for SELECT/ASK results and for CONSTRUCT/DESCRIBE graphs.
SOLUTION_FORMATS = (ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV)
GRAPH_FORMATS = (ResultFormat.TURTLE, ResultFormat.NTRIPLES, ResultFormat.JSONLD, ResultFormat.RDFXML)

#: Media type of each format (what an HTTP response says it holds).
MEDIA_TYPES: dict[ResultFormat, str] = {
    ResultFormat.TABLE: "text/plain; charset=utf-8",
    ResultFormat.CSV: "text/csv; charset=utf-8",
    ResultFormat.TSV: "text/tab-separated-values; charset=utf-8",
    ResultFormat.JSON: "application/sparql-results+json",
    ResultFormat.XML: "application/sparql-results+xml",
    ResultFormat.TURTLE: "text/turtle; charset=utf-8",
    ResultFormat.NTRIPLES: "application/n-triples",
    ResultFormat.JSONLD: "application/ld+json",
    ResultFormat.RDFXML: "application/rdf+xml",
}


def term_json(term: Term) -> dict[str, str]:
    """Return a term as in SPARQL 1.1 Query Results JSON."""
    out = {"type": term.kind.value, "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def to_json(result: QueryResult) -> str:
    """Return the result as SPARQL 1.1 Query Results JSON (graphs as N-Triples rows)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    rows = result.rows if result.kind == "select" else _triples_as_rows(result)
    body = {
        "head": {"vars": result.variables},
        "results": {"bindings": [{k: term_json(v) for k, v in row.items()} for row in rows]},
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


def _triples_as_rows(result: QueryResult) -> list[dict[str, Term]]:
    return [dict(zip(result.variables, t, strict=True)) for t in result.triples]


def _plain(term: Term | None) -> str:
    return "" if term is None else term.value


def to_csv(result: QueryResult, *, tsv: bool = False) -> str:
    """Return SELECT (or graph) results as SPARQL 1.1 CSV, or TSV (N-Triples terms)."""
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    rows = result.rows if result.kind == "select" else _triples_as_rows(result)
    out = io.StringIO()
    if tsv:
        out.write("\t".join("?" + v for v in result.variables) + "\n")
        for row in rows:
            cells = [row[v].to_ntriples() if v in row else "" for v in result.variables]
            out.write("\t".join(cells) + "\n")
        return out.getvalue()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in rows:
        writer.writerow([_plain(row.get(v)) for v in result.variables])
    return out.getvalue()


def to_xml(result: QueryResult) -> str:
    """Return SELECT or ASK results as SPARQL 1.1 Query Results XML."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    if result.kind == "ask":
        out += ["</head>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    rows = result.rows if result.kind == "select" else _triples_as_rows(result)
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out += ["</head>", "<results>"]
    for row in rows:
        out.append("<result>")
        for name, term in row.items():
            if term.kind is TermKind.URI:
                inner = f"<uri>{escape(term.value)}</uri>"
            elif term.kind is TermKind.BNODE:
                inner = f"<bnode>{escape(term.value)}</bnode>"
            elif term.lang:
                inner = f"<literal xml:lang={quoteattr(term.lang)}>{escape(term.value)}</literal>"
            elif term.datatype:
                inner = f"<literal datatype={quoteattr(term.datatype)}>{escape(term.value)}</literal>"
            else:
                inner = f"<literal>{escape(term.value)}</literal>"
            out.append(f"<binding name={quoteattr(name)}>{inner}</binding>")
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def to_rdflib(triples: list[tuple[Term, Term, Term]]) -> rdflib.Graph:
    """Return triples as an rdflib Graph with graphkit's prefixes bound."""
    import rdflib  # imported when used: the CLI starts faster without it

    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    lines = [" ".join(t.to_ntriples() for t in triple) + " ." for triple in triples]
    if lines:
        graph.parse(data="\n".join(lines), format="nt")
    return graph


def serialize_graph(graph: rdflib.Graph, fmt: ResultFormat) -> str:
    """Return an rdflib graph in one of the graph formats (JSON-LD with an inline context)."""

    if fmt is ResultFormat.NTRIPLES:
        return graph.serialize(format="nt")
    if fmt is ResultFormat.JSONLD:
        return graph.serialize(format="json-ld", context=dict(PREFIXES), indent=1)
    if fmt is ResultFormat.RDFXML:
        return graph.serialize(format="pretty-xml")
    return graph.serialize(format="turtle")


def to_graph_text(result: QueryResult, fmt: ResultFormat) -> str:
    """Return CONSTRUCT/DESCRIBE results as Turtle, N-Triples, JSON-LD or RDF/XML."""
    if result.kind != "graph":
        raise BadRequest(
            f"{fmt.value} output needs a CONSTRUCT or DESCRIBE query; "
            "use json, xml, csv, tsv (or table) for SELECT and ASK.",
            parameter="format",
        )
    if fmt is ResultFormat.NTRIPLES:
        lines = [" ".join(t.to_ntriples() for t in triple) + " ." for triple in result.triples]
        return "\n".join(lines) + ("\n" if lines else "")
    return serialize_graph(to_rdflib(result.triples), fmt)


def short(term: Term | None) -> str:
    """Return a term the way a person reads it in a table."""
    if term is None:
        return ""
    if term.kind is TermKind.URI:
        return shorten(term.value).strip("<>") if shorten(term.value).startswith("<") else shorten(term.value)
    if term.kind is TermKind.BNODE:
        return "_:" + term.value
    if term.lang:
        return f"{term.value}@{term.lang}"
    return term.value


def to_table(result: QueryResult) -> str:
    """Return results as an aligned text table, with IRIs shortened by known prefixes."""
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    rows = result.rows if result.kind == "select" else _triples_as_rows(result)
    header = result.variables
    cells = [[short(row.get(v)).replace("\n", " ") for v in header] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if result.truncated:
        count += " (truncated: raise GRAPHKIT_MAX_ROWS / --max-rows to see more)"
    return "\n".join(lines) + f"\n\n{count}\n"


def format_result(result: QueryResult, fmt: ResultFormat) -> str:
    """Return `result` in `fmt`."""
    if fmt is ResultFormat.TABLE:
        return to_table(result)
    if fmt is ResultFormat.JSON:
        return to_json(result) + "\n"
    if fmt in (ResultFormat.CSV, ResultFormat.TSV):
        return to_csv(result, tsv=fmt is ResultFormat.TSV)
    if fmt is ResultFormat.XML:
        if result.kind == "graph":
            raise BadRequest(
                "xml (SPARQL results XML) is for SELECT and ASK; use rdfxml for a graph.",
                parameter="format",
            )
        return to_xml(result)
    return to_graph_text(result, fmt)
