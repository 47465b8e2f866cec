"""Reviewing a candidates file: accept, reject, correct or merge each proposed candidate.

`Review` holds a candidates file (`graphkit.extract.candidates`) while a person decides on
its proposed candidates one by one; the terminal (`graphkit review`) and, later, a web page
only show a candidate and pass the decision in. `Review.save` writes the file back through
`graphkit.extract.candidates`, so everything the reviewer did not touch stays as it was.
`find_entities` looks up an existing entity to merge with by name (`graphkit.search`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.errors import BadRequest
from graphkit.extract.candidates import (
    Candidate,
    CandidatesFile,
    Kind,
    Status,
    read_candidates,
    write_candidates,
)
from graphkit.model import is_valid_iri
from graphkit.namespaces import entity_iri

if TYPE_CHECKING:
    from graphkit.search import Hit
    from graphkit.store import GraphStore

#: The fields `Review.edit` may change, per kind of candidate.
EDITABLE: dict[Kind, tuple[str, ...]] = {
    Kind.ENTITY: ("label", "class", "iri"),
    Kind.RELATION: ("predicate",),
    Kind.DATE: ("subject",),
    Kind.COUNT: ("subject", "predicate"),
}


def missing(candidate: Candidate) -> str | None:
    """Return what a candidate lacks to be loaded on its own (a date's subject, a count's
    predicate), or None."""
    if candidate.kind in (Kind.DATE, Kind.COUNT) and not candidate.fields.get("subject"):
        return "a subject"
    if candidate.kind is Kind.COUNT and not candidate.fields.get("predicate"):
        return "a predicate"
    return None


@dataclass(slots=True)
class Marked:
    """A candidate's sentence cut around the words it was read from."""

    before: str
    match: str
    after: str


def marked_sentence(candidate: Candidate) -> Marked:
    """Return the candidate's sentence with its matched words apart (the whole sentence for a relation)."""
    sentence, text = candidate.evidence.sentence, candidate.evidence.text
    at = sentence.find(text) if text else -1
    if at < 0 or text == sentence:
        return Marked("", sentence, "")
    return Marked(sentence[:at], text, sentence[at + len(text) :])


class Review:
    """A candidates file under review: the decisions taken so far, saved on request."""

    def __init__(self, data: CandidatesFile, path: Path | None = None) -> None:
        self.data = data
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Review:
        """Read a candidates file for review.

        Raises:
            LoadError: the file is missing or malformed (the message names file and line).
        """
        return cls(read_candidates(path), path)

    def pending(self) -> list[Candidate]:
        """The proposed candidates, in file order (entities first, as the file lists them)."""
        return [c for c in self.data.candidates if c.status is Status.PROPOSED]

    def counts(self) -> dict[Status, int]:
        """How many candidates have each status."""
        return {s: sum(c.status is s for c in self.data.candidates) for s in Status}

    def accept(self, candidate: Candidate) -> None:
        """Accept a candidate (it is loaded by `graphkit load`)."""
        candidate.status = Status.ACCEPTED

    def reject(self, candidate: Candidate) -> None:
        """Reject a candidate (it is never loaded)."""
        candidate.status = Status.REJECTED

    def edit(self, candidate: Candidate, key: str, value: str) -> None:
        """Correct one field: an entity's label, class or IRI, a relation's predicate, a date's or
        count's subject (an entity candidate id or an IRI), a count's predicate.

        Raises:
            BadRequest: the field is not editable for this kind, or the value is no valid IRI or
                prefixed name where one is needed.
        """
        if key not in EDITABLE[candidate.kind]:
            allowed = ", ".join(EDITABLE[candidate.kind])
            raise BadRequest(
                f"A {candidate.kind.value} candidate's editable fields are {allowed}.", parameter=key
            )
        value = value.strip()
        if not value:
            raise BadRequest(f"{key} must not be empty.", parameter=key, value=value)
        if key == "subject" and value in self.data.by_id():
            candidate.fields[key] = value
            return
        if key in ("iri", "class", "predicate", "subject"):
            iri = entity_iri(value, parameter=key)
            if "://" not in iri or not is_valid_iri(iri):
                raise BadRequest(f"{key} must be an IRI or a prefixed name (gk:…, id:…).", parameter=key)
            value = iri if key in ("iri", "subject") else value
            if key == "iri":
                candidate.fields["existing"] = False
        candidate.fields[key] = value

    def merge(self, candidate: Candidate, iri: str) -> None:
        """Merge an entity candidate into an existing entity: its facts attach to `iri`, no new identity.

        Raises:
            BadRequest: the candidate is no entity, or `iri` is not valid.
        """
        if candidate.kind is not Kind.ENTITY:
            raise BadRequest("Only an entity candidate can be merged.", parameter="merge_with")
        candidate.fields["merge_with"] = entity_iri(iri, parameter="merge_with")
        candidate.status = Status.ACCEPTED

    def accept_all(
        self, *, min_confidence: float = 0.0
    ) -> tuple[list[Candidate], list[tuple[Candidate, str]]]:
        """Accept every proposed candidate of at least `min_confidence` that can be loaded as it is.

        Returns:
            The candidates accepted, and those left proposed with what each lacks.
        """
        accepted: list[Candidate] = []
        left: list[tuple[Candidate, str]] = []
        for c in self.pending():
            if c.confidence < min_confidence:
                continue
            lacks = missing(c)
            if lacks is not None:
                left.append((c, lacks))
                continue
            c.status = Status.ACCEPTED
            accepted.append(c)
        return accepted, left

    def save(self, path: Path | None = None) -> Path:
        """Write the file back (to `path`, else where it was read from) and return where."""
        target = path or self.path
        if target is None:
            raise BadRequest("No file to save the review to.", parameter="path")
        write_candidates(self.data, target)
        return target


def find_entities(store: GraphStore, text: str, *, limit: int = 5, lang: str = "de") -> list[Hit]:
    """Return the store's entities whose names match `text` best, for a merge (see `graphkit.search`).

    Raises:
        BadRequest: the text has no letter or digit.
    """
    from graphkit.projection import build_projection
    from graphkit.search import search_entities
    from graphkit.store.labels import label_index

    return search_entities(build_projection(store), label_index(store), text, limit=limit, lang=lang)
