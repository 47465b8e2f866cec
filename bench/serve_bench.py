"""Serving a generated graph: graphkit against its anchors, side by side in one run.

    python bench/serve_bench.py                      # 100k and 1M triples → docs/benchmarks.md + .json
    python bench/serve_bench.py --sizes 10000 --seconds 1 --out /tmp/b.md   # a quick look

For each size: `graphkit generate` writes the data (N-Quads); `graphkit load --no-validate`
loads it into graphkit's store and pyoxigraph's `bulk_load` into the anchors' store (time
and peak memory of each). Command-line times follow (read-only open to a first triple,
a trivial query, `graphkit --help`; each in a new process), then one server at a time:

- **graphkit**: `graphkit serve --read-only` (uvicorn, SPARQL worker processes);
- **fastapi**: `bench/anchor_fastapi.py`, a minimal FastAPI + pyoxigraph app that returns
  graphkit's JSON for an entity (one SPARQL query) and a neighbourhood (two);
- **oxigraph**: `oxigraph serve-read-only` (Rust), for `/sparql`;
- **rdflib**: rdflib-endpoint over an in-memory rdflib Dataset (`anchor_rdflib_endpoint.py`).

Each server is timed from its start until every one of its routes has answered once (and
the RSS of its whole process tree is read then and sampled for its peak), then each route
is warmed up and measured at each connection count: requests/s, p50, p99, errors. A route
or a start past its time limit is reported as such ("did not answer in N s"), never waited
for. graphkit is driven only through its CLI and HTTP, so internals can change under it.
The issue's targets are evaluated at the end; the report goes to `--out` (Markdown) and a
JSON file beside it. Needs: pip install -e '.[bench]' (oxigraph, rdflib-endpoint) and
preferably Debian's `wrk` (else Python threads generate the load).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from serve_load import Answer, fetch, run_threads, run_wrk, wrk_version
from serve_procs import Server, run_timed, wait_idle
from serve_report import SERVER_TITLES, evaluate_targets, render_markdown
from serve_workload import ROUTE, ROUTES, Workload

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
#: Routes whose JSON graphkit and the FastAPI anchor must agree on; bodies compared per route.
COMPARED, SAMPLES = ("entity", "neighbourhood", "hub"), 8
OX_BULK = (
    "import sys, pyoxigraph as ox\n"
    "ox.Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)"
)
OX_QUERY = (
    "import sys, pyoxigraph as ox\n"
    "print(list(ox.Store.read_only(sys.argv[1]).query(sys.argv[2], use_default_graph_as_union=True)))"
)
TRIVIAL, FIRST_TRIPLE = "SELECT (1 AS ?x) {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
#: Seconds a command-line case may take (generating and loading have their own limits).
COMMAND_TIMEOUT = 120.0


@dataclass(slots=True)
class Spec:
    """One server: how to start it on a port, its routes, and where it answers SPARQL."""

    key: str
    routes: list[str]
    sparql: str

    def command(self, port: int, store: Path, anchor_store: Path, data: Path) -> list[str]:
        if self.key == "graphkit":
            options = ["--port", str(port), "--read-only", "--log-level", "warning"]
            return [*graphkit(), "serve", "--store", str(store), *options]
        if self.key == "fastapi":
            return [PYTHON, str(BENCH / "anchor_fastapi.py"), str(anchor_store), str(port)]
        if self.key == "oxigraph":
            bind = f"127.0.0.1:{port}"
            options = ["--bind", bind, "--union-default-graph"]
            return [oxigraph_cli(), "serve-read-only", "--location", str(anchor_store), *options]
        return [PYTHON, str(BENCH / "anchor_rdflib_endpoint.py"), str(data), str(port)]


SPECS = [
    Spec("graphkit", [r.key for r in ROUTES], "/sparql"),
    Spec("fastapi", ["healthz", "entity", "neighbourhood", "hub"], ""),
    Spec("oxigraph", ["sparql"], "/query"),
    Spec("rdflib", ["sparql"], "/"),
]


def graphkit() -> list[str]:
    """Return the `graphkit` command as a user runs it (the console script beside this Python)."""
    script = Path(PYTHON).parent / "graphkit"
    return [str(script)] if script.exists() else [PYTHON, "-m", "graphkit"]


def oxigraph_cli() -> str:
    script = Path(PYTHON).parent / "oxigraph"
    return str(script) if script.exists() else shutil.which("oxigraph") or "oxigraph"


def missing(spec: Spec) -> str | None:
    """Say why a server cannot run here, or None."""
    if spec.key == "oxigraph" and not Path(oxigraph_cli()).exists() and not shutil.which("oxigraph"):
        return "not installed (pip install oxigraph)"
    if spec.key == "rdflib":
        try:
            metadata.version("rdflib-endpoint")
        except metadata.PackageNotFoundError:
            return "not installed (pip install rdflib-endpoint)"
    return None


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")} | {"PYTHONUNBUFFERED": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def timed_step(command: list[str], *, timeout: float) -> dict[str, Any]:
    done = run_timed(command, timeout=timeout, env=clean_env())
    if done.returncode != 0:
        why = f"did not finish in {timeout:g} s" if done.returncode is None else done.stderr.strip()[-300:]
        raise SystemExit(f"{' '.join(command)} failed: {why}")
    return {"seconds": round(done.seconds, 3), "peak_mb": round(done.peak_mb, 1)}


def median_time(command: list[str], repeat: int, timeout: float) -> dict[str, Any]:
    times = []
    for _ in range(repeat):
        done = run_timed(command, timeout=timeout, env=clean_env())
        if done.returncode != 0:
            why = (
                f"did not finish in {timeout:g} s" if done.returncode is None else done.stderr.strip()[-200:]
            )
            return {"error": why}
        times.append(done.seconds)
    return {"seconds": round(statistics.median(times), 3), "runs": [round(t, 3) for t in times]}


def measure_cli(store: Path, anchor_store: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Time the command-line cases, each in a new process (median of `--repeat`)."""
    ox = [PYTHON, "-c", OX_QUERY, str(anchor_store)]
    commands = {
        "graphkit_help": [*graphkit(), "--help"],
        "graphkit_query": [*graphkit(), "query", "--store", str(store), TRIVIAL],
        "graphkit_open": [*graphkit(), "query", "--store", str(store), FIRST_TRIPLE],
        "python": [PYTHON, "-c", "pass"],
        "pyoxigraph_query": [*ox, TRIVIAL],
        "pyoxigraph_open": [*ox, FIRST_TRIPLE],
    }
    if not missing(Spec("oxigraph", [], "")):
        options = ["--query", TRIVIAL, "--results-format", "csv"]
        commands["oxigraph_query"] = [oxigraph_cli(), "query", "--location", str(anchor_store), *options]
    return {key: median_time(command, args.repeat, COMMAND_TIMEOUT) for key, command in commands.items()}


