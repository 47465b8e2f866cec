"""Bring your own data: entities outside the id namespace are first class.

A researcher's dataset in foreign vocabularies (tests/data/foreign-vocabulary.ttl) is loaded
beside the bundled graph without validation. Its labelled resources are found by search,
have a neighbourhood, an entity JSON and page, and a node in the graph view; their ids are
``~`` + base64url of the IRI, and the full IRI works wherever an id does.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import rdflib
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from graphkit.api.app import create_app
from graphkit.cli import app as cli_app
from graphkit.config import Settings
from graphkit.errors import InvalidParameter
from graphkit.ingest import load_files
from graphkit.model import is_valid_iri
from graphkit.namespaces import ID, entity_id, entity_iri
from graphkit.overview import entities
from graphkit.projection import Projection, build_projection
from graphkit.store import GraphStore, open_store
from graphkit.viz import select_view
from tests.conftest import DATA, error_shape
from tests.test_viz import embedded_data

FOREIGN = DATA / "foreign-vocabulary.ttl"
FOAF = "http://xmlns.com/foaf/0.1/"
EX = "http://example.org/vocab#"
ALICE = "http://example.org/people/alice"
JUERGEN = "http://example.org/people/jürgen"
ORG = "http://example.org/orgs/nachbarschaftswerk"
REPORT = "http://example.org/reports/r1"
BOOK = "urn:isbn:9783161484100"
TOPIC = "http://example.org/topics/participation"
BERLIN = ID + "berlin"
#: Labelled in the file, but vocabulary: never an entity.
VOCABULARY = [
    "http://example.org/topics/scheme",
    EX + "Report",
    EX + "Workshop",
    EX + "basedIn",
    EX + "ontology",
    FOAF + "Person",
    "https://schema.org/worksFor",
]
#: What an id may hold: it goes into URL paths and query strings as it is.
URL_SAFE = re.compile(r"[A-Za-z0-9._~/-]+")


@pytest.fixture(scope="module")
def foreign_store_path(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled store with the researcher's dataset loaded beside it."""
    path = tmp_path_factory.mktemp("foreign") / "store"
    shutil.copytree(bundled_store_path, path)
    store = open_store(Settings(store=path))
    try:
        load_files(store, [FOREIGN], validate=False)
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def client(foreign_store_path: Path) -> Iterator[TestClient]:
    settings = Settings(store=foreign_store_path)
    app = create_app(settings, open_store(settings, read_only=True), workers=False)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def projection(client: TestClient) -> Projection:
    service = client.app.state.service  # type: ignore[attr-defined]
    found: Projection = service.projection()
    return found


def search(client: TestClient, **params: object) -> list[dict]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    results: list[dict] = response.json()["results"]
    return results


def node_ids(body: dict) -> set[str]:
    return {n["id"] for n in body["nodes"]}


# --- ids ------------------------------------------------------------------------------------------


def test_foreign_ids_are_tilde_and_base64url_and_stable() -> None:
    # Written out, so a change of the scheme (which would break saved links) fails here.
    assert entity_id(ALICE) == "~aHR0cDovL2V4YW1wbGUub3JnL3Blb3BsZS9hbGljZQ"
    assert entity_id(JUERGEN) == "~aHR0cDovL2V4YW1wbGUub3JnL3Blb3BsZS9qw7xyZ2Vu"
    assert entity_id(BERLIN) == "berlin"
    assert entity_id(ID + "doc/esf-newsletter") == "doc/esf-newsletter"
    # Own IRIs whose local part would not survive in a URL path get a ~ id too.
    for odd in (ID + "straße", ID + "a/../b", ID + "~x", ID + "x?y", ID, ID + "a//b"):
        assert entity_id(odd).startswith("~") and entity_iri(entity_id(odd)) == odd


@pytest.mark.parametrize(
    ("ref", "iri"),
    [
        ("berlin", BERLIN),
        ("id:berlin", BERLIN),
        ("foaf:Person", FOAF + "Person"),
        (BERLIN, BERLIN),
        (ALICE, ALICE),
        (BOOK, BOOK),
        ("~aHR0cDovL2V4YW1wbGUub3JnL3Blb3BsZS9hbGljZQ", ALICE),
    ],
)
def test_entity_iri_reads_every_kind_of_reference(ref: str, iri: str) -> None:
    assert entity_iri(ref) == iri


@pytest.mark.parametrize(
    "ref",
    [
        "~",  # nothing encoded
        "~!!!",  # not base64url
        "~YWJjZA==",  # padded
        "~a",  # a length no encoding has
        "~_w",  # not UTF-8
        "~YR",  # "a" with stray bits: not the one spelling of "a"
        "~" + "bm90IGFuIGlyaQ",  # "not an iri"
        "http://example.org/a b",  # a full IRI with a space
    ],
)
def test_bad_references_are_invalid_parameters(ref: str) -> None:
    with pytest.raises(InvalidParameter) as raised:
        entity_iri(ref, parameter="focus")
    assert raised.value.status == 422 and raised.value.detail["parameter"] == "focus"


