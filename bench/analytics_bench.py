"""Network analytics on generated data: graphkit against plain networkx on the same network, as ratios.

    python bench/analytics_bench.py --sizes 100000 1000000 --repeat 3 --out docs/benchmarks/analytics.md

For each size, `graphkit generate` writes the data and `graphkit load --no-validate` loads it
(neither is timed here: see `load_bench.py`; `--work DIR` keeps them and reuses them on the
next run). Then, in this process:

- **select**: `select_network` of the whole graph (classification left out) from the store,
  against the anchor: rdflib parsing the same N-Quads file and putting every link between two
  IRIs whose property is one graphkit's network counts into a networkx `Graph`. The two
  networks are checked equal (nodes and links).
- **each measure** (`graphkit.analytics.measures`: degree, PageRank, eigenvector, Leiden
  communities, components) on the selected network, against plain networkx on
  `network.simple()`, the same graph: `degree_centrality`, PageRank (networkx's pure-Python
  one, as `nx.pagerank` needs scipy), `eigenvector_centrality`, `louvain_communities`,
  `connected_components`. The values are compared (largest difference, the top 10).
- **betweenness and closeness** visit every node from every node, which networkx cannot do
  at these sizes in reasonable time. Both sides are first measured the same way on
  `--pivots` sampled nodes: networkx's `betweenness_centrality(k=, seed=)` against igraph's
  `betweenness(sources=)` on the same pivots, scaled as networkx scales them; closeness of
  those nodes, networkx's `closeness_centrality(u=)` against igraph's `closeness(vertices=)`.
  graphkit has no sampled betweenness or closeness: its library (igraph) is called directly,
  after the same conversion graphkit does, which is what such an option would cost. Then the
  exact measures (graphkit's `centrality`, networkx's default): a side whose sampled time
  scaled by nodes / pivots (graphkit's network conversion counted once, not scaled) is over
  `--budget` seconds is not run and reported as that estimate, marked "est.".

Ratio = networkx time / graphkit time: above 1 graphkit is faster. Times are medians of
`--repeat` runs, except that a step whose first run takes longer than `--once-over` seconds
runs once; timings are never test assertions.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import igraph as ig
import leidenalg
import networkx as nx
import pyoxigraph
import rdflib
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from report_file import write_report

from graphkit.analytics.measures import centrality, communities, components
from graphkit.analytics.network import Network, NetworkSpec, select_network
from graphkit.config import Settings
from graphkit.projection import build_projection
from graphkit.store import open_store

#: The heading of the report's hand-written part, kept when the report is written again.


@dataclass
class Cell:
    """One side of a step: seconds (median), how many runs, or an estimate (runs = 0)."""

    seconds: float
    runs: int

    @property
    def estimated(self) -> bool:
        return self.runs == 0


@dataclass
class Row:
    """One step measured on both sides, with what was checked about their results."""

    step: str
    graphkit: Cell
    networkx: Cell
    check: str = ""

    @property
    def ratio(self) -> float:
        return self.networkx.seconds / self.graphkit.seconds


@dataclass
class Options:
    repeat: int
    once_over: float
    budget: float
    pivots: int
    seed: int


def timed(run: Callable[[], object], options: Options) -> tuple[Cell, object]:
    """Run `run` up to `options.repeat` times (once if the first run is slow); the median and a result."""
    times: list[float] = []
    result: object = None
    for _ in range(options.repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
        if times[0] > options.once_over:
            break
    return Cell(statistics.median(times), len(times)), result


def prepare(size: int, work: Path) -> tuple[Path, Path]:
    """Generate and load `size` triples into `work` unless an earlier run left them there."""
    data, store_path = work / f"data-{size}.nq", work / f"store-{size}"
    python = [sys.executable, "-m", "graphkit"]
    if not data.exists():
        subprocess.run([*python, "generate", "--triples", str(size), "-o", str(data)], check=True)
    if not store_path.exists():
        subprocess.run(
            [*python, "load", "--no-validate", "--store", str(store_path), str(data)],
            check=True,
            capture_output=True,
        )
    return data, store_path


def anchor_select(data: Path, predicates: set[str]) -> nx.Graph:
    """Parse the N-Quads with rdflib; every link between two IRIs by one of `predicates`, as a Graph."""
    dataset = rdflib.Dataset()
    dataset.parse(data, format="nquads")
    wanted = {rdflib.URIRef(p) for p in predicates}
    graph = nx.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        if p in wanted and isinstance(o, rdflib.URIRef) and s != o:
            graph.add_edge(str(s), str(o))
    return graph


def to_igraph(simple: nx.Graph) -> tuple[ig.Graph, list[str]]:
    """The conversion graphkit's measures make: vertices in id order, attribute ``weight``."""
    order = sorted(simple.nodes)
    index = {node: i for i, node in enumerate(order)}
    graph = ig.Graph(n=len(order), edges=[(index[a], index[b]) for a, b in simple.edges()])
    graph.es["weight"] = [w for _, _, w in simple.edges(data="weight")]
    return graph, order


