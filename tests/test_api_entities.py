"""The entity API over HTTP: entity JSON, neighbourhood (flat, grouped, JSON-LD), paths, IRIs.

Expected answers come from the two source documents: BIWAQ is an ESF programme co-financed
by the BMI and the partner programme of "Soziale Stadt"; its Themenwerkstatt 2020 was
organised by the BMI and the BBSR (so the BBSR is two links from BIWAQ).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from fastapi.testclient import TestClient

from graphkit import bundled
from graphkit.api.app import create_app
from graphkit.config import Settings
from graphkit.ingest import load_files
from graphkit.namespaces import GK, ID
from graphkit.store import open_store
from tests.conftest import DATA, error_shape

NODE_KEYS = {
    *("id", "iri", "label", "types", "depth"),
    *("labels", "alt_labels", "short", "type_labels", "facts", "sources"),  # issue 14
}
EDGE_KEYS = {
    *("source", "target", "predicate", "label", "sources", "certainty", "evidence"),
    *("inverse", "inverse_label", "stated"),  # issue 14: a link and its inverse are one edge
}


def ids(body: dict) -> set[str]:
    return {n["id"] for n in body["nodes"]}


# --- entity JSON ------------------------------------------------------------------------------


def test_entity_has_the_contract_keys_and_every_statement(api_client: TestClient) -> None:
    body = api_client.get("/api/entities/biwaq").json()
    assert set(body) == {
        "id",
        "iri",
        "label",
        "labels",
        "types",
        "type_labels",
        "properties",
        "incoming",
        "sources",
    }
    assert body["id"] == "biwaq" and body["iri"] == ID + "biwaq"
    assert body["labels"]["de"] == "Bildung, Wirtschaft, Arbeit im Quartier"
    assert GK + "FundingProgramme" in body["types"]
    by_predicate = {(p["predicate"], p["id"] or p["value"]["value"]) for p in body["properties"]}
    assert (GK + "financedFromFund", "esf") in by_predicate
    assert (GK + "cofinancedBy", "bmi") in by_predicate
    assert (GK + "partnerProgrammeOf", "soziale-stadt") in by_predicate
    alt = [
        p
        for p in body["properties"]
        if p["predicate"].endswith("altLabel") and p["value"]["value"] == "BIWAQ"
    ]
    assert alt and alt[0]["value"]["type"] == "literal"
    start = next(p for p in body["properties"] if p["predicate"] == GK + "startDate")
    assert start["value"] == {
        "type": "literal",
        "value": "2008",
        "datatype": "http://www.w3.org/2001/XMLSchema#gYear",
        "lang": None,
    }
    assert "doc/biwaq-themenwerkstatt-2020" in start["sources"] and "stated" in start["certainty"]


def test_entity_lists_incoming_links_and_its_sources(api_client: TestClient) -> None:
    body = api_client.get("/api/entities/bmi").json()
    incoming = {(s["predicate"], s["id"]) for s in body["incoming"]}
    assert (GK + "cofinancedBy", "biwaq") in incoming
    assert (GK + "organizedBy", "biwaq-themenwerkstatt-2020") in incoming
    sources = {s["id"]: s for s in body["sources"]}
    newsletter = sources["doc/biwaq-themenwerkstatt-2020"]
    assert newsletter["issued"] == "2021-03-25" and newsletter["url"].startswith("https://")


def test_labels_follow_the_language(api_client: TestClient) -> None:
    assert (
        api_client.get("/api/entities/biwaq?lang=de").json()["label"]
        == "Bildung, Wirtschaft, Arbeit im Quartier"
    )
    assert api_client.get("/api/entities/biwaq?lang=en").json()["label"].startswith("Education")


def test_a_full_iri_works_as_id(api_client: TestClient) -> None:
    body = api_client.get("/api/entities/" + ID + "bbwa").json()
    assert body["id"] == "bbwa"
    nb = api_client.get("/api/entities/" + ID + "bbwa/neighbourhood").json()
    assert nb["focus"] == "bbwa"


def test_ids_with_a_slash_work(api_client: TestClient) -> None:
    body = api_client.get("/api/entities/doc/bbwa-eurocities-2021").json()
    assert body["id"] == "doc/bbwa-eurocities-2021"
    assert GK + "SourceDocument" in body["types"]


def test_unknown_entity_is_404_with_the_error_shape(api_client: TestClient) -> None:
    for url in (
        "/api/entities/no-such-thing",
        "/api/entities/no-such-thing/neighbourhood",
        "/id/no-such-thing",
    ):
        response = api_client.get(url)
        assert response.status_code == 404, url
        assert error_shape(response.json()) and response.json()["error"]["code"] == "not_found"


# --- neighbourhood ------------------------------------------------------------------------------


def test_neighbourhood_of_biwaq_holds_its_funders_and_partner_programme(api_client: TestClient) -> None:
    body = api_client.get("/api/entities/biwaq/neighbourhood?depth=2").json()
    assert set(body) == {"focus", "nodes", "edges", "truncated", "offset", "next"}
    assert body["focus"] == "biwaq" and body["truncated"] is False and body["next"] is None
    assert {"esf", "bmi", "bbsr", "soziale-stadt"} <= ids(body)
    assert all(set(n) == NODE_KEYS for n in body["nodes"])
    assert all(set(e) == EDGE_KEYS for e in body["edges"])
    depth = {n["id"]: n["depth"] for n in body["nodes"]}
    assert depth["biwaq"] == 0 and depth["esf"] == 1 and depth["bmi"] == 1 and depth["soziale-stadt"] == 1
    edges = {(e["source"], e["predicate"], e["target"]) for e in body["edges"]}
    assert ("biwaq", GK + "financedFromFund", "esf") in edges
    assert ("biwaq-themenwerkstatt-2020", GK + "organizedBy", "bbsr") in edges
    node_ids = ids(body)
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in body["edges"])


def test_neighbourhood_is_deterministic(api_client: TestClient) -> None:
    first = api_client.get("/api/entities/bbwa/neighbourhood?depth=2").json()
    second = api_client.get("/api/entities/bbwa/neighbourhood?depth=2").json()
    assert first == second
    order = [(n["depth"], n["id"]) for n in first["nodes"]]
    assert order == sorted(order)


def test_direction_predicate_and_type_filters(api_client: TestClient) -> None:
    out = api_client.get("/api/entities/biwaq/neighbourhood?direction=out").json()
    assert all(e["source"] == "biwaq" for e in out["edges"] if "biwaq" in (e["source"], e["target"]))
    incoming = api_client.get("/api/entities/bmi/neighbourhood?direction=in").json()
    assert "biwaq" in ids(incoming)
    only_fund = api_client.get("/api/entities/biwaq/neighbourhood?predicate=gk:financedFromFund").json()
    assert "esf" in ids(only_fund) and "bmi" not in ids(only_fund)
    assert {e["predicate"] for e in only_fund["edges"]} == {GK + "financedFromFund"}
    full_iri = api_client.get(
        "/api/entities/biwaq/neighbourhood", params={"predicate": GK + "financedFromFund"}
    ).json()
    assert full_iri == only_fund
    two = api_client.get(
        "/api/entities/biwaq/neighbourhood?predicate=gk:financedFromFund&predicate=gk:cofinancedBy"
    ).json()
    assert ids(two) >= ids(only_fund) | {"bmi"}
    assert {e["predicate"] for e in two["edges"]} == {GK + "financedFromFund", GK + "cofinancedBy"}
    ministries = api_client.get("/api/entities/biwaq/neighbourhood?depth=2&type=Ministry").json()
    assert "bmi" in ids(ministries) and "esf" not in ids(ministries)
    assert all(GK + "Ministry" in n["types"] for n in ministries["nodes"] if n["id"] != "biwaq")
    authorities = api_client.get("/api/entities/biwaq/neighbourhood?depth=2&type=gk:PublicAuthority").json()
    assert {"bmi", "bbsr"} <= ids(authorities)  # subclasses count


def test_limit_truncates(api_client: TestClient) -> None:
    body = api_client.get("/api/entities/bbwa/neighbourhood?depth=2&limit=3").json()
    assert len(body["nodes"]) == 3 and body["truncated"] is True


def test_source_documents_only_when_asked(api_client: TestClient) -> None:
    plain = api_client.get("/api/entities/bbwa/neighbourhood").json()
    assert not any(n["id"].startswith("doc/") for n in plain["nodes"])
    with_docs = api_client.get("/api/entities/bbwa/neighbourhood?sources=true").json()
    assert any(n["id"].startswith("doc/") for n in with_docs["nodes"])


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("depth=0", "depth"),
        ("depth=4", "depth"),
        ("depth=two", "depth"),
        ("direction=sideways", "direction"),
        ("limit=0", "limit"),
        ("type=NoSuchClass", "type"),
        ("predicate=nope:thing", "predicate"),
        ("group=colour", "group"),
        ("offset=-1", "offset"),
        ("lang=fr", "lang"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(
    api_client: TestClient, query: str, parameter: str
) -> None:
    response = api_client.get(f"/api/entities/biwaq/neighbourhood?{query}")
    assert response.status_code == 422, response.text
    body = response.json()
    assert error_shape(body)
    assert body["error"]["detail"]["parameter"] == parameter
    assert parameter in body["error"]["message"]


def test_neighbourhood_as_jsonld_is_the_same_subgraph(api_client: TestClient) -> None:
    plain = api_client.get("/api/entities/biwaq/neighbourhood").json()
    response = api_client.get("/api/entities/biwaq/neighbourhood", headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")
    body = response.json()
    assert "@context" in body and isinstance(body["@context"], dict)  # inline, never a remote URL
    graph = rdflib.Graph().parse(data=response.text, format="json-ld")
    edges = {(e["source"], e["predicate"], e["target"]) for e in plain["edges"]}
    found = {
        (str(s)[len(ID) :], str(p), str(o)[len(ID) :])
        for s, p, o in graph
        if isinstance(o, rdflib.URIRef) and str(o).startswith(ID) and str(p) != str(rdflib.RDF.type)
    }
    assert found == edges
    labelled = {str(s)[len(ID) :] for s in graph.subjects(rdflib.RDFS.label, None)}
    assert labelled == ids(plain)


# --- grouped neighbourhood (hubs) -------------------------------------------------------------------


@pytest.fixture(scope="module")
def hub_client(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The bundled graph plus 1,203 projects financed from the ESF (a hub)."""
    folder = tmp_path_factory.mktemp("hub")
    lines = [
        "@prefix : <https://w3id.org/graphkit/id/> .",
        "@prefix doc: <https://w3id.org/graphkit/id/doc/> .",
        "@prefix gk: <https://w3id.org/graphkit/ontology#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        '<https://w3id.org/graphkit/graph/esf-projects> gk:source doc:esf-projects ; gk:certainty "stated" .',
        'doc:esf-projects a gk:SourceDocument ; rdfs:label "Projektliste"@de , "Project list"@en ;'
        ' dcterms:title "Project list"@en .',
    ]
    for n in range(1203):
        lines.append(
            f':esf-project-{n:04d} a gk:Project ; rdfs:label "Projekt {n:04d}"@de , "Project {n:04d}"@en ; '
            "gk:financedFromFund :esf ."
        )
    source = folder / "esf-projects.ttl"
    source.write_text("\n".join(lines), encoding="utf-8")
    path = folder / "store"
    shutil.copytree(bundled_store_path, path)
    settings = Settings(store=path)
    store = open_store(settings)
    load_files(store, [source])
    with TestClient(create_app(settings, store, workers=False)) as client:
        yield client


