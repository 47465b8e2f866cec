"""Browser tests: Debian's Chromium driven by Playwright, against a real `graphkit serve`.

They are skipped when /usr/bin/chromium (or Playwright) is missing, unless
GRAPHKIT_REQUIRE_BROWSER=1 is set (as CI does), in which case they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphkit import bundled
from graphkit.config import Settings
from graphkit.ingest import load_files
from graphkit.store import open_store
from tests.servers import serve_process

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DATA = Path(__file__).parent.parent / "data"
ARTIFACTS = Path(__file__).parent.parent / "artifacts"


def _unavailable(reason: str) -> None:
    if os.environ.get("GRAPHKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"GRAPHKIT_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium (Debian's), shared by the session."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled data, a source whose labels are markup, and a researcher's
    dataset in foreign vocabularies (loaded without validation, as researchers may)."""
    path = tmp_path_factory.mktemp("browser") / "store"
    opened = open_store(Settings(store=path))
    load_files(opened, [*bundled.default_sources(), DATA / "hostile-label.ttl"])
    load_files(opened, [DATA / "foreign-vocabulary.ttl"], validate=False)
    opened.close()
    return path


@pytest.fixture(scope="session")
def server(browser_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real `graphkit serve` process on a free port, started once."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    options = ("--host", "127.0.0.1", "--read-only", "--workers", "1")
    with serve_process(browser_store, *options, log=log) as running:
        yield running.url
