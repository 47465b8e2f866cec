"""Export of the network view (export.js): PNG, SVG, GEXF and GraphML downloads in a real browser.

Each file is checked against what the page holds: the SVG's nodes carry their class's legend
colour, GEXF and GraphML load back with networkx to exactly the entities and links in view.
The same holds for an exported offline file opened from file://.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from tests.browser.pages import wait_drawn, wait_until, watch

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_EN = "<img src=x onerror=alert(1)>"

#: What the page shows: entities (no summary nodes) and links between them, classes, colours.
PAGE_STATE = """() => {
    const v = graphkitView;
    const shown = v.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id);
    const entities = shown.filter((id) => !v.records.get(id).group);
    const inView = new Set(entities);
    return {
        shown: shown,
        entities: entities,
        edges: v.edges.get({filter: (e) => !e.hidden && inView.has(e.from) && inView.has(e.to)})
            .map((e) => [e.from, e.to, e.predicate]),
        cls: Object.fromEntries(shown.map((id) => [id, v.records.get(id).cls])),
        names: Object.fromEntries(entities.map((id) => [id, v.displayName(v.records.get(id))])),
        legend: Object.fromEntries(v.legend().map((l) => [l.iri, l.color])),
    };
}"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def ready(page: Any) -> None:
    """Wait until the view is drawn and its state from the URL restored."""
    wait_drawn(page)
    wait_until(page, "document.body.dataset.restored === '1'")


def download(page: Any, fmt: str, folder: Path) -> Path:
    """Choose `fmt` in the Export menu and return the file the browser downloaded."""
    page.click("#gk-export")
    with page.expect_download() as info:
        page.click(f"#gk-export-menu [data-format={fmt}]")
    got = info.value
    assert got.failure() is None
    path = folder / got.suggested_filename
    got.save_as(path)
    return path


def png_size(data: bytes) -> tuple[int, int]:
    """Return a PNG's width and height after checking it decodes (every IDAT inflates to its rows)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, width, height, depth, colour, idat = 8, 0, 0, 0, 0, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(idat)
    assert depth == 8 and len(raw) == height * (1 + width * channels)
    assert len(set(raw)) > 16  # not one flat colour
    return width, height


def check_exports(page: Any, folder: Path, stem: str) -> dict[str, Any]:
    """Download all four formats from the page and check each against the page's state."""
    state: dict[str, Any] = page.evaluate(PAGE_STATE)
    assert len(state["entities"]) > 10 and state["edges"]

    png = download(page, "png", folder)
    assert png.name == f"{stem}.png"
    width, height = png_size(png.read_bytes())
    assert width > 300 and height > 300

    svg = download(page, "svg", folder)
    assert svg.name == f"{stem}.svg"
    root = ET.parse(svg).getroot()
    drawn = [e for e in root.iter() if e.get("data-id")]
    assert sorted(e.get("data-id") for e in drawn) == sorted(state["shown"])
    for element in drawn:
        if element.get("data-group"):
            continue
        assert element.get("fill") == state["legend"][element.get("data-class")], element.get("data-id")
    texts = {"".join(t.itertext()) for t in root.iter(SVG + "text")}
    assert texts & set(state["names"].values())

    expected_edges = sorted(tuple(e) for e in state["edges"])
    for fmt, read in (("gexf", lambda p: nx.read_gexf(p, version="1.3")), ("graphml", nx.read_graphml)):
        path = download(page, fmt, folder)
        assert path.name == f"{stem}.{fmt}"
        graph = read(path)
        assert sorted(graph.nodes) == sorted(state["entities"]), fmt
        found = sorted((u, v, d["predicate"]) for u, v, d in graph.edges(data=True))
        assert found == expected_edges, fmt
        for node, data in graph.nodes(data=True):
            assert data["label"] == state["names"][node]
            assert data["class"] == state["cls"][node]
            assert data["class_label"] and data["colour"] == state["legend"][state["cls"][node]]
            assert "label_en" in data and isinstance(data["x"], float)
        assert all(d["label"] for _, _, d in graph.edges(data=True))
    return state


def test_exports_of_a_served_view(page: Any, server: str, tmp_path: Path, artifacts: Path) -> None:
    log = watch(page)
    page.goto(server + "/graph?focus=biwaq&depth=2")
    ready(page)
    state = check_exports(page, tmp_path, "graphkit-biwaq")
    gexf = nx.read_gexf(tmp_path / "graphkit-biwaq.gexf", version="1.3")
    # Dated facts travel as attributes; the Themenwerkstatt 2020 has its dates.
    assert gexf.nodes["biwaq-themenwerkstatt-2020"]["startDate"] == "2020-11-11"
    assert gexf.nodes["biwaq-themenwerkstatt-2020"]["endDate"] == "2020-12-10"
    colour = state["legend"][state["cls"]["biwaq"]]
    rgb = {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}
    assert {k: gexf.nodes["biwaq"]["viz"]["color"][k] for k in "rgb"} == rgb
    assert gexf.nodes["biwaq"]["viz"]["position"]["x"] == gexf.nodes["biwaq"]["x"]
    assert log.errors == []
    (artifacts / "graph-export.png").write_bytes((tmp_path / "graphkit-biwaq.png").read_bytes())


def test_hidden_classes_are_left_out(page: Any, server: str, tmp_path: Path) -> None:
    page.goto(server + "/graph?focus=biwaq&depth=2")
    ready(page)
    hidden = page.evaluate("graphkitView.legend()[0].iri")
    page.evaluate("(iri) => graphkitView.setClassVisible(iri, false)", hidden)
    state = page.evaluate(PAGE_STATE)
    assert hidden not in state["cls"].values()
    graph = nx.read_graphml(download(page, "graphml", tmp_path))
    assert sorted(graph.nodes) == sorted(state["entities"])
    root = ET.parse(download(page, "svg", tmp_path)).getroot()
    assert all(e.get("data-class") != hidden for e in root.iter() if e.get("data-id"))


def test_markup_in_labels_stays_text(page: Any, server: str, tmp_path: Path) -> None:
    log = watch(page)
    page.goto(server + "/graph?focus=hostile-project")
    ready(page)
    svg = ET.parse(download(page, "svg", tmp_path)).getroot()
    assert HOSTILE_EN in {"".join(t.itertext()) for t in svg.iter()}
    assert not list(svg.iter(SVG + "img")) and not list(svg.iter("img"))
    graph = nx.read_graphml(download(page, "graphml", tmp_path))
    assert graph.nodes["hostile-project"]["label_en"] == HOSTILE_EN
    gexf = nx.read_gexf(download(page, "gexf", tmp_path), version="1.3")
    assert gexf.nodes["hostile-project"]["label_en"] == HOSTILE_EN
    assert log.dialogs == [] and log.errors == []


def test_exports_of_an_offline_file(page: Any, browser_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    args = ["viz", "--store", str(browser_store), "--focus", "biwaq", "--depth", "2", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    page.context.set_offline(True)
    log = watch(page)
    page.goto(out.as_uri())
    ready(page)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    check_exports(page, downloads, "graphkit-biwaq")
    assert [u for u in log.requests if not u.startswith(("blob:", "data:"))] == [out.as_uri()]
    assert log.errors == []
