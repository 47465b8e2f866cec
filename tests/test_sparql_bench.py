"""A smoke run of bench/sparql_bench.py (never its timings): both servers answer alike."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("oxigraph") is None, reason="needs `pip install oxigraph`"),
]
BENCH = Path(__file__).parent.parent / "bench" / "sparql_bench.py"


def test_the_benchmark_runs_and_prints_ratios(bundled_store_path: Path) -> None:
    options = ["--seconds", "0.4", "--rounds", "2", "--concurrency", "1", "2", "--entities", "50"]
    done = subprocess.run(
        [sys.executable, str(BENCH), "--store", str(bundled_store_path), *options],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert "| 2 | graphkit serve |" in done.stdout and "| 2 | oxigraph serve |" in done.stdout
    assert "requests/s graphkit / oxigraph" in done.stdout
