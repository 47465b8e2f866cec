"""Where the bundled ontology, shapes, curated data and named queries are.

In a source checkout they are the repository's `ontology/` and `data/`; an installed wheel
carries a copy under `graphkit/_bundled/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _root() -> Path:
    packaged = _PACKAGE / "_bundled"
    if (packaged / "ontology").is_dir():
        return packaged
    return _PACKAGE.parent


def ontology_dir() -> Path:
    """Return the folder holding graphkit.ttl and shapes.ttl."""
    return _root() / "ontology"


def ontology_file() -> Path:
    """Return the OWL ontology (Turtle)."""
    return ontology_dir() / "graphkit.ttl"


def shapes_file() -> Path:
    """Return the SHACL shapes (Turtle)."""
    return ontology_dir() / "shapes.ttl"


def data_dir() -> Path:
    """Return the folder of curated data: Turtle (one graph each) and TriG (several)."""
    return _root() / "data"


def data_files() -> list[Path]:
    """Return the curated data files (.ttl and .trig, in subfolders too), sorted by path."""
    root = data_dir()
    found = [p for p in root.rglob("*") if p.suffix in (".ttl", ".trig") and p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def default_sources() -> list[Path]:
    """Return what `graphkit load` loads when given no paths: ontology then data."""
    return [ontology_file(), *data_files()]


def queries_dir() -> Path:
    """Return the folder of named SPARQL queries (`<name>.rq`)."""
    return _PACKAGE / "queries"
