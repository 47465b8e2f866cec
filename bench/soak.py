"""A mixed load on a real `graphkit serve`: no errors below saturation, 503 + Retry-After above, flat memory.

    python bench/soak.py --triples 100000 --connections 1 8 64 --seconds 10 --soak 300

Clients (threads, one keep-alive httpx client each) cycle through neighbourhoods, searches,
entities and SPARQL queries (a new text each time) of generated data. Each connection
count runs for `--seconds`; then `--soak` seconds at the highest count while the server's
memory (its whole process tree: the SPARQL workers too) is sampled every second. The
report counts answers by status, checks that every 503 carries `Retry-After`, that no
request was lost (a transport error or no answer within `--timeout`: a crash or a hang),
and compares the memory of the soak's last quarter with its second quarter.

The test suite runs a short version (tests/api/test_soak.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_procs import Server, tree_rss_mb

ROOT = Path(__file__).resolve().parent.parent
ACCEPT_JSON = {"Accept": "application/json"}
SPARQL = (
    "SELECT ?p ?o WHERE {{ <https://w3id.org/graphkit/id/{id}> ?p ?o }} LIMIT {limit}"  # a new text each time
)


@dataclass
class Phase:
    """What one connection count saw."""

    connections: int
    seconds: float
    statuses: dict[int, int] = field(default_factory=dict)
    lost: int = 0
    busy_without_retry_after: int = 0
    slowest_ms: float = 0.0
    memory_mb: list[float] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + self.lost

    @property
    def errors(self) -> int:
        """Answers that are neither 2xx nor a 503 that says when to retry, and lost requests."""
        bad = sum(n for status, n in self.statuses.items() if status >= 400 and status != 503)
        return bad + self.lost + self.busy_without_retry_after


def workload(ids: list[str], words: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Return the paths the clients cycle through (SPARQL texts are varied per request)."""
    paths: list[tuple[str, dict[str, str]]] = []
    for index, entity in enumerate(ids):
        paths.append((f"/api/entities/{entity}/neighbourhood", ACCEPT_JSON))
        paths.append((f"/api/entities/{entity}", ACCEPT_JSON))
        paths.append((f"/api/search?q={words[index % len(words)]}", ACCEPT_JSON))
        paths.append(("sparql:" + entity, {"Accept": "application/sparql-results+json"}))
    return paths


def run_phase(base: str, paths: list[tuple[str, dict[str, str]]], *, connections: int, seconds: float,
              timeout: float, server: Server) -> Phase:  # fmt: skip
    phase = Phase(connections, seconds)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        statuses: Counter[int] = Counter()
        lost = busy_bare = 0
        slowest = 0.0
        with httpx.Client(base_url=base, timeout=timeout) as http:
            n = offset * 7919
            while time.monotonic() < stop:
                n += 1
                path, headers = paths[n % len(paths)]
                params: dict[str, str] | None = None  # (an empty dict would drop the path's own query)
                if path.startswith("sparql:"):
                    path, params = "/sparql", {"query": SPARQL.format(id=path[7:], limit=1 + n % 997)}
                started = time.perf_counter()
                try:
                    response = http.get(path, params=params, headers=headers)
                    response.read()
                except httpx.HTTPError:
                    lost += 1
                    continue
                slowest = max(slowest, time.perf_counter() - started)
                statuses[response.status_code] += 1
                if response.status_code == 503 and "retry-after" not in response.headers:
                    busy_bare += 1
        with lock:
            for status, count in statuses.items():
                phase.statuses[status] = phase.statuses.get(status, 0) + count
            phase.lost += lost
            phase.busy_without_retry_after += busy_bare
            phase.slowest_ms = max(phase.slowest_ms, slowest * 1000)

    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(1.0):
            phase.memory_mb.append(round(tree_rss_mb(server.pid), 1))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sampling.set()
    sampler.join()
    return phase