def wait_for_routes(
    server: Server, base: str, probes: list[tuple[str, str, dict[str, str]]], limit: float
) -> dict[str, Any]:
    """Ask each route once, in turn, until it answers; stop at `limit` s after the server's start."""
    answered: dict[str, float] = {}
    problems: dict[str, str] = {}
    for key, path, headers in probes:
        asked = False
        while True:
            remaining = limit - (time.monotonic() - server.started)
            code = server.exited()
            if code is not None:
                problems[key] = f"server exited with code {code}: {server.log_tail(5)}"
                break
            if remaining <= 0:
                problems[key] = (
                    f"did not answer in the {limit:g} s start limit"
                    if asked
                    else f"not asked: the {limit:g} s start limit had run out"
                )
                break
            answer, asked = fetch(base + path, headers, timeout=remaining), True
            if answer.status is None and (answer.problem or "").startswith("no connection"):
                time.sleep(0.05)  # not listening yet
            elif answer.status == 503:
                time.sleep(0.1)  # up, but not ready (e.g. workers starting)
            elif answer.status is None:
                problems[key] = f"did not answer in the {limit:g} s start limit"
                break
            elif answer.status >= 400:
                problems[key] = f"answered {answer.status}"
                break
            else:
                answered[key] = round(time.monotonic() - server.started, 3)
                break
        if key in problems and key == probes[0][0]:
            break
    return {
        "limit_s": limit,
        "first_answer_s": answered.get(probes[0][0]),
        "all_routes_s": max(answered.values()) if answered and not problems else None,
        "routes_s": answered,
        "problems": problems,
    }


