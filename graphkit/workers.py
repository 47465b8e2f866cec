"""A pool of worker processes that run SPARQL queries where they can really be stopped.

pyoxigraph's ``query()`` holds the GIL-free Rust evaluation and cannot be interrupted from
Python, and a thread cannot be killed. So user queries run in separate processes, each
with the store open read-only; a query that runs past its time limit has its process
killed (its CPU and memory are released at once) and a fresh worker takes its place. Each
worker notices a newly published store version at its next query, so writes need no
restart of the pool.

A worker also runs the guard's parse of a text that needs one (see `graphkit.guard`), so that
parse is bounded by the query's time limit too and costs the server's own process nothing.

A worker answers with its result already written (`serialize_query`: pyoxigraph's bytes,
capped), never with Python objects per row. The server waits for an answer on the event
loop (`QueryPool.run_async`: the worker's pipe is watched, no thread is held); `run` is the
same for threads.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import os
import pickle
import select
import threading
import time
from collections import deque
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, QueryTimeout, ServiceBusy
from graphkit.model import QueryKind
from graphkit.results import ResultFormat
from graphkit.serialize import SerializedResult
from graphkit.store.base import Dataset

log = logging.getLogger("graphkit.workers")

_CONTEXT = mp.get_context("spawn")
#: Results larger than this are read from the worker's pipe in a thread, not on the event loop.
_READ_IN_THREAD = 1 << 20
#: How much lower than the server's the workers' scheduling priority is (`nice` steps).
WORKER_NICENESS = 10


@dataclass(frozen=True, slots=True)
class Job:
    """One query for a worker.

    Attributes:
        formats: the format to write each kind of result in (see `serialize_query`).
    """

    sparql: str
    max_rows: int
    max_bytes: int | None
    timeout: float
    dataset: Dataset | None = None
    formats: Mapping[QueryKind, ResultFormat] = field(default_factory=dict)


def _drop_network() -> bool:
    """Move this process into a new, empty network namespace, if the kernel lets us.

    A second line of defence behind the query guard: a worker cannot reach any host, even
    if a query the guard misread asked pyoxigraph to (SERVICE, LOAD). It needs a kernel
    that allows unprivileged user namespaces (or root); where it does not, the guard alone
    stands, and the worker logs that.
    """
    import ctypes

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


def _exit_with_parent() -> None:
    """Make this worker exit when the server process dies, even in the middle of a query.

    An idle worker sees its pipe close; one busy with a query would compute on for as long
    as the query runs (hours) with nobody to answer. A thread waits on a pidfd of the parent
    (pyoxigraph evaluates without the GIL, so the thread runs) and ends the process.
    PR_SET_PDEATHSIG would not do: workers are also started from short-lived threads, and
    that signal follows the thread that forked, not the process.
    """
    parent = os.getppid()
    try:
        watched = os.pidfd_open(parent)
    except (AttributeError, OSError):  # an old kernel: the pipe alone tells an idle worker
        return
    if os.getppid() != parent:  # the parent died before it was watched
        os._exit(1)

    def watch() -> None:
        select.select([watched], [], [])
        os._exit(1)

    threading.Thread(target=watch, name="graphkit-parent-watch", daemon=True).start()


def _serve(conn: Connection, store_path: str) -> None:
    """Worker main loop: open the store read-only, answer jobs until the pipe closes.

    An answer is a small pickled header and then the result's bytes as they are (no pickle).
    """
    _exit_with_parent()
    isolated = _drop_network()
    # Below the server in the scheduler: a query that burns its whole time limit on every core
    # must not slow the requests the server answers itself (neighbourhoods, search, entities).
    os.nice(WORKER_NICENESS)
    from graphkit.query import serialize_query
    from graphkit.store import OxigraphStore

    store = OxigraphStore(Path(store_path), read_only=True)
    conn.send(("ready", isolated))
    while True:
        try:
            job: Job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError, KeyboardInterrupt):  # the server closed the pipe or died
            return
        try:
            result = serialize_query(
                store,
                job.sparql,
                formats=job.formats,
                max_rows=job.max_rows,
                max_bytes=job.max_bytes,
                timeout=job.timeout,
                dataset=job.dataset,
            )
        except GraphkitError as error:
            conn.send(("error", (type(error).__name__, error.message, error.detail)))
            continue
        except RecursionError:  # the guard's nesting limit should make this impossible
            message = "The query is nested too deeply to be evaluated; flatten it."
            conn.send(("error", ("QueryError", message, {})))
            continue
        except Exception as error:  # a bug: report it, keep the worker
            import traceback

            traceback.print_exc()
            conn.send(("crash", f"{type(error).__name__}: {error}"))
            continue
        fmt = result.format.value if result.format else None
        conn.send(("ok", (result.kind, fmt, result.truncated, result.elapsed, len(result.body))))
        conn.send_bytes(result.body)


def _dumps(job: Job) -> bytes:
    # Plain pickle: Connection.send builds a ForkingPickler per message, which costs more.
    return pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)


async def _readable(conn: Connection, timeout: float) -> bool:
    """Wait until `conn` has something to read (True) or `timeout` seconds pass (False)."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[bool] = loop.create_future()

    def settle(value: bool) -> None:
        if not ready.done():
            ready.set_result(value)

    fd = conn.fileno()
    loop.add_reader(fd, settle, True)
    timer = loop.call_later(timeout, settle, False)
    try:
        return await ready
    finally:
        loop.remove_reader(fd)
        timer.cancel()
        # uvloop leaves a watched descriptor non-blocking; Connection reads whole messages.
        os.set_blocking(fd, True)


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection


class _Idle:
    """The idle workers; one given back goes to the longest-waiting caller, thread or coroutine."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._workers: deque[_Worker] = deque()
        self._waiting: deque[Future[_Worker]] = deque()

    def put(self, worker: _Worker) -> None:
        with self._lock:
            while self._waiting:
                claim = self._waiting.popleft()
                if claim.set_running_or_notify_cancel():  # False: its caller gave up
                    claim.set_result(worker)
                    return
            self._workers.append(worker)

    def _claim(self) -> Future[_Worker]:
        claim: Future[_Worker] = Future()
        with self._lock:
            if self._workers:
                claim.set_running_or_notify_cancel()
                claim.set_result(self._workers.popleft())
            else:
                self._waiting.append(claim)
        return claim

    @staticmethod
    def _withdraw(claim: Future[_Worker]) -> _Worker | None:
        """Give up a claim; return the worker if one was handed over meanwhile."""
        return None if claim.cancel() else claim.result()

    def get(self, timeout: float) -> _Worker | None:
        """Return an idle worker, waiting up to `timeout` seconds (None: none came)."""
        claim = self._claim()
        try:
            return claim.result(timeout)
        except TimeoutError:
            return self._withdraw(claim)

    async def get_async(self, timeout: float) -> _Worker | None:
        """`get` for the event loop: waits without a thread."""
        claim = self._claim()
        if claim.done():
            return claim.result()
        try:
            return await asyncio.wait_for(asyncio.wrap_future(claim), timeout)
        except TimeoutError:
            return self._withdraw(claim)
        except asyncio.CancelledError:
            worker = self._withdraw(claim)
            if worker is not None:
                self.put(worker)
            raise


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
        self._idle = _Idle()
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        self._closed = False
        self.isolated = False
        # All start at once (each imports graphkit and opens the store), then each is awaited.
        for worker in [self._spawn() for _ in range(size)]:
            self._idle.put(self._ready(worker))

    def _start(self) -> _Worker:
        return self._ready(self._spawn())

    def _spawn(self) -> _Worker:
        """Start a worker process (it opens the store and says when it is ready)."""
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(
            target=_serve, args=(child, self.store_path), name="graphkit-query-worker", daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _ready(self, worker: _Worker) -> _Worker:
        """Wait for a spawned worker to open the store, so a broken store fails here, loudly."""
        parent, process = worker.conn, worker.process
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

    def _take(self) -> _Worker:
        """Return an idle worker, waiting up to `wait` seconds for one."""
        worker = self._idle.get(self.wait)
        if worker is None:
            raise self._busy()
        return worker

    def _busy(self) -> ServiceBusy:
        return ServiceBusy(
            f"All {self.size} query workers are busy; retry shortly (or raise GRAPHKIT_SPARQL_WORKERS).",
            retry_after=1,
            setting="GRAPHKIT_SPARQL_WORKERS",
        )

    def _timed_out(self, worker: _Worker, job: Job) -> QueryTimeout:
        log.warning("query ran past %.1f s; stopping worker %s", job.timeout, worker.process.pid)
        self._replace(worker)
        return QueryTimeout(
            f"The query ran longer than {job.timeout:g} s and was stopped; narrow it, "
            "or raise GRAPHKIT_QUERY_TIMEOUT.",
            setting="GRAPHKIT_QUERY_TIMEOUT",
            limit=job.timeout,
        )

    def _lost(self, worker: _Worker) -> ServiceBusy:
        self._replace(worker)
        return ServiceBusy(
            "The query worker stopped while running the query (the server may be updating "
            "or restarting, or the query exhausted the worker); retry shortly.",
            retry_after=1,
        )

    def _answer(self, worker: _Worker, status: str, payload: Any, body: bytes) -> SerializedResult:
        """Give the worker back and turn its answer into the result (or the error) it stands for."""
        self._idle.put(worker)
        if status == "ok":
            kind, fmt, truncated, elapsed, _ = payload
            return SerializedResult(kind, fmt and ResultFormat(fmt), body, truncated, elapsed)
        if status == "crash":
            log.error("query worker %s failed: %s", worker.process.pid, payload)
            raise GraphkitError("Internal error: the query worker failed; the server log has the details.")
        raise _rebuild_error(*payload)

    def run(self, job: Job) -> SerializedResult:
        """Run `job` on a free worker.

        Raises:
            ServiceBusy: no worker became free within `wait` seconds.
            QueryTimeout: the query ran past `job.timeout`; its worker was killed.
            GraphkitError: whatever the query raised (syntax error, refusal…).
        """
        worker = self._take()
        try:
            worker.conn.send_bytes(_dumps(job))
            if not worker.conn.poll(job.timeout):
                raise self._timed_out(worker, job)
            status, payload = worker.conn.recv()
            body = worker.conn.recv_bytes() if status == "ok" else b""
        except (EOFError, OSError):
            raise self._lost(worker) from None
        return self._answer(worker, status, payload, body)

    async def run_async(self, job: Job) -> SerializedResult:
        """Run `job` on a free worker without holding a thread while it runs (for the event loop).

        The answer is awaited on the worker's pipe, a free worker in the pool's queue; only
        the read of a large result goes to a thread. A request cancelled while its query runs
        has the worker replaced, as a timed-out one is.

        Raises:
            The same as `run`.
        """
        worker = await self._idle.get_async(self.wait)
        if worker is None:
            raise self._busy()
        try:
            worker.conn.send_bytes(_dumps(job))
            if not await _readable(worker.conn, job.timeout):
                raise self._timed_out(worker, job)
            status, payload = worker.conn.recv()
            body = b""
            if status == "ok":
                large = payload[-1] > _READ_IN_THREAD
                body = await asyncio.to_thread(worker.conn.recv_bytes) if large else worker.conn.recv_bytes()
        except (EOFError, OSError):
            raise self._lost(worker) from None
        except asyncio.CancelledError:
            self._replace(worker)
            raise
        return self._answer(worker, status, payload, body)

    def close(self, *, drain: float = 0.0) -> None:
        """Stop every worker; with `drain`, first wait up to that long for running queries."""
        self._closed = True
        deadline = time.monotonic() + drain
        for _ in range(self.size if drain > 0 else 0):
            if self._idle.get(max(0.0, deadline - time.monotonic())) is None:
                break
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            self._stop(worker)