def test_a_hub_is_summarised_per_predicate_with_counts(
    hub_client: TestClient, api_client: TestClient
) -> None:
    incoming = api_client.get("/api/entities/esf").json()["incoming"]
    before = {s["id"] for s in incoming if s["predicate"] == GK + "financedFromFund"}
    assert {"biwaq", "lsk", "peb"} <= before  # the programmes the documents name
    body = hub_client.get("/api/entities/esf/neighbourhood?group=predicate&limit=5").json()
    assert body["focus"] == "esf"
    groups = {(g["predicate"], g["direction"]): g for g in body["groups"]}
    funded = groups[(GK + "financedFromFund", "in")]
    assert funded["count"] == 1203 + len(before)
    assert len(funded["nodes"]) == 5 and funded["offset"] == 0
    assert funded["next"] is not None
    page = hub_client.get(funded["next"]).json()
    second = {(g["predicate"], g["direction"]): g for g in page["groups"]}[(GK + "financedFromFund", "in")]
    assert second["offset"] == 5 and len(second["nodes"]) == 5
    assert not {n["id"] for n in second["nodes"]} & {n["id"] for n in funded["nodes"]}
    last = hub_client.get(
        "/api/entities/esf/neighbourhood",
        params={
            "group": "predicate",
            "predicate": GK + "financedFromFund",
            "direction": "in",
            "offset": 1200,
            "limit": 50,
        },
    ).json()
    only = last["groups"]
    assert len(only) == 1 and len(only[0]["nodes"]) == 1203 + len(before) - 1200 and only[0]["next"] is None


