"""The review page in Chromium (issue 16): open a candidates file, decide, merge, check, load.

A real `graphkit serve` with an update token over a copy of the browser store: the page reads
a hand-written candidates file chosen in its file input, a person accepts two candidates,
rejects one and merges one with an entity found through the search, checks the accepted
facts, is refused with a wrong token and loads with the right one; the page answers in German
with `lang=de`. Screenshots go to tests/artifacts/review*.png.
"""

from __future__ import annotations

import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphkit.extract.candidates import Candidate, Kind, Status, write_candidates
from graphkit.extract.facts import document_graph
from tests.api.test_review_routes import DOCUMENT, ID, _evidence, candidates_file
from tests.browser.pages import watch
from tests.servers import serve_process

TOKEN = "review-token"
THEMENWERKSTATT = ID + "biwaq-themenwerkstatt-2020"


@pytest.fixture(scope="module")
def review_server(browser_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `graphkit serve --update-token` over a writable copy of the browser store."""
    folder = tmp_path_factory.mktemp("review")
    store = folder / "store"
    shutil.copytree(browser_store, store)
    options = ("--host", "127.0.0.1", "--workers", "1", "--update-token", TOKEN)
    with serve_process(store, *options, log=folder / "serve.log") as running:
        yield running.url


@pytest.fixture
def candidates_path(tmp_path: Path) -> Path:
    """The candidates file of the API tests, every candidate proposed, and one to merge."""
    data = candidates_file()
    fields = {"label": "Werkstatt", "class": "gk:Event", "iri": ID + "werkstatt", "existing": False}
    merge = Candidate("entity-werkstatt", Kind.ENTITY, _evidence("Werkstatt"), 0.6, fields=fields)
    merge.fields["merge_with"] = None
    data.candidates.insert(3, merge)
    for c in data.candidates:
        c.status = Status.PROPOSED
    path = tmp_path / "werkstatt.yaml"
    write_candidates(data, path)
    return path


def card(page: Any, ident: str) -> Any:
    return page.locator(f'article.candidate[data-id="{ident}"]')


def open_file(page: Any, url: str, path: Path) -> None:
    page.goto(url)
    page.set_input_files("#review-file", str(path))
    card(page, "entity-wq").wait_for()


def test_accept_reject_merge_check_and_load(
    browser: Any, review_server: str, candidates_path: Path, artifacts: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    log = watch(page)
    open_file(page, review_server + "/review?lang=en", candidates_path)
    assert page.locator("#review-summary").inner_text().endswith("7 proposed, 0 accepted, 0 rejected")
    assert card(page, "entity-wq").locator("mark").inner_text() == "Werkstatt Quartier"
    assert card(page, "entity-bmi").locator(".flag.existing").count() == 1

    card(page, "entity-wq").locator("button.to-accepted").click()
    card(page, "entity-bmi").locator("button.to-accepted").click()
    card(page, "entity-gaeste").locator("button.to-rejected").click()
    werkstatt = card(page, "entity-werkstatt")
    werkstatt.locator("input[type=search]").fill("Themenwerkstatt")
    hit = werkstatt.locator(f'button.hit[data-iri="{THEMENWERKSTATT}"]')
    hit.click()
    assert "Virtual BIWAQ thematic workshop 2020" in werkstatt.locator(".merged").inner_text()
    assert werkstatt.get_attribute("data-status") == "accepted"
    page.fill("#review-threshold", "0.85")
    page.click("#review-accept-all")  # the date (0.9); the relation and the count (0.8) stay proposed
    summary = page.locator("#review-summary")
    assert summary.inner_text().endswith("2 proposed, 4 accepted, 1 rejected")

    status = page.locator("#review-status")
    page.click("#review-check")
    status.locator("text=No violations").wait_for()

    page.fill("#review-token", "wrong")
    page.click("#review-load")
    status.locator("text=Refused (403)").wait_for()
    page.fill("#review-token", TOKEN)
    page.click("#review-load")
    status.locator("text=Loaded:").wait_for()
    assert "graph:extracted/" + DOCUMENT in status.inner_text()
    page.screenshot(path=str(artifacts / "review.png"), full_page=True)

    with urllib.request.urlopen(review_server + "/api/graphs") as answer:
        assert document_graph(DOCUMENT).encode() in answer.read()
    with urllib.request.urlopen(review_server + "/api/entities/werkstatt-quartier") as answer:
        assert b"2022-03-01" in answer.read()
    # the one error: the browser's note of the refused load (the wrong token)
    assert [e for e in log.errors if "403" not in e] == [] and log.dialogs == []
    assert all(u.startswith(review_server) or u.startswith(("blob:", "data:")) for u in log.requests)
    page.close()


def test_check_marks_the_candidate_that_breaks_a_rule(
    browser: Any, review_server: str, candidates_path: Path
) -> None:
    page = browser.new_page()
    open_file(page, review_server + "/review?lang=en", candidates_path)
    gaeste = card(page, "entity-gaeste")
    gaeste.locator("select[name=class]").select_option("gk:StateDepartment")
    gaeste.locator("button.to-accepted").click()
    page.click("#review-check")
    page.locator("#review-problems li.violation").first.wait_for()
    assert "gk:locatedIn" in page.locator("#review-problems").inner_text()
    assert "has-problem" in (gaeste.get_attribute("class") or "")
    page.close()


def test_the_page_speaks_german(
    browser: Any, review_server: str, candidates_path: Path, artifacts: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    log = watch(page)
    open_file(page, review_server + "/review?lang=de", candidates_path)
    assert page.locator("h1").inner_text() == "Vorgeschlagene Fakten prüfen"
    assert page.locator("#review-check").inner_text() == "Prüfen"
    assert card(page, "entity-wq").locator(".status").inner_text() == "offen"
    assert page.locator("h3").first.inner_text() == "Einträge"
    page.click("#review-load")
    assert page.locator("#review-status").inner_text() == "Geben Sie das Update-Token ein, um zu laden."
    page.screenshot(path=str(artifacts / "review-de.png"))
    assert log.errors == []
    page.close()
