"""Accepted candidates → RDF: each document's facts in its own named graph, with their sentences.

A candidates file (`graphkit.extract.candidates`) becomes one named graph per document,
``graph:extracted/<document id>``, written as the curated data is: the graph names its source
document (``gk:source``, ``gk:certainty "stated"``: a person accepted that the document says
so), the document is a ``gk:SourceDocument`` with its title, language, file and SHA-256, and
every statement carries its evidence as RDF 1.1 reification (`graphkit.reification`) with the
sentence (``gk:quote``), its line (``gk:line``) and the character offsets of the words that
state it (``gk:startOffset``/``gk:endOffset``); a count's qualifier (``gk:qualifier``) sits
there too. So an extracted fact shows its quote wherever a curated one does.

Only accepted candidates are written. A new entity gets its class, its label in the document's
language and its abbreviation as ``skos:altLabel``; an entity the graph has already
(``existing``) or one merged into another (``merge_with``) gets no new identity: the facts
about it attach to that IRI. A relation, date or count whose subject or object is not an
accepted entity is refused, naming the file and the candidate's line.

`candidates_input` turns a candidates file into a loader `Input` (TriG), each candidate's
triples on the line the candidate starts on in the YAML file, so a SHACL violation names
the candidate's line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graphkit.errors import ConfigError, LoadError
from graphkit.extract.candidates import Candidate, CandidatesFile, Kind, Status, parse_candidates
from graphkit.formats import RdfFormat
from graphkit.loader import Input
from graphkit.namespaces import DCTERMS, GK, RDF, RDFS, SKOS, XSD, entity_iri, graph_iri, slug

#: What a candidates file starts with (its first key).
CANDIDATES_KEY = "graphkit-candidates:"
#: The folder of the graph names of extracted documents (``graph:extracted/<id>``).
EXTRACTED = "extracted/"

SPDX = "http://spdx.org/rdf/terms#"
_TYPE = ox.NamedNode(RDF + "type")
_STATEMENT = ox.NamedNode(RDF + "Statement")
_Object = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_TYPES = {10: "date", 7: "gYearMonth", 4: "gYear"}


def document_graph(document_id: str) -> str:
    """Return the named graph the facts of one extracted document are loaded into."""
    return graph_iri(EXTRACTED + slug(document_id))


def document_iri(document_id: str) -> str:
    """Return the IRI of the source document node of an extracted document (``doc:<id>``)."""
    return entity_iri("doc/" + slug(document_id))


def is_candidates_file(path: Path) -> bool:
    """Whether `path` is a candidates file: a file whose first key is ``graphkit-candidates:``."""
    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                if line.strip() and not line.startswith(("#", "---")):
                    return line.startswith(CANDIDATES_KEY)
    except (OSError, UnicodeDecodeError):
        return False
    return False


@dataclass(slots=True)
class _Located:
    """A block of quads and the line of the candidates file it comes from."""

    line: int
    quads: list[ox.Quad]


class _Facts:
    """The accepted candidates of one file being turned into quads."""

    def __init__(self, data: CandidatesFile, name: str, lines: dict[str, int]) -> None:
        self.data, self.name, self.lines = data, name, lines
        self.by_id = data.by_id()
        self.langs = {str(d.get("id")): str(d.get("lang") or "de") for d in data.documents}

    def fail(self, c: Candidate, message: str) -> LoadError:
        line = self.lines.get(c.id, 1)
        return LoadError(f"{self.name}:{line}: candidate {c.id}: {message}", path=self.name, line=line)

    def entity(self, c: Candidate, ref: Any, role: str) -> ox.NamedNode:
        """The IRI a relation's, date's or count's `role` names: an accepted entity candidate or an IRI."""
        if ref in (None, ""):
            raise self.fail(
                c, f"it has no {role}: set '{role}' to an entity candidate id or an IRI, or reject it."
            )
        text = str(ref)
        target = self.by_id.get(text) or self.by_id.get(f"{c.evidence.document}/{text}")
        if target is None:
            if "://" in text or ":" in text:
                return ox.NamedNode(entity_iri(text, parameter=role))
            raise self.fail(c, f"its {role} {text!r} is no entity candidate id and no IRI.")
        if target.kind is not Kind.ENTITY:
            raise self.fail(c, f"its {role} {text!r} is a {target.kind.value} candidate, not an entity.")
        if target.status is not Status.ACCEPTED:
            raise self.fail(
                c,
                f"its {role} {target.id} is {target.status.value}, not accepted "
                "(accept it, or reject this one).",
            )
        return ox.NamedNode(identity(target))

    def annotated(self, c: Candidate, s: ox.NamedNode, p: str, o: _Object, **extra: _Object) -> list[ox.Quad]:
        """The statement and its evidence (sentence, line, offsets) in the document's graph."""
        ev = c.evidence
        g = ox.NamedNode(document_graph(ev.document))
        r = ox.BlankNode()
        predicate = ox.NamedNode(p)
        quads = [
            ox.Quad(s, predicate, o, g),
            ox.Quad(r, _TYPE, _STATEMENT, g),
            ox.Quad(r, ox.NamedNode(RDF + "subject"), s, g),
            ox.Quad(r, ox.NamedNode(RDF + "predicate"), predicate, g),
            ox.Quad(r, ox.NamedNode(RDF + "object"), o, g),
            ox.Quad(r, ox.NamedNode(GK + "quote"), ox.Literal(ev.sentence, language=self.lang(c)), g),
        ]
        for key, value in (("line", ev.line), ("startOffset", ev.start), ("endOffset", ev.end)):
            if key != "line" or value >= 1:
                quads.append(ox.Quad(r, ox.NamedNode(GK + key), _integer(value), g))
        quads += [ox.Quad(r, ox.NamedNode(GK + key), value, g) for key, value in extra.items()]
        return quads

    def lang(self, c: Candidate) -> str:
        return self.langs.get(c.evidence.document, "de")

    def quads_of(self, c: Candidate) -> list[ox.Quad]:
        if c.kind is Kind.ENTITY:
            return self.new_entity(c)
        if c.kind is Kind.RELATION:
            s, o = (
                self.entity(c, c.fields["subject"], "subject"),
                self.entity(c, c.fields["object"], "object"),
            )
            return self.annotated(c, s, _term(c.fields["predicate"]), o)
        if c.kind is Kind.DATE:
            return self.date(c)
        return self.count(c)

    def new_entity(self, c: Candidate) -> list[ox.Quad]:
        if c.fields.get("existing") or c.fields.get("merge_with"):
            return []  # no new identity: its facts attach to the existing IRI
        s = ox.NamedNode(identity(c))
        g = ox.NamedNode(document_graph(c.evidence.document))
        quads = [ox.Quad(s, _TYPE, ox.NamedNode(_term(c.fields["class"])), g)]
        quads += self.annotated(
            c, s, RDFS + "label", ox.Literal(str(c.fields["label"]), language=self.lang(c))
        )
        short = c.fields.get("short")
        if short:
            quads += self.annotated(c, s, SKOS + "altLabel", ox.Literal(str(short), language=self.lang(c)))
        return quads

    def date(self, c: Candidate) -> list[ox.Quad]:
        s = self.entity(c, c.fields.get("subject"), "subject")
        quads: list[ox.Quad] = []
        for key, predicate in (("begin", "startDate"), ("until", "endDate")):
            value = c.fields.get(key)
            if value not in (None, "", ".."):
                quads += self.annotated(c, s, GK + predicate, _date(str(value), lambda m: self.fail(c, m)))
        if not quads:
            raise self.fail(c, "it has neither 'begin' nor 'until'.")
        return quads

    def count(self, c: Candidate) -> list[ox.Quad]:
        s = self.entity(c, c.fields.get("subject"), "subject")
        if not c.fields.get("predicate"):
            raise self.fail(c, "it has no predicate: set one (gk:participantCount, …) or reject it.")
        value = c.fields["value"]
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(c, f"its value {value!r} is not a whole number.")
        qualifier = c.fields.get("qualifier")
        extra = {"qualifier": ox.NamedNode(_term(str(qualifier)))} if qualifier else {}
        quads = self.annotated(c, s, _term(c.fields["predicate"]), _integer(value), **extra)
        if qualifier:  # the source's own words for the figure, as the curated data keeps them
            words = ox.Literal(c.evidence.text, language=self.lang(c))
            quads += self.annotated(c, s, GK + "countQualifier", words)
        return quads

    def document(self, entry: dict[str, Any]) -> list[ox.Quad]:
        """The graph's source and the source document node."""
        ident = str(entry["id"])
        g = ox.NamedNode(document_graph(ident))
        doc = ox.NamedNode(document_iri(ident))
        lang = str(entry.get("lang") or "de")
        title = ox.Literal(_title(entry), language=lang)
        quads = [
            ox.Quad(g, ox.NamedNode(GK + "source"), doc, g),
            ox.Quad(g, ox.NamedNode(GK + "certainty"), ox.Literal("stated"), g),
            ox.Quad(doc, _TYPE, ox.NamedNode(GK + "SourceDocument"), g),
            ox.Quad(doc, ox.NamedNode(RDFS + "label"), title, g),
            ox.Quad(doc, ox.NamedNode(DCTERMS + "title"), title, g),
            ox.Quad(doc, ox.NamedNode(DCTERMS + "language"), ox.Literal(lang), g),
        ]
        if entry.get("path"):
            quads.append(
                ox.Quad(doc, ox.NamedNode(GK + "localFile"), ox.Literal(Path(str(entry["path"])).name), g)
            )
        if entry.get("sha256"):
            checksum = ox.BlankNode()
            quads += [
                ox.Quad(doc, ox.NamedNode(SPDX + "checksum"), checksum, g),
                ox.Quad(
                    checksum,
                    ox.NamedNode(SPDX + "algorithm"),
                    ox.NamedNode(SPDX + "checksumAlgorithm_sha256"),
                    g,
                ),
                ox.Quad(checksum, ox.NamedNode(SPDX + "checksumValue"), ox.Literal(str(entry["sha256"])), g),
            ]
        return quads