def test_a_flat_neighbourhood_of_a_hub_is_capped(hub_client: TestClient) -> None:
    body = hub_client.get("/api/entities/esf/neighbourhood?limit=100").json()
    assert len(body["nodes"]) == 100 and body["truncated"] is True


# --- paths ---------------------------------------------------------------------------------------


def test_path_between_bbwa_and_biwaq(api_client: TestClient) -> None:
    body = api_client.get("/api/path?from=bbwa&to=biwaq").json()
    assert set(body) == {"from", "to", "length", "paths", "nodes", "edges", "truncated"}
    assert body["from"] == "bbwa" and body["to"] == "biwaq"
    assert body["length"] is not None and body["length"] >= 1
    for path in body["paths"]:
        assert path[0] == "bbwa" and path[-1] == "biwaq" and len(path) == body["length"] + 1
    node_ids = {n["id"] for n in body["nodes"]}
    assert {step for path in body["paths"] for step in path} == node_ids


def test_path_too_long_is_empty_and_bad_ends_are_404(api_client: TestClient) -> None:
    body = api_client.get("/api/path?from=bbwa&to=biwaq&max_length=1").json()
    if body["length"] is None:
        assert body["paths"] == [] and body["nodes"] == []
    assert api_client.get("/api/path?from=bbwa&to=nowhere").status_code == 404
    missing = api_client.get("/api/path?from=bbwa")
    assert missing.status_code == 422 and missing.json()["error"]["detail"]["parameter"] == "to"


