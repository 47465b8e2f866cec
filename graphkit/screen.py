"""Limits a file must keep before its bytes reach a parser, checked while streaming.

A parser given hostile bytes can spend memory or time out of all proportion to the file:
a gzip bomb decompresses 4 GB from 4 MB, one literal of 1 GB is held whole, a collection
nested 100,000 deep crashes or slows pyoxigraph, and an RDF/XML DOCTYPE expands entities
(`graphkit.xml_screen`). `screened` wraps the (decompressed) stream of one input and
checks, chunk by chunk and mostly with C-speed byte searches, that it keeps `Limits`;
the first limit broken stops the read with a `LoadError` naming the file, the line and
the option that sets the limit. It also handles byte order marks: a UTF-8 BOM is dropped,
UTF-16 and UTF-32 get a clear message.

The token check is conservative and cheap: a stretch of more than `max_token_bytes`
without a separator (whitespace in Turtle and N-Triples, a quote in JSON, ``<`` in XML) or
a line longer than that in a line-based format is refused; a multi-line Turtle string past
pyoxigraph's own 16 MiB buffer is refused by pyoxigraph and located by `graphkit.loader`.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from graphkit.errors import LoadError
from graphkit.formats import RdfFormat
from graphkit.xml_screen import EntityExpander, screen_prolog

MIB = 1 << 20
#: Longest term (IRI, literal, XML text) graphkit reads; below pyoxigraph's 16 MiB buffer,
#: so graphkit's message (with the line) comes first.
MAX_TOKEN_BYTES = 8 * MIB
#: Longest input, decompressed (None: no limit but the gzip ratio).
MAX_FILE_BYTES: int | None = None
#: Most bytes a gzip input may decompress to per compressed byte, once past `GZIP_RATIO_FLOOR`.
MAX_GZIP_RATIO = 100
#: Decompressed bytes before the gzip ratio is checked (small files may compress very well).
GZIP_RATIO_FLOOR = 16 * MIB
#: Deepest nesting of collections, blank nodes, triple terms or XML elements.
MAX_NESTING = 1000
#: Bytes read from the input at a time.
CHUNK = 256 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits every input is read under (the CLI's ``--max-…`` options)."""

    max_token_bytes: int = MAX_TOKEN_BYTES
    max_file_bytes: int | None = MAX_FILE_BYTES
    max_gzip_ratio: int = MAX_GZIP_RATIO
    max_nesting: int = MAX_NESTING


_WHITESPACE = b" \t\r\n"
#: Per format: the bytes that end a token, whether a line is a bound too, and the brackets.
_SEPARATORS = {
    RdfFormat.NTRIPLES: _WHITESPACE,
    RdfFormat.NQUADS: _WHITESPACE,
    RdfFormat.TURTLE: _WHITESPACE,
    RdfFormat.TRIG: _WHITESPACE,
    RdfFormat.JSONLD: b'"',
    RdfFormat.RDFXML: b"<",
}
_LINE_BASED = {RdfFormat.NTRIPLES, RdfFormat.NQUADS, RdfFormat.TURTLE, RdfFormat.TRIG}
_RDF_BRACKETS = re.compile(rb"<<|>>|[\[\]()]|\.\r?\n")
_NT_BRACKETS = re.compile(rb"<<|>>|[()]|\n")
_JSON_BRACKETS = re.compile(rb"[\[\]{}]")
_XML_TAGS = re.compile(rb"</|<[!?]|<|/>|parseType\s*=\s*[\"']Literal[\"']")


def screened(
    stream: IO[bytes],
    *,
    name: str,
    fmt: RdfFormat,
    limits: Limits,
    compressed: Callable[[], int] | None = None,
) -> IO[bytes]:
    """Return `stream` checked against `limits` as it is read (see the module docstring).

    Args:
        name: the file name for errors.
        compressed: for gzip, the compressed bytes read so far (for the ratio).
    """
    return io.BufferedReader(_Screen(stream, name, fmt, limits, compressed), CHUNK)


