"""A mixed load at 1, 8 and 64 connections and a 20 s soak on a real `graphkit serve` (bench/soak.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench_scripts import bench_script

pytestmark = pytest.mark.slow


def test_no_errors_no_hang_flat_memory_under_a_mixed_load(tmp_path: Path) -> None:
    soak = bench_script("soak")
    report = soak.soak(
        triples=0, connections=[1, 8, 64], seconds=2, soak_seconds=20, timeout=30, folder=tmp_path
    )
    for phase in [*report["phases"], report["soak"]]:
        # Every answer is a 200, or a 503 that says when to retry (all workers busy); none is
        # lost (a crash or a hang) and none is an error.
        assert phase["errors"] == 0, phase
        assert set(phase["statuses"]) <= {200, 503}, phase
        assert phase["requests"] > 0
    assert report["alive_after"] is True
    # Caches fill while the first requests come in; after that the memory stays flat.
    assert report["soak"]["memory_growth_mb"] < 60, report["soak"]["memory_mb"]
