"""Writing a benchmark's report: the Markdown tables, its JSON, and the hand-written reading kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: The heading of the hand-written part of a report, which a new run keeps as it was.
READING = "## What this means"


def write_report(out: Path, report: list[str], results: dict[str, Any]) -> None:
    """Write `report` (lines) to `out` and `results` to `out` with `.json`, keeping `out`'s reading."""
    out.parent.mkdir(parents=True, exist_ok=True)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    kept = old[old.index(READING) :] if READING in old else ""  # the hand-written reading of the numbers
    out.write_text("\n".join(report) + "\n" + kept, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
