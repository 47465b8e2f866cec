"""The serving benchmark's report: the issue's targets, met or missed, and the Markdown page.

Everything here reads the JSON report (a dict) that serve_bench.py builds, so the page can
be rendered again from docs/benchmarks.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from serve_workload import HUB_PAGE, MID_DEGREE, ROUTE

Report = dict[str, Any]

#: Servers in the order they run and appear, with the name the page gives them.
SERVER_TITLES = {
    "graphkit": "graphkit serve --read-only",
    "fastapi": "minimal FastAPI + pyoxigraph (`bench/anchor_fastapi.py`)",
    "oxigraph": "oxigraph serve-read-only",
    "rdflib": "rdflib-endpoint (`bench/anchor_rdflib_endpoint.py`)",
}
SHORT = {
    "graphkit": "graphkit",
    "fastapi": "FastAPI+pyoxigraph",
    "oxigraph": "oxigraph",
    "rdflib": "rdflib-endpoint",
}
#: The anchor graphkit's route is compared with in the ratio column.
ANCHOR = {"healthz": "fastapi", "entity": "fastapi", "neighbourhood": "fastapi", "hub": "fastapi"}
ANCHOR_SPARQL = "oxigraph"


@dataclass(slots=True)
class Target:
    """One target of the issue, evaluated on one size."""

    key: str
    title: str
    value: float | None
    met: bool | None  # None: could not be measured
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "value": self.value, "met": self.met, "text": self.text}


def _run(size: Report, server: str, route: str, connections: int) -> dict[str, Any] | None:
    found = size["servers"].get(server, {}).get("routes", {}).get(route, {})
    return next((r for r in found.get("runs", []) if r["connections"] == connections), None)


def _problem(size: Report, server: str, route: str, connections: int | None = None) -> str:
    entry = size["servers"].get(server, {})
    found = entry.get("routes", {}).get(route, {})
    run = _run(size, server, route, connections) if connections else None
    if run is not None and run["requests"] == 0:
        return f"no request answered in the {run['seconds']:.0f} s run"
    if run is not None and run["requests"] == run["errors"]:
        return f"all {run['requests']} requests failed"
    return str(found.get("error") or entry.get("error") or "not measured")


def _at_most(key: str, title: str, value: float | None, limit: float, unit: str, why: str) -> Target:
    if value is None:
        return Target(key, title, None, False, f"missed: {why}")
    if value <= limit:
        return Target(key, title, value, True, f"met: {value:.{_digits(value)}f} {unit}")
    over = value - limit
    return Target(
        key,
        title,
        value,
        False,
        f"missed by {over:.{_digits(over)}f} {unit} ({value:.{_digits(value)}f} {unit})",
    )


def _at_least(key: str, title: str, value: float | None, limit: float, unit: str, why: str) -> Target:
    if value is None:
        return Target(key, title, None, False, f"missed: {why}")
    if value >= limit:
        return Target(key, title, value, True, f"met: {value:.{_digits(value)}f}{unit}")
    short = f"{limit / value:.1f}x short" if value > 0 else "nothing answered"
    return Target(key, title, value, False, f"missed: {value:.{_digits(value)}f}{unit}, {short}")


def _digits(value: float) -> int:
    return 2 if abs(value) < 1 else 1 if abs(value) < 100 else 0


def _ratio(size: Report, route: str, anchor: str, connections: int) -> tuple[float | None, str]:
    ours, theirs = _run(size, "graphkit", route, connections), _run(size, anchor, route, connections)
    if ours is None or ours["requests"] == 0 or ours["errors"] == ours["requests"]:
        return None, f"graphkit: {_problem(size, 'graphkit', route, connections)}"
    if theirs is None or theirs["requests"] == theirs["errors"]:
        return None, f"{SHORT[anchor]}: {_problem(size, anchor, route, connections)}"
    return ours["rps"] / theirs["rps"], ""


def _latency(size: Report, route: str, which: str, connections: int = 1) -> tuple[float | None, str]:
    run = _run(size, "graphkit", route, connections)
    if run is None or run[which] is None:
        return None, _problem(size, "graphkit", route, connections)
    return float(run[which]), ""


def _start_problem(start: dict[str, Any]) -> str:
    """Say which route kept the start from completing (and how many more did not answer)."""
    problems = list(start.get("problems", {}).items())
    if not problems:
        return ""
    (route, why), more = problems[0], len(problems) - 1
    return f"`{route}` {why}" + (f" (and {more} more route{'s' * (more > 1)})" if more else "")


def evaluate_targets(size: Report, connections: list[int]) -> list[Target]:
    """Return the issue's targets for one size: latency at 1 connection, ratios at each count."""
    targets: list[Target] = []
    gk = size["servers"].get("graphkit", {})
    start = gk.get("start", {})
    why = _start_problem(start) or gk.get("error", "")
    targets.append(
        _at_most("start", "start → every route answering ≤ 3 s", start.get("all_routes_s"), 3.0, "s", why)
    )
    peak = gk.get("rss_peak_mb")
    targets.append(
        _at_most("rss", "server process tree ≤ 400 MB RSS (peak)", peak, 400.0, "MB", "not measured")
    )
    ratio_targets: list[tuple[str, str, float, str]] = [
        (
            "neighbourhood",
            "neighbourhood depth 1 (mid-degree) ≥ 0.5x minimal FastAPI+pyoxigraph",
            0.5,
            "fastapi",
        ),
        ("entity", "entity ≥ 0.3x the one-query route (FastAPI+pyoxigraph)", 0.3, "fastapi"),
        ("sparql", "`/sparql` 1-hop ≥ 0.5x oxigraph serve", 0.5, ANCHOR_SPARQL),
    ]
    latency_targets: list[tuple[str, str, str, float]] = [
        ("neighbourhood", "neighbourhood depth 1 (mid-degree) p99 ≤ 25 ms", "p99_ms", 25.0),
        ("hub_page", "hub first page p50 ≤ 20 ms", "p50_ms", 20.0),
        ("search", "search p50 ≤ 10 ms", "p50_ms", 10.0),
    ]
    for route, title, limit, anchor in ratio_targets:
        for count in connections:
            value, why = _ratio(size, route, anchor, count)
            targets.append(
                _at_least(f"{route}_ratio_{count}", f"{title} ({count} conn.)", value, limit, "x", why)
            )
    for route, title, which, limit in latency_targets:
        value, why = _latency(size, route, which)
        targets.append(_at_most(f"{route}_{which}", f"{title} (1 conn.)", value, limit, "ms", why))
    best = [r["rps"] for c in connections if (r := _run(size, "graphkit", "search", c)) and not r["errors"]]
    targets.append(
        _at_least(
            "search_rps",
            "search ≥ 200 req/s (best of the connection counts)",
            max(best) if best else None,
            200.0,
            " req/s",
            _problem(size, "graphkit", "search"),
        )
    )
    cli = size.get("cli", {})
    for key, title, limit in (
        ("graphkit_help", "`graphkit --help` ≤ 0.4 s", 0.4),
        ("graphkit_query", "`graphkit query 'SELECT (1 AS ?x) {}'` ≤ 0.6 s", 0.6),
    ):
        entry = cli.get(key, {})
        targets.append(
            _at_most(key, title, entry.get("seconds"), limit, "s", entry.get("error", "not measured"))
        )
    return targets


