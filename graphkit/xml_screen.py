"""The XML prolog, screened before the RDF/XML parser sees a byte: no DTD may make a file grow.

An XML document type declaration can define entities whose expansion is exponential
("billion laughs": 1 KB → 3 GB), quadratic (one long entity referenced many times), or
reads other files and URLs (external entities, external DTDs, parameter entities). None
of that is RDF, so graphkit refuses it, naming the file and the line of the declaration.

One thing is allowed because real ontologies do it: Protégé writes a DOCTYPE of simple
abbreviations (``<!ENTITY owl "http://www.w3.org/2002/07/owl#" >``) and uses ``&owl;`` in
attribute values. An internal entity whose replacement text is short (`MAX_ENTITY_BYTES`),
holds no ``&``, ``%`` or ``<`` (so it cannot refer to another entity or add markup), with at
most `MAX_ENTITIES` of them, is expanded here, while streaming, and the DOCTYPE is replaced
by blank lines (so the parser's line numbers stay the file's). The parser never sees a
DOCTYPE. Expanding a reference of at least 3 bytes into at most `MAX_ENTITY_BYTES` bounds
the growth, and the expanded text still passes the token limit of `graphkit.screen`.
(References inside comments and CDATA sections are expanded too; a CDATA section that
spells ``&owl;`` literally gets the IRI.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.errors import LoadError

#: Most simple entities a DOCTYPE may declare.
MAX_ENTITIES = 64
#: Longest replacement text of an allowed entity, in bytes.
MAX_ENTITY_BYTES = 512
#: Longest prolog (XML declaration, comments, DOCTYPE) read before the root element.
MAX_PROLOG_BYTES = 1 << 20

_NAME = rb"[A-Za-z_:\x80-\xff][\w.:\x80-\xff-]*"
_DECLARATION = re.compile(rb"<\?xml(?:\s[^>]*)?\?>", re.DOTALL)
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
#: A processing instruction: its target is a name (so no `<!DOCTYPE` can hide in its place).
_PI = re.compile(rb"<\?" + _NAME + rb"(?:\s.*?)?\?>", re.DOTALL)
_SPACE = re.compile(rb"\s+")
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+(" + _NAME + rb")\s*")
_EXTERNAL_ID = re.compile(rb"(?:SYSTEM|PUBLIC)\b")
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?(" + _NAME + rb")\s+")
_QUOTED = re.compile(rb""""([^"]*)"|'([^']*)'""")
_MARKUP_DECL = re.compile(rb"""<!(?:ELEMENT|ATTLIST|NOTATION)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_PE_REFERENCE = re.compile(rb"%" + _NAME + rb";")
_ROOT = re.compile(rb"<[A-Za-z_:\x80-\xff]")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}
#: Markup that must never appear after the prolog.
_LATE_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")


@dataclass(slots=True)
class Prolog:
    """What the prolog screen found: the bytes to hand on and the entities to expand."""

    text: bytes
    entities: dict[bytes, bytes] = field(default_factory=dict)
    #: The bytes after the prolog (the start of the body, still to be expanded).
    rest: bytes = b""


def _line(head: bytes, position: int) -> int:
    return head.count(b"\n", 0, position) + 1


def screen_prolog(head: bytes, name: str, *, complete: bool) -> Prolog | None:
    """Screen the prolog at the start of `head`; return None if more bytes are needed.

    Args:
        head: the first bytes of the document (no byte order mark).
        name: the file name, for errors.
        complete: `head` is the whole document (no more bytes will come).

    Raises:
        LoadError: an external DTD or entity, a parameter entity, an entity that refers to
            another or is too long, too many entities, or a declared encoding other than UTF-8.
    """
    position = 0
    entities: dict[bytes, bytes] = {}
    kept = bytearray()
    while True:
        blank = _SPACE.match(head, position)
        if blank:
            kept += blank.group()
            position = blank.end()
        if position >= len(head):
            return Prolog(bytes(kept), entities) if complete else _more(head, name)
        for pattern in (_DECLARATION, _COMMENT, _PI):
            found = pattern.match(head, position)
            if found:
                if pattern is _DECLARATION:
                    _check_encoding(found.group(), name)
                kept += found.group()
                position = found.end()
                break
        else:
            doctype = _DOCTYPE.match(head, position)
            if doctype:
                end, entities = _doctype(head, doctype.end(), name, _line(head, position), complete)
                if end is None:
                    return _more(head, name)
                kept += b"\n" * head.count(b"\n", position, end)
                position = end
                continue
            if not complete and (len(head) - position < 16 or head.startswith((b"<!--", b"<?"), position)):
                return _more(head, name)
            if head.startswith(b"<!DOCTYPE", position):
                line = _line(head, position)
                raise LoadError(f"{name}:{line}: a malformed DOCTYPE.", path=name, line=line)
            return Prolog(bytes(kept), entities, head[position:])


def _more(head: bytes, name: str) -> Prolog | None:
    if len(head) > MAX_PROLOG_BYTES:
        raise LoadError(
            f"{name}: the XML prolog (declaration, comments, DOCTYPE) is longer than "
            f"{MAX_PROLOG_BYTES} bytes; graphkit refuses it.",
            path=name,
        )
    return None


def _check_encoding(declaration: bytes, name: str) -> None:
    found = _ENCODING.search(declaration)
    if found and found.group(1).decode("ascii", "replace").strip().lower() not in _UTF8_NAMES:
        encoding = found.group(1).decode("ascii", "replace")
        raise LoadError(
            f"{name}:1: the file declares encoding {encoding!r}; graphkit reads UTF-8 only "
            f"(convert it, e.g. `iconv -f {encoding} -t UTF-8`, and fix the declaration).",
            path=name,
            line=1,
        )


def _doctype(
    head: bytes, position: int, name: str, line: int, complete: bool
) -> tuple[int | None, dict[bytes, bytes]]:
    """Screen a DOCTYPE from after its name; return where it ends (None: read more) and its entities."""
    if _EXTERNAL_ID.match(head, position):
        raise LoadError(
            f"{name}:{line}: the DOCTYPE names an external DTD; graphkit never reads one "
            "(remove the SYSTEM/PUBLIC identifier).",
            path=name,
            line=line,
        )
    entities: dict[bytes, bytes] = {}
    if head.startswith(b">", position):
        return position + 1, entities
    if not head.startswith(b"[", position):
        if position >= len(head) and not complete:
            return None, entities
        raise LoadError(f"{name}:{line}: a malformed DOCTYPE.", path=name, line=line)
    position += 1
    while True:
        blank = _SPACE.match(head, position)
        if blank:
            position = blank.end()
        at = _line(head, position)
        if head.startswith(b"]", position):
            closing = re.compile(rb"\]\s*>").match(head, position)
            if closing:
                return closing.end(), entities
            if not complete and len(head) - position < 64:
                return None, entities
            raise LoadError(f"{name}:{at}: a malformed DOCTYPE.", path=name, line=at)
        if head.startswith(b"%", position):
            raise LoadError(
                f"{name}:{at}: a parameter entity reference in the DOCTYPE; graphkit refuses "
                "parameter entities.",
                path=name,
                line=at,
            )
        entity = _ENTITY.match(head, position)
        if entity:
            position = _entity(head, entity, entities, name, at)
            if position < 0:
                return None, entities
            continue
        found = (
            _COMMENT.match(head, position) or _PI.match(head, position) or _MARKUP_DECL.match(head, position)
        )
        if found:
            position = found.end()
            continue
        if not complete:
            return None, entities
        raise LoadError(f"{name}:{at}: a malformed DOCTYPE.", path=name, line=at)


def _entity(head: bytes, entity: re.Match[bytes], entities: dict[bytes, bytes], name: str, line: int) -> int:
    """Screen one ``<!ENTITY``; return the position after it (-1: read more)."""
    key = entity.group(2)
    shown = key.decode("utf-8", "replace")
    if entity.group(1):
        raise LoadError(
            f"{name}:{line}: the DOCTYPE declares the parameter entity %{shown}; graphkit refuses "
            "parameter entities.",
            path=name,
            line=line,
        )
    position = entity.end()
    if _EXTERNAL_ID.match(head, position):
        raise LoadError(
            f"{name}:{line}: the DOCTYPE declares the external entity &{shown}; (SYSTEM/PUBLIC); "
            "graphkit never reads other files or URLs.",
            path=name,
            line=line,
        )
    quoted = _QUOTED.match(head, position)
    if quoted is None:
        return -1 if len(head) - position < MAX_ENTITY_BYTES + 8 else _bad_entity(name, line, shown)
    value = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    if b"&" in value or b"%" in value:
        raise LoadError(
            f"{name}:{line}: the entity &{shown}; refers to another entity; graphkit expands only "
            "simple entities (a short text without & or %), never nested ones (billion laughs).",
            path=name,
            line=line,
        )
    if b"<" in value or b"\n" in value:
        raise LoadError(
            f"{name}:{line}: the entity &{shown}; holds markup or a line break; graphkit expands "
            "only simple entities (short text on one line).",
            path=name,
            line=line,
        )
    if len(value) > MAX_ENTITY_BYTES:
        raise LoadError(
            f"{name}:{line}: the entity &{shown}; is {len(value)} bytes long; graphkit expands "
            f"entities of at most {MAX_ENTITY_BYTES} bytes (a long entity referenced many times "
            "is a quadratic blow-up).",
            path=name,
            line=line,
        )
    if len(entities) >= MAX_ENTITIES:
        raise LoadError(
            f"{name}:{line}: the DOCTYPE declares more than {MAX_ENTITIES} entities; graphkit refuses it.",
            path=name,
            line=line,
        )
    closing = re.compile(rb"\s*>").match(head, quoted.end())
    if closing is None:
        return -1 if len(head) - quoted.end() < 64 else _bad_entity(name, line, shown)
    entities[key] = value.replace(b'"', b"&quot;").replace(b"'", b"&apos;")
    return closing.end()


def _bad_entity(name: str, line: int, shown: str) -> int:
    raise LoadError(f"{name}:{line}: a malformed declaration of the entity &{shown};.", path=name, line=line)


_REFERENCE = re.compile(rb"&(" + _NAME + rb");")


class EntityExpander:
    """Expand the allowed entities in the body and refuse a DOCTYPE or ENTITY after the prolog."""

    def __init__(self, entities: dict[bytes, bytes], name: str) -> None:
        self.entities, self.name = entities, name
        self._held = b""

    def feed(self, data: bytes, line: int, *, final: bool) -> bytes:
        """Return the body bytes to hand on (some may be held back until the next call).

        Args:
            line: the line on which `data` (after what is held back) starts, for errors.
        """
        data = self._held + data
        self._held = b""
        late = _LATE_DTD.search(data)
        if late:
            at = line + data.count(b"\n", 0, late.start())
            raise LoadError(
                f"{self.name}:{at}: a DOCTYPE or ENTITY declaration after the start of the document; "
                "graphkit refuses it.",
                path=self.name,
                line=at,
            )
        if not final:
            cut = max(data.rfind(b"&"), data.rfind(b"<"))
            if cut >= 0 and len(data) - cut < 256 and b";" not in data[cut:] and b">" not in data[cut:]:
                data, self._held = data[:cut], data[cut:]
        if self.entities and b"&" in data:
            data = _REFERENCE.sub(lambda m: self.entities.get(m.group(1), m.group()), data)
        return data
