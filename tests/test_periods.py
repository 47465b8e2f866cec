"""Periods on neighbourhoods, views and paths, and k shortest paths: known answers on the bundled graph.

The two source documents date their events: the BIWAQ Themenwerkstatt of November 2020 (and
of 2021) and the EUROCITIES Social Affairs Forum of 2021 (and of 2019, 2020). A period keeps
the events of its years and leaves out the others, in every surface.
"""

from __future__ import annotations

import json
from datetime import date
from itertools import pairwise
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graphkit.analytics.network import NetworkSpec, select_network
from graphkit.cli import app
from graphkit.dating import LinkRecord, TimeFilter, Undated
from graphkit.errors import BadRequest
from graphkit.namespaces import ID
from graphkit.paths import PathFilter, k_shortest_paths
from graphkit.projection import Projection, build_projection
from graphkit.store import GraphStore
from graphkit.timeframe import Period
from tests.conftest import error_shape


@pytest.fixture(scope="module")
def projection(loaded: GraphStore) -> Projection:
    return build_projection(loaded)


def ids(body: dict[str, Any]) -> set[str]:
    return {n["id"] for n in body["nodes"]}


def test_a_link_without_dates_holds_while_its_ends_do() -> None:
    when = TimeFilter(Period(date(2020, 1, 1), date(2020, 12, 31)), Undated.EXCLUDE)
    assert when.holds_link(LinkRecord())
    assert not when.holds(None)  # an undated entity is excluded
    assert when.holds_link(LinkRecord(spans=[(date(2019, 5, 1), None)]))
    assert not when.holds_link(LinkRecord(spans=[(date(2021, 1, 1), date(2021, 2, 1))]))
    assert TimeFilter.parse("2020", "2020", undated="exclude") == when
    assert when.parameters() == {"from": "2020-01-01", "to": "2020-12-31", "undated": "exclude"}
    assert when.parameters(("since", "until"))["since"] == "2020-01-01"


def test_a_bad_period_names_the_parameter_it_was_given_as() -> None:
    with pytest.raises(BadRequest) as raised:
        TimeFilter.parse("2021", "2020", names=("since", "until"))
    assert raised.value.detail["parameter"] == "until" and "since=2021" in str(raised.value)
    with pytest.raises(BadRequest) as raised:
        TimeFilter.parse(None, None, "2021", "sometimes")
    assert raised.value.detail["parameter"] == "undated"


@pytest.mark.parametrize(
    ("focus", "year", "kept", "left_out"),
    [
        ("biwaq", "2020", "biwaq-themenwerkstatt-2020", "biwaq-themenwerkstatt-2021"),
        ("biwaq", "2021", "biwaq-themenwerkstatt-2021", "biwaq-themenwerkstatt-2020"),
        ("eurocities", "2021", "eurocities-saf-2021", "eurocities-saf-2019"),
        ("eurocities", "2019", "eurocities-saf-2019", "eurocities-saf-2021"),
    ],
)
def test_a_period_keeps_the_events_of_its_years(
    api_client: TestClient, focus: str, year: str, kept: str, left_out: str
) -> None:
    every = api_client.get(f"/api/entities/{focus}/neighbourhood", params={"limit": 1000})
    assert {kept, left_out} <= ids(every.json())
    answer = api_client.get(
        f"/api/entities/{focus}/neighbourhood", params={"limit": 1000, "from": year, "to": year}
    )
    assert answer.status_code == 200
    found = ids(answer.json())
    assert kept in found and left_out not in found
    assert all(e["source"] in found and e["target"] in found for e in answer.json()["edges"])


def test_undated_exclude_keeps_only_dated_entities(api_client: TestClient, projection: Projection) -> None:
    answer = api_client.get(
        "/api/entities/biwaq/neighbourhood", params={"from": "2020", "to": "2020", "undated": "exclude"}
    )
    found = ids(answer.json()) - {"biwaq"}
    assert "biwaq-themenwerkstatt-2020" in found
    when = TimeFilter.parse("2020", "2020")
    assert when is not None
    from graphkit.dating import entity_dates

    dated = entity_dates(projection, [ID + n for n in found])
    assert len(dated) == len(found)  # every neighbour shown carries a date
    assert "topic/education" not in found  # a topic has none


