"""The analysis panel of the network view (analysis.js, period.js, pathfinder.js), in a real browser.

Colour by community and size by a measure, the period slider, the path finder with its
evidence; the choices kept in the URL hash; the panel in German.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import wait_drawn, wait_until, watch

GK = "https://w3id.org/graphkit/ontology#"
APPLIED = "(document.getElementById('gk-analysis').dataset.applied || '')"
PATH_SHOWN = "(document.getElementById('gk-analysis').dataset.path || '')"
NODES = """graphkitView.nodes.get().map((n) => [n.id,
    {color: n.color, size: n.size, opacity: n.opacity, border: n.borderWidth}])"""
MEASURE = """(name) => Object.fromEntries(
    Array.from(graphkitView.analysis.measures()).map(([id, node]) => [id, node[name]]))"""


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    opened = browser.new_context(viewport={"width": 1400, "height": 900})
    yield opened
    opened.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    opened = context.new_page()
    yield opened
    opened.close()


def open_view(page: Any, url: str) -> None:
    page.goto(url)
    wait_drawn(page)
    wait_until(page, "document.body.dataset.restored === '1'")


def drawn(page: Any) -> dict[str, dict[str, Any]]:
    return dict(page.evaluate(NODES))


def pick_end(page: Any, box: str, text: str, entity: str) -> None:
    """Type `text` into a path end's search box and choose `entity` from its list."""
    page.fill(box, text)
    hit = f"{box}-results li[data-id='{entity}']"
    wait_until(page, f'document.querySelector("{hit}") !== null')
    page.click(hit)
    assert page.get_attribute(box, "data-id") == entity


def test_colour_by_community_and_size_by_pagerank(page: Any, server: str, artifacts: Path) -> None:
    log = watch(page)
    open_view(page, f"{server}/graph?focus=eurocities-saf-2021")
    before = drawn(page)

    page.select_option("#gk-an-colour", "community")
    wait_until(page, f"{APPLIED} === 'community default'")
    community = page.evaluate(MEASURE, "community")
    after = drawn(page)
    colour_of = "(c) => graphkitView.analysis.colourOf(c)"
    for node, style in after.items():
        if node in community:
            assert style["color"] == page.evaluate(colour_of, community[node])
    # The forum, a participant and its keynote speaker are one community, drawn in one colour.
    assert community["bbwa"] == community["frances-stewart"] == community["eurocities-saf-2021"]
    assert {after[n]["color"] for n in ("bbwa", "frances-stewart", "eurocities-saf-2021")} == {
        after["bbwa"]["color"]
    }
    assert len({after[n]["color"] for n in community}) == len(set(community.values())) >= 2
    # Topics are not in the analysed network: neutral grey, and the legend says so.
    outside = [n for n in after if n not in community]
    assert outside and len({after[n]["color"] for n in outside}) == 1
    legend = page.evaluate(
        "Array.from(document.querySelectorAll('#gk-an-communities li')).map((li) => "
        "[li.dataset.community, Number(li.querySelector('.gk-n').textContent)])"
    )
    counts = {str(c): list(community.values()).count(c) for c in set(community.values())}
    assert dict(legend) == {**counts, "": len(outside)}

    page.select_option("#gk-an-size", "pagerank")
    wait_until(page, f"{APPLIED} === 'community pagerank'")
    rank = page.evaluate(MEASURE, "pagerank")
    sized = drawn(page)
    top = max(rank, key=rank.get)
    assert top == "eurocities-saf-2021"
    assert sized[top]["size"] == max(s["size"] for s in sized.values())
    assert all(sized[a]["size"] >= sized[b]["size"] for a in rank for b in rank if rank[a] > rank[b])
    assert {sized[n]["size"] for n in outside} == {min(s["size"] for s in sized.values())}
    page.screenshot(path=str(artifacts / "analysis-community-pagerank.png"))

    # The choices are in the link: a reload draws them again.
    assert "colour=community" in page.url and "size=pagerank" in page.url
    page.reload()
    wait_drawn(page)
    wait_until(page, f"{APPLIED} === 'community pagerank'")
    assert drawn(page) == sized
    assert page.input_value("#gk-an-colour") == "community"

    # Back to the class colours and the drawing's sizes.
    page.select_option("#gk-an-colour", "class")
    page.select_option("#gk-an-size", "")
    wait_until(page, f"{APPLIED} === 'class default'")
    assert {n: (s["color"], s["size"]) for n, s in drawn(page).items()} == {
        n: (s["color"], s["size"]) for n, s in before.items()
    }
    assert page.locator("#gk-an-communities").is_hidden()
    assert log.errors == []


