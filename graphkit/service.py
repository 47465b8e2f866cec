"""The one object a server holds: the store, its cached projection, and the query workers.

Reads of the projection and the search index are cached and rebuilt after every write
made through the service. User SPARQL runs in the worker pool (on the on-disk store) where
a query past its time limit is killed; on the in-memory rdflib backend it runs in-process
with the time limit checked between rows.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from graphkit.config import Settings
from graphkit.errors import QueryRefused, ServiceBusy
from graphkit.guard import check_query
from graphkit.ingest import LoadReport, load_files
from graphkit.model import QueryResult
from graphkit.projection import Projection, build_projection
from graphkit.query import run_query
from graphkit.search import SearchIndex
from graphkit.store import GraphStore, OxigraphStore
from graphkit.workers import Job, QueryPool

log = logging.getLogger("graphkit.service")

#: Seconds a query waits for the workers while an update restarts them.
POOL_WAIT = 5.0


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
        self._projection: Projection | None = None
        self._index: SearchIndex | None = None
        self.generation = 0
        use_workers = isinstance(store, OxigraphStore) and store.location != ":memory:"
        if workers is not None:
            use_workers = workers and use_workers
        self._pool: QueryPool | None = None
        self._pool_ready = threading.Event()
        self._pool_path = Path(store.location) if use_workers else None
        self._start_pool()

    # --- cached reads -----------------------------------------------------------------------

    def projection(self) -> Projection:
        """Return the projection of the store as it is now (built once per write)."""
        with self._lock:
            if self._projection is None:
                self._projection = build_projection(self.store)
            return self._projection

    def search_index(self) -> SearchIndex:
        """Return the label index of the current projection."""
        with self._lock:
            if self._index is None:
                self._index = SearchIndex.build(self.projection())
            return self._index

    def _invalidate(self) -> None:
        with self._lock:
            self._projection = None
            self._index = None
            self.generation += 1

    # --- SPARQL -----------------------------------------------------------------------------

    def query(self, sparql: str, *, max_rows: int | None = None, timeout: float | None = None) -> QueryResult:
        """Run a user's read-only query under the service's limits.

        Raises:
            QueryError / QueryRefused: the query does not parse, or is not allowed.
            QueryTimeout: it ran past the time limit (and was stopped).
            ServiceBusy: every worker is busy.
        """
        checked = check_query(sparql)
        if checked.operation == "update":  # pragma: no cover - check_query refuses updates
            raise QueryRefused("Updates go to update().")
        rows = min(max_rows or self.settings.max_rows, self.settings.max_rows)
        limit = min(timeout or self.settings.query_timeout, self.settings.query_timeout)
        if self._pool_path is None:
            return run_query(
                self.store,
                checked.text,
                max_rows=rows,
                max_bytes=self.settings.max_result_bytes,
                timeout=limit,
            )
        # A served on-disk store always runs user queries in a worker, never in this
        # process (where they could not be stopped); while an update restarts the
        # workers, wait for them a little, then answer busy.
        pool = self._pool if self._pool_ready.wait(POOL_WAIT) else None
        if pool is None:
            raise ServiceBusy(
                "The store is being updated; retry shortly.", retry_after=1, setting="GRAPHKIT_SPARQL_WORKERS"
            )
        return pool.run(Job(checked.text, rows, self.settings.max_result_bytes, limit))

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (never LOAD or SERVICE) and refresh what is cached.

        The query workers hold the store open read-only, and pyoxigraph does not allow a
        reader beside a writer in another process, so they are stopped for the update and
        started again after it.
        """
        checked = check_query(sparql, allow_update=True)
        if self.store.read_only:
            raise QueryRefused("The store is served read-only (--read-only); updates are refused.")
        with self._lock:
            self._stop_pool()
            try:
                self.store.update(checked.text)
            finally:
                self._invalidate()
                self._start_pool()

    def load(self, paths: list[Path] | None = None) -> LoadReport:
        """Load files (default: the bundled data) through the service, refreshing caches."""
        with self._lock:
            self._stop_pool()
            try:
                return load_files(self.store, paths)
            finally:
                self._invalidate()
                self._start_pool()

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
        self._stop_pool()
        self._pool_path = None
        self.store.close()
