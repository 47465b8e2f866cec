"""The served network page at /graph: the same views as the API, assets from /static."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graphkit.api.app import create_app
from graphkit.config import Settings
from graphkit.store import open_store
from tests.test_viz import embedded_data, parse


@pytest.fixture(scope="module")
def client(bundled_store_path: Path) -> Iterator[TestClient]:
    settings = Settings(store=bundled_store_path)
    app = create_app(settings, open_store(settings, read_only=True), workers=False)
    with TestClient(app) as test_client:
        yield test_client


def node_ids(page: str) -> list[str]:
    nodes = embedded_data(page)["nodes"]
    assert isinstance(nodes, list)
    return [n["id"] for n in nodes]


def test_whole_graph_page(client: TestClient) -> None:
    response = client.get("/graph")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    data = embedded_data(response.text)
    assert data["focus"] is None and len(node_ids(response.text)) > 50
    assert data["api"] == {
        "search": "/api/search",
        "entities": "/api/entities/",
        "page": "/id/",
        "foreign_page": "/entities/",
        "analytics": "/api/analytics/",
        "path": "/api/path",
    }
    sources = [a["src"] for t, a in parse(response.text).tags if t == "script" and a.get("src")]
    for src in sources:
        assert src is not None and client.get(src).status_code == 200


def test_focus_page_has_the_nodes_of_the_neighbourhood_api(client: TestClient) -> None:
    page = client.get("/graph", params={"focus": "biwaq", "depth": 2}).text
    api = client.get("/api/entities/biwaq/neighbourhood", params={"depth": 2}).json()
    assert node_ids(page) == [n["id"] for n in api["nodes"]]
    edges = embedded_data(page)["edges"]
    assert isinstance(edges, list) and len(edges) == len(api["edges"])


def test_class_filter_and_language(client: TestClient) -> None:
    page = client.get("/graph", params={"type": ["City", "Country"], "lang": "de"}).text
    data = embedded_data(page)
    assert data["lang"] == "de"
    classes = data["classes"]
    assert isinstance(classes, list)
    assert {c["labels"]["de"] for c in classes} == {"Stadt", "Staat"}


@pytest.mark.parametrize(
    ("params", "status"),
    [({"focus": "no-such-entity"}, 404), ({"type": "NoSuchClass"}, 422), ({"depth": 9}, 422)],
)
def test_graph_page_errors(client: TestClient, params: dict[str, object], status: int) -> None:
    response = client.get("/graph", params=params, headers={"Accept": "application/json"})
    assert response.status_code == status
    assert set(response.json()) == {"error"}
