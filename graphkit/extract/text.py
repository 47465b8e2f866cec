"""Documents as text: .txt, .md and .html read into one string with line and block offsets.

Offsets of every candidate refer to `Document.text`. For plain text and Markdown that is the
file's own text with Markdown markup (link targets, emphasis marks, heading hashes) blanked
out character for character, so an offset in the text is an offset in the file. HTML is
turned into text first (block elements become blank-line-separated blocks).

A block (a paragraph between blank lines) that occurs more than once in a document — the
funding footer printed under every part of a web page, a logo caption — is boilerplate:
its candidates are kept, marked ``boilerplate: true``.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from graphkit.errors import LoadError
from graphkit.namespaces import slug

#: File suffixes read as HTML; everything else is read as text (Markdown markup blanked).
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_HEADING = re.compile(r"^#{1,6}(?= )", re.MULTILINE)
_BLOCK = re.compile(r"\S(?:.|\n(?![ \t]*\n))*", re.MULTILINE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the document: text between blank lines.

    Attributes:
        start: offset of its first character in `Document.text`.
        end: offset just after its last character.
        boilerplate: the same block (spaces ignored) occurs more than once in the document.
    """

    start: int
    end: int
    boilerplate: bool


@dataclass(slots=True)
class Document:
    """One document read for extraction.

    Attributes:
        id: short id, the slug of the file name's stem (``Werkstatt 2020.txt`` → ``werkstatt-2020``).
        path: the file it was read from.
        text: the text all offsets refer to.
        blocks: its paragraphs, in order.
        sha256: digest of the file's bytes (a candidates file names the version it came from).
    """

    id: str
    path: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    sha256: str = ""
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def line_of(self, offset: int) -> int:
        """Return the 1-based line number of a character offset."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        return bisect.bisect_right(self._line_starts, offset)


def read_document(path: Path) -> Document:
    """Read a .txt, .md or .html file into a `Document` with its blocks marked.

    Raises:
        LoadError: the file is missing, a folder, unreadable or not UTF-8.
    """
    try:
        raw = path.read_bytes()
        source = raw.decode("utf-8")
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file.", path=str(path)) from None
    except IsADirectoryError:
        raise LoadError(f"{path}: is a folder.", path=str(path)) from None
    except UnicodeDecodeError as error:
        raise LoadError(f"{path}: not UTF-8 text (byte {error.start}).", path=str(path)) from None
    except OSError as error:
        raise LoadError(f"{path}: cannot read: {error.strerror}.", path=str(path)) from None
    text = html_to_text(source) if path.suffix.lower() in HTML_SUFFIXES else blank_markdown(source)
    return Document(
        id=slug(path.stem) or "document",
        path=str(path),
        text=text,
        blocks=find_blocks(text),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def document_from_text(text: str, *, id: str = "text") -> Document:
    """Return a `Document` of a string (Markdown markup blanked), for tests and the Python API."""
    text = blank_markdown(text)
    return Document(id=id, path="", text=text, blocks=find_blocks(text))


def blank_markdown(text: str) -> str:
    """Return `text` with Markdown markup replaced by spaces: same length, same offsets.

    A link keeps its text (``[www.bbwa-berlin.de](http://…)`` → `` www.bbwa-berlin.de  …``);
    emphasis marks and heading hashes become spaces.
    """

    def link(match: re.Match[str]) -> str:
        return " " + match.group(1) + " " * (len(match.group(0)) - len(match.group(1)) - 1)

    text = _LINK.sub(link, text)
    text = _EMPHASIS.sub(lambda m: " " * len(m.group(0)), text)
    return _HEADING.sub(lambda m: " " * len(m.group(0)), text)


def find_blocks(text: str) -> list[Block]:
    """Split `text` into blocks at blank lines; a block seen more than once is boilerplate."""
    spans = [(m.start(), m.end()) for m in _BLOCK.finditer(text)]
    keys = [_SPACE.sub(" ", text[s:e]).strip().casefold() for s, e in spans]
    seen: dict[str, int] = {}
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
    return [Block(s, e, seen[k] > 1) for (s, e), k in zip(spans, keys, strict=True)]


class _TextOfHTML(HTMLParser):
    """Collect the text of an HTML page, one blank line between block elements."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "tr",
            "td",
            "th",
            "section",
            "article",
            "header",
            "footer",
            "figure",
            "figcaption",
            "blockquote",
            "pre",
            "nav",
            "aside",
            "main",
            "address",
            "dd",
            "dt",
            "dl",
            "hr",
        ]
    )
    SKIPPED = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(_SPACE.sub(" ", data))


def html_to_text(source: str) -> str:
    """Return the visible text of an HTML page, blocks separated by blank lines."""
    parser = _TextOfHTML()
    parser.feed(source)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