# --- Markdown ---------------------------------------------------------------------------------


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"] + [
        "| " + " | ".join(row) + " |" for row in rows
    ]


def render_markdown(report: Report) -> str:
    """Return the whole page: how it ran, the targets, then every size in detail."""
    sizes = list(report["sizes"])
    machine, settings = report["machine"], report["settings"]
    lines = [
        "# Serving benchmark",
        "",
        f"`{report['command']}` — {report['date']}, {report['elapsed_s'] / 60:.1f} minutes.",
        "",
        "graphkit is driven only through its CLI (`graphkit generate`, `load`, `query`, `serve`) and "
        "HTTP; its anchors run in the same run on the same data, one server at a time: "
        + "; ".join(f"**{SHORT[k]}**: {v}" for k, v in SERVER_TITLES.items() if k != "graphkit")
        + ". Ratios are graphkit's requests/s divided by the anchor's.",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']:.0f} GB; "
        f"{machine['os']}; Python {machine['python']}; load average {machine['load_before']} before the "
        f"run, {machine['load_after']} after (the machine is shared). Versions: "
        + ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
        + f". Load generator: {settings['loadgen']}, {settings['seconds']:g} s per route and "
        f"connection count after {settings['warmup']:g} s of warm-up; time limits: start "
        f"{settings['start_timeout']:g} s, one request {settings['route_timeout']:g} s.",
        "",
        "## Targets",
        "",
        "The issue's targets are for 1M triples; smaller sizes show the trend. Latency targets are "
        "measured at 1 connection, ratios at each connection count.",
        "",
    ]
    titles = {t["key"]: t["title"] for size in report["sizes"].values() for t in size["targets"]}
    rows = []
    for key, title in titles.items():
        cells = []
        for name in sizes:
            found = next((t for t in report["sizes"][name]["targets"] if t["key"] == key), None)
            mark = "" if found is None else "✅ " if found["met"] else "❌ "
            cells.append("-" if found is None else mark + found["text"])
        rows.append([title, *cells])
    lines += _table(["target", *[f"{int(s):,} triples" for s in sizes]], rows, "l" + "l" * len(sizes))
    notes = Path(__file__).with_name("serve_notes.md")
    if notes.is_file():  # why the misses are missed, written by hand beside the script
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    for name in sizes:
        lines += ["", *_render_size(int(name), report["sizes"][name], settings)]
    return "\n".join(lines) + "\n"


