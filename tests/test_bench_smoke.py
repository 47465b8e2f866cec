"""The serving benchmark still runs end to end and writes a complete report (bench/serve_bench.py).

A bounded run: 10,000 generated triples, half a second per route and connection count, the
Python load generator. Timings are never asserted (they are the benchmark's job); what is
checked is that every server started, every route it is asked for answered (a 404 would
mean the benchmark asks for a route graphkit no longer has), the anchor still returns
graphkit's JSON, and every target and the machine are in the report. Skipped without the
anchors (`pip install -e '.[bench]'`) unless GRAPHKIT_REQUIRE_BENCH=1, as in CI.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROUTES = {
    "healthz",
    "stats",
    "search",
    "entity",
    "neighbourhood",
    "hub_page",
    "hub",
    "path",
    "graph",
    "sparql",
}
TARGETS = {
    "start",
    "rss",
    "neighbourhood_ratio_1",
    "neighbourhood_ratio_8",
    "entity_ratio_1",
    "entity_ratio_8",
    "sparql_ratio_1",
    "sparql_ratio_8",
    "neighbourhood_p99_ms",
    "hub_page_p50_ms",
    "search_p50_ms",
    "search_rps",
    "graphkit_help",
    "graphkit_query",
}

pytestmark = pytest.mark.slow


def _anchors_missing() -> str | None:
    oxigraph = Path(sys.executable).parent / "oxigraph"
    if not oxigraph.exists() and shutil.which("oxigraph") is None:
        return "the oxigraph server is not installed"
    if importlib.util.find_spec("rdflib_endpoint") is None:
        return "rdflib-endpoint is not installed"
    return None


def test_serve_bench_writes_a_complete_report(tmp_path: Path) -> None:
    why = _anchors_missing()
    if why:
        message = f"{why}: pip install -e '.[bench]'"
        if os.environ.get("GRAPHKIT_REQUIRE_BENCH") == "1":
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path / "benchmarks.md"
    command = [
        sys.executable,
        "bench/serve_bench.py",
        "--sizes",
        "10000",
        "--seconds",
        "0.5",
        "--warmup",
        "0",
    ]
    command += ["--repeat", "1", "--loadgen", "python", "--start-timeout", "90", "--route-timeout", "20"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    done = subprocess.run(
        [*command, "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]

    report = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    size = report["sizes"]["10000"]
    servers = size["servers"]
    assert set(servers) == {"graphkit", "fastapi", "oxigraph", "rdflib"}
    assert set(servers["graphkit"]["routes"]) == ROUTES
    for name, server in servers.items():
        assert not server["start"]["problems"], (name, server["start"])
        assert server["start"]["all_routes_s"] > 0
        assert server["rss_after_start_mb"] > 0 and server["rss_peak_mb"] > 0
        for route, entry in server["routes"].items():
            assert "error" not in entry, (name, route, entry)
            assert [run["connections"] for run in entry["runs"]] == [1, 8], (name, route)
            assert all(run["requests"] > 0 for run in entry["runs"]), (name, route, entry)
    for route, same in size["same_json"].items():
        assert same["compared"] > 0 and same["same"] == same["compared"], (
            f"bench/anchor_fastapi.py no longer answers graphkit's JSON for {route}: {same['differ']}"
        )
    assert {key: bool(size["load"][key]["seconds"]) for key in ("graphkit", "pyoxigraph")} == {
        "graphkit": True,
        "pyoxigraph": True,
    }
    assert all("seconds" in entry for entry in size["cli"].values()), size["cli"]
    targets = {t["key"]: t for t in size["targets"]}
    assert set(targets) == TARGETS
    assert all(t["value"] is not None and t["met"] in (True, False) for t in targets.values()), targets
    machine = report["machine"]
    assert machine["cores"] and machine["memory_gb"] and machine["python"]
    assert all(machine["versions"][n] != "not installed" for n in ("pyoxigraph", "oxigraph", "fastapi"))

    page = out.read_text(encoding="utf-8")
    assert "## Targets" in page and "## 10,000 triples" in page
    assert all(t["text"] in page for t in targets.values())
