"""Round trip (issue 16): extract the two source documents → accept all → load → query.

On a copy of the bundled store: the competency queries still give every expected row (a row
more only where an extracted graph adds the document's own words for a figure), and the new
facts are queryable with their sentences, in SPARQL and on the entity page.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphkit.config import Settings
from graphkit.errors import ValidationFailed
from graphkit.extract.candidates import Kind, Status, write_candidates
from graphkit.extract.facts import EXTRACTED
from graphkit.extract.pipeline import extract_files
from graphkit.extract.review import Review
from graphkit.ingest import load_files
from graphkit.namespaces import GK, GRAPH, ID, RDF
from graphkit.query import run_query
from graphkit.store import GraphStore, open_store
from tests.conftest import answer
from tests.test_competency import EXPECTED, run_named

SEED_FILES = ("000_a69ab9d00e4684dc.txt", "002_3a617df06ec068d5.txt")


@pytest.fixture(scope="module")
def round_trip(
    seeds: Path, bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[GraphStore, Path]]:
    """A copy of the bundled store with the seeds' candidates, all accepted, loaded."""
    folder = tmp_path_factory.mktemp("round-trip")
    shutil.copytree(bundled_store_path, folder / "store")
    store = open_store(Settings(store=folder / "store"))
    path = folder / "candidates.yaml"
    write_candidates(extract_files([seeds / name for name in SEED_FILES], store=store), path)
    session = Review.open(path)
    session.accept_all()
    session.save()
    try:
        load_files(store, [path])
    except ValidationFailed as refused:
        # As a reviewer would: reject the new entities the shapes refuse (each named at its line).
        violations = refused.detail["violations"]
        assert all(v.startswith(f"{path}:") for v in violations), violations
        refused_iris = {ID + v.split(": id:", 1)[1].split()[0] for v in violations if ": id:" in v}
        for c in session.data.candidates:
            if c.kind is Kind.ENTITY and c.fields["iri"] in refused_iris and not c.fields.get("merge_with"):
                c.status = Status.REJECTED
        for c in session.data.candidates:  # and what depends on them
            ends = [c.fields.get(k) for k in ("subject", "object")]
            if any(session.data.by_id().get(str(e)) and session.data.by_id()[str(e)].status is Status.REJECTED
                   for e in ends):  # fmt: skip
                c.status = Status.REJECTED
        session.save()
        load_files(store, [path])
    yield store, folder / "store"
    store.close()


def _extracted_literals(store: GraphStore) -> set[str]:
    within = f'STRSTARTS(STR(?g), "{GRAPH}{EXTRACTED}")'
    query = f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(isLiteral(?o) && {within}) }}"
    rows = run_query(store, query).rows
    return {row["o"].value for row in rows}  # type: ignore[union-attr]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_competency_queries_still_pass(round_trip: tuple[GraphStore, Path], name: str) -> None:
    variables, expected = EXPECTED[name]
    got = answer(run_named(round_trip[0], name), *variables)
    assert expected <= got
    words = _extracted_literals(round_trip[0])
    assert all(any(cell in words for cell in row) for row in got - expected), got - expected


def test_extracted_facts_are_queryable_with_their_sentences(round_trip: tuple[GraphStore, Path]) -> None:
    query = f"""
        SELECT ?quote ?start ?end WHERE {{
            GRAPH ?g {{ ?r <{RDF}subject> <{ID}wdm> ; <{RDF}predicate> <{GK}financedFromFund> ;
                          <{RDF}object> <{ID}erdf> ; <{GK}quote> ?quote ;
                          <{GK}startOffset> ?start ; <{GK}endOffset> ?end }}
            FILTER(STRSTARTS(STR(?g), "{GRAPH}{EXTRACTED}"))
        }}"""
    rows = run_query(round_trip[0], query).rows
    assert rows, "the extracted funding of the WDM has no quote"
    assert "Wirtschaftsdienliche Maßnahmen" in rows[0]["quote"].value  # type: ignore[union-attr]
    assert int(rows[0]["start"].value) < int(rows[0]["end"].value)  # type: ignore[union-attr]


def test_the_entity_page_shows_the_quote_of_a_new_entity(round_trip: tuple[GraphStore, Path]) -> None:
    from fastapi.testclient import TestClient

    from graphkit.api.app import create_app

    settings = Settings(store=round_trip[1])
    app = create_app(settings, open_store(settings, read_only=True), workers=False)
    with TestClient(app) as client:
        page = client.get("/id/co-learning-workshops", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "gestalteten sie einen von sechs Co-Learning-Workshops" in page.text
