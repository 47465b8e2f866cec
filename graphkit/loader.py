"""Files → quads: every RDF format, gzipped or not, from disk or stdin; errors name file:line.

Each input is parsed once, by pyoxigraph, as a stream. Triples outside any graph go to the
input's target graph (``--graph``, else one named after the file); graphs a file names
itself (TriG, N-Quads, JSON-LD) are kept. Blank nodes are made fresh per input, so two
files that both say ``_:b0`` do not share a node. Nothing is fetched: a JSON-LD document
that names a remote ``@context`` is refused (a local context file is read and inlined).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from graphkit import bundled
from graphkit.errors import LoadError
from graphkit.formats import EXTENSIONS, RdfFormat, format_of_path
from graphkit.namespaces import GK, GRAPH, OWL, RDF, graph_iri_for, slug
from graphkit.reification import as_rdf11
from graphkit.screen import Limits, screened

#: Extensions a folder is searched for (`.json` and `.xml` only when a file is named).
FOLDER_EXTENSIONS = frozenset(e for e in EXTENSIONS if e not in (".json", ".xml"))

_POSITION = re.compile(r"line (\d+)\D+?(\d+)")
_REMOTE_CONTEXT = "No LoadDocumentCallback"


@dataclass(slots=True)
class Input:
    """One thing to load: a file or stdin, its format, and where its default triples go.

    Attributes:
        name: the file path as given, or ``-`` for stdin.
        path: the file, or None for stdin.
        data: the bytes read from stdin (None for files).
        format: the RDF format.
        gzipped: whether the bytes are gzip-compressed.
        graph: the named graph for triples outside any graph.
        curated: checked by the rules for graphkit's own curated data.
    """

    name: str
    path: Path | None
    data: bytes | None
    format: RdfFormat
    gzipped: bool
    graph: str
    curated: bool = False
    #: Filled while the input is read.
    stats: InputStats = field(default_factory=lambda: InputStats())
    #: Bytes of the stored input read so far by the stream `open()` returned.
    consumed: int = 0
    #: What the input's bytes must keep before a parser sees them (`graphkit.screen`).
    limits: Limits = field(default_factory=Limits)

    @property
    def base_iri(self) -> str:
        return self.path.resolve().as_uri() if self.path else "urn:graphkit:stdin"

    @property
    def size(self) -> int:
        """Bytes of the input as stored (compressed if gzipped)."""
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        return self.path.stat().st_size

    def open(self) -> IO[bytes]:
        """Return the input's bytes as a stream (decompressed); `consumed` counts what is read of it."""
        self.consumed = 0
        if self.data is not None:
            raw: IO[bytes] = _Counting(io.BytesIO(self.data), self)  # type: ignore[assignment]
            return gzip.GzipFile(fileobj=raw, mode="rb") if self.gzipped else raw  # type: ignore[return-value]
        assert self.path is not None
        try:
            raw = _Counting(self.path.open("rb"), self)  # type: ignore[assignment]
            return gzip.GzipFile(fileobj=raw, mode="rb") if self.gzipped else raw  # type: ignore[return-value]
        except FileNotFoundError:
            raise LoadError(f"{self.name}: no such file.", path=self.name) from None
        except IsADirectoryError:
            raise LoadError(f"{self.name}: is a folder.", path=self.name) from None
        except OSError as error:
            raise LoadError(f"{self.name}: cannot read: {error.strerror}.", path=self.name) from None

    def open_screened(self) -> IO[bytes]:
        """Return the input's bytes as `open()` does, checked against `limits` while read."""
        return screened(
            self.open(),
            name=self.name,
            fmt=self.format,
            limits=self.limits,
            compressed=(lambda: self.consumed) if self.gzipped else None,
        )

    def fingerprint(self) -> tuple[str, int]:
        """Return the SHA-256 (hex) and size of the input's bytes as stored (compressed if gzipped)."""
        digest = hashlib.sha256()
        size = 0
        if self.data is not None:
            digest.update(self.data)
            return digest.hexdigest(), len(self.data)
        assert self.path is not None
        with self.path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        return digest.hexdigest(), size


