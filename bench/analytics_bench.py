"""Network analytics on generated data: graphkit against plain networkx on the same network, as ratios.

    python bench/analytics_bench.py --sizes 100000 1000000 --out docs/benchmarks/analytics.md

For each size, `graphkit generate` writes the data and `graphkit load --no-validate` loads it
(neither is timed here: see `load_bench.py`). Then, in this process:

- **select**: `select_network` of the whole graph (classification left out) from the store,
  against the anchor: rdflib parsing the same N-Quads file and putting every link between two
  IRIs (rdf:type left out) into a networkx `Graph`;
- **each measure** (`graphkit.analytics.measures`: degree, betweenness, closeness, PageRank,
  eigenvector, Leiden communities, components) on the selected network, against plain
  networkx on `network.simple()`, the same graph: `degree_centrality`,
  `betweenness_centrality`, `closeness_centrality`, PageRank (networkx's pure-Python one, as
  `nx.pagerank` needs scipy), `eigenvector_centrality`, `louvain_communities`,
  `connected_components`.

A networkx measure estimated to take longer than `--budget` seconds (its time at the
smaller size scaled by n·m) is not run and reported as such. Times are medians of
`--repeat` runs; timings are never test assertions.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import rdflib
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from graphkit.analytics.measures import centrality, communities, components
from graphkit.analytics.network import Network, NetworkSpec, select_network
from graphkit.config import Settings
from graphkit.projection import build_projection
from graphkit.store import open_store

RDF_TYPE = rdflib.RDF.type


def timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def anchor_select(data: Path) -> nx.Graph:
    dataset = rdflib.Dataset()
    dataset.parse(data, format="nquads")
    graph = nx.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        if p != RDF_TYPE and isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef):
            graph.add_edge(str(s), str(o))
    return graph


def pairs(network: Network) -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    simple = network.simple()
    return [
        ("degree", lambda: centrality(network, "degree"), lambda: nx.degree_centrality(simple)),
        (
            "betweenness",
            lambda: centrality(network, "betweenness"),
            lambda: nx.betweenness_centrality(simple),
        ),
        ("closeness", lambda: centrality(network, "closeness"), lambda: nx.closeness_centrality(simple)),
        (
            "pagerank",
            lambda: centrality(network, "pagerank"),
            lambda: _pagerank_python(simple, weight="weight"),
        ),
        (
            "eigenvector",
            lambda: centrality(network, "eigenvector"),
            lambda: nx.eigenvector_centrality(simple, weight="weight", max_iter=1000),
        ),
        (
            "communities (Leiden / networkx Louvain)",
            lambda: communities(network, seed=1),
            lambda: nx.community.louvain_communities(simple, weight="weight", seed=1),
        ),
        ("components", lambda: components(network), lambda: list(nx.connected_components(simple))),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--budget", type=float, default=600, help="skip a networkx measure estimated longer")
    parser.add_argument("--out", type=Path, help="write the report (Markdown)")
    args = parser.parse_args(argv)
    report = [
        "# Network analytics benchmark",
        "",
        f"`python bench/analytics_bench.py --sizes {' '.join(map(str, args.sizes))} --repeat {args.repeat}` "
        f"on {platform.node()} ({platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}), {time.strftime('%Y-%m-%d')}. Ratio = graphkit / networkx "
        "(below 1: graphkit is faster).",
        "",
    ]
    scale: dict[str, tuple[float, float]] = {}  # measure → (networkx seconds, n·m) at a smaller size
    with tempfile.TemporaryDirectory(prefix="graphkit-analytics-") as tmp:
        for size in sorted(args.sizes):
            data, store_path = Path(tmp) / f"data-{size}.nq", Path(tmp) / f"store-{size}"
            python = [sys.executable, "-m", "graphkit"]
            subprocess.run([*python, "generate", "--triples", str(size), "-o", str(data)], check=True)
            subprocess.run(
                [*python, "load", "--no-validate", "--store", str(store_path), str(data)],
                check=True,
                capture_output=True,
            )
            store = open_store(Settings(store=store_path), read_only=True)
            ours, network = timed(
                lambda s=store: select_network(build_projection(s), NetworkSpec()), args.repeat
            )
            assert isinstance(network, Network)
            theirs, _ = timed(lambda d=data: anchor_select(d), 1)
            n, m = network.graph.number_of_nodes(), network.graph.number_of_edges()
            rows = [("select the whole network (anchor: rdflib parse → networkx)", ours, theirs)]
            for name, graphkit_run, networkx_run in pairs(network):
                ours, _ = timed(graphkit_run, args.repeat)
                known = scale.get(name)
                estimate = known[0] * (n * m) / known[1] if known else 0.0
                if estimate > args.budget:
                    rows.append((name, ours, None))
                    continue
                theirs, _ = timed(networkx_run, args.repeat)
                scale[name] = (theirs, n * m)
                rows.append((name, ours, theirs))
            store.close()
            report += [
                f"## {size:,} triples: {n:,} entities, {m:,} links",
                "",
                "| step | graphkit s | networkx s | ratio |",
                "|---|---:|---:|---:|",
            ]
            for name, ours, theirs in rows:
                if theirs is None:
                    report.append(f"| {name} | {ours:.3f} | not run (over --budget) | |")
                else:
                    report.append(f"| {name} | {ours:.3f} | {theirs:.3f} | {ours / theirs:.2f} |")
            report.append("")
            print("\n".join(report), flush=True)
    text = "\n".join(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
