"""Query workers: killed at the time limit, and cut off from the network where the kernel allows."""

from __future__ import annotations

import multiprocessing as mp
import socket
from pathlib import Path

import pytest

from graphkit.errors import QueryTimeout
from graphkit.workers import Job, QueryPool, _drop_network


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
        result = pool.run(Job("ASK { ?s ?p ?o }", 10, None, 30))
        assert result.boolean is True and pool.pids() != [first]
    finally:
        pool.close()
