"""The network view in a real browser: served by `graphkit serve`, and exported to a file."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.namespaces import entity_id
from graphkit.viz import render_html
from tests.browser.pages import PageLog, wait_drawn, wait_until, watch
from tests.synthetic import synthetic_view

GK = "https://w3id.org/graphkit/ontology#"
HOSTILE_EN = "<img src=x onerror=alert(1)>"
HOSTILE_DE = "</script><script>alert(2)</script>"
#: An entity of tests/data/foreign-vocabulary.ttl, outside the id namespace.
ALICE = entity_id("http://example.org/people/alice")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def api_json(server: str, path: str) -> Any:
    with urllib.request.urlopen(server + path, timeout=10) as response:
        return json.load(response)


def only_server(log: PageLog, server: str) -> list[str]:
    """Requests to anywhere but the server (data: URLs are not requests to a host)."""
    return [u for u in log.requests if not u.startswith(server + "/") and not u.startswith("data:")]


def node_point(page: Any, node_id: str) -> dict[str, float]:
    """Return where a node is drawn, in page coordinates."""
    point: dict[str, float] = page.evaluate(
        """(id) => {
            const net = graphkitView.network;
            const p = net.canvasToDOM(net.getPosition(id));
            const box = document.querySelector('#gk-graph canvas').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        node_id,
    )
    return point


def drawn_node_ids(page: Any) -> list[str]:
    """Ids of the nodes vis-network holds in its drawing and does not hide."""
    ids: list[str] = page.evaluate(
        """() => graphkitView.network.body.nodeIndices.filter(
            (id) => !graphkitView.network.body.nodes[id].options.hidden)"""
    )
    return ids


def test_whole_graph_loads_cleanly_and_pans(page: Any, server: str, artifacts: Path) -> None:
    log = watch(page)
    page.goto(server + "/graph")
    wait_drawn(page)
    assert log.errors == []
    assert only_server(log, server) == []
    count = page.evaluate("graphkitView.nodes.length")
    assert count > 50 and len(drawn_node_ids(page)) == count
    before = page.evaluate("graphkitView.network.getViewPosition()")
    box = page.locator("#gk-graph canvas").bounding_box()
    # Drag from a spot with no node or edge under it (dragging a node moves the node, not the view).
    spot = page.evaluate(
        """([width, height]) => {
            const net = graphkitView.network;
            for (let y = 30; y < height - 30; y += 25) {
                for (let x = 30; x < width - 30; x += 25) {
                    if (net.getNodeAt({x, y}) === undefined && net.getEdgeAt({x, y}) === undefined) {
                        return {x, y};
                    }
                }
            }
            return null;
        }""",
        [box["width"], box["height"]],
    )
    assert spot is not None, "no empty spot on the canvas to drag from"
    x, y = box["x"] + spot["x"], box["y"] + spot["y"]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y + 80, steps=5)
    page.mouse.up()
    after = page.evaluate("graphkitView.network.getViewPosition()")
    assert after != before
    page.evaluate("graphkitView.fit()")
    page.screenshot(path=str(artifacts / "graph-whole.png"))


def test_nodes_drawn_equal_the_api_neighbourhood(page: Any, server: str, artifacts: Path) -> None:
    log = watch(page)
    page.goto(server + "/graph?focus=biwaq&depth=1")
    wait_drawn(page)
    api = api_json(server, "/api/entities/biwaq/neighbourhood?depth=1")
    assert sorted(drawn_node_ids(page)) == sorted(n["id"] for n in api["nodes"])
    assert page.evaluate("graphkitView.edges.length") == len(api["edges"])
    assert log.errors == [] and only_server(log, server) == []
    page.screenshot(path=str(artifacts / "graph-biwaq-neighbourhood.png"))


