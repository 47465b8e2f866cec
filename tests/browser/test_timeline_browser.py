"""The timeline under the network drawing (timeline.js), in a real browser against `graphkit serve`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import wait_drawn, wait_until, watch

ENTRIES = """() => Array.from(document.querySelectorAll('#gk-timeline .gk-tl-entry')).map((b) => ({
    id: b.dataset.id, from: b.dataset.from, start: b.dataset.start, end: b.dataset.end,
    partial: b.dataset.partial || '', text: b.textContent, title: b.title,
    box: b.getBoundingClientRect().toJSON(),
    label: b.querySelector('.gk-tl-label').getBoundingClientRect().toJSON(),
}))"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def open_view(page: Any, url: str) -> list[dict[str, Any]]:
    page.goto(url)
    wait_drawn(page)
    wait_until(page, "document.body.dataset.restored === '1'")
    wait_until(page, "!document.getElementById('gk-timeline').hidden")
    entries: list[dict[str, Any]] = page.evaluate(ENTRIES)
    return entries


def overlapping(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of entries whose labels overlap on screen."""
    found = []
    for i, a in enumerate(entries):
        for b in entries[i + 1 :]:
            x, y = a["label"], b["label"]
            if (
                x["left"] < y["right"]
                and y["left"] < x["right"]
                and x["top"] < y["bottom"]
                and y["top"] < x["bottom"]
            ):
                found.append((a["id"], b["id"]))
    return found


@pytest.mark.parametrize(
    ("query", "event", "start", "end"),
    [
        ("focus=biwaq&depth=2", "biwaq-themenwerkstatt-2020", "2020-11-11", "2020-12-10"),
        ("focus=eurocities-saf-2021", "eurocities-saf-2021", "2021-11-15", "2021-11-17"),
    ],
)
def test_dated_entries_in_order(
    page: Any, server: str, artifacts: Path, query: str, event: str, start: str, end: str
) -> None:
    log = watch(page)
    entries = open_view(page, f"{server}/graph?{query}")
    assert [e["from"] for e in entries] == sorted(e["from"] for e in entries)
    shown = page.evaluate("graphkitView.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)")
    assert {e["id"] for e in entries} <= set(shown)
    found = [e for e in entries if e["id"] == event]
    assert len(found) == 1 and (found[0]["start"], found[0]["end"]) == (start, end)
    assert (
        page.evaluate("(id) => graphkitView.displayName(graphkitView.records.get(id))", event)
        in found[0]["text"]
    )
    assert overlapping(entries) == []
    # A year is drawn as the whole year, and its title says so.
    years = [e for e in entries if "year" in e["partial"]]
    assert years and all("as the whole year" in e["title"] for e in years)
    page.locator("#gk-timeline").screenshot(path=str(artifacts / f"timeline-{event}.png"))

    page.locator(f'#gk-timeline .gk-tl-entry[data-id="{event}"]').click()
    wait_until(page, f"document.body.dataset.focus === '{event}'")
    assert page.evaluate("graphkitView.selection()") == event
    assert (
        page.locator(f'#gk-timeline .gk-tl-entry[data-id="{event}"]').get_attribute("aria-current") == "true"
    )
    assert log.errors == []


def test_german_texts(page: Any, server: str, artifacts: Path) -> None:
    open_view(page, server + "/graph?focus=biwaq&depth=2")
    page.select_option("#gk-lang", "de")
    wait_until(page, "document.querySelector('#gk-timeline h2').textContent.startsWith('Zeitleiste')")
    entries = page.evaluate(ENTRIES)
    workshop = next(e for e in entries if e["id"] == "biwaq-themenwerkstatt-2020")
    german = page.evaluate("graphkitView.displayName(graphkitView.records.get('biwaq-themenwerkstatt-2020'))")
    assert german in workshop["title"] and german in workshop["text"]
    assert "11. Nov. 2020 bis 10. Dez. 2020" in workshop["title"]
    assert "Klick zeigt es im Netzwerk." in workshop["title"]
    years = [e for e in entries if "year" in e["partial"]]
    assert all("als ganzes Jahr gezeichnet" in e["title"] for e in years)
    assert not any("Click" in e["title"] or "whole year" in e["title"] for e in entries)
    page.locator("#gk-timeline").screenshot(path=str(artifacts / "timeline-de.png"))


def test_follows_hidden_classes_and_hides_without_dates(page: Any, server: str) -> None:
    entries = open_view(page, server + "/graph?focus=biwaq&depth=2")
    rounds = "https://w3id.org/graphkit/ontology#FundingRound"
    assert any(page.evaluate("(id) => graphkitView.records.get(id).cls", e["id"]) == rounds for e in entries)
    page.evaluate("(iri) => graphkitView.setClassVisible(iri, false)", rounds)
    wait_until(page, f"Number(document.getElementById('gk-timeline').dataset.entries) < {len(entries)}")
    left = page.evaluate(ENTRIES)
    assert all(page.evaluate("(id) => graphkitView.records.get(id).cls", e["id"]) != rounds for e in left)
    page.evaluate("graphkitView.legend().forEach((l) => graphkitView.setClassVisible(l.iri, false))")
    wait_until(page, "document.getElementById('gk-timeline').hidden")
    page.evaluate("(iri) => graphkitView.setClassVisible(iri, true)", rounds)
    wait_until(page, "!document.getElementById('gk-timeline').hidden")
    assert {e["id"] for e in page.evaluate(ENTRIES)} == {
        "biwaq-round-2015-2018",
        "biwaq-round-2019-2022",
        "biwaq-v",
        "biwaq-vi",
    }
