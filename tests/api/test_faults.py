"""Faults around a real `graphkit serve`: kill -9 of the server and of a worker, a load while it answers.

The kill trials are a bounded run of bench/crash_serve.py (the same code).
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.bench_scripts import bench_script

pytestmark = pytest.mark.slow


crash_serve = bench_script("crash_serve")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, str]]:
    """A store loaded with 6,000 generated triples, and its fingerprint (never served itself)."""
    return crash_serve.prepare(tmp_path_factory.mktemp("faults"), 6_000)  # type: ignore[no-any-return]


def _trial(loaded: tuple[Path, tuple[int, str]], tmp_path: Path, target: str, seed: int) -> object:
    import shutil

    store = tmp_path / "store"
    shutil.copytree(loaded[0], store)
    return crash_serve.run_trial(store, tmp_path / "serve.log", loaded[1], target, random.Random(seed))


@pytest.mark.parametrize("seed", [1, 2])
def test_kill_9_of_the_server_leaves_the_store_intact_and_no_worker_behind(
    loaded: tuple[Path, tuple[int, str]], tmp_path: Path, seed: int
) -> None:
    trial = _trial(loaded, tmp_path, "main", seed)
    assert trial.orphans == 0 and trial.intact and trial.ok, trial  # type: ignore[attr-defined]


def test_kill_9_of_the_server_while_a_worker_runs_a_long_query_leaves_no_orphan(
    loaded: tuple[Path, tuple[int, str]], tmp_path: Path
) -> None:
    trial = _trial(loaded, tmp_path, "main-busy", 3)
    assert trial.intact, trial  # type: ignore[attr-defined]
    assert trial.orphans == 0 and trial.ok, trial  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", [4, 5])
def test_a_killed_worker_is_replaced_and_the_server_keeps_answering(
    loaded: tuple[Path, tuple[int, str]], tmp_path: Path, seed: int
) -> None:
    trial = _trial(loaded, tmp_path, "worker", seed)
    statuses = trial.statuses  # type: ignore[attr-defined]
    assert set(statuses) <= {"200", "503"}, statuses  # never a 500, a dropped connection or a hang
    assert statuses.get("503", 0) <= 1, statuses  # at most the query the worker held
    assert trial.ok, trial  # type: ignore[attr-defined]


# --- a load while the server answers --------------------------------------------------------

PROBE = "https://w3id.org/graphkit/id/fault-probe"
GRAPH = "https://w3id.org/graphkit/graph/fault-probe"


def _probe_file(path: Path, generation: int) -> Path:
    """A graph with one entity whose label (and links) say which load wrote it."""
    lines = [
        f'<{PROBE}> <http://www.w3.org/2000/01/rdf-schema#label> "probe {generation}"@en <{GRAPH}> .',
        f"<{PROBE}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        f"<https://w3id.org/graphkit/ontology#Project> <{GRAPH}> .",
    ]
    lines += [
        f"<{PROBE}> <https://w3id.org/graphkit/ontology#about> <{PROBE}-{generation}-{n}> <{GRAPH}> ."
        for n in range(5)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_load_while_the_server_answers_serves_old_or_new_data_never_an_error(
    loaded: tuple[Path, tuple[int, str]], tmp_path: Path
) -> None:
    import shutil

    store = tmp_path / "store"
    shutil.copytree(loaded[0], store)
    crash_load = sys.modules["crash_load"]
    subprocess.run(crash_load.load_command(store, _probe_file(tmp_path / "probe-0.nq", 0)), check=True)
    seen: Counter[str] = Counter()
    problems: list[str] = []
    published = [0]  # the newest generation a load has finished writing
    lock = threading.Lock()
    stop = threading.Event()

    def label_of(client: httpx.Client, kind: int) -> str | None:
        """The probe's label as one of the four kinds of read sees it (None: not in the answer)."""
        if kind == 0:
            response = client.get("/api/entities/fault-probe")
            if response.status_code != 200:
                return f"status {response.status_code}"
            return str(response.json().get("label"))
        if kind == 1:
            response = client.get("/api/entities/fault-probe/neighbourhood")
            if response.status_code != 200:
                return f"status {response.status_code}"
            nodes = response.json()["nodes"]
            return next((str(n["label"]) for n in nodes if n["iri"] == PROBE), "missing")
        if kind == 2:
            response = client.get("/api/search", params={"q": "probe"})
            if response.status_code != 200:
                return f"status {response.status_code}"
            hits = response.json()["results"]
            return next((str(h["label"]) for h in hits if h["iri"] == PROBE), "missing")
        query = f"SELECT ?l WHERE {{ <{PROBE}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
        response = client.get(
            "/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"}
        )
        if response.status_code != 200:
            return f"status {response.status_code}"
        bindings = response.json()["results"]["bindings"]
        return "|".join(sorted(b["l"]["value"] for b in bindings))

    def read(url: str, number: int) -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            rng = random.Random(number)
            while not stop.is_set():
                with lock:
                    newest = published[0]
                kind = rng.randrange(4)
                try:
                    label = label_of(client, kind)
                except httpx.HTTPError as error:
                    label = f"transport {type(error).__name__}"
                with lock:
                    seen[f"{kind}:{label}"] += 1
                    # Old or new data: the generation published before the request, or the next.
                    allowed = {f"probe {newest}", f"probe {newest + 1}"}
                    if label not in allowed:
                        problems.append(f"read {kind} after load {newest}: {label!r}")

    with crash_serve.serve(store, tmp_path / "serve.log", "--read-only") as server:
        readers = [threading.Thread(target=read, args=(server.url, n), daemon=True) for n in range(4)]
        for reader in readers:
            reader.start()
        for generation in range(1, 5):
            command = crash_load.load_command(
                store, _probe_file(tmp_path / f"probe-{generation}.nq", generation)
            )
            subprocess.run(command, check=True, capture_output=True)
            with lock:
                published[0] = generation
            # The server sees the new version at its next request: wait for one read of it.
            before = sum(seen.values())
            crash_serve.wait_for(lambda before=before: sum(seen.values()) >= before + 8, 60)
        stop.set()
        for reader in readers:
            reader.join(60)
        latest = httpx.get(server.url + "/api/entities/fault-probe", timeout=30).json()["label"]
    assert problems == [], (problems[:10], seen)
    assert latest == "probe 4"
    assert sum(seen.values()) >= 40, seen
