"""Views as HTML: data shape, escaping, self-contained export, scale, the `viz` command."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.errors import BadRequest, NotFound
from graphkit.layout import clear_layout_cache, compute_layout
from graphkit.model import Edge, Neighbourhood, Node
from graphkit.projection import Projection, build_projection
from graphkit.store import GraphStore
from graphkit.viz import (
    PAGE_SCRIPTS,
    ApiLinks,
    Assets,
    build_view_data,
    render_html,
    render_view,
    select_view,
    show,
    term_labels,
)
from tests.synthetic import synthetic_view

HOSTILE = "<img src=x onerror=alert(1)>"
CLOSER = "</script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def projection(loaded: GraphStore) -> Projection:
    return build_projection(loaded)


class _Page(HTMLParser):
    """Collects the tags of a page and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((dict(attrs), ""))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in_title:
            self.title += data


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def embedded_data(page: str) -> dict[str, object]:
    [(_, text)] = [s for s in parse(page).scripts if s[0].get("id") == "gk-data"]
    data: dict[str, object] = json.loads(text)
    return data


def hostile_view() -> Neighbourhood:
    evil = Node(
        id="evil",
        iri="https://w3id.org/graphkit/id/evil",
        label=HOSTILE,
        labels={"en": HOSTILE, "de": CLOSER},
        types=["https://w3id.org/graphkit/ontology#City"],
        type_label=CLOSER,
        sources=[HOSTILE],
    )
    other = Node(id="berlin", iri="https://w3id.org/graphkit/id/berlin", label="Berlin")
    edge = Edge(source="evil", target="berlin", predicate="https://example.org/p#x", label=HOSTILE)
    return Neighbourhood(focus="evil", nodes=[evil, other], edges=[edge])


# --- the view data ---------------------------------------------------------------------------


def test_whole_graph_data_has_every_node_with_a_position(projection: Projection) -> None:
    view = projection.view()
    data = build_view_data(view, terms=term_labels(projection, view))
    assert [n["id"] for n in data["nodes"]] == [n.id for n in view.nodes]
    assert len(data["edges"]) == len(view.edges)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert {c["iri"] for c in data["classes"]} == {n.types[0] if n.types else "" for n in view.nodes}
    assert sum(c["count"] for c in data["classes"]) == len(view.nodes)
    assert data["api"] is None and data["focus"] is None


def test_class_and_predicate_labels_come_in_both_languages(projection: Projection) -> None:
    view = select_view(projection, focus="biwaq")
    data = build_view_data(view, terms=term_labels(projection, view))
    by_iri = {c["iri"]: c["labels"] for c in data["classes"]}
    assert by_iri["https://w3id.org/graphkit/ontology#FundingProgramme"] == {
        "en": "funding programme",
        "de": "Förderprogramm",
    }
    assert all(set(labels) == {"en", "de"} for labels in data["predicates"].values())


def test_node_size_grows_with_degree(projection: Projection) -> None:
    data = build_view_data(select_view(projection, focus="biwaq"))
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes["biwaq"] == max(sizes.values())


def test_the_same_view_gives_the_same_page(projection: Projection) -> None:
    view = select_view(projection, focus="biwaq", depth=2)
    clear_layout_cache()
    first = render_view(projection, view)
    clear_layout_cache()
    assert render_view(projection, view) == first


# --- selecting views ---------------------------------------------------------------------------


def test_select_view_focus_matches_the_neighbourhood(projection: Projection) -> None:
    view = select_view(projection, focus="biwaq", depth=1)
    ids = {n.id for n in view.nodes}
    assert view.focus == "biwaq"
    assert {"biwaq", "esf", "bmi"} <= ids