class _Counting(io.RawIOBase):
    """A binary stream that counts, on its input, the bytes read (for progress)."""

    def __init__(self, raw: IO[bytes], source: Input) -> None:
        self._raw, self._source = raw, source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._source.consumed += len(data)
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass(slots=True)
class InputStats:
    """What reading one input found."""

    quads: dict[str, int] = field(default_factory=dict)  # graph → quads
    subjects: set[ox.NamedNode | ox.BlankNode] = field(default_factory=set)
    uses_graphkit_terms: bool = False
    #: Graphs that name their source (``<g> gk:source <doc>`` inside g).
    sourced: set[str] = field(default_factory=set)
    #: Graphs that hold an owl:Ontology (the ontology itself).
    ontologies: set[str] = field(default_factory=set)
    #: (graph, subject, predicate) → values, for predicates checked per source graph.
    per_source: dict[tuple[str, ox.NamedNode | ox.BlankNode, str], int] = field(default_factory=dict)


def expand_inputs(
    paths: list[Path] | None,
    *,
    fmt: RdfFormat | None = None,
    graph: str | None = None,
    curated: bool | None = None,
    stdin: IO[bytes] | None = None,
    limits: Limits | None = None,
) -> list[Input]:
    """Return the inputs named: files, every RDF file in and below each folder, ``-`` for stdin.

    Args:
        paths: files, folders or ``-``; None for the bundled ontology and curated data.
        fmt: the format of every input (else from each file's extension).
        graph: the named graph for triples outside any graph (else one per file).
        curated: apply the curated-data rules (default: only to the bundled data).
        stdin: where ``-`` reads from.
        limits: what each input's bytes must keep (default: `graphkit.screen`'s defaults).

    Raises:
        LoadError: a file is missing or of unknown format, a folder holds no RDF, or stdin
            is given without --format.
    """
    if paths is None:
        paths = bundled.default_sources()
        curated = True if curated is None else curated
    inputs: list[Input] = []
    for path in paths:
        if str(path) == "-":
            inputs.append(_stdin_input(fmt, graph, bool(curated), stdin, limits or Limits()))
        elif path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and _folder_suffix(p) in FOLDER_EXTENSIONS and not p.name.startswith(".")
            )
            if not inside:
                raise LoadError(
                    f"{path}: the folder holds no RDF files ({', '.join(sorted(FOLDER_EXTENSIONS))}).",
                    path=str(path),
                )
            inputs.extend(_file_input(p, fmt, graph, curated) for p in inside)
        else:
            inputs.append(_file_input(path, fmt, graph, curated))
    for found in inputs:
        found.limits = limits or found.limits
    return inputs


def _folder_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _is_bundled(path: Path) -> bool:
    resolved = path.resolve()
    return any(
        resolved.is_relative_to(root.resolve()) for root in (bundled.data_dir(), bundled.ontology_dir())
    )


def _file_input(path: Path, fmt: RdfFormat | None, graph: str | None, curated: bool | None) -> Input:
    if not path.exists():
        raise LoadError(f"{path}: no such file.", path=str(path))
    if fmt is None:
        found, gzipped = format_of_path(path)
    else:
        found, gzipped = fmt, path.suffix.lower() == ".gz"
    return Input(
        name=str(path),
        path=path,
        data=None,
        format=found,
        gzipped=gzipped,
        graph=graph or _graph_for(path),
        curated=_is_bundled(path) if curated is None else curated,
    )


def _graph_for(path: Path) -> str:
    """Return the graph a file's default triples go to: its name without format suffixes."""
    name = path.name
    for _ in range(2):
        stem, dot, suffix = name.rpartition(".")
        if dot and ("." + suffix.lower() in EXTENSIONS or suffix.lower() == "gz"):
            name = stem
    return GRAPH + slug(name) if name != path.stem else graph_iri_for(path)


