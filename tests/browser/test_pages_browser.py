"""The server's own pages in Chromium: the SPARQL editor (offline YASGUI), entity pages, home."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.browser.pages import wait_until, watch


def _same_host(base: str, urls: list[str]) -> list[str]:
    host = urlsplit(base).netloc
    return [
        u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != host
    ]


def test_sparql_editor_works_offline_and_runs_an_example(browser: Any, server: str, artifacts: Path) -> None:
    page = browser.new_page()
    log = watch(page)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(server + "/sparql")
    wait_until(page, "window.graphkitYasgui !== undefined && document.querySelector('.CodeMirror') !== null")
    page.click("button.example[data-name='forum-workshop-cities']")
    editor_text = page.evaluate("window.graphkitYasgui.getTab().getQuery()")
    assert "Forum" in editor_text or "workshop" in editor_text.lower()
    with page.expect_response(
        lambda r: urlsplit(r.url).path == "/sparql" and r.request.method == "POST"
    ) as done:
        page.evaluate("window.graphkitYasgui.getTab().query()")
    assert done.value.status == 200
    wait_until(page, "document.body.innerText.includes('Vantaa')")
    assert "Glasgow" in page.inner_text("body")
    page.screenshot(path=str(artifacts / "sparql-editor.png"), full_page=True)
    assert log.errors == [], (log.errors, failed, log.requests)
    assert _same_host(server, log.requests) == [], log.requests
    page.close()


def test_entity_page_links_neighbours_and_sources(browser: Any, server: str) -> None:
    page = browser.new_page()
    log = watch(page)
    page.goto(server + "/id/biwaq")
    assert "Bildung, Wirtschaft, Arbeit im Quartier" in page.inner_text("body")
    page.click("text=Show in the graph")
    assert "/graph?focus=biwaq" in page.url
    page.go_back()
    page.click("ul.neighbours a[href$='/id/esf']")
    assert page.url.endswith("/id/esf")
    assert log.errors == [] and _same_host(server, log.requests) == []
    page.close()


def test_hostile_labels_are_text_on_pages(browser: Any, server: str) -> None:
    page = browser.new_page()
    log = watch(page)
    for path in ("/id/hostile-project", "/id/doc/hostile-label", "/search?q=img", "/id/biwaq"):
        page.goto(server + path)
        assert page.evaluate("document.querySelectorAll('main img, main script, main b').length") == 0, path
    page.goto(server + "/id/hostile-project")
    assert "<img src=x onerror=alert(1)>" in page.inner_text("h1")
    assert log.dialogs == [] and log.errors == []
    page.close()


def test_home_page_offline(browser: Any, server: str) -> None:
    page = browser.new_page()
    log = watch(page)
    page.goto(server + "/")
    assert "Questions to ask" in page.inner_text("body")
    assert log.errors == [] and _same_host(server, log.requests) == []
    page.close()
