"""Candidate facts and the candidates file: written for review, read back, validated.

A candidates file (YAML) names the documents it was extracted from and lists the candidates,
each with a stable ``id``, a ``status`` a reviewer sets (``proposed`` → ``accepted`` or
``rejected``), and the evidence: document, sentence, character offsets in the document's
text, line, the rule that found it and a confidence. An entity candidate has an editable
``iri``, ``label`` and ``class`` (``existing: true`` when the graph has it already) and a
``merge_with`` for an existing entity it should be merged into; a relation names its subject
and object by entity candidate id; a date has its ISO/EDTF value and precision; a count its
number, qualifier and property. Every occurrence after the first is listed under
``mentions``; ``boilerplate: true`` marks a candidate seen only in repeated footers and captions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from graphkit.errors import LoadError

#: The version of the file format this module writes and reads.
FORMAT = 1


class Kind(StrEnum):
    """What a candidate proposes."""

    ENTITY = "entity"
    RELATION = "relation"
    DATE = "date"
    COUNT = "count"


class Status(StrEnum):
    """Where a candidate is in review."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(slots=True)
class Evidence:
    """Where a candidate was read: the sentence and the span in the document's text."""

    document: str
    sentence: str
    start: int
    end: int
    line: int
    text: str
    rule: str
    boilerplate: bool = False


@dataclass(slots=True)
class Candidate:
    """One candidate fact for review.

    Attributes:
        id: stable id (``entity-bmi``, ``relation-biwaq-financedfromfund-esf``).
        kind: entity, relation, date or count.
        evidence: the first place it was read.
        confidence: how sure the rule that found it is (0-1).
        status: proposed, accepted or rejected.
        mentions: the other places it was read.
        fields: what it proposes (entity: text, label, class, iri, existing, merge_with,
            forms; relation: subject, predicate, object; date: value, begin, until,
            precision; count: value, qualifier, noun, predicate, subject).
    """

    id: str
    kind: Kind
    evidence: Evidence
    confidence: float
    status: Status = Status.PROPOSED
    mentions: list[Evidence] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def boilerplate(self) -> bool:
        """Whether every place it was read is boilerplate (a repeated footer or caption)."""
        return self.evidence.boilerplate and all(m.boilerplate for m in self.mentions)

    def as_dict(self) -> dict[str, Any]:
        """Return the candidate as the mapping the file holds (evidence keys at the top)."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind.value, "status": self.status.value}
        out.update(self.fields)
        out["confidence"] = round(self.confidence, 2)
        out["boilerplate"] = self.boilerplate
        out.update(_evidence_dict(self.evidence))
        if self.mentions:
            out["mentions"] = [_evidence_dict(m) for m in self.mentions]
        return out


def _evidence_dict(e: Evidence) -> dict[str, Any]:
    return {
        "document": e.document, "line": e.line, "start": e.start, "end": e.end, "text": e.text,
        "rule": e.rule, "boilerplate": e.boilerplate, "sentence": e.sentence,
    }  # fmt: skip


@dataclass(slots=True)
class CandidatesFile:
    """The contents of a candidates file: its documents and candidates."""

    documents: list[dict[str, Any]]
    candidates: list[Candidate]

    def by_id(self) -> dict[str, Candidate]:
        """Return the candidates by id."""
        return {c.id: c for c in self.candidates}


def dump_candidates(data: CandidatesFile) -> str:
    """Return the YAML text of a candidates file."""
    import yaml

    document = {
        "graphkit-candidates": FORMAT,
        "documents": data.documents,
        "candidates": [c.as_dict() for c in data.candidates],
    }
    # libyaml's dumper where PyYAML has it (the same text, three times as fast), else Python's.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100))


def write_candidates(data: CandidatesFile, path: Path) -> None:
    """Write a candidates file."""
    path.write_text(dump_candidates(data), encoding="utf-8")


_REQUIRED = {
    Kind.ENTITY: ("label", "class", "iri"),
    Kind.RELATION: ("subject", "predicate", "object"),
    Kind.DATE: ("value", "precision"),
    Kind.COUNT: ("value",),
}
_EVIDENCE = ("document", "line", "start", "end", "text", "rule", "sentence")


def read_candidates(path: Path) -> CandidatesFile:
    """Read and validate a candidates file.

    Raises:
        LoadError: the file is missing, not YAML, or a candidate is malformed (the message
            names the file and the line of the candidate).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LoadError(f"{path}: cannot read: {error.strerror}.", path=str(path)) from None
    return parse_candidates(text, name=str(path))