def _render_size(triples: int, size: Report, settings: Report) -> list[str]:
    data, load, cli = size["data"], size["load"], size["cli"]
    hubs = ", ".join(f"`{i}` ({n:,} links)" for i, n in data["hubs"])
    lines = [
        f"## {triples:,} triples",
        "",
        f"Data: `graphkit generate --triples {triples} --seed {data['seed']}` ({data['file_mb']:.0f} MB "
        f"N-Quads, {data['entities']:,} linked entities). Mid-degree entities ({MID_DEGREE[0]} to "
        f"{MID_DEGREE[1]} links, {len(data['mid'])} of them in turn): `{'`, `'.join(data['mid'][:4])}`…; "
        f"hubs: {hubs}; the hub's first page is `?{HUB_PAGE}`; search texts: "
        f"{', '.join(repr(t) for t in data['terms'][:6])}…",
        "",
        "### Load, open, command line",
        "",
    ]
    rows = []
    for key, title, anchor_key in (
        ("graphkit", "load: `graphkit load --no-validate` / pyoxigraph `bulk_load`", "pyoxigraph"),
    ):
        ours, theirs = load.get(key, {}), load.get(anchor_key, {})
        ratio = ours["seconds"] / theirs["seconds"] if ours.get("seconds") and theirs.get("seconds") else None
        rows.append(
            [
                title,
                f"{_num(ours.get('seconds'), 2)} s, {_num(ours.get('peak_mb'), 0)} MB peak",
                f"{_num(theirs.get('seconds'), 2)} s, {_num(theirs.get('peak_mb'), 0)} MB peak",
                "-" if ratio is None else f"{ratio:.2f}x the time",
            ]
        )
    for ours, theirs, title in (
        ("graphkit_open", "pyoxigraph_open", "read-only open → first triple, new process"),
        ("graphkit_query", "pyoxigraph_query", "`SELECT (1 AS ?x) {}`, new process"),
        ("graphkit_query", "oxigraph_query", "`SELECT (1 AS ?x) {}`, new process (anchor: `oxigraph query`)"),
        ("graphkit_help", "python", "`graphkit --help` (anchor: `python -c pass`)"),
    ):
        a, b = cli.get(ours, {}), cli.get(theirs, {})
        ratio = a["seconds"] / b["seconds"] if a.get("seconds") and b.get("seconds") else None
        rows.append(
            [
                title,
                f"{_num(a.get('seconds'), 3)} s" if a.get("seconds") else a.get("error", "-"),
                f"{_num(b.get('seconds'), 3)} s" if b.get("seconds") else b.get("error", "-"),
                "-" if ratio is None else f"{ratio:.2f}x the time",
            ]
        )
    lines += _table(["what", "graphkit", "anchor", "ratio"], rows)
    lines += [
        "",
        f"Command times are medians of {settings['repeat']} runs, including process start.",
        "",
        "### Start and memory",
        "",
    ]
    rows = []
    for key, entry in size["servers"].items():
        start = entry.get("start", {})
        problems = _start_problem(start) or entry.get("error", "")
        every = start.get("all_routes_s")
        rows.append(
            [
                SHORT[key],
                "-" if start.get("first_answer_s") is None else f"{start['first_answer_s']:.2f} s",
                f"{_num(every, 2)} s" if every is not None else problems or "-",
                _num(entry.get("rss_after_start_mb"), 0),
                _num(entry.get("rss_peak_mb"), 0),
            ]
        )
    lines += _table(
        ["server", "first answer", "every route answering", "RSS after start (MB)", "peak RSS (MB)"], rows
    )
    lines += [
        "",
        "Times from launching the process: the first answer is its first route's (`/healthz`, or the "
        "SPARQL endpoint); then each route is asked once, in the order of the table below, so the "
        "last answer includes every cache a route builds on its first request. RSS is summed over "
        "the server's whole process tree (graphkit's SPARQL workers included); the peak is sampled "
        "every 0.25 s over the whole run.",
        "",
        "### Routes",
        "",
        "Each route rotates over its ids (the SPARQL text also changes with every request); graphkit "
        "serves with its default settings (2 SPARQL workers), the anchors query the union of the "
        "named graphs, as graphkit's default graph is.",
        "",
    ]
    lines += _render_routes(size)
    same = size.get("same_json", {})
    if same:
        lines += [
            "",
            "Same JSON as graphkit from the FastAPI+pyoxigraph anchor, on the ids compared: "
            + ", ".join(f"{ROUTE[k].title} {v['same']}/{v['compared']}" for k, v in same.items())
            + ".",
        ]
    return lines