def _stdin_input(
    fmt: RdfFormat | None, graph: str | None, curated: bool, stdin: IO[bytes] | None, limits: Limits
) -> Input:
    if fmt is None:
        raise LoadError("Reading from stdin ('-') needs --format.", parameter="format")
    most = limits.max_file_bytes
    data = (stdin or io.BytesIO()).read(-1 if most is None else most + 1)
    if most is not None and len(data) > most:
        raise LoadError(
            f"-: more than {most} bytes on stdin; the limit is --max-file-bytes (GRAPHKIT_MAX_FILE_BYTES).",
            path="-",
        )
    gzipped = data[:2] == b"\x1f\x8b"
    target = graph or f"{GRAPH}stdin-{hashlib.sha256(data).hexdigest()[:12]}"
    return Input("-", None, data, fmt, gzipped, target, curated)


# --- parsing ------------------------------------------------------------------------------


def load_error(
    source: Input,
    error: SyntaxError | OSError | zlib.error | EOFError | MemoryError,
    *,
    line: int | None = None,
) -> LoadError:
    """Return the LoadError for a parse failure, with file:line:column where known.

    Args:
        line: where the screen was when a parser gave up without saying where (the line
            pyoxigraph's 16 MiB buffer ran out on).
    """
    if isinstance(error, MemoryError):
        where = f":{line}" if line else ""
        return LoadError(
            f"{source.name}{where}: a term (literal or IRI) longer than pyoxigraph's 16 MiB buffer "
            f"({error}); graphkit refuses it.",
            path=source.name,
            line=line,
        )
    if isinstance(error, (OSError, zlib.error, EOFError)) and not isinstance(error, SyntaxError):
        reason = str(error) or type(error).__name__
        if source.gzipped:
            return LoadError(f"{source.name}: not valid gzip data ({reason}).", path=source.name)
        return LoadError(f"{source.name}: cannot read: {reason}.", path=source.name)
    message = str(error.msg if isinstance(error.msg, str) else error)
    line, column = error.lineno, error.offset
    if line is None:
        found = _POSITION.search(message)
        line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
    if _REMOTE_CONTEXT in message:
        message = "a remote JSON-LD @context is never fetched; inline the context or name a local file"
    elif "Invalid UTF-8" in message or "invalid utf-8" in message or "Only UTF-8" in message:
        if "Only UTF-8" in message:  # RDF/XML: the declaration (line 1) names another encoding
            line = line or 1
        message = f"not UTF-8 text ({message})"
    if line is None:
        line = _line_of_quoted(source, message)
    where = (f":{line}:{column}" if column else f":{line}") if line else ""
    return LoadError(f"{source.name}{where}: {message}", path=source.name, line=line, column=column)


#: Largest input searched for the text an error quotes (when the parser names no line).
MAX_SEARCH_BYTES = 64 * 1024 * 1024
_QUOTED_TEXT = re.compile(r"'([^'\n]{3,200})'")


def _line_of_quoted(source: Input, message: str) -> int | None:
    """Return the first line holding the text an error message quotes (RDF/XML errors name none)."""
    found = _QUOTED_TEXT.search(message)
    if found is None or source.format is not RdfFormat.RDFXML:
        return None
    needle = found.group(1).encode("utf-8")
    try:
        with source.open() as stream:
            data = stream.read(MAX_SEARCH_BYTES)
    except (OSError, EOFError, zlib.error, LoadError):
        return None
    at = data.find(needle)
    return data.count(b"\n", 0, at) + 1 if at >= 0 else None


def _parser(source: Input, stream: IO[bytes]) -> Iterator[ox.Quad]:
    quads = ox.parse(stream, format=source.format.ox, base_iri=source.base_iri, rename_blank_nodes=True)
    return as_rdf11(iter(quads), source.name)


