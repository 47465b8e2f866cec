"""Files → RDF graphs. Each file becomes one named graph; errors carry path:line:column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from graphkit.errors import LoadError
from graphkit.namespaces import graph_iri_for

#: File suffix → (pyoxigraph format for the syntax check, rdflib parser name).
FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    ".ttl": (ox.RdfFormat.TURTLE, "turtle"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    ".rdf": (ox.RdfFormat.RDF_XML, "xml"),
    ".owl": (ox.RdfFormat.RDF_XML, "xml"),
}

_POSITION = re.compile(r"line (\d+)\D+?(\d+)")


@dataclass(slots=True)
class Source:
    """One parsed source file and the named graph it is loaded into."""

    path: Path
    graph_iri: str
    graph: rdflib.Graph
    text: str

    def line_of(self, iri: str) -> int | None:
        """Return the line where `iri` first appears as a subject, else where it appears."""
        tokens = [re.escape(f"<{iri}>")]
        for prefix, namespace in self.graph.namespace_manager.namespaces():
            if iri.startswith(str(namespace)):
                local = iri[len(str(namespace)) :]
                if local:
                    tokens.append(re.escape(f"{prefix}:{local}") + r"(?![\w.:-]*[\w:-])")
        token = re.compile("|".join(tokens))
        anywhere = None
        for number, line in enumerate(self.text.splitlines(), start=1):
            found = token.search(line)
            if found:
                if not line[: found.start()].strip():
                    return number
                anywhere = anywhere or number
        return anywhere


def expand_paths(paths: list[Path]) -> list[Path]:
    """Return the files named, with each folder replaced by the RDF files inside it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in FORMATS)
            if not inside:
                raise LoadError(
                    f"{path}: the folder holds no RDF files (.ttl, .nt, .rdf, .owl).",
                    path=str(path),
                )
            files.extend(inside)
        else:
            files.append(path)
    return files


def read_source(path: Path) -> Source:
    """Parse one RDF file.

    Raises:
        LoadError: the file is missing, unreadable, of an unknown format, or not valid
            RDF; the message names the file and, for syntax errors, the line and column.
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
    graph = rdflib.Graph()
    try:
        graph.parse(data=text, format=rdflib_format, publicID=base)
    except Exception as error:  # rdflib's parsers raise many types; the file is at fault
        raise LoadError(f"{path}: {error}", path=str(path)) from None
    return Source(path=path, graph_iri=graph_iri_for(path), graph=graph, text=text)


def read_sources(paths: list[Path]) -> list[Source]:
    """Parse every file (folders expanded); refuse two files that share a graph name."""
    sources = [read_source(p) for p in expand_paths(paths)]
    seen: dict[str, Path] = {}
    for source in sources:
        if source.graph_iri in seen:
            raise LoadError(
                f"{source.path} and {seen[source.graph_iri]} would both load into "
                f"<{source.graph_iri}>; rename one of them.",
                path=str(source.path),
            )
        seen[source.graph_iri] = source.path
    return sources
