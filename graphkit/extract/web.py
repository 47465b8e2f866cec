"""The candidates file as the review page holds it: read, written, checked and loaded like the file.

The review page (`/review`) keeps a candidates file in the browser as JSON — the mapping the
YAML file holds — while a person reviews it; the server keeps nothing between requests. Every
function here goes through `graphkit.extract.candidates` (parse, dump) and
`graphkit.extract.facts` (the accepted facts, each candidate's triples on its line of the
file), so the page, `graphkit review` and `graphkit load candidates.yaml` read and write the
same file and refuse the same things. Lines named in errors and problems are lines of the
file the page would download (`dump_candidates` of what it sent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from graphkit.errors import BadRequest, LoadError
from graphkit.extract.candidates import FORMAT, CandidatesFile, Status, dump_candidates, parse_candidates
from graphkit.extract.facts import EXTRACTED, document_graph, facts_trig, file_lines
from graphkit.formats import RdfFormat
from graphkit.ingest import LoadReport, load_inputs, write_inputs
from graphkit.loader import Input
from graphkit.namespaces import graph_iri
from graphkit.store.base import GraphStore

#: The body parameter errors name (`detail.parameter`): the candidates file sent.
PARAMETER = "candidates"
#: How a load from the review page is named in the load records and in errors.
SOURCE = "review page"


def file_name(name: str | None) -> str:
    """Return the bare name of the file the page opened (``candidates.yaml`` if none), for messages."""
    bare = PureWindowsPath(PurePosixPath(name or "").name).name.strip()
    return bare[:120] or "candidates.yaml"


def _refused(error: LoadError) -> BadRequest:
    return BadRequest(error.message, parameter=PARAMETER, line=error.detail.get("line"))


def candidates_from_yaml(text: str, *, name: str) -> CandidatesFile:
    """Parse the text of a candidates file (as `graphkit review` reads one).

    Raises:
        BadRequest: it is not a valid candidates file (the message names file and line).
    """
    try:
        return parse_candidates(text, name=name)
    except LoadError as error:
        raise _refused(error) from None


def candidates_from_json(document: Any, *, name: str) -> CandidatesFile:
    """Read a candidates file sent as JSON (the mapping its YAML holds), checked as the file is.

    Raises:
        BadRequest: it is not a valid candidates file (the message names file and line).
    """
    import yaml

    if not isinstance(document, dict):
        raise BadRequest("The candidates file must be a JSON object.", parameter=PARAMETER)
    documents = document.get("documents", [])
    if not isinstance(documents, list) or not all(
        isinstance(d, dict) and isinstance(d.get("id"), str) and d["id"] for d in documents
    ):
        raise BadRequest("'documents' must be a list of objects, each with an 'id'.", parameter=PARAMETER)
    version = document.get("graphkit-candidates")
    if type(version) is not int or version != FORMAT:  # not True, which equals 1
        raise BadRequest(f"'graphkit-candidates' must be {FORMAT}.", parameter=PARAMETER)
    if not isinstance(document.get("candidates"), list):
        raise BadRequest("'candidates' must be a list.", parameter=PARAMETER)
    # The YAML of what was sent, read by the file's own parser: the same rules, the same messages.
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return candidates_from_yaml(text, name=name)


def as_document(data: CandidatesFile) -> dict[str, Any]:
    """Return the mapping a candidates file holds (what the page keeps as JSON)."""
    return {
        "graphkit-candidates": FORMAT,
        "documents": data.documents,
        "candidates": [c.as_dict() for c in data.candidates],
    }


def _dumped_lines(data: CandidatesFile) -> dict[str, int]:
    """The line of each document (``document:<id>``) and candidate in the file `dump_candidates` writes."""
    import yaml

    return file_lines(yaml.compose(dump_candidates(data), Loader=yaml.SafeLoader))


def candidate_lines(data: CandidatesFile) -> dict[str, int]:
    """Return the line each candidate starts on in the file `dump_candidates` writes."""
    lines = _dumped_lines(data)
    return {c.id: lines[c.id] for c in data.candidates if c.id in lines}


def candidate_owners(data: CandidatesFile) -> dict[int, str]:
    """Return whose line each line of the dumped file is (a candidate's id, or ``document:<id>``)."""
    return {line: ident for ident, line in _dumped_lines(data).items()}


@dataclass(slots=True)
class Problem:
    """One reason the accepted facts would not load (or a warning): where, and what."""

    message: str
    severity: str = "Violation"
    candidate: str | None = None
    line: int | None = None


@dataclass(slots=True)
class CheckReport:
    """What a load of the accepted facts would meet: the problems, the triples it would write."""

    accepted: int
    triples: int = 0
    graphs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def loadable(self) -> bool:
        """Whether a load would be accepted (no problem is a violation)."""
        return not any(p.severity == "Violation" for p in self.problems)


@dataclass(slots=True)
class _Facts:
    """The accepted facts of a candidates file as a loader input, and which line is whose."""

    source: Input
    owners: dict[int, str]


def _facts(data: CandidatesFile, *, name: str) -> _Facts:
    """Return the accepted facts as TriG, each candidate's triples on its line of the dumped file.

    Raises:
        LoadError: an accepted fact is refused (it names an entity not accepted, lacks a subject…).
    """
    lines = _dumped_lines(data)
    # A document's title is read from its file when the candidates file gives none; a file sent
    # over HTTP must not make the server open paths on its own disk: its title is its id instead.
    documents = [d if d.get("title") else {**d, "title": d["id"]} for d in data.documents]
    served = CandidatesFile(documents=documents, candidates=data.candidates)
    trig = facts_trig(served, name=name, lines=lines)
    first = data.documents[0]["id"] if data.documents else None
    graph = document_graph(str(first)) if first else graph_iri(EXTRACTED + "none")
    source = Input(f"{SOURCE}: {name}", None, trig, RdfFormat.TRIG, False, graph)
    owners = {line: ident for ident, line in lines.items()}
    return _Facts(source, owners)


def _problem(error: LoadError, owners: dict[int, str]) -> Problem:
    line = error.detail.get("line")
    return Problem(error.message, candidate=owners.get(line) if line else None, line=line)


def check_candidates(store: GraphStore, data: CandidatesFile, *, name: str) -> CheckReport:
    """Check the accepted facts as `graphkit load` would, together with what `store` holds; write nothing.

    Returns:
        The problems (violations with the candidate and its line, warnings), and what a load
        would write.
    """
    accepted = sum(c.status is Status.ACCEPTED for c in data.candidates)
    report = CheckReport(accepted=accepted)
    try:
        facts = _facts(data, name=name)
    except LoadError as error:
        report.problems.append(_problem(error, candidate_owners(data)))
        return report
    try:
        with store.scratch() as writer:
            _replaced, violations = write_inputs(writer, [facts.source], validate=True)
    except LoadError as error:
        report.problems.append(_problem(error, facts.owners))
        return report
    report.graphs = sorted(facts.source.stats.quads)
    report.triples = sum(facts.source.stats.quads.values())
    for v in violations:
        owner = facts.owners.get(v.line) if v.line else None
        report.problems.append(Problem(v.describe(), severity=v.severity, candidate=owner, line=v.line))
    return report


def load_candidates(store: GraphStore, data: CandidatesFile, *, name: str) -> LoadReport:
    """Load the accepted facts into each document's graph, as `graphkit load candidates.yaml` does.

    Raises:
        LoadError: an accepted fact is refused (the message names the file and the candidate's line;
            `detail.candidate` names it).
        ValidationFailed: the facts break a rule (nothing is written).
    """
    try:
        facts = _facts(data, name=name)
    except LoadError as error:
        line = error.detail.get("line")
        raise LoadError(
            error.message,
            parameter=PARAMETER,
            line=line,
            candidate=candidate_owners(data).get(line) if line else None,
        ) from None
    return load_inputs(store, [facts.source])


__all__ = [
    "PARAMETER",
    "CheckReport",
    "Problem",
    "as_document",
    "candidate_lines",
    "candidates_from_json",
    "candidates_from_yaml",
    "check_candidates",
    "file_name",
    "load_candidates",
]
