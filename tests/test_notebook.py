"""docs/notebook.ipynb runs top to bottom, and the pyvis page it writes draws offline in Chromium.

The notebook runs in a real Jupyter kernel (ipykernel's ``python3``, this interpreter) on a
store of the bundled data, named by GRAPHKIT_STORE as a user would; TMPDIR points into the
test's folder, so the page it writes to a temporary folder is found there. The page is then
opened in Debian's Chromium with every http(s) request refused.

Chromium runs in a child process: the browser tests' session-wide Playwright (see
tests/browser/conftest.py) may be running already, and a second Sync API instance cannot
start beside it in the same thread. The skip rule is theirs: skipped without Chromium or
Playwright, failed instead when GRAPHKIT_REQUIRE_BROWSER=1 (as CI sets it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

NOTEBOOK = Path(__file__).parent.parent / "docs" / "notebook.ipynb"
PAGE_NAME = "biwaq-pyvis.html"

#: Opens a page (argv[1]) in Chromium (argv[2], flags after it), refusing http(s) requests;
#: prints what was drawn, what was refused and the page's errors as JSON.
DRAW_OFFLINE = r"""
import json, sys
from pathlib import Path
from playwright.sync_api import sync_playwright

page_path, chromium, *flags = sys.argv[1:]
refused, errors = [], []


def refuse_remote(route):
    if route.request.url.startswith(("http:", "https:")):
        refused.append(route.request.url)
        route.abort()
    else:
        route.continue_()


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=chromium, args=flags)
    page = browser.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", refuse_remote)
    page.goto(Path(page_path).as_uri())
    page.wait_for_selector("#mynetwork canvas", state="attached")
    drawn = page.evaluate(
        '''() => {
            const title = network.body.data.nodes.get("biwaq").title;
            return {
                nodes: network.body.data.nodes.length,
                edges: network.body.data.edges.length,
                physics: network.physics.options.enabled,
                biwaq: network.getPositions(["biwaq"]).biwaq,
                title: title instanceof Element ? title.textContent : title,
            };
        }'''
    )
    browser.close()
print(json.dumps({"drawn": drawn, "refused": refused, "errors": errors}))
"""


def _unavailable(reason: str) -> None:
    if os.environ.get("GRAPHKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"GRAPHKIT_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _text(output: Any) -> str:
    return str(output.get("text") or output.get("data", {}).get("text/plain", ""))


def test_the_notebook_is_stored_without_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"]


@pytest.mark.slow
def test_the_notebook_runs_and_its_pyvis_page_draws_offline(
    bundled_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("GRAPHKIT_STORE", str(bundled_store_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError, with the traceback, if a cell fails

    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    texts = "\n".join(_text(o) for o in outputs)
    assert "id:esf" in texts and "European Social Fund" in texts  # the query with a binding
    inline = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any(html.startswith("<iframe") and "vis-network" in html for html in inline)  # the view

    pages = list(tmp_path.glob(f"*/{PAGE_NAME}"))
    assert len(pages) == 1, texts
    page = pages[0]
    counted = re.search(rf"{PAGE_NAME} (\d+) nodes, (\d+) edges", texts)  # printed by the notebook
    assert counted, texts
    node_count, edge_count = int(counted[1]), int(counted[2])

    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is missing (pip install -e '.[test]')")
    run = subprocess.run(
        [sys.executable, "-c", DRAW_OFFLINE, str(page), str(CHROMIUM), *CHROMIUM_ARGS],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["refused"] == [] and seen["errors"] == []
    drawn = seen["drawn"]
    assert drawn["nodes"] == node_count > 10
    assert drawn["edges"] == edge_count > 10
    assert drawn["physics"] is False
    assert drawn["title"].startswith(
        "Education, Economy, Work in the Neighbourhood\nBIWAQ\n"
    )  # text, not HTML
