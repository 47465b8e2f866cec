"""graphkit on each store backend, one run: load and query costs beside the embedded store and rdflib.

    python bench/engines_bench.py [--triples 10000] [--repeat 3] [--backends embedded rdflib oxigraph …]

Each backend gets the same work through graphkit's own store interface: a validated load of
the bundled data (119 graphs), a load of `--triples` generated triples, and every bundled
competency query (`--repeat` times; the median of the total is reported). The servers
(`oxigraph serve`, Virtuoso, Fuseki where its jar is on the machine) are started on loopback by
tests/engines.py, exactly as the contract suite starts them. Times are reported as seconds
and as ratios to rdflib (the anchor) and to the embedded store. A backend that cannot start
is listed with the reason.

docs/scale-out.md quotes a run of this script.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.config import Engine as Preset  # noqa: E402
from graphkit.errors import GraphkitError  # noqa: E402
from graphkit.generate import generate_dataset  # noqa: E402
from graphkit.ingest import load_files  # noqa: E402
from graphkit.query import list_named_queries, read_query_file, run_query  # noqa: E402
from graphkit.store import GraphStore, OxigraphStore, RDFLibStore  # noqa: E402
from graphkit.store.remote import Endpoint, RemoteStore, endpoint_for  # noqa: E402
from tests.engines import (  # noqa: E402
    Engine,
    EngineUnavailable,
    fuseki_engine,
    oxigraph_engine,
    virtuoso_engine,
)

BACKENDS = ("embedded", "rdflib", "oxigraph", "virtuoso", "fuseki")


@dataclass
class Row:
    backend: str
    started: float | None = None
    bundled: float | None = None
    generated: float | None = None
    queries: float | None = None
    failed_queries: int = 0
    failed: str | None = None


@contextmanager
def opened(name: str, folder: Path) -> Iterator[tuple[GraphStore, float | None]]:
    """The backend `name`, empty, and the seconds its server took to start (None: no server)."""
    if name in ("embedded", "rdflib"):
        store: GraphStore = OxigraphStore(folder / "store") if name == "embedded" else RDFLibStore()
        try:
            yield store, None
        finally:
            store.close()
        return
    launchers: dict[str, Callable[[Path], AbstractContextManager[Engine]]] = {
        "oxigraph": lambda d: oxigraph_engine(d, union_default_graph=False),
        "virtuoso": virtuoso_engine,
        "fuseki": fuseki_engine,
    }
    with launchers[name](folder) as engine:
        endpoint = Endpoint(
            engine.query_url,
            engine.update_url,
            engine.store_url,
            user=engine.user,
            password=engine.password,
            keeps_merge=not engine.union_default_graph,
            dialect=endpoint_for(engine.query_url, Preset(engine.name)).dialect,
        )
        store = RemoteStore(endpoint, version_interval=0)
        try:
            yield store, engine.started_in
        finally:
            store.close()


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run_queries(store: GraphStore, texts: list[str]) -> int:
    """Run every query, reading all rows; return how many the backend refused or failed."""
    failed = 0
    for text in texts:
        try:
            result = run_query(store, text)
            list(result.rows or ())
        except GraphkitError:  # an engine's deviation (docs/engines.md): counted, not fatal
            failed += 1
    return failed


def measure(name: str, generated: Path, repeat: int) -> Row:
    row = Row(name)
    texts = [read_query_file(q) for q in list_named_queries()]
    with tempfile.TemporaryDirectory(prefix=f"graphkit-engines-{name}-") as tmp, ExitStack() as stack:
        try:
            store, row.started = stack.enter_context(opened(name, Path(tmp)))
        except EngineUnavailable as error:
            row.failed = str(error)
            return row
        try:
            row.bundled = timed(lambda: load_files(store))
            row.generated = timed(lambda: load_files(store, [generated], validate=False))
            failures: list[int] = []
            row.queries = statistics.median(
                timed(lambda: failures.append(run_queries(store, texts))) for _ in range(repeat)
            )
            row.failed_queries = max(failures)
        except Exception as error:  # a bench reports what broke and goes on with the next backend
            row.failed = f"{type(error).__name__}: {str(error)[:200]}"
    return row


def cell(value: float | None, anchor: float | None, embedded: float | None) -> str:
    if value is None:
        return "—"
    ratios = []
    for base in (anchor, embedded):
        ratios.append(f"{value / base:.2f}x" if base else "—")
    return f"{value:.2f} s ({' / '.join(ratios)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="graphkit-engines-data-") as tmp:
        generated = Path(tmp) / f"generated-{args.triples}.nq"
        with generated.open("wb") as out:
            generate_dataset(out, triples=args.triples)
        rows = [measure(name, generated, args.repeat) for name in args.backends]
    by_name = {row.backend: row for row in rows}
    anchor = by_name.get("rdflib", Row("rdflib"))
    embedded = by_name.get("embedded", Row("embedded"))
    queries = len(list_named_queries())
    print(f"{args.triples:,} generated triples; {queries} competency queries, median of {args.repeat}")
    print("seconds (ratio to rdflib / to the embedded store)\n")
    print("| backend | server start | load bundled (validated) | load generated | competency queries |")
    print("|---|---|---|---|---|")
    for row in rows:
        if row.failed and row.bundled is None:
            print(f"| {row.backend} | not run: {row.failed} | | | |")
            continue
        started = f"{row.started:.2f} s" if row.started is not None else "—"
        print(
            f"| {row.backend} | {started} | {cell(row.bundled, anchor.bundled, embedded.bundled)} "
            f"| {cell(row.generated, anchor.generated, embedded.generated)} "
            f"| {cell(row.queries, anchor.queries, embedded.queries)}"
            + (f", {row.failed_queries} failed" if row.failed_queries else "")
            + " |"
        )
        if row.failed:
            print(f"|  | failed after that: {row.failed} | | | |")


if __name__ == "__main__":
    main()
