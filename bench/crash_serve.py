"""Kill `graphkit serve` (the main process, or one query worker) with SIGKILL while clients send requests.

    python bench/crash_serve.py --trials 24

Each trial starts `graphkit serve` on a copy of a loaded store, runs clients that read
entities, neighbourhoods, search and SPARQL in a loop, and after a random number of answers
kills with SIGKILL one of:

- "main": the server's main process (its workers idle or answering short queries);
- "main-busy": the main process while a worker runs a query that would take hours;
- "worker": one query worker.

After "main*": every worker must exit (no orphans), the store must hold the same data
(fingerprint, as in crash_load.py) and a new `graphkit serve` on it must answer. After
"worker": the server must keep answering (200, or 503 for the query the worker held; never
a hang or a dropped connection) and the pool must be full again.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # tests.servers
from crash_load import fingerprint, load_command

from graphkit.generate import generate_dataset
from tests.servers import alive, child_pids

ID = "https://w3id.org/graphkit/id/"
#: The cartesian product of the store with itself, four times: runs for hours.
HEAVY_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LABELS = "http://www.w3.org/2000/01/rdf-schema#label"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def workers_of(parent: int) -> list[int]:
    """The live query workers (multiprocessing children) of `parent`."""
    found = []
    for pid in child_pids(parent):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    started_in: float  # seconds from start to the first healthy answer


@contextmanager
def serve(store: Path, log: Path, *options: str, timeout: float = 60) -> Iterator[Server]:
    """Start `graphkit serve` on a free port; wait for /healthz; stop it (if still running) after."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    command = [sys.executable, "-m", "graphkit", "serve", "--store", str(store), "--port", str(port)]
    command += options
    started = time.monotonic()
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"graphkit serve exited {process.returncode}: see {log}")
        try:
            return httpx.get(url + "/healthz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    try:
        if not wait_for(healthy, timeout):
            raise RuntimeError(f"graphkit serve gave no answer in {timeout} s: see {log}")
        yield Server(url, process, time.monotonic() - started)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def sample(store: Path) -> tuple[list[str], list[str]]:
    """Return a few entity ids and search words of the store."""
    from graphkit.store import OxigraphStore

    opened = OxigraphStore(store, read_only=True)
    try:
        rows = opened.query(
            f"SELECT ?s ?l WHERE {{ ?s <{LABELS}> ?l FILTER(STRSTARTS(STR(?s), '{ID}')) }} LIMIT 40"
        ).rows
        found = [(row["s"].value, row["l"].value) for row in rows or ()]
    finally:
        opened.close()
    ids = [s.removeprefix(ID) for s, _ in found]
    words = sorted({label.split()[0] for _, label in found})
    return ids, words


@dataclass
class Clients:
    """Threads that request pages in a loop and count what they get."""

    url: str
    ids: list[str]
    words: list[str]
    seed: int
    threads: int = 4
    statuses: Counter[str] = field(default_factory=Counter)
    answered: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _running: list[threading.Thread] = field(default_factory=list)

    def request(self, client: httpx.Client, rng: random.Random) -> str:
        entity = rng.choice(self.ids)
        kind = rng.randrange(4)
        try:
            if kind == 0:
                response = client.get(f"/api/entities/{entity}")
            elif kind == 1:
                response = client.get(f"/api/entities/{entity}/neighbourhood")
            elif kind == 2:
                response = client.get("/api/search", params={"q": rng.choice(self.words)})
            else:
                query = f"SELECT ?p ?o WHERE {{ <{ID}{entity}> ?p ?o }} LIMIT 50"
                response = client.get("/sparql", params={"query": query})
        except httpx.TimeoutException:
            return "timeout"
        except httpx.TransportError:
            return "connection"
        return str(response.status_code)

    def _loop(self, number: int) -> None:
        rng = random.Random(self.seed * 100 + number)
        with httpx.Client(base_url=self.url, timeout=30) as client:
            while not self.stop.is_set():
                outcome = self.request(client, rng)
                with self._lock:
                    self.statuses[outcome] += 1
                    self.answered += 1

    def start(self) -> None:
        for number in range(self.threads):
            thread = threading.Thread(target=self._loop, args=(number,), daemon=True)
            thread.start()
            self._running.append(thread)

    def finish(self) -> None:
        self.stop.set()
        for thread in self._running:
            thread.join(60)
            if thread.is_alive():
                self.statuses["hung"] += 1


@dataclass
class Trial:
    target: str  # "main", "main-busy" or "worker"
    after: int  # answers before the kill
    statuses: dict[str, int]
    orphans: int = 0  # workers alive 10 s after the main process died
    intact: bool = True  # the store held the same data afterwards
    restart_seconds: float = 0.0  # a new server's start to its first healthy answer
    replaced_seconds: float = 0.0  # a killed worker's death to a full pool again
    ok: bool = True


def _heavy(url: str) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the server dies under it: that is the point
        httpx.get(url + "/sparql", params={"query": HEAVY_QUERY}, timeout=60)


def run_trial(store: Path, log: Path, expected: tuple[int, str], target: str, rng: random.Random) -> Trial:
    ids, words = sample(store)
    after = rng.randrange(5, 80)
    with serve(store, log, "--read-only", "--workers", "2", "--timeout", "30") as server:
        clients = Clients(server.url, ids, words, seed=rng.randrange(1 << 30))
        clients.start()
        wait_for(lambda: clients.answered >= after, 60)
        pid = server.process.pid
        workers = workers_of(pid)
        if target == "main-busy":
            base = {w: _cpu(w) for w in workers}
            threading.Thread(target=_heavy, args=(server.url,), daemon=True).start()
            # The heavy query runs once one worker has used a second of CPU since it was sent.
            wait_for(lambda: any(_cpu(w) > base[w] + 100 for w in workers), 30)
        if target == "worker":
            victim = rng.choice(workers)
            os.kill(victim, signal.SIGKILL)
            died = time.monotonic()
            full = wait_for(
                lambda: len(workers_of(pid)) == len(workers) and victim not in workers_of(pid), 60
            )
            replaced = time.monotonic() - died
            wait_for(lambda: clients.answered >= after + 40, 60)  # keeps answering after the kill
            clients.finish()
            statuses = dict(clients.statuses)
            bad = {k: v for k, v in statuses.items() if k not in ("200", "503")}
            return Trial(target, after, statuses, replaced_seconds=replaced, ok=full and not bad)
        os.kill(pid, signal.SIGKILL)
        server.process.wait()
        clients.finish()
        gone = wait_for(lambda: not any(alive(w) for w in workers), 10)
        orphans = [w for w in workers if alive(w)]
        for worker in orphans:  # do not leave them running after the trial
            os.kill(worker, signal.SIGKILL)
        statuses = dict(clients.statuses)
    intact = fingerprint(store) == expected
    with serve(store, log, "--read-only") as again:
        answer = httpx.get(again.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        answers = answer.status_code == 200
        restart = again.started_in
    return Trial(
        target,
        after,
        statuses,
        orphans=len(orphans),
        intact=intact,
        restart_seconds=restart,
        ok=gone and intact and answers and "hung" not in statuses,
    )


def _cpu(pid: int) -> int:
    """CPU ticks (user + system) used so far by `pid` (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])


def prepare(root: Path, triples: int) -> tuple[Path, tuple[int, str]]:
    """Generate and load a store; return it and its fingerprint."""
    data = root / "data.nq"
    with data.open("wb") as out:
        generate_dataset(out, triples=triples, seed=1)
    store = root / "loaded"
    subprocess.run(load_command(store, data), check=True, capture_output=True)
    return store, fingerprint(store)


def run_trials(root: Path, targets: list[str], triples: int, seed: int, *, echo: bool) -> list[Trial]:
    loaded, expected = prepare(root, triples)
    rng = random.Random(seed)
    trials = []
    for number, target in enumerate(targets, 1):
        store = root / "store"
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(loaded, store)
        trial = run_trial(store, root / "serve.log", expected, target, rng)
        trials.append(trial)
        if echo:
            print(
                f"trial {number:>2}: kill {target:<9} after {trial.after:>2} answers: "
                f"{'held' if trial.ok else 'FAILED'}; statuses {trial.statuses}; orphans {trial.orphans}; "
                f"restart {trial.restart_seconds:.2f} s; worker back in {trial.replaced_seconds:.2f} s",
                flush=True,
            )
    return trials


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--triples", type=int, default=20_000)
    parser.add_argument("--trials", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    kinds = ["main", "main-busy", "worker"]
    targets = [kinds[n % 3] for n in range(args.trials)]
    with tempfile.TemporaryDirectory(prefix="graphkit-crash-serve-") as folder:
        trials = run_trials(Path(folder), targets, args.triples, args.seed, echo=True)
    print()
    for kind in kinds:
        chosen = [t for t in trials if t.target == kind]
        if not chosen:
            continue
        statuses: Counter[str] = Counter()
        for t in chosen:
            statuses.update(t.statuses)
        restart = max((t.restart_seconds for t in chosen), default=0.0)
        replaced = max((t.replaced_seconds for t in chosen), default=0.0)
        print(
            f"{kind:<9} {len(chosen):>2} tried, {sum(t.ok for t in chosen):>2} held; orphans "
            f"{sum(t.orphans for t in chosen)}; store intact {sum(t.intact for t in chosen)}/{len(chosen)}; "
            f"slowest restart {restart:.2f} s; slowest worker replacement {replaced:.2f} s; "
            f"statuses {dict(statuses)}"
        )
    return 0 if all(t.ok for t in trials) else 1


if __name__ == "__main__":
    raise SystemExit(main())
