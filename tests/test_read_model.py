"""The read model: pages of neighbourhoods read from the store's indexes, caches per store version.

A hub of 5,000 projects financed from the ESF is added to the bundled graph. Its pages are
read without reading all of its links; a plain neighbourhood pages with `offset` and a
`Link: <…>; rel="next"` header; a load through another store object (another process in
real life) is seen by the API and /sparql of a read-only server alike; and the server
answers without building a projection of the whole store.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx
import pytest
from fastapi.testclient import TestClient

from graphkit.api.app import create_app
from graphkit.config import Settings
from graphkit.explore import grouped_neighbourhood, neighbourhood
from graphkit.ingest import load_files
from graphkit.model import Term
from graphkit.namespaces import GK, ID
from graphkit.projection import Projection
from graphkit.snapshot import open_snapshot
from graphkit.store import OxigraphStore, open_store

HUB_SIZE = 5_000
ESF = ID + "esf"


def projects(name: str, count: int) -> str:
    """Turtle of `count` projects financed from the ESF, in a graph citing its own source."""
    lines = [
        "@prefix : <https://w3id.org/graphkit/id/> .",
        "@prefix doc: <https://w3id.org/graphkit/id/doc/> .",
        "@prefix gk: <https://w3id.org/graphkit/ontology#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        f'<https://w3id.org/graphkit/graph/{name}> gk:source doc:{name} ; gk:certainty "stated" .',
        f'doc:{name} a gk:SourceDocument ; rdfs:label "Liste"@de , "List"@en ; dcterms:title "List"@en .',
    ]
    lines += [
        f':{name}-{n:04d} a gk:Project ; rdfs:label "Projekt {n}"@de , "Project {n}"@en ; '
        "gk:financedFromFund :esf ."
        for n in range(count)
    ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def hub_store(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hub5000")
    source = folder / "hub-projects.ttl"
    source.write_text(projects("hub-project", HUB_SIZE), encoding="utf-8")
    path = folder / "store"
    shutil.copytree(bundled_store_path, path)
    store = open_store(Settings(store=path))
    load_files(store, [source])
    store.close()
    return path


@pytest.fixture(scope="module")
def client(hub_store: Path) -> Iterator[TestClient]:
    settings = Settings(store=hub_store)
    with TestClient(create_app(settings, open_store(settings, read_only=True), workers=False)) as test_client:
        yield test_client


def next_link(response: object) -> str | None:
    found = re.fullmatch(r'<([^>]+)>; rel="next"', response.headers.get("link", ""))  # type: ignore[attr-defined]
    return found.group(1) if found else None


# --- paging plain neighbourhoods ----------------------------------------------------------------


def test_a_plain_neighbourhood_pages_with_offset_and_a_next_link(client: TestClient) -> None:
    url: str | None = "/api/entities/esf/neighbourhood?limit=1000&lang=de"
    seen: list[str] = []
    pages = 0
    while url is not None:
        response = client.get(url)
        body = response.json()
        # The keys stay the contract; the page's offset and the next page's URL are in it too.
        assert set(body) == {"focus", "nodes", "edges", "truncated", "offset", "next"}
        assert body["nodes"][0]["id"] == "esf" and len(body["nodes"]) <= 1000
        assert body["offset"] == len(seen)
        seen += [n["id"] for n in body["nodes"] if n["id"] != "esf"]
        url = next_link(response)
        assert body["next"] == url
        assert body["truncated"] is (url is not None)
        if url is not None:
            assert "lang=de" in url and "limit=1000" in url and f"offset={len(seen)}" in url
        pages += 1
    assert pages == 6
    assert len(seen) == len(set(seen)) >= HUB_SIZE  # every neighbour once, on one page


def test_pages_of_a_small_neighbourhood_add_up_to_the_whole(client: TestClient) -> None:
    whole = client.get("/api/entities/biwaq/neighbourhood").json()
    assert whole["truncated"] is False
    found: set[str] = set()
    offset = 0
    while True:
        response = client.get(f"/api/entities/biwaq/neighbourhood?limit=4&offset={offset}")
        found |= {n["id"] for n in response.json()["nodes"]}
        if next_link(response) is None:
            break
        offset += 3
    assert found == {n["id"] for n in whole["nodes"]}


def test_an_offset_past_the_end_is_an_empty_last_page(client: TestClient) -> None:
    response = client.get("/api/entities/biwaq/neighbourhood?offset=10000")
    body = response.json()
    assert [n["id"] for n in body["nodes"]] == ["biwaq"] and body["truncated"] is False
    assert next_link(response) is None


# --- hubs: a page without reading every link -------------------------------------------------------


class CountingSnapshot:
    """A snapshot that counts the statements its look-ups hand out."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.version = inner.version  # type: ignore[attr-defined]
        self.read = 0

    def _counted(self, found: Iterator[tuple[str, Term]]) -> Iterator[tuple[str, Term]]:
        for item in found:
            self.read += 1
            yield item

    def objects(self, subject: str, predicate: str | None = None) -> Iterator[tuple[str, Term]]:
        return self._counted(self.inner.objects(subject, predicate))  # type: ignore[attr-defined]

    def subjects(self, obj: str, predicate: str | None = None) -> Iterator[tuple[str, Term]]:
        return self._counted(self.inner.subjects(obj, predicate))  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_a_hub_answers_its_first_pages_reading_a_few_of_its_links(hub_store: Path) -> None:
    store = OxigraphStore(hub_store, read_only=True)
    try:
        snapshot = CountingSnapshot(open_snapshot(store))
        projection = Projection(snapshot)  # type: ignore[arg-type]
        plain = neighbourhood(projection, ESF, limit=200)
        assert len(plain.nodes) == 200 and plain.truncated and plain.next_offset == 199
        # Not the hub's 5,000 links: its page, and the few links of each node on it (to find
        # the links among them), bounded by the number of nodes whatever their degrees.
        assert snapshot.read < 2_000

        snapshot.read = 0
        groups = grouped_neighbourhood(projection, ESF, limit=20)
        funded = next(g for g in groups if g.predicate == GK + "financedFromFund" and g.direction == "in")
        assert funded.count >= HUB_SIZE  # counted in the store
        assert len(funded.nodes) == 20
        assert snapshot.read < 1_000

        snapshot.read = 0
        later = grouped_neighbourhood(
            projection, ESF, predicates=[GK + "financedFromFund"], limit=20, offset=40
        )
        assert [g.offset for g in later] == [40] and len(later[0].nodes) == 20
        assert later[0].count == funded.count  # the count is remembered for the version
        assert snapshot.read < 1_000
    finally:
        store.close()


