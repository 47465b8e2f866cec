"""The one object a server holds: the store, its read model, and the query workers.

The API reads the store through a `Projection` of its current version (`store.version()`,
a cheap check made per request); every cache (labels, classes, counts, statistics) is
kept per version, so a write — through this service or by another process (a `graphkit
load` beside a read-only server) — is seen by the API at its next request, as the SPARQL
workers see it. Nothing is built before the server answers: statistics are counted in
the background once a version is first seen, and reads never wait for a write. User SPARQL runs
in the worker pool (on the on-disk store) where a query past its time limit is killed; on
the in-memory rdflib backend it runs in-process with the time limit checked between rows.
Writes (SPARQL Update, graph uploads) are checked like a load and refused as a whole.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from graphkit.config import Settings
from graphkit.errors import QueryRefused, ServiceBusy
from graphkit.formats import RdfFormat
from graphkit.guard import CheckedQuery, check_query, screen_query
from graphkit.ingest import LoadReport, apply_update, drop_graphs, load_files, upload_graph
from graphkit.model import QueryKind
from graphkit.projection import Projection, build_projection
from graphkit.query import serialize_query
from graphkit.query_limits import check_size
from graphkit.results import ResultFormat
from graphkit.serialize import SerializedResult
from graphkit.stats import StoreStats, collect_stats
from graphkit.store import GraphStore
from graphkit.store.base import Dataset
from graphkit.store.labels import LabelIndex, label_index
from graphkit.workers import Job, QueryPool

log = logging.getLogger("graphkit.service")

#: Seconds a query waits for the workers while an update restarts them.
POOL_WAIT = 5.0
#: Texts longer than this (characters) are measured in a thread, not on the event loop.
_MEASURE_IN_THREAD = 64 * 1024


T = TypeVar("T")


class GraphService:
    """A store plus what serving it needs.

    Args:
        settings: limits (rows, bytes, time), worker count, update token.
        store: the store to serve; the service does not close a store it was given
            unless `close()` is called.
        workers: run user SPARQL in worker processes (needs an on-disk Oxigraph store).
    """

    def __init__(self, settings: Settings, store: GraphStore, *, workers: bool | None = None) -> None:
        self.settings = settings
        self.store = store
        self._lock = threading.RLock()
        self._read_lock = threading.Lock()
        self._stats_lock = threading.Lock()
        self._projection: Projection | None = None
        self._stats: StoreStats | None = None
        self._stats_version: str | None = None
        self._counting: threading.Thread | None = None
        use_workers = store.capabilities.worker_processes
        if workers is not None:
            use_workers = workers and use_workers
        self._pool: QueryPool | None = None
        self._pool_ready = threading.Event()
        self._pool_path = Path(store.location) if use_workers else None
        self._start_pool()

    # --- cached reads -----------------------------------------------------------------------

    def projection(self) -> Projection:
        """Return the read model of the store's current version (its caches start empty per version)."""
        version = self.store.version()
        current = self._projection
        if current is not None and current.version == version:
            return current
        with self._read_lock:
            current = self._projection
            if current is None or current.version != self.store.version():
                current = self._projection = build_projection(self.store)
                if self._stats_version != current.version and self.store.capabilities.concurrent_reads:
                    # Count in the background, so /api/stats and the home page rarely wait.
                    self._counting = threading.Thread(target=self.stats, name="graphkit-stats", daemon=True)
                    self._counting.start()
            return current

    def label_index(self) -> LabelIndex:
        """Return the label index (search) of the store's current version."""
        return label_index(self.store)

    def stats(self) -> StoreStats:
        """Return the store's statistics, counted once per store version."""
        version = self.projection().version
        with self._stats_lock:
            if self._stats is None or self._stats_version != version:
                self._stats = collect_stats(self.store)
                self._stats_version = version
            return self._stats

    def stats_version(self) -> str | None:
        """Return the store version the statistics were last counted for."""
        return self._stats_version

    def known_triples(self) -> int | None:
        """Return the number of triples as last counted (None before the first count), without counting."""
        stats = self._stats
        return stats.triples if stats is not None else None

    # --- SPARQL -----------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        formats: Mapping[QueryKind, ResultFormat],
        max_rows: int | None = None,
        timeout: float | None = None,
        dataset: Dataset | None = None,
    ) -> SerializedResult:
        """Run a user's read-only query under the service's limits, its result written as bytes.

        Args:
            formats: the format for each kind of result (see `serialize_query`); a result
                of a kind left out comes back unread, with ``format=None``.
            dataset: graphs chosen by the protocol's default-graph-uri / named-graph-uri.

        Raises:
            TooLarge: the text is longer than GRAPHKIT_MAX_QUERY_BYTES (413).
            QueryError / QueryRefused: the query does not parse, nests too deeply, or is
                not allowed.
            QueryTimeout: it ran past the time limit (and was stopped), its parse included.
            ServiceBusy: every worker is busy.
        """
        screened = self._screen(sparql)
        rows = min(max_rows or self.settings.max_rows, self.settings.max_rows)
        limit = min(timeout or self.settings.query_timeout, self.settings.query_timeout)
        if self._pool_path is None:
            checked = screened or check_query(sparql)
            if checked.operation == "update":  # pragma: no cover - check_query refuses updates
                raise QueryRefused("Updates go to update().")
            return serialize_query(
                self.store,
                checked.text,
                formats=formats,
                max_rows=rows,
                max_bytes=self.settings.max_result_bytes,
                timeout=limit,
                dataset=dataset,
            )
        # A served on-disk store always runs user queries in a worker, never in this
        # process (where they could not be stopped); so is the parse a text may need.
        pool = self._pool if self._pool_ready.wait(POOL_WAIT) else None
        if pool is None:
            raise ServiceBusy(
                "The query workers are restarting; retry shortly.",
                retry_after=1,
                setting="GRAPHKIT_SPARQL_WORKERS",
            )
        text = screened.text if screened else sparql
        return pool.run(Job(text, rows, self.settings.max_result_bytes, limit, dataset, formats))

    def _screen(self, sparql: str) -> CheckedQuery | None:
        """Measure `sparql` (size, nesting) and screen it; None: the guard must parse it.

        Raises:
            TooLarge: it is longer than GRAPHKIT_MAX_QUERY_BYTES (413).
            QueryError: it nests too deeply, or has an invalid escape.
        """
        check_size(sparql, limit=self.settings.max_query_bytes)
        return screen_query(sparql)

    async def query_async(
        self,
        sparql: str,
        *,
        formats: Mapping[QueryKind, ResultFormat],
        dataset: Dataset | None = None,
    ) -> SerializedResult:
        """`query` for the event loop: awaits the worker's answer instead of holding a thread.

        What could block goes to a thread instead (as `query`): measuring a long text, a
        service without workers, a pool that is restarting. A text the guard must parse is
        parsed by the worker (see the module's doc).
        """
        pool = self._pool if self._pool_ready.is_set() else None
        if pool is None:
            return await asyncio.to_thread(self.query, sparql, formats=formats, dataset=dataset)
        if len(sparql) > _MEASURE_IN_THREAD:
            screened = await asyncio.to_thread(self._screen, sparql)
        else:
            screened = self._screen(sparql)
        text = screened.text if screened else sparql
        limits = (self.settings.max_rows, self.settings.max_result_bytes, self.settings.query_timeout)
        return await pool.run_async(Job(text, *limits, dataset, formats))

    def _writable(self) -> None:
        if self.store.read_only:
            raise QueryRefused("The store is served read-only (--read-only); writes are refused.")

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (never LOAD or SERVICE, never into the default graph), checked like a load.

        Raises:
            TooLarge: the text is longer than GRAPHKIT_MAX_QUERY_BYTES (413).
            QueryError / QueryRefused: the update does not parse or is not allowed.
            ValidationFailed: the data it leaves breaks a rule (nothing is changed).
        """
        check_size(sparql, limit=self.settings.max_query_bytes, what="update")
        checked = check_query(sparql, allow_update=True)
        self._writable()
        with self._lock, self.store.write() as writer:
            apply_update(writer, checked.text, graphs=checked.graphs)

    def put_graph(self, graph: str, data: bytes, fmt: RdfFormat, *, replace: bool = True) -> LoadReport:
        """Replace (PUT) or add to (POST) one named graph with uploaded RDF, checked like a load."""
        self._writable()
        with self._lock:
            return upload_graph(self.store, graph, data, fmt, replace=replace)

    def drop(self, graphs: list[str]) -> int:
        """Remove named graphs (and their load records)."""
        self._writable()
        with self._lock:
            return drop_graphs(self.store, graphs)

    def load(self, paths: list[Path] | None = None) -> LoadReport:
        """Load files (default: the bundled data) through the service."""
        self._writable()
        with self._lock:
            return load_files(self.store, paths)

    def write_with(self, write: Callable[[GraphStore], T]) -> T:
        """Run a write of the store (a core function given the store) under the service's write lock.

        Raises:
            QueryRefused: the store is served read-only.
        """
        self._writable()
        with self._lock:
            return write(self.store)

    def worker_pids(self) -> list[int]:
        """Return the process ids of the query workers (empty without workers)."""
        return self._pool.pids() if self._pool else []

    def _stop_pool(self) -> None:
        self._pool_ready.clear()
        if self._pool is not None:
            # Let running queries finish (up to their time limit) before the workers go.
            self._pool.close(drain=self.settings.query_timeout)
            self._pool = None

    def _start_pool(self) -> None:
        if self._pool_path is not None and self._pool is None:
            self._pool = QueryPool(self._pool_path, size=self.settings.sparql_workers)
        self._pool_ready.set()

    def close(self) -> None:
        """Stop the workers and release the store."""
        if self._counting is not None:
            self._counting.join()
        self._stop_pool()
        self._pool_path = None
        self.store.close()
