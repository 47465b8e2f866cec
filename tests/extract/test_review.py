"""`graphkit review`: the decisions typed in the terminal are saved, and nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.errors import BadRequest
from graphkit.extract.candidates import Status, read_candidates, write_candidates
from graphkit.extract.review import Review, marked_sentence, missing
from graphkit.namespaces import ID

from .test_facts import candidates


@pytest.fixture
def proposed(tmp_path: Path) -> Path:
    """The hand-written candidates file with every candidate proposed."""
    data = candidates()
    for c in data.candidates:
        c.status = Status.PROPOSED
    path = tmp_path / "c.yaml"
    write_candidates(data, path)
    return path


def _statuses(path: Path) -> dict[str, str]:
    return {c.id: c.status.value for c in read_candidates(path).candidates}


def test_keys_accept_reject_skip_edit_and_quit_save_the_file(proposed: Path) -> None:
    before = read_candidates(proposed)
    keys = "a\nr\ns\ne\nlabel\nGäste der Werkstatt\nr\nq\n"
    result = CliRunner().invoke(app, ["review", str(proposed)], input=keys)
    assert result.exit_code == 0, result.output
    assert "[Werkstatt Quartier]" in result.output  # the sentence with the match marked
    after = read_candidates(proposed)
    assert _statuses(proposed) == {
        "entity-wq": "accepted",
        "entity-bmi": "rejected",
        "entity-werkstatt": "proposed",
        "entity-gaeste": "rejected",
        "relation-wq-organizedby-bmi": "proposed",
        "date-2022-03-01--2022-03-02": "proposed",
        "count-80-gaesten": "proposed",
        "date-2022": "proposed",
    }
    assert after.by_id()["entity-gaeste"].fields["label"] == "Gäste der Werkstatt"
    # everything else round-trips unchanged
    for old, new in zip(before.candidates, after.candidates, strict=True):
        assert (old.evidence, old.mentions, old.confidence) == (new.evidence, new.mentions, new.confidence)
    assert before.documents == after.documents
    assert result.output.rstrip().endswith("1 accepted, 2 rejected")  # summary names every status
    assert "5 proposed" in result.output


def test_merge_finds_an_existing_entity_by_name(proposed: Path, bundled_store_path: Path) -> None:
    keys = "s\ns\nm\nThemenwerkstatt 2020\n1\nq\n"
    result = CliRunner().invoke(
        app, ["review", str(proposed), "--store", str(bundled_store_path)], input=keys
    )
    assert result.exit_code == 0, result.output
    merged = read_candidates(proposed).by_id()["entity-werkstatt"]
    assert merged.status is Status.ACCEPTED
    assert merged.fields["merge_with"] == ID + "biwaq-themenwerkstatt-2020"


def test_accept_all_from_a_confidence_leaves_what_cannot_be_loaded(proposed: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(proposed)], input="A\n0.85\n")
    assert result.exit_code == 0, result.output
    statuses = _statuses(proposed)
    assert statuses["entity-wq"] == "accepted" and statuses["date-2022-03-01--2022-03-02"] == "accepted"
    assert statuses["count-80-gaesten"] == "proposed"  # confidence 0.8
    assert statuses["date-2022"] == "proposed"  # no subject
    assert "left proposed: date-2022 (needs a subject" in result.output


def test_accept_all_option_for_scripts(proposed: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(proposed), "--accept-all"])
    assert result.exit_code == 0, result.output
    assert set(_statuses(proposed).values()) == {"accepted", "proposed"}
    assert [k for k, v in _statuses(proposed).items() if v == "proposed"] == ["date-2022"]


def test_accept_asks_for_what_a_candidate_lacks_and_edit_sets_it(proposed: Path) -> None:
    keys = "s\ns\ns\ns\ns\ns\ns\na\ne\nsubject\nentity-wq\na\n"
    result = CliRunner().invoke(app, ["review", str(proposed)], input=keys)
    assert result.exit_code == 0, result.output
    assert "it needs a subject to be loaded" in result.output
    assert _statuses(proposed)["date-2022"] == "accepted"


def test_review_core_refuses_bad_edits() -> None:
    session = Review(candidates())
    entity, date = session.data.candidates[0], session.data.candidates[-1]
    with pytest.raises(BadRequest):
        session.edit(entity, "subject", "entity-bmi")  # not an entity's field
    with pytest.raises(BadRequest):
        session.edit(entity, "iri", "not an iri")
    session.edit(entity, "class", "gk:Forum")
    assert entity.fields["class"] == "gk:Forum"
    assert missing(date) == "a subject"
    marked = marked_sentence(date)
    assert marked.match == "2022" and marked.before.endswith("März ")


def test_a_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert "cannot read" in result.output