def memory_growth(samples: list[float]) -> float:
    """MB between the median of the soak's second quarter and of its last quarter."""
    if len(samples) < 8:
        return 0.0
    quarter = len(samples) // 4
    early, late = sorted(samples[quarter : 2 * quarter]), sorted(samples[-quarter:])
    return late[len(late) // 2] - early[len(early) // 2]


def prepare(folder: Path, triples: int) -> tuple[Path, list[str], list[str]]:
    """Return a loaded store and the entity ids and search words of its data."""
    store = folder / "store"
    if triples:
        data = folder / "data.nq"
        graphkit = [sys.executable, "-m", "graphkit"]
        subprocess.run([*graphkit, "generate", "--triples", str(triples), "-o", str(data)], check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run([*graphkit, "load", "--no-validate", "--store", str(store), str(data)], check=True,
                       capture_output=True)  # fmt: skip
        ids = [f"city-{n}" for n in range(1, 40)] + [f"programme-{n}" for n in range(1, 40)] + ["network-0"]
        words = ["city", "stadt", "netz", "programme", "soziale", "konferenz"]
    else:
        subprocess.run([sys.executable, "-m", "graphkit", "load", "--store", str(store)], check=True,
                       capture_output=True)  # fmt: skip
        ids = ["bbwa", "biwaq", "berlin", "eurocities", "esf", "bmi", "vantaa", "glasgow"]
        words = ["bundnisse", "efre", "berlin", "forum", "social", "wirtschaft"]
    return store, ids, words


def soak(*, triples: int, connections: list[int], seconds: float, soak_seconds: float, timeout: float,
         folder: Path) -> dict[str, object]:  # fmt: skip
    """Run every phase against a fresh server; return the report."""
    store, ids, words = prepare(folder, triples)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    server = Server(
        [
            sys.executable,
            "-m",
            "graphkit",
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            "--read-only",
        ],
        folder / "serve.log",
        env,
        ROOT,
        port,
    )
    server.start()
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, server)
        paths = workload(ids, words)
        phases = [
            run_phase(base, paths, connections=n, seconds=seconds, timeout=timeout, server=server)
            for n in connections
        ]
        long = run_phase(base, paths, connections=max(connections), seconds=soak_seconds, timeout=timeout,
                         server=server) if soak_seconds else None  # fmt: skip
        alive = server.exited() is None and httpx.get(base + "/healthz", timeout=timeout).status_code == 200
    finally:
        server.stop()
    report: dict[str, object] = {
        "triples": triples,
        "phases": [asdict(p) | {"requests": p.requests, "errors": p.errors} for p in phases],
        "alive_after": alive,
    }
    if long is not None:
        report["soak"] = asdict(long) | {
            "requests": long.requests,
            "errors": long.errors,
            "memory_growth_mb": memory_growth(long.memory_mb),
        }
    return report


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_healthy(base: str, server: Server, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.exited() is not None:
            raise SystemExit(f"graphkit serve exited:\n{server.log_tail()}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"graphkit serve gave no answer in {limit:g} s:\n{server.log_tail()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--triples", type=int, default=100_000, help="generated triples (0: the bundled data)"
    )
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 8, 64])
    parser.add_argument("--seconds", type=float, default=10.0, help="per connection count")
    parser.add_argument("--soak", type=float, default=300.0, help="seconds at the highest count")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds one request may take")
    parser.add_argument("--json", type=Path, help="also write the report as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="graphkit-soak-") as tmp:
        report = soak(triples=args.triples, connections=args.connections, seconds=args.seconds,
                      soak_seconds=args.soak, timeout=args.timeout, folder=Path(tmp))  # fmt: skip
        shutil.rmtree(Path(tmp) / "store", ignore_errors=True)
    for phase in [*report["phases"], *([report["soak"]] if "soak" in report else [])]:  # type: ignore[list-item]
        print(
            f"{phase['connections']:>3} connections, {phase['seconds']:g} s: {phase['requests']:,} requests, "
            f"statuses {phase['statuses']}, lost {phase['lost']}, errors {phase['errors']}, "
            f"slowest {phase['slowest_ms']:.0f} ms, memory {min(phase['memory_mb'] or [0])} to "
            f"{max(phase['memory_mb'] or [0])} MB"
        )
    if "soak" in report:
        print(
            f"memory growth over the soak (2nd to 4th quarter): {report['soak']['memory_growth_mb']:+.1f} MB"
        )  # type: ignore[index]
    print(f"server alive and healthy afterwards: {report['alive_after']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    failed = any(p["errors"] for p in report["phases"]) or not report["alive_after"]  # type: ignore[attr-defined]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