def _inlined_jsonld(source: Input) -> bytes:
    """Return a JSON-LD document with every local ``@context`` reference replaced by its content.

    Raises:
        LoadError: a context is remote (never fetched), missing, or not JSON.
    """
    with source.open_screened() as stream:
        try:
            document = json.load(stream)
        except (ValueError, UnicodeDecodeError) as error:
            raise LoadError(f"{source.name}: not JSON ({error}).", path=source.name) from None
        except RecursionError:
            raise LoadError(
                f"{source.name}: JSON nested too deep to read; graphkit refuses it.", path=source.name
            ) from None
    folder = source.path.parent if source.path else Path.cwd()

    def context_of(ref: str) -> Any:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", ref) and not ref.startswith("file://"):
            raise LoadError(
                f"{source.name}: the JSON-LD @context {ref!r} is remote; graphkit never fetches "
                "it. Inline the context, or save it beside the file and name it by its file name.",
                path=source.name,
            )
        target = Path(ref[len("file://") :]) if ref.startswith("file://") else folder / ref
        try:
            if not target.is_file():
                raise OSError(f"{target} is not a regular file")
            if target.stat().st_size > source.limits.max_token_bytes:
                raise OSError(f"{target} is larger than --max-token-bytes ({source.limits.max_token_bytes})")
            loaded = json.loads(target.read_text(encoding="utf-8"))
        except RecursionError:
            raise LoadError(
                f"{source.name}: the JSON-LD @context {ref!r} is nested too deep to read.", path=source.name
            ) from None
        except (OSError, ValueError) as error:
            raise LoadError(
                f"{source.name}: cannot read the JSON-LD @context {ref!r} ({error}).", path=source.name
            ) from None
        return loaded.get("@context", {}) if isinstance(loaded, dict) else {}

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        result = {}
        for key, value in node.items():
            if key == "@context":
                parts = value if isinstance(value, list) else [value]
                parts = [context_of(p) if isinstance(p, str) else p for p in parts]
                result[key] = parts if isinstance(value, list) else parts[0]
            else:
                result[key] = inline(value)
        return result

    return json.dumps(inline(document)).encode("utf-8")


def read_quads(
    source: Input,
    *,
    per_source: frozenset[str] = frozenset(),
    track_subjects: bool = False,
    on_count: Callable[[int], None] | None = None,
) -> Iterator[ox.Quad]:
    """Yield the input's quads, triples outside any graph moved to `source.graph`.

    While reading, `source.stats` collects what the load needs to know: quads per graph,
    whether graphkit's vocabulary is used, which graphs name their source.

    Args:
        per_source: predicates whose values are counted per (graph, subject).
        track_subjects: collect every subject, and what the checks need to know (whether
            graphkit's vocabulary is used, which graphs name their source); without it
            only the quads per graph are counted (the fast path of unchecked loads).
        on_count: called with the number of quads read so far, every `COUNT_EVERY`.

    Raises:
        LoadError: the input cannot be read or parsed (file:line:column), or breaks a
            curated-data rule (TriG graphs outside the graphkit namespace, triples outside
            a graph in a TriG file).
    """
    target = ox.NamedNode(source.graph)
    options = _Options(per_source, track_subjects, on_count)
    screen: Any = None
    try:
        with source.open_screened() as stream:
            screen = stream.raw  # type: ignore[attr-defined]
            try:
                yield from _tracked(source, _parser(source, stream), target, options)
                return
            except SyntaxError as error:
                if source.format is not RdfFormat.JSONLD or _REMOTE_CONTEXT not in str(error):
                    raise
        # A JSON-LD document with a context by reference: inline local ones, then parse again.
        source.stats = InputStats()
        inlined = _inlined_jsonld(source)
        with screened(
            io.BytesIO(inlined), name=source.name, fmt=source.format, limits=source.limits
        ) as stream:
            screen = stream.raw  # type: ignore[attr-defined]
            yield from _tracked(source, _parser(source, stream), target, options)
    except MemoryError as error:
        if "buffer maximal size" not in str(error):
            raise  # the process is out of memory: not the file's fault, not a LoadError
        # pyoxigraph's buffer ran out on one term: it started on the last long-string quote
        # (Turtle) or on the line the screen had reached.
        line = (screen.long_quote_line or screen.lines + 1) if screen is not None else None
        raise load_error(source, error, line=line) from None
    except (SyntaxError, OSError, zlib.error, EOFError) as error:
        raise load_error(source, error) from None


_GK_SOURCE = GK + "source"
_RDF_TYPE = RDF + "type"
_OWL_ONTOLOGY = OWL + "Ontology"


