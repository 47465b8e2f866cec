"""Time limits and busy workers: a heavy query is really stopped, and the pool recovers.

pyoxigraph cannot be interrupted, so the endpoint runs queries in worker processes and
kills one that passes its limit. These tests watch the processes themselves (/proc).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

import graphkit.service
from graphkit.service import GraphService

from .conftest import (
    BBWA_LABELS,
    HEAVY_QUERY,
    LABELS_QUERY,
    OWN_GRAPH,
    UPDATE_TOKEN,
    AppFactory,
    alive,
    child_pids,
    error_of,
    wait_for,
)

TICKS = os.sysconf("SC_CLK_TCK")
JSON = {"Accept": "application/sparql-results+json"}

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def cpu_ticks(pid: int) -> int:
    """utime + stime of `pid`, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of stat(5)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def service_of(client: TestClient) -> GraphService:
    service: GraphService = client.app.state.service  # type: ignore[attr-defined]
    return service


def labels_answer(client: TestClient) -> list[tuple[str, str]]:
    response = client.get("/sparql", params={"query": LABELS_QUERY}, headers=JSON)
    assert response.status_code == 200, response.text
    return [(b["label"]["value"], b["label"]["xml:lang"]) for b in response.json()["results"]["bindings"]]


@pytest.fixture(scope="module")
def timed(serve_copy: AppFactory) -> Iterator[TestClient]:
    """Two workers, a one-second limit."""
    with serve_copy(read_only=True, query_timeout=1, sparql_workers=2) as started:
        yield started


def test_a_heavy_query_is_stopped_and_its_worker_replaced(timed: TestClient) -> None:
    service = service_of(timed)
    assert labels_answer(timed) == BBWA_LABELS  # warm: each idle baseline includes a query
    assert labels_answer(timed) == BBWA_LABELS
    before = service.worker_pids()
    assert len(before) == 2 and all(alive(pid) for pid in before)
    baseline = max(rss_kib(pid) for pid in before)

    # query_timeout is answered only once the 1 s limit has passed and the worker is killed.
    response = timed.get("/sparql", params={"query": HEAVY_QUERY}, headers=JSON)
    error = error_of(response, 503, "query_timeout")
    assert error["detail"]["limit"] == 1

    gone = [pid for pid in before if not alive(pid)]
    assert len(gone) == 1, (before, service.worker_pids())
    assert gone[0] not in service.worker_pids()

    wait_for(
        lambda: len(service.worker_pids()) == 2 and all(alive(p) for p in service.worker_pids()),
        15,
        "two live workers again",
    )
    now = service.worker_pids()
    assert set(before) - set(now) == set(gone)

    # Idle: no worker (nor any other child of this process) burns CPU.
    watched = sorted(set(now) | set(child_pids(os.getpid())))
    first = {pid: cpu_ticks(pid) for pid in watched}
    time.sleep(1.0)
    spent = {pid: cpu_ticks(pid) - first[pid] for pid in watched if alive(pid)}
    assert all(ticks <= 0.1 * TICKS for ticks in spent.values()), spent
    # Memory: back near the idle baseline (the heavy query's worker and its memory are gone).
    assert all(rss_kib(pid) <= baseline * 1.3 + 16_384 for pid in now), (baseline, [rss_kib(p) for p in now])

    assert labels_answer(timed) == BBWA_LABELS
    assert labels_answer(timed) == BBWA_LABELS


def test_a_query_within_the_limit_is_not_stopped(timed: TestClient) -> None:
    response = timed.get(
        "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, headers=JSON
    )
    assert response.status_code == 200, response.text
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 1000


def test_every_worker_busy_gives_503_with_retry_after(serve_copy: AppFactory) -> None:
    with serve_copy(read_only=True, query_timeout=120, sparql_workers=1) as client:
        service = service_of(client)
        assert labels_answer(client) == BBWA_LABELS
        (worker,) = service.worker_pids()
        idle_ticks = cpu_ticks(worker)
        heavy: list[httpx.Response] = []
        thread = threading.Thread(
            target=lambda: heavy.append(client.get("/sparql", params={"query": HEAVY_QUERY}, headers=JSON)),
            daemon=True,
        )
        thread.start()
        try:
            # The heavy query has its worker once that worker starts to burn CPU.
            wait_for(lambda: cpu_ticks(worker) - idle_ticks >= 0.2 * TICKS, 10, "the heavy query runs")
            busy = client.get("/sparql", params={"query": LABELS_QUERY}, headers=JSON)
            error = error_of(busy, 503, "busy")
            assert int(busy.headers["retry-after"]) >= 1
            assert error["detail"]["retry_after"] == int(busy.headers["retry-after"])
            assert not heavy, "the heavy query is still running"
        finally:
            # End the heavy query now rather than at its two-minute limit.
            os.kill(worker, signal.SIGKILL)
            thread.join(15)
        assert not thread.is_alive()
        error_of(heavy[0], 503, "busy")  # its worker was killed: retry
        wait_for(
            lambda: len(service.worker_pids()) == 1 and worker not in service.worker_pids(), 15, "new worker"
        )
        assert labels_answer(client) == BBWA_LABELS


def test_an_update_keeps_the_workers_and_they_see_it_at_once(
    serve_copy: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write publishes a new store version; workers switch to it at their next query."""
    in_process: list[str] = []
    real_serialize_query = graphkit.service.serialize_query

    def spy(store: object, sparql: str, **kwargs: object) -> object:
        in_process.append(sparql)
        return real_serialize_query(store, sparql, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(graphkit.service, "serialize_query", spy)
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{OWN_GRAPH}during-update> {{ ?s ?p ?o }} }}"

    def counted(client: TestClient) -> str:
        body = client.get("/sparql", params={"query": count}, headers=JSON).json()
        return str(body["results"]["bindings"][0]["n"]["value"])

    with serve_copy(update_token=UPDATE_TOKEN, query_timeout=5, sparql_workers=1) as client:
        service = service_of(client)
        pids = service.worker_pids()
        assert counted(client) == "0"
        update = f"INSERT DATA {{ GRAPH <{OWN_GRAPH}during-update> {{ <urn:a> <urn:b> <urn:c> }} }}"
        token = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
        done = client.post("/sparql", data={"update": update}, headers=token)
        assert done.status_code == 204, done.text
        assert counted(client) == "1"
        assert service.worker_pids() == pids  # the same workers, now reading the new version
        assert in_process == []  # and never a query where no time limit could stop it
