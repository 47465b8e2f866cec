"""`/api/analytics/…` on the real app over the bundled store: answers, bounds, errors, exports, OpenAPI."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from graphkit.api.routes import analytics
from tests.conftest import error_shape

ROUTES = ("centrality", "communities", "components", "brokers", "projection", "export")


def test_centrality_ranks_eurocities_first(api_client: TestClient) -> None:
    answer = api_client.get("/api/analytics/centrality", params={"limit": 5})
    assert answer.status_code == 200
    body = answer.json()
    assert body["kind"] == "centrality" and body["parameters"]["measure"] == "degree"
    assert body["rows"][0]["id"] == "eurocities"
    top = body["rows"][0]
    assert top["label"] == "EUROCITIES" and top["cls"].endswith("#CityNetwork") and top["class_label"]
    assert body["limit"] == 5 and len(body["rows"]) == 5 and body["truncated"] and body["total"] > 400
    assert body["network"]["focus"] is None and body["network"]["classification"] is False
    assert body["network"]["nodes"] == body["total"] and body["network"]["links"] > body["total"]
    values = [r["value"] for r in body["rows"]]
    assert values == sorted(values, reverse=True)


def test_labels_follow_the_language(api_client: TestClient) -> None:
    rows = api_client.get(
        "/api/analytics/centrality", params={"focus": "biwaq", "depth": 1, "lang": "de"}
    ).json()
    assert rows["rows"][0]["id"] == "biwaq"
    assert rows["rows"][0]["label"] == "Bildung, Wirtschaft, Arbeit im Quartier"


def test_the_network_parameters_narrow_the_network(api_client: TestClient) -> None:
    def nodes(**params: object) -> int:
        answer = api_client.get("/api/analytics/components", params=params)
        assert answer.status_code == 200, answer.text
        return answer.json()["network"]["nodes"]

    whole = nodes()
    assert nodes(focus="BIWAQ", depth=1) < nodes(focus="BIWAQ", depth=2) < whole
    assert nodes(type="City") < whole
    assert nodes(classification="true") > whole
    in_2020 = nodes(**{"from": "2020", "to": "2020", "undated": "exclude"})
    assert in_2020 < nodes(**{"from": "2020", "to": "2020"})
    body = api_client.get("/api/analytics/components", params={"as_of": "2021-11"}).json()
    assert body["network"]["period"] == {"from": "2021-11-01", "to": "2021-11-30"}


def test_communities_are_stable_and_report_modularity(api_client: TestClient) -> None:
    params = {"method": "louvain", "seed": 3, "limit": 1000}
    first = api_client.get("/api/analytics/communities", params=params).json()
    again = api_client.get("/api/analytics/communities", params=params).json()
    assert first["rows"] == again["rows"] and 0 < first["summary"]["modularity"] < 1
    assert first["parameters"] == {"method": "louvain", "seed": 3, "resolution": 1.0}
    assert sum(first["summary"]["sizes"]) == first["total"]


def test_brokers_and_projections(api_client: TestClient) -> None:
    brokers = api_client.get("/api/analytics/brokers", params={"limit": 3}).json()
    assert len(brokers["rows"]) == 3 and all(len(r["communities"]) >= 2 for r in brokers["rows"])
    links = api_client.get("/api/analytics/projection", params={"kind": "co-participation"}).json()
    assert links["rows"] and all(r["target"] and r["shared"] and r["value"] >= 1 for r in links["rows"])


@pytest.mark.parametrize(
    ("path", "params", "status", "parameter"),
    [
        ("centrality", {"measure": "fame"}, 422, "measure"),
        ("centrality", {"focus": "no-such-entity-anywhere"}, 404, None),
        ("centrality", {"type": "Unicorn"}, 422, "type"),
        ("centrality", {"from": "2021-13"}, 422, "from"),
        ("centrality", {"as_of": "2020", "from": "2019"}, 422, "as_of"),
        ("centrality", {"as_of": "last week"}, 422, "as_of"),
        ("components", {"depth": 9}, 422, "depth"),
        ("components", {"undated": "maybe"}, 422, "undated"),
        ("communities", {"method": "magic"}, 422, "method"),
        ("projection", {}, 422, "kind"),
        ("projection", {"kind": "co-dancing"}, 422, "kind"),
        ("centrality", {"limit": 0}, 422, "limit"),
        ("centrality", {"measure": "degree", "pivots": 5}, 422, "pivots"),
        ("centrality", {"measure": "betweenness", "pivots": 501}, 422, "pivots"),
        ("export", {"format": "pdf"}, 422, "format"),
        ("export", {"with": "pagerank,fame"}, 422, "with"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(
    api_client: TestClient, path: str, params: dict[str, object], status: int, parameter: str | None
) -> None:
    answer = api_client.get(f"/api/analytics/{path}", params=params)
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert error_shape(body)
    if parameter is not None:
        assert body["error"]["detail"].get("parameter") == parameter or parameter in json.dumps(body)


def test_heavy_measures_are_bounded(api_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analytics, "HEAVY_NODES", 50)
    refused = api_client.get("/api/analytics/centrality", params={"measure": "betweenness"})
    assert refused.status_code == 413 and error_shape(refused.json())
    assert refused.json()["error"]["detail"]["parameter"] == "measure"
    narrowed = api_client.get(
        "/api/analytics/centrality", params={"measure": "betweenness", "focus": "esf", "depth": 1}
    )
    assert narrowed.status_code == 200
    # Estimated from pivots, betweenness is linear: allowed on the whole network.
    sampled = api_client.get("/api/analytics/centrality", params={"measure": "betweenness", "pivots": 20})
    assert sampled.status_code == 200 and sampled.json()["parameters"]["pivots"] == 20
    assert api_client.get("/api/analytics/centrality", params={"measure": "pagerank"}).status_code == 200
    assert api_client.get("/api/analytics/export", params={"with": "closeness"}).status_code == 413


@pytest.mark.parametrize(
    ("fmt", "media"), [("graphml", "application/graphml+xml"), ("gexf", "application/gexf+xml")]
)
def test_export_reimports_with_networkx(api_client: TestClient, fmt: str, media: str) -> None:
    params = {"format": fmt, "focus": "biwaq", "depth": 1, "with": "degree,component"}
    answer = api_client.get("/api/analytics/export", params=params)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
    assert f'filename="network.{fmt}"' in answer.headers["content-disposition"]
    read = (
        nx.read_graphml(io.BytesIO(answer.content))
        if fmt == "graphml"
        else nx.read_gexf(io.BytesIO(answer.content))
    )
    described = api_client.get("/api/analytics/components", params={"focus": "biwaq", "depth": 1}).json()
    assert read.number_of_nodes() == described["network"]["nodes"]
    assert read.number_of_edges() == described["network"]["links"]
    assert {"degree", "component", "label", "cls"} <= set(read.nodes["biwaq"])


def test_export_node_link_and_csv(api_client: TestClient) -> None:
    data = api_client.get("/api/analytics/export", params={"format": "node-link", "focus": "esf"}).json()
    assert data["graph"]["network"]["focus"].endswith("/id/esf") and data["nodes"] and data["links"]
    answer = api_client.get("/api/analytics/export", params={"format": "csv", "type": "City"})
    assert answer.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
    assert nodes and all(n["cls"].endswith("#City") for n in nodes)


def test_every_route_is_described_in_openapi(api_client: TestClient) -> None:
    paths = api_client.get("/openapi.json").json()["paths"]
    for route in ROUTES:
        operation = paths[f"/api/analytics/{route}"]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {
            "focus",
            "depth",
            "type",
            "predicate",
            "exclude_predicate",
            "from",
            "to",
            "as_of",
            "undated",
        } <= names
        assert {"400", "404", "422"} <= set(operation["responses"])
    export = paths["/api/analytics/export"]["get"]["responses"]["200"]["content"]
    assert {"application/graphml+xml", "application/gexf+xml", "application/json", "application/zip"} <= set(
        export
    )