def test_grouped_neighbourhoods_count_in_the_period_and_page_with_it(api_client: TestClient) -> None:
    def groups(**params: str) -> dict[tuple[str, str], dict[str, Any]]:
        body = api_client.get(
            "/api/entities/eurocities/neighbourhood", params={"group": "predicate", **params}
        )
        assert body.status_code == 200, body.text
        return {(g["predicate"].rsplit("#", 1)[-1], g["direction"]): g for g in body.json()["groups"]}

    every, in_2021 = groups(), groups(as_of="2021", limit="2")
    organised = in_2021[("organizedBy", "in")]
    assert organised["count"] < every[("organizedBy", "in")]["count"]
    # EUROCITIES' members are observed on one day in 2025 (gk:asOf): none in 2021.
    assert ("memberOf", "in") in every and ("memberOf", "in") not in in_2021
    assert (
        organised["next"] and "from=2021-01-01" in organised["next"] and "to=2021-12-31" in organised["next"]
    )
    following = api_client.get(organised["next"]).json()["groups"][0]
    assert following["count"] == organised["count"]
    shown = {n["id"] for n in organised["nodes"]} | {n["id"] for n in following["nodes"]}
    assert "eurocities-saf-2021" in shown and "eurocities-saf-2019" not in shown


def test_the_graph_page_draws_only_the_period(api_client: TestClient) -> None:
    page = api_client.get("/graph", params={"focus": "biwaq", "from": "2020", "to": "2020"})
    assert page.status_code == 200
    data = json.loads(
        page.text.split('<script type="application/json" id="gk-data">', 1)[1].split("</script>", 1)[0]
    )
    drawn = {n["id"] for n in data["nodes"]}
    assert "biwaq-themenwerkstatt-2020" in drawn and "biwaq-themenwerkstatt-2021" not in drawn
    assert data["selection"] == {
        "depth": 1,
        "type": [],
        "focus": "biwaq",
        "from": "2020-01-01",
        "to": "2020-12-31",
    }
    assert data["api"]["path"].endswith("/api/path") and data["api"]["analytics"].endswith("/api/analytics/")
    whole = api_client.get("/graph", params={"as_of": "2021", "type": "Event"})
    assert whole.status_code == 200
    assert "eurocities-saf-2021" in whole.text and "eurocities-saf-2019" not in whole.text


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/entities/biwaq/neighbourhood?from=2021&to=2020", "to"),
        ("/api/entities/biwaq/neighbourhood?as_of=2021&from=2020", "as_of"),
        ("/api/entities/biwaq/neighbourhood?as_of=2021-02-30", "as_of"),
        ("/graph?focus=biwaq&to=20x1", "to"),
        ("/api/path?from=bbwa&to=biwaq&since=2022&until=2021", "until"),
        ("/api/path?from=bbwa&to=biwaq&k=3&limit=3", "k"),
        ("/api/path?from=bbwa&to=biwaq&undated=never", "undated"),
    ],
)
def test_a_bad_period_is_a_4xx_naming_it(api_client: TestClient, url: str, parameter: str) -> None:
    answer = api_client.get(url, headers={"Accept": "application/json"})
    assert answer.status_code in (400, 422), answer.text
    body = answer.json()
    assert error_shape(body) and body["error"]["detail"]["parameter"] == parameter


def test_k_shortest_paths_go_through_the_esf_with_evidence(api_client: TestClient) -> None:
    answer = api_client.get("/api/path", params={"from": "bbwa", "to": "biwaq", "k": 6, "max_length": 6})
    assert answer.status_code == 200
    body = answer.json()
    lengths = [len(p) - 1 for p in body["paths"]]
    assert len(body["paths"]) == 6 and lengths == sorted(lengths) and lengths[0] == body["length"] == 3
    assert lengths[-1] > 3  # the k shortest reach beyond the shortest length
    assert "esf" in body["paths"][0]
    assert len({tuple(p) for p in body["paths"]}) == 6  # simple paths, no repeats
    steps = {frozenset((e["source"], e["target"])) for e in body["edges"]}
    for path in body["paths"]:
        assert len(set(path)) == len(path)
        assert all(frozenset(pair) in steps for pair in pairwise(path))
    funded = [e for e in body["edges"] if e["source"] == "biwaq" and e["target"] == "esf"]
    assert funded and funded[0]["sources"] and funded[0]["evidence"][0]["quote"]
    assert not any("topic/" in n for p in body["paths"] for n in p)


def test_k_shortest_paths_match_networkx_on_the_same_network(projection: Projection) -> None:
    network = select_network(projection, NetworkSpec()).simple()
    expected = []
    for path in nx.shortest_simple_paths(network, "bbwa", "biwaq"):
        if len(path) > 6 or len(expected) == 12:
            break
        expected.append(len(path) - 1)
    found = k_shortest_paths(projection, ID + "bbwa", ID + "biwaq", k=12, max_length=5, through=PathFilter())
    assert [len(p) - 1 for p in found] == expected


