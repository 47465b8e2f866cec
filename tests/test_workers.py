"""Query workers: killed at the time limit, and cut off from the network where the kernel allows."""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import os
import socket
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from graphkit.errors import QueryTimeout
from graphkit.results import ResultFormat
from graphkit.serialize import SerializedResult
from graphkit.workers import Job, QueryPool, _drop_network, _Idle, _readable

T = TypeVar("T")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end in a thread of its own (this thread may have a loop running:
    Playwright's sync API keeps one for the browser tests of the same session)."""
    found: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            found.append(asyncio.run(coroutine))
        except BaseException as error:  # handed to the caller
            failed.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return found[0]


def _try_to_connect(port: int, answer: mp.Queue) -> None:  # type: ignore[type-arg]
    isolated = _drop_network()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            answer.put((isolated, "connected"))
    except OSError as error:
        answer.put((isolated, type(error).__name__))


def test_a_worker_without_network_cannot_reach_a_local_server() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        context = mp.get_context("spawn")
        answer: mp.Queue = context.Queue()  # type: ignore[type-arg]
        process = context.Process(target=_try_to_connect, args=(port, answer))
        process.start()
        isolated, outcome = answer.get(timeout=30)
        process.join(10)
    if not isolated:
        pytest.skip("this kernel does not allow a network namespace here")
    assert outcome != "connected"


def test_pool_workers_are_isolated_and_a_timed_out_worker_is_replaced(bundled_store_path: Path) -> None:
    pool = QueryPool(bundled_store_path, size=1)
    try:
        if not pool.isolated:
            pytest.skip("this kernel does not allow a network namespace here")
        (first,) = pool.pids()
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        with pytest.raises(QueryTimeout):
            pool.run(Job(heavy, 10, None, 0.5))
        result = pool.run(Job("ASK { ?s ?p ?o }", 10, None, 30, formats={"ask": ResultFormat.JSON}))
        assert json.loads(result.body) == {"head": {}, "boolean": True} and pool.pids() != [first]
    finally:
        pool.close()


LABELS = (
    "SELECT ?l WHERE { <https://w3id.org/graphkit/id/berlin> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"
)
JSON_RESULTS = {"select": ResultFormat.JSON, "ask": ResultFormat.JSON}


def test_concurrent_async_queries_queue_for_one_worker(bundled_store_path: Path) -> None:
    pool = QueryPool(bundled_store_path, size=1, wait=30)

    async def ask_all() -> list[SerializedResult]:
        jobs = [Job(LABELS, 10, None, 30, formats=JSON_RESULTS) for _ in range(6)]
        return await asyncio.gather(*(pool.run_async(job) for job in jobs))

    try:
        results = run_coroutine(ask_all())
        assert all(len(json.loads(r.body)["results"]["bindings"]) == 2 for r in results)
        assert pool.run(Job("ASK {}", 10, None, 30, formats=JSON_RESULTS)).format is ResultFormat.JSON
    finally:
        pool.close()


def test_an_async_query_past_its_limit_or_cancelled_has_its_worker_replaced(bundled_store_path: Path) -> None:
    pool = QueryPool(bundled_store_path, size=1, wait=30)
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

    async def cancel_one() -> None:
        running = asyncio.create_task(pool.run_async(Job(heavy, 10, None, 60, formats=JSON_RESULTS)))
        await asyncio.sleep(0.5)
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running

    try:
        (first,) = pool.pids()
        with pytest.raises(QueryTimeout):
            run_coroutine(pool.run_async(Job(heavy, 10, None, 0.5, formats=JSON_RESULTS)))
        run_coroutine(cancel_one())  # on the successor, which starts in the background
        answer = run_coroutine(pool.run_async(Job(LABELS, 10, None, 30, formats=JSON_RESULTS)))
        assert len(json.loads(answer.body)["results"]["bindings"]) == 2
        assert first not in pool.pids() and len(pool.pids()) == 1
    finally:
        pool.close()


def test_a_watched_pipe_stays_blocking() -> None:
    """uvloop leaves a descriptor it watched non-blocking; a Connection then fails mid-message."""
    reader, writer = mp.Pipe(duplex=False)
    os.set_blocking(reader.fileno(), False)
    writer.send(("ok", 1))
    assert run_coroutine(_readable(reader, 5)) is True
    assert os.get_blocking(reader.fileno())
    assert reader.recv() == ("ok", 1)
    assert run_coroutine(_readable(reader, 0.05)) is False


def test_idle_workers_go_to_the_longest_waiting_caller_and_are_never_lost() -> None:
    idle = _Idle()
    first, second = object(), object()
    assert idle.get(0.01) is None  # nobody gave one back: the claim is withdrawn
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(idle.get(10)))
    waiter.start()
    time.sleep(0.1)
    idle.put(first)  # type: ignore[arg-type]
    waiter.join(10)
    idle.put(second)  # type: ignore[arg-type]
    assert got == [first]
    assert run_coroutine(idle.get_async(1)) is second
    assert run_coroutine(idle.get_async(0.01)) is None