# --- dereferencing ---------------------------------------------------------------------------------


def test_entity_iri_dereferences_to_a_page_for_browsers(api_client: TestClient) -> None:
    response = api_client.get("/id/biwaq", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "Bildung, Wirtschaft, Arbeit im Quartier" in page
    assert 'href="http://testserver/id/esf"' in page  # a link to each neighbour
    assert "/graph?focus=biwaq" in page
    assert "Virtuelle BIWAQ-Themenwerkstatt 2020" in page or "BIWAQ-Themenwerkstatt" in page


@pytest.mark.parametrize(
    ("accept", "media", "rdf_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_entity_iri_dereferences_to_rdf(
    api_client: TestClient, accept: str, media: str, rdf_format: str
) -> None:
    response = api_client.get("/id/biwaq", headers={"Accept": accept})
    assert response.headers["content-type"].startswith(media)
    graph = rdflib.Graph().parse(data=response.text, format=rdf_format)
    biwaq = rdflib.URIRef(ID + "biwaq")
    assert (biwaq, rdflib.URIRef(GK + "financedFromFund"), rdflib.URIRef(ID + "esf")) in graph
    assert (rdflib.URIRef(ID + "biwaq-themenwerkstatt-2020"), None, biwaq) in graph or any(
        graph.triples((None, None, biwaq))
    )


def test_hostile_texts_are_escaped_on_pages(bundled_store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "store"
    shutil.copytree(bundled_store_path, path)
    settings = Settings(store=path)
    store = open_store(settings)
    load_files(store, [DATA / "hostile-entity.ttl"])
    with TestClient(create_app(settings, store, workers=False)) as client:
        for url in ("/id/hostile-project", "/id/doc/hostile-source", "/id/berlin", "/search?q=img", "/"):
            page = client.get(url, headers={"Accept": "text/html"}).text
            assert "<img src=x" not in page and "<script>window" not in page and "<svg onload" not in page, (
                url
            )
            assert 'href="javascript:' not in page, url
        page = client.get("/id/hostile-project", headers={"Accept": "text/html"}).text
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        data = client.get("/api/entities/hostile-project").json()
        assert data["label"] == "<img src=x onerror=alert(1)>"  # JSON keeps the data as it is


def test_bundled_queries_are_examples_on_the_home_page(api_client: TestClient) -> None:
    page = api_client.get("/", headers={"Accept": "text/html"}).text
    names = [p.stem for p in (bundled.queries_dir()).glob("*.rq")]
    assert names and all(name in page for name in names)
    assert json.loads(api_client.get("/", headers={"Accept": "application/json"}).text)["triples"] > 0


def test_a_statement_two_sources_make_is_one_statement_citing_both(api_client: TestClient) -> None:
    """Set semantics in the API: Berlin's label is stated by several graphs, listed once with every source."""
    body = api_client.get("/api/entities/berlin").json()
    keys = [(s["predicate"], json.dumps(s["value"], sort_keys=True)) for s in body["properties"]]
    assert len(keys) == len(set(keys))
    label = next(
        s for s in body["properties"] if s["predicate"].endswith("#label") and s["value"].get("lang") == "en"
    )
    assert len(label["sources"]) >= 2
    nb = api_client.get("/api/entities/berlin/neighbourhood").json()
    edges = [(e["source"], e["predicate"], e["target"]) for e in nb["edges"]]
    assert len(edges) == len(set(edges))
