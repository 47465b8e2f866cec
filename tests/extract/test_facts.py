"""Accepted candidates → RDF (`graphkit.extract.facts`) and `graphkit load candidates.yaml`.

A hand-written candidates file of one document: a new event, an existing ministry, a new
body merged into an existing one, a relation, a date and a count, some accepted, some not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.errors import LoadError, ValidationFailed
from graphkit.extract.candidates import Candidate, CandidatesFile, Evidence, Kind, Status, write_candidates
from graphkit.extract.facts import candidate_quads, document_graph, is_candidates_file, read_candidate_facts
from graphkit.ingest import load_files
from graphkit.namespaces import GK, ID, RDF, RDFS, SKOS, XSD
from graphkit.query import run_query
from graphkit.store import open_store

SENTENCE = (
    "Auf Einladung des BMI fand die Werkstatt Quartier (WQ) vom 1. bis 2. März 2022 mit etwa 80 Gästen statt."
)
GRAPH = document_graph("werkstatt")


def _evidence(text: str, rule: str = "test") -> Evidence:
    start = SENTENCE.index(text)
    return Evidence("werkstatt", SENTENCE, start, start + len(text), 3, text, rule)


def _entity(
    ident: str, text: str, label: str, cls: str, local: str = "werkstatt-quartier", **more: object
) -> Candidate:
    fields = {"label": label, "class": cls, "iri": ID + local, "existing": False, "merge_with": None, **more}
    return Candidate(ident, Kind.ENTITY, _evidence(text), 0.9, Status.ACCEPTED, fields=fields)


def candidates() -> CandidatesFile:
    """One document's candidates: everything accepted but the rejected ones named so."""
    wq = {"subject": "entity-wq"}
    dates = {
        "value": "2022-03-01/2022-03-02",
        "begin": "2022-03-01",
        "until": "2022-03-02",
        "precision": "day",
    }
    count = {"value": 80, "qualifier": "gk:about", "noun": "Gästen", "predicate": "gk:participantCount"}
    relation = {"subject": "entity-wq", "predicate": "gk:organizedBy", "object": "entity-bmi"}
    year = {"value": "2022", "begin": "2022", "until": "2022", "precision": "year"}
    accepted = Status.ACCEPTED
    # fmt: off
    return CandidatesFile(
        documents=[{"id": "werkstatt", "path": "werkstatt.txt", "sha256": "ab" * 32, "lang": "de"}],
        candidates=[
            _entity("entity-wq", "Werkstatt Quartier", "Werkstatt Quartier", "gk:Workshop", short="WQ"),
            _entity("entity-bmi", "BMI", "Bundesministerium des Innern", "gk:Ministry", "bmi", existing=True),
            _entity("entity-werkstatt", "Werkstatt", "Werkstatt", "gk:Event", "werkstatt",
                    merge_with=ID + "biwaq-themenwerkstatt-2020"),
            _entity("entity-gaeste", "Gästen", "Gäste", "gk:Organisation", "gaeste"),
            Candidate("relation-wq-organizedby-bmi", Kind.RELATION, _evidence(SENTENCE), 0.8, accepted,
                      fields=relation),
            Candidate("date-2022-03-01--2022-03-02", Kind.DATE, _evidence("vom 1. bis 2. März 2022"), 0.9,
                      accepted, fields={**dates, **wq}),
            Candidate("count-80-gaesten", Kind.COUNT, _evidence("etwa 80 Gästen"), 0.8, accepted,
                      fields={**count, **wq}),
            Candidate("date-2022", Kind.DATE, _evidence("2022"), 0.9, fields=year),
        ],
    )
    # fmt: on


def _rejected(data: CandidatesFile, *ids: str) -> CandidatesFile:
    for c in data.candidates:
        if c.id in ids:
            c.status = Status.REJECTED
    return data