def bench_route(
    server: Server, spec: Spec, route: str, workload: Workload, args: argparse.Namespace
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Warm `route` up and measure it at each connection count; return its entry and sampled JSON."""
    base, info = f"http://127.0.0.1:{server.port}", ROUTE[route]
    paths = workload.paths(route, sparql=spec.sparql)
    suffix = "99999" if info.counted else ""
    samples: dict[str, Any] = {}
    warm_until = time.monotonic() + args.warmup
    first: Answer | None = None
    for i, path in enumerate(itertools.cycle(paths)):
        want_sample = route in COMPARED and i < min(SAMPLES, len(paths))
        if first is not None and not want_sample and time.monotonic() >= warm_until:
            break
        answer = fetch(base + path + suffix, info.headers, timeout=args.route_timeout)
        if answer.status is None or answer.status >= 400:
            problem = answer.problem or f"answered {answer.status} to {path[:80]}"
            return {"error": problem, "paths": len(paths)}, samples
        first = first or answer
        if want_sample:
            samples[path] = json.loads(answer.body)
    assert first is not None
    runs = []
    load = run_wrk if args.loadgen == "wrk" else run_threads
    for connections in args.concurrency:
        run = load(
            base,
            paths,
            info.headers,
            counted=info.counted,
            connections=connections,
            seconds=args.seconds,
            timeout=args.route_timeout,
        )
        runs.append(run.to_json())
        wait_idle(server.pid, limit=args.route_timeout)  # requests still in flight finish first
    entry = {"paths": len(paths), "first_s": round(first.seconds, 4), "bytes": len(first.body), "runs": runs}
    return entry, samples


def bench_server(
    spec: Spec, stores: tuple[Path, Path, Path], workload: Workload, args: argparse.Namespace, log: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Start one server, time it to every route answering, measure its routes, stop it."""
    why = missing(spec)
    if why:
        return {"error": why, "routes": {r: {"error": why} for r in spec.routes}}, {}
    port = free_port()
    server = Server(spec.command(port, *stores), log, clean_env(), ROOT, port)
    probes = []
    for route in spec.routes:
        suffix = "99999" if ROUTE[route].counted else ""
        probes.append((route, workload.paths(route, sparql=spec.sparql)[0] + suffix, ROUTE[route].headers))
    samples: dict[str, Any] = {}
    server.start()
    try:
        start = wait_for_routes(server, f"http://127.0.0.1:{port}", probes, args.start_timeout)
        entry: dict[str, Any] = {"title": SERVER_TITLES[spec.key], "start": start}
        entry["rss_after_start_mb"] = round(server.rss_mb(), 1)
        routes = {}
        for route in spec.routes:
            if server.exited() is not None:
                routes[route] = {"error": f"server exited with code {server.exited()}"}
                continue
            print(f"  {spec.key}: {route}", file=sys.stderr, flush=True)
            routes[route], samples[route] = bench_route(server, spec, route, workload, args)
        entry["routes"] = routes
        entry["rss_peak_mb"] = round(server.peak_mb, 1)
    finally:
        server.stop()
    return entry, samples


def compare(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Count the sampled bodies on which graphkit and the anchor answered the same JSON."""
    found = {}
    for route in COMPARED:
        both = sorted(set(ours.get(route, {})) & set(theirs.get(route, {})))
        differ = [p for p in both if ours[route][p] != theirs[route][p]]
        found[route] = {"compared": len(both), "same": len(both) - len(differ), "differ": differ[:3]}
    return found


def bench_size(triples: int, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Generate, load, time the CLI and every server for one size; return its report section."""

    def say(text: str) -> None:
        print(f"[{triples:,}] {text}", file=sys.stderr, flush=True)

    data = folder / f"data-{triples}.nq"
    say("generate")
    generated = timed_step(
        [*graphkit(), "generate", "--triples", str(triples), "--seed", str(args.seed), "-o", str(data)],
        timeout=600,
    )
    workload = Workload.from_nquads(data, seed=args.seed)
    store, anchor_store = folder / f"graphkit-{triples}", folder / f"pyoxigraph-{triples}"
    for old in (store, anchor_store):  # a kept folder of an earlier run
        shutil.rmtree(old, ignore_errors=True)
    say("load")
    load = {
        "graphkit": timed_step(
            [*graphkit(), "load", "--no-validate", "--store", str(store), str(data)], timeout=3600
        ),
        "pyoxigraph": timed_step([PYTHON, "-c", OX_BULK, str(anchor_store), str(data)], timeout=3600),
    }
    say("command line")
    cli = measure_cli(store, anchor_store, args)
    servers, samples = {}, {}
    for spec in SPECS:
        if spec.key not in args.servers:
            continue
        say(f"server {spec.key}")
        log = folder / f"{spec.key}-{triples}.log"
        servers[spec.key], samples[spec.key] = bench_server(
            spec, (store, anchor_store, data), workload, args, log
        )
    size = {
        "data": {
            "seed": args.seed,
            "file_mb": round(data.stat().st_size / 2**20, 1),
            "generate_s": generated["seconds"],
            "entities": workload.entities,
            "mid": workload.mid,
            "hubs": workload.hubs,
            "terms": workload.terms,
        },
        "load": load,
        "cli": cli,
        "servers": servers,
        "same_json": compare(samples.get("graphkit", {}), samples.get("fastapi", {})),
    }
    size["targets"] = [t.to_json() for t in evaluate_targets(size, args.concurrency)]
    return size


def graphkit_source() -> str:
    """Say which graphkit the commands run: this repository's commit, or the folder it is imported from."""
    found = subprocess.run(
        [PYTHON, "-c", "import graphkit, os; print(os.path.dirname(os.path.dirname(graphkit.__file__)))"],
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd="/",  # not this folder: `python -c` would import the graphkit beside it
    )
    folder = Path(found.stdout.strip() or ".").resolve()
    if folder != ROOT:
        return f"imported from {folder}"
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "graphkit"], capture_output=True, text=True)
    return f"commit {commit.stdout.strip()}" + (", with local changes to graphkit/" if dirty.stdout else "")