#: How often `read_quads` reports progress (a power of two: a cheap test per quad).
COUNT_EVERY = 1 << 16


@dataclass(frozen=True, slots=True)
class _Options:
    per_source: frozenset[str]
    track_subjects: bool
    on_count: Callable[[int], None] | None


def _counted(
    source: Input, quads: Iterator[ox.Quad], target: ox.NamedNode, options: _Options
) -> Iterator[ox.Quad]:
    """Move triples outside a graph to the target graph and count quads per graph (unchecked loads)."""
    counts = source.stats.quads
    on_count = options.on_count
    read = 0
    current, count = "", 0
    for quad in quads:
        graph = quad.graph_name
        if graph.__class__ is ox.DefaultGraph:
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
            graph = target
        elif graph.__class__ is not ox.NamedNode:
            raise LoadError(
                f"{source.name}: a graph is named by a blank node; name graphs with IRIs.", path=source.name
            )
        name = graph.value
        if name != current:  # quads of one graph mostly come together
            counts[current] = counts.get(current, 0) + count
            current, count = name, 0
        count += 1
        read += 1
        if not read & (COUNT_EVERY - 1) and on_count is not None:
            on_count(read)
        yield quad
    counts[current] = counts.get(current, 0) + count
    counts.pop("", None)
    if on_count is not None:
        on_count(read)


def _tracked(
    source: Input, quads: Iterator[ox.Quad], target: ox.NamedNode, options: _Options
) -> Iterator[ox.Quad]:
    if not options.track_subjects and not options.per_source and not source.curated:
        yield from _counted(source, quads, target, options)
        return
    stats = source.stats
    curated_dataset = source.curated and source.format.has_graphs
    counts = stats.quads
    subjects = stats.subjects
    per_source = stats.per_source
    checked = options.per_source
    track_subjects = options.track_subjects
    on_count = options.on_count
    read = 0
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, ox.DefaultGraph):
            if curated_dataset:
                raise LoadError(
                    f"{source.name}: triples outside any named graph; in curated data every triple "
                    "belongs to a `GRAPH <name> { … }` block.",
                    path=source.name,
                )
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
            graph = target
        elif not isinstance(graph, ox.NamedNode):
            raise LoadError(
                f"{source.name}: a graph is named by a blank node; name graphs with IRIs.", path=source.name
            )
        name = graph.value
        if name not in counts:
            if source.curated and source.format.has_graphs and not name.startswith(GRAPH):
                raise LoadError(
                    f"{source.name}: the graph <{name}> is not in the graphkit graph namespace <{GRAPH}> "
                    "(curated data names its graphs there).",
                    path=source.name,
                )
            counts[name] = 0
        counts[name] += 1
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if track_subjects and isinstance(subject, (ox.NamedNode, ox.BlankNode)):
            subjects.add(subject)
        if predicate.startswith(GK) or (
            predicate == _RDF_TYPE and isinstance(obj, ox.NamedNode) and obj.value.startswith(GK)
        ):
            stats.uses_graphkit_terms = True
            if predicate == _GK_SOURCE and isinstance(subject, ox.NamedNode) and subject.value == name:
                stats.sourced.add(name)
            if predicate in checked and isinstance(subject, (ox.NamedNode, ox.BlankNode)):
                key = (name, subject, predicate)
                per_source[key] = per_source.get(key, 0) + 1
        elif predicate == _RDF_TYPE and isinstance(obj, ox.NamedNode) and obj.value == _OWL_ONTOLOGY:
            stats.ontologies.add(name)
        read += 1
        if not read & (COUNT_EVERY - 1) and on_count is not None:
            on_count(read)
        yield quad
    if on_count is not None:
        on_count(read)


def scan_graphs(source: Input) -> set[str]:
    """Return the graph names an input writes (reading it once, keeping nothing else)."""
    if not source.format.has_graphs:
        return {source.graph}
    saved = source.stats
    names: set[str] = set()
    for quad in read_quads(source):
        names.add(quad.graph_name.value)  # type: ignore[union-attr]
    source.stats = saved
    return names
