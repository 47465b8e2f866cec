"""`/sparql` over HTTP: graphkit against `oxigraph serve` on the same store data, in one run.

Both servers are real processes on this machine: `graphkit serve --read-only` (uvicorn, the
query guard, worker processes) and Oxigraph's own HTTP server (`oxigraph serve`, from the
`oxigraph` package on PyPI) on a copy of the same store version. Each request is a 1-hop
SELECT (an entity's outgoing statements, SPARQL JSON results) with a text no earlier request
used (the entity rotates, the LIMIT counts up), so graphkit's guard meets a new query text
every time. For each number of concurrent keep-alive connections the script prints
requests/s and p50/p99 latency of both, and the ratios graphkit / oxigraph.

The load comes from Python threads on the same machine, so what the client costs limits what
is measured: `--client raw` (http.client, the default) is lean enough to show most of
Oxigraph's speed; `--client httpx` is the client `http_bench.py` uses, heavier, and makes
the two servers look closer.

Usage: python bench/sparql_bench.py [--store PATH | --triples N] [--seconds 8] [--concurrency 1 8]
                                    [--client raw|httpx] [--workers 2] [--rounds 4]
Needs: pip install oxigraph (the CLI server, same version as pyoxigraph); httpx for --client httpx
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from graphkit.store.versions import StoreFolder

QUERY = "SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }} LIMIT {limit}"
ENTITIES = "SELECT DISTINCT ?s WHERE {{ ?s a ?class }} LIMIT {n}"
JSON_RESULTS = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, path: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Accept": JSON_RESULTS})
            if conn.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not come up")


def prepare_store(args: argparse.Namespace, work: Path) -> Path:
    """Return a graphkit store folder: --store as given, or N generated triples loaded."""
    if args.store:
        return Path(args.store)
    data, store = work / "data.nq", work / "store"
    graphkit = [sys.executable, "-m", "graphkit"]
    subprocess.run([*graphkit, "generate", "--triples", str(args.triples), "-o", str(data)], check=True)
    subprocess.run(
        [*graphkit, "load", "--no-validate", "--store", str(store), str(data)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return store


def current_version(store: Path) -> Path:
    folder = StoreFolder(store)
    return folder.version_dir(folder.pointer().version)


class Client:
    """One keep-alive connection that sends 1-hop SELECTs with fresh texts."""

    def __init__(self, port: int, path: str, entities: list[str], offset: int, kind: str = "raw") -> None:
        self.port = port
        self.path = path
        self.entities = entities
        self.n = offset
        self.raw = http.client.HTTPConnection("127.0.0.1", port, timeout=60) if kind == "raw" else None
        self.httpx = None
        if kind == "httpx":
            import httpx

            self.httpx = httpx.Client(timeout=60)

    def ask(self) -> bytes:
        entity = self.entities[self.n % len(self.entities)]
        self.n += 1
        query = QUERY.format(entity=entity, limit=10_000 + self.n)
        url = f"{self.path}?{urlencode({'query': query})}"
        if self.httpx is not None:
            answer = self.httpx.get(f"http://127.0.0.1:{self.port}{url}", headers={"Accept": JSON_RESULTS})
            status, body = answer.status_code, answer.content
        else:
            assert self.raw is not None
            self.raw.request("GET", url, headers={"Accept": JSON_RESULTS})
            response = self.raw.getresponse()
            status, body = response.status, response.read()
        if status != 200:
            raise RuntimeError(f"{status}: {body[:300]!r}")
        return body


@dataclass
class Load:
    """What one server answered: latencies (seconds) over a wall-clock time."""

    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0

    def add(self, other: Load) -> None:
        self.latencies += other.latencies
        self.elapsed += other.elapsed

    def summary(self) -> dict[str, float]:
        ordered = sorted(self.latencies)
        return {
            "rps": len(ordered) / self.elapsed,
            "p50": statistics.median(ordered) * 1000,
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        }


def run_load(make: Callable[[int], Client], concurrency: int, seconds: float) -> Load:
    """Send requests on `concurrency` connections for `seconds`; return their latencies."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def connection(index: int) -> None:
        client = make(index * 1_000_003 + int(time.monotonic() * 1000))
        mine: list[float] = []
        try:
            while time.monotonic() < stop:
                started = time.perf_counter()
                client.ask()
                mine.append(time.perf_counter() - started)
        except (OSError, RuntimeError) as error:
            errors.append(str(error))
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=connection, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} connection(s) failed, first: {errors[0]}")
    return Load(latencies, time.monotonic() - started)


