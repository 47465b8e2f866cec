"""GET /api/search: labels and abbreviations, German and English, folded; prefix matches first."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graphkit.namespaces import GK, ID
from tests.conftest import error_shape


def results(client: TestClient, **params: object) -> list[dict]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_result_keys_are_the_contract(api_client: TestClient) -> None:
    found = results(api_client, q="BIWAQ")
    keys = {"id", "iri", "label", "types", "score", "matched"}
    keys |= {"labels", "alt_labels", "short", "type_labels"}  # issue 14: every name, class labels
    assert found and all(set(r) == keys for r in found)
    assert found[0]["id"] == "biwaq" and found[0]["iri"] == ID + "biwaq" and found[0]["score"] == 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bundnisse", "bbwa"),  # no umlaut: finds "Bündnisse"
        ("BÜNDNISSE", "bbwa"),
        ("efre", "erdf"),  # the German abbreviation of the ERDF
        ("ERDF", "erdf"),
        ("bbsr", "bbsr"),
        ("soziale stadt", "soziale-stadt"),
        ("Bundesministerium des Innern", "bmi"),
        ("vantaa", "vantaa"),
    ],
)
def test_folded_matching(api_client: TestClient, text: str, expected: str) -> None:
    assert results(api_client, q=text)[0]["id"] == expected


def test_whole_and_prefix_matches_come_first(api_client: TestClient) -> None:
    found = results(api_client, q="biwaq", limit=20)
    scores = [r["score"] for r in found]
    assert scores == sorted(scores, reverse=True)
    assert found[0]["id"] == "biwaq"
    prefix = [r for r in found if r["matched"].lower().startswith("biwaq")]
    inner = [r for r in found if not r["matched"].lower().startswith("biwaq")]
    assert not inner or min(r["score"] for r in prefix) >= max(r["score"] for r in inner)


def test_type_filter_and_limit(api_client: TestClient) -> None:
    cities = results(api_client, q="a", type="City", limit=100)
    assert cities and all(GK + "City" in r["types"] for r in cities)
    assert len(results(api_client, q="a", limit=2)) == 2
    authorities = results(api_client, q="bund", type="gk:PublicAuthority")
    assert {"bmi", "bbsr"} <= {r["id"] for r in authorities}


def test_nothing_found_is_an_empty_list(api_client: TestClient) -> None:
    assert results(api_client, q="zzzxxyq") == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "q"),
        ("q=", "q"),
        ("q=%21%21", "q"),
        ("q=a&limit=0", "limit"),
        ("q=a&limit=1000", "limit"),
        ("q=a&type=Nope", "type"),
    ],
)
def test_bad_search_parameters(api_client: TestClient, query: str, parameter: str) -> None:
    response = api_client.get(f"/api/search?{query}")
    assert response.status_code in (400, 422), response.text
    body = response.json()
    assert error_shape(body) and body["error"]["detail"]["parameter"] == parameter
