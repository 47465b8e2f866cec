"""The network page's details say who says what, in the page's language; tooltips go away."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphkit.ui_text import TEXT
from tests.browser.pages import wait_drawn, wait_until, watch
from tests.browser.test_graph_browser import node_point

START_DATE = "https://w3id.org/graphkit/ontology#startDate"
# The panel's own words, without the data in it: quotes, links (source titles, linked
# entities) and values removed.
UI_TEXT_ONLY = """() => {
    const copy = document.querySelector('#gk-details').cloneNode(true);
    copy.querySelectorAll('q, a, .gk-value-text, #gk-details-label, .gk-aka, .gk-class, dt')
        .forEach((node) => node.remove());
    return copy.textContent;
}"""


@pytest.fixture
def sized_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    width = getattr(request, "param", 1400)
    context = browser.new_context(viewport={"width": width, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def entity(server: str, id_: str, lang: str) -> Any:
    with urllib.request.urlopen(f"{server}/api/entities/{id_}?lang={lang}", timeout=10) as response:
        return json.load(response)


def open_bbwa(page: Any, server: str, lang: str = "en") -> None:
    """Open BBWA's neighbourhood, click BBWA, wait until its statements are in the panel."""
    page.goto(f"{server}/graph?focus=bbwa&lang={lang}")
    wait_drawn(page)
    point = node_point(page, "bbwa")
    page.mouse.click(point["x"], point["y"])
    wait_until(page, f"document.querySelector('#gk-details').dataset.loaded === 'bbwa {lang}'")


def start_years(server: str, lang: str) -> dict[str, list[str]]:
    """BBWA's start years, each with the titles of the sources that give it."""
    answer = entity(server, "bbwa", lang)
    titles = {s["id"]: s["label"] for s in answer["sources"]}
    return {
        s["value"]["value"]: [titles[d] for d in s["sources"]]
        for s in answer["properties"]
        if s["predicate"] == START_DATE
    }


def english_words(lang_keys: str) -> list[str]:
    """The English texts of the table's keys under `lang_keys` that German says otherwise,
    cut at their placeholders into the words that must not show in German mode."""
    words = []
    for key, texts in TEXT.items():
        if key.startswith(lang_keys) and texts["en"] != texts["de"]:
            words += [w.strip() for w in re.split(r"\{[^}]*\}", texts["en"]) if len(w.strip()) > 2]
    return words


def test_conflicting_start_years_stand_side_by_side_under_their_sources(
    sized_page: Any, server: str, artifacts: Path
) -> None:
    page = sized_page
    log = watch(page)
    open_bbwa(page, server)
    years = start_years(server, "en")
    assert set(years) == {"1999", "2001"}
    row = page.locator("#gk-details .gk-values.gk-conflict", has_text="1999")
    values = row.locator(":scope > .gk-value")
    assert values.count() == 2
    boxes = [values.nth(i).bounding_box() for i in range(2)]
    # Side by side: the same top, one right of the other.
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[1]["x"] >= boxes[0]["x"] + boxes[0]["width"] - 1
    for i in range(2):
        block = values.nth(i)
        year = block.locator(".gk-value-text").inner_text().strip()
        titles = block.locator("a.gk-source").all_inner_texts()
        assert titles == years[year], year
        quote = block.locator("q").first
        assert year in quote.inner_text() and quote.get_attribute("lang") == "en"
        assert re.search(r"line \d+", block.inner_text())
    # No technical rows: no label@xx, no bare source ids.
    text = page.locator("#gk-details").inner_text()
    assert "label@" not in text and "doc/" not in text
    assert "also called" in text and "BBWA" in page.locator("#gk-details .gk-aka").inner_text()
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "details-conflict-en.png"))
    assert log.errors == []


