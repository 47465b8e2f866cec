"""Extraction speed: `graphkit extract` over a 100-page corpus, against spaCy's own floor, as ratios.

    python bench/extract_bench.py --repeat 5 --out docs/benchmarks/extract.md

Issue 16 asks for pages per second on a 100-page corpus built from the documents. A **page**
here is 3,000 characters (`--page-chars`), about a printed A4 page of running text (some 450
words; a German *Normseite* is 1,800). The corpus is the four documents extraction is
developed and tested on, the two source news items (`/work/shared/seeds/`, `--seeds`) and the
two new documents of `tests/extract/documents/`, as they are on disk (Markdown markup
included, which graphkit blanks as it reads), printed one after another in a fixed rotation,
again and again, and cut into `--pages` pages at the last space before each 3,000th
character — like the pages of a printed dossier, a page may start mid-sentence. Each page is
one ``.txt`` file in a temporary folder. The store whose names the gazetteer matches is
`--store` (read-only), else the bundled data loaded into a temporary one (not timed).

Measured, in this process (medians of `--repeat` runs, each run with a spaCy pipeline of its
own, built beforehand and not timed unless the row says so: a tokenizer caches the pieces of
text it has seen):

- **the anchor**: building ``spacy.blank("de")`` with the ``sentencizer``, and its
  ``nlp.pipe`` over the pages' texts, every sentence visited — the floor any spaCy-based
  extractor pays to tokenise and split the text. The corpus repeats 11,288 characters some 26
  times, so after the first round the tokenizer finds most pieces in its cache; the anchor is
  also run over the four documents once each, to show what that cache is worth;
- graphkit's own spaCy pipeline (`build_nlp`: its tokenizer rules, the sentencizer, the
  stems) over the blocks extraction feeds it, the part of graphkit's time that is spaCy's;
- building the extractor (the store's names, the gazetteer, the matcher, the pipeline);
- `Extractor.extract` per page with the extractor built (reading the file included);
- `extract_files` over the files, what ``graphkit extract`` calls, building the extractor
  included (`build_nlp`'s cache emptied first);
- writing the candidates file (`write_candidates`);

and in a new process (medians of `--cli-repeat` runs), start-up included: ``graphkit --help``
(start-up alone), ``graphkit extract`` over the files, and the anchor as a ``python -c``
script reading the same files. Peak memory is the Python heap's peak (tracemalloc, one extra
untimed run, building the pipeline included) in this process and the maximum resident set
size of a new process. graphkit / anchor = graphkit's seconds over the anchor's (building
against building, reading against reading, new processes against the anchor's new process):
how many times the floor graphkit takes. Where the time goes: one profiled run (cProfile) of
`Extractor.extract` over the pages, its self time grouped by module, and its top functions.
Timings are never test assertions.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph
import spacy
import yaml
from report_file import write_report
from spacy.language import Language

import graphkit
from graphkit.config import Settings
from graphkit.extract.candidates import FORMAT, CandidatesFile, Kind, write_candidates
from graphkit.extract.nlp import build_nlp
from graphkit.extract.pipeline import Extractor, build_extractor, extract_files, guess_language
from graphkit.extract.text import read_document
from graphkit.store import GraphStore, open_store

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
#: The heading of the report's hand-written part, kept when the report is written again.
#: The anchor as a script for a new process: the files named on its command line.
ANCHOR_SCRIPT = (
    "import sys, spacy\n"
    "nlp = spacy.blank('de'); nlp.add_pipe('sentencizer')\n"
    "texts = [open(p, encoding='utf-8').read() for p in sys.argv[1:]]\n"
    "print(sum(1 for d in nlp.pipe(texts) for _ in d.sents))\n"
)
#: Runs a command (argv[2:]) and writes its seconds and maximum RSS in KiB to the file argv[1].
LAUNCHER = (
    "import os, sys, time\n"
    "started = time.perf_counter()\n"
    "pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "seconds = time.perf_counter() - started\n"
    "open(sys.argv[1], 'w').write(f'{seconds} {usage.ru_maxrss}')\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


@dataclass
class Row:
    """One measured step: median seconds over `runs`, what it read, and its peak memory."""

    step: str
    seconds: float
    runs: int
    pages: float = 0
    characters: int = 0
    anchor: float | None = None
    peak_mib: float | None = None
    peak_kind: str = ""
    check: str = ""

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.anchor if self.anchor else None


@dataclass
class Measured:
    """Everything one run measured."""

    rows: list[Row]
    process_rows: list[Row] = field(default_factory=list)
    profile: Profile | None = None
    pages: int = 0
    characters: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    kinds: list[int] = field(default_factory=list)


def document_paths(seeds: Path) -> list[Path]:
    """The four documents, in the order the corpus rotates them."""
    found = sorted(seeds.glob("*.txt")) + sorted((ROOT / "tests" / "extract" / "documents").glob("*.md"))
    if len(found) < 4:
        raise SystemExit(f"expected the two source documents in {seeds} and two in tests/extract/documents")
    return found


def build_pages(documents: Sequence[Path], *, pages: int, page_chars: int) -> list[str]:
    """The documents one after another, repeated, cut into `pages` pages of at most `page_chars`."""
    rotation = "\n\n".join(path.read_text(encoding="utf-8").strip() for path in documents) + "\n\n"
    stream = rotation * (pages * page_chars // len(rotation) + 2)
    out: list[str] = []
    at = 0
    while len(out) < pages:
        end = at + page_chars
        cut = max(stream.rfind(" ", at, end), stream.rfind("\n", at, end))
        cut = cut if cut > at else end
        out.append(stream[at:cut].strip() + "\n")
        at = cut
    return out


def write_pages(pages: Iterable[str], folder: Path) -> list[Path]:
    paths = []
    for number, text in enumerate(pages, start=1):
        path = folder / f"page-{number:03}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def fresh(make: Callable[[], T], repeat: int) -> Callable[[], T]:
    """`repeat` objects made by `make` beforehand, handed out one a call.

    Each timed run gets its own spaCy pipeline: its tokenizer caches the pieces of text it
    has seen, and a run after the first over the same pages would find them all there.
    """
    made = [make() for _ in range(repeat)]
    return made.pop


def timed(run: Callable[[], object], repeat: int) -> tuple[float, int, object]:
    """Median seconds of `repeat` runs of `run`, how many runs, and the last result."""
    times: list[float] = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(times), result


def heap_peak(run: Callable[[], object]) -> float:
    """The Python heap's peak, in MiB, during one run of `run` (tracemalloc)."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run_process(command: Sequence[str]) -> tuple[float, float, str]:
    """Run `command` in a new process: its seconds, maximum RSS (MiB) and standard output.

    A child forked from this process would report this process's peak as its own (Linux keeps
    the larger of the two over fork and exec), so a small Python process (`LAUNCHER`) starts
    the command, times it and reads its peak from ``wait4``.

    Raises:
        SystemExit: the process failed (its standard error is shown).
    """
    with tempfile.TemporaryDirectory() as tmp:
        out, err, measured = (Path(tmp) / name for name in ("out", "err", "measured"))
        with out.open("wb") as stdout, err.open("wb") as stderr:
            done = subprocess.run(
                [sys.executable, "-c", LAUNCHER, str(measured), *command], stdout=stdout, stderr=stderr
            )
        if done.returncode:
            raise SystemExit(f"{' '.join(command[:4])} … failed:\n{err.read_text()}")
        seconds, kib = measured.read_text().split()
        return float(seconds), int(kib) / 1024, out.read_text(encoding="utf-8")


