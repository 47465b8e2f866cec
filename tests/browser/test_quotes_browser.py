"""Each statement's quote beside its value: on the entity page and in the graph page's details."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import wait_drawn, wait_until, watch
from tests.browser.test_graph_browser import node_point

QUOTE = "Fast 200 Teilnehmende aus 22 europäischen Ländern"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def test_entity_page_shows_each_value_with_its_qualifier_and_quote(
    page: Any, server: str, artifacts: Path
) -> None:
    log = watch(page)
    page.goto(server + "/id/eurocities-saf-2021")
    row = page.locator("table.statements tr", has_text="participant count").first
    assert "almost" in row.locator("td").nth(1).inner_text()
    quote = row.locator("q.quote").first
    assert quote.inner_text() == QUOTE and quote.get_attribute("lang") == "de"
    assert "line 9" in row.inner_text()
    # Every statement the news item supports shows its words, not only the numbers.
    host = page.locator("table.statements tr", has_text="hosted by").first
    assert host.locator("q.quote").count() >= 1
    page.screenshot(path=str(artifacts / "entity-quotes.png"), full_page=True)
    assert log.errors == []


def test_graph_details_show_the_quote_beside_the_value(page: Any, server: str, artifacts: Path) -> None:
    log = watch(page)
    page.goto(server + "/graph?focus=eurocities-saf-2021&depth=1")
    wait_drawn(page)
    point = node_point(page, "eurocities-saf-2021")
    page.mouse.click(point["x"], point["y"])
    wait_until(page, "graphkitView.records.get('eurocities-saf-2021').evidenceLoaded === true")
    wait_until(page, "document.querySelector('#gk-details').innerText.includes('Teilnehmende')")
    details = page.locator("#gk-details")
    assert QUOTE in details.inner_text()
    assert details.locator("q.quote[lang=de]").count() >= 1
    assert "almost 200" in details.inner_text()
    page.locator("#gk-details").screenshot(path=str(artifacts / "graph-details-quotes.png"))
    assert log.errors == []
