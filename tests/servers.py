"""Real `graphkit serve` processes for tests: a free port, start, wait until it answers, stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def alive(pid: int) -> bool:
    """Whether process `pid` exists and has not exited (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def child_pids(parent: int) -> list[int]:
    """The live child processes of `parent` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if ppid == parent and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ServeProcess:
    """A running `graphkit serve`: its base URL, process, log file and health polls made."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    polls: int = 0


@contextmanager
def serve_process(
    store: Path | str,
    *options: str,
    log: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
) -> Iterator[ServeProcess]:
    """Start `graphkit serve --store STORE --port FREE OPTIONS…`, wait for /healthz, stop it after.

    Args:
        store: the store folder (an empty one gets the bundled data).
        options: more command-line options, e.g. ``--read-only``.
        log: file that receives the server's output (its request log).
        env: environment (default: this process's, without GRAPHKIT_* settings).
        timeout: seconds to wait for the first healthy answer.
    """
    port = free_port()
    if env is None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    command = [
        sys.executable,
        "-m",
        "graphkit",
        "serve",
        "--store",
        str(store),
        "--port",
        str(port),
        *options,
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=dict(env), cwd=ROOT)
    running = ServeProcess(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"graphkit serve exited {process.returncode}:\n{log.read_text(errors='replace')}"
                )
            try:
                running.polls += 1
                if httpx.get(running.url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                running.polls -= 1  # the request never reached the server
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"graphkit serve gave no answer in {timeout:g} s:\n{log.read_text(errors='replace')}"
                )
            time.sleep(0.1)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
