"""Hostile queries against a real `graphkit serve` (issue 11): each gets a clear 4xx or 503 in time.

Huge bodies are refused while they arrive (the server's memory does not follow them), deep
nesting gets 400 naming the limit, parses that cost seconds (thousands of UNIONs, huge
VALUES) run in a worker inside the time limit, and queries that run for ever (catastrophic
regex, cartesian ORDER BY, closure paths) are stopped at the limit with 503 and Retry-After,
their worker replaced. Meanwhile another client's requests stay about as fast as when quiet.
The helpers are shared with bench/hostile_queries.py, which runs longer and prints figures.
"""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.servers import ServeProcess, serve_process

from .conftest import alive, child_pids, error_of, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux /proc"),
]

TIMEOUT = 2.0  # the server's query time limit in these tests (seconds)
SLACK = 8.0  # answers may take this much longer on a busy 2-core CI box
JSON = {"Accept": "application/sparql-results+json"}
MB = 1_000_000

#: Queries that run (or parse) for far longer than any time limit.
RUNAWAY = {
    "cartesian ORDER BY": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
    "closure path": "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:x>)* ?b . ?c (^!<urn:y>|!<urn:y>)+ ?d }",
}
#: Cheap to send, costly to parse with rdflib (the comment forces the guard's parse).
PARSE_HEAVY = {
    "3,000 UNIONs": "SELECT * WHERE { "
    + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(3000))
    + " } # from",
    "50,000 VALUES": "SELECT * WHERE { VALUES ?x { "
    + " ".join(str(i) for i in range(50_000))
    + " } } # from",
}
#: A backtracking pattern over long strings (a regex engine without backtracking shrugs it off).
REGEX = (
    'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . BIND(CONCAT(STR(?o), "'
    + "a" * 5000
    + '") AS ?long) FILTER(REGEX(?long, "^(a+)+$|^(a|aa)+b$")) }'
)