def process_row(step: str, command: Sequence[str], repeat: int) -> tuple[Row, str]:
    """A row of `repeat` runs of `command` in new processes (median seconds, largest RSS)."""
    runs = [run_process(command) for _ in range(repeat)]
    row = Row(step, statistics.median(r[0] for r in runs), repeat, peak_mib=max(r[1] for r in runs))
    row.peak_kind = "RSS"
    return row, runs[-1][2]


def build_extractors(languages: Iterable[str], store: GraphStore) -> dict[str, Extractor]:
    """Extractors for `languages` as `extract_files` builds them, spaCy pipelines included."""
    build_nlp.cache_clear()
    return {lang: build_extractor(lang, store=store) for lang in sorted(set(languages))}


def extract_built(paths: Sequence[Path], extractors: dict[str, Extractor]) -> int:
    """Read and extract each page with extractors already built; the number of candidates."""
    found = 0
    for path in paths:
        document = read_document(path)
        found += len(extractors[guess_language(document.text)].extract(document))
    return found


def dump_by_libyaml(data: CandidatesFile) -> str:
    """`dump_candidates`'s YAML written by libyaml's emitter instead of PyYAML's Python one."""
    document = {
        "graphkit-candidates": FORMAT,
        "documents": data.documents,
        "candidates": [c.as_dict() for c in data.candidates],
    }
    return str(yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100))