#: Any character an IRI may hold (no spaces, controls, ``<>"{}|^`\`` or lone surrogates).
_IRI_CHARS = st.characters(
    exclude_categories=("Cs",),
    exclude_characters="".join(chr(c) for c in range(0x21)) + '<>"{}|^`\\',
)
IRIS = st.one_of(
    st.builds(
        lambda scheme, rest: scheme + ":" + rest,
        st.from_regex(r"[A-Za-z][A-Za-z0-9+.-]{0,8}", fullmatch=True),
        st.text(_IRI_CHARS, max_size=60),
    ),
    st.builds(lambda rest: ID + rest, st.text(_IRI_CHARS, max_size=40)),
).filter(is_valid_iri)  # what the store's IRI parser refuses is never an id (a 422 instead)


@settings(database=None)  # no example database left in the working tree
@given(IRIS)
def test_ids_round_trip_and_are_url_safe(iri: str) -> None:
    assert is_valid_iri(iri)
    found = entity_id(iri)
    assert URL_SAFE.fullmatch(found), found
    assert entity_iri(found) == iri


# --- search -----------------------------------------------------------------------------------------


def test_search_finds_a_foaf_name_with_diacritics_folded(client: TestClient) -> None:
    found = search(client, q="alice muller")
    assert found[0]["iri"] == ALICE and found[0]["id"] == entity_id(ALICE)
    assert found[0]["label"] == "Alice Müller" and FOAF + "Person" in found[0]["types"]
    assert search(client, q="MÜLLER")[0]["iri"] == ALICE


@pytest.mark.parametrize(
    ("text", "iri"),
    [
        ("jurgen gross", JUERGEN),  # schema:name, ß folded
        ("nachbarschaftswerk", ORG),  # schema:name in German
        ("neighbourhood works", ORG),  # and in English
        ("quartiersarbeit", REPORT),  # dcterms:title
        ("soziale innovation in stadtquartieren", BOOK),  # a URN
        ("burgerbeteiligung", TOPIC),  # skos:prefLabel
        ("participation", TOPIC),  # and its skos:altLabel
    ],
)
def test_search_finds_every_label_predicate(client: TestClient, text: str, iri: str) -> None:
    assert search(client, q=text)[0]["iri"] == iri


def test_class_filters_take_foreign_classes(client: TestClient) -> None:
    for cls in ("foaf:Person", FOAF + "Person", entity_id(FOAF + "Person")):
        # The label index matches word prefixes: one query per person, and one for no person.
        people = [
            r["iri"] for q in ("alice", "jurgen", "nachbarschaftswerk") for r in search(client, q=q, type=cls)
        ]
        assert people == [ALICE, JUERGEN]
    around = client.get(
        f"/api/entities/{entity_id(REPORT)}/neighbourhood", params={"type": "foaf:Person"}
    ).json()
    assert node_ids(around) == {entity_id(REPORT), entity_id(ALICE)}
    organisations = client.get("/graph", params={"type": "https://schema.org/Organization"}).text
    assert [n["iri"] for n in embedded_data(organisations)["nodes"]] == [ORG]  # type: ignore[index]


def test_vocabulary_is_never_an_entity(client: TestClient, projection: Projection) -> None:
    for iri in VOCABULARY:
        assert not projection.is_entity(iri), iri
        response = client.get(f"/api/entities/{entity_id(iri)}/neighbourhood")
        assert response.status_code == 404 and error_shape(response.json()), iri
    texts = ("report", "workshop", "research topics", "based in", "vocabulary", "person", "works for")
    for text in texts:
        assert not {r["iri"] for r in search(client, q=text, limit=100)} & set(VOCABULARY), text
    # Its labels still name the classes and predicates.
    assert projection.label(EX + "basedIn", "de") == "ansässig in"
    assert projection.label(FOAF + "Person") == "person"


def test_the_bundled_data_has_no_entity_outside_the_id_namespace(loaded: GraphStore) -> None:
    projection = build_projection(loaded)
    outside = [n for n in entities(projection, include_sources=True) if not n.startswith(ID)]
    assert outside == []
    assert all(URL_SAFE.fullmatch(n.id) and not n.id.startswith("~") for n in projection.view().nodes)


