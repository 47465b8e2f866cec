"""The network view is legible: fixed class colours, labels that never overprint or get cut,
hubs summarised, names people use, one language switch, and the view's state in its URL.

Real `graphkit serve` and Debian's Chromium; label boxes are the ones the page drew
(`graphkitView.labelBoxes()`: each label's text measured on the canvas where it is drawn).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.ui_text import TEXT
from graphkit.viz import bundled_styles
from tests.browser.pages import wait_drawn, wait_until, watch

GK = "https://w3id.org/graphkit/ontology#"
SIZES = [(1400, 900), (800, 900)]


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def opener(url: str, width: int = 1400, height: int = 900, **options: Any) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.log = watch(page)
        page.goto(url)
        wait_drawn(page)
        wait_until(page, "document.body.dataset.restored === '1'")
        return page

    yield opener
    for context in contexts:
        context.close()


def legend(page: Any) -> dict[str, str]:
    """Class IRI → colour of the legend's swatch."""
    found: dict[str, str] = page.evaluate(
        "Object.fromEntries(graphkitView.legend().map(c => [c.iri, c.color]))"
    )
    return found


def node_colours(page: Any) -> dict[str, set[str]]:
    """Class IRI → the colours its entity nodes are drawn in."""
    pairs = page.evaluate(
        """Array.from(graphkitView.records.values()).filter(r => !r.group).map(r => {
            const n = graphkitView.nodes.get(r.id);
            return [r.cls, typeof n.color === 'string' ? n.color : n.color.background];
        })"""
    )
    found: dict[str, set[str]] = {}
    for cls, colour in pairs:
        found.setdefault(cls, set()).add(colour)
    return found


def overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"]
        and a["right"] > b["left"]
        and a["top"] < b["bottom"]
        and a["bottom"] > b["top"]
    ]


def cut(boxes: list[dict[str, Any]], frame: dict[str, float]) -> list[str]:
    return [
        b["text"]
        for b in boxes
        if b["left"] < frame["left"]
        or b["right"] > frame["right"]
        or b["top"] < frame["top"]
        or b["bottom"] > frame["bottom"]
    ]


def check_labels(page: Any, artifacts: Path, name: str) -> list[dict[str, Any]]:
    boxes: list[dict[str, Any]] = page.evaluate("graphkitView.labelBoxes()")
    frame = page.evaluate("graphkitView.canvasBox()")
    page.screenshot(path=str(artifacts / f"{name}.png"))
    assert boxes, "no label drawn"
    assert overlaps(boxes) == []
    assert cut(boxes, frame) == []
    return boxes


def test_a_class_keeps_its_colour_across_views_expansions_and_the_exported_file(
    open_page: Any, server: str, browser_store: Path, tmp_path: Path
) -> None:
    views = [
        open_page(server + "/graph"),
        open_page(server + "/graph?focus=biwaq&depth=2"),
        open_page(server + "/graph?focus=eurocities"),
    ]
    expanded = views[1]
    expanded.evaluate("graphkitView.expand('eurocities')")
    wait_until(expanded, "graphkitView.expansions === 1")
    exported = tmp_path / "biwaq.html"
    result = CliRunner().invoke(
        app, ["viz", "--store", str(browser_store), "--focus", "biwaq", "--depth", "2", "-o", str(exported)]
    )
    assert result.exit_code == 0, result.output
    views.append(open_page(exported.as_uri()))
    colours: dict[str, str] = {}
    for page in views:
        for cls, colour in legend(page).items():
            assert colours.setdefault(cls, colour) == colour, cls
        for cls, drawn in node_colours(page).items():
            assert drawn == {colours[cls]}, cls
    city = GK + "City"
    assert city in colours
    # The colours are the ontology's (graphkit.palette), not the order classes appear in.
    fixed = bundled_styles()
    assert {cls: colour for cls, colour in colours.items() if cls in fixed} == {
        cls: fixed[cls].color for cls in colours if cls in fixed
    }
    assert len({colours[GK + name] for name in ("City", "Forum", "Ministry", "FundingProgramme")}) == 4


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_biwaq_depth_2_view_draws_no_label_over_another_or_across_the_edge(
    open_page: Any, server: str, artifacts: Path, size: tuple[int, int]
) -> None:
    page = open_page(server + "/graph?focus=biwaq&depth=2", *size)
    boxes = check_labels(page, artifacts, f"legible-biwaq-2-{size[0]}")
    texts = {b["id"]: b["text"] for b in boxes}
    assert texts.get("biwaq") == "BIWAQ"  # the focus, by the name people use
    assert page.log.errors == []
    # Zooming in shows more labels, still without overlap.
    before = len(boxes)
    page.evaluate("graphkitView.network.moveTo({scale: graphkitView.network.getScale() * 2.5})")
    page.evaluate("graphkitView.network.redraw()")
    zoomed = check_labels(page, artifacts, f"legible-biwaq-2-{size[0]}-zoomed")
    assert len(zoomed) >= min(before, 5)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_eurocities_view_summarises_its_members_and_shows_every_kind_of_neighbour(
    open_page: Any, server: str, artifacts: Path, size: tuple[int, int]
) -> None:
    page = open_page(server + "/graph?focus=eurocities", *size)
    boxes = check_labels(page, artifacts, f"legible-eurocities-{size[0]}")
    groups = page.evaluate(
        """Array.from(graphkitView.records.values()).filter(r => r.group)
             .map(r => [r.id, r.group.cls, r.group.count])"""
    )
    cities = [g for g in groups if g[1] == GK + "City"]
    assert cities and cities[0][2] > 150
    labelled = {b["id"] for b in boxes}
    assert all(g[0] in labelled for g in groups), "every summary node is labelled"
    classes = set(page.evaluate("graphkitView.legend().map(c => c.iri)"))
    # The events and roles are in the view, not cut by 200 city names.
    assert {GK + "Role", GK + "Forum"} <= classes
    assert page.evaluate("graphkitView.nodes.length") < 60


