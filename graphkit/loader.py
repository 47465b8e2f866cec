"""Files → RDF graphs; errors carry path:line:column.

A Turtle, N-Triples or RDF/XML file becomes one named graph, named after the file stem. A
TriG file holds several named graphs, each named in the file (in the graphkit graph
namespace), so one file can carry the facts of many small sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from graphkit.errors import LoadError
from graphkit.namespaces import GRAPH, graph_iri_for

#: File suffix → (pyoxigraph format for the syntax check, rdflib parser name).
FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    ".ttl": (ox.RdfFormat.TURTLE, "turtle"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    ".rdf": (ox.RdfFormat.RDF_XML, "xml"),
    ".owl": (ox.RdfFormat.RDF_XML, "xml"),
    ".trig": (ox.RdfFormat.TRIG, "trig"),
}

#: Suffixes of formats that name their graphs themselves (several per file).
DATASET_SUFFIXES = frozenset({".trig"})

_POSITION = re.compile(r"line (\d+)\D+?(\d+)")


@dataclass(slots=True)
class Source:
    """One parsed source file and the named graph it is loaded into."""

    path: Path
    graph_iri: str
    graph: rdflib.Graph
    text: str
    #: First and last line of this graph's block, for files that hold several graphs.
    span: tuple[int, int] | None = None

    def line_of(self, iri: str) -> int | None:
        """Return the line where `iri` first appears as a subject, else where it appears.

        In a file of several graphs, the search starts in this graph's own block.
        """
        if self.span is not None:
            first, last = self.span
            lines = self.text.splitlines()[first - 1 : last]
            found = self._find(iri, lines)
            if found is not None:
                return found + first - 1
        return self._find(iri, self.text.splitlines())

    def _find(self, iri: str, lines: list[str]) -> int | None:
        tokens = [re.escape(f"<{iri}>")]
        for prefix, namespace in self.graph.namespace_manager.namespaces():
            if iri.startswith(str(namespace)):
                local = iri[len(str(namespace)) :]
                if local:
                    tokens.append(re.escape(f"{prefix}:{local}") + r"(?![\w.:-]*[\w:-])")
        token = re.compile("|".join(tokens))
        anywhere = None
        for number, line in enumerate(lines, start=1):
            found = token.search(line)
            if found:
                if not line[: found.start()].strip():
                    return number
                anywhere = anywhere or number
        return anywhere


def expand_paths(paths: list[Path]) -> list[Path]:
    """Return the files named, with each folder replaced by the RDF files in it (and below)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS and p.is_file())
            if not inside:
                raise LoadError(
                    f"{path}: the folder holds no RDF files (.ttl, .trig, .nt, .rdf, .owl).",
                    path=str(path),
                )
            files.extend(inside)
        else:
            files.append(path)
    return files


def read_source(path: Path) -> Source:
    """Parse one RDF file that holds one graph (any format but TriG, or TriG with one graph).

    Raises:
        LoadError: as `read_file`, or the file holds more than one graph.
    """
    sources = read_file(path)
    if len(sources) != 1:
        raise LoadError(f"{path}: holds {len(sources)} graphs, not one.", path=str(path))
    return sources[0]


