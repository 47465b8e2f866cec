"""Where in a source file something is said: the line a person should look at.

Used only to place violations, so the text of a file is read when a violation needs it,
and only for files small enough to read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.loader import Input

#: Files larger than this (decompressed) are not searched for lines.
MAX_LOCATE_BYTES = 64 * 1024 * 1024

#: A line that opens a graph block: ``GRAPH <iri> {``, ``prefix:name {`` or ``<iri> {``.
_BLOCK = re.compile(r"^\s*(?:GRAPH\s+)?(<[^>\s]*>|[A-Za-z_][\w.-]*:[^\s{]*|:[^\s{]*)\s*\{", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


@dataclass(slots=True)
class SourceText:
    """The text of one input, its prefixes, and where each named graph's block opens."""

    lines: list[str]
    prefixes: dict[str, str]
    starts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, source: Input) -> SourceText | None:
        """Return the input's text, or None if it is too big or not text."""
        try:
            with source.open() as stream:
                data = stream.read(MAX_LOCATE_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_LOCATE_BYTES:
            return None
        text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
        prefixes = {m.group(1): m.group(2) for m in _PREFIX.finditer(text)}
        found = cls(text.split("\n"), prefixes)
        found.starts = found._block_starts(list(source.stats.quads))
        return found

    def _tokens(self, iri: str) -> list[str]:
        tokens = [re.escape(f"<{iri}>")]
        for prefix, namespace in self.prefixes.items():
            if namespace and iri.startswith(namespace) and len(iri) > len(namespace):
                tokens.append(re.escape(f"{prefix}:{iri[len(namespace) :]}") + r"(?![\w.:-]*[\w:-])")
        return tokens

    def _expand(self, token: str) -> str:
        if token.startswith("<"):
            return token[1:-1]
        prefix, _, local = token.partition(":")
        return self.prefixes.get(prefix, prefix + ":") + local

    def _block_starts(self, graphs: list[str]) -> dict[str, int]:
        """Return the line on which each graph's block opens (its name followed by ``{``), in one pass."""
        wanted = set(graphs)
        starts: dict[str, int] = {}
        for number, line in enumerate(self.lines, start=1):
            found = _BLOCK.match(line)
            if found:
                iri = self._expand(found.group(1))
                if iri in wanted and iri not in starts:
                    starts[iri] = number
        return starts

    def span(self, graph: str) -> tuple[int, int] | None:
        """Return the first and last line of a graph's block, if the file has blocks."""
        first = self.starts.get(graph)
        if first is None:
            return None
        later = [s for s in self.starts.values() if s > first]
        return first, (min(later) - 1) if later else len(self.lines)

    def line_of(self, iri: str, graph: str | None = None) -> int | None:
        """Return the line where `iri` first appears as a subject, else where it appears.

        In a file of several graphs, the search starts in `graph`'s own block.
        """
        token = re.compile("|".join(self._tokens(iri)))
        span = self.span(graph) if graph else None
        if span is not None:
            found = self._find(token, span[0], span[1])
            if found is not None:
                return found
        return self._find(token, 1, len(self.lines))

    def line_of_value(self, path: str, value: str) -> int | None:
        """Return the first line that gives `path` the value (for a node without a name, such
        as the annotation of a statement: `s p o {| gk:line 0 |}`)."""
        if value.startswith('"'):
            lexical = re.escape(value[1 : value.index('"', 1)]) if '"' in value[1:] else None
            wanted = rf'"?{lexical}"?' if lexical is not None else None
        else:
            wanted = "|".join(self._tokens(value))
        if not wanted:
            return None
        token = re.compile(rf"(?:{'|'.join(self._tokens(path))})\s+(?:{wanted})(?![\w-])")
        for number, line in enumerate(self.lines, 1):
            if token.search(line):
                return number
        return None

    def _find(self, token: re.Pattern[str], first: int, last: int) -> int | None:
        anywhere = None
        for number in range(first, last + 1):
            line = self.lines[number - 1]
            found = token.search(line)
            if found:
                if not line[: found.start()].strip():
                    return number
                anywhere = anywhere or number
        return anywhere
