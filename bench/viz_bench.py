"""Network views at scale: graphkit's page against pyvis with its default settings.

For generated graphs of 500, 2,000 and 10,000 nodes (``tests/synthetic.py``: scale-free,
about 1.5 edges per node, eight classes) it measures

- **build**: seconds to turn the graph into an HTML page (graphkit: `render_html`, layout
  included and not cached; pyvis: ``Network()`` + ``from_nx`` + ``generate_html``);
- **first draw**: seconds from navigation start until vis-network has drawn the graph once,
  in headless Chromium (Debian's /usr/bin/chromium);
- **stable**: seconds until nothing moves any more (physics stabilised, or physics off).

pyvis keeps all its defaults except ``cdn_resources="in_line"``: the default loads
vis-network from a CDN, which the benchmark machine cannot (and should not) reach. A page
that is not stable after ``--timeout`` seconds is reported as ``>TIMEOUT``.

    pip install -e '.[bench]'
    python bench/viz_bench.py                       # 500, 2000, 10000 nodes
    python bench/viz_bench.py --sizes 500 --timeout 60
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphkit.layout import clear_layout_cache
from graphkit.model import Neighbourhood
from graphkit.viz import render_html
from tests.synthetic import synthetic_view

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# Runs before the page's scripts: finds the vis Network (graphkit's `graphkitView.network`,
# pyvis' global `network`) on each animation frame and notes when it first drew and when its
# physics came to rest (or was off).
WATCH = """
(() => {
  const marks = (window.__bench = { firstDraw: null, stable: null });
  let hooked = null;
  function find() {
    return (window.graphkitView && window.graphkitView.network) || window.network || null;
  }
  function tick() {
    const net = find();
    if (net && net !== hooked && typeof net.once === "function") {
      hooked = net;
      net.once("afterDrawing", () => { marks.firstDraw = performance.now(); });
    }
    if (hooked && marks.firstDraw !== null && marks.stable === null) {
      const physics = hooked.physics;
      if (!physics || !physics.physicsEnabled || !physics.options.enabled || physics.stabilized) {
        marks.stable = performance.now();
      }
    }
    if (marks.stable === null) requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
"""


@dataclass
class Run:
    build: float
    first_draw: float | None
    stable: float | None
    size_mb: float


def pyvis_page(view: Neighbourhood) -> str:
    """Build the page the way pyvis' documentation does it: a networkx graph, `from_nx`."""
    from pyvis.network import Network

    graph = nx.DiGraph()
    for node in view.nodes:
        graph.add_node(
            node.id, label=node.label, title=f"{node.label} ({node.type_label})", group=node.type_label
        )
    for edge in view.edges:
        graph.add_edge(edge.source, edge.target, title=edge.label)
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(graph)
    page: str = net.generate_html()
    return page


def draw_times(browser: Any, path: Path, timeout: float) -> tuple[float | None, float | None]:
    """Open `path` and return (first draw, stable) in seconds, None where `timeout` passed."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        page.goto(path.as_uri(), timeout=timeout * 1000, wait_until="commit")
        deadline = time.monotonic() + timeout
        marks: dict[str, float | None] = {"firstDraw": None, "stable": None}
        while time.monotonic() < deadline:
            try:
                marks = page.evaluate("window.__bench || {firstDraw: null, stable: null}")
            except Exception:  # the page may still be parsing a large file
                marks = {"firstDraw": None, "stable": None}
            if marks["stable"] is not None:
                break
            time.sleep(0.05)
        first, stable = marks["firstDraw"], marks["stable"]
        return (first / 1000 if first is not None else None, stable / 1000 if stable is not None else None)
    finally:
        context.close()


def measure(browser: Any, view: Neighbourhood, *, ours: bool, timeout: float, folder: Path) -> Run:
    started = time.perf_counter()
    if ours:
        clear_layout_cache()
        page = render_html(view)
    else:
        page = pyvis_page(view)
    build = time.perf_counter() - started
    path = folder / f"{'graphkit' if ours else 'pyvis'}-{len(view.nodes)}.html"
    path.write_text(page, encoding="utf-8")
    first, stable = draw_times(browser, path, timeout)
    return Run(build, first, stable, len(page.encode()) / 1e6)


def seconds(value: float | None, timeout: float) -> str:
    return f">{timeout:.0f}" if value is None else f"{value:.2f}"


def ratio(theirs: float | None, ours: float | None, timeout: float) -> str:
    if ours is None:
        return "-"
    if theirs is None:
        return f">{timeout / ours:.0f}x"
    return f"{theirs / ours:.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2_000, 10_000])
    parser.add_argument("--timeout", type=float, default=120.0, help="Seconds to wait for a page to settle.")
    parser.add_argument(
        "--skip-pyvis-draw-above",
        type=int,
        default=2_000,
        help="Do not open pyvis pages larger than this (they would only time out).",
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    render_html(synthetic_view(20))  # load the template and assets once, outside the timings
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes:
            view = synthetic_view(size)
            ours = measure(browser, view, ours=True, timeout=args.timeout, folder=Path(tmp))
            print(f"{size:>6} nodes  graphkit: {ours}", file=sys.stderr, flush=True)
            if size > args.skip_pyvis_draw_above:
                started = time.perf_counter()
                page = pyvis_page(view)
                theirs = Run(time.perf_counter() - started, None, None, len(page.encode()) / 1e6)
            else:
                theirs = measure(browser, view, ours=False, timeout=args.timeout, folder=Path(tmp))
            print(f"{size:>6} nodes  pyvis:    {theirs}", file=sys.stderr, flush=True)
            rows.append((size, len(view.edges), ours, theirs))
        browser.close()

    t = args.timeout
    print()
    print(
        "| nodes | edges | build graphkit | build pyvis | ratio | first draw graphkit | first draw pyvis "
        "| ratio | stable graphkit | stable pyvis | ratio | page MB graphkit / pyvis |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, edges, ours, theirs in rows:
        print(
            f"| {size:,} | {edges:,} | {ours.build:.2f} s | {theirs.build:.2f} s | "
            f"{ratio(theirs.build, ours.build, t)} | {seconds(ours.first_draw, t)} s | "
            f"{seconds(theirs.first_draw, t)} s | {ratio(theirs.first_draw, ours.first_draw, t)} | "
            f"{seconds(ours.stable, t)} s | {seconds(theirs.stable, t)} s | "
            f"{ratio(theirs.stable, ours.stable, t)} | {ours.size_mb:.1f} / {theirs.size_mb:.1f} |"
        )
    print(
        f"\n(>{t:.0f} s: not settled within --timeout; pyvis pages above "
        f"{args.skip_pyvis_draw_above:,} nodes are built but not opened.)"
    )


if __name__ == "__main__":
    main()