def test_period_slider_and_expansion_keep_the_period(page: Any, server: str, artifacts: Path) -> None:
    log = watch(page)
    open_view(page, f"{server}/graph?focus=biwaq&from=2020&to=2020")
    has = "(id) => graphkitView.records.has(id)"
    assert page.evaluate(has, "biwaq-themenwerkstatt-2020")
    assert not page.evaluate(has, "biwaq-themenwerkstatt-2021")

    # The slider spans the years of the dated entries; its handles stand on the period shown.
    wait_until(page, "Number(document.getElementById('gk-an-from-year').min) <= 2008")
    slider = page.evaluate(
        "['gk-an-from-year', 'gk-an-to-year'].map((id) => {"
        " const r = document.getElementById(id); return [Number(r.min), Number(r.max), Number(r.value)]; })"
    )
    assert slider[0][2] == slider[1][2] == 2020
    assert slider[0][0] <= 2008 < 2021 <= slider[0][1]  # BIWAQ started in 2008
    assert "2020-01-01" in page.text_content("#gk-an-period .gk-an-shown")

    # Expanding a node asks for its neighbours in the same period.
    page.evaluate("graphkitView.expand('biwaq-themenwerkstatt-2020')")
    wait_until(page, "graphkitView.expansions === 1")
    asked = [url for url in log.requests if "/biwaq-themenwerkstatt-2020/neighbourhood" in url]
    assert asked and all("from=2020-01-01" in url and "to=2020-12-31" in url for url in asked)
    page.locator("#gk-analysis").screenshot(path=str(artifacts / "analysis-period.png"))

    # Another period: the same page (focus, expansions in the hash) from 2019 to 2021.
    page.evaluate(
        "[['gk-an-from-year', 2019], ['gk-an-to-year', 2021]].forEach(([id, year]) => {"
        " const r = document.getElementById(id); r.value = String(year);"
        " r.dispatchEvent(new Event('input', {bubbles: true})); })"
    )
    assert page.text_content("#gk-an-period .gk-an-span") == "2019 to 2021"
    with page.expect_navigation():
        page.click("#gk-an-period-apply")
    wait_drawn(page)
    wait_until(page, "document.body.dataset.restored === '1'")
    assert "focus=biwaq" in page.url and "from=2019" in page.url and "to=2021" in page.url
    assert "x=biwaq-themenwerkstatt-2020" in page.url
    assert page.evaluate(has, "biwaq-themenwerkstatt-2021")

    with page.expect_navigation():
        page.click("#gk-an-period-all")
    assert "focus=biwaq" in page.url and "from=" not in page.url and "to=" not in page.url.split("#")[0]
    assert log.errors == []


def test_path_finder_highlights_a_path_with_its_evidence(page: Any, server: str, artifacts: Path) -> None:
    log = watch(page)
    open_view(page, f"{server}/graph?focus=eurocities-saf-2021")
    shown = set(drawn(page))
    assert "bbwa" in shown and "biwaq" not in shown
    page.click("#gk-an-path summary")
    pick_end(page, "#gk-an-path-from", "BBWA", "bbwa")
    pick_end(page, "#gk-an-path-to", "BIWAQ", "biwaq")
    page.click("#gk-an-path-find")
    wait_until(page, f"{PATH_SHOWN}.split(' ').length > 2")
    paths = page.evaluate(
        "Array.from(document.querySelectorAll('#gk-an-paths .gk-an-path')).map((b) => b.dataset.index)"
    )
    assert 1 <= len(paths) <= 5
    through_esf = page.evaluate("graphkitView.analysis.paths().findIndex((p) => p.includes('esf'))")
    assert through_esf >= 0
    page.click(f"#gk-an-paths .gk-an-path[data-index='{through_esf}']")
    wait_until(page, f"{PATH_SHOWN}.split(' ').includes('esf')")
    path = page.evaluate(PATH_SHOWN).split(" ")
    assert path[0] == "bbwa" and path[-1] == "biwaq"

    # The path's nodes are drawn and highlighted, the rest dimmed; its links drawn in its colour.
    styles = drawn(page)
    assert set(path) <= set(styles)
    assert all(styles[n]["border"] == 4 and styles[n]["opacity"] == 1 for n in path)
    assert all(styles[n]["opacity"] < 0.5 for n in styles if n not in path)
    on_path = page.evaluate(
        "(path) => graphkitView.edges.get().filter((e) => path.some((a, i) => i + 1 < path.length &&"
        " ((e.from === a && e.to === path[i + 1]) || (e.to === a && e.from === path[i + 1]))))"
        ".map((e) => e.color && e.color.color)",
        path,
    )
    assert len(on_path) >= len(path) - 1 and set(on_path) == {"#d9480f"}
    pressed = page.get_attribute(f"#gk-an-paths .gk-an-path[data-index='{through_esf}']", "aria-pressed")
    assert pressed == "true"

    # Its steps, each with its sources (titles, once loaded) and their quotes.
    steps = page.locator("#gk-an-steps .gk-an-step")
    assert steps.count() >= len(path) - 1
    pairs = {(s.get_attribute("data-from"), s.get_attribute("data-to")) for s in steps.all()}
    assert pairs == set(pairwise(path))
    assert page.locator("#gk-an-steps .gk-an-step q").count() >= len(path) - 1
    wait_until(
        page,
        "Array.from(document.querySelectorAll('#gk-an-steps a.gk-source'))"
        ".every((a) => !a.textContent.startsWith('doc/'))",
    )
    heads = page.locator("#gk-an-steps .gk-an-step-head").all_text_contents()
    assert any("ESF" in head for head in heads)
    page.screenshot(path=str(artifacts / "analysis-path.png"))

    # The path is in the link: a reload finds and highlights it again.
    assert "path=bbwa+biwaq" in page.url
    page.reload()
    wait_drawn(page)
    wait_until(page, f"{PATH_SHOWN} === '{' '.join(path)}'")

    # German: the panel's words and the links' labels.
    page.select_option("#gk-lang", "de")
    wait_until(page, "document.querySelector('#gk-an-steps h3').textContent === 'Schritte und Belege'")
    assert page.text_content("#gk-an-path summary") == "Pfad zwischen zwei Einträgen"
    assert page.text_content("#gk-an-colour option[value='class']") == "Klasse"
    german = page.locator("#gk-an-steps .gk-an-step-head").all_text_contents()
    assert german != heads and len(german) == len(heads)
    financed = page.evaluate("(p) => graphkitView.predicateLabel(p)", GK + "financedFromFund")
    assert financed != "financed from fund" and any(financed in head for head in german), german
    page.screenshot(path=str(artifacts / "analysis-path-de.png"))

    # Clear: the nodes the path brought go, the highlight ends.
    page.click("#gk-an-path-clear")
    wait_until(page, "!document.getElementById('gk-analysis').dataset.path")
    styles = drawn(page)
    assert set(styles) == shown
    assert all(s["opacity"] == 1 and s["border"] in (None, 1) for s in styles.values())
    assert "path=" not in page.url
    assert log.errors == []


