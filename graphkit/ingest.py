"""Load inputs into a store: read each once into a new version, check it, record it, publish.

Everything happens inside one `store.write()`: the graphs an input names are replaced, the
quads stream in through pyoxigraph's bulk loader, the write is checked (`graphkit.checks`)
and recorded (`graphkit.records`), and only then published. Any error — a syntax error in
the last file, a violation, a full disk, `kill -9` — leaves the store exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from graphkit.errors import LoadError, ValidationFailed
from graphkit.formats import RdfFormat
from graphkit.loader import Input, expand_inputs, read_quads, scan_graphs
from graphkit.namespaces import GK, GRAPH, RDF
from graphkit.records import LOADS_GRAPH, InputRecord, forget_update, record_update
from graphkit.screen import Limits
from graphkit.store.base import GraphStore, GraphWriter
from graphkit.violations import Violation

RDF_TYPE = RDF + "type"
#: Called with the number of quads read so far and the share of the input bytes read (0 to 1,
#: None if unknown), every 65,536 quads and at the end of each input.
Progress = Callable[[int, float | None], None]


@dataclass(slots=True)
class LoadedGraph:
    """One graph as loaded: the input it came from, its name and how many triples it holds."""

    path: str
    graph: str
    triples: int
    replaced: bool = False


@dataclass(slots=True)
class LoadReport:
    """What a load did."""

    graphs: list[LoadedGraph] = field(default_factory=list)
    validated: bool = True
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def load_files(
    store: GraphStore,
    paths: list[Path] | None = None,
    *,
    validate: bool = True,
    fmt: RdfFormat | None = None,
    graph: str | None = None,
    curated: bool | None = None,
    stdin: IO[bytes] | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> LoadReport:
    """Load RDF files into `store`, replacing the graphs they hold.

    Args:
        store: the store to write to.
        paths: files, folders or ``-`` (stdin); by default the bundled ontology and data.
        validate: check the data first (refusing the whole load if anything fails).
        fmt: the format of every input (default: from each file's extension).
        graph: the named graph for triples outside any graph (default: one per file).
        curated: apply the curated-data rules (default: to the bundled data only).
        stdin: the stream ``-`` reads.
        progress: called with the number of quads read so far.
        limits: what each input's bytes must keep (`graphkit.screen`; default: its defaults).

    Raises:
        LoadError: an input cannot be read or parsed (the message names file:line:column).
        ValidationFailed: the data breaks a rule; detail lists every violation with file,
            line, focus node and constraint.
        StoreError: the store cannot be written.
    """
    inputs = _expand(paths, fmt=fmt, graph=graph, curated=curated, stdin=stdin, limits=limits)
    return load_inputs(store, inputs, validate=validate, progress=progress)


def _expand(paths: list[Path] | None, **options: Any) -> list[Input]:
    """Return the inputs named (`expand_inputs`); a candidates file gives its accepted facts."""
    from graphkit.extract.facts import candidates_input, is_candidates_file

    facts = [p for p in paths or [] if is_candidates_file(p)]
    rest = None if paths is None else [p for p in paths if p not in facts]
    inputs = expand_inputs(rest, **options) if rest is None or rest else []
    return inputs + [candidates_input(p, curated=bool(options.get("curated"))) for p in facts]


def load_inputs(
    store: GraphStore, inputs: list[Input], *, validate: bool = True, progress: Progress | None = None
) -> LoadReport:
    """Load parsed-to-be inputs (see `load_files`)."""
    started, began = time.monotonic(), datetime.now(UTC)
    with store.write() as writer:
        replaced, violations = write_inputs(writer, inputs, validate=validate, progress=progress)
        refused = refusal(violations)
        if refused is not None:
            raise refused
        writer.update(record_update(_records(inputs), started=began), graphs=[LOADS_GRAPH])
    report = LoadReport(validated=validate, seconds=time.monotonic() - started)
    for source in inputs:
        for name, triples in sorted(source.stats.quads.items()):
            report.graphs.append(LoadedGraph(source.name, name, triples, name in replaced))
    return report


def write_inputs(
    writer: GraphWriter, inputs: list[Input], *, validate: bool = True, progress: Progress | None = None
) -> tuple[set[str], list[Violation]]:
    """Replace the graphs the inputs hold with their content and check the result.

    Returns:
        The graphs that existed before and were replaced, and the violations (errors,
        warnings and infos; the write must not be published if any is an error).

    Raises:
        LoadError: as `load_files`; the writer must then be discarded.
    """
    from graphkit.checks import (  # SHACL: loaded when a write is checked
        bundled_shapes,
        check_provenance_unread,
        check_write,
    )

    if validate:  # the cheap rule first: a curated file that cannot name its source is not read
        unsourced = [v for source in inputs for v in check_provenance_unread(source)]
        if unsourced:
            return set(), unsourced
    existing = set(writer.graph_names())
    planned = _plan(inputs, existing)
    replaced = set().union(*planned.values()) & existing if planned else set()
    removed = writer.drop_graphs(sorted(replaced))
    per_source = bundled_shapes().per_source_predicates if validate else frozenset()
    try:
        writer.add_quads(chain.from_iterable(_read_all(inputs, per_source, validate, progress)))
    except _Unsourced as unsourced:
        return replaced, unsourced.violations  # the cheap rule first: no SHACL on refused data
    _check_targets(inputs, planned)
    # What each graph holds (a file may state a triple twice).
    held = writer.counts(graph for source in inputs for graph in source.stats.quads)
    for source in inputs:
        source.stats.quads = {graph: held[graph] for graph in source.stats.quads}
    return replaced, check_write(writer, inputs, removed) if validate else []


def refusal(violations: list[Violation]) -> ValidationFailed | None:
    """Return the error that refuses a write for its violations (None if only warnings)."""
    violations = [v for v in violations if v.severity == "Violation"]
    if not violations:
        return None
    return ValidationFailed(
        f"Nothing was loaded: {len(violations)} violation(s).\n"
        + "\n".join(v.describe() for v in violations),
        violations=[v.describe() for v in violations],
    )


def _read_all(
    inputs: list[Input], per_source: frozenset[str], validate: bool, progress: Progress | None
) -> Iterator[Iterator[ox.Quad]]:
    total = sum(source.size for source in inputs) if progress is not None else 0
    done, done_bytes = 0, 0  # quads and bytes of the inputs read before the current one
    for source in inputs:
        report = None
        if progress is not None:

            def report(
                read: int, source: Input = source, before: int = done, bytes_before: int = done_bytes
            ) -> None:
                assert progress is not None
                progress(before + read, (bytes_before + source.consumed) / total if total else None)

        yield read_quads(source, per_source=per_source, track_subjects=validate, on_count=report)
        if validate and source.curated:
            from graphkit.checks import check_provenance

            unsourced = check_provenance([source])
            if unsourced:
                raise _Unsourced(unsourced)
        done += sum(source.stats.quads.values())
        done_bytes += source.size


class _Unsourced(Exception):
    """Curated data that names no source: refused as soon as its input is read (before SHACL)."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__(f"{len(violations)} graph(s) without a source")
        self.violations = violations


def _plan(inputs: list[Input], existing: set[str]) -> dict[str, set[str]]:
    """Return the graphs each input will write, read ahead only where it matters.

    A file that names its graphs must be read once ahead when the store already holds
    graphs (they are dropped before the new content streams in); into an empty store
    its graphs are learnt while it loads.
    """
    planned: dict[str, set[str]] = {}
    for source in inputs:
        if not source.format.has_graphs:
            planned[source.name] = {source.graph}
        elif existing:
            planned[source.name] = scan_graphs(source)
    _refuse_shared(planned)
    return planned


def _check_targets(inputs: list[Input], planned: dict[str, set[str]]) -> None:
    """Refuse two inputs that wrote the same graph (learnt while loading)."""
    _refuse_shared(
        {source.name: set(source.stats.quads) | planned.get(source.name, set()) for source in inputs}
    )


def _refuse_shared(graphs: dict[str, set[str]]) -> None:
    seen: dict[str, str] = {}
    for name, targets in graphs.items():
        for graph in sorted(targets):
            if graph in seen and seen[graph] != name:
                raise LoadError(
                    f"{name} and {seen[graph]} would both load into <{graph}>; rename one of them "
                    "(or the graph, with --graph).",
                    path=name,
                )
            seen[graph] = name


def _records(inputs: list[Input]) -> list[InputRecord]:
    records = []
    for source in inputs:
        sha256, size = source.fingerprint()
        records.append(
            InputRecord(
                name=source.name,
                iri=source.path.resolve().as_uri() if source.path else None,
                media_type=source.format.media_type,
                size=size,
                sha256=sha256,
                graphs=dict(source.stats.quads),
            )
        )
    return records


def check_files(
    store: GraphStore | None,
    paths: list[Path] | None,
    *,
    fmt: RdfFormat | None = None,
    curated: bool | None = None,
    limits: Limits | None = None,
) -> tuple[list[Input], list[Violation]]:
    """Check files as a load would (together with what `store` holds), without changing it.

    Raises:
        LoadError: a file cannot be read or parsed.
    """
    from graphkit.store.oxigraph import OxigraphStore

    inputs = _expand(paths, fmt=fmt, curated=curated, limits=limits)
    with (store or OxigraphStore(None)).scratch() as writer:
        _replaced, violations = write_inputs(writer, inputs, validate=True)
    return inputs, violations


def update_input(writer: GraphWriter, sparql: str, added: list[ox.Quad], removed: list[ox.Quad]) -> Input:
    """Describe what a SPARQL Update wrote as an input, so it is checked and recorded like a file."""
    from graphkit.checks import bundled_shapes  # SHACL: loaded when a write is checked

    data = sparql.encode("utf-8")
    source = Input("SPARQL Update", None, data, RdfFormat.NQUADS, False, GRAPH + "update")
    stats = source.stats
    checked = bundled_shapes().per_source_predicates
    for quad in added:
        graph = quad.graph_name.value  # type: ignore[union-attr]
        stats.quads[graph] = stats.quads.get(graph, 0) + 1
        subject, predicate = quad.subject, quad.predicate.value
        if isinstance(subject, (ox.NamedNode, ox.BlankNode)):
            stats.subjects.add(subject)
        if predicate.startswith(GK) or (predicate == RDF_TYPE and quad.object.value.startswith(GK)):  # type: ignore[union-attr]
            stats.uses_graphkit_terms = True
        if predicate in checked and isinstance(subject, (ox.NamedNode, ox.BlankNode)):
            key = (graph, subject, predicate)
            if key not in stats.per_source:
                stats.per_source[key] = sum(
                    1 for _ in writer.quads(subject, quad.predicate, None, ox.NamedNode(graph))
                )
    for quad in removed:
        if quad.predicate.value.startswith(GK):
            stats.uses_graphkit_terms = True
    for graph in {q.graph_name.value for q in removed if isinstance(q.graph_name, ox.NamedNode)}:
        stats.quads.setdefault(graph, 0)
    return source


def apply_update(writer: GraphWriter, sparql: str, *, graphs: frozenset[str] | None) -> None:
    """Run a checked SPARQL Update in `writer`, check the data it leaves, and record it.

    Raises:
        ValidationFailed: the data breaks a rule (the writer must be discarded).
    """
    from graphkit.checks import check_write  # SHACL: loaded when a write is checked

    began = datetime.now(UTC)
    added, removed = writer.update(sparql, graphs=graphs)
    source = update_input(writer, sparql, added, removed)
    data = source.data or b""
    refused = refusal(check_write(writer, [source], removed))
    if refused is not None:
        raise refused
    if LOADS_GRAPH in source.stats.quads:
        return  # the update writes load records itself (e.g. another graphkit loading through this one)
    changed = {g: writer.count(g) for g in source.stats.quads}
    present = {g: n for g, n in changed.items() if n}
    if present:
        sha256 = source.fingerprint()[0]
        record = InputRecord("SPARQL Update", None, "application/sparql-update", len(data), sha256, present)
        writer.update(record_update([record], started=began), graphs=[LOADS_GRAPH])
    gone = sorted(g for g, n in changed.items() if not n)
    if gone:
        writer.update(forget_update(gone), graphs=[LOADS_GRAPH])


def upload_graph(
    store: GraphStore, graph: str, data: bytes, fmt: RdfFormat, *, replace: bool = True
) -> LoadReport:
    """Replace (or, with `replace` False, add to) one named graph with uploaded RDF, checked like a load.

    Raises:
        LoadError: the data does not parse, or names other graphs.
        ValidationFailed: the data breaks a rule (nothing is changed).
    """
    from graphkit.checks import bundled_shapes, check_write  # SHACL: loaded when a write is checked

    started, began = time.monotonic(), datetime.now(UTC)
    source = Input("upload", None, data, fmt, data[:2] == b"\x1f\x8b", graph)
    with store.write() as writer:
        removed = writer.drop_graphs([graph]) if replace else []
        writer.add_quads(
            read_quads(source, per_source=bundled_shapes().per_source_predicates, track_subjects=True)
        )
        others = sorted(set(source.stats.quads) - {graph})
        if others:
            raise LoadError(
                f"The uploaded data names other graphs ({', '.join(f'<{g}>' for g in others)}); "
                f"a graph upload holds the triples of <{graph}> only.",
                parameter="graph",
            )
        # What the graph holds now (all of it after an addition), for the record and the report.
        source.stats.quads[graph] = writer.count(graph)
        refused = refusal(check_write(writer, [source], removed))
        if refused is not None:
            raise refused
        writer.update(record_update(_records([source]), started=began), graphs=[LOADS_GRAPH])
    report = LoadReport(seconds=time.monotonic() - started)
    report.graphs.append(LoadedGraph(source.name, graph, source.stats.quads.get(graph, 0), bool(removed)))
    return report


def drop_graphs(store: GraphStore, names: list[str]) -> int:
    """Remove named graphs and their load records, all at once; return the triples removed.

    Raises:
        NotFound-like LoadError: a graph is not in the store (nothing is removed).
    """
    with store.write() as writer:
        missing = sorted(set(names) - set(writer.graph_names()))
        if missing:
            raise LoadError(
                f"No graph {', '.join(f'<{m}>' for m in missing)} in the store; nothing was dropped.",
                parameter="graph",
            )
        removed = writer.drop_graphs(names)
        writer.update(forget_update(names), graphs=[LOADS_GRAPH])
    return len(removed)


__all__ = [
    "LoadReport",
    "LoadedGraph",
    "check_files",
    "drop_graphs",
    "load_files",
    "load_inputs",
    "refusal",
    "write_inputs",
]