def identity(c: Candidate) -> str:
    """Return the IRI an entity candidate stands for: the entity it merges with, else its own."""
    return str(c.fields.get("merge_with") or c.fields["iri"])


def located_quads(
    data: CandidatesFile, *, name: str, lines: dict[str, int] | None = None
) -> Iterator[_Located]:
    """Yield the quads of the accepted candidates, each block with its line in the file.

    Args:
        data: the candidates file's contents.
        name: the file's name, for errors.
        lines: the line of each document (``document:<id>``) and candidate (by id).

    Raises:
        LoadError: an accepted relation, date or count names an entity that is not accepted,
            or lacks what it needs (a subject, a predicate); the message names file and line.
    """
    facts = _Facts(data, name, lines or {})
    for entry in data.documents:
        yield _Located(facts.lines.get(f"document:{entry.get('id')}", 1), facts.document(entry))
    known = {str(d.get("id")) for d in data.documents}
    for c in data.candidates:
        if c.status is not Status.ACCEPTED:
            continue
        if c.evidence.document not in known:
            raise facts.fail(c, f"its document {c.evidence.document!r} is not listed under 'documents'.")
        yield _Located(facts.lines.get(c.id, 1), facts.quads_of(c))


def candidate_quads(data: CandidatesFile, *, name: str = "<candidates>") -> list[ox.Quad]:
    """Return the quads of a candidates file's accepted facts (see `located_quads`)."""
    return [q for block in located_quads(data, name=name) for q in block.quads]