def _graph(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def _ask(store: ox.Store, body: str) -> bool:
    prefixes = f"PREFIX gk: <{GK}> PREFIX id: <{ID}> PREFIX rdf: <{RDF}> PREFIX rdfs: <{RDFS}> "
    prefixes += f"PREFIX skos: <{SKOS}> PREFIX xsd: <{XSD}> "
    return bool(store.query(prefixes + f"ASK {{ GRAPH <{GRAPH}> {{ {body} }} }}"))


def test_a_new_entity_has_its_class_label_and_short_form_each_with_its_sentence() -> None:
    store = _graph(candidate_quads(_rejected(candidates(), "entity-gaeste")))
    assert _ask(
        store,
        'id:werkstatt-quartier a gk:Workshop ; rdfs:label "Werkstatt Quartier"@de ; skos:altLabel "WQ"@de',
    )
    start = SENTENCE.index("Werkstatt Quartier")
    assert _ask(
        store,
        f"?r a rdf:Statement ; rdf:subject id:werkstatt-quartier ; rdf:predicate rdfs:label ; "
        f'rdf:object "Werkstatt Quartier"@de ; gk:quote "{SENTENCE}"@de ; gk:line 3 ; '
        f"gk:startOffset {start} ; gk:endOffset {start + len('Werkstatt Quartier')}",
    )


def test_existing_and_merged_entities_get_no_new_identity() -> None:
    store = _graph(candidate_quads(_rejected(candidates(), "entity-gaeste")))
    for iri in ("bmi", "werkstatt", "biwaq-themenwerkstatt-2020"):
        assert not _ask(store, f"id:{iri} ?p ?o"), iri
    assert _ask(store, "id:werkstatt-quartier gk:organizedBy id:bmi")


def test_dates_are_typed_by_precision_and_counts_keep_their_qualifier() -> None:
    store = _graph(candidate_quads(_rejected(candidates(), "entity-gaeste")))
    assert _ask(
        store, 'id:werkstatt-quartier gk:startDate "2022-03-01"^^xsd:date ; gk:endDate "2022-03-02"^^xsd:date'
    )
    assert _ask(
        store,
        "id:werkstatt-quartier gk:participantCount 80 . ?r rdf:subject id:werkstatt-quartier ; "
        "rdf:predicate gk:participantCount ; gk:qualifier gk:about ; gk:quote ?q . "
        'id:werkstatt-quartier gk:countQualifier "etwa 80 Gästen"@de',
    )
    assert not _ask(store, '?s ?p "2022"^^xsd:gYear')  # the proposed date is not loaded


def test_the_graph_names_its_source_document() -> None:
    store = _graph(candidate_quads(_rejected(candidates(), "entity-gaeste")))
    assert _ask(
        store,
        f'<{GRAPH}> gk:source <{ID}doc/werkstatt> ; gk:certainty "stated" . '
        f'<{ID}doc/werkstatt> a gk:SourceDocument ; gk:localFile "werkstatt.txt" ; '
        f'<http://spdx.org/rdf/terms#checksum>/<http://spdx.org/rdf/terms#checksumValue> "{"ab" * 32}"',
    )


def test_a_relation_to_an_entity_not_accepted_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    data = candidates()
    data.candidates[1].status = Status.PROPOSED  # entity-bmi
    path = tmp_path / "c.yaml"
    write_candidates(data, path)
    with pytest.raises(LoadError) as caught:
        read_candidate_facts(path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "id: relation-wq" in text)
    assert str(caught.value).startswith(
        f"{path}:{line}: candidate relation-wq-organizedby-bmi: its object entity-bmi"
    )
    assert "proposed, not accepted" in str(caught.value)


def test_a_date_without_subject_is_refused() -> None:
    data = candidates()
    data.candidates[-1].status = Status.ACCEPTED
    with pytest.raises(LoadError, match="date-2022: it has no subject"):
        candidate_quads(data, name="c.yaml")


def test_a_candidates_file_is_known_by_its_first_key(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    write_candidates(candidates(), path)
    other = tmp_path / "other.yaml"
    other.write_text("documents: []\n")
    assert is_candidates_file(path) and not is_candidates_file(other)


@pytest.fixture
def store_copy(bundled_store_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store"
    shutil.copytree(bundled_store_path, path)
    return path


def _triples(path: Path, graph: str) -> int:
    opened = open_store(Settings(store=path), read_only=True)
    try:
        result = run_query(opened, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(result.rows[0]["n"].value)
    finally:
        opened.close()


def test_graphkit_load_loads_the_accepted_facts_and_replaces_them_when_loaded_again(
    store_copy: Path, tmp_path: Path
) -> None:
    path = tmp_path / "c.yaml"
    write_candidates(_rejected(candidates(), "entity-gaeste"), path)
    result = CliRunner().invoke(app, ["load", str(path), "--store", str(store_copy)])
    assert result.exit_code == 0, result.output
    first = _triples(store_copy, GRAPH)
    assert first > 20
    data = _rejected(candidates(), "entity-gaeste", "count-80-gaesten")
    write_candidates(data, path)
    result = CliRunner().invoke(app, ["load", str(path), "--store", str(store_copy)])
    assert result.exit_code == 0, result.output
    assert 0 < _triples(store_copy, GRAPH) < first


def test_a_violation_loads_nothing_and_names_the_candidate_line(store_copy: Path, tmp_path: Path) -> None:
    """A new Senate department that names no state it belongs to: the shapes refuse it at its line."""
    data = candidates()
    data.candidates[3].fields["class"] = "gk:StateDepartment"  # needs gk:locatedIn
    path = tmp_path / "c.yaml"
    write_candidates(data, path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "id: entity-gaeste" in text)
    opened = open_store(Settings(store=store_copy))
    try:
        with pytest.raises(ValidationFailed) as caught:
            load_files(opened, [path])
        assert f"{path}:{line}: id:gaeste gk:locatedIn" in str(caught.value)
        assert GRAPH not in opened.graph_names()
    finally:
        opened.close()
