"""Loading generated data: graphkit against pyoxigraph's bulk loader and plain rdflib, in one run.

    python bench/load_bench.py --triples 1000000 --validated 100000 --out docs/benchmarks/load.md

Every variant runs in its own process (peak memory is that process's maximum RSS), on the
same file, one after the other, and is repeated `--repeat` times (the median is reported):

- **pyoxigraph bulk_load**: `Store(path).bulk_load(path=FILE)` into a fresh store — the
  anchor of the target (graphkit ≤ 1.5x its time and memory).
- **pyoxigraph bulk_load, one named graph**: the same into the graph graphkit would use
  (`to_graph`), the like-for-like anchor: graphkit keeps a graph per source.
- **graphkit load --no-validate**: parse once, bulk load into a new store version, keep the
  merged default graph, write the load record, flush, publish.
- **graphkit load** (validated, at `--validated` triples): the SHACL share is the extra time.
- **rdflib**: `Dataset().parse(FILE)` in memory (the plain-rdflib anchor of every benchmark;
  at `--validated` triples only unless `--rdflib-full`, it takes minutes at 1M).

Then the time to open the loaded store read-only and answer a first query.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

OX_BULK = """
import sys, pyoxigraph as ox
ox.Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
"""
OX_BULK_GRAPH = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
# The generated data names its graphs; map them all to one graph like --graph would.
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:g"))
"""
RDFLIB = """
import sys, rdflib
rdflib.Dataset().parse(sys.argv[2], format="nquads")
"""
OPEN = """
import sys, time
started = time.monotonic()
from graphkit.store import OxigraphStore
imported = time.monotonic()
store = OxigraphStore(__import__("pathlib").Path(sys.argv[1]), read_only=True)
rows = store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1").rows
next(rows)
print(time.monotonic() - imported)
"""


@dataclass
class Measure:
    name: str
    triples: int
    seconds: float
    peak_mb: float


def run(command: list[str]) -> tuple[float, float, str]:
    """Run `command`; return (wall seconds, peak RSS in MB of that process, stdout)."""
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=out_file, stderr=err_file)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - started
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read().decode(), err_file.read().decode()
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err}")
    return elapsed, usage.ru_maxrss / 1024, out


def measure(name: str, triples: int, make: list[str] | None, repeat: int, folder: Path) -> Measure:
    times, peaks = [], []
    for _ in range(repeat):
        store = folder / "store"
        shutil.rmtree(store, ignore_errors=True)
        assert make is not None
        seconds, peak, _ = run([part.replace("{store}", str(store)) for part in make])
        times.append(seconds)
        peaks.append(peak)
    return Measure(name, triples, statistics.median(times), statistics.median(peaks))


def generate(path: Path, triples: int) -> None:
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "graphkit", "generate", "--triples", str(triples), "-o", str(path)],
            check=True,
            capture_output=True,
        )


def table(rows: list[Measure], anchor: Measure) -> str:
    lines = [
        "| variant | triples | seconds | x anchor time | peak MB | x anchor memory |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.name} | {row.triples:,} | {row.seconds:.2f} | {row.seconds / anchor.seconds:.2f} | "
            f"{row.peak_mb:.0f} | {row.peak_mb / anchor.peak_mb:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the unvalidated run")
    parser.add_argument("--validated", type=int, default=100_000, help="size of the validated run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-full", action="store_true", help="also parse the big file with rdflib")
    parser.add_argument("--out", type=Path, help="write the report (Markdown) and a .json beside it")
    args = parser.parse_args(argv)
    python = sys.executable
    graphkit = [python, "-m", "graphkit", "load", "--store", "{store}"]
    report = [
        "# Loading benchmark",
        "",
        f"`python bench/load_bench.py --triples {args.triples} --validated {args.validated} "
        f"--repeat {args.repeat}` on {platform.node()} ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}), {time.strftime('%Y-%m-%d')}. Medians of {args.repeat} runs; "
        "each variant in its own process.",
        "",
    ]
    results: dict[str, list[dict[str, object]]] = {}
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as tmp:
        folder = Path(tmp)
        for size, validated in ((args.triples, False), (args.validated, True)):
            data = folder / f"data-{size}.nq"
            generate(data, size)
            nt = folder / f"data-{size}.nt"
            if not nt.exists():  # the same triples without graph names, for the one-graph anchor
                with data.open() as src, nt.open("w") as dst:
                    for line in src:
                        dst.write(line[: line.rstrip().rfind(" <")] + " .\n")
            anchor = measure(
                "pyoxigraph bulk_load",
                size,
                [python, "-c", OX_BULK, "{store}", str(data)],
                args.repeat,
                folder,
            )
            rows = [
                anchor,
                measure(
                    "pyoxigraph bulk_load into one named graph",
                    size,
                    [python, "-c", OX_BULK_GRAPH, "{store}", str(nt)],
                    args.repeat,
                    folder,
                ),
                measure(
                    "graphkit load --no-validate",
                    size,
                    [*graphkit, "--no-validate", str(data)],
                    args.repeat,
                    folder,
                ),
            ]
            if validated:
                rows.append(
                    measure("graphkit load (validated)", size, [*graphkit, str(data)], args.repeat, folder)
                )
            if validated or args.rdflib_full:
                rows.append(
                    measure(
                        "rdflib Dataset.parse (in memory)",
                        size,
                        [python, "-c", RDFLIB, "{store}", str(data)],
                        1,
                        folder,
                    )
                )
            store = folder / "store"
            shutil.rmtree(store, ignore_errors=True)
            run([*[p.replace("{store}", str(store)) for p in graphkit], "--no-validate", str(data)])
            opens = [float(run([python, "-c", OPEN, str(store)])[2]) for _ in range(max(args.repeat, 3))]
            report += [f"## {size:,} triples", "", table(rows, anchor), ""]
            report.append(
                f"Read-only open of the store graphkit loaded, to the first answer: "
                f"{statistics.median(opens) * 1000:.0f} ms (median of {len(opens)})."
            )
            if validated:
                plain = next(r for r in rows if r.name == "graphkit load --no-validate")
                checked = next(r for r in rows if r.name == "graphkit load (validated)")
                report.append(
                    f"Validation share: {checked.seconds - plain.seconds:.2f} s of {checked.seconds:.2f} s; "
                    f"the validated load takes {checked.seconds / plain.seconds:.2f}x the unvalidated one."
                )
            report.append("")
            results[str(size)] = [asdict(r) | {"open_ms": statistics.median(opens) * 1000} for r in rows]
    text = "\n".join(report)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