def test_a_period_narrows_the_paths(api_client: TestClient) -> None:
    every = api_client.get(
        "/api/path", params={"from": "bbwa", "to": "biwaq", "k": 10, "max_length": 5}
    ).json()
    early = api_client.get(
        "/api/path",
        params={
            "from": "bbwa",
            "to": "biwaq",
            "k": 10,
            "max_length": 5,
            "as_of": "2010",
            "undated": "exclude",
        },
    ).json()
    assert every["paths"] and early["paths"] == [] and early["length"] is None
    current = api_client.get(
        "/api/path", params={"from": "bbwa", "to": "biwaq", "since": "2021", "until": "2027"}
    ).json()
    assert current["paths"] and all("esf-period-2014-2020" not in p for p in current["paths"])


def test_the_cli_and_python_give_the_k_shortest_paths(bundled_store_path: Any) -> None:
    result = CliRunner().invoke(
        app,
        [
            *("analyze", "path", "BBWA", "BIWAQ", "--k", "4", "--max-length", "5", "--format", "json"),
            *("--since", "2020", "--store", str(bundled_store_path)),
        ],
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert len(answer["paths"]) == 4 and all(step["edges"] for step in answer["paths"][0]["steps"])
    bad = CliRunner().invoke(
        app,
        [
            "analyze",
            "path",
            "BBWA",
            "BIWAQ",
            "--since",
            "2021",
            "--until",
            "2020",
            "--store",
            str(bundled_store_path),
        ],
    )
    assert bad.exit_code != 0 and "since=2021 is after until=2020" in bad.output

    import graphkit

    with graphkit.open(bundled_store_path) as kg:
        _, found = kg.path("BBWA", "BIWAQ", k=4, max_length=5)
        assert [p[0] for p in found] == ["bbwa"] * 4
        assert len(kg.neighbourhood("biwaq", since="2021", until="2021").nodes) < len(
            kg.neighbourhood("biwaq").nodes
        )


def test_graphkit_viz_draws_the_period(bundled_store_path: Any, tmp_path: Any) -> None:
    out = tmp_path / "view.html"
    argv = ["viz", "--focus", "biwaq", "--from", "2020", "--to", "2020", "-o", str(out)]
    result = CliRunner().invoke(app, [*argv, "--store", str(bundled_store_path)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "biwaq-themenwerkstatt-2020" in page and "biwaq-themenwerkstatt-2021" not in page
    bad = CliRunner().invoke(app, ["viz", "--as-of", "2021-02-31", "--store", str(bundled_store_path)])
    assert bad.exit_code == 1 and "as_of='2021-02-31' is no day of the calendar" in bad.output


SMALL = """
@prefix : <https://w3id.org/graphkit/id/> .
@prefix gk: <https://w3id.org/graphkit/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

:s a gk:Organisation ; rdfs:label "S"@en ; gk:coOrganisedWith :a , :b ; gk:topic :theme .
:a a gk:Organisation ; rdfs:label "A"@en ; gk:startDate "2022"^^xsd:gYear ; gk:coOrganisedWith :t .
:b a gk:Organisation ; rdfs:label "B"@en ; gk:coOrganisedWith :c .
:c a gk:Organisation ; rdfs:label "C"@en ; gk:coOrganisedWith :t , :d .
:d a gk:Organisation ; rdfs:label "D"@en ; gk:coOrganisedWith :t .
:t a gk:Organisation ; rdfs:label "T"@en ; gk:topic :theme .
:theme a gk:Topic ; rdfs:label "Theme"@en .
"""


def test_k_shortest_paths_on_a_small_graph(store: GraphStore, tmp_path: Any) -> None:
    from graphkit.bundled import ontology_file
    from graphkit.ingest import load_files

    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    load_files(store, [ontology_file(), path], validate=False)
    small = build_projection(store)

    def found(k: int, max_length: int, **through: Any) -> list[list[str]]:
        chosen = k_shortest_paths(
            small, ID + "s", ID + "t", k=k, max_length=max_length, through=PathFilter(**through)
        )
        return [[n.removeprefix(ID) for n in p] for p in chosen]

    assert found(5, 4) == [["s", "a", "t"], ["s", "b", "c", "t"], ["s", "b", "c", "d", "t"]]
    assert found(2, 4) == [["s", "a", "t"], ["s", "b", "c", "t"]]
    assert found(5, 3) == [["s", "a", "t"], ["s", "b", "c", "t"]]
    assert found(5, 2) == [["s", "a", "t"]]
    assert ["s", "theme", "t"] in found(5, 4, classification=True)  # a shared topic connects only then
    # A begins in 2022: in 2021 the way through it is closed.
    in_2021 = TimeFilter.parse(as_of="2021")
    assert found(5, 4, when=in_2021) == [["s", "b", "c", "t"], ["s", "b", "c", "d", "t"]]
