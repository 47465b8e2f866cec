"""Kill `graphkit load` with SIGKILL at random moments: the store holds the old or the new data, never a mix.

    python bench/crash_load.py --triples 1000000 --trials 10

Each trial: a store holds data A (generated, seed 1); `graphkit load` of data B (seed 2:
mostly the same graph names, other content) starts and is killed with SIGKILL at a random
moment between its first write (a new version folder appears) and just after an
uninterrupted load would have finished, or not at all in some trials. Then the store is
opened read-only and its data graphs are compared (as sorted N-Quads, by SHA-256) with A
and with B loaded over A without interruption, and a writer opens it again (stale locks and
half-written versions are cleaned up) and the time to open it read-only is measured.

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


def load(store_path: Path, data: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "graphkit",
        "load",
        "--no-validate",
        "--store",
        str(store_path),
        str(data),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def writing(store_path: Path) -> bool:
    """Whether a load has begun writing a new version."""
    versions = store_path / "versions"
    return versions.is_dir() and any(p.name.startswith("tmp-") for p in versions.iterdir())


@dataclass
class Trial:
    killed: bool
    outcome: str  # "old", "new" or "MIX"
    reopen_seconds: float


def run_trial(
    store_path: Path, data: Path, expected: dict[str, tuple[int, str]], rng: random.Random, duration: float
) -> Trial:
    process = load(store_path, data)
    kill = rng.random() < 0.9
    if kill:
        while not writing(store_path) and process.poll() is None:
            time.sleep(0.001)
        # Anywhere in the write, from its first moment to just after the publication.
        time.sleep(rng.random() * duration * 1.1)
        process.send_signal(signal.SIGKILL)
    process.wait()
    found = fingerprint(store_path)
    outcome = next((name for name, value in expected.items() if value == found), "MIX")
    writer = OxigraphStore(store_path)  # takes the lock a killed process held; removes its half version
    writer.close()
    started = time.monotonic()
    reader = OxigraphStore(store_path, read_only=True)
    reader.count(LOADS_GRAPH)
    reopen = time.monotonic() - started
    reader.close()
    return Trial(kill and process.returncode == -signal.SIGKILL, outcome, reopen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="graphkit-crash-") as folder:
        root = Path(folder)
        data = {}
        for name, seed in (("old", 1), ("new", 2)):
            data[name] = root / f"{name}.nq"
            with data[name].open("wb") as out:
                generate_dataset(out, triples=args.triples, seed=seed)
        expected = {}
        for name in ("old", "new"):
            store = root / f"expected-{name}"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "graphkit",
                    "load",
                    "--no-validate",
                    "--store",
                    str(store),
                    str(data[name]),
                ],
                check=True,
                capture_output=True,
            )
            expected[name] = fingerprint(store)
        # How long an uninterrupted load of the new data over the old takes, from its first write.
        store = root / "store"
        shutil.copytree(root / "expected-old", store)
        process = load(store, data["new"])
        while not writing(store) and process.poll() is None:
            time.sleep(0.001)
        started = time.monotonic()
        process.wait()
        duration = time.monotonic() - started
        expected["new"] = fingerprint(store)  # the new data over the old (graphs only the old has stay)
        print(f"an uninterrupted load writes for {duration:.1f} s", flush=True)
        trials = []
        for number in range(args.trials):
            shutil.rmtree(store, ignore_errors=True)
            shutil.copytree(root / "expected-old", store)
            trial = run_trial(store, data["new"], expected, rng, duration)
            trials.append(trial)
            print(
                f"trial {number + 1}: {'killed' if trial.killed else 'finished'} -> {trial.outcome} data; "
                f"read-only open {trial.reopen_seconds * 1000:.0f} ms",
                flush=True,
            )
        mixed = sum(t.outcome == "MIX" for t in trials)
        killed = sum(t.killed for t in trials)
        print(
            f"\n{len(trials)} trials at {args.triples:,} triples, {killed} killed: "
            f"{sum(t.outcome == 'old' for t in trials)} old, {sum(t.outcome == 'new' for t in trials)} new, "
            f"{mixed} mixed; slowest read-only open {max(t.reopen_seconds for t in trials) * 1000:.0f} ms"
        )
        return 1 if mixed else 0


if __name__ == "__main__":
    raise SystemExit(main())
