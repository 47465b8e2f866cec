"""A release of the curated data: a dated, versioned dump with a manifest and checksums.

`write_release` writes, into one folder ready to deposit (Zenodo-style):

- ``graphkit-data-<version>.nq``, ``.trig`` and ``.jsonld``: the store's curated graphs (every
  graph that names its source) and the ontology, in N-Quads, TriG and JSON-LD (context
  inline, nothing remote);
- ``LICENSE.md``: the data licence with the per-source attribution (``data/LICENSE.md``);
- ``manifest.json``: version, date, licence, citation, each graph with its triple count, each
  file with its size and SHA-256;
- ``SHA256SUMS``: the checksums of every other file, as ``sha256sum -c SHA256SUMS`` reads them.

Load records (``graph:loads``: who loaded what from which path) are local and not released.
The version is the one the store's source catalogue records (``owl:versionInfo``), so a
release says what the store holds, not what the checkout says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graphkit import bundled
from graphkit.errors import BadRequest
from graphkit.export import ExportFormat, export_store
from graphkit.namespaces import ONTOLOGY_GRAPH
from graphkit.stats import collect_stats
from graphkit.store import GraphStore

NAME = "graphkit-data"
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
LICENCE_FILE = "LICENSE.md"

#: The dump's formats: extension and media type of each.
FORMATS: dict[ExportFormat, tuple[str, str]] = {
    ExportFormat.NQUADS: ("nq", "application/n-quads"),
    ExportFormat.TRIG: ("trig", "application/trig"),
    ExportFormat.JSONLD: ("jsonld", "application/ld+json"),
}


@dataclass(frozen=True, slots=True)
class ReleasedGraph:
    graph: str
    triples: int
    certainty: str | None
    sources: list[str]


@dataclass(frozen=True, slots=True)
class ReleasedFile:
    name: str
    media_type: str
    bytes: int
    sha256: str


@dataclass(slots=True)
class Manifest:
    """What `manifest.json` holds."""

    name: str
    version: str
    date: str
    license: str | None
    citation: str | None
    dataset: str
    triples: int
    graphs: list[ReleasedGraph] = field(default_factory=list)
    files: list[ReleasedFile] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n"


def release_graphs(store: GraphStore) -> list[ReleasedGraph]:
    """Return the graphs a release holds: those that name a source, and the ontology, by name."""
    chosen = []
    for g in collect_stats(store).graphs:
        if g.source or g.graph == ONTOLOGY_GRAPH:
            sources = sorted(g.source.split()) if g.source else []
            chosen.append(ReleasedGraph(g.graph, store.count(g.graph), g.certainty, sources))
    return sorted(chosen, key=lambda g: g.graph)


def default_folder(version: str, date: dt.date) -> Path:
    """The folder a release goes to when none is named: ``graphkit-data-<version>-<date>``."""
    return Path(f"{NAME}-{version}-{date.isoformat()}")


def _write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and an atomic rename (no half-written file)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _described(name: str, media_type: str, data: bytes) -> ReleasedFile:
    return ReleasedFile(name, media_type, len(data), hashlib.sha256(data).hexdigest())


def write_release(
    store: GraphStore, folder: Path | None = None, *, date: dt.date | None = None, force: bool = False
) -> tuple[Path, Manifest]:
    """Write a release of the store's curated graphs into `folder`; return it and its manifest.

    Args:
        folder: where to write (created if missing); default `default_folder`.
        date: the release date (default: today, UTC).
        force: write into a folder that already holds files (files of the same name are replaced).

    Raises:
        BadRequest: the store records no data version or holds no curated graph (`parameter`
            "store"), or `folder` is a file or not empty without `force` (`parameter` "folder").
    """
    stats = collect_stats(store)
    if stats.release is None:
        raise BadRequest(
            "The store records no data version (graph:source-catalogue): load the curated data first "
            "(graphkit load).",
            parameter="store",
        )
    graphs = release_graphs(store)
    if not any(g.sources for g in graphs):
        raise BadRequest("The store holds no curated graph (none names its source).", parameter="store")
    date = date or dt.datetime.now(dt.UTC).date()
    version = stats.release.version
    folder = folder or default_folder(version, date)
    if folder.exists() and not folder.is_dir():
        raise BadRequest(f"DIR: {folder} is a file, not a folder.", parameter="folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise BadRequest(
            f"DIR: {folder} is not empty; name an empty or new folder, or give --force to replace "
            "the release files in it.",
            parameter="folder",
        )
    folder.mkdir(parents=True, exist_ok=True)
    names = [g.graph for g in graphs]
    manifest = Manifest(
        name=NAME,
        version=version,
        date=date.isoformat(),
        license=stats.release.license,
        citation=stats.release.citation,
        dataset=stats.release.dataset,
        triples=sum(g.triples for g in graphs),
        graphs=graphs,
    )
    for fmt, (extension, media_type) in FORMATS.items():
        data = export_store(store, fmt, graphs=names)
        name = f"{NAME}-{version}.{extension}"
        _write(folder / name, data)
        manifest.files.append(_described(name, media_type, data))
    licence = bundled.data_dir() / "LICENSE.md"
    if licence.is_file():
        data = licence.read_bytes()
        _write(folder / LICENCE_FILE, data)
        manifest.files.append(_described(LICENCE_FILE, "text/markdown", data))
    manifest_bytes = manifest.to_json().encode("utf-8")
    _write(folder / MANIFEST, manifest_bytes)
    sums = [*manifest.files, _described(MANIFEST, "application/json", manifest_bytes)]
    _write(folder / CHECKSUMS, "".join(f"{f.sha256}  {f.name}\n" for f in sums).encode("utf-8"))
    return folder, manifest
