"""Faults during a load: kill -9 at chosen and random moments, and a disk that fills up.

The kill trials are a bounded run of bench/crash_load.py (the same code); the full-disk
tests mount a small tmpfs (root only) and fill it so a load runs out of space partway.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.errors import StoreError
from graphkit.store import OxigraphStore, labels
from tests.bench_scripts import bench_script

crash_load = bench_script("crash_load")


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> object:
    """Old and new generated data (6,000 triples each), the old loaded, the fingerprints to expect."""
    return crash_load.prepare(tmp_path_factory.mktemp("crash"), 6_000)


def _half_versions(store: Path) -> list[str]:
    pointer = int((store / "VERSION").read_text().strip())
    return [
        p.name
        for p in (store / "versions").iterdir()
        if p.is_dir() and (p.name.startswith("tmp-") or (p.name.isdigit() and int(p.name) > pointer))
    ]


@pytest.mark.slow
def test_kill_9_of_load_at_each_moment_leaves_the_old_or_the_new_data(setup: object, tmp_path: Path) -> None:
    moments = crash_load.plan(8, random.Random(11), setup.duration)  # type: ignore[attr-defined]
    trials = crash_load.run_trials(setup, tmp_path / "store", moments, echo=False)
    assert [t.outcome for t in trials if t.outcome == "MIX"] == []
    assert all(t.leftovers == 0 for t in trials), trials
    assert sum(t.killed for t in trials) >= 6, trials  # the event-chosen moments were reached
    # Killed before VERSION switched → old data; killed after → new data.
    by_moment = {t.moment: t for t in trials}
    assert by_moment["scratch appears"].outcome == "old"
    assert by_moment["VERSION switched"].outcome == "new"
    # The store takes the next load as if nothing had happened.
    subprocess.run(
        crash_load.load_command(tmp_path / "store", setup.data["new"]), check=True, capture_output=True
    )  # type: ignore[attr-defined]
    assert crash_load.fingerprint(tmp_path / "store") == setup.expected["new"]  # type: ignore[attr-defined]


# --- a full disk -----------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 48 MB tmpfs mounted in the test's folder (root only), unmounted after."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, *, leave: int) -> Path:
    """Fill `disk` with one file until `leave` bytes are free; return the file."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    size = max(0, stat.f_bavail * stat.f_frsize - leave)
    with filler.open("wb") as out:
        block = b"\0" * (1 << 20)
        while size > 0:
            size -= out.write(block[: min(size, len(block))])
    return filler


@pytest.mark.slow
def test_a_load_that_fills_the_disk_fails_cleanly_and_keeps_the_old_data(
    setup: object, small_disk: Path
) -> None:
    store = small_disk / "store"
    shutil.copytree(setup.old_store, store)  # type: ignore[attr-defined]
    filler = fill(small_disk, leave=4 << 20)  # the new version needs ~20 MB while it is written
    failed = subprocess.run(
        crash_load.load_command(store, setup.data["new"]),  # type: ignore[attr-defined]
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1, failed.stderr
    assert "Traceback" not in failed.stderr
    assert failed.stderr.startswith("error: Writing to the store at"), failed.stderr
    assert "No space left on device" in failed.stderr and "ENOSPC" in failed.stderr, failed.stderr
    assert str(store / "versions" / "tmp-") in failed.stderr  # names the file it was writing
    assert _half_versions(store) == []
    assert crash_load.fingerprint(store) == setup.expected["old"]  # type: ignore[attr-defined]
    served = subprocess.run(
        [sys.executable, "-m", "graphkit", "query", "--store", str(store), "ASK { ?s ?p ?o }"],
        capture_output=True,
        text=True,
    )
    assert served.returncode == 0 and "true" in served.stdout.lower(), served
    filler.unlink()  # space again: the same load now works
    subprocess.run(crash_load.load_command(store, setup.data["new"]), check=True, capture_output=True)  # type: ignore[attr-defined]
    assert crash_load.fingerprint(store) == setup.expected["new"]  # type: ignore[attr-defined]
    assert _half_versions(store) == []


def _labelled(count: int) -> list[ox.Quad]:
    rng = random.Random(5)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 10)))
        for _ in range(2000)
    ]
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    return [
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            label,
            ox.Literal(" ".join(rng.choice(words) for _ in range(40))),
            ox.NamedNode("http://example.org/g"),
        )
        for i in range(count)
    ]


def test_a_full_disk_while_the_label_index_is_written_is_enospc_with_the_file(small_disk: Path) -> None:
    # SQLite says "database or disk is full" (an OperationalError, not an OSError); it was let
    # through as a traceback. Now it is the writer's ENOSPC error naming the index file.
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in _labelled(3000))
    fill(small_disk, leave=0)
    target = small_disk / labels.FILE
    with pytest.raises(OSError) as raised:
        labels.build_index(store, target, changed=None)
    assert raised.value.errno == 28 and raised.value.filename == str(target)


@pytest.mark.slow
def test_every_fill_level_of_the_disk_fails_cleanly_or_writes(small_disk: Path) -> None:
    """Sweep the free space across a write's whole life (RocksDB files, the label index, publishing)."""
    quads = _labelled(5000)
    outcomes = []
    for leave_kb in range(4_000, 22_000, 1_500):
        shutil.rmtree(small_disk / "store", ignore_errors=True)
        (small_disk / "filler").unlink(missing_ok=True)
        fill(small_disk, leave=leave_kb << 10)
        store = OxigraphStore(small_disk / "store")
        try:
            with store.write() as writer:
                writer.add_quads(quads)
        except StoreError as error:
            assert "No space left on device" in error.message and "ENOSPC" in error.message, error.message
            assert store.count() == 0 and store.version() == "0"
            outcomes.append("labels" if labels.FILE in error.message else "rocksdb")
        else:
            assert store.count() == 5000
            outcomes.append("written")
        finally:
            store.close()
        assert _half_versions(small_disk / "store") == []
    assert outcomes[0] == "rocksdb" and "labels" in outcomes and outcomes[-1] == "written", outcomes