# --- entity JSON and page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [entity_id(ALICE), quote(ALICE, safe=""), ALICE],
    ids=["tilde-id", "encoded-iri", "iri"],
)
def test_entity_json_by_id_and_by_full_iri(client: TestClient, ref: str) -> None:
    response = client.get(f"/api/entities/{ref}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == entity_id(ALICE) and body["iri"] == ALICE
    assert body["label"] == "Alice Müller" and body["types"] == [FOAF + "Person"]
    links = {(s["predicate"], s["id"]) for s in body["properties"] if s["value"]["type"] == "uri"}
    assert (EX + "basedIn", "berlin") in links
    assert ("https://schema.org/worksFor", entity_id(ORG)) in links
    assert (FOAF + "homepage", entity_id("http://example.org/~alice/")) in links
    incoming = {(s["predicate"], s["id"]) for s in body["incoming"]}
    assert ("http://purl.org/dc/terms/creator", entity_id(REPORT)) in incoming
    assert (FOAF + "knows", entity_id(JUERGEN)) in incoming
    assert [s["id"] for s in body["sources"]] == [entity_id(REPORT)]
    ids = [s["id"] for s in body["properties"] + body["incoming"] if s["id"]] + [body["id"]]
    assert all(URL_SAFE.fullmatch(i) for i in ids), ids


def test_non_ascii_iri_works_encoded_in_the_path(client: TestClient) -> None:
    for ref in (entity_id(JUERGEN), quote(JUERGEN, safe="")):
        body = client.get(f"/api/entities/{ref}").json()
        assert body["iri"] == JUERGEN and body["label"] == "Jürgen Groß"


def test_facts_of_foreign_entities(client: TestClient, projection: Projection) -> None:
    node = projection.node(ORG, lang="de")
    assert node.label == "Nachbarschaftswerk Nord e.V."
    assert projection.node(ORG).label == "Neighbourhood Works North"
    facts = {(f.predicate, f.value, f.datatype) for f in node.facts}
    assert ("https://schema.org/foundingDate", "2015-03-01", "http://www.w3.org/2001/XMLSchema#date") in facts
    page = client.get("/graph", params={"focus": entity_id(ORG)}).text
    [drawn] = [n for n in embedded_data(page)["nodes"] if n["iri"] == ORG]  # type: ignore[union-attr]
    assert [
        "https://schema.org/numberOfEmployees",
        "12",
        "http://www.w3.org/2001/XMLSchema#integer",
    ] in drawn["facts"]


def test_entity_page_for_a_foreign_entity(client: TestClient) -> None:
    html = {"Accept": "text/html"}
    response = client.get(f"/entities/{entity_id(ALICE)}", headers=html)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>Alice Müller</h1>" in page
    assert f'href="http://testserver/entities/{entity_id(ORG)}"' in page  # a foreign neighbour
    assert 'href="http://testserver/id/berlin"' in page  # an own one
    assert f'href="http://testserver/entities/{entity_id(REPORT)}"' in page  # the source
    assert f"/graph?focus={entity_id(ALICE)}" in page
    assert f'href="{ALICE}" rel="external"' in page  # the IRI itself, on the web
    assert 'href="http://example.org/~alice/" rel="external"' in page  # not an entity: a web link
    # The same page under the full IRI, and RDF by Accept.
    assert client.get(f"/entities/{quote(ALICE, safe='')}", headers=html).text == page
    turtle = client.get(f"/entities/{entity_id(ALICE)}", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef(ALICE), rdflib.URIRef(EX + "basedIn"), rdflib.URIRef(BERLIN)) in graph


def test_own_pages_and_search_link_foreign_entities(client: TestClient) -> None:
    html = {"Accept": "text/html"}
    berlin = client.get("/id/berlin", headers=html).text
    assert f'href="http://testserver/entities/{entity_id(ALICE)}"' in berlin
    results = client.get("/search", params={"q": "alice"}, headers=html).text
    assert f'href="http://testserver/entities/{entity_id(ALICE)}"' in results


# --- neighbourhood, paths, graph view ---------------------------------------------------------------


def test_neighbourhood_both_ways_with_the_link_to_berlin(client: TestClient) -> None:
    alice, berlin = entity_id(ALICE), "berlin"
    body = client.get(f"/api/entities/{alice}/neighbourhood").json()
    assert body["focus"] == alice
    assert {alice, berlin, entity_id(ORG), entity_id(JUERGEN), entity_id(REPORT)} <= node_ids(body)
    edges = {(e["source"], e["predicate"], e["target"], e["label"]) for e in body["edges"]}
    assert (alice, EX + "basedIn", berlin, "based in") in edges
    assert (entity_id(JUERGEN), FOAF + "knows", alice, "knows") in edges
    assert all(URL_SAFE.fullmatch(n["id"]) for n in body["nodes"])
    # From Berlin's side, the link comes in.
    incoming = client.get("/api/entities/berlin/neighbourhood", params={"direction": "in"}).json()
    assert alice in node_ids(incoming)
    assert (alice, EX + "basedIn", berlin) in {
        (e["source"], e["predicate"], e["target"]) for e in incoming["edges"]
    }
    # The full IRI, encoded in the path, gives the same answer.
    assert client.get(f"/api/entities/{quote(ALICE, safe='')}/neighbourhood").json() == body


def test_grouped_neighbourhood_path_and_jsonld(client: TestClient) -> None:
    alice = entity_id(ALICE)
    grouped = client.get(f"/api/entities/{alice}/neighbourhood", params={"group": "predicate"}).json()
    groups = {(g["predicate"], g["direction"]): [n["id"] for n in g["nodes"]] for g in grouped["groups"]}
    assert groups[(EX + "basedIn", "out")] == ["berlin"]
    assert groups[(FOAF + "knows", "in")] == [entity_id(JUERGEN)]
    path = client.get("/api/path", params={"from": JUERGEN, "to": "berlin"}).json()
    assert path["from"] == entity_id(JUERGEN) and path["length"] == 2
    assert path["paths"] == [[entity_id(JUERGEN), alice, "berlin"]]
    response = client.get(f"/api/entities/{alice}/neighbourhood", headers={"Accept": "application/ld+json"})
    graph = rdflib.Graph().parse(data=response.text, format="json-ld")
    assert (rdflib.URIRef(ALICE), rdflib.URIRef(EX + "basedIn"), rdflib.URIRef(BERLIN)) in graph


@pytest.mark.parametrize("focus", [entity_id(ALICE), ALICE], ids=["tilde-id", "iri"])
def test_graph_page_focused_on_a_foreign_entity(client: TestClient, focus: str) -> None:
    response = client.get("/graph", params={"focus": focus, "depth": 1})
    assert response.status_code == 200
    data = embedded_data(response.text)
    assert data["focus"] == entity_id(ALICE)
    drawn = {n["id"]: n for n in data["nodes"]}  # type: ignore[union-attr]
    assert drawn[entity_id(ALICE)]["label"] == "Alice Müller" and "berlin" in drawn
    assert data["api"]["foreign_page"] == "/entities/"  # type: ignore[index]
    assert "<title>Alice Müller · graphkit</title>" in response.text


def test_whole_graph_view_has_the_foreign_entities(client: TestClient) -> None:
    nodes = embedded_data(client.get("/graph").text)["nodes"]
    iris = {n["iri"] for n in nodes}  # type: ignore[union-attr]
    assert {ALICE, JUERGEN, ORG, REPORT, BOOK, TOPIC} <= iris
    assert not iris & set(VOCABULARY)


def test_select_view_and_viz_command_take_a_full_iri(
    projection: Projection, foreign_store_path: Path, tmp_path: Path
) -> None:
    view = select_view(projection, focus=ALICE)
    assert view.focus == entity_id(ALICE) and "berlin" in {n.id for n in view.nodes}
    out = tmp_path / "alice.html"
    args = ["viz", "--store", str(foreign_store_path), "--focus", entity_id(ALICE), "-o", str(out)]
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    assert embedded_data(out.read_text(encoding="utf-8"))["focus"] == entity_id(ALICE)


# --- errors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/entities/~!!!", "id"),
        ("/api/entities/~a", "id"),
        ("/api/entities/~_w/neighbourhood", "id"),
        ("/api/entities/~bm90IGFuIGlyaQ", "id"),
        ("/entities/~YR", "id"),
        ("/api/path?from=~a&to=berlin", "from"),
        ("/api/path?from=berlin&to=~a", "to"),
        ("/graph?focus=~a", "focus"),
    ],
)
def test_a_bad_tilde_id_is_422_with_the_error_shape(client: TestClient, url: str, parameter: str) -> None:
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 422, response.text
    body = response.json()
    assert error_shape(body) and body["error"]["code"] == "invalid_parameter"
    assert body["error"]["detail"]["parameter"] == parameter


def test_an_unknown_tilde_id_is_404(client: TestClient) -> None:
    unknown = entity_id("http://example.org/people/nobody")
    for url in (f"/api/entities/{unknown}", f"/api/entities/{unknown}/neighbourhood", f"/entities/{unknown}"):
        response = client.get(url, headers={"Accept": "application/json"})
        assert response.status_code == 404 and error_shape(response.json()), url
    message = client.get(f"/api/entities/{unknown}/neighbourhood").json()["error"]["message"]
    assert "http://example.org/people/nobody" in message  # the IRI the id stands for


def test_a_page_of_an_iri_that_is_no_entity_offers_no_graph(client: TestClient) -> None:
    homepage = entity_id("http://example.org/~alice/")  # only the object of foaf:homepage
    page = client.get(f"/entities/{homepage}", headers={"Accept": "text/html"}).text
    assert f'href="http://testserver/entities/{entity_id(ALICE)}"' in page  # who links to it
    assert "/graph?focus=" not in page and "/neighbourhood" not in page
