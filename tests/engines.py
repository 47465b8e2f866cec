"""Real SPARQL servers for tests: Oxigraph server, Apache Jena Fuseki and Virtuoso on loopback.

Each launcher is a context manager that starts its engine on free loopback ports in a
directory of its own, waits (with a deadline) until the engine answers a query, yields an
`Engine` that says where its endpoints are, and stops it after. The engine's output is kept in
`<directory>/engine.log` and shown in the error when it fails to start.

An engine that is not installed raises `EngineUnavailable`; `start_or_skip` turns that into a
skip, or into a failure when GRAPHKIT_REQUIRE_ENGINES names the engine (``1`` names all of
them), as CI sets it. Only the launching lives here: what each engine does differently from
SPARQL 1.1 is probed in tests/test_engines_probe.py and written up in docs/engines.md.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import free_port

#: The runnable packaging of Fuseki Main (jena-fuseki-main is the library without a main class).
FUSEKI_ARTIFACT = "org.apache.jena:jena-fuseki-server:5.6.0"
FUSEKI_JAR = "jena-fuseki-server-5.6.0.jar"
#: Graphs a fresh Virtuoso database holds before anything is loaded (its own metadata).
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)
ENGINES = ("oxigraph", "fuseki", "virtuoso")


class EngineUnavailable(RuntimeError):
    """The engine's program is not installed (or cannot be fetched) on this machine."""


@dataclass(frozen=True)
class Engine:
    """Where a running engine answers, and the facts about it a client must know.

    Attributes:
        name: ``oxigraph``, ``fuseki`` or ``virtuoso``.
        query_url: SPARQL 1.1 Protocol query endpoint.
        update_url: SPARQL 1.1 Protocol update endpoint (the authenticated one where there are two).
        store_url: Graph Store Protocol endpoint (``?graph=IRI`` selects the graph).
        user, password: digest credentials the update and store endpoints need, or None.
        union_default_graph: whether a query without FROM sees the union of the named graphs.
        system_graphs: graphs the engine holds of its own, seen by ``GRAPH ?g`` and the union.
        directory: the engine's own folder (data, configuration, ``engine.log``).
        started_in: seconds from launch until the first answered query.
    """

    name: str
    query_url: str
    update_url: str
    store_url: str
    user: str | None
    password: str | None
    union_default_graph: bool
    directory: Path
    started_in: float
    system_graphs: tuple[str, ...] = field(default=())

    @property
    def log(self) -> Path:
        """The engine's combined stdout and stderr."""
        return self.directory / "engine.log"

    def auth(self) -> httpx.Auth | None:
        """The HTTP authentication the update and store endpoints want (digest), if any."""
        if self.user is None or self.password is None:
            return None
        return httpx.DigestAuth(self.user, self.password)


def engines_cache() -> Path:
    """Where fetched engine programs are kept between runs (GRAPHKIT_ENGINES_CACHE)."""
    default = Path.home() / ".cache" / "graphkit-engines"
    return Path(os.environ.get("GRAPHKIT_ENGINES_CACHE", default))


def log_tail(log: Path, lines: int = 60) -> str:
    """The last lines of an engine's log, for an error message."""
    if not log.exists():
        return "(no log)"
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def fetch_fuseki_jar() -> Path:
    """Return Fuseki's runnable server jar: `GRAPHKIT_FUSEKI_JAR`, or the one in the cache.

    Nothing is downloaded: the jar (`jena-fuseki-server`) comes from Maven Central, which the
    package registries this project's machines and CI reach do not include. Put it in the cache
    (`mvn dependency:copy -Dartifact=…` where Maven Central is reachable) to test Fuseki.

    Raises:
        EngineUnavailable: no Java, or the jar is not on this machine.
    """
    if shutil.which("java") is None:
        raise EngineUnavailable("Fuseki needs `java` (17)")
    named = os.environ.get("GRAPHKIT_FUSEKI_JAR")
    jar = Path(named) if named else engines_cache() / FUSEKI_JAR
    if not jar.is_file():
        raise EngineUnavailable(
            f"Fuseki's jar ({FUSEKI_ARTIFACT}) is not at {jar}: set GRAPHKIT_FUSEKI_JAR or put it in "
            "the cache (Maven Central is not among the registries reached here)"
        )
    return jar


