"""Every page of the server works under its Content-Security-Policy (issue 11, finding 6).

The policy allows no inline script and no `eval`; a page that needs either breaks. Each page is
visited in Chromium, made to do its work (draw the network, run a query, render the API docs),
and any CSP violation (the `securitypolicyviolation` event and Chromium's console report), page
error or console error fails the test.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import wait_drawn, wait_until, watch

#: Recorded in every document before its own scripts run (an init script is not subject to CSP).
_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || ''));
});
"""


def _foreign(iri: str) -> str:
    return "~" + base64.urlsafe_b64encode(iri.encode("utf-8")).rstrip(b"=").decode("ascii")


def _visit(browser: Any, url: str) -> tuple[Any, Any]:
    page = browser.new_page()
    page.add_init_script(_RECORD_VIOLATIONS)
    log = watch(page)
    response = page.goto(url)
    assert response is not None
    return page, log


def _assert_clean(page: Any, log: Any, name: str, artifacts: Path) -> None:
    violations = page.evaluate("window.__violations")
    page.screenshot(path=str(artifacts / f"csp-{name}.png"))
    assert violations == [], (name, violations)
    # The error page's own 404 is logged as a failed load: expected, and nothing else is.
    errors = [e for e in log.errors if not (name == "error-page" and "status of 404" in e)]
    assert errors == [], (name, log.errors)
    assert log.dialogs == [], (name, log.dialogs)


@pytest.mark.parametrize(
    ("name", "path", "ready", "text"),
    [
        ("home", "/", "document.readyState === 'complete'", "Questions to ask"),
        ("search", "/search?q=berlin", "document.readyState === 'complete'", "Berlin"),
        (
            "entity",
            "/id/biwaq",
            "document.readyState === 'complete'",
            "Bildung, Wirtschaft, Arbeit im Quartier",
        ),
        ("foreign-entity", "/entities/" + _foreign("http://example.org/people/alice"), "true", ""),
        ("error-page", "/nothing-here", "document.readyState === 'complete'", "Nothing at /nothing-here"),
        (
            "docs",
            "/docs",
            "document.querySelectorAll('.opblock').length > 10",
            "/api/entities/{id}",
        ),
    ],
)
def test_page_works_under_the_csp(
    browser: Any, server: str, artifacts: Path, name: str, path: str, ready: str, text: str
) -> None:
    page, log = _visit(browser, server + path)
    wait_until(page, ready)
    assert text in page.inner_text("body"), (name, page.inner_text("body")[:500])
    _assert_clean(page, log, name, artifacts)
    page.close()


@pytest.mark.parametrize("path", ["/graph", "/graph?focus=biwaq&depth=2"])
def test_network_draws_under_the_csp(browser: Any, server: str, artifacts: Path, path: str) -> None:
    page, log = _visit(browser, server + path)
    wait_drawn(page)
    # vis-network wrote its style sheets (allowed by hash): its tooltip element is styled.
    assert page.evaluate("document.querySelectorAll('canvas').length") >= 1
    assert page.evaluate(
        "[...document.styleSheets].some(s => s.ownerNode && s.ownerNode.tagName === 'STYLE'"
        " && s.cssRules.length > 0)"
    )
    _assert_clean(page, log, "graph-focus" if "focus" in path else "graph", artifacts)
    page.close()


def test_sparql_editor_runs_a_query_under_the_csp(browser: Any, server: str, artifacts: Path) -> None:
    page, log = _visit(browser, server + "/sparql")
    wait_until(page, "window.graphkitYasgui !== undefined && document.querySelector('.CodeMirror') !== null")
    page.click("button.example[data-name='forum-workshop-cities']")
    with page.expect_response(
        lambda r: urlsplit(r.url).path == "/sparql" and r.request.method == "POST"
    ) as done:
        page.evaluate("window.graphkitYasgui.getTab().query()")
    assert done.value.status == 200
    wait_until(page, "document.body.innerText.includes('Vantaa')")
    _assert_clean(page, log, "sparql", artifacts)
    page.close()


def test_a_violation_is_seen(browser: Any, server: str) -> None:
    """The watch above can fail: an inline script injected into a served page is refused and seen."""
    page, _ = _visit(browser, server + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.appendChild(s); }"
    )
    wait_until(page, "window.__violations.length > 0")
    assert page.evaluate("window.ran") is None
    assert any("script-src" in v for v in page.evaluate("window.__violations"))
    page.close()


def test_a_page_cannot_be_framed(browser: Any, server: str) -> None:
    """frame-ancestors 'none': another origin's page that frames the editor gets an empty frame."""
    page = browser.new_page()
    page.set_content(f'<iframe id="f" src="{server}/sparql" width="600" height="400"></iframe>')
    frame_url = server + "/sparql"
    wait_until(page, "document.getElementById('f') !== null")
    page.wait_for_load_state("load")
    frame = next((f for f in page.frames if f.url == frame_url), None)
    # Blocked: Chromium leaves the frame at an error page (no editor is ever in it).
    assert frame is None or frame.evaluate("document.querySelector('.CodeMirror') === null")
    page.close()