def test_select_view_filters_by_class(projection: Projection) -> None:
    view = select_view(projection, types=["City"])
    assert view.nodes
    assert all(projection.is_a(n.iri, ["https://w3id.org/graphkit/ontology#City"]) for n in view.nodes)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"focus": "no-such-entity"}, NotFound), ({"types": ["NoSuchClass"]}, BadRequest)],
)
def test_select_view_errors(
    projection: Projection, kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        select_view(projection, **kwargs)  # type: ignore[arg-type]


# --- escaping ------------------------------------------------------------------------------------


def test_hostile_labels_stay_data() -> None:
    page = render_html(hostile_view())
    parsed = parse(page)
    # No element, attribute or script came from the data.
    assert not any(tag == "img" for tag, _ in parsed.tags)
    scripts = [attrs for attrs, _ in parsed.scripts]
    assert len(scripts) == 3, scripts  # data, vis-network, page script
    assert CLOSER not in page and "<img src=x" not in page
    assert HOSTILE in parsed.title
    data = embedded_data(page)
    nodes = data["nodes"]
    assert isinstance(nodes, list)
    assert nodes[0]["labels"] == {"en": HOSTILE, "de": CLOSER}


def test_page_scripts_write_text_not_html() -> None:
    scripts = sorted((Path(__file__).parent.parent / "graphkit/static/graph").glob("*.js"))
    assert [p.name for p in scripts] == sorted(PAGE_SCRIPTS)  # every script is loaded
    for path in scripts:
        script = path.read_text()
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", script), path


# --- export and served assets -------------------------------------------------------------------


def test_exported_page_is_self_contained(projection: Projection) -> None:
    page = render_view(projection, projection.view())
    parsed = parse(page)
    assert not [a for t, a in parsed.tags if t == "script" and a.get("src")]
    assert [a.get("href") for t, a in parsed.tags if t == "link"] == ["data:,"]  # no favicon request
    assert not [a for t, a in parsed.tags if t in ("img", "iframe", "object", "embed")]
    assert "vis-network" in page and "graphkitView" in page
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    assert csp is not None and "connect-src 'none'" in csp and "default-src 'none'" in csp


def test_served_page_links_packaged_assets(projection: Projection) -> None:
    view = select_view(projection, focus="biwaq")
    page = render_view(projection, view, assets=Assets.LINKED, api=ApiLinks())
    sources = [a.get("src") for t, a in parse(page).tags if t == "script" and a.get("src")]
    assert sources == [
        "/static/vis-network/vis-network.min.js",
        *(f"/static/graph/{n}" for n in PAGE_SCRIPTS),
    ]
    assert embedded_data(page)["api"] == {
        "search": "/api/search",
        "entities": "/api/entities/",
        "page": "/id/",
        "foreign_page": "/entities/",
        "analytics": "/api/analytics/",
        "path": "/api/path",
    }
    assert len(page) < 100_000


def test_vendored_vis_network_is_packaged() -> None:
    from importlib import resources

    folder = resources.files("graphkit").joinpath("static", "vis-network")
    assert folder.joinpath("vis-network.min.js").read_text(encoding="utf-8").startswith("/**\n * vis-network")
    assert folder.joinpath("LICENSE-MIT").is_file()


def test_notebook_view_is_an_iframe_with_the_page(projection: Projection) -> None:
    shown = show(select_view(projection, focus="biwaq"), projection=projection, height=400)
    html = shown._repr_html_()
    assert html.startswith("<iframe") and 'sandbox="allow-scripts"' in html and "400px" in html
    assert "<script" not in html  # the page is inside srcdoc, escaped


# --- layout and scale ---------------------------------------------------------------------------


def test_layout_is_deterministic_and_cached() -> None:
    view = synthetic_view(300)
    ids = [n.id for n in view.nodes]
    pairs = [(e.source, e.target) for e in view.edges]
    clear_layout_cache()
    first = compute_layout(ids, pairs)
    assert compute_layout(ids, pairs) is first
    assert compute_layout(ids, pairs, cache=False) == first
    assert len(set(first.values())) == len(ids)  # no two nodes on the same spot


def test_html_of_10000_nodes_is_built_with_positions() -> None:
    # How fast is measured in bench/viz_bench.py, never asserted here.
    clear_layout_cache()
    page = render_html(synthetic_view(10_000))
    nodes = embedded_data(page)["nodes"]
    assert len(nodes) == 10_000  # type: ignore[arg-type]
    assert all("x" in n and "y" in n for n in nodes)  # type: ignore[union-attr]


# --- the command ---------------------------------------------------------------------------------


def test_viz_command_writes_a_page(bundled_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    args = ["viz", "--store", str(bundled_store_path), "--focus", "biwaq", "--depth", "2"]
    result = CliRunner().invoke(app, [*args, "--lang", "de", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert data["focus"] == "biwaq" and data["lang"] == "de"
    assert "Wrote" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--focus", "nope"], "No entity 'nope'"), (["--type", "Nope"], "Unknown class 'Nope'")],
)
def test_viz_command_errors(bundled_store_path: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(
        app, ["viz", "--store", str(bundled_store_path), *args, "-o", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