def extract_cold(paths: Sequence[Path], store: GraphStore) -> CandidatesFile:
    """`extract_files` as a new process runs it: no spaCy pipeline built yet."""
    build_nlp.cache_clear()
    return extract_files(paths, store=store)


def graphkit_nlp(lang: str) -> Language:
    """A new graphkit pipeline for `lang` (`build_nlp` keeps one per process: emptied first)."""
    build_nlp.cache_clear()
    return build_nlp(lang)


def graphkit_sentences(paths: Sequence[Path], nlp: Language) -> int:
    """graphkit's spaCy pipeline over each page's blocks, as extraction runs it; the sentences."""
    count = 0
    for path in paths:
        document = read_document(path)
        blocks = (document.text[b.start : b.end] for b in document.blocks)
        count += sum(1 for doc in nlp.pipe(blocks) for _ in doc.sents)
    return count


def anchor_nlp() -> Language:
    """The anchor's pipeline: blank German with the sentencizer."""
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def anchor_sentences(paths: Sequence[Path], nlp: Language) -> int:
    """The anchor: `nlp` over each page's text, every sentence visited; the sentences."""
    texts = [path.read_text(encoding="utf-8") for path in paths]
    return sum(1 for doc in nlp.pipe(texts) for _ in doc.sents)


def module_of(filename: str) -> str:
    """The module a profiled function belongs to, by its dotted name (Cython ones marked)."""
    if filename == "~":
        return "C built-ins (re, str, any, …)"
    path = Path(filename)
    if path.suffix in {".pyx", ".pxd"} and not path.is_absolute():  # compiled with profiling hooks
        return ".".join(path.with_suffix("").parts) + " (Cython)"
    parts = path.with_suffix("").parts
    for root in ("graphkit", "site-packages"):
        if root in parts:
            start = parts.index(root) + (root == "site-packages")
            return ".".join(parts[start:])
    return path.stem if path.suffix else filename


def where(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return name
    return f"{module_of(filename)}:{line} `{name}`"


@dataclass
class Profile:
    """One profiled run: its self time in all, by module, the top functions by self time and
    graphkit's top functions by time with their callees (each a table's rows)."""

    seconds: float
    modules: list[list[str]]
    functions: list[list[str]]
    graphkit: list[list[str]]


def profile_run(run: Callable[[], object], top: int) -> Profile:
    """Profile one run of `run` (cProfile) and tabulate where its time went."""
    profiler = cProfile.Profile()
    profiler.runcall(run)
    entries = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in entries.values())
    by_module: dict[str, float] = {}
    for (filename, _, _), (_, _, tt, _, _) in entries.items():
        by_module[module_of(filename)] = by_module.get(module_of(filename), 0.0) + tt

    def share(seconds: float) -> str:
        return f"{100 * seconds / total:.0f} %"

    modules = [
        [name, f"{seconds:.2f}", share(seconds)]
        for name, seconds in sorted(by_module.items(), key=lambda item: -item[1])[:top]
    ]
    functions = [
        [where(*key), f"{calls:,}", f"{tt:.2f}", share(tt), f"{ct:.2f}"]
        for key, (_, calls, tt, ct, _) in sorted(entries.items(), key=lambda item: -item[1][2])[:top]
    ]
    ours = [(key, value) for key, value in entries.items() if module_of(key[0]).startswith("graphkit.")]
    graphkit = [
        [where(*key), f"{calls:,}", f"{ct:.2f}", share(ct), f"{tt:.2f}"]
        for key, (_, calls, tt, ct, _) in sorted(ours, key=lambda item: -item[1][3])[:top]
    ]
    return Profile(total, modules, functions, graphkit)


