"""The Python entry point: `graphkit.open`, queries with bindings, records, views, pyvis."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

import graphkit
from graphkit.errors import BadRequest, NotFound, StoreError
from graphkit.kg import Answer, KnowledgeGraph, View, open_graph, plain_value
from graphkit.model import Edge, Neighbourhood, Node, Term
from graphkit.namespaces import GK, ID, XSD
from graphkit.pyvis_view import to_pyvis
from graphkit.query import as_term, run_query
from graphkit.store import GraphStore
from graphkit.viz import build_view_data

HOSTILE = "<img src=x onerror=alert(1)>"
PREFIXES = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX gk: <https://w3id.org/graphkit/ontology#>\n"
)
LABELS = PREFIXES + "SELECT ?h ?label WHERE { ?h rdfs:label ?label } ORDER BY ?label"
#: A script or style loaded from elsewhere: what an offline page must not have.
REMOTE_ASSET = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I
)


@pytest.fixture(scope="module")
def kg(bundled_store_path: Path) -> Iterator[KnowledgeGraph]:
    with graphkit.open(bundled_store_path) as opened:
        yield opened


# --- opening ---------------------------------------------------------------------------------


def test_import_graphkit_does_not_load_the_store_modules() -> None:
    code = "import sys, graphkit; print(sorted(m for m in sys.modules if m.startswith('graphkit')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "['graphkit']"


def test_graphkit_open_is_open_graph_and_no_module_shadows_the_builtin() -> None:
    assert graphkit.open is open_graph
    assert graphkit.KnowledgeGraph is KnowledgeGraph
    package = Path(graphkit.__file__).parent
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                assert node.name != "open", path
            if isinstance(node, ast.Assign):
                assert all(getattr(t, "id", None) != "open" for t in node.targets), path
            if isinstance(node, ast.ImportFrom) and path.name != "__init__.py":
                assert all((a.asname or a.name) != "open" for a in node.names), path


def test_open_is_read_only_and_a_context_manager(bundled_store_path: Path) -> None:
    with graphkit.open(bundled_store_path) as opened:
        assert opened.store.read_only
        assert opened.query("ASK { ?s ?p ?o }").boolean is True
    opened.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        opened.query("ASK { ?s ?p ?o }")


def test_open_without_a_path_uses_the_store_the_cli_uses(
    bundled_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHKIT_STORE", str(bundled_store_path))
    with graphkit.open() as opened:
        assert Path(opened.store.location) == bundled_store_path
    monkeypatch.delenv("GRAPHKIT_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    with pytest.raises(StoreError) as raised:
        graphkit.open()
    assert str(tmp_path / "graphkit" / "store") in raised.value.message


def test_open_takes_a_sparql_server_url_like_the_cli() -> None:
    # The remote store connects at its first query: nothing is sent here.
    with graphkit.open("sparql+http://127.0.0.1:9/query", engine="generic") as opened:
        assert opened.store.location == "http://127.0.0.1:9/query"
        assert opened.settings.backend == "remote"


# --- bindings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "term"),
    [
        ("id:vantaa", Term.iri(ID + "vantaa")),
        ("gk:City", Term.iri(GK + "City")),
        ("https://example.org/x", Term.iri("https://example.org/x")),
        ("Vantaa", Term.literal("Vantaa")),
        ("note: not a prefix", Term.literal("note: not a prefix")),
        (Term.literal("id:vantaa"), Term.literal("id:vantaa")),
        (True, Term.literal("true", datatype=XSD + "boolean")),
        (42, Term.literal("42", datatype=XSD + "integer")),
        (2.5, Term.literal("2.5", datatype=XSD + "double")),
        (Decimal("1.50"), Term.literal("1.50", datatype=XSD + "decimal")),
        (date(2021, 4, 21), Term.literal("2021-04-21", datatype=XSD + "date")),
        (datetime(2021, 4, 21, 9, 30), Term.literal("2021-04-21T09:30:00", datatype=XSD + "dateTime")),
    ],
)
def test_a_binding_value_becomes_a_term(value: object, term: Term) -> None:
    assert as_term(value) == term  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["https://exa mple.org/", object()])
def test_a_binding_that_is_no_term_is_refused_by_name(value: object) -> None:
    with pytest.raises(BadRequest) as raised:
        as_term(value, name="h")  # type: ignore[arg-type]
    assert "h" in raised.value.message


def test_run_query_takes_a_string_binding_the_readme_crash(loaded: GraphStore) -> None:
    # Was: AttributeError: 'str' object has no attribute 'kind'.
    result = run_query(loaded, LABELS, bindings={"h": "id:vantaa"})
    assert {row["h"].value for row in result.rows} == {ID + "vantaa"}
    assert {row["label"].value for row in result.rows} == {"Vantaa"}


def test_string_and_term_bindings_give_the_same_answer(kg: KnowledgeGraph) -> None:
    by_name = kg.query(LABELS, {"h": "id:vantaa"})
    by_term = kg.query(LABELS, {"?h": Term.iri(ID + "vantaa")})
    assert by_name.rows == by_term.rows
    assert by_name.rows[0] == {"h": ID + "vantaa", "label": "Vantaa"}
    assert {t.lang for row in by_name.terms for t in row.values() if t.lang} == {"de", "en"}


def test_typed_bindings_come_back_as_python_values(kg: KnowledgeGraph) -> None:
    answer = kg.query(
        "SELECT ?n ?next ?when ?flag WHERE { BIND(?n + 1 AS ?next) }",
        {"n": 41, "when": date(2020, 9, 23), "flag": False},
    )
    assert answer.rows == [{"n": 41, "next": 42, "when": date(2020, 9, 23), "flag": False}]


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (Term.iri(ID + "bbwa"), ID + "bbwa"),
        (Term.literal("3.0", datatype=XSD + "double"), 3.0),
        (Term.literal("2021", datatype=XSD + "gYear"), "2021"),
        (Term.literal("not a date", datatype=XSD + "date"), "not a date"),
        (Term.literal("Bündnis", lang="de"), "Bündnis"),
    ],
)
def test_plain_value(term: Term, value: object) -> None:
    assert plain_value(term) == value


# --- answers ---------------------------------------------------------------------------------


def test_an_answer_iterates_over_its_rows_and_makes_a_dataframe(kg: KnowledgeGraph) -> None:
    answer = kg.query(PREFIXES + "SELECT ?city ?label WHERE { ?city a gk:City ; rdfs:label ?label } LIMIT 5")
    assert isinstance(answer, Answer) and len(answer) == 5 and list(answer) == answer.rows
    frame = answer.to_df()
    assert list(frame.columns) == ["city", "label"]
    assert frame["city"].tolist() == [row["city"] for row in answer.rows]
    short = answer.to_df(short_iris=True)
    assert all(value.startswith("id:") for value in short["city"])


def test_ask_and_construct_answers(kg: KnowledgeGraph) -> None:
    assert kg.query("ASK { ?h ?p ?o }", {"h": "id:biwaq"})
    assert not kg.query("ASK { ?h ?p ?o }", {"h": "id:no-such-thing"})
    graph = kg.query(PREFIXES + "CONSTRUCT { ?h rdfs:label ?l } WHERE { ?h rdfs:label ?l } LIMIT 2", {})
    assert graph.kind == "graph" and len(list(graph)) == 2
    assert list(graph.to_df().columns) == ["subject", "predicate", "object"]


def test_a_cut_answer_says_so_and_warns(kg: KnowledgeGraph) -> None:
    with pytest.warns(UserWarning, match="limit="):
        answer = kg.query("SELECT ?s WHERE { ?s ?p ?o }", limit=3)
    assert answer.truncated and len(answer.rows) == 3


def test_to_df_without_pandas_says_how_to_install_it(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = kg.query("SELECT ?x WHERE { BIND(1 AS ?x) }")
    monkeypatch.setitem(sys.modules, "pandas", None)  # an import of pandas now fails
    with pytest.raises(ImportError, match="pip install pandas"):
        answer.to_df()


# --- records ---------------------------------------------------------------------------------


def test_entity_neighbourhood_and_search(kg: KnowledgeGraph) -> None:
    entity = kg.entity("biwaq", lang="de")
    assert entity.iri == ID + "biwaq" and entity.labels["de"] == entity.label
    assert GK + "FundingProgramme" in entity.types
    with pytest.raises(NotFound):
        kg.entity("no-such-thing")

    around = kg.neighbourhood("id:biwaq")
    assert isinstance(around, Neighbourhood) and around.focus == "biwaq"
    ids = {n.id for n in around.nodes}
    assert {"esf", "bmi"} <= ids
    funds = kg.neighbourhood("biwaq", predicates=["gk:financedFromFund"])
    assert {n.id for n in funds.nodes} < ids
    assert {e.predicate for e in funds.edges} == {GK + "financedFromFund"}

    hits = kg.search("efre")
    assert hits[0].node.id == "erdf"


# --- views -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def biwaq(kg: KnowledgeGraph) -> View:
    return kg.view("biwaq")


def test_a_view_is_drawn_inline_and_saved_as_an_offline_page(biwaq: View, tmp_path: Path) -> None:
    inline = biwaq._repr_html_()
    assert inline.startswith("<iframe") and 'sandbox="allow-scripts"' in inline
    saved = biwaq.save(tmp_path / "biwaq.html")
    page = saved.read_text(encoding="utf-8")
    assert "vis.Network" in page or "vis-network" in page
    assert not REMOTE_ASSET.search(page)
    assert len(biwaq.neighbourhood.nodes) == len(biwaq.data()["nodes"]) > 10


def test_a_whole_graph_view_of_some_classes(kg: KnowledgeGraph) -> None:
    cities = kg.view(types=["City"], limit=50)
    assert cities.neighbourhood.focus is None
    assert {n.types[0] for n in cities.neighbourhood.nodes} == {GK + "City"}


def test_to_networkx_has_our_labels_classes_colours_and_positions(biwaq: View) -> None:
    data = biwaq.data()
    graph = biwaq.to_networkx()
    colours = {c["iri"]: c["color"] for c in data["classes"]}
    assert graph.number_of_nodes() == len(data["nodes"])
    assert graph.number_of_edges() == len(data["edges"])
    for node in data["nodes"]:
        attributes = graph.nodes[node["id"]]
        cls = node.get("cls") or node["types"][0]
        assert attributes["class"] == cls
        assert attributes["colour"] == colours[cls]
        assert (attributes["x"], attributes["y"]) == (node["x"], node["y"])
    assert graph.nodes["biwaq"]["label"] == "BIWAQ"
    assert graph.has_edge("biwaq", "esf", key=GK + "financedFromFund")


def test_to_pyvis_draws_our_view(biwaq: View, tmp_path: Path) -> None:
    from pyvis.network import Network

    data = biwaq.data()
    net = biwaq.to_pyvis()
    assert isinstance(net, Network)
    styles = {c["iri"]: (c["color"], c["shape"]) for c in data["classes"]}
    drawn = {n["id"]: n for n in net.nodes}
    assert list(drawn) == [n["id"] for n in data["nodes"]]
    for node in data["nodes"]:
        mine = drawn[node["id"]]
        assert (mine["x"], mine["y"], mine["size"]) == (node["x"], node["y"], node["size"])
        assert (mine["color"], mine["shape"]) == styles[node.get("cls") or node["types"][0]]
    assert drawn["biwaq"]["label"] == "BIWAQ"
    assert [(e["from"], e["to"]) for e in net.edges] == [(e["from"], e["to"]) for e in data["edges"]]
    options = json.loads(net.options.to_json())
    assert options["physics"]["enabled"] is False

    net.write_html(str(tmp_path / "net.html"))
    page = (tmp_path / "net.html").read_text(encoding="utf-8")
    assert "new vis.Network" in page
    assert not REMOTE_ASSET.search(page), REMOTE_ASSET.search(page)
    assert not (tmp_path / "lib").exists()


def test_pyvis_titles_and_labels_stay_text() -> None:
    view = Neighbourhood(
        focus="x",
        nodes=[
            Node(id="x", iri=ID + "x", label=HOSTILE, labels={"en": HOSTILE}, types=[GK + "Project"]),
            Node(id="y", iri=ID + "y", label="Brighton & Hove", labels={"en": "Brighton & Hove"}),
        ],
        edges=[Edge(source="x", target="y", predicate=GK + "locatedIn", label="<b>located</b>")],
    )
    net = to_pyvis(build_view_data(view), heading="<i>heading</i>")
    titles = [n["title"] for n in net.nodes]
    assert titles[0].startswith("&lt;img src=x onerror=alert(1)&gt;")
    assert titles[1].startswith("Brighton &amp; Hove")
    assert net.edges[0]["title"] == "&lt;b&gt;located&lt;/b&gt;"
    page = net.generate_html()
    assert HOSTILE not in page and "<i>heading</i>" not in page and "<b>located" not in page
