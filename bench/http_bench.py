"""Neighbourhood requests over HTTP: graphkit (Oxigraph) against plain rdflib (rdflib-endpoint).

Both servers hold the same bundled data and run as real uvicorn processes. graphkit answers
`GET /api/entities/{id}/neighbourhood` (depth 1, JSON); the anchor answers the equivalent
SPARQL SELECT (every link of the entity, both directions, with the neighbour's English label
and classes) through rdflib-endpoint. Requests rotate over entities; each run measures
requests per second and p50/p99 latency at 1 and 8 concurrent keep-alive connections, and
prints the ratio graphkit / anchor.

Usage: python bench/http_bench.py [--seconds 5] [--concurrency 1 8]
Needs: pip install -e '.[bench]'
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from graphkit.config import Settings
from graphkit.ingest import load_files
from graphkit.store import open_store

ROOT = Path(__file__).resolve().parent.parent
ENTITIES = [
    "biwaq",
    "bbwa",
    "esf",
    "bmi",
    "bbsr",
    "eurocities",
    "berlin",
    "soziale-stadt",
    "erdf",
    "vantaa",
    "glasgow",
    "germany",
    "biwaq-themenwerkstatt-2020",
    "peb",
    "lsk",
    "wdm",
]
ANCHOR_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?dir ?p ?other ?label ?type WHERE {
  { <https://w3id.org/graphkit/id/%s> ?p ?other . BIND("out" AS ?dir) }
  UNION { ?other ?p <https://w3id.org/graphkit/id/%s> . BIND("in" AS ?dir) }
  FILTER(isIRI(?other) && ?p != rdf:type)
  OPTIONAL { ?other rdfs:label ?label FILTER(lang(?label) = "en") }
  OPTIONAL { ?other rdf:type ?type }
}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def run_load(
    make_request: Callable[[httpx.Client, str], None], concurrency: int, seconds: float
) -> dict[str, float]:
    """Hit the server from `concurrency` threads for `seconds`; return rps, p50, p99 (ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(offset: int) -> None:
        mine: list[float] = []
        with httpx.Client(timeout=30) as client:
            n = offset
            while time.monotonic() < stop:
                entity = ENTITIES[n % len(ENTITIES)]
                started = time.perf_counter()
                make_request(client, entity)
                mine.append(time.perf_counter() - started)
                n += 1
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="graphkit-bench-"))
    store_path = work / "store"
    store = open_store(Settings(store=store_path))
    report = load_files(store)
    dump = work / "data.nq"
    dump.write_bytes(store.dump_nquads())
    store.close()
    print(f"data: {report.triples} triples in {len(report.graphs)} graphs", flush=True)

    ours_port, anchor_port = free_port(), free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    ours = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graphkit",
            "serve",
            "--store",
            str(store_path),
            "--port",
            str(ours_port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    anchor = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "anchor_rdflib_endpoint.py"), str(dump), str(anchor_port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{ours_port}/healthz")
        wait_until_up(f"http://127.0.0.1:{anchor_port}/?query=ASK%7B%7D")

        def ask_ours(client: httpx.Client, entity: str) -> None:
            r = client.get(f"http://127.0.0.1:{ours_port}/api/entities/{entity}/neighbourhood")
            r.raise_for_status()
            r.json()

        def ask_anchor(client: httpx.Client, entity: str) -> None:
            r = client.get(
                f"http://127.0.0.1:{anchor_port}/",
                params={"query": ANCHOR_QUERY % (entity, entity)},
                headers={"Accept": "application/sparql-results+json"},
            )
            r.raise_for_status()
            r.json()

        # Warm up both (graphkit builds its projection on the first request).
        with httpx.Client(timeout=60) as client:
            for entity in ENTITIES:
                ask_ours(client, entity)
                ask_anchor(client, entity)

        print(
            f"\nneighbourhood of one entity over HTTP, {args.seconds:g} s per run, "
            f"{len(ENTITIES)} entities in turn\n"
        )
        print("| connections | server | requests/s | p50 ms | p99 ms |")
        print("|---|---|---:|---:|---:|")
        ratios = []
        for concurrency in args.concurrency:
            ours_result = run_load(ask_ours, concurrency, args.seconds)
            anchor_result = run_load(ask_anchor, concurrency, args.seconds)
            for name, result in (
                ("graphkit (Oxigraph)", ours_result),
                ("rdflib-endpoint (anchor)", anchor_result),
            ):
                print(
                    f"| {concurrency} | {name} | {result['rps']:.0f} "
                    f"| {result['p50']:.1f} | {result['p99']:.1f} |"
                )
            ratios.append(
                (
                    concurrency,
                    ours_result["rps"] / anchor_result["rps"],
                    anchor_result["p50"] / ours_result["p50"],
                    anchor_result["p99"] / ours_result["p99"],
                )
            )
        print(
            "\n| connections | throughput ratio (graphkit / anchor) "
            "| p50 ratio (anchor / graphkit) | p99 ratio |"
        )
        print("|---|---:|---:|---:|")
        for concurrency, rps, p50, p99 in ratios:
            print(f"| {concurrency} | {rps:.1f}x | {p50:.1f}x | {p99:.1f}x |")
    finally:
        for process in (ours, anchor):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
