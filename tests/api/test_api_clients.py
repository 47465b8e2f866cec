"""The JSON API as its clients use it (issue 14): names in every language, the content
language, paging in the body, a link and its inverse as one edge, groups per class, path
filters, and entities asked for by name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphkit.api.app import create_app
from graphkit.config import Settings
from graphkit.ingest import load_files
from graphkit.language import content_language, parse_accept_language
from graphkit.store import open_store
from tests.api.conftest import error_of

GK = "https://w3id.org/graphkit/ontology#"
CITY = GK + "City"


def nodes_by_id(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in body["nodes"]}


# --- names: labels in every language, other names, abbreviations, class labels ------------------


def test_neighbourhood_nodes_carry_every_label_the_abbreviation_and_class_labels(
    api_client: TestClient,
) -> None:
    body = api_client.get("/api/entities/biwaq/neighbourhood").json()
    biwaq = nodes_by_id(body)["biwaq"]
    assert biwaq["short"]["en"] == "BIWAQ" and biwaq["short"]["de"] == "BIWAQ"
    assert {"en", "de"} <= set(biwaq["labels"]) and biwaq["labels"]["en"] != biwaq["labels"]["de"]
    assert biwaq["label"] == biwaq["labels"]["en"]
    assert isinstance(biwaq["alt_labels"], list)
    for node in body["nodes"]:
        assert set(node["type_labels"]) == set(node["types"])
        for labels in node["type_labels"].values():
            assert set(labels) == {"en", "de"} and all(labels.values())
    assert biwaq["facts"] == [] and biwaq["sources"] == []  # only with details=true


def test_details_give_the_nodes_their_facts_and_sources(api_client: TestClient) -> None:
    body = api_client.get("/api/entities/bbwa/neighbourhood", params={"details": "true"}).json()
    with_facts = [n for n in body["nodes"] if n["facts"]]
    assert with_facts and all(n["sources"] for n in with_facts)
    fact = with_facts[0]["facts"][0]
    assert set(fact) == {"predicate", "label", "value", "datatype"}


def test_search_hits_carry_labels_abbreviations_and_class_labels(api_client: TestClient) -> None:
    body = api_client.get("/api/search", params={"q": "biwaq", "lang": "de"}).json()
    hit = next(r for r in body["results"] if r["id"] == "biwaq")
    assert hit["short"]["de"] == "BIWAQ"
    assert hit["label"] == hit["labels"]["de"]
    assert {"en", "de"} <= set(hit["labels"])
    assert set(hit["type_labels"]) == set(hit["types"])
    first = hit["type_labels"][hit["types"][0]]
    assert first["en"] and first["de"]


# --- the content language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-DE,de;q=0.9", ["de"]),
        ("fr, en;q=0.5, de;q=0.7", ["de", "en"]),
        ("en-GB;q=0.2, de-AT;q=0.1", ["en", "de"]),
        ("de;q=0, en", ["en"]),
        ("*", ["en"]),
        ("de;q=oops", []),
        ("", []),
    ],
)
def test_accept_language_ranges_by_q_value(header: str, expected: list[str]) -> None:
    assert parse_accept_language(header) == expected


def test_the_language_asked_for_wins_then_the_cookie_then_the_header() -> None:
    assert content_language("en", cookie="de", accept="de") == "en"
    assert content_language(None, cookie="de", accept="en") == "de"
    assert content_language(None, cookie="fr", accept="de-CH") == "de"
    assert content_language(None) == "en"


def test_accept_language_gives_german_labels(api_client: TestClient) -> None:
    response = api_client.get(
        "/api/entities/bbwa/neighbourhood", headers={"Accept-Language": "de-DE,de;q=0.9"}
    )
    assert response.headers["content-language"] == "de"
    vary = {v.strip() for v in response.headers["vary"].split(",")}
    assert {"Accept", "Accept-Language", "Cookie"} <= vary
    bbwa = nodes_by_id(response.json())["bbwa"]
    assert bbwa["label"] == bbwa["labels"]["de"]
    assert "set-cookie" not in response.headers  # JSON answers remember nothing


def test_the_cookie_chooses_the_language_and_lang_wins_over_it(api_client: TestClient) -> None:
    german = api_client.get("/api/entities/bbwa", headers={"Cookie": "gk_lang=de"})
    assert german.headers["content-language"] == "de"
    assert german.json()["label"].startswith("Bezirkliche")
    english = api_client.get(
        "/api/entities/bbwa",
        params={"lang": "en"},
        headers={"Cookie": "gk_lang=de", "Accept-Language": "de"},
    )
    assert english.headers["content-language"] == "en"
    assert english.json()["label"].startswith("District Alliances")
    odd = api_client.get("/api/entities/bbwa", headers={"Cookie": "gk_lang=fr", "Accept-Language": "de"})
    assert odd.headers["content-language"] == "de"  # a cookie we have no labels for is passed over


def test_search_and_paths_say_their_language(api_client: TestClient) -> None:
    search = api_client.get("/api/search", params={"q": "bbwa"}, headers={"Accept-Language": "de"})
    assert search.headers["content-language"] == "de"
    assert search.json()["results"][0]["label"].startswith("Bezirkliche")
    path = api_client.get(
        "/api/path", params={"from": "bbwa", "to": "biwaq"}, headers={"Accept-Language": "de"}
    )
    assert path.headers["content-language"] == "de"


def test_a_page_asked_for_with_lang_remembers_it_in_a_cookie(api_client: TestClient) -> None:
    page = api_client.get("/id/bbwa", params={"lang": "de"}, headers={"Accept": "text/html"})
    api_client.cookies.clear()  # the session's other tests ask without a remembered language
    assert page.status_code == 200 and page.headers["content-language"] == "de"
    cookie = page.headers["set-cookie"]
    assert (
        cookie.startswith("gk_lang=de;")
        and "Path=/" in cookie
        and "SameSite=lax" in cookie.replace("Lax", "lax")
    )
    plain = api_client.get("/id/bbwa", headers={"Accept": "text/html"})
    assert "set-cookie" not in plain.headers


def test_an_unknown_lang_is_refused_naming_the_parameter(api_client: TestClient) -> None:
    error = error_of(api_client.get("/api/entities/bbwa", params={"lang": "fr"}), 422)
    assert error["detail"]["parameter"] == "lang"


# --- paging in the body -------------------------------------------------------------------------


def test_next_pages_visit_every_neighbour_of_eurocities_once(api_client: TestClient) -> None:
    whole = api_client.get("/api/entities/eurocities/neighbourhood", params={"limit": 5000}).json()
    assert whole["next"] is None and whole["offset"] == 0 and not whole["truncated"]
    everyone = set(nodes_by_id(whole)) - {"eurocities"}
    seen: list[str] = []
    links: list[tuple[str, str, str]] = []
    url: str | None = "/api/entities/eurocities/neighbourhood?limit=40"
    offsets = []
    while url is not None:
        response = api_client.get(url)
        body = response.json()
        offsets.append(body["offset"])
        seen += [n["id"] for n in body["nodes"] if n["id"] != "eurocities"]
        links += [(e["source"], e["predicate"], e["target"]) for e in body["edges"]]
        url = body["next"]
        if url is not None:
            assert response.headers["link"] == f'<{url}>; rel="next"'
    assert len(offsets) > 2 and offsets == sorted(offsets)
    assert len(seen) == len(set(seen)) and set(seen) == everyone
    # Every link once, also those between nodes of two pages (in the later page).
    assert sorted(links) == sorted((e["source"], e["predicate"], e["target"]) for e in whole["edges"])


# --- a link and its inverse: one edge ------------------------------------------------------------


def test_eurocities_has_one_edge_per_member_with_its_inverse(api_client: TestClient) -> None:
    body = api_client.get("/api/entities/eurocities/neighbourhood", params={"limit": 5000}).json()
    membership = [
        e for e in body["edges"] if {e["predicate"], e["inverse"]} & {GK + "memberOf", GK + "hasMember"}
    ]
    assert membership
    assert not [e for e in body["edges"] if e["predicate"] == GK + "hasMember"]
    pairs = [(e["source"], e["target"]) for e in membership if e["target"] == "eurocities"]
    assert len(pairs) == len(set(pairs)) >= 200
    members = {e["source"] for e in membership if e["target"] == "eurocities"}
    stated_both = [e for e in membership if e["stated"] == "both"]
    assert stated_both
    for edge in stated_both:
        assert edge["predicate"] == GK + "memberOf" and edge["inverse"] == GK + "hasMember"
        assert edge["inverse_label"] == "has member"
        assert edge["sources"] == sorted(edge["sources"]) and edge["sources"]
    # Each member once: the grouped count agrees.
    grouped = api_client.get(
        "/api/entities/eurocities/neighbourhood", params={"group": "predicate", "limit": 1}
    ).json()
    groups = {(g["predicate"], g["direction"]): g for g in grouped["groups"]}
    assert (GK + "hasMember", "out") not in groups
    assert groups[(GK + "memberOf", "in")]["count"] == len(members)


def test_an_edge_stated_only_forward_has_no_inverse(api_client: TestClient) -> None:
    body = api_client.get("/api/entities/eurocities/neighbourhood", params={"limit": 5000}).json()
    forward = [e for e in body["edges"] if e["stated"] == "forward"]
    assert forward and all(e["inverse"] is None and e["inverse_label"] is None for e in forward)


# --- groups per class ---------------------------------------------------------------------------


def test_class_groups_sum_to_the_predicate_group_and_page_one_class(api_client: TestClient) -> None:
    url = "/api/entities/eurocities/neighbourhood"
    by_predicate = api_client.get(url, params={"group": "predicate", "limit": 1}).json()["groups"]
    by_class = api_client.get(url, params={"group": "class", "limit": 10}).json()["groups"]
    totals: dict[tuple[str, str], int] = {}
    for g in by_class:
        totals[(g["predicate"], g["direction"])] = (
            totals.get((g["predicate"], g["direction"]), 0) + g["count"]
        )
        assert g["cls"] is not None and set(g["class_labels"] or {"en": 1, "de": 1}) == {"en", "de"}
    assert totals == {(g["predicate"], g["direction"]): g["count"] for g in by_predicate}
    cities = next(g for g in by_class if g["predicate"] == GK + "memberOf" and g["cls"] == CITY)
    assert cities["class_labels"]["de"] == "Stadt" and cities["class_labels"]["en"].lower() == "city"
    assert cities["count"] > 100 and len(cities["nodes"]) == 10 and cities["next"]
    seen = [n["id"] for n in cities["nodes"]]
    following: str | None = cities["next"]
    while following is not None:
        groups = api_client.get(following).json()["groups"]
        assert len(groups) == 1  # the next URL selects exactly that group
        (group,) = groups
        assert (group["predicate"], group["direction"], group["cls"]) == (GK + "memberOf", "in", CITY)
        seen += [n["id"] for n in group["nodes"]]
        following = group["next"]
    assert len(seen) == len(set(seen)) == cities["count"]
    members = api_client.get(
        url, params={"group": "predicate", "predicate": "gk:memberOf", "limit": 1000}
    ).json()
    city_members = {n["id"] for g in members["groups"] for n in g["nodes"] if CITY in n["types"]}
    assert set(seen) == city_members


# --- paths --------------------------------------------------------------------------------------


def test_paths_do_not_go_through_a_topic_unless_asked(api_client: TestClient) -> None:
    default = api_client.get("/api/path", params={"from": "bbwa", "to": "biwaq"}).json()
    assert default["paths"] and not any(n.startswith("topic/") for p in default["paths"] for n in p)
    assert GK + "topic" not in {e["predicate"] for e in default["edges"]}
    wider = api_client.get(
        "/api/path", params={"from": "bbwa", "to": "biwaq", "classification": "true"}
    ).json()
    assert any(n.startswith("topic/") for p in wider["paths"] for n in p)
    assert wider["length"] <= default["length"]


def test_path_filters_by_predicate_and_class(api_client: TestClient) -> None:
    base = {"from": "bbwa", "to": "biwaq"}
    default = api_client.get("/api/path", params=base).json()
    used = {e["predicate"] for e in default["edges"]}
    only = GK + "financedFromFund"
    narrowed = api_client.get(
        "/api/path", params={**base, "predicate": [only, "gk:partnerProgrammeOf"]}
    ).json()
    assert {e["predicate"] for e in narrowed["edges"]} <= {only, GK + "partnerProgrammeOf"}
    dropped = sorted(used)[0]
    without = api_client.get("/api/path", params={**base, "exclude_predicate": dropped}).json()
    assert dropped not in {e["predicate"] for e in without["edges"]}
    typed = api_client.get("/api/path", params={**base, "type": "Fund"}).json()
    inner = {n for p in typed["paths"] for n in p[1:-1]}
    kinds = {n["id"]: n["types"] for n in typed["nodes"]}
    assert all(any("Fund" in t for t in kinds[n]) for n in inner)
    none = api_client.get("/api/path", params={**base, "type": "Person", "max_length": 3}).json()
    assert none["paths"] == [] and none["length"] is None


def test_a_bad_path_filter_names_its_parameter(api_client: TestClient) -> None:
    error = error_of(
        api_client.get("/api/path", params={"from": "bbwa", "to": "biwaq", "type": "NoSuch"}), 422
    )
    assert error["detail"]["parameter"] == "type"
    error = error_of(
        api_client.get("/api/path", params={"from": "bbwa", "to": "biwaq", "exclude_predicate": "nope:x"}),
        422,
    )
    assert error["detail"]["parameter"] == "exclude_predicate"


# --- ids resolve names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("BIWAQ", "biwaq"),
        ("biwaq", "biwaq"),
        ("ESF", "esf"),
        ("European Social Fund", "esf"),
        ("europäischer sozialfonds", "esf"),
        ("EFRE", "erdf"),
    ],
)
def test_an_abbreviation_or_label_names_an_entity(api_client: TestClient, name: str, entity: str) -> None:
    response = api_client.get(f"/api/entities/{name}")
    assert response.status_code == 200, response.text
    assert response.json()["id"] == entity
    assert api_client.get(f"/api/entities/{name}/neighbourhood").json()["focus"] == entity


def test_an_unknown_name_is_a_404_with_candidates_from_search(api_client: TestClient) -> None:
    error = error_of(api_client.get("/api/entities/Social"), 404, "not_found")
    assert 0 < len(error["detail"]["candidates"]) <= 5
    assert all(set(c) == {"id", "label"} for c in error["detail"]["candidates"])
    nothing = error_of(api_client.get("/api/entities/zzqx-nothing"), 404, "not_found")
    assert "candidates" not in nothing["detail"]


def test_a_name_in_a_path_and_in_the_graph_page(api_client: TestClient) -> None:
    body = api_client.get("/api/path", params={"from": "BBWA", "to": "BIWAQ"}).json()
    assert body["from"] == "bbwa" and body["to"] == "biwaq"


AMBIGUOUS = """
@prefix gk: <https://w3id.org/graphkit/ontology#> .
@prefix id: <https://w3id.org/graphkit/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
gk:memberOf owl:inverseOf gk:hasMember .
id:alpha a gk:Organisation ; rdfs:label "Alpha Agency"@en ; skos:altLabel "AA" .
id:anchor a gk:Organisation ; rdfs:label "Anchor Association"@en ; skos:altLabel "AA" .
id:beta a gk:Organisation ; rdfs:label "Beta"@en ; gk:hasMember id:alpha .
"""


@pytest.fixture(scope="module")
def tiny_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("ambiguous")
    data = folder / "tiny.ttl"
    data.write_text(AMBIGUOUS, encoding="utf-8")
    settings = Settings(store=folder / "store")
    store = open_store(settings)
    load_files(store, [data], validate=False)
    app = create_app(settings, store, workers=False)
    with TestClient(app) as client:
        yield client


def test_a_name_several_entities_have_is_a_404_listing_them(tiny_client: TestClient) -> None:
    error = error_of(tiny_client.get("/api/entities/aa"), 404, "not_found")
    assert error["detail"]["candidates"] == [
        {"id": "alpha", "label": "Alpha Agency"},
        {"id": "anchor", "label": "Anchor Association"},
    ]
    assert "alpha" in error["message"] and "anchor" in error["message"]
    assert tiny_client.get("/api/entities/alpha agency").json()["id"] == "alpha"


def test_a_link_stated_only_with_the_inverse_is_turned_round(tiny_client: TestClient) -> None:
    body = tiny_client.get("/api/entities/beta/neighbourhood").json()
    (edge,) = body["edges"]
    assert (edge["source"], edge["predicate"], edge["target"]) == ("alpha", GK + "memberOf", "beta")
    assert edge["stated"] == "inverse" and edge["inverse"] == GK + "hasMember"


def test_select_view_resolves_a_name(loaded: Any) -> None:
    from graphkit.projection import build_projection
    from graphkit.viz import select_view

    view = select_view(build_projection(loaded), focus="BIWAQ")
    assert view.focus == "biwaq"


def test_the_graph_page_opens_on_a_name(api_client: TestClient, tmp_path: Path) -> None:
    assert api_client.get("/graph", params={"focus": "BIWAQ"}).status_code == 200