def test_a_path_end_is_a_search_box_like_the_bar(page: Any, server: str) -> None:
    """The path finder's ends are made by the bar's search box factory (view.searchBox)."""
    log = watch(page)
    open_view(page, f"{server}/graph?focus=eurocities-saf-2021")
    page.click("#gk-an-path summary")
    hits = "#gk-an-path-from-results li"
    marked = f"Array.from(document.querySelectorAll('{hits}')).map((li) => li.getAttribute('aria-selected'))"

    # Its own number of hits (the bar lists ten), each with its class, the first one marked.
    page.fill("#gk-an-path-from", "BIWAQ")
    wait_until(page, f"document.querySelectorAll('{hits}').length === 8")
    assert page.locator(f"{hits} .gk-kind").count() == 8
    assert page.evaluate(marked) == ["true"] + ["false"] * 7
    page.fill("#gk-search-input", "BIWAQ")
    wait_until(page, "document.querySelectorAll('#gk-search-results li').length === 10")

    # The arrow keys move the mark; Escape closes the list.
    page.focus("#gk-an-path-from")
    page.press("#gk-an-path-from", "ArrowDown")
    assert page.evaluate(marked) == ["false", "true"] + ["false"] * 6
    # Enter takes the marked hit, not the first.
    second = page.evaluate(f"document.querySelectorAll('{hits} ')[1].dataset.id")
    page.press("#gk-an-path-from", "Enter")
    wait_until(page, f"document.getElementById('gk-an-path-from').dataset.id === '{second}'")
    page.fill("#gk-an-path-from", "BIWAQ")
    wait_until(page, f"document.querySelectorAll('{hits}').length === 8")
    page.press("#gk-an-path-from", "Escape")
    assert page.locator("#gk-an-path-from-results").is_hidden()

    # Enter takes the first hit of what was typed; typing again forgets it.
    page.fill("#gk-an-path-to", "BBWA")
    page.press("#gk-an-path-to", "Enter")
    wait_until(page, "document.getElementById('gk-an-path-to').dataset.id === 'bbwa'")
    assert page.input_value("#gk-an-path-to") == "BBWA"
    page.type("#gk-an-path-to", "x")
    assert page.get_attribute("#gk-an-path-to", "data-id") is None
    assert log.errors == []


def test_a_link_with_colours_and_a_path_restores_both(page: Any, server: str) -> None:
    """Regression: restoring the colours from the link wrote the hash back before the path
    finder (a later script) had read its `path` from it, and the path was lost."""
    log = watch(page)
    open_view(page, f"{server}/graph?focus=biwaq#colour=community&size=pagerank&path=bbwa+biwaq")
    wait_until(page, f"{APPLIED} === 'community pagerank path'")
    path = page.evaluate(PATH_SHOWN).split(" ")
    assert path[0] == "bbwa" and path[-1] == "biwaq" and len(path) > 2
    assert "colour=community" in page.url and "size=pagerank" in page.url and "path=bbwa+biwaq" in page.url
    assert log.errors == []