@contextmanager
def _process(command: list[str], directory: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` in `directory`, output to engine.log; SIGTERM (then SIGKILL) it after."""
    with (directory / "engine.log").open("ab") as out:
        process = subprocess.Popen(command, cwd=directory, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def _wait_until_answering(
    process: subprocess.Popen[bytes], query_url: str, log: Path, *, name: str, timeout: float
) -> None:
    """Poll `ASK {}` on the query endpoint until it answers 200; raise with the log if not."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited {process.returncode} while starting:\n{log_tail(log)}")
        try:
            if httpx.get(query_url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} gave no answer within {timeout:g} s:\n{log_tail(log)}")
        time.sleep(0.1)


@contextmanager
def oxigraph_engine(
    directory: Path, *, timeout: float = 60, union_default_graph: bool = True
) -> Iterator[Engine]:
    """Start `oxigraph serve` on an on-disk store in `directory`.

    Args:
        union_default_graph: start it with ``--union-default-graph`` (a query without FROM
            sees every named graph, a triple in two graphs twice); without it the default
            graph is a plain graph of its own, which graphkit keeps as the set merge.
    """
    program = shutil.which("oxigraph")
    if program is None:
        raise EngineUnavailable("`oxigraph` is not installed (pip install -e '.[bench]')")
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [program, "serve", "--location", str(directory / "data")]
    command += ["--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    started = time.monotonic()
    with _process(command, directory) as process:
        _wait_until_answering(
            process, base + "/query", directory / "engine.log", name="oxigraph", timeout=timeout
        )
        yield Engine(
            name="oxigraph",
            query_url=base + "/query",
            update_url=base + "/update",
            store_url=base + "/store",
            user=None,
            password=None,
            union_default_graph=union_default_graph,
            directory=directory,
            started_in=time.monotonic() - started,
        )


FUSEKI_CONFIG = """\
PREFIX fuseki: <http://jena.apache.org/fuseki#>
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX tdb2:   <http://jena.apache.org/2016/tdb#>

<#service> rdf:type fuseki:Service ;
    fuseki:name "ds" ;
    fuseki:endpoint [ fuseki:operation fuseki:query  ; fuseki:name "query" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:update ; fuseki:name "update" ] ;
    fuseki:endpoint [ fuseki:operation fuseki:gsp-rw ; fuseki:name "data" ] ;
    fuseki:dataset <#dataset> .

# A query without FROM sees the union of the named graphs (the stored default graph is hidden).
<#dataset> rdf:type tdb2:DatasetTDB2 ;
    tdb2:location "{location}" ;
    tdb2:unionDefaultGraph true .
"""


@contextmanager
def fuseki_engine(directory: Path, *, timeout: float = 90) -> Iterator[Engine]:
    """Start Fuseki Main on a TDB2 dataset ``/ds`` in `directory` whose default graph is the union."""
    if shutil.which("java") is None:
        raise EngineUnavailable("Fuseki needs `java` (17)")
    jar = fetch_fuseki_jar()
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "config.ttl"
    config.write_text(FUSEKI_CONFIG.replace("{location}", str(directory / "tdb2")))
    port = free_port()
    base = f"http://127.0.0.1:{port}/ds"
    # --localhost binds loopback only; a small heap keeps two cores and CI's memory for the tests.
    command = ["java", "-Xmx1g", "-jar", str(jar), "--localhost", "--port", str(port), "--conf", str(config)]
    started = time.monotonic()
    with _process(command, directory) as process:
        _wait_until_answering(
            process, base + "/query", directory / "engine.log", name="fuseki", timeout=timeout
        )
        yield Engine(
            name="fuseki",
            query_url=base + "/query",
            update_url=base + "/update",
            store_url=base + "/data",
            user=None,
            password=None,
            union_default_graph=True,
            directory=directory,
            started_in=time.monotonic() - started,
        )


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort        = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000
DirsAllowed       = .

[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
Charset       = UTF-8

[SPARQL]
; The packaged default (10000) cuts every larger result short without saying so.
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 60
"""


def _virtuoso_sql(sql_port: int, password: str, statement: str) -> None:
    """Run one SQL statement as dba through isql; raise with its output if it fails."""
    done = subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", password, f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"virtuoso SQL `{statement}` failed:\n{done.stdout}{done.stderr}")


@contextmanager
def virtuoso_engine(directory: Path, *, timeout: float = 90) -> Iterator[Engine]:
    """Start `virtuoso-t` in the foreground on a database in `directory`, dba's password new.

    Updates go to ``/sparql-auth`` and the Graph Store to ``/sparql-graph-crud-auth``, both as
    dba with HTTP digest authentication; the anonymous ``/sparql`` may only read.
    """
    program = shutil.which("virtuoso-t")
    if program is None or shutil.which("isql-vt") is None:
        raise EngineUnavailable("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port))
    base = f"http://127.0.0.1:{http_port}"
    started = time.monotonic()
    with _process([program, "-f", "-c", str(ini)], directory) as process:
        _wait_until_answering(
            process, base + "/sparql", directory / "engine.log", name="virtuoso", timeout=timeout
        )
        password = secrets.token_hex(8)
        _virtuoso_sql(sql_port, "dba", f"USER_SET_PASSWORD('dba', '{password}');")
        yield Engine(
            name="virtuoso",
            query_url=base + "/sparql",
            update_url=base + "/sparql-auth",
            store_url=base + "/sparql-graph-crud-auth",
            user="dba",
            password=password,
            union_default_graph=True,
            directory=directory,
            started_in=time.monotonic() - started,
            system_graphs=VIRTUOSO_SYSTEM_GRAPHS,
        )


LAUNCHERS: dict[str, Callable[..., AbstractContextManager[Engine]]] = {
    "oxigraph": oxigraph_engine,
    "fuseki": fuseki_engine,
    "virtuoso": virtuoso_engine,
}


def required_engines() -> set[str]:
    """The engines GRAPHKIT_REQUIRE_ENGINES names (``1``: all; else a comma-separated list)."""
    value = os.environ.get("GRAPHKIT_REQUIRE_ENGINES", "").strip()
    if value == "1":
        return set(ENGINES)
    return {name.strip() for name in value.split(",") if name.strip()}


@contextmanager
def start_or_skip(name: str, directory: Path, **options: Any) -> Iterator[Engine]:
    """Start engine `name` (`options` go to its launcher); skip if it is not installed, unless required."""
    try:
        launched = LAUNCHERS[name](directory, **options)
        engine = launched.__enter__()
    except EngineUnavailable as error:
        if name in required_engines():
            pytest.fail(f"GRAPHKIT_REQUIRE_ENGINES names {name}, but {error}", pytrace=False)
        pytest.skip(f"{name}: {error}")
    try:
        yield engine
    finally:
        launched.__exit__(None, None, None)