def machine(load_before: str) -> dict[str, Any]:
    """Describe the machine and the versions that ran the benchmark."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.machine(),
    )
    memory = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    versions = {}
    for name in (
        "graphkit",
        "pyoxigraph",
        "oxigraph",
        "fastapi",
        "starlette",
        "uvicorn",
        "rdflib",
        "rdflib-endpoint",
    ):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    versions["graphkit"] += f" ({graphkit_source()})"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory / 2**20,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="triples per run")
    parser.add_argument("--seconds", type=float, default=5.0, help="per route and connection count")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up per route")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8], help="connection counts")
    parser.add_argument(
        "--start-timeout", type=float, default=300.0, help="seconds for every route to answer"
    )
    parser.add_argument("--route-timeout", type=float, default=30.0, help="seconds for one request")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command-line case (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--servers", nargs="+", default=[s.key for s in SPECS], choices=[s.key for s in SPECS]
    )
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "benchmarks.md", help="Markdown; JSON beside it"
    )
    parser.add_argument("--keep", type=Path, help="keep data, stores and server logs in this folder")
    parser.add_argument("--render", type=Path, help="only write --out again from this JSON report")
    args = parser.parse_args(argv)
    if args.render:
        args.out.write_text(
            render_markdown(json.loads(args.render.read_text(encoding="utf-8"))), encoding="utf-8"
        )
        return 0
    wrk = wrk_version()
    if args.loadgen == "auto":
        args.loadgen = "wrk" if wrk else "python"
    if args.loadgen == "wrk" and not wrk:
        parser.error("wrk is not installed (apt-get install wrk), use --loadgen python")
    started, load_before = time.monotonic(), " ".join(f"{x:.2f}" for x in os.getloadavg())
    command = "python bench/serve_bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    report: dict[str, Any] = {
        "command": command.strip(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "settings": {
            "seconds": args.seconds,
            "warmup": args.warmup,
            "concurrency": args.concurrency,
            "start_timeout": args.start_timeout,
            "route_timeout": args.route_timeout,
            "repeat": args.repeat,
            "loadgen": wrk if args.loadgen == "wrk" else "Python threads with httpx keep-alive clients",
        },
        "sizes": {},
    }
    folder = args.keep or Path(tempfile.mkdtemp(prefix="graphkit-serve-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for triples in args.sizes:
            report["sizes"][str(triples)] = bench_size(triples, args, folder)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    report["machine"] = machine(load_before)
    report["elapsed_s"] = round(time.monotonic() - started, 1)
    text = render_markdown(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
