"""Hostile queries against a real `graphkit serve`, longer than the CI test, with printed figures.

Run: ``python bench/hostile_queries.py [--store DIR] [--rounds 200]`` (a fresh copy of the
bundled data is loaded when no store is given). Prints, for each attack, the status, the time
to answer, the growth of the server's memory (its process tree) and the CPU the server's own
process spent; then another client's median latency quiet and under attack.
The attacks and helpers are those of tests/api/test_hostile_queries.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.config import Settings  # noqa: E402
from graphkit.ingest import load_files  # noqa: E402
from graphkit.store import open_store  # noqa: E402
from tests.api.test_hostile_queries import (  # noqa: E402
    MB,
    OTHER_CLIENT,
    PARSE_HEAVY,
    REGEX,
    RUNAWAY,
    TIMEOUT,
    ask,
    attack,
    chunked,
    cpu_seconds,
    median_latency,
    post_head,
    raw_request,
    tree_rss_kib,
)
from tests.servers import serve_process  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--rounds", type=int, default=200, help="latency samples per path")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="graphkit-hostile-"))
    store = args.store
    if store is None:
        store = work / "store"
        opened = open_store(Settings(store=store))
        load_files(opened, validate=False)
        opened.close()
    with serve_process(
        store, "--workers", "2", "--timeout", str(TIMEOUT), "--read-only", log=work / "serve.log"
    ) as server:
        pid = server.process.pid
        ask(server, "ASK { ?s ?p ?o }")
        print(f"time limit {TIMEOUT:g} s; server pid {pid}; log {server.log}")
        print(f"{'attack':34} {'status':>6} {'seconds':>8} {'+RSS MB':>8} {'main CPU s':>10}")

        def report(name: str, send: object) -> None:
            rss, cpu, started = tree_rss_kib(pid), cpu_seconds(pid), time.monotonic()
            status = send()  # type: ignore[operator]
            took = time.monotonic() - started
            grown = (tree_rss_kib(pid) - rss) / 1024
            print(
                f"{name:34} {status:>6} {took:8.2f} {grown:8.1f} {cpu_seconds(pid) - cpu:10.2f}", flush=True
            )

        head = post_head(server.url, "/sparql", "application/sparql-query", f"Content-Length: {64 * MB}\r\n")
        report("64 MB declared body", lambda: raw_request(server.url, head, iter([b"x" * MB] * 64))[0])
        chunk_head = post_head(
            server.url, "/sparql", "application/sparql-query", "Transfer-Encoding: chunked\r\n"
        )
        report("16 MB streamed literal", lambda: raw_request(server.url, chunk_head, chunked(16 * MB))[0])
        report("1 MB query (at the limit)", lambda: ask(server, "ASK {} #" + "x" * (MB - 8)).status_code)
        report("60 braces deep", lambda: ask(server, "SELECT * WHERE " + "{" * 60 + "}" * 60).status_code)
        report("100,000 braces deep", lambda: ask(server, "SELECT * WHERE " + "{" * 100_000).status_code)
        for name, query in {**PARSE_HEAVY, **RUNAWAY, "catastrophic regex": REGEX}.items():
            report(name, lambda q=query: ask(server, q).status_code)  # type: ignore[misc]

        quiet = median_latency(server, OTHER_CLIENT, args.rounds)
        stop = threading.Event()
        counts: dict[str, int] = {}
        attackers = [threading.Thread(target=attack, args=(server, stop, counts)) for _ in range(3)]
        for thread in attackers:
            thread.start()
        loud = median_latency(server, OTHER_CLIENT, args.rounds)
        stop.set()
        for thread in attackers:
            thread.join()
        print(
            f"other client median latency: quiet {quiet * 1000:.1f} ms, under attack {loud * 1000:.1f} ms "
            f"({loud / quiet:.2f}x); attack answers by status {counts}"
        )


if __name__ == "__main__":
    main()
