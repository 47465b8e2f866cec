"""Check every curated statement against the words of its source.

Each statement of a *stated* or *inferred* graph carries its evidence (an RDF 1.2 annotation,
stored as an ``rdf:Statement``, see `graphkit.reification`): the exact words (``gk:quote``) and
the line they start on (``gk:line``) in the source's local record (``gk:localCopy`` of the
source document: a seed news item, the FACTS.md rows recording a web page, the member list).
This module finds

- statements that need a quote and have none,
- quotes that are not found at their line of the local record (whitespace compared loosely),
- FACTS.md lines that do not cite the quoted document's URL,
- annotations of statements that their graph does not assert.

Exempt from quotes: the graphs' own metadata, the descriptions of source documents, ``rdf:type``
(the curators' classification), statements in *curated* graphs, and the statements of graphs
listed in `EXEMPT_GRAPHS` (counts computed over a whole list: each says why).

The local records live outside the package (``../shared`` beside a checkout); graphkit does not
need them at run time, only this audit does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graphkit.loader import Input, expand_inputs, read_quads
from graphkit.namespaces import GK, GRAPH, RDF

#: Graphs whose statements are computed over a whole source (no one sentence says them).
EXEMPT_GRAPHS: dict[str, str] = {
    GRAPH + "eurocities-members-2025-05-18-counts": "counts over all 227 lines of the member list",
}

_PREFIXES = (
    (GRAPH, "graph:"),
    (GK, "gk:"),
    ("https://w3id.org/graphkit/id/", ":"),
    (RDF, "rdf:"),
    ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
    ("http://www.w3.org/2004/02/skos/core#", "skos:"),
    ("http://purl.org/dc/terms/", "dcterms:"),
    ("https://schema.org/", "schema:"),
)
_SPACE = re.compile(r"\s+")
#: How many lines a quote may run on from the line it starts on.
MAX_QUOTE_LINES = 12


@dataclass(frozen=True, slots=True)
class Problem:
    """One statement whose evidence is missing or wrong."""

    graph: str
    statement: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.statement} [{_short(self.graph)}]: {self.message}"


def _short(iri: str) -> str:
    for prefix, name in _PREFIXES:
        if iri.startswith(prefix):
            return name + iri[len(prefix) :]
    return f"<{iri}>"


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.Variable | ox.DefaultGraph) -> str:
    if isinstance(term, ox.NamedNode):
        return _short(term.value)
    if isinstance(term, ox.Literal):
        text = term.value if len(term.value) <= 60 else term.value[:57] + "…"
        return f'"{text}"' + (f"@{term.language}" if term.language else "")
    return str(term)


def normalised(text: str) -> str:
    """Return the text with runs of white space as one space, and typographic variants unified."""
    return _SPACE.sub(" ", text.replace("\u00ad", "")).strip()


def _url_key(url: str) -> str:
    key = re.sub(r"^[a-z]+://", "", url.strip().lower())
    key = key.removeprefix("www.")
    return key.rstrip("/")


def bundled_store(inputs: Iterable[Input] | None = None) -> ox.Store:
    """Return an in-memory store with the bundled ontology and curated data (or the inputs)."""
    store = ox.Store()
    for source in inputs if inputs is not None else expand_inputs(None):
        store.extend(read_quads(source))
    return store


_NEEDED = f"""
PREFIX rdf: <{RDF}>
PREFIX gk: <{GK}>
SELECT ?g ?s ?p ?o WHERE {{
  ?g gk:certainty ?certainty .
  FILTER (?certainty IN ("stated", "inferred"))
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (?s != ?g && ?p != rdf:type)
  FILTER NOT EXISTS {{ ?s a gk:SourceDocument }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s a rdf:Statement }} }}
  FILTER NOT EXISTS {{
    GRAPH ?g {{ ?r rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gk:quote ?quote }}
  }}
}}
"""

_EVIDENCE = f"""
PREFIX rdf: <{RDF}>
PREFIX gk: <{GK}>
SELECT ?g ?r ?s ?p ?o ?quote ?line ?from ?asserted WHERE {{
  GRAPH ?g {{
    ?r a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    OPTIONAL {{ ?r gk:quote ?quote }}
    OPTIONAL {{ ?r gk:line ?line }}
    OPTIONAL {{ ?r gk:quotedFrom ?from }}
    BIND (EXISTS {{ ?s ?p ?o }} AS ?asserted)
  }}
}}
"""

_SOURCES = f"""
PREFIX gk: <{GK}>
SELECT ?g ?doc ?copy ?url WHERE {{
  ?g gk:source ?doc .
  OPTIONAL {{ ?doc gk:localCopy ?copy }}
  OPTIONAL {{ ?doc gk:url ?url }}
}}
"""


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


@dataclass(frozen=True, slots=True)
class _Document:
    iri: str
    copy: str | None
    url: str | None


def audit(store: ox.Store, shared: Path, *, data_files: Iterable[Path] = ()) -> list[Problem]:
    """Return every problem with the evidence of the store's stated and inferred statements.

    Args:
        shared: the folder that holds the local records (``seeds/``, ``facts/``).
        data_files: the curated files, searched for each problem's quote or subject to name
            the file and line to fix.
    """
    problems: list[Problem] = []
    for row in _select(store, _NEEDED):
        graph = row["g"].value
        if graph in EXEMPT_GRAPHS:
            continue
        statement = f"{_term(row['s'])} {_term(row['p'])} {_term(row['o'])}"
        problems.append(Problem(graph, statement, "no quote supports this statement"))

    # A document may be described in several graphs (its address typed twice, say): one record.
    documents: dict[str, _Document] = {}
    sources: dict[str, list[str]] = defaultdict(list)
    for row in _select(store, _SOURCES):
        iri = row["doc"].value
        known = documents.get(iri)
        documents[iri] = _Document(
            iri,
            (known.copy if known else None) or (row["copy"].value if row["copy"] is not None else None),
            (known.url if known else None) or (row["url"].value if row["url"] is not None else None),
        )
        if iri not in sources[row["g"].value]:
            sources[row["g"].value].append(iri)
    lines = _LineCache(shared)
    for row in _select(store, _EVIDENCE):
        graph = row["g"].value
        statement = f"{_term(row['s'])} {_term(row['p'])} {_term(row['o'])}"
        if row["asserted"].value != "true":
            message = "an annotation of a statement this graph does not assert"
            problems.append(Problem(graph, statement, message))
            continue
        quote, line = row["quote"], row["line"]
        if quote is None:
            continue  # qualifiers or dates without a quote: the statement's need is checked above
        if line is None:
            problems.append(Problem(graph, statement, "the quote has no gk:line"))
            continue
        if row["from"] is not None:
            document = documents.get(row["from"].value)
            if document is None or document.iri not in sources.get(graph, []):
                message = f"gk:quotedFrom {_term(row['from'])} is not a source of the graph"
                problems.append(Problem(graph, statement, message))
                continue
        else:
            named = sources.get(graph, [])
            if len(named) != 1:
                message = f"the graph names {len(named)} sources: say gk:quotedFrom which"
                problems.append(Problem(graph, statement, message))
                continue
            document = documents[named[0]]
        problems.extend(_check_quote(graph, statement, quote.value, int(line.value), document, lines))
    return _located(problems, list(data_files))


def _check_quote(
    graph: str, statement: str, quote: str, line: int, document: _Document, lines: _LineCache
) -> list[Problem]:
    if document.copy is None:
        return [Problem(graph, statement, f"the source {_short(document.iri)} has no gk:localCopy")]
    text = lines.get(document.copy)
    if text is None:
        return [Problem(graph, statement, f"the local record {document.copy} is not in the shared folder")]
    if not 1 <= line <= len(text):
        message = f"gk:line {line} is past the end of {document.copy} ({len(text)} lines)"
        return [Problem(graph, statement, message)]
    problems = []
    if not _starts_on(normalised(quote), text, line):
        problems.append(
            Problem(graph, statement, f"the quote {quote[:80]!r} is not at {document.copy}:{line}")
        )
    cites = document.url is None or _cites(text[line - 1], document.url)
    if document.copy.endswith("FACTS.md") and not cites:
        problems.append(Problem(graph, statement, f"{document.copy}:{line} does not cite {document.url}"))
    return problems


def _starts_on(wanted: str, text: list[str], line: int) -> bool:
    """Whether the quote begins on the line (possibly mid-line) and runs on over the next ones."""
    first = normalised(text[line - 1])
    rest = normalised(" ".join(text[line : line - 1 + MAX_QUOTE_LINES]))
    joined = f"{first} {rest}".strip()
    at = joined.find(wanted)
    return 0 <= at < max(len(first), 1)


def _cites(line: str, url: str) -> bool:
    """Whether a FACTS.md row cites the address (a GitHub repository also as ``owner/repo:``)."""
    key = _url_key(url)
    if key in _url_key_line(line):
        return True
    repository = re.fullmatch(r"github\.com/([^/]+/[^/]+)", key)
    return repository is not None and f"{repository.group(1)}:" in line.lower()


def _url_key_line(line: str) -> str:
    return " ".join(_url_key(part) for part in re.split(r"[\s|;,()]+", line) if "." in part)


class _LineCache:
    def __init__(self, shared: Path) -> None:
        self._shared = shared
        self._files: dict[str, list[str] | None] = {}

    def get(self, relative: str) -> list[str] | None:
        if relative not in self._files:
            path = self._shared / relative
            self._files[relative] = path.read_text(encoding="utf-8").splitlines() if path.is_file() else None
        return self._files[relative]


def _located(problems: list[Problem], files: list[Path]) -> list[Problem]:
    """Name the data file and line each problem's statement is written on, where it can be found.

    The graph's file (a Turtle file named after the graph, or the TriG file that opens the graph's
    block) is searched from the graph's start for the first line that names the subject.
    """
    if not files:
        return problems
    texts = {path: path.read_text(encoding="utf-8").splitlines() for path in files}
    located = []
    for problem in problems:
        local = problem.graph.removeprefix(GRAPH)
        subject = problem.statement.split(" ", 1)[0]
        where = ""
        for path, text in texts.items():
            if path.name.split(".")[0] == local:
                start = 0
            else:
                opening = re.compile(rf"^\s*(graph:{re.escape(local)}|<{re.escape(problem.graph)}>)\s*\{{")
                start = next((n for n, line in enumerate(text) if opening.match(line)), -1)
                if start < 0:
                    continue
            naming = re.compile(rf"(^|\s){re.escape(subject)}(\s|$)")
            number = next((n for n in range(start, len(text)) if naming.search(text[n])), start)
            where = f"{path}:{number + 1}"
            break
        located.append(Problem(problem.graph, problem.statement, problem.message, where))
    return located
