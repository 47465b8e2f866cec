"""The candidates file: written, read back unchanged, and refused with file and line when malformed."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import LoadError
from graphkit.extract.candidates import (
    CandidatesFile,
    Kind,
    Status,
    dump_candidates,
    parse_candidates,
    read_candidates,
)
from graphkit.extract.pipeline import Extractor
from graphkit.extract.text import document_from_text

TEXT = (
    "Das Programm „Bildung, Wirtschaft, Arbeit im Quartier - BIWAQ“ wird durch den Europäischen Sozialfonds "
    "gefördert. Die Fachwerkstatt 2021 fand vom 3. bis 4. Mai 2021 mit etwa 90 Teilnehmenden statt.\n\n"
    "EUROPÄISCHE UNION\n\nDer Text.\n\nEUROPÄISCHE UNION\n"
)


@pytest.fixture
def written(extractor_de: Extractor, tmp_path: Path) -> Path:
    document = document_from_text(TEXT, id="probe")
    path = tmp_path / "candidates.yaml"
    path.write_text(
        dump_candidates(CandidatesFile([{"id": "probe"}], extractor_de.extract(document))), encoding="utf-8"
    )
    return path


def test_every_candidate_carries_its_evidence(written: Path) -> None:
    data = read_candidates(written)
    kinds = {c.kind for c in data.candidates}
    assert kinds == {Kind.ENTITY, Kind.RELATION, Kind.DATE, Kind.COUNT}
    for c in data.candidates:
        e = c.evidence
        assert c.status is Status.PROPOSED and 0 < c.confidence <= 1
        assert e.document == "probe" and e.rule and e.line >= 1
        assert " ".join(TEXT[e.start : e.end].split()) == e.text and e.text in e.sentence
    union = data.by_id()["entity-european-union"]
    assert union.boilerplate and union.fields["existing"] is True
    assert not data.by_id()["entity-biwaq"].boilerplate


def test_round_trip_keeps_every_field(written: Path) -> None:
    data = read_candidates(written)
    assert dump_candidates(data) == written.read_text(encoding="utf-8")


def test_review_edits_are_read(written: Path) -> None:
    text = written.read_text(encoding="utf-8").replace("status: proposed", "status: accepted", 1)
    assert parse_candidates(text).candidates[0].status is Status.ACCEPTED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("status: proposed", "status: maybe"), "status must be one of proposed, accepted, rejected"),
        (("kind: entity", "kind: thing"), "kind must be one of"),
        (("iri: https://w3id.org/graphkit/id/biwaq", "iri: not an iri"), "iri 'not an iri' is not an IRI"),
        (("confidence: 0.9", "confidence: 9"), "confidence must be a number from 0 to 1"),
    ],
)
def test_errors_name_the_file_and_line(written: Path, change: tuple[str, str], message: str) -> None:
    text = written.read_text(encoding="utf-8")
    assert change[0] in text
    broken = text.replace(change[0], change[1], 1)
    written.write_text(broken, encoding="utf-8")
    with pytest.raises(LoadError, match=message) as error:
        read_candidates(written)
    line = error.value.detail["line"]
    assert error.value.message.startswith(f"{written}:{line}: ")
    entry = broken.splitlines()[line - 1]
    assert entry.startswith("- id: ")


def test_a_relation_must_point_at_an_entity_candidate(written: Path) -> None:
    text = written.read_text(encoding="utf-8")
    broken = text.replace("subject: entity-biwaq", "subject: entity-nowhere", 1)
    with pytest.raises(LoadError, match="subject 'entity-nowhere' is no entity candidate id"):
        parse_candidates(broken, name="c.yaml")


def test_not_yaml_or_not_candidates() -> None:
    with pytest.raises(LoadError, match=r"^c.yaml:2: not valid YAML"):
        parse_candidates("a: [1\nb: 2", name="c.yaml")
    with pytest.raises(LoadError, match="not a candidates file"):
        parse_candidates("other: 1\n", name="c.yaml")