def test_opening_a_summary_adds_its_members_a_page_at_a_time(open_page: Any, server: str) -> None:
    page = open_page(server + "/graph?focus=eurocities")
    group = page.evaluate(
        f"Array.from(graphkitView.records.values()).find(r => r.group && r.group.cls === '{GK}City').id"
    )
    before = page.evaluate("graphkitView.nodes.length")
    page.evaluate("(id) => graphkitView.expand(id)", group)
    wait_until(page, "graphkitView.expansions === 1")
    after = page.evaluate("graphkitView.nodes.length")
    assert after > before
    # A page of members (some may be drawn already, as neighbours of another kind).
    shown = page.evaluate("(id) => graphkitView.records.get(id).group.shown", group)
    assert shown >= after - before > 0


def test_focus_by_abbreviation(open_page: Any, server: str) -> None:
    page = open_page(server + "/graph?focus=BIWAQ")
    assert page.evaluate("graphkitView.nodes.get('biwaq') !== null")
    assert page.title().startswith("BIWAQ")


def test_double_click_on_a_node_with_nothing_new_says_so(open_page: Any, server: str) -> None:
    page = open_page(server + "/graph?focus=biwaq")
    page.evaluate("graphkitView.expand('biwaq')")
    wait_until(page, "graphkitView.expansions === 1")
    status = page.locator("#gk-status")
    assert status.is_visible()
    assert "already shown" in status.inner_text()


def english_only_texts() -> set[str]:
    """UI texts whose English differs from their German (placeholders cut off)."""
    found = set()
    for texts in TEXT.values():
        english = texts["en"].split("{")[0].strip(" :…")
        if len(english) >= 4 and english != texts["de"].split("{")[0].strip(" :…"):
            found.add(english)
    return found


def test_german_mode_leaves_no_english_ui_text(open_page: Any, server: str, artifacts: Path) -> None:
    page = open_page(server + "/graph?focus=biwaq&depth=2")
    page.select_option("#gk-lang", "de")
    page.evaluate("graphkitView.focusNode('biwaq')")
    wait_until(page, "!document.getElementById('gk-details').hidden")
    page.fill("#gk-search-input", "Soziale")
    wait_until(page, "!document.getElementById('gk-search-results').hidden")
    page.hover("#gk-graph", position={"x": 5, "y": 5})
    page.screenshot(path=str(artifacts / "legible-german.png"))
    chrome = page.evaluate(
        """[...document.querySelectorAll(`header, aside h2, .gk-help, #gk-count, #gk-status,
             #gk-search-results, #gk-tools, #gk-timeline, #gk-details dt, label`)]
           .map(e => e.innerText + ' ' + (e.placeholder || '') + ' ' + (e.title || '')).join('\\n')"""
    )
    placeholders = page.evaluate(
        """[...document.querySelectorAll('[placeholder],[aria-label]')]
             .map(e => (e.placeholder || '') + ' ' + (e.getAttribute('aria-label') || '')).join('\\n')"""
    )
    leftovers = sorted(t for t in english_only_texts() if t in chrome or t in placeholders)
    assert leftovers == []
    assert page.evaluate("document.documentElement.lang") == "de"
    # Remembered: a new page of the same browser starts in German.
    again = page.context.new_page()
    again.goto(server + "/graph?focus=biwaq")
    wait_drawn(again)
    assert again.evaluate("graphkitView.language()") == "de"


def test_accept_language_chooses_the_first_language(open_page: Any, server: str) -> None:
    page = open_page(
        server + "/graph?focus=biwaq",
        locale="de-DE",
        extra_http_headers={"Accept-Language": "de-DE,de;q=0.9"},
    )
    assert page.evaluate("graphkitView.language()") == "de"
    assert page.locator("#gk-fit").inner_text() == TEXT["graph.fit"]["de"]


def test_a_url_restores_a_view_with_two_expansions(open_page: Any, server: str) -> None:
    page = open_page(server + "/graph?focus=biwaq")
    page.evaluate("graphkitView.expand('esf')")
    wait_until(page, "graphkitView.expansions === 1")
    page.evaluate("graphkitView.expand('bbwa')")
    wait_until(page, "graphkitView.expansions === 2")
    page.evaluate("graphkitView.setClassVisible('https://w3id.org/graphkit/ontology#Topic', false)")
    page.evaluate("graphkitView.focusNode('bbwa')")
    page.select_option("#gk-lang", "de")
    url = page.url
    ids = sorted(page.evaluate("graphkitView.nodes.getIds()"))
    hidden = page.evaluate("graphkitView.nodes.get({filter: n => n.hidden}).length")
    page.click("#gk-share")
    assert page.evaluate("document.body.dataset.shared") == url

    restored = open_page(url)
    wait_until(restored, "graphkitView.expansions === 2")
    assert sorted(restored.evaluate("graphkitView.nodes.getIds()")) == ids
    assert restored.evaluate("graphkitView.nodes.get({filter: n => n.hidden}).length") == hidden
    assert restored.evaluate("graphkitView.selection()") == "bbwa"
    assert restored.evaluate("graphkitView.language()") == "de"