def read_file(path: Path) -> list[Source]:
    """Parse one RDF file into its graphs: one for most formats, those it names for TriG.

    Raises:
        LoadError: the file is missing, unreadable, of an unknown format, or not valid
            RDF; the message names the file and, for syntax errors, the line and column.
            A TriG file is also refused if it has triples outside a named graph or names
            a graph outside the graphkit graph namespace.
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise LoadError(f"{path}: unknown RDF format {suffix!r} (use one of {known}).", path=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file.", path=str(path)) from None
    except UnicodeDecodeError as error:
        raise LoadError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start}).", path=str(path)
        ) from None
    except OSError as error:
        raise LoadError(f"{path}: cannot read: {error.strerror}.", path=str(path)) from None
    ox_format, rdflib_format = FORMATS[suffix]
    base = path.resolve().as_uri()
    try:
        # pyoxigraph reports syntax errors with exact positions; rdflib then builds the
        # graph that SHACL validation needs.
        for _ in ox.parse(text.encode("utf-8"), format=ox_format, base_iri=base):
            pass
    except SyntaxError as error:
        line, column = error.lineno, error.offset
        if line is None:
            found = _POSITION.search(str(error))
            line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
        where = f":{line}:{column}" if line else ""
        reason = error.msg if isinstance(error.msg, str) else str(error)
        raise LoadError(f"{path}{where}: {reason}", path=str(path), line=line, column=column) from None
    if suffix in DATASET_SUFFIXES:
        return _read_dataset(path, text, base, rdflib_format)
    graph = rdflib.Graph()
    try:
        graph.parse(data=text, format=rdflib_format, publicID=base)
    except Exception as error:  # rdflib's parsers raise many types; the file is at fault
        raise LoadError(f"{path}: {error}", path=str(path)) from None
    return [Source(path=path, graph_iri=graph_iri_for(path), graph=graph, text=text)]


def _block_starts(text: str, names: dict[str, list[str]]) -> dict[str, int]:
    """Return the line on which each graph's block opens (its name followed by ``{``)."""
    starts: dict[str, int] = {}
    lines = text.splitlines()
    for iri, tokens in names.items():
        pattern = re.compile(r"^\s*(?:GRAPH\s+)?(?:" + "|".join(tokens) + r")\s*\{", re.IGNORECASE)
        for number, line in enumerate(lines, start=1):
            if pattern.search(line):
                starts[iri] = number
                break
    return starts


def _read_dataset(path: Path, text: str, base: str, rdflib_format: str) -> list[Source]:
    """Split a TriG file into one `Source` per named graph, in the order they appear."""
    dataset = rdflib.Dataset()
    try:
        dataset.parse(data=text, format=rdflib_format, publicID=base)
    except Exception as error:  # rdflib's parsers raise many types; the file is at fault
        raise LoadError(f"{path}: {error}", path=str(path)) from None
    namespaces = list(dataset.namespace_manager.namespaces())
    graphs: dict[str, rdflib.Graph] = {}
    for context in dataset.graphs():
        name = str(context.identifier)
        if context.identifier == rdflib.graph.DATASET_DEFAULT_GRAPH_ID:
            if len(context):
                raise LoadError(
                    f"{path}: {len(context)} triple(s) outside any named graph; in a TriG "
                    "file every triple belongs to a `GRAPH <name> { … }` block.",
                    path=str(path),
                )
            continue
        if not name.startswith(GRAPH):
            raise LoadError(
                f"{path}: the graph <{name}> is not in the graphkit graph namespace <{GRAPH}>.",
                path=str(path),
            )
        graph = rdflib.Graph()
        for prefix, namespace in namespaces:
            graph.bind(prefix, namespace, override=True)
        for triple in context:
            graph.add(triple)
        graphs[name] = graph
    tokens: dict[str, list[str]] = {}
    for name in graphs:
        tokens[name] = [re.escape(f"<{name}>")]
        for prefix, namespace in namespaces:
            if name.startswith(str(namespace)) and len(name) > len(str(namespace)):
                tokens[name].append(re.escape(f"{prefix}:{name[len(str(namespace)) :]}"))
    starts = _block_starts(text, tokens)
    ordered = sorted(graphs, key=lambda n: (starts.get(n, 0), n))
    total = len(text.splitlines())
    sources = []
    for index, name in enumerate(ordered):
        first = starts.get(name)
        span = None
        if first is not None:
            later = [starts[n] for n in ordered[index + 1 :] if n in starts]
            span = (first, (min(later) - 1) if later else total)
        sources.append(Source(path=path, graph_iri=name, graph=graphs[name], text=text, span=span))
    return sources


def read_sources(paths: list[Path]) -> list[Source]:
    """Parse every file (folders expanded); refuse two graphs of the same name."""
    sources = [source for p in expand_paths(paths) for source in read_file(p)]
    seen: dict[str, Path] = {}
    for source in sources:
        if source.graph_iri in seen:
            raise LoadError(
                f"{source.path} and {seen[source.graph_iri]} would both load into "
                f"<{source.graph_iri}>; rename one of them (or the graph).",
                path=str(source.path),
            )
        seen[source.graph_iri] = source.path
    return sources