def test_hovering_an_edge_shows_its_label(page: Any, server: str) -> None:
    page.goto(server + "/graph?focus=biwaq&depth=1")
    wait_drawn(page)
    api = api_json(server, "/api/entities/biwaq/neighbourhood?depth=1")
    edge = next(e for e in api["edges"] if e["source"] == "biwaq")
    point: dict[str, float] = page.evaluate(
        """([from, predicate, to]) => {
            const net = graphkitView.network;
            const id = [from, predicate, to].join("\u0000");
            const p = net.canvasToDOM(net.body.edges[id].edgeType.getPoint(0.5));
            const box = document.querySelector('#gk-graph canvas').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        [edge["source"], edge["predicate"], edge["target"]],
    )
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#gk-tooltip:not([hidden])")
    assert page.locator("#gk-tooltip").inner_text() == edge["label"]


def test_search_biwaq_focuses_it(page: Any, server: str) -> None:
    log = watch(page)
    page.goto(server + "/graph")
    wait_drawn(page)
    page.fill("#gk-search-input", "BIWAQ")
    page.wait_for_selector("#gk-search-results li")
    assert page.locator("#gk-search-results li").first.get_attribute("data-id") == "biwaq"
    page.press("#gk-search-input", "Enter")
    wait_until(page, "graphkitView.lastFocus === 'biwaq'")
    assert page.evaluate("graphkitView.network.getSelectedNodes()") == ["biwaq"]
    assert page.locator("#gk-details").is_visible()
    assert page.locator("#gk-details-link").get_attribute("href") == "/id/biwaq"
    # The focused node is in the middle of the drawing.
    point = node_point(page, "biwaq")
    box = page.locator("#gk-graph canvas").bounding_box()
    assert abs(point["x"] - (box["x"] + box["width"] / 2)) < 5
    assert log.errors == []


def test_double_click_adds_the_neighbours(page: Any, server: str, artifacts: Path) -> None:
    log = watch(page)
    page.goto(server + "/graph?type=FundingProgramme")
    wait_drawn(page)
    before = set(drawn_node_ids(page))
    neighbours = {n["id"] for n in api_json(server, "/api/entities/biwaq/neighbourhood?depth=1")["nodes"]}
    assert "biwaq" in before and not neighbours <= before
    point = node_point(page, "biwaq")
    page.mouse.dblclick(point["x"], point["y"])
    wait_until(page, "document.body.dataset.expansions === '1'")
    after = set(drawn_node_ids(page))
    assert after == before | neighbours
    assert page.evaluate("graphkitView.edges.length") > 0
    # The new nodes switch language too, and load their details when clicked.
    page.select_option("#gk-lang", "de")
    german = api_json(server, "/api/entities/biwaq/neighbourhood?depth=1&lang=de")["nodes"]
    for node in german:
        assert (
            page.evaluate("(id) => graphkitView.fullName(graphkitView.records.get(id))", node["id"])
            == node["label"]
        )
    added = sorted(neighbours - before)[0]
    point = node_point(page, added)
    page.mouse.click(point["x"], point["y"])
    wait_until(page, f"graphkitView.records.get('{added}').sources.length > 0")
    assert "Quellen" in page.locator("#gk-details").inner_text()
    assert log.errors == [] and only_server(log, server) == []
    page.screenshot(path=str(artifacts / "graph-expanded.png"))


def test_class_filter_hides_and_shows(page: Any, server: str) -> None:
    page.goto(server + "/graph")
    wait_drawn(page)
    total = page.evaluate("graphkitView.visibleNodeCount()")
    cities = page.evaluate(
        "(cls) => [...graphkitView.records.values()].filter((r) => r.cls === cls).length", GK + "City"
    )
    assert cities > 0
    box = page.locator(f'#gk-legend input[data-cls="{GK}City"]')
    box.uncheck()
    assert page.evaluate("graphkitView.visibleNodeCount()") == total - cities
    assert len(drawn_node_ids(page)) == total - cities
    assert "berlin" not in drawn_node_ids(page)
    assert "shown" in page.locator("#gk-count").inner_text()
    box.check()
    assert page.evaluate("graphkitView.visibleNodeCount()") == total
    assert "berlin" in drawn_node_ids(page)
    legend = page.locator("#gk-legend")
    assert "city" in legend.inner_text()
    page.select_option("#gk-lang", "de")
    assert "Stadt" in legend.inner_text()
    assert page.evaluate("graphkitView.displayName(graphkitView.records.get('germany'))") == "Deutschland"


def test_hostile_label_is_text_and_runs_nothing(page: Any, server: str) -> None:
    log = watch(page)
    page.goto(server + "/graph?focus=hostile-project")
    wait_drawn(page)
    assert page.locator("h1").inner_text() == f"{HOSTILE_EN} · graphkit"
    point = node_point(page, "hostile-project")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#gk-tooltip:not([hidden])")
    assert page.locator("#gk-tooltip strong").inner_text() == HOSTILE_EN
    page.mouse.click(point["x"], point["y"])
    assert page.locator("#gk-details-label").inner_text() == HOSTILE_EN
    page.select_option("#gk-lang", "de")
    assert page.locator("#gk-details-label").inner_text() == HOSTILE_DE
    assert (
        page.evaluate("graphkitView.displayName(graphkitView.records.get('hostile-project'))") == HOSTILE_DE
    )
    assert page.locator("html").get_attribute("lang") == "de"
    page.fill("#gk-search-input", "img src")
    page.wait_for_selector("#gk-search-results li")
    # The hit is named in the page's language (German here), as text.
    assert HOSTILE_DE in page.locator("#gk-search-results").inner_text()
    page.wait_for_timeout(300)
    assert (
        page.evaluate(
            "document.querySelectorAll('img, b[onmouseover], script:not([src]):not([type])').length"
        )
        == 0
    )
    assert log.dialogs == []
    assert log.errors == []


def test_exported_file_works_offline(page: Any, browser_store: Path, tmp_path: Path, artifacts: Path) -> None:
    out = tmp_path / "view.html"
    args = ["viz", "--store", str(browser_store), "--focus", "biwaq", "--depth", "2", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    page.context.set_offline(True)
    log = watch(page)
    page.goto(out.as_uri())
    wait_drawn(page)
    expected = page.evaluate("JSON.parse(document.getElementById('gk-data').textContent).nodes.length")
    assert len(drawn_node_ids(page)) == expected > 10
    page.fill("#gk-search-input", "biwaq")
    page.press("#gk-search-input", "Enter")
    wait_until(page, "graphkitView.lastFocus === 'biwaq'")
    assert log.requests == [out.as_uri()]
    assert log.errors == []
    page.screenshot(path=str(artifacts / "graph-exported.png"))


@pytest.mark.slow
def test_10000_nodes_draw_and_pan(page: Any, tmp_path: Path) -> None:
    # How fast is measured in bench/viz_bench.py, never asserted here.
    out = tmp_path / "big.html"
    out.write_text(render_html(synthetic_view(10_000)), encoding="utf-8")
    log = watch(page)
    page.goto(out.as_uri())
    wait_drawn(page, timeout=30_000)
    assert page.evaluate("graphkitView.firstDrawn") is not None
    assert page.evaluate("graphkitView.nodes.length") == 10_000
    before = page.evaluate("graphkitView.network.getViewPosition()")
    box = page.locator("#gk-graph canvas").bounding_box()
    moved = False
    for _ in range(3):  # a drag that starts while the first frames are still painting may be lost
        page.wait_for_timeout(300)
        page.mouse.move(box["x"] + 200, box["y"] + 200)
        page.mouse.down()
        page.mouse.move(box["x"] + 400, box["y"] + 300, steps=10)
        page.mouse.up()
        moved = page.evaluate("graphkitView.network.getViewPosition()") != before
        if moved:
            break
    assert moved, "the view did not pan"
    assert log.errors == []


def test_expanding_a_hub_summarises_its_big_groups(page: Any, server: str) -> None:
    log = watch(page)
    page.goto(server + "/graph?focus=bbwa&depth=1")
    wait_drawn(page)
    hub = api_json(server, "/api/entities/eurocities/neighbourhood?depth=1")
    assert hub["truncated"] is True  # EUROCITIES has more members than one page brings
    page.evaluate("graphkitView.expand('eurocities')")
    wait_until(page, "document.body.dataset.expansions === '1'")
    groups = page.evaluate(
        "[...graphkitView.records.values()].filter((r) => r.group).map((r) => [r.group.cls, r.group.count])"
    )
    assert [GK + "City", max(c for _, c in groups)] in groups and max(c for _, c in groups) > 150
    # One request for the expansion, in the page's language, with the nodes' details.
    asked = [u for u in log.requests if "/api/entities/eurocities/neighbourhood" in u]
    assert len(asked) == 1 and "group=class" in asked[0] and "details=true" in asked[0]
    summary = page.evaluate(
        """graphkitView.displayName(
            [...graphkitView.records.values()].find((r) => r.group && r.group.count > 150))"""
    )
    assert summary.startswith(str(max(c for _, c in groups))) and "city" in summary
    assert log.errors == [] and only_server(log, server) == []


def test_foreign_entity_links_to_its_page(page: Any, server: str) -> None:
    log = watch(page)
    page.goto(server + "/graph?focus=biwaq&depth=1")
    wait_drawn(page)
    # Found by search (its foaf:name, folded) and brought in through the API by its ~ id.
    page.fill("#gk-search-input", "alice muller")
    page.wait_for_selector(f'#gk-search-results li[data-id="{ALICE}"]')
    page.press("#gk-search-input", "Enter")
    wait_until(page, f"graphkitView.lastFocus === {json.dumps(ALICE)}")
    assert page.locator("#gk-details-label").inner_text() == "Alice Müller"
    assert "http://example.org/people/alice" in page.locator("#gk-details-list").inner_text()
    link = page.locator("#gk-details-link")
    assert link.get_attribute("href") == "/entities/" + ALICE
    link.click()
    page.wait_for_url(f"**/entities/{ALICE}")
    assert page.locator("h1").inner_text() == "Alice Müller"
    page.click("ul.neighbours a[href$='/id/berlin']")
    assert page.url.endswith("/id/berlin")
    page.locator(f"a[href$='/entities/{ALICE}']").first.click()
    assert page.url.endswith(f"/entities/{ALICE}")
    page.click("text=Show in the graph")
    wait_drawn(page)
    assert page.evaluate("graphkitView.network.getSelectedNodes()") == [ALICE]
    assert log.errors == [] and only_server(log, server) == []
