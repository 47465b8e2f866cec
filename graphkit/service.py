"""The one object a server holds: the store, its cached projection, and the query workers.

Reads of the projection and the search index are cached per store version, so a write —
through this service or by another process (a `graphkit load` beside a read-only server)
— is seen by the API at its next request, as the SPARQL workers see it. User SPARQL runs
in the worker pool (on the on-disk store) where a query past its time limit is killed; on
the in-memory rdflib backend it runs in-process with the time limit checked between rows.
Writes (SPARQL Update, graph uploads) are checked like a load and refused as a whole.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from graphkit.config import Settings
from graphkit.errors import QueryRefused, ServiceBusy
from graphkit.formats import RdfFormat
from graphkit.guard import check_query
from graphkit.ingest import LoadReport, apply_update, drop_graphs, load_files, upload_graph
from graphkit.model import QueryResult
from graphkit.projection import Projection, build_projection
from graphkit.query import run_query
from graphkit.search import SearchIndex
from graphkit.store import GraphStore, OxigraphStore
from graphkit.store.base import Dataset
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
        self._version: str | None = None
        use_workers = isinstance(store, OxigraphStore) and store.location != ":memory:"
        if workers is not None:
            use_workers = workers and use_workers
        self._pool: QueryPool | None = None
        self._pool_ready = threading.Event()
        self._pool_path = Path(store.location) if use_workers else None
        self._start_pool()

    # --- cached reads -----------------------------------------------------------------------

    def projection(self) -> Projection:
        """Return the projection of the store as it is now (built once per store version)."""
        with self._lock:
            version = self.store.version()
            if self._projection is None or version != self._version:
                self._projection = build_projection(self.store)
                self._index = None
                self._version = version
            return self._projection

    def search_index(self) -> SearchIndex:
        """Return the label index of the current projection."""
        with self._lock:
            projection = self.projection()
            if self._index is None:
                self._index = SearchIndex.build(projection)
            return self._index

    # --- SPARQL -----------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        max_rows: int | None = None,
        timeout: float | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """Run a user's read-only query under the service's limits.

        Args:
            dataset: graphs chosen by the protocol's default-graph-uri / named-graph-uri.

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
                dataset=dataset,
            )
        # A served on-disk store always runs user queries in a worker, never in this
        # process (where they could not be stopped).
        pool = self._pool if self._pool_ready.wait(POOL_WAIT) else None
        if pool is None:
            raise ServiceBusy(
                "The query workers are restarting; retry shortly.",
                retry_after=1,
                setting="GRAPHKIT_SPARQL_WORKERS",
            )
        return pool.run(Job(checked.text, rows, self.settings.max_result_bytes, limit, dataset))

    def _writable(self) -> None:
        if self.store.read_only:
            raise QueryRefused("The store is served read-only (--read-only); writes are refused.")

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (never LOAD or SERVICE, never into the default graph), checked like a load.

        Raises:
            QueryError / QueryRefused: the update does not parse or is not allowed.
            ValidationFailed: the data it leaves breaks a rule (nothing is changed).
        """
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