def parse_candidates(text: str, *, name: str = "<candidates>") -> CandidatesFile:
    """Parse and validate the text of a candidates file (see `read_candidates`)."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise LoadError(
            f"{name}:{line or 1}: not valid YAML: {getattr(error, 'problem', error)}.", path=name, line=line
        ) from None

    def fail(line: int, message: str) -> LoadError:
        return LoadError(f"{name}:{line}: {message}", path=name, line=line)

    if not isinstance(data, dict) or data.get("graphkit-candidates") != FORMAT:
        raise fail(1, f"not a candidates file (it must start with 'graphkit-candidates: {FORMAT}').")
    lines = _candidate_lines(root)
    raw = data.get("candidates") or []
    if not isinstance(raw, list):
        raise fail(1, "'candidates' must be a list.")
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        line = lines[index] if index < len(lines) else 1
        candidates.append(_candidate(entry, line, fail, seen))
    entities = {c.id for c in candidates if c.kind is Kind.ENTITY}
    for index, c in enumerate(candidates):
        if c.kind is Kind.RELATION:
            for end in ("subject", "object"):
                ref = str(c.fields[end])
                if ref not in entities and "://" not in ref:
                    raise fail(
                        lines[index], f"candidate {c.id}: {end} {ref!r} is no entity candidate id and no IRI."
                    )
    documents = data.get("documents") or []
    return CandidatesFile(documents=documents if isinstance(documents, list) else [], candidates=candidates)


def _candidate_lines(root: Any) -> list[int]:
    """The 1-based line of each entry of the ``candidates`` list."""
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "candidates" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _candidate(entry: Any, line: int, fail: Any, seen: set[str]) -> Candidate:
    from graphkit.model import is_valid_iri

    if not isinstance(entry, dict):
        raise fail(line, "a candidate must be a mapping.")
    ident = entry.get("id")
    if not isinstance(ident, str) or not ident:
        raise fail(line, "a candidate needs an 'id'.")
    if ident in seen:
        raise fail(line, f"candidate id {ident!r} is used twice.")
    seen.add(ident)
    try:
        kind = Kind(str(entry.get("kind")))
    except ValueError:
        raise fail(
            line, f"candidate {ident}: kind must be one of {', '.join(k.value for k in Kind)}."
        ) from None
    try:
        status = Status(str(entry.get("status", "proposed")))
    except ValueError:
        raise fail(
            line, f"candidate {ident}: status must be one of {', '.join(s.value for s in Status)}."
        ) from None
    for key in (*_REQUIRED[kind], *_EVIDENCE):
        if entry.get(key) in (None, ""):
            raise fail(line, f"candidate {ident}: '{key}' is missing.")
    confidence = entry.get("confidence", 0.5)
    if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        raise fail(line, f"candidate {ident}: confidence must be a number from 0 to 1.")
    if not (
        isinstance(entry["start"], int)
        and isinstance(entry["end"], int)
        and 0 <= entry["start"] <= entry["end"]
    ):
        raise fail(line, f"candidate {ident}: start and end must be offsets with start ≤ end.")
    for key in ("iri", "merge_with"):
        value = entry.get(key)
        if value is not None and not (isinstance(value, str) and "://" in value and is_valid_iri(value)):
            raise fail(line, f"candidate {ident}: {key} {value!r} is not an IRI.")
    evidence = _evidence(entry)
    mentions = [_evidence(m) for m in entry.get("mentions") or [] if isinstance(m, dict)]
    skipped = {"id", "kind", "status", "confidence", "mentions", *_EVIDENCE}
    fields = {k: v for k, v in entry.items() if k not in skipped and k != "boilerplate"}
    return Candidate(ident, kind, evidence, float(confidence), status, mentions, fields)


def _evidence(entry: dict[str, Any]) -> Evidence:
    return Evidence(
        document=str(entry.get("document", "")),
        sentence=str(entry.get("sentence", "")),
        start=int(entry.get("start", 0)),
        end=int(entry.get("end", 0)),
        line=int(entry.get("line", 0)),
        text=str(entry.get("text", "")),
        rule=str(entry.get("rule", "")),
        boilerplate=bool(entry.get("boilerplate", False)),
    )
