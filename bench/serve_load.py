"""Load generators for the serving benchmark: wrk (Debian's `wrk`) or Python threads with httpx.

Both keep one keep-alive connection per simulated client, rotate through a route's request
paths, and report requests per second, p50 and p99 latency, and errors (an answer with
status 400 or more, a timeout, a broken connection). wrk is preferred when installed: on
a small machine the Python client would compete with the server for the same cores.
"""

from __future__ import annotations

import json
import math
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

WRK_SCRIPT = """
local paths = {%(paths)s}
local headers = {%(headers)s}
local counted = %(counted)s
local started = 0
function setup(thread)
  thread:set("n", started * 1000003)
  started = started + 1
end
function request()
  n = n + 1
  local path = paths[n %% #paths + 1]
  if counted then
    path = path .. (100000 + n)
  end
  return wrk.format("GET", path, headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50_us\\": %%d, \\"p99_us\\": %%d, "
    .. "\\"errors\\": %%d, \\"timeouts\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout, e.timeout))
end
"""


@dataclass(slots=True)
class Run:
    """One measurement of one route at one number of connections."""

    connections: int
    seconds: float
    requests: int
    errors: int
    rps: float
    p50_ms: float | None
    p99_ms: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "connections": self.connections,
            "seconds": round(self.seconds, 2),
            "requests": self.requests,
            "errors": self.errors,
            "rps": round(self.rps, 1),
            "p50_ms": None if self.p50_ms is None else round(self.p50_ms, 2),
            "p99_ms": None if self.p99_ms is None else round(self.p99_ms, 2),
        }


@dataclass(slots=True)
class Answer:
    """One request made outside a run: its status (None: no answer), body and time."""

    status: int | None
    body: bytes
    seconds: float
    problem: str | None = None


def fetch(url: str, headers: dict[str, str], *, timeout: float) -> Answer:
    """GET `url` once; never raises for a failed request (the `Answer` says why)."""
    started = time.monotonic()
    try:
        response = httpx.get(url, headers=headers, timeout=timeout)
    except httpx.TimeoutException:
        return Answer(None, b"", time.monotonic() - started, f"did not answer in {timeout:g} s")
    except httpx.TransportError as error:
        return Answer(None, b"", time.monotonic() - started, f"no connection ({type(error).__name__})")
    return Answer(response.status_code, response.content, time.monotonic() - started)


def wrk_version() -> str | None:
    """Return `wrk`'s version line, or None when it is not installed."""
    if shutil.which("wrk") is None:
        return None
    found = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return (found.stdout or found.stderr).splitlines()[0].split(" Copyright")[0].strip()


def run_wrk(
    base: str,
    paths: list[str],
    headers: dict[str, str],
    *,
    counted: bool,
    connections: int,
    seconds: float,
    timeout: float,
) -> Run:
    """Run wrk for `seconds` (whole seconds, at least 1) with `connections` connections.

    Args:
        counted: append a number counting up to each path (see `serve_workload.Route`).
    """
    lua = WRK_SCRIPT % {
        "paths": ", ".join(json.dumps(p) for p in paths),
        "headers": ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()),
        "counted": "true" if counted else "false",
    }
    duration = max(1, math.ceil(seconds))
    with tempfile.TemporaryDirectory(prefix="graphkit-wrk-") as tmp:
        script = Path(tmp) / "paths.lua"
        script.write_text(lua, encoding="utf-8")
        command = [
            "wrk",
            f"--threads={min(connections, 2)}",
            f"--connections={connections}",
            f"--duration={duration}s",
            f"--timeout={max(1, math.ceil(timeout))}s",
            f"--script={script}",
            base,
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration + timeout + 30)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {done.stdout[-500:]} {done.stderr[-500:]}")
    found = json.loads(line.removeprefix("WRKJSON "))
    elapsed = found["duration_us"] / 1e6
    answered = found["requests"] > 0
    return Run(
        connections=connections,
        seconds=elapsed,
        requests=found["requests"],
        errors=found["errors"],
        rps=found["requests"] / elapsed if elapsed else 0.0,
        p50_ms=found["p50_us"] / 1000 if answered else None,
        p99_ms=found["p99_us"] / 1000 if answered else None,
    )


def run_threads(
    base: str,
    paths: list[str],
    headers: dict[str, str],
    *,
    counted: bool,
    connections: int,
    seconds: float,
    timeout: float,
) -> Run:
    """Hit `base` from `connections` threads, one httpx keep-alive client each, for `seconds`.

    Each client sends at least one request: on a busy machine a thread may start after a short
    window has passed, and a run with no answer measures nothing.
    """
    latencies: list[float] = []
    errors, lost = [0], [0]  # all errors; requests without an answer
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        mine: list[float] = []
        failed = dropped = 0
        with httpx.Client(base_url=base, headers=headers, timeout=timeout) as http:
            n = offset * 1000003
            first = True
            while first or time.monotonic() < stop:
                first = False
                n += 1
                path = paths[n % len(paths)] + (str(100000 + n) if counted else "")
                started = time.perf_counter()
                try:
                    response = http.get(path)
                    response.read()
                except httpx.HTTPError:
                    failed += 1
                    dropped += 1
                else:  # like wrk: an error status is an error, and its latency counts
                    failed += response.status_code >= 400
                    mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += failed
            lost[0] += dropped

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    count = len(latencies) + lost[0]
    return Run(
        connections=connections,
        seconds=elapsed,
        requests=count,
        errors=errors[0],
        rps=count / elapsed,
        p50_ms=statistics.median(latencies) * 1000 if latencies else None,
        p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000 if latencies else None,
    )
