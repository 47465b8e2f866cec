"""A pool of worker processes that run SPARQL queries where they can really be stopped.

pyoxigraph's ``query()`` holds the GIL-free Rust evaluation and cannot be interrupted from
Python, and a thread cannot be killed. So user queries run in separate processes, each
with the store open read-only; a query that runs past its time limit has its process
killed (its CPU and memory are released at once) and a fresh worker takes its place. Each
worker notices a newly published store version at its next query, so writes need no
restart of the pool.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, QueryTimeout, ServiceBusy
from graphkit.model import QueryResult
from graphkit.store.base import Dataset

log = logging.getLogger("graphkit.workers")

_CONTEXT = mp.get_context("spawn")


@dataclass(frozen=True, slots=True)
class Job:
    """One query for a worker."""

    sparql: str
    max_rows: int
    max_bytes: int | None
    timeout: float
    dataset: Dataset | None = None


def _drop_network() -> bool:
    """Move this process into a new, empty network namespace, if the kernel lets us.

    A second line of defence behind the query guard: a worker cannot reach any host, even
    if a query the guard misread asked pyoxigraph to (SERVICE, LOAD). It needs a kernel
    that allows unprivileged user namespaces (or root); where it does not, the guard alone
    stands, and the worker logs that.
    """
    import ctypes
    import os

    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    uid, gid = os.getuid(), os.getgid()
    flags = clone_newnet if uid == 0 else clone_newuser | clone_newnet
    if libc.unshare(flags) != 0:
        return False
    if uid != 0:
        # Keep our own uid/gid inside the user namespace, so files stay readable.
        try:
            with open("/proc/self/setgroups", "w") as f:
                f.write("deny")
            with open("/proc/self/uid_map", "w") as f:
                f.write(f"{uid} {uid} 1")
            with open("/proc/self/gid_map", "w") as f:
                f.write(f"{gid} {gid} 1")
        except OSError:
            return True
    return True


def _serve(conn: Connection, store_path: str) -> None:
    """Worker main loop: open the store read-only, answer jobs until the pipe closes."""
    isolated = _drop_network()
    from graphkit.query import run_query
    from graphkit.store import OxigraphStore

    store = OxigraphStore(Path(store_path), read_only=True)
    conn.send(("ready", isolated))
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            result = run_query(
                store,
                job.sparql,
                max_rows=job.max_rows,
                max_bytes=job.max_bytes,
                timeout=job.timeout,
                dataset=job.dataset,
            )
            conn.send(("ok", result))
        except GraphkitError as error:
            conn.send(("error", (type(error).__name__, error.message, error.detail)))
        except Exception as error:  # a bug: report it, keep the worker
            import traceback

            traceback.print_exc()
            conn.send(("crash", f"{type(error).__name__}: {error}"))


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection


def _rebuild_error(name: str, message: str, detail: dict[str, Any]) -> GraphkitError:
    from graphkit import errors

    cls = getattr(errors, name, errors.GraphkitError)
    if not (isinstance(cls, type) and issubclass(cls, errors.GraphkitError)):
        cls = errors.GraphkitError
    return cls(message, **detail)


class QueryPool:
    """Worker processes, each with the on-disk store open read-only.

    Args:
        store_path: the Oxigraph store folder.
        size: number of workers (queries that can run at once).
        wait: seconds a request waits for a free worker before `ServiceBusy`.
    """

    def __init__(self, store_path: Path, *, size: int = 2, wait: float = 2.0) -> None:
        self.store_path = str(store_path)
        self.size = size
        self.wait = wait
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        self._closed = False
        self.isolated = False
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(
            target=_serve, args=(child, self.store_path), name="graphkit-query-worker", daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        # Wait for the worker to open the store, so a broken store fails here, loudly.
        try:
            message = parent.recv() if parent.poll(60) else ("none", None)
        except (EOFError, OSError):
            message = ("none", None)
        ready = message[0] == "ready"
        self.isolated = bool(message[1])
        if ready and not self.isolated:
            log.warning(
                "query worker %s could not drop its network access; the guard alone stands", process.pid
            )
        if not ready:
            process.kill()
            raise GraphkitError(f"A query worker could not open the store at {self.store_path}.")
        with self._lock:
            self._workers.append(worker)
        return worker

    def _stop(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        if not self._closed:
            # Start the successor in the background: the timed-out request answers now.
            threading.Thread(target=lambda: self._idle.put(self._start()), daemon=True).start()

    def pids(self) -> list[int]:
        """Return the process ids of the live workers."""
        with self._lock:
            return [w.process.pid for w in self._workers if w.process.pid is not None]

    def run(self, job: Job) -> QueryResult:
        """Run `job` on a free worker.

        Raises:
            ServiceBusy: no worker became free within `wait` seconds.
            QueryTimeout: the query ran past `job.timeout`; its worker was killed.
            GraphkitError: whatever the query raised (syntax error, refusal…).
        """
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise ServiceBusy(
                f"All {self.size} query workers are busy; retry shortly (or raise GRAPHKIT_SPARQL_WORKERS).",
                retry_after=1,
                setting="GRAPHKIT_SPARQL_WORKERS",
            ) from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(job.timeout):
                log.warning("query ran past %.1f s; stopping worker %s", job.timeout, worker.process.pid)
                self._replace(worker)
                raise QueryTimeout(
                    f"The query ran longer than {job.timeout:g} s and was stopped; narrow it, "
                    "or raise GRAPHKIT_QUERY_TIMEOUT.",
                    setting="GRAPHKIT_QUERY_TIMEOUT",
                    limit=job.timeout,
                )
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise ServiceBusy(
                "The query worker stopped while running the query (the server may be updating "
                "or restarting, or the query exhausted the worker); retry shortly.",
                retry_after=1,
            ) from None
        self._idle.put(worker)
        if status == "ok":
            result: QueryResult = payload
            return result
        if status == "crash":
            log.error("query worker %s failed: %s", worker.process.pid, payload)
            raise GraphkitError("Internal error: the query worker failed; the server log has the details.")
        raise _rebuild_error(*payload)

    def close(self, *, drain: float = 0.0) -> None:
        """Stop every worker; with `drain`, first wait up to that long for running queries."""
        self._closed = True
        deadline = time.monotonic() + drain
        for _ in range(self.size if drain > 0 else 0):
            try:
                self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            self._stop(worker)