def tree_rss_kib(pid: int) -> int:
    """VmRSS of `pid` and its children (the query workers), in KiB."""
    total = 0
    for each in [pid, *child_pids(pid)]:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except FileNotFoundError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` alone (not its children)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def raw_request(url: str, head: bytes, body_chunks: Iterator[bytes] | None = None) -> tuple[int, bytes]:
    """Send a request on a raw socket (body sent while the answer is read); return (status, body).

    httpx writes a whole body before it reads; a server that refuses early closes the
    connection under it. This sends the body from a thread and stops when the answer comes.
    """
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=60)
    answered = threading.Event()

    def send_body() -> None:
        try:
            for chunk in body_chunks or ():
                if answered.is_set():
                    return
                sock.sendall(chunk)
        except OSError:
            pass  # the server closed the connection after answering: expected

    try:
        sock.sendall(head)
        sender = threading.Thread(target=send_body, daemon=True)
        sender.start()
        data = b""
        while b"\r\n\r\n" not in data:
            piece = sock.recv(65536)
            if not piece:
                break
            data += piece
        answered.set()
        header, _, rest = data.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in header.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            ),
            0,
        )
        while len(rest) < length:
            piece = sock.recv(65536)
            if not piece:
                break
            rest += piece
        return int(header.split()[1]), rest
    finally:
        answered.set()
        sock.close()


def post_head(url: str, path: str, media: str, headers: str) -> bytes:
    host = urlsplit(url).netloc
    return f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {media}\r\n{headers}\r\n".encode()


def chunked(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    """A chunked body of `total` bytes: a query whose string literal never ends."""
    yield b"%x\r\n%s\r\n" % (len(b'SELECT * WHERE { BIND("'), b'SELECT * WHERE { BIND("')
    sent = 0
    while sent < total:
        yield b"%x\r\n%s\r\n" % (size, b"x" * size)
        sent += size
    yield b"0\r\n\r\n"


@pytest.fixture(scope="module")
def server(
    copy_store: Callable[[], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServeProcess]:
    log = tmp_path_factory.mktemp("hostile") / "serve.log"
    with serve_process(
        copy_store(), "--workers", "2", "--timeout", str(TIMEOUT), "--read-only", log=log
    ) as running:
        yield running


def ask(server: ServeProcess, query: str, *, timeout: float = 120) -> httpx.Response:
    return httpx.post(server.url + "/sparql", data={"query": query}, headers=JSON, timeout=timeout)


def assert_answers_again(server: ServeProcess) -> None:
    response = ask(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert response.status_code == 200, response.text[:300]


# --- huge bodies ---------------------------------------------------------------------------------


@pytest.mark.parametrize("media", ["application/sparql-query", "application/x-www-form-urlencoded"])
def test_a_huge_declared_body_is_refused_before_it_is_read(server: ServeProcess, media: str) -> None:
    before = tree_rss_kib(server.process.pid)
    head = post_head(server.url, "/sparql", media, f"Content-Length: {64 * MB}\r\n")
    status, body = raw_request(server.url, head, iter([b"x" * (1 << 20)] * 64))
    assert status == 413, body[:300]
    error = error_of(httpx.Response(status, content=body, headers={"content-type": "application/json"}), 413)
    assert error["code"] == "too_large" and error["detail"]["setting"] == "GRAPHKIT_MAX_QUERY_BYTES"
    assert tree_rss_kib(server.process.pid) - before < 30_000  # KiB: the 64 MB never arrived


def test_a_huge_streamed_body_is_refused_while_it_arrives(server: ServeProcess) -> None:
    """16 MB in chunks, no Content-Length: a 16 MB literal once took the server to 2.1 GB."""
    before = tree_rss_kib(server.process.pid)
    head = post_head(server.url, "/sparql", "application/sparql-query", "Transfer-Encoding: chunked\r\n")
    status, body = raw_request(server.url, head, chunked(16 * MB))
    assert status == 413, body[:300]
    assert b"GRAPHKIT_MAX_QUERY_BYTES" in body
    assert tree_rss_kib(server.process.pid) - before < 30_000
    assert_answers_again(server)


def test_a_huge_query_string_is_refused(server: ServeProcess) -> None:
    host = urlsplit(server.url).netloc
    head = f"GET /sparql?query={'x' * 4 * MB} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n"
    status, body = raw_request(server.url, head.encode())
    # uvicorn refuses a request line past its parser's limit (~80 KB) itself, with a plain 400.
    assert status in (400, 413, 414), body[:300]
    if status == 413:
        assert b"GRAPHKIT_MAX_QUERY_BYTES" in body
    assert_answers_again(server)


def test_a_query_just_over_the_limit_is_413_and_one_under_runs(server: ServeProcess) -> None:
    padding = MB - len("SELECT * WHERE { ?s ?p ?o } LIMIT 1 #")
    ok = ask(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * padding)
    assert ok.status_code == 200, ok.text[:300]
    refused = ask(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * (padding + 1))
    assert error_of(refused, 413, "too_large")["detail"]["limit"] == MB


# --- nesting, parse cost, run time ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", " # from"])
def test_a_query_nested_60_braces_deep_is_400_naming_the_limit(server: ServeProcess, suffix: str) -> None:
    response = ask(server, "SELECT * WHERE " + "{" * 60 + "?s ?p ?o" + "}" * 60 + suffix)
    error = error_of(response, 400, "query_error")
    assert "nested deeper than 32" in error["message"]
    assert len(response.content) < 1000  # no traceback
    assert "Traceback" not in server.log.read_text(errors="replace")


@pytest.mark.parametrize("name", list(PARSE_HEAVY))
def test_a_costly_parse_is_bounded_by_the_time_limit(server: ServeProcess, name: str) -> None:
    """3,000 UNIONs took 24 s, 50,000 VALUES 47 s of the server's own CPU before the time limit applied."""
    main_cpu = cpu_seconds(server.process.pid)
    # A hang would end the request at its own timeout (an httpx error), not in an assertion.
    response = ask(server, PARSE_HEAVY[name], timeout=TIMEOUT + SLACK)
    assert response.status_code in (200, 400, 413, 503), response.text[:300]
    if response.status_code == 503:
        assert response.headers["Retry-After"]
    assert cpu_seconds(server.process.pid) - main_cpu < TIMEOUT, "parsed in the server's own process"
    assert_answers_again(server)


@pytest.mark.parametrize("name", list(RUNAWAY))
def test_a_runaway_query_is_stopped_with_retry_after_and_its_worker_replaced(
    server: ServeProcess, name: str
) -> None:
    workers = set(child_pids(server.process.pid))
    # query_timeout is answered only once the limit has passed; a hang ends at the request's timeout.
    response = ask(server, RUNAWAY[name], timeout=TIMEOUT + SLACK)
    error = error_of(response, 503, "query_timeout")
    assert error["detail"]["setting"] == "GRAPHKIT_QUERY_TIMEOUT"
    assert response.headers["Retry-After"]
    wait_for(lambda: len(set(child_pids(server.process.pid)) - workers) >= 1, 60, "a fresh worker")
    assert any(not alive(pid) for pid in workers)
    assert_answers_again(server)


def test_a_catastrophic_regex_answers_within_the_limit(server: ServeProcess) -> None:
    response = ask(server, REGEX, timeout=TIMEOUT + SLACK)
    assert response.status_code in (200, 400, 503), response.text[:300]
    assert_answers_again(server)


# --- another client's latency ----------------------------------------------------------------------

OTHER_CLIENT = ["/api/entities/bbwa/neighbourhood", "/api/search?q=berlin"]


def median_latency(server: ServeProcess, paths: list[str], rounds: int) -> float:
    """Median seconds of GET `paths`, `rounds` times each, on one keep-alive connection."""
    times = []
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for _ in range(rounds):
            for path in paths:
                started = time.monotonic()
                response = client.get(path)
                times.append(time.monotonic() - started)
                assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def attack(server: ServeProcess, stop: threading.Event, counts: dict[str, int]) -> None:
    """Send hostile requests in turn until `stop` is set; count the answers by status."""
    hostile = [*RUNAWAY.values(), *PARSE_HEAVY.values(), "SELECT * WHERE " + "{" * 60 + "}" * 60]
    index = 0
    while not stop.is_set():
        try:
            status = ask(server, hostile[index % len(hostile)], timeout=60).status_code
        except httpx.TransportError:
            status = 0
        counts[str(status)] = counts.get(str(status), 0) + 1
        index += 1


def test_another_clients_latency_stays_within_twice_its_quiet_value(server: ServeProcess) -> None:
    median_latency(server, OTHER_CLIENT, 5)  # warm
    quiet = median_latency(server, OTHER_CLIENT, 40)
    stop = threading.Event()
    counts: dict[str, int] = {}
    attackers = [threading.Thread(target=attack, args=(server, stop, counts)) for _ in range(3)]
    for thread in attackers:
        thread.start()
    try:
        wait_for(lambda: sum(counts.values()) >= 1, 60, "the attack under way")
        loud = median_latency(server, OTHER_CLIENT, 40)
    finally:
        stop.set()
        for thread in attackers:
            thread.join(120)
    assert "500" not in counts and "0" not in counts, counts
    # Workers run at a lower priority than the server (nice 10): measured 1.1 ms quiet, 1.2 ms
    # under attack. A few milliseconds on top absorb scheduler noise on a busy 2-core box.
    floor = 0.005
    assert loud <= 2 * quiet + floor, (quiet, loud, counts)
    assert "Traceback" not in server.log.read_text(errors="replace")