def _render_routes(size: Report) -> list[str]:
    rows = []
    for route in ROUTE.values():
        for server, entry in size["servers"].items():
            found = entry.get("routes", {}).get(route.key)
            if found is None:
                continue
            if found.get("error"):
                rows.append([route.title, SHORT[server], "-", "-", found["error"], "", "", "", ""])
                continue
            anchor = ANCHOR_SPARQL if route.key == "sparql" else ANCHOR.get(route.key)
            for run in found["runs"]:
                ratio = ""
                other = _run(size, anchor, route.key, run["connections"]) if anchor else None
                if server == "graphkit" and other and other["rps"]:
                    ratio = f"{run['rps'] / other['rps']:.2f}x {SHORT[anchor or '']}"
                latency = [_num(run["p50_ms"]), _num(run["p99_ms"])]
                if run["requests"] == 0:  # nothing came back within the run
                    latency = [f"none answered in {run['seconds']:.0f} s", "-"]
                cells = [str(run["connections"]), f"{run['requests']:,}", _num(run["rps"]), *latency]
                rows.append([route.title, SHORT[server], *cells, str(run["errors"]), ratio])
    header = ["route", "server", "conn.", "requests", "req/s", "p50 ms", "p99 ms", "errors"]
    return _table([*header, "graphkit req/s ÷ anchor"], rows, "llrrrrrrl")
