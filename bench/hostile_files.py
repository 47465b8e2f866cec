"""Feed `graphkit load` and `graphkit validate` hostile files: each must be refused (or loaded) cheaply.

    python bench/hostile_files.py [--cap-mb 4096] [--timeout 600] [--only NAME…] [--big]

The corpus: the small files in tests/data/hostile/ and the big ones written here by the
`make_*` functions (billion laughs and quadratic blow-up in RDF/XML, external entities and
DTDs, a remote JSON-LD context, tokens past the limit in every format, deep nesting, invalid
IRIs, Latin-1, UTF-16 and a BOM, a gzip bomb, a truncated gzip, a curated file without its
source). Each case runs `graphkit load` into a fresh store and `graphkit validate` in a child
process whose address space is capped (RLIMIT_AS) and whose peak RSS is read from `wait4`;
the table shows the outcome, peak memory, time and the first line of the error.
`--big` adds the 1M-triple curated file without a source and the gzip bomb at the default
limits (slow to write).

tests/test_hostile_files.py runs the same corpus with budgets.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "tests" / "data" / "hostile"
MIB = 1 << 20

RDF_XML_HEAD = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
)
EX = "http://example.org/"


# --- the big files, written on demand -----------------------------------------------------------


def make_quadratic_blowup(path: Path, size: int = 100_000, references: int = 20_000) -> None:
    """One 100 KB entity referenced 20,000 times: 2 GB from 160 KB."""
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        f'<!ENTITY a "{"a" * size}">\n]>\n'
        + RDF_XML_HEAD
        + f'<rdf:Description rdf:about="{EX}a"><ex:p>{"&a;" * references}</ex:p></rdf:Description>\n'
        "</rdf:RDF>\n"
    )


def _huge(size: int) -> bytes:
    return b"x" * size


def make_huge_literal_nt(path: Path, size: int = 20 * MIB) -> None:
    path.write_bytes(f'<{EX}s> <{EX}p> "small" .\n<{EX}s> <{EX}p> "'.encode() + _huge(size) + b'" .\n')


def make_huge_iri_ttl(path: Path, size: int = 20 * MIB) -> None:
    path.write_bytes(
        f"@prefix ex: <{EX}> .\nex:s ex:p ex:o .\nex:s ex:p <{EX}".encode() + _huge(size) + b"> .\n"
    )


def make_huge_long_literal_ttl(path: Path, size: int = 20 * MIB) -> None:
    """A long literal over many lines: no line is long, the token is."""
    body = (b"x" * 99 + b"\n") * (size // 100)
    path.write_bytes(f'@prefix ex: <{EX}> .\nex:s ex:p ex:o .\nex:s ex:p """'.encode() + body + b'""" .\n')


def make_huge_literal_rdf(path: Path, size: int = 20 * MIB) -> None:
    path.write_bytes(
        RDF_XML_HEAD.encode()
        + f'<rdf:Description rdf:about="{EX}a"><ex:p>small</ex:p></rdf:Description>\n'.encode()
        + f'<rdf:Description rdf:about="{EX}b"><ex:p>'.encode()
        + _huge(size)
        + b"</ex:p></rdf:Description>\n</rdf:RDF>\n"
    )


def make_huge_xml_literal_rdf(path: Path, size: int = 20 * MIB) -> None:
    """An XML literal of many small elements: every event is small, the literal is not."""
    path.write_bytes(
        RDF_XML_HEAD.encode()
        + f'<rdf:Description rdf:about="{EX}a"><ex:p rdf:parseType="Literal">\n'.encode()
        + b"<ex:b>x</ex:b>\n" * (size // 15)
        + b"</ex:p></rdf:Description>\n</rdf:RDF>\n"
    )


def make_huge_literal_jsonld(path: Path, size: int = 20 * MIB) -> None:
    path.write_bytes(f'{{"@id": "{EX}s",\n "{EX}p": "'.encode() + _huge(size) + b'"}\n')


def make_deep_collection_ttl(path: Path, depth: int = 100_000) -> None:
    path.write_text(f"@prefix ex: <{EX}> .\nex:s ex:p ex:o .\nex:s ex:p {'(' * depth}{')' * depth} .\n")


def make_deep_blank_nodes_ttl(path: Path, depth: int = 100_000) -> None:
    path.write_text(
        f'@prefix ex: <{EX}> .\nex:s ex:p ex:o .\nex:s ex:p {"[ ex:p " * depth}"x"{" ]" * depth} .\n'
    )


def make_deep_triple_terms_nt(path: Path, depth: int = 100_000) -> None:
    """RDF 1.2 triple terms nested 100,000 deep (pyoxigraph's parser recurses: a stack overflow)."""
    path.write_text(
        f"<{EX}s> <{EX}p> <{EX}o> .\n<{EX}s> <{EX}p> "
        + f"<<( <{EX}s> <{EX}p> " * depth
        + '"x"'
        + " )>>" * depth
        + " .\n"
    )


def make_deep_jsonld(path: Path, depth: int = 100_000) -> None:
    path.write_text(f'{{"@id": "{EX}s",\n "{EX}p": ' + f'{{"{EX}p": ' * depth + '"x"' + "}" * depth + "}\n")


def make_deep_rdf(path: Path, depth: int = 100_000) -> None:
    """Nested elements (pyoxigraph's RDF/XML parser takes quadratic time in the depth)."""
    path.write_text(
        RDF_XML_HEAD
        + f'<rdf:Description rdf:about="{EX}a">\n'
        + "<ex:p><rdf:Description>" * depth
        + "</rdf:Description></ex:p>" * depth
        + "</rdf:Description>\n</rdf:RDF>\n"
    )


def make_gzip_bomb(path: Path, gigabytes: float = 4.0) -> None:
    """Gzip members of 16 MiB of one repeated triple each: `gigabytes` GB from a thousandth of it."""
    line = f"<{EX}s> <{EX}p> <{EX}o> .\n".encode()
    member = gzip.compress(line * (16 * MIB // len(line)), compresslevel=9)
    with path.open("wb") as out:
        for _ in range(max(1, int(gigabytes * 1024 / 16))):
            out.write(member)


def make_curated_without_source(path: Path, triples: int = 1_000_000) -> None:
    """Curated Turtle in graphkit's vocabulary, labelled in German and English, that names no source."""
    head = (
        "@prefix gk: <https://w3id.org/graphkit/ontology#> .\n"
        "@prefix id: <https://w3id.org/graphkit/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    )
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for n in range(triples // 3):
            out.write(f'id:p{n} a gk:Project ; rdfs:label "Projekt {n}"@de , "Project {n}"@en .\n')


# --- the corpus ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input and what graphkit must do with it.

    Attributes:
        name: the file name (its extension gives the format).
        make: writes the file (None: a static file in tests/data/hostile/).
        loads: whether the right answer is to load it.
        message: a fragment of the error (lower case).
        line: the line the error names (None: the format gives none).
        env: settings for this case (e.g. a low limit, so the test stays small).
        args: extra arguments of `graphkit load` / `validate`.
        big: written only with --big (slow).
    """

    name: str
    make: Callable[[Path], None] | None = None
    loads: bool = False
    message: str = ""
    line: int | None = None
    env: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()
    big: bool = False


def corpus(*, small: bool = False) -> tuple[Case, ...]:
    """Return the cases; `small` scales the big files down (and the limits with them) for CI.

    Small: terms of 2 MiB against a 1 MiB --max-token-bytes, nesting 5,000 deep, a gzip bomb
    of 48 MiB; the two cases only pyoxigraph's 16 MiB buffer stops stay at 20 MiB.
    """
    token = MIB if small else 8 * MIB  # the limit each huge case runs under
    size = 2 * token + MIB  # each huge term: past the limit
    depth = 5_000 if small else 100_000
    limit = {"GRAPHKIT_MAX_TOKEN_BYTES": str(token)}
    huge = "graphkit_max_token_bytes"
    return (
        # XML entities and DTDs: refused from the prolog, before the parser sees a byte.
        Case("billion-laughs.rdf", message="refers to another entity", line=4),
        Case("quadratic-blowup.rdf", make_quadratic_blowup, message="bytes long", line=3),
        Case("external-entity.rdf", message="external entity", line=3),
        Case("external-dtd.rdf", message="external dtd", line=2),
        Case("parameter-entity.rdf", message="parameter entity", line=3),
        Case("entity-after-prolog.rdf", message="doctype", line=4),
        Case("protege-entities.owl", loads=True),
        # JSON-LD: nothing is fetched, nothing but a regular file is read.
        Case("remote-context.jsonld", message="never fetch"),
        Case("remote-context-array.jsonld", message="never fetch"),
        Case("context-is-a-device.jsonld", message="not a regular file"),
        # Terms past --max-token-bytes, found while streaming, with their line.
        Case("huge-literal.nt", lambda p: make_huge_literal_nt(p, size), message=huge, line=2, env=limit),
        Case("huge-iri.ttl", lambda p: make_huge_iri_ttl(p, size), message=huge, line=3, env=limit),
        Case("huge-literal.rdf", lambda p: make_huge_literal_rdf(p, size), message=huge, line=3, env=limit),
        Case(
            "huge-xml-literal.rdf",
            lambda p: make_huge_xml_literal_rdf(p, size),
            message=huge,
            line=2,
            env=limit,
        ),
        Case(
            "huge-literal.jsonld",
            lambda p: make_huge_literal_jsonld(p, size),
            message=huge,
            line=2,
            env=limit,
        ),
        # Past pyoxigraph's own 16 MiB buffer: its refusal, with the line graphkit finds.
        Case("huge-long-literal.ttl", make_huge_long_literal_ttl, message="16 mib", line=3),
        Case(
            "huge-literal-past-pyoxigraph.nt",
            make_huge_literal_nt,
            message="16 mib",
            line=2,
            env={"GRAPHKIT_MAX_TOKEN_BYTES": str(64 * MIB)},
        ),
        # Nesting deeper than --max-nesting (1,000): refused at the line, never a crash.
        Case("deep-collection.ttl", lambda p: make_deep_collection_ttl(p, depth), message="nested", line=3),
        Case("deep-blank-nodes.ttl", lambda p: make_deep_blank_nodes_ttl(p, depth), message="nested", line=3),
        Case("deep-triple-terms.nt", lambda p: make_deep_triple_terms_nt(p, depth), message="nested", line=2),
        Case("deep.rdf", lambda p: make_deep_rdf(p, depth), message="nested", line=3),
        Case("deep.jsonld", lambda p: make_deep_jsonld(p, depth), message="nested", line=2),
        # Bad IRIs and encodings.
        Case("invalid-iri.ttl", message="invalid iri", line=3),
        Case("invalid-iri.rdf", message="invalid iri", line=3),
        Case("latin1.ttl", message="not utf-8", line=3),
        Case("latin1.rdf", message="utf-8 only", line=1),
        Case("latin1-undeclared.rdf", message="not utf-8", line=3),
        Case("utf16.ttl", message="utf-16", line=1),
        Case("utf16.jsonld", message="utf-16", line=1),
        Case("bom.ttl", loads=True),
        Case("bom.nt", loads=True),
        Case("nul-bytes.nt", message="parser error", line=2),
        # Gzip: a bomb (by the ratio, and by --max-file-bytes), truncated, not gzip at all.
        Case("gzip-bomb.nt.gz", lambda p: make_gzip_bomb(p, 0.05 if small else 0.25), message="gzip bomb"),
        Case(
            "gzip-over-the-limit.nt.gz",
            lambda p: make_gzip_bomb(p, 0.05),
            message="graphkit_max_file_bytes",
            env={"GRAPHKIT_MAX_FILE_BYTES": str(8 * MIB)},
        ),
        Case("truncated.ttl.gz", message="not valid gzip"),
        Case("not-gzip.ttl.gz", message="not valid gzip"),
        # Curated data without its source: refused before it is parsed, and before SHACL.
        Case(
            "curated-without-source.ttl",
            lambda p: make_curated_without_source(p, 30_000),
            message="does not name its source",
            args=("--curated",),
        ),
        Case(
            "curated-without-source-1m.ttl",
            make_curated_without_source,
            message="does not name its source",
            args=("--curated",),
            big=True,
        ),
        Case("gzip-bomb-4g.nt.gz", make_gzip_bomb, message="gzip bomb", big=True),
    )


CORPUS = corpus()


def materialise(case: Case, folder: Path) -> Path:
    """Return the case's file: the static one, or one written into `folder`."""
    if case.make is None:
        return STATIC / case.name
    path = folder / case.name
    if not path.exists():
        case.make(path)
    return path


# --- running a case -------------------------------------------------------------------------------


@dataclass(slots=True)
class Run:
    """One child process: how it ended and what it cost."""

    returncode: int  # negative: killed by that signal
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr or "stack backtrace" in self.stderr

    def summary(self) -> str:
        if self.timed_out:
            return "timed out"
        if self.returncode < 0:
            return f"killed by {signal.Signals(-self.returncode).name}"
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        if self.returncode == 0:
            return "loaded"
        first = next((line for line in lines if line.startswith("error:")), lines[-1] if lines else "")
        return ("traceback: " + lines[-1] if self.traceback and lines else first)[:160]


#: Runs graphkit as its grandchild, capped, and reports that process's own peak RSS. A child
#: forked (or spawned) from this process and then exec'd keeps this process's RSS as its
#: starting peak (Linux carries the peak across exec), so wait4 on a direct child would report
#: at least this process's size; the grandchild is forked from the small launcher instead.
_LAUNCHER = """
import os, resource, signal, sys
limit, report = int(sys.argv[1]), sys.argv[2]
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "graphkit", *sys.argv[3:]])
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as out:
    out.write(str(usage.ru_maxrss))
if os.WIFSIGNALED(status):
    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_graphkit(
    args: list[str], *, env: dict[str, str] | None = None, cap_mb: int = 4096, timeout: float = 600.0
) -> Run:
    """Run `python -m graphkit ARGS` with its address space capped; measure its peak RSS (wait4).

    graphkit runs as the grandchild of a small launcher (`_LAUNCHER`), which caps it, waits for
    it and writes its peak RSS to a file; a timeout kills the launcher's whole process group.
    """
    limit = cap_mb * MIB
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = Path(tmp) / "peak"
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(limit), str(report), *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env={**os.environ, "RUST_BACKTRACE": "0", **(env or {})},
            cwd=tempfile.gettempdir(),  # not a source tree: `-m graphkit` must find the one asked for
            start_new_session=True,
        )
        try:
            process.wait(timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            timed_out = True
        seconds = time.monotonic() - started
        peak_kib = int(report.read_text()) if report.exists() and report.read_text() else 0
        out.seek(0)
        err.seek(0)
        return Run(
            process.returncode,
            seconds,
            peak_kib / 1024,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            timed_out,
        )


def run_case(
    case: Case,
    path: Path,
    store: Path,
    *,
    command: str = "load",
    cap_mb: int = 4096,
    timeout: float = 600.0,
    source: Path | None = None,
) -> Run:
    """Run `graphkit load` (into `store`) or `graphkit validate` (alone) on one case.

    Args:
        source: run graphkit from this source tree instead (e.g. `git archive` of an older commit).
    """
    args = [command, *case.args, "--store", str(store), str(path)]
    if command == "load" and not case.args:
        args.insert(1, "--not-curated")
    env = dict(case.env)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    return run_graphkit(args, env=env, cap_mb=cap_mb, timeout=timeout)


def correct(case: Case, run: Run) -> bool:
    """Whether a run did what the case asks: loaded, or refused with exit 1, no traceback, the
    expected message and the file:line (where the case has one)."""
    if case.loads:
        return run.returncode == 0
    output = (run.stdout + run.stderr).lower()
    where = f"{case.name}:{case.line}" if case.line is not None else ""
    return run.returncode == 1 and not run.traceback and case.message in output and where in output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap-mb", type=int, default=4096, help="address-space cap of each child (MB)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a child is killed")
    parser.add_argument("--only", nargs="*", help="run only these cases (file names)")
    parser.add_argument("--big", action="store_true", help="also the 1M-triple and 4 GB cases")
    parser.add_argument("--small", action="store_true", help="the scaled-down corpus of the tests")
    parser.add_argument("--commands", default="load,validate")
    parser.add_argument(
        "--before",
        type=Path,
        help="a source tree of an older graphkit (e.g. `git archive <commit> | tar -x -C DIR`): "
        "each case runs there too, side by side",
    )
    args = parser.parse_args(argv)
    cases = corpus(small=args.small)
    chosen = [c for c in cases if (args.big or not c.big) and (not args.only or c.name in args.only)]
    trees: list[tuple[str, Path | None]] = [("before", args.before)] if args.before else []
    trees.append(("now", None))
    wrong = 0
    heads = " | ".join(f"{label}: outcome | {label}: peak MB | {label}: s" for label, _ in trees)
    print(f"| case | command | {heads} | error now |")
    print("|---|---|" + "---|---:|---:|" * len(trees) + "---|")
    with tempfile.TemporaryDirectory(prefix="graphkit-hostile-") as folder:
        root = Path(folder)
        for case in chosen:
            path = materialise(case, root)
            for command in args.commands.split(","):
                cells, text = [], ""
                for label, tree in trees:
                    store = root / "store"
                    shutil.rmtree(store, ignore_errors=True)
                    run = run_case(
                        case,
                        path,
                        store,
                        command=command,
                        cap_mb=args.cap_mb,
                        timeout=args.timeout,
                        source=tree,
                    )
                    ok = correct(case, run)
                    if label == "now":
                        wrong += not ok
                        text = run.summary().replace("|", "\\|").replace(str(root) + "/", "")
                    outcome = (
                        "ok" if ok else "WRONG"
                    ) + f" ({run.summary()[:40] if not ok else run.returncode})"
                    cells.append(f"{outcome} | {run.peak_mb:,.0f} | {run.seconds:.1f}")
                print(f"| {case.name} | {command} | {' | '.join(cells)} | {text} |", flush=True)
            if case.make is not None:
                path.unlink()
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