def pivots_of(simple: nx.Graph, options: Options) -> list[str]:
    """The nodes networkx's `betweenness_centrality(k=, seed=)` picks (its own sampling, redone)."""
    return random.Random(options.seed).sample(list(simple.nodes()), options.pivots)


def sampled_betweenness(network: Network, pivots: list[str]) -> dict[str, float]:
    """Betweenness from `pivots` only, by igraph, normalised exactly as networkx's ``k=`` (3.6)."""
    graph, order = to_igraph(network.simple())
    index = {node: i for i, node in enumerate(order)}
    raw = graph.betweenness(directed=False, sources=[index[p] for p in pivots])
    # igraph halves undirected sums; networkx counts each (pivot, target) pair once and
    # divides by k(n - 2) pairs, or (k - 1)(n - 2) for a pivot (it is no target of itself).
    n, k, chosen = len(order), len(pivots), set(pivots)
    return {
        node: 2 * value / ((k - 1 if node in chosen else k) * (n - 2))
        for node, value in zip(order, raw, strict=True)
    }


def sampled_closeness(network: Network, pivots: list[str]) -> dict[str, float]:
    """Closeness of the `pivots` by igraph, scaled as graphkit (and networkx's wf_improved) scale it."""
    graph, order = to_igraph(network.simple())
    index = {node: i for i, node in enumerate(order)}
    chosen = [index[p] for p in pivots]
    raw = graph.closeness(vertices=chosen, normalized=True)
    reached = {v: len(c) for c in graph.connected_components() for v in c}
    n = len(order)
    return {p: value * (reached[i] - 1) / (n - 1) for p, i, value in zip(pivots, chosen, raw, strict=True)}


def top(values: dict[str, float], count: int = 10) -> list[str]:
    return [node for node, _ in sorted(values.items(), key=lambda item: (-item[1], item[0]))[:count]]


def compare(ours: object, theirs: object) -> str:
    """The largest difference of two score maps (over the nodes both have) and their top 10."""
    assert isinstance(ours, dict) and isinstance(theirs, dict)
    shared = ours.keys() & theirs.keys()
    difference = max((abs(ours[n] - theirs[n]) for n in shared), default=0.0)
    if len(shared) <= 10:
        return f"max abs diff {difference:.1e} over {len(shared)} nodes"
    same = top({n: ours[n] for n in shared}), top({n: theirs[n] for n in shared})
    agree = "same" if same[0] == same[1] else f"{len(set(same[0]) & set(same[1]))}/10 shared"
    return f"max abs diff {difference:.1e}; top 10 {agree}"


def same_network(simple: nx.Graph, anchor: nx.Graph) -> str:
    """Whether graphkit's network and the anchor's are the same graph (by IRI)."""
    iri = dict(simple.nodes(data="iri"))
    nodes = {iri[n] for n in simple.nodes}
    links = {frozenset((iri[a], iri[b])) for a, b in simple.edges()}
    theirs = {frozenset(edge) for edge in anchor.edges()}
    verdict = "same nodes and links" if nodes == set(anchor.nodes) and links == theirs else "DIFFERENT"
    return (
        f"{verdict}: graphkit {len(nodes):,} nodes / {len(links):,} links, "
        f"anchor {anchor.number_of_nodes():,} / {anchor.number_of_edges():,}"
    )


def exact(run: Callable[[], object], estimate: float, options: Options) -> tuple[Cell, object]:
    """Run an all-pairs measure if its estimate is within budget; else report the estimate."""
    if estimate > options.budget:
        return Cell(estimate, 0), None
    return timed(run, options)


def select_rows(store_path: Path, data: Path, options: Options) -> tuple[list[Row], Network]:
    store = open_store(Settings(store=store_path), read_only=True)
    try:
        ours, network = timed(lambda: select_network(build_projection(store), NetworkSpec()), options)
    finally:
        store.close()
    assert isinstance(network, Network)
    predicates = {key for _, _, key in network.graph.edges(keys=True)}
    theirs, anchor = timed(lambda: anchor_select(data, predicates), options)
    assert isinstance(anchor, nx.Graph)
    step = "select the whole network (graphkit `select_network` / rdflib parse → networkx `Graph`)"
    return [Row(step, ours, theirs, same_network(network.simple(), anchor))], network


