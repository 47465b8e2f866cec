"""Kill `graphkit load` with SIGKILL at chosen and random moments: the store holds the old or the new data.

    python bench/crash_load.py --triples 100000 --trials 20

Each trial: a store holds data A (generated, seed 1); `graphkit load` of data B (seed 2:
mostly the same graph names, other content) starts and is killed with SIGKILL. The first
trials kill it at moments the store itself shows (`EVENTS`: the half-written version
appears, it gets data, its label index appears, it is renamed into place, VERSION
changes); the rest at a random moment between its first write and just after an
uninterrupted load would have finished, or not at all. Then the store is opened read-only
and its data graphs are compared (as sorted N-Quads, by SHA-256) with A and with B loaded
over A without interruption; a writer opens it again (a dead writer's lock and half-written
versions are cleaned up) and the time to open it read-only is measured.

The test suite runs a small version of this (tests/test_crash_safety.py).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graphkit.generate import generate_dataset
from graphkit.records import LOADS_GRAPH
from graphkit.store import OxigraphStore


def fingerprint(store_path: Path) -> tuple[int, str]:
    """Return (quads, SHA-256 of the sorted N-Quads) of the store's data graphs."""
    store = OxigraphStore(store_path, read_only=True)
    try:
        graphs = [g for g in store.graph_names() if g != LOADS_GRAPH]
        lines = sorted(store.dump_nquads(graphs).splitlines())
    finally:
        store.close()
    return len(lines), hashlib.sha256(b"\n".join(lines)).hexdigest()


def load_command(store_path: Path, data: Path) -> list[str]:
    return [sys.executable, "-m", "graphkit", "load", "--no-validate", "--store", str(store_path), str(data)]


