"""Processes for the serving benchmark: timed commands, servers, their process tree's memory.

Servers run in their own session, so stopping one ends its whole tree (graphkit's SPARQL
workers included) and nothing else. Memory is the sum of the resident set sizes of every
process in the tree (read from /proc, Linux only).
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(slots=True)
class Timed:
    """A finished command: wall seconds, the peak RSS of its own process (MB), its output."""

    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    returncode: int | None  # None: killed at its time limit


def run_timed(command: list[str], *, timeout: float, env: dict[str, str] | None = None) -> Timed:
    """Run `command` to the end (killed after `timeout` s); measure its wall time and peak memory."""
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=out_file, stderr=err_file, env=env, start_new_session=True)
        result: list[tuple[int, int, Any]] = []
        waiter = threading.Thread(target=lambda: result.append(os.wait4(process.pid, 0)))
        waiter.start()
        waiter.join(timeout)
        timed_out = waiter.is_alive()
        if timed_out:
            os.killpg(process.pid, signal.SIGKILL)
            waiter.join()
        elapsed = time.monotonic() - started
        _pid, status, usage = result[0]
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4 already
        out_file.seek(0)
        err_file.seek(0)
        stdout, stderr = out_file.read().decode(errors="replace"), err_file.read().decode(errors="replace")
    return Timed(elapsed, usage.ru_maxrss / 1024, stdout, stderr, None if timed_out else process.returncode)


def tree(root: int) -> list[int]:
    """Return `root` and every process descended from it."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _stat_fields(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def tree_rss_mb(root: int) -> float:
    """Return the summed resident memory of `root`'s process tree, in MB."""
    total = 0
    for pid in tree(root):
        fields = _stat_fields(pid)
        total += int(fields[21]) * PAGE if fields else 0
    return total / 2**20


def tree_cpu_seconds(root: int) -> float:
    """Return the CPU time (user + system) used so far by `root`'s process tree."""
    total = 0
    for pid in tree(root):
        fields = _stat_fields(pid)
        total += int(fields[11]) + int(fields[12]) if fields else 0
    return total / TICKS


def wait_idle(root: int, *, limit: float, share: float = 0.05, window: float = 0.2) -> float:
    """Wait until the tree uses under `share` of a core over `window` s (at most `limit` s); return the wait.

    After a run the load generator may leave requests in flight; the server finishes them
    before the next route is measured.
    """
    started = time.monotonic()
    used = tree_cpu_seconds(root)
    while time.monotonic() - started < limit:
        time.sleep(window)
        now = tree_cpu_seconds(root)
        if now - used < share * window:
            break
        used = now
    return time.monotonic() - started


@dataclass(slots=True)
class Server:
    """A server process started by the benchmark, with a sampler of its tree's peak memory."""

    command: list[str]
    log: Path
    env: dict[str, str]
    cwd: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    peak_mb: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _sampler: threading.Thread | None = None

    def start(self) -> None:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                self.command,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.cwd,
                start_new_session=True,
            )
        self.started = time.monotonic()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        assert self.process is not None
        while not self._stop.wait(0.25):
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.process.pid))

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def exited(self) -> int | None:
        """Return the exit code if the server has stopped, else None."""
        return None if self.process is None else self.process.poll()

    def rss_mb(self) -> float:
        return tree_rss_mb(self.pid)

    def log_tail(self, lines: int = 15) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """End the server's whole process group: SIGTERM, then SIGKILL after 15 s."""
        self._stop.set()
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        except ProcessLookupError:
            pass
