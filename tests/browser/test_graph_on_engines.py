"""The network view drawn from a SPARQL server: `graphkit serve --store sparql+http://… --engine …`.

The bundled data is loaded into the engine by `graphkit load` through the same store URL, then a
real server reads it from there; the page must draw the neighbourhood that server's API gives
(which tests/contract/test_api_on_backends.py compares with the embedded store's), with no page
error and no request to any other host (issue 13).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser.pages import wait_drawn, watch
from tests.engines import Engine, start_or_skip
from tests.servers import ROOT, serve_process

#: The preset of each engine, and how it is started (graphkit keeps Oxigraph's default graph itself).
ENGINES = {"oxigraph": {"union_default_graph": False}, "virtuoso": {}}


def _environment(engine: Engine) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    env["GRAPHKIT_ENGINE"] = engine.name
    if engine.user is not None and engine.password is not None:
        env["GRAPHKIT_ENDPOINT_USER"] = engine.user
        env["GRAPHKIT_ENDPOINT_PASSWORD"] = engine.password
    return env


def _store_url(engine: Engine) -> str:
    """The engine as a graphkit store: its base URL with the sparql+ scheme (the preset adds the paths)."""
    base = engine.query_url.split("/", 3)
    return f"sparql+{base[0]}//{base[2]}"


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a `graphkit serve` reading the bundled data from a running engine."""
    name: str = request.param
    folder = tmp_path_factory.mktemp(f"graph-on-{name}")
    with start_or_skip(name, folder, **ENGINES[name]) as engine:
        store, env = _store_url(engine), _environment(engine)
        loaded = subprocess.run(
            [sys.executable, "-m", "graphkit", "load", "--store", store],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        with serve_process(store, "--read-only", log=folder / "serve.log", env=env) as running:
            yield running.url


def test_the_graph_page_draws_a_neighbourhood_read_from_the_engine(browser: Any, engine_server: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        log = watch(page)
        page.goto(engine_server + "/graph?focus=biwaq&depth=1")
        wait_drawn(page)
        expected = httpx.get(engine_server + "/api/entities/biwaq/neighbourhood?depth=1").json()
        drawn = page.evaluate("graphkitView.nodes.getIds()")
        assert len(drawn) > 20  # BIWAQ's partners, funds, rounds, topics
        assert sorted(drawn) == sorted(n["id"] for n in expected["nodes"])
        assert page.evaluate("graphkitView.edges.length") == len(expected["edges"])
        assert log.errors == []
        elsewhere = [u for u in log.requests if not u.startswith((engine_server, "data:"))]
        assert elsewhere == []
    finally:
        page.close()