def measure_rows(
    network: Network, options: Options, report: Callable[[Row], None]
) -> tuple[list[Row], float]:
    """Each measure on both sides; also the seconds graphkit spends converting the network per call."""
    simple = network.simple()
    n = simple.number_of_nodes()
    rows: list[Row] = []
    # Every graphkit measure call converts the network (merge parallel links, then igraph):
    # a cost paid once per call, not once per pivot, so estimates scale only the rest.
    convert, _ = timed(lambda: to_igraph(network.simple()), options)

    def scaled(sampled: Cell, overhead: float) -> float:
        return overhead + max(sampled.seconds - overhead, 0.0) * n / options.pivots

    def add(step: str, ours: Cell, theirs: Cell, check: str) -> None:
        rows.append(Row(step, ours, theirs, check))
        report(rows[-1])

    def both(step: str, graphkit_run: Callable[[], object], networkx_run: Callable[[], object]) -> None:
        ours, got = timed(graphkit_run, options)
        theirs, expected = timed(networkx_run, options)
        scores = getattr(got, "values", got)
        add(step, ours, theirs, compare(scores, expected))

    both(
        "degree (`centrality` / `degree_centrality`)",
        lambda: centrality(network, "degree"),
        lambda: nx.degree_centrality(simple),
    )
    pivots = pivots_of(simple, options)
    k = options.pivots
    ours, got = timed(lambda: sampled_betweenness(network, pivots), options)
    theirs, expected = timed(lambda: nx.betweenness_centrality(simple, k=k, seed=options.seed), options)
    add(
        f"betweenness from {k} pivots (igraph `sources=`, not in graphkit yet"
        f" / `betweenness_centrality(k={k})`)",
        ours,
        theirs,
        compare(got, expected),
    )
    estimates = (scaled(ours, convert.seconds), scaled(theirs, 0.0))
    ours, got = exact(lambda: centrality(network, "betweenness"), estimates[0], options)
    theirs, expected = exact(lambda: nx.betweenness_centrality(simple), estimates[1], options)
    check = compare(getattr(got, "values", got), expected) if got is not None and expected is not None else ""
    add("betweenness, exact (`centrality` / `betweenness_centrality`)", ours, theirs, check)

    ours, got = timed(lambda: sampled_closeness(network, pivots), options)
    theirs, expected = timed(lambda: {p: nx.closeness_centrality(simple, u=p) for p in pivots}, options)
    add(
        f"closeness of {k} nodes (igraph `vertices=`, not in graphkit yet / `closeness_centrality(u=)`)",
        ours,
        theirs,
        compare(got, expected),
    )
    estimates = (scaled(ours, convert.seconds), scaled(theirs, 0.0))
    ours, got = exact(lambda: centrality(network, "closeness"), estimates[0], options)
    theirs, expected = exact(lambda: nx.closeness_centrality(simple), estimates[1], options)
    check = compare(getattr(got, "values", got), expected) if got is not None and expected is not None else ""
    add("closeness, exact (`centrality` / `closeness_centrality`)", ours, theirs, check)

    both(
        "PageRank (`centrality`: igraph PRPACK / networkx pure-Python power iteration)",
        lambda: centrality(network, "pagerank"),
        lambda: _pagerank_python(simple, weight="weight"),
    )
    both(
        "eigenvector (`centrality`: igraph ARPACK / `eigenvector_centrality`)",
        lambda: centrality(network, "eigenvector"),
        lambda: nx.eigenvector_centrality(simple, weight="weight", max_iter=1000),
    )
    ours, found = timed(lambda: communities(network, seed=1), options)
    theirs, groups = timed(lambda: nx.community.louvain_communities(simple, weight="weight", seed=1), options)
    assert isinstance(groups, list)
    modularity = nx.community.modularity(simple, groups, weight="weight")
    add(
        "communities (`communities`: leidenalg Leiden / `louvain_communities`)",
        ours,
        theirs,
        f"Leiden {len(found.sizes)} communities, modularity {found.modularity:.3f}; "  # type: ignore[union-attr]
        f"Louvain {len(groups)}, {modularity:.3f}",
    )
    ours, found = timed(lambda: components(network), options)
    theirs, parts = timed(lambda: list(nx.connected_components(simple)), options)
    assert isinstance(found, list) and isinstance(parts, list)
    same = sorted(map(len, found)) == sorted(map(len, parts))
    add(
        "components (`components` / `connected_components`; both networkx)",
        ours,
        theirs,
        f"{len(found)} / {len(parts)} components, sizes {'equal' if same else 'DIFFER'}",
    )
    return rows, convert.seconds