def read_candidate_facts(path: Path) -> tuple[CandidatesFile, bytes]:
    """Read a candidates file; return its contents and its accepted facts as TriG.

    Each candidate's triples stand on the line the candidate starts on in the file, so a
    violation found in them names that line.

    Raises:
        LoadError: the file cannot be read or is malformed, or a fact is refused.
        ConfigError: PyYAML is not installed.
    """
    try:
        import yaml
    except ModuleNotFoundError:
        raise ConfigError("Reading a candidates file needs PyYAML: pip install -e '.[extract]'.") from None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"{path}: cannot read: {error}.", path=str(path)) from None
    data = parse_candidates(text, name=str(path))
    lines = file_lines(yaml.compose(text, Loader=yaml.SafeLoader))
    return data, facts_trig(data, name=str(path), lines=lines)


def facts_trig(data: CandidatesFile, *, name: str, lines: dict[str, int]) -> bytes:
    """Return the accepted facts as TriG, each candidate's triples on its `lines` entry.

    Raises:
        LoadError: a fact is refused (it names an entity not accepted, lacks a subject…).
    """
    out: list[str] = []
    for block in located_quads(data, name=name, lines=lines):
        out.extend("" for _ in range(block.line - 1 - len(out)))
        out.append(
            " ".join(f"{q.graph_name} {{ {q.subject} {q.predicate} {q.object} . }}" for q in block.quads)
        )
    return ("\n".join(out) + "\n").encode("utf-8")


def candidates_input(path: Path, *, curated: bool = False) -> Input:
    """Return a candidates file as a loader `Input` of its accepted facts (see `read_candidate_facts`)."""
    data, trig = read_candidate_facts(path)
    graph = document_graph(str(data.documents[0]["id"])) if data.documents else graph_iri(EXTRACTED + "none")
    return Input(str(path), path, trig, RdfFormat.TRIG, False, graph, curated)


def file_lines(root: Any) -> dict[str, int]:
    """The 1-based line of each document (``document:<id>``) and candidate of a composed file."""
    import yaml

    found: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return found
    for key, value in root.value:
        if key.value in ("documents", "candidates") and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.MappingNode):
                    ident = next((v.value for k, v in item.value if k.value == "id"), None)
                    if ident is not None:
                        prefix = "document:" if key.value == "documents" else ""
                        found.setdefault(prefix + str(ident), item.start_mark.line + 1)
    return found


def _term(ref: Any) -> str:
    return entity_iri(str(ref), parameter="class or predicate")


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _date(value: str, fail: Any) -> ox.Literal:
    """An ISO date, month or year as xsd:date, xsd:gYearMonth or xsd:gYear."""
    kind = _XSD_TYPES.get(len(value))
    if kind is None or not value[:4].isdigit():
        raise fail(f"{value!r} is no date, month or year (YYYY-MM-DD, YYYY-MM, YYYY).")
    return ox.Literal(value, datatype=ox.NamedNode(XSD + kind))


def _title(entry: dict[str, Any]) -> str:
    """The document's title: as the file says, else its first line, else its id."""
    if entry.get("title"):
        return str(entry["title"])
    path = entry.get("path")
    if path and Path(str(path)).suffix.lower() in (".txt", ".md"):
        try:
            with Path(str(path)).open(encoding="utf-8") as stream:
                for line in stream:
                    if line.strip():
                        return " ".join(line.lstrip("#").split())[:200]
        except (OSError, UnicodeDecodeError):
            pass
    return str(entry["id"])