class _Screen(io.RawIOBase):
    def __init__(
        self, raw: IO[bytes], name: str, fmt: RdfFormat, limits: Limits, compressed: Callable[[], int] | None
    ) -> None:
        self._raw, self.name, self.fmt, self.limits, self._compressed = raw, name, fmt, limits, compressed
        self.read_bytes = 0  # decompressed bytes read from `raw`
        self.lines = 0  # line breaks handed on
        self._out = b""
        self._started = False
        self._ended = False
        self._head = b""  # RDF/XML: the prolog, until it is screened
        self._expander: EntityExpander | None = None
        self._separators = _SEPARATORS[fmt]
        self._token_run = 0  # bytes since the last separator
        self._token_line = 1
        self._line_run = 0  # bytes since the last line break
        self._depth = 0  # nesting at the end of what was handed on (an estimate, see _nesting)
        #: Turtle: the line of the last long-string quote (where a multi-line literal starts).
        self.long_quote_line: int | None = None
        #: RDF/XML: the depth, line and bytes so far of the XML literal being read (or None).
        self._literal: tuple[int, int, int] | None = None
        #: RDF/XML: pyoxigraph's XML parser says "not UTF-8" without a line; this finds it.
        self._utf8 = codecs.getincrementaldecoder("utf-8")() if fmt is RdfFormat.RDFXML else None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._out and not self._ended:
            self._out = self._next()
        size = min(len(buffer), len(self._out))
        buffer[:size] = self._out[:size]
        self._out = self._out[size:]
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()

    def _next(self) -> bytes:
        """Read one chunk and return what may be handed on (possibly nothing yet)."""
        data = self._raw.read(CHUNK)
        final = not data
        self._ended = final
        self._count(len(data))
        if not self._started:
            started = self._start(data, final)
            if started is None:
                return b""
            data = started
        if self.fmt is RdfFormat.RDFXML:
            data = self._xml(data, final)
        if data:
            self._check(data)
            self.lines += data.count(b"\n")
        return data

    def _count(self, size: int) -> None:
        self.read_bytes += size
        limit = self.limits.max_file_bytes
        if limit is not None and self.read_bytes > limit:
            raise LoadError(
                f"{self.name}: more than {limit} bytes (decompressed); the limit is --max-file-bytes "
                "(GRAPHKIT_MAX_FILE_BYTES).",
                path=self.name,
            )
        if self._compressed is not None and self.read_bytes > GZIP_RATIO_FLOOR:
            packed = max(self._compressed(), 1)
            if self.read_bytes > packed * self.limits.max_gzip_ratio:
                raise LoadError(
                    f"{self.name}: a gzip bomb: {packed} compressed bytes decompress to more than "
                    f"{self.read_bytes} ({self.read_bytes // packed}x); the limit is --max-gzip-ratio "
                    f"{self.limits.max_gzip_ratio} (GRAPHKIT_MAX_GZIP_RATIO).",
                    path=self.name,
                )

    def _start(self, data: bytes, final: bool) -> bytes | None:
        """Handle a byte order mark; return the data to go on with (None: wait for more)."""
        data = self._head + data
        if len(data) < 4 and not final:
            self._head = data
            return None
        self._head = b""
        self._started = True
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:]
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            kind = "UTF-32" if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) else "UTF-16"
            raise LoadError(
                f"{self.name}:1: the file is {kind} text; graphkit reads UTF-8 only "
                f"(convert it, e.g. `iconv -f {kind} -t UTF-8`).",
                path=self.name,
                line=1,
            )
        if len(data) > 3 and (data[0] == 0 or data[1] == 0):
            raise LoadError(
                f"{self.name}:1: the file starts with NUL bytes: UTF-16 or UTF-32 text, or not text at "
                "all; graphkit reads UTF-8 only.",
                path=self.name,
                line=1,
            )
        return data

    def _xml(self, data: bytes, final: bool) -> bytes:
        if self._expander is None:
            self._head += data
            prolog = screen_prolog(self._head, self.name, complete=final)
            if prolog is None:
                return b""
            self._head = b""
            self._expander = EntityExpander(prolog.entities, self.name)
            body = self._expander.feed(prolog.rest, self.lines + prolog.text.count(b"\n") + 1, final=final)
            return prolog.text + body
        return self._expander.feed(data, self.lines + 1, final=final)

    # --- the checks on what is handed on ---------------------------------------------------

    def _check(self, data: bytes) -> None:
        if self._utf8 is not None:
            try:
                self._utf8.decode(data, final=self._ended)
            except UnicodeDecodeError as error:
                line = self.lines + data.count(b"\n", 0, max(error.start, 0)) + 1
                raise LoadError(
                    f"{self.name}:{line}: not UTF-8 text ({error.reason}); graphkit reads UTF-8 only "
                    "(convert it, e.g. `iconv -f LATIN1 -t UTF-8`).",
                    path=self.name,
                    line=line,
                ) from None
        self._token_run, self._token_line = self._runs(
            data, self._separators, self._token_run, self._token_line
        )
        if self.fmt in _LINE_BASED:
            self._line_run, _ = self._runs(data, b"\n", self._line_run, 0)
            if self.fmt in (RdfFormat.TURTLE, RdfFormat.TRIG):
                quote = max(data.rfind(b'"""'), data.rfind(b"'''"))
                if quote >= 0:
                    self.long_quote_line = self.lines + data.count(b"\n", 0, quote) + 1
        self._nesting(data)

    def _runs(self, data: bytes, separators: bytes, run: int, line: int) -> tuple[int, int]:
        """Check the stretches of `data` without any of `separators`; return the run at its end."""
        limit = self.limits.max_token_bytes
        last = max(data.rfind(bytes([s])) for s in separators)
        if last < 0:
            if run + len(data) > limit:
                self._too_long(line or self.lines + 1, separators)
            return run + len(data), line
        first = min(i for i in (data.find(bytes([s])) for s in separators) if i >= 0)
        if run + first > limit:
            self._too_long(line or self.lines + 1, separators)
        if len(data) > limit:
            pattern = re.compile(b"[^" + re.escape(separators) + b"]{%d,}" % (limit + 1))
            found = pattern.search(data)
            if found:
                self._too_long(self.lines + data.count(b"\n", 0, found.start()) + 1, separators)
        return len(data) - last - 1, self.lines + data.count(b"\n", 0, last + 1) + 1

    def _too_long(self, line: int, separators: bytes) -> None:
        what = "a line" if separators == b"\n" else "a term (IRI, literal or text)"
        raise LoadError(
            f"{self.name}:{line}: {what} longer than {self.limits.max_token_bytes} bytes; the limit "
            "is --max-token-bytes (GRAPHKIT_MAX_TOKEN_BYTES).",
            path=self.name,
            line=line,
        )

    def _nesting(self, data: bytes) -> None:
        """Refuse nesting deeper than the limit, found cheaply (an estimate: brackets in strings count).

        The depth is counted with byte counts per chunk; only a chunk that could go past the
        limit is scanned bracket by bracket. Turtle and TriG start again from 0 after a
        statement's ``.`` at the end of a line, N-Triples and N-Quads at every line; JSON
        never does (a file would need as many unclosed brackets inside its strings as the
        limit to be refused wrongly).
        """
        fmt, limit = self.fmt, self.limits.max_nesting
        if fmt is RdfFormat.JSONLD:
            # pyoxigraph's JSON parser stops at 65,536 levels, but takes time quadratic in the
            # depth before that (3,000 levels: 5 s): brackets inside strings count here too.
            opens = data.count(b"{") + data.count(b"[")
            closes = data.count(b"}") + data.count(b"]")
            pattern = _JSON_BRACKETS
        elif fmt is RdfFormat.RDFXML:
            opens = data.count(b"<") - data.count(b"</") - data.count(b"<!") - data.count(b"<?")
            closes = data.count(b"</") + data.count(b"/>")
            pattern = _XML_TAGS
        else:
            if not self._depth and b"(" not in data and b"[" not in data and b"<<" not in data:
                return  # most chunks of most files: nothing opens (a fast search, not a count)
            opens = data.count(b"(") + data.count(b"[") + data.count(b"<<")
            closes = data.count(b")") + data.count(b"]") + data.count(b">>")
            pattern = _NT_BRACKETS if fmt in (RdfFormat.NTRIPLES, RdfFormat.NQUADS) else _RDF_BRACKETS
        if self._depth + opens <= limit and self._literal is None and b"parseType" not in data:
            self._depth = max(0, self._depth + opens - closes)
            return
        depth, literal, since = self._depth, self._literal, 0
        for found in pattern.finditer(data):
            token = found.group()
            if token.startswith(b"parseType"):
                if literal is None:
                    literal, since = (
                        (depth, self.lines + data.count(b"\n", 0, found.start()) + 1, 0),
                        found.end(),
                    )
            elif token in (b"</", b"/>", b")", b"]", b"}", b">>"):
                depth = max(0, depth - 1)
                if literal is not None and depth < literal[0]:
                    literal = None
            elif token in (b"\n", b".\n", b".\r\n"):
                depth = 0
            elif token[:2] not in (b"<!", b"<?"):
                depth += 1
                if depth > limit:
                    line = self.lines + data.count(b"\n", 0, found.start()) + 1
                    raise LoadError(
                        f"{self.name}:{line}: nested more than {limit} deep; the limit is "
                        "--max-nesting (GRAPHKIT_MAX_NESTING).",
                        path=self.name,
                        line=line,
                    )
        self._depth = depth
        if literal is not None:  # an XML literal is one term: it keeps the token limit
            depth_at, line, size = literal
            literal = (depth_at, line, size + len(data) - since)
            if literal[2] > self.limits.max_token_bytes:
                self._too_long(line, b"<")
        self._literal = literal