def markdown(header: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> list[str]:
    """A Markdown table; `align` has one letter per column, ``l`` or ``r``."""
    rule = "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"
    return ["| " + " | ".join(header) + " |", rule, *("| " + " | ".join(row) + " |" for row in rows)]


def cells(row: Row) -> list[str]:
    return [
        row.step,
        f"{row.seconds:,.3f}",
        f"{row.pages / row.seconds:.1f}" if row.pages else "",
        f"{row.characters / row.seconds:,.0f}" if row.characters else "",
        f"{row.ratio:.1f}" if row.ratio is not None else "",
        f"{row.peak_mib:,.0f} ({row.peak_kind})" if row.peak_mib is not None else "",
        row.check,
    ]


def table(rows: Iterable[Row]) -> list[str]:
    header = ["step", "s", "pages/s", "characters/s", "graphkit / anchor", "peak MiB", "check"]
    return markdown(header, [cells(row) for row in rows], "lrrrrrl")


def versions() -> str:
    spacy_version = spacy.about.__version__
    return f"graphkit {graphkit.__version__}, spaCy {spacy_version}, pyoxigraph {pyoxigraph.__version__}"


def kinds(data: CandidatesFile) -> list[int]:
    """The number of candidates of each kind (entities, relations, dates, counts)."""
    return [sum(c.kind is kind for c in data.candidates) for kind in Kind]


def kinds_text(numbers: Sequence[int]) -> str:
    return ", ".join(f"{n:,} {kind.value}" for kind, n in zip(Kind, numbers, strict=True))


def measure(
    args: argparse.Namespace, paths: list[Path], documents: list[Path], store_path: Path, work: Path
) -> Measured:
    """The rows in this process, the profile and the facts of the corpus."""
    pages, characters = len(paths), sum(len(p.read_text(encoding="utf-8")) for p in paths)
    repeat = args.repeat
    store = open_store(Settings(store=store_path), read_only=True)
    try:
        languages = [guess_language(read_document(p).text) for p in paths]
        lang = max(set(languages), key=languages.count)
        build_s, runs, _ = timed(anchor_nlp, repeat)
        rows = [Row('**anchor**: build `spacy.blank("de")` + `sentencizer`', build_s, runs, anchor=build_s)]
        anchor_pipelines = fresh(anchor_nlp, repeat)
        anchor_s, runs, count = timed(lambda: anchor_sentences(paths, anchor_pipelines()), repeat)
        anchor = Row(
            "**anchor**: that pipeline's `nlp.pipe` over the pages, every sentence visited",
            anchor_s,
            runs,
            pages=pages,
            characters=characters,
            anchor=anchor_s,
            check=f"{count:,} sentences",
        )
        anchor.peak_mib, anchor.peak_kind = heap_peak(lambda: anchor_sentences(paths, anchor_nlp())), "heap"
        once = sum(len(p.read_text(encoding="utf-8")) for p in documents)
        anchor_pipelines = fresh(anchor_nlp, repeat)
        seconds, runs, count = timed(lambda: anchor_sentences(documents, anchor_pipelines()), repeat)
        rows += [
            anchor,
            Row(
                f"**anchor** over the {len(documents)} documents once each, no text repeated "
                "(the tokenizer's cache of seen text cannot help)",
                seconds,
                runs,
                pages=once / args.page_chars,
                characters=once,
                anchor=anchor_s * once / characters,
                check=f"{count:,} sentences; ratio to the anchor's time for as many characters",
            ),
        ]
        graphkit_pipelines = fresh(lambda: graphkit_nlp(lang), repeat)
        seconds, runs, count = timed(lambda: graphkit_sentences(paths, graphkit_pipelines()), repeat)
        rows.append(
            Row(
                f'graphkit\'s spaCy pipeline alone (`build_nlp("{lang}")`: tokenizer rules, sentencizer, '
                "stems) over the pages' blocks",
                seconds,
                runs,
                pages=pages,
                characters=characters,
                anchor=anchor_s,
                check=f"{count:,} sentences",
            )
        )
        seconds, runs, extractors = timed(lambda: build_extractors(languages, store), repeat)
        assert isinstance(extractors, dict)
        names = sum(len(x.gazetteer.by_norm) for x in extractors.values())
        rows.append(
            Row(
                f"build the extractor ({', '.join(sorted(extractors))}: the store's names, gazetteer, "
                "matcher, spaCy pipeline)",
                seconds,
                runs,
                anchor=build_s,
                check=f"{names:,} name keys in the gazetteer",
            )
        )
        built = fresh(lambda: build_extractors(languages, store), repeat + 1)
        seconds, runs, found = timed(lambda: extract_built(paths, built()), repeat)
        rows.append(
            Row(
                "`Extractor.extract` per page, extractor built (reading the file included)",
                seconds,
                runs,
                pages=pages,
                characters=characters,
                anchor=anchor_s,
                check=f"{found:,} candidates",
            )
        )
        seconds, runs, data = timed(lambda: extract_cold(paths, store), repeat)
        assert isinstance(data, CandidatesFile)
        row = Row(
            f"`extract_files` over the {pages} files, what the CLI calls (building the extractor "
            "included; against the anchor's build + run)",
            seconds,
            runs,
            pages=pages,
            characters=characters,
            anchor=build_s + anchor_s,
            check=kinds_text(kinds(data)),
        )
        row.peak_mib, row.peak_kind = heap_peak(lambda: extract_files(paths, store=store)), "heap"
        rows.append(row)
        output, libyaml = work / "candidates.yaml", work / "libyaml.yaml"
        seconds, runs, _ = timed(lambda: write_candidates(data, output), repeat)
        reference, _, _ = timed(lambda: libyaml.write_text(dump_by_libyaml(data), encoding="utf-8"), repeat)
        same = libyaml.read_text(encoding="utf-8") == output.read_text(encoding="utf-8")
        rows += [
            Row(
                "`write_candidates` (the YAML file; libyaml's `CSafeDumper` where PyYAML has it)",
                seconds,
                runs,
                anchor=reference,
                check=f"{output.stat().st_size / 2**20:.1f} MiB",
            ),
            Row(
                "**reference**: the same file by PyYAML's `CSafeDumper` called directly",
                reference,
                runs,
                anchor=reference,
                check="the same text" if same else "DIFFERENT text",
            ),
        ]
        extractors = built()
        profile = profile_run(lambda: extract_built(paths, extractors), args.top)
    finally:
        store.close()
    return Measured(
        rows,
        profile=profile,
        pages=pages,
        characters=characters,
        languages={lang: languages.count(lang) for lang in sorted(set(languages))},
        kinds=kinds(data),
    )


def measure_processes(
    paths: list[Path], store_path: Path, work: Path, repeat: int, kinds: list[int]
) -> list[Row]:
    """The rows in new processes: the anchor, graphkit's start-up, ``graphkit extract``."""
    pages, characters = len(paths), sum(len(p.read_text(encoding="utf-8")) for p in paths)
    found = shutil.which("graphkit")
    graphkit_cli = [found] if found else [sys.executable, "-m", "graphkit"]
    files = [str(p) for p in paths]
    anchor, out = process_row(
        "**anchor** in a new process: `python -c` reading the files, the same pipeline",
        [sys.executable, "-c", ANCHOR_SCRIPT, *files],
        repeat,
    )
    anchor.pages, anchor.characters = pages, characters
    anchor.anchor, anchor.check = anchor.seconds, f"{int(out):,} sentences"
    startup, _ = process_row("`graphkit --help` (start-up alone)", [*graphkit_cli, "--help"], repeat)
    startup.anchor = anchor.seconds
    cli, out = process_row(
        f"`graphkit extract --store S -o candidates.yaml` the {pages} files",
        [*graphkit_cli, "extract", "--store", str(store_path), "-o", str(work / "cli.yaml"), *files],
        repeat,
    )
    cli.pages, cli.characters, cli.anchor = pages, characters, anchor.seconds
    summary = out.strip().split(": ", 1)[-1]
    same = [int(n) for n in re.findall(r"(\d+) (?:entit|relation|date|count)", summary)] == kinds
    cli.check = f"{summary} ({'as' if same else 'NOT as'} in this process)"
    return [anchor, startup, cli]


def prepare_store(args: argparse.Namespace, work: Path) -> Path:
    """The store named by `--store`, else the bundled data loaded into `work` (not timed)."""
    if args.store:
        return Path(args.store)
    store_path = work / "store"
    subprocess.run(
        [sys.executable, "-m", "graphkit", "load", "--store", str(store_path)],
        check=True,
        capture_output=True,
    )
    return store_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pages", type=int, default=100, help="pages in the corpus")
    parser.add_argument("--page-chars", type=int, default=3000, help="characters of a page, at most")
    parser.add_argument(
        "--seeds", type=Path, default=ROOT.parent / "shared" / "seeds", help="source documents"
    )
    parser.add_argument("--store", help="a loaded store to read names from (default: load the bundled data)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per in-process step; the median")
    parser.add_argument("--cli-repeat", type=int, default=3, help="runs per new-process step; the median")
    parser.add_argument("--top", type=int, default=15, help="rows of the profile tables")
    parser.add_argument("--out", type=Path, help="write the report (Markdown) and a .json beside it")
    args = parser.parse_args(argv)
    command = (
        f"python bench/extract_bench.py --pages {args.pages} --page-chars {args.page_chars} "
        f"--repeat {args.repeat} --cli-repeat {args.cli_repeat}"
    )
    started, load = time.monotonic(), os.getloadavg()[0]
    documents = document_paths(args.seeds)
    with tempfile.TemporaryDirectory(prefix="graphkit-extract-bench-") as tmp:
        work = Path(tmp)
        store_path = prepare_store(args, work)
        (work / "pages").mkdir()
        paths = write_pages(
            build_pages(documents, pages=args.pages, page_chars=args.page_chars), work / "pages"
        )
        result = measure(args, paths, documents, store_path, work)
        result.process_rows = measure_processes(paths, store_path, work, args.cli_repeat, result.kinds)
    minutes = (time.monotonic() - started) / 60
    profile = result.profile
    assert profile is not None
    corpus = (
        f"{result.pages} pages, {result.characters:,} characters "
        f"({result.characters / result.pages:,.0f} a page; languages guessed: "
        f"{', '.join(f'{n} {lang}' for lang, n in result.languages.items())}), "
        f"from {', '.join(f'`{p.name}`' for p in documents)} in rotation"
    )
    report = [
        "# Extraction benchmark",
        "",
        f"`{command}` on {platform.node()} ({platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {versions()}), {time.strftime('%Y-%m-%d')}, {minutes:.1f} min; "
        f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. Corpus: {corpus}. "
        f"A page is at most {args.page_chars:,} characters (see the script's docstring). Seconds are "
        f"medians of {args.repeat} runs in this process, of {args.cli_repeat} in new processes. "
        "graphkit / anchor: graphkit's seconds over the anchor's. Peak memory: the Python heap's peak "
        "(tracemalloc) in this process, the maximum RSS of a new process.",
        "",
        "## In this process",
        "",
        *table(result.rows),
        "",
        "## In a new process, start-up included",
        "",
        *table(result.process_rows),
        "",
        "## Where the time goes",
        "",
        f"One profiled run (cProfile) of `Extractor.extract` over the {result.pages} pages, extractor "
        f"built: {profile.seconds:.2f} s of self time under the profiler (which slows Python calls, "
        "so the shares matter, not the seconds). spaCy's Cython modules show where they were "
        "compiled with profiling hooks (the `Matcher`, `Doc`, `Token`); its C-level parts (the "
        "tokenizer's, the `PhraseMatcher`'s) count as the self time of the function that calls them.",
        "",
        "Self time by module:",
        "",
        *markdown(["module", "self s", "share"], profile.modules, "lrr"),
        "",
        "The functions with the most self time:",
        "",
        *markdown(["function", "calls", "self s", "share", "with callees s"], profile.functions, "lrrrr"),
        "",
        "graphkit's functions by their time with callees (share of the whole run):",
        "",
        *markdown(["function", "calls", "with callees s", "share", "self s"], profile.graphkit, "lrrrr"),
        "",
    ]
    print("\n".join(report), flush=True)
    results = {
        "command": command,
        "minutes": round(minutes, 1),
        "load": [load, os.getloadavg()[0]],
        "versions": versions(),
        "page_chars": args.page_chars,
        **{key: value for key, value in asdict(result).items() if key not in {"rows", "process_rows"}},
        "rows": [asdict(row) | {"ratio": row.ratio} for row in result.rows],
        "process_rows": [asdict(row) | {"ratio": row.ratio} for row in result.process_rows],
    }
    if args.out:
        write_report(args.out, report, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
