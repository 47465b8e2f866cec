"""Hostile files are refused by `graphkit load` and `graphkit validate` within a memory and time budget.

The corpus is bench/hostile_files.py's, scaled down (`corpus(small=True)`): billion laughs,
quadratic blow-up, external entities and DTDs, parameter entities, remote and device JSON-LD
contexts, terms past the limit in every format, deep nesting, invalid IRIs, Latin-1, UTF-16,
byte order marks, a gzip bomb, truncated and fake gzip, curated data without its source.
Each case runs as a real `graphkit load` (into a copy of a store that already holds data)
and `graphkit validate`, each in a child process whose address space is capped (RLIMIT_AS)
and whose peak RSS is read from wait4. The children run a few at a time; the assertions are
per case. Before this screen, billion laughs took 9.2 GB, the deep triple terms crashed
the process (SIGSEGV) and deep RDF/XML ran for minutes.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from graphkit.config import Settings
from graphkit.ingest import load_files
from graphkit.store import open_store
from tests.bench_scripts import bench_script

ROOT = Path(__file__).resolve().parent.parent
#: Address space of each child: far below what the attacks took before (9.2 GB), far above
#: what a refusal needs (graphkit's imports and pyoxigraph's threads reserve ~1 GB of it).
CAP_MB = 1536
#: Peak RSS a refusal may reach (the largest measured is ~210 MB: the gzip bomb decompressing).
PEAK_MB = 512
#: Seconds a child may take, generous for a busy 2-core CI box (measured: 1-5 s each).
TIMEOUT = 90.0
KEPT = '<http://example.org/kept> <http://example.org/p> "kept before the attack" .\n'


BENCH = bench_script("hostile_files")
CASES = [case for case in BENCH.corpus(small=True) if not case.big]


def _quads(store_path: Path) -> set[str]:
    store = open_store(Settings(store=store_path), read_only=True)
    try:
        return set(store.dump_nquads().decode("utf-8").splitlines())
    finally:
        store.close()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Any, Path, set[str]]]:
    """Run every case through load and validate (a few children at a time); return the runs."""
    root = tmp_path_factory.mktemp("hostile")
    kept = root / "kept.nt"
    kept.write_text(KEPT)
    baseline = root / "baseline-store"
    store = open_store(Settings(store=baseline))
    load_files(store, [kept], curated=False)
    store.close()
    before = _quads(baseline)
    assert any("kept before the attack" in line for line in before)

    def run(job: tuple[Any, str]) -> tuple[tuple[str, str], tuple[Any, Path]]:
        case, command = job
        store_path = root / f"store-{command}-{case.name}"
        if command == "load":
            shutil.copytree(baseline, store_path)
        done = BENCH.run_case(
            case, files[case.name], store_path, command=command, cap_mb=CAP_MB, timeout=TIMEOUT
        )
        return (case.name, command), (done, store_path)

    (root / "files").mkdir(exist_ok=True)
    files = {case.name: BENCH.materialise(case, root / "files") for case in CASES}
    jobs = [(case, command) for case in CASES for command in ("load", "validate")]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = dict(pool.map(run, jobs))
    return {key: (done, path, before) for key, (done, path) in results.items()}


@pytest.mark.parametrize("command", ["load", "validate"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_file_is_refused_with_its_name_and_line_within_budget(
    runs: dict[tuple[str, str], tuple[Any, Path, set[str]]], case: Any, command: str
) -> None:
    done, store_path, before = runs[(case.name, command)]
    output = (done.stdout + done.stderr).lower()
    assert not done.timed_out, f"{case.name}: still running after {TIMEOUT} s"
    assert done.returncode >= 0, f"{case.name}: killed by signal {-done.returncode}"
    assert not done.traceback, done.stderr[-2000:]
    assert done.peak_mb < PEAK_MB, f"{case.name}: peak RSS {done.peak_mb:.0f} MB"
    if case.loads:
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode == 1, done.stderr
        assert case.message in output, output[-2000:]
        assert case.name in output or "violation" in output
        if case.line is not None:
            assert f"{case.name}:{case.line}" in output, output[-2000:]
    if command == "load" and not case.loads:
        assert _quads(store_path) == before, "a refused load changed the store"


def test_the_protege_entities_are_expanded_not_refused(tmp_path: Path) -> None:
    """A DOCTYPE of simple abbreviations (Protégé's &owl;) loads as the IRIs it abbreviates."""
    store = open_store(Settings(store=tmp_path / "store"))
    try:
        load_files(store, [ROOT / "tests" / "data" / "hostile" / "protege-entities.owl"], curated=False)
        dumped = store.dump_nquads().decode("utf-8")
    finally:
        store.close()
    assert "<http://example.org/onto#Garden> <http://www.w3.org/2000/01/rdf-schema#subClassOf> " in dumped
    assert "<http://www.w3.org/2002/07/owl#Thing>" in dumped
    assert '"Community garden & allotment"@en' in dumped