def test_german_mode_turns_the_panel_german(sized_page: Any, server: str, artifacts: Path) -> None:
    page = sized_page
    log = watch(page)
    open_bbwa(page, server)
    page.select_option("#gk-lang", "de")
    wait_until(page, "document.querySelector('#gk-details').dataset.loaded === 'bbwa de'")
    panel = page.locator("#gk-details")
    text = panel.inner_text()
    assert "Seite des Eintrags" in text and "auch genannt" in text and "Quellen uneinig" in text
    assert "Beginn" in text and re.search(r"Zeile \d+", text)
    assert panel.locator("q[lang=de]").count() >= 1
    ui_only = page.evaluate(UI_TEXT_ONLY)
    left = [w for w in english_words("details.") if re.search(r"\b" + re.escape(w) + r"\b", ui_only)]
    assert left == [], left
    page.screenshot(path=str(artifacts / "details-german.png"))
    assert log.errors == []


@pytest.mark.parametrize("sized_page", [1400, 800], indirect=True)
def test_entity_page_link_is_visible_without_scrolling(sized_page: Any, server: str, artifacts: Path) -> None:
    page = sized_page
    open_bbwa(page, server)
    link = page.locator("#gk-details-link")
    assert link.is_visible()
    box = link.bounding_box()
    width = page.viewport_size["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900 and box["x"] + box["width"] <= width
    # Nothing covers it: the point at its centre is the link.
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y) === document.querySelector('#gk-details-link')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit
    assert link.get_attribute("href").endswith("/id/bbwa")
    page.screenshot(path=str(artifacts / f"details-link-{width}.png"))


def test_tooltip_goes_away_when_the_pointer_leaves(sized_page: Any, server: str, artifacts: Path) -> None:
    page = sized_page
    log = watch(page)
    page.goto(f"{server}/graph?focus=bbwa")
    wait_drawn(page)
    tooltip = "!document.querySelector('#gk-tooltip').hidden"
    gone = "document.querySelector('#gk-tooltip').hidden"

    def hover_bbwa() -> None:
        point = node_point(page, "bbwa")
        page.mouse.move(point["x"] - 30, point["y"] - 30)
        page.mouse.move(point["x"], point["y"], steps=4)
        wait_until(page, tooltip)

    hover_bbwa()
    text = page.locator("#gk-tooltip").inner_text()
    assert "District Alliances for Economy and Labour in Berlin" in text
    assert text.count("\n") <= 3  # name, class, one line of facts
    page.screenshot(path=str(artifacts / "details-tooltip.png"))
    # Out of the drawing, onto the header.
    header = page.locator("header").bounding_box()
    page.mouse.move(header["x"] + 5, header["y"] + 5, steps=3)
    wait_until(page, gone)
    # Onto an empty spot of the drawing.
    hover_bbwa()
    graph = page.locator("#gk-graph").bounding_box()
    page.mouse.move(graph["x"] + 3, graph["y"] + graph["height"] - 3, steps=3)
    wait_until(page, gone)
    # Zooming.
    hover_bbwa()
    page.mouse.wheel(0, -200)
    wait_until(page, gone)
    # The pointer leaving the window.
    hover_bbwa()
    page.evaluate("document.documentElement.dispatchEvent(new MouseEvent('mouseleave'))")
    wait_until(page, gone)
    assert log.errors == []


def test_an_exported_file_shows_what_its_records_carry(
    sized_page: Any, browser_store: Path, tmp_path: Path, artifacts: Path
) -> None:
    out = tmp_path / "bbwa.html"
    command = [
        sys.executable,
        "-m",
        "graphkit",
        "viz",
        "--store",
        str(browser_store),
        "--focus",
        "bbwa",
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    page = sized_page
    log = watch(page)
    page.goto(out.as_uri())
    wait_drawn(page)
    page.evaluate("graphkitView.focusNode('bbwa')")
    panel = page.locator("#gk-details")
    wait_until(page, "!document.querySelector('#gk-details').hidden")
    # Both start years side by side, and the sources the record names.
    row = panel.locator(".gk-values.gk-conflict", has_text="1999")
    assert row.locator(":scope > .gk-value").all_inner_texts() == ["1999", "2001"]
    assert "doc/berlin-de-lichtenberg-bbwa" in panel.inner_text()
    assert "label@" not in panel.inner_text()
    page.screenshot(path=str(artifacts / "details-exported.png"))
    assert [r for r in log.requests if not r.startswith(("file:", "data:"))] == []
    assert log.errors == []
