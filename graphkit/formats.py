"""The RDF formats graphkit reads: names, file extensions, media types, gzip."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox

from graphkit.errors import LoadError


class RdfFormat(StrEnum):
    """An RDF serialisation graphkit loads (each also gzipped)."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    NQUADS = "nquads"
    TRIG = "trig"
    RDFXML = "rdfxml"
    JSONLD = "jsonld"

    @property
    def ox(self) -> ox.RdfFormat:
        """The pyoxigraph format that parses it."""
        return _OX[self]

    @property
    def has_graphs(self) -> bool:
        """Whether the format names graphs itself (TriG, N-Quads, JSON-LD)."""
        return self in (RdfFormat.TRIG, RdfFormat.NQUADS, RdfFormat.JSONLD)

    @property
    def media_type(self) -> str:
        return _MEDIA[self][0]


_OX = {
    RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
    RdfFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    RdfFormat.NQUADS: ox.RdfFormat.N_QUADS,
    RdfFormat.TRIG: ox.RdfFormat.TRIG,
    RdfFormat.RDFXML: ox.RdfFormat.RDF_XML,
    RdfFormat.JSONLD: ox.RdfFormat.JSON_LD,
}

#: File suffix (lower case) → format.
EXTENSIONS: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE,
    ".turtle": RdfFormat.TURTLE,
    ".nt": RdfFormat.NTRIPLES,
    ".ntriples": RdfFormat.NTRIPLES,
    ".nq": RdfFormat.NQUADS,
    ".nquads": RdfFormat.NQUADS,
    ".trig": RdfFormat.TRIG,
    ".rdf": RdfFormat.RDFXML,
    ".owl": RdfFormat.RDFXML,
    ".xml": RdfFormat.RDFXML,
    ".jsonld": RdfFormat.JSONLD,
    ".json": RdfFormat.JSONLD,
}

#: Format → media types (the first is the one graphkit sends).
_MEDIA: dict[RdfFormat, tuple[str, ...]] = {
    RdfFormat.TURTLE: ("text/turtle", "application/x-turtle"),
    RdfFormat.NTRIPLES: ("application/n-triples", "text/plain"),
    RdfFormat.NQUADS: ("application/n-quads",),
    RdfFormat.TRIG: ("application/trig",),
    RdfFormat.RDFXML: ("application/rdf+xml",),
    RdfFormat.JSONLD: ("application/ld+json",),
}

#: Spellings accepted for `--format` besides the enum values.
_ALIASES = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.NTRIPLES,
    "n-triples": RdfFormat.NTRIPLES,
    "nq": RdfFormat.NQUADS,
    "n-quads": RdfFormat.NQUADS,
    "xml": RdfFormat.RDFXML,
    "rdf/xml": RdfFormat.RDFXML,
    "rdf": RdfFormat.RDFXML,
    "json-ld": RdfFormat.JSONLD,
}

GZIP_SUFFIX = ".gz"


def parse_format_name(name: str, *, parameter: str = "format") -> RdfFormat:
    """Return the format called `name` (``turtle``, ``nt``, ``json-ld``…).

    Raises:
        LoadError: no format has that name (the message lists them).
    """
    key = name.strip().lower()
    try:
        return RdfFormat(key)
    except ValueError:
        pass
    if key in _ALIASES:
        return _ALIASES[key]
    known = ", ".join(f.value for f in RdfFormat)
    raise LoadError(f"Unknown RDF format {name!r} for {parameter} (use one of {known}).", parameter=parameter)


def format_of_path(path: Path) -> tuple[RdfFormat, bool]:
    """Return the format a file name says, and whether it is gzipped (``data.nq.gz``).

    Raises:
        LoadError: the extension names no RDF format.
    """
    suffixes = [s.lower() for s in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] == GZIP_SUFFIX
    suffix = (suffixes[-2] if len(suffixes) > 1 else "") if gzipped else (suffixes[-1] if suffixes else "")
    if suffix not in EXTENSIONS:
        known = ", ".join(EXTENSIONS)
        shown = "".join(path.suffixes[-2:] if gzipped else path.suffixes[-1:]) or "(none)"
        raise LoadError(
            f"{path}: unknown RDF format {shown!r} (use one of {known}, each optionally .gz, "
            "or name the format with --format).",
            path=str(path),
        )
    return EXTENSIONS[suffix], gzipped


def format_of_media_type(media_type: str) -> RdfFormat | None:
    """Return the format of a Content-Type value (parameters ignored), or None."""
    media = media_type.split(";", 1)[0].strip().lower()
    for fmt, types in _MEDIA.items():
        if media in types:
            return fmt
    return None


def is_rdf_file(path: Path) -> bool:
    """Whether the file name has an RDF extension (optionally gzipped)."""
    try:
        format_of_path(path)
    except LoadError:
        return False
    return True