def load(store_path: Path, data: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(load_command(store_path, data), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _scratches(store_path: Path) -> list[Path]:
    versions = store_path / "versions"
    try:
        return [p for p in versions.iterdir() if p.name.startswith("tmp-") and p.is_dir()]
    except FileNotFoundError:
        return []


def writing(store_path: Path) -> bool:
    """Whether a load has begun writing a new version (its scratch folder exists)."""
    return bool(_scratches(store_path))


def _has_data(store_path: Path) -> bool:
    """Whether the version being written has its own data files (a log or a table being written)."""
    for scratch in _scratches(store_path):
        try:
            if any(p.suffix in (".log", ".sst") and p.stat().st_nlink == 1 for p in scratch.iterdir()):
                return True
        except FileNotFoundError:
            continue
    return False


def _has_labels(store_path: Path) -> bool:
    return any((scratch / "labels.sqlite").exists() for scratch in _scratches(store_path))


def _pointer(store_path: Path) -> str:
    try:
        return (store_path / "VERSION").read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""


#: Moments a store shows while a load writes it, by name: each a test of the store folder
#: given the pointer (VERSION) the store held before the load.
EVENTS: dict[str, Callable[[Path, str], bool]] = {
    "scratch appears": lambda path, before: writing(path),
    "scratch has data": lambda path, before: _has_data(path),
    "label index appears": lambda path, before: _has_labels(path),
    "version renamed": lambda path, before: (path / "versions" / f"{int(before) + 1:08d}").is_dir(),
    "VERSION switched": lambda path, before: _pointer(path) != before,
}


def wait_until(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> bool:
    """Poll `condition` until it holds (True) or the process ends first (False)."""
    while not condition():
        if process.poll() is not None:
            return condition()
        time.sleep(0.0005)
    return True


@dataclass
class Trial:
    moment: str  # an EVENTS name, "random", or "none"
    killed: bool
    outcome: str  # "old", "new" or "MIX"
    reopen_seconds: float  # writer open (cleans up) and then a read-only open with a count
    leftovers: int  # half-written version folders after the writer opened the store


def run_trial(
    store_path: Path,
    data: Path,
    expected: dict[str, tuple[int, str]],
    *,
    moment: str,
    delay: float = 0.0,
) -> Trial:
    """Run one load of `data` into `store_path`, kill it at `moment`, and check what the store holds.

    Args:
        moment: a name of `EVENTS` (killed as soon as it is seen), "random" (killed `delay`
            seconds after the first write) or "none" (not killed).
    """
    before = _pointer(store_path)
    process = load(store_path, data)
    if moment != "none":
        if moment == "random":
            reached = wait_until(lambda: writing(store_path), process)
            if reached and delay:
                time.sleep(delay)
        else:
            event = EVENTS[moment]
            reached = wait_until(lambda: event(store_path, before), process)
        if reached:
            process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stderr is not None
    process.stderr.close()
    found = fingerprint(store_path)
    outcome = next((name for name, value in expected.items() if value == found), "MIX")
    started = time.monotonic()
    writer = OxigraphStore(store_path)  # takes the lock a killed process held; removes its half version
    writer.close()
    reader = OxigraphStore(store_path, read_only=True)
    reader.count(LOADS_GRAPH)
    reopen = time.monotonic() - started
    reader.close()
    leftovers = len(_scratches(store_path)) + sum(
        1
        for p in (store_path / "versions").iterdir()
        if p.is_dir() and p.name.isdigit() and int(p.name) > int(_pointer(store_path))
    )
    return Trial(moment, process.returncode == -signal.SIGKILL, outcome, reopen, leftovers)


@dataclass
class Setup:
    """Data files, a store holding the old data, the fingerprints to expect, an uninterrupted load's time."""

    data: dict[str, Path]
    old_store: Path
    expected: dict[str, tuple[int, str]]
    duration: float


def prepare(root: Path, triples: int) -> Setup:
    """Generate the old and new data, load the old, and time an uninterrupted load of the new over it."""
    data = {}
    for name, seed in (("old", 1), ("new", 2)):
        data[name] = root / f"{name}.nq"
        with data[name].open("wb") as out:
            generate_dataset(out, triples=triples, seed=seed)
    old_store = root / "expected-old"
    subprocess.run(load_command(old_store, data["old"]), check=True, capture_output=True)
    expected = {"old": fingerprint(old_store)}
    store = root / "expected-new"
    shutil.copytree(old_store, store)
    process = load(store, data["new"])
    wait_until(lambda: writing(store), process)
    started = time.monotonic()
    process.communicate()
    duration = time.monotonic() - started
    if process.returncode != 0:
        raise RuntimeError(f"the uninterrupted load failed with exit code {process.returncode}")
    expected["new"] = fingerprint(store)  # the new data over the old (graphs only the old has stay)
    return Setup(data, old_store, expected, duration)


def plan(trials: int, rng: random.Random, duration: float) -> list[tuple[str, float]]:
    """Return (moment, delay) per trial: each event once, then random moments (one in ten not killed)."""
    moments: list[tuple[str, float]] = [(name, 0.0) for name in EVENTS][:trials]
    while len(moments) < trials:
        if rng.random() < 0.1:
            moments.append(("none", 0.0))
        else:
            moments.append(("random", rng.random() * duration * 1.1))
    return moments


def run_trials(setup: Setup, store: Path, moments: list[tuple[str, float]], *, echo: bool) -> list[Trial]:
    trials = []
    for number, (moment, delay) in enumerate(moments, 1):
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(setup.old_store, store)
        trial = run_trial(store, setup.data["new"], setup.expected, moment=moment, delay=delay)
        trials.append(trial)
        if echo:
            when = f"{moment} (+{delay:.2f} s)" if moment == "random" else moment
            print(
                f"trial {number:>2}: kill at {when:<24} {'killed' if trial.killed else 'finished'}"
                f" -> {trial.outcome} data; reopen {trial.reopen_seconds * 1000:.0f} ms;"
                f" half versions left {trial.leftovers}",
                flush=True,
            )
    return trials


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="graphkit-crash-") as folder:
        root = Path(folder)
        setup = prepare(root, args.triples)
        print(f"an uninterrupted load writes for {setup.duration:.1f} s", flush=True)
        trials = run_trials(setup, root / "store", plan(args.trials, rng, setup.duration), echo=True)
        mixed = sum(t.outcome == "MIX" for t in trials)
        left = sum(t.leftovers for t in trials)
        killed = sum(t.killed for t in trials)
        reopen = sorted(t.reopen_seconds for t in trials)
        print(
            f"\n{len(trials)} trials at {args.triples:,} triples, {killed} killed: "
            f"{sum(t.outcome == 'old' for t in trials)} old, {sum(t.outcome == 'new' for t in trials)} new, "
            f"{mixed} mixed; half versions left after reopening: {left}; reopen (writer clean-up + "
            f"read-only open) median {reopen[len(reopen) // 2] * 1000:.0f} ms, max {reopen[-1] * 1000:.0f} ms"
        )
        return 1 if mixed or left else 0


if __name__ == "__main__":
    raise SystemExit(main())
