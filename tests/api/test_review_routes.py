"""The review page's routes: a candidates file read, written, checked and loaded over HTTP (issue 16).

A hand-written candidates file of one document, served by a writable copy of the loaded store
with an update token: its YAML round-trips through JSON, a check names the candidate whose
facts break a rule and writes nothing, a load needs the token and writes the document's graph,
whose facts the entity API then shows with their sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphkit.extract.candidates import Candidate, CandidatesFile, Evidence, Kind, Status, dump_candidates
from graphkit.extract.facts import document_graph
from graphkit.namespaces import GK

from .conftest import ID, UPDATE_TOKEN, AppFactory, error_of

SENTENCE = (
    "Auf Einladung des BMI fand die Werkstatt Quartier (WQ) vom 1. bis 2. März 2022 mit etwa 80 Gästen statt."
)
DOCUMENT = "werkstatt-review"
GRAPH = document_graph(DOCUMENT)
WQ = "werkstatt-quartier"
TOKEN = {"Authorization": f"Bearer {UPDATE_TOKEN}"}


def _evidence(text: str) -> Evidence:
    start = SENTENCE.index(text)
    return Evidence(DOCUMENT, SENTENCE, start, start + len(text), 3, text, "test")


def _entity(ident: str, text: str, label: str, cls: str, local: str, **more: Any) -> Candidate:
    fields = {"label": label, "class": cls, "iri": ID + local, "existing": False, "merge_with": None, **more}
    return Candidate(ident, Kind.ENTITY, _evidence(text), 0.9, Status.ACCEPTED, fields=fields)


def candidates_file() -> CandidatesFile:
    """A new workshop organised by the (existing) ministry, with its dates and guests; one rejected."""
    relation = {"subject": "entity-wq", "predicate": "gk:organizedBy", "object": "entity-bmi"}
    dates = {"value": "2022-03-01/2022-03-02", "begin": "2022-03-01", "until": "2022-03-02"}
    count = {"value": 80, "qualifier": "gk:about", "noun": "Gästen", "predicate": "gk:participantCount"}
    accepted = Status.ACCEPTED
    return CandidatesFile(
        documents=[{"id": DOCUMENT, "title": "Werkstatt Quartier", "lang": "de"}],
        candidates=[
            _entity(
                "entity-wq", "Werkstatt Quartier", "Werkstatt Quartier", "gk:Workshop", "werkstatt-quartier"
            ),
            _entity("entity-bmi", "BMI", "Bundesministerium des Innern", "gk:Ministry", "bmi", existing=True),
            _entity("entity-gaeste", "Gästen", "Gäste", "gk:Organisation", "gaeste"),
            Candidate("relation-wq-bmi", Kind.RELATION, _evidence(SENTENCE), 0.8, accepted, fields=relation),
            Candidate(
                "date-wq",
                Kind.DATE,
                _evidence("vom 1. bis 2. März 2022"),
                0.9,
                accepted,
                fields={**dates, "precision": "day", "subject": "entity-wq"},
            ),
            Candidate(
                "count-wq",
                Kind.COUNT,
                _evidence("etwa 80 Gästen"),
                0.8,
                accepted,
                fields={**count, "subject": "entity-wq"},
            ),
        ],
    )


def as_json(client: TestClient, data: CandidatesFile) -> dict[str, Any]:
    """The file as the page holds it: its YAML read by `/api/candidates/parse`."""
    response = client.post(
        "/api/candidates/parse",
        params={"file": "werkstatt.yaml"},
        content=dump_candidates(data).encode(),
        headers={"Content-Type": "application/yaml"},
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def reject(document: dict[str, Any], ident: str) -> dict[str, Any]:
    for c in document["candidates"]:
        if c["id"] == ident:
            c["status"] = "rejected"
    return document


@pytest.fixture(scope="module")
def client(serve_copy: AppFactory) -> Iterator[TestClient]:
    with serve_copy(update_token=UPDATE_TOKEN) as client:
        yield client


def test_yaml_round_trips_through_the_page_json(client: TestClient) -> None:
    data = candidates_file()
    document = as_json(client, data)
    assert document["graphkit-candidates"] == 1
    assert [c["id"] for c in document["candidates"]] == [c.id for c in data.candidates]
    assert document["lines"]["entity-wq"] > 1
    written = client.post("/api/candidates/yaml", params={"file": "../werkstatt.yaml"}, json=document)
    assert written.status_code == 200, written.text
    assert written.headers["content-type"].startswith("application/yaml")
    assert "filename*=UTF-8''werkstatt.yaml" in written.headers["content-disposition"]
    assert written.text == dump_candidates(data)


def test_an_edit_comes_back_in_the_yaml(client: TestClient) -> None:
    document = as_json(client, candidates_file())
    document["candidates"][2]["label"] = "Gäste der Werkstatt"
    document["candidates"][2]["status"] = "rejected"
    text = client.post("/api/candidates/yaml", json=document).text
    assert "label: Gäste der Werkstatt" in text
    assert text.count("status: rejected") == 1


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"graphkit-candidates: 1\ncandidates:\n- id: x\n  kind: entity\n", "werkstatt.yaml:3"),
        (b"not: [a candidates file", "not valid YAML"),
    ],
    ids=["malformed-candidate", "not-yaml"],
)
def test_parse_refuses_a_bad_file_naming_its_line(client: TestClient, body: bytes, words: str) -> None:
    response = client.post("/api/candidates/parse", params={"file": "werkstatt.yaml"}, content=body)
    error = error_of(response, 400)
    assert words in error["message"]
    assert error["detail"]["parameter"] == "candidates"


@pytest.mark.parametrize(
    "body",
    [b"[]", b"{", b'{"graphkit-candidates": true, "candidates": []}', b'{"graphkit-candidates": 1}'],
    ids=["a-list", "not-json", "version-true", "no-candidates"],
)
def test_a_body_that_is_no_candidates_file_is_refused(client: TestClient, body: bytes) -> None:
    response = client.post(
        "/api/candidates/check", content=body, headers={"Content-Type": "application/json"}
    )
    assert error_of(response, 400)["detail"]["parameter"] == "candidates"


def test_check_names_the_candidate_that_breaks_a_rule_and_writes_nothing(client: TestClient) -> None:
    document = as_json(client, candidates_file())
    document["candidates"][2]["class"] = "gk:StateDepartment"  # a department must name its state or city
    response = client.post("/api/candidates/check", params={"file": "werkstatt.yaml"}, json=document)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["loadable"] is False
    violations = [p for p in report["problems"] if p["severity"] == "Violation"]
    assert [p["candidate"] for p in violations] == ["entity-gaeste"]
    assert violations[0]["line"] == document["lines"]["entity-gaeste"]
    assert "werkstatt.yaml" in violations[0]["message"] and "gk:locatedIn" in violations[0]["message"]
    graphs = [g["graph"] for g in client.get("/api/graphs").json()["graphs"]]
    assert GRAPH not in graphs

    fine = client.post("/api/candidates/check", json=reject(document, "entity-gaeste")).json()
    assert fine["loadable"] is True, fine
    assert fine["graphs"] == [GRAPH] and fine["triples"] > 10 and fine["accepted"] == 5


def test_check_names_an_accepted_fact_about_an_entity_not_accepted(client: TestClient) -> None:
    document = reject(as_json(client, candidates_file()), "entity-wq")
    report = client.post("/api/candidates/check", json=document).json()
    assert report["loadable"] is False
    assert report["problems"][0]["candidate"] == "relation-wq-bmi"
    assert "not accepted" in report["problems"][0]["message"]


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": UPDATE_TOKEN}], ids=str
)
def test_load_needs_the_update_token(client: TestClient, headers: dict[str, str]) -> None:
    document = reject(as_json(client, candidates_file()), "entity-gaeste")
    response = client.post("/api/candidates/load", json=document, headers=headers)
    assert "update token" in error_of(response, 403, "query_refused")["message"]
    assert GRAPH not in [g["graph"] for g in client.get("/api/graphs").json()["graphs"]]


def test_load_refuses_violations_with_422_and_writes_nothing(client: TestClient) -> None:
    document = as_json(client, candidates_file())
    document["candidates"][2]["class"] = "gk:StateDepartment"
    response = client.post("/api/candidates/load", json=document, headers=TOKEN)
    error = error_of(response, 422, "validation_failed")
    assert any("gk:locatedIn" in v for v in error["detail"]["violations"])
    assert GRAPH not in [g["graph"] for g in client.get("/api/graphs").json()["graphs"]]


def test_load_writes_the_document_graph_and_the_entity_shows_its_sentence(client: TestClient) -> None:
    document = reject(as_json(client, candidates_file()), "entity-gaeste")
    response = client.post(
        "/api/candidates/load", params={"file": "werkstatt.yaml"}, json=document, headers=TOKEN
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert [g["graph"] for g in report["graphs"]] == [GRAPH]
    assert report["triples"] == report["graphs"][0]["triples"] > 10
    entity = client.get("/api/entities/werkstatt-quartier").json()
    assert entity["label"] == "Werkstatt Quartier"
    quoted = {(s["predicate"], e["quote"]) for s in entity["properties"] for e in s["evidence"] if e["quote"]}
    assert (GK + "organizedBy", SENTENCE) in quoted, entity["properties"]
    assert (GK + "participantCount", SENTENCE) in quoted
    assert "doc/" + DOCUMENT in {s["id"] for s in entity["sources"]}
    assert "gaeste" not in {
        n["id"] for n in client.get("/api/search", params={"q": "Gäste"}).json()["results"]
    }


def test_a_read_only_server_says_so(serve_copy: AppFactory) -> None:
    with serve_copy(read_only=True, update_token=UPDATE_TOKEN) as client:
        document = reject(as_json(client, candidates_file()), "entity-gaeste")
        checked = client.post("/api/candidates/check", json=document)
        assert checked.status_code == 200 and checked.json()["loadable"] is True, checked.text
        response = client.post("/api/candidates/load", json=document, headers=TOKEN)
        assert "read-only" in error_of(response, 403)["message"]


def test_a_body_over_the_limit_is_refused(serve_copy: AppFactory) -> None:
    with serve_copy(max_body_bytes=1024) as client:
        body = dump_candidates(candidates_file()).encode()
        assert len(body) > 1024
        error = error_of(client.post("/api/candidates/parse", content=body), 413, "too_large")
        assert error["detail"]["setting"] == "GRAPHKIT_MAX_BODY_BYTES"


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Review candidate facts"), ("de", "Vorgeschlagene Fakten")]
)
def test_the_page_is_a_shell_with_its_script_in_the_page_language(
    client: TestClient, lang: str, heading: str
) -> None:
    response = client.get("/review", params={"lang": lang}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = response.text
    assert heading in page
    assert "/static/review-page.js" in page
    assert "<script>" not in page  # the policy runs no inline script: data is application/json
    assert 'href="/review"' in client.get("/", headers={"Accept": "text/html"}).text