def test_hub_pages_over_http_are_disjoint_and_counted(client: TestClient) -> None:
    body = client.get("/api/entities/esf/neighbourhood?group=predicate&limit=20").json()
    group = next(g for g in body["groups"] if g["predicate"] == GK + "financedFromFund")
    assert group["count"] >= HUB_SIZE and len(group["nodes"]) == 20 and group["next"]
    second = client.get(group["next"]).json()["groups"][0]
    assert second["offset"] == 20 and len(second["nodes"]) == 20
    assert not {n["id"] for n in second["nodes"]} & {n["id"] for n in group["nodes"]}


# --- caches keyed by the store version ----------------------------------------------------------------


def test_a_load_by_another_writer_is_seen_by_the_api_and_sparql_alike(
    bundled_store_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "store"
    shutil.copytree(bundled_store_path, path)
    settings = Settings(store=path)
    with TestClient(create_app(settings, OxigraphStore(path, read_only=True), workers=False)) as client:
        # Warm every cache of the first version: counts, labels, entities, statistics.
        grouped = client.get("/api/entities/esf/neighbourhood?group=predicate&limit=5").json()
        before = {(g["predicate"], g["direction"]): g["count"] for g in grouped["groups"]}
        triples = client.get("/api/stats").json()["triples"]
        assert client.get("/api/entities/late-project-0000").status_code == 404
        assert client.get("/api/search", params={"q": "late project"}).json()["results"] == []

        source = tmp_path / "late-project.ttl"
        source.write_text(projects("late-project", 3), encoding="utf-8")
        writer = OxigraphStore(path)  # another store object: the server holds no lock
        load_files(writer, [source])
        writer.close()

        grouped = client.get("/api/entities/esf/neighbourhood?group=predicate&limit=5").json()
        after = {(g["predicate"], g["direction"]): g["count"] for g in grouped["groups"]}
        key = (GK + "financedFromFund", "in")
        assert after[key] == before[key] + 3
        assert client.get("/api/entities/late-project-0000").json()["label"] == "Project 0"
        assert client.get("/api/stats").json()["triples"] > triples
        found = client.get("/api/search", params={"q": "late"}).json()["results"]
        assert "late-project-0000" not in [r["id"] for r in found]  # labels are "Project 0"…
        assert {r["id"] for r in client.get("/api/search", params={"q": "project 2"}).json()["results"]} >= {
            "late-project-0002"
        }
        ask = client.get(
            "/sparql",
            params={"query": f"ASK {{ <{ID}late-project-0001> ?p ?o }}"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert ask.json()["boolean"] is True


# --- start ------------------------------------------------------------------------------------------


def test_the_server_answers_without_building_a_projection(
    bundled_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    original = networkx.MultiDiGraph.__init__

    def record(self: networkx.MultiDiGraph, *args: object, **kwargs: object) -> None:
        built.append("networkx")
        original(self, *args, **kwargs)

    monkeypatch.setattr(networkx.MultiDiGraph, "__init__", record)
    monkeypatch.setattr(networkx.Graph, "__init__", record)
    import graphkit.overview

    def refuse(*args: object, **kwargs: object) -> Iterator[str]:
        raise AssertionError("the whole store was enumerated")

    monkeypatch.setattr(graphkit.overview, "entities", refuse)
    settings = Settings(store=bundled_store_path)
    with TestClient(create_app(settings, open_store(settings, read_only=True), workers=False)) as client:
        for url in (
            "/healthz",
            "/api/entities/biwaq",
            "/api/entities/biwaq/neighbourhood?depth=2",
            "/api/entities/esf/neighbourhood?group=predicate",
            "/api/path?from=bbwa&to=biwaq",
            "/api/search?q=biwaq",
            "/api/stats",
            "/graph?focus=biwaq",
            "/id/biwaq",
        ):
            assert client.get(url, headers={"Accept": "application/json"}).status_code == 200, url
    assert built == []