def seconds(cell: Cell, options: Options) -> str:
    if cell.estimated:
        return f"≈ {cell.seconds:,.0f} (est.)"
    runs = "" if cell.runs == options.repeat else f" ({cell.runs} run{'s' if cell.runs > 1 else ''})"
    return f"{cell.seconds:,.3f}{runs}"


def ratio(row: Row) -> str:
    value = row.ratio
    text = f"{value:,.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"
    return f"≈ {text}" if row.graphkit.estimated or row.networkx.estimated else text


def table(rows: Iterable[Row], options: Options) -> list[str]:
    lines = [
        "| step (graphkit / networkx) | graphkit s | networkx s | networkx / graphkit | check |",
        "|---|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.step} | {seconds(row.graphkit, options)} | {seconds(row.networkx, options)} "
            f"| {ratio(row)} | {row.check} |"
        )
    return lines


def versions() -> str:
    return (
        f"networkx {nx.__version__}, igraph {ig.__version__}, leidenalg {leidenalg.version}, "
        f"rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is reported")
    parser.add_argument(
        "--once-over", type=float, default=60, help="run a step once if its first run is longer"
    )
    parser.add_argument(
        "--budget", type=float, default=150, help="estimate, not run, an exact measure longer"
    )
    parser.add_argument("--pivots", type=int, default=100, help="sampled nodes for betweenness and closeness")
    parser.add_argument("--seed", type=int, default=1, help="seed of the pivot sample")
    parser.add_argument("--work", type=Path, help="keep generated data and stores here (reused if present)")
    parser.add_argument("--out", type=Path, help="write the report (Markdown) and a .json beside it")
    args = parser.parse_args(argv)
    options = Options(args.repeat, args.once_over, args.budget, args.pivots, args.seed)
    command = (
        f"python bench/analytics_bench.py --sizes {' '.join(map(str, args.sizes))} --repeat {args.repeat} "
        f"--once-over {args.once_over:g} --budget {args.budget:g} --pivots {args.pivots} --seed {args.seed}"
    )
    started, load = time.monotonic(), os.getloadavg()[0]
    results: dict[str, object] = {"command": command, "options": asdict(options), "sizes": []}
    sections: list[str] = []

    def progress(row: Row) -> None:
        print(*table([row], options)[2:], sep="\n", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="graphkit-analytics-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in sorted(args.sizes):
            data, store_path = prepare(size, work)
            rows, network = select_rows(store_path, data, options)
            progress(rows[0])
            measured, convert = measure_rows(network, options, progress)
            rows += measured
            n, m = network.graph.number_of_nodes(), network.simple().number_of_edges()
            sections += [
                f"## {size:,} triples: {n:,} entities, {m:,} links",
                "",
                *table(rows, options),
                "",
                f"Converting the network for igraph took {convert:.3f} s (`Network.simple()`, built once per "
                f"network since this run, then an igraph `Graph`, which every igraph-backed call "
                f"repeats); load average {os.getloadavg()[0]:.1f} after this size.",
                "",
            ]
            results["sizes"].append(  # type: ignore[attr-defined]
                {
                    "triples": size,
                    "nodes": n,
                    "links": m,
                    "convert_seconds": convert,
                    "rows": [asdict(row) for row in rows],
                }
            )
            print("\n".join(sections[-len(rows) - 7 :]), flush=True)
    minutes = (time.monotonic() - started) / 60
    report = [
        "# Network analytics benchmark",
        "",
        f"`{command}` on {platform.node()} ({platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {versions()}), {time.strftime('%Y-%m-%d')}, "
        f"{minutes:.0f} min; load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. "
        f"Seconds are medians of {args.repeat} runs (one run where the first took over "
        f'{args.once_over:g} s: marked); "est." is an estimate, not a run (see the script\'s docstring). '
        "Ratio = networkx / graphkit: above 1 graphkit is faster.",
        "",
        *sections,
    ]
    results.update(minutes=round(minutes, 1), load=[load, os.getloadavg()[0]], versions=versions())
    print(report[2], flush=True)
    if args.out:
        write_report(args.out, report, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