def rows(body: bytes) -> list[tuple[str, str]]:
    bindings = json.loads(body)["results"]["bindings"]
    return sorted((b["p"]["value"], b["o"]["value"]) for b in bindings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a loaded graphkit store folder (default: generate one)")
    parser.add_argument("--triples", type=int, default=100_000, help="triples to generate without --store")
    parser.add_argument("--seconds", type=float, default=8.0, help="per server and connection count")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--workers", type=int, default=2, help="graphkit's SPARQL worker processes")
    parser.add_argument("--entities", type=int, default=5000, help="entities the queries rotate over")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw", help="the load generator")
    parser.add_argument(
        "--rounds", type=int, default=4, help="turns per server, alternating (--seconds in all)"
    )
    args = parser.parse_args()
    oxigraph = shutil.which("oxigraph")
    if oxigraph is None:
        sys.exit("needs the `oxigraph` command: pip install oxigraph")

    work = Path(tempfile.mkdtemp(prefix="graphkit-sparql-bench-"))
    servers: list[subprocess.Popen[bytes]] = []
    try:
        store = prepare_store(args, work)
        # Oxigraph's server gets its own copy of the version graphkit serves (hard links).
        copy = work / "oxigraph"
        source = ox.Store.read_only(str(current_version(store)))
        source.backup(str(copy))
        found = source.query(ENTITIES.format(n=args.entities))
        assert isinstance(found, ox.QuerySolutions)
        entities = [solution["s"].value for solution in found]
        triples = len(source)
        del source, found

        ours_port, theirs_port = free_port(), free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        ours = subprocess.Popen(
            [
                *(sys.executable, "-m", "graphkit", "serve", "--read-only", "--store", str(store)),
                *("--port", str(ours_port), "--workers", str(args.workers), "--log-level", "warning"),
            ],
            **quiet,  # type: ignore[call-overload]
        )
        servers.append(ours)
        theirs = subprocess.Popen(
            [oxigraph, "serve", "--location", str(copy), "--bind", f"127.0.0.1:{theirs_port}"],
            **quiet,  # type: ignore[call-overload]
        )
        servers.append(theirs)
        wait_until_up(ours_port, "/sparql?query=ASK%7B%7D", ours)
        wait_until_up(theirs_port, "/query?query=ASK%7B%7D", theirs)

        def make_ours(offset: int) -> Client:
            return Client(ours_port, "/sparql", entities, offset, args.client)

        def make_theirs(offset: int) -> Client:
            return Client(theirs_port, "/query", entities, offset, args.client)

        # Warm up both, and check they give the same answers.
        a, b = make_ours(0), make_theirs(0)
        for _ in range(min(50, len(entities))):
            assert rows(a.ask()) == rows(b.ask()), "graphkit and oxigraph disagree"

        print(
            f"\n1-hop SELECT over HTTP (SPARQL JSON), {triples:,} triples, {len(entities)} entities in turn, "
            f"every query text new; {args.seconds:g} s per server in {args.rounds} turns, "
            f"graphkit with {args.workers} workers, {args.client} client\n"
        )
        print("| connections | server | requests/s | p50 ms | p99 ms |")
        print("|---|---|---:|---:|---:|")
        ratios = []
        for concurrency in args.concurrency:
            # Rounds alternate which server goes first: the machine's other load shifts slowly.
            our_load, their_load = Load(), Load()
            for round_ in range(args.rounds):
                first, second = (our_load, make_ours), (their_load, make_theirs)
                for total, make in (first, second) if round_ % 2 == 0 else (second, first):
                    total.add(run_load(make, concurrency, args.seconds / args.rounds))
            ours_result, theirs_result = our_load.summary(), their_load.summary()
            for name, result in (("graphkit serve", ours_result), ("oxigraph serve", theirs_result)):
                print(
                    f"| {concurrency} | {name} | {result['rps']:.0f} "
                    f"| {result['p50']:.1f} | {result['p99']:.1f} |"
                )
            ratios.append(
                (
                    concurrency,
                    ours_result["rps"] / theirs_result["rps"],
                    theirs_result["p50"] / ours_result["p50"],
                    theirs_result["p99"] / ours_result["p99"],
                )
            )
        print("\n| connections | requests/s graphkit / oxigraph | p50 oxigraph / graphkit | p99 |")
        print("|---|---:|---:|---:|")
        for concurrency, rps, p50, p99 in ratios:
            print(f"| {concurrency} | {rps:.2f}x | {p50:.2f}x | {p99:.2f}x |")
    finally:
        for process in servers:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
