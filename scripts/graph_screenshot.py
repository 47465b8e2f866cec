"""Write docs/graph.png: the bundled graph drawn by `graphkit viz`, in headless Chromium.

python scripts/graph_screenshot.py                       # the whole graph
python scripts/graph_screenshot.py --focus biwaq --depth 2 -o docs/biwaq.png
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from graphkit.config import Settings
from graphkit.ingest import load_files
from graphkit.projection import build_projection
from graphkit.store import open_store
from graphkit.viz import render_view, select_view

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--focus", help="Entity at the centre [default: the whole graph].")
    parser.add_argument("--depth", type=int, default=1)
    parser.add_argument("--lang", choices=["en", "de"], default="en")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "graph.png")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Settings(store=Path(tmp) / "store"))
        load_files(store)
        projection = build_projection(store)
        view = select_view(projection, focus=args.focus, depth=args.depth, lang=args.lang)
        page_file = Path(tmp) / "view.html"
        page_file.write_text(render_view(projection, view, lang=args.lang), encoding="utf-8")
        store.close()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(page_file.as_uri())
            deadline = time.monotonic() + 30
            while not page.evaluate("document.body.dataset.drawn === '1'") and time.monotonic() < deadline:
                page.wait_for_timeout(50)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output))
            browser.close()
    print(f"Wrote {args.output} ({len(view.nodes)} nodes, {len(view.edges)} edges).")


if __name__ == "__main__":
    main()
