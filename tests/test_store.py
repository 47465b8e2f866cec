"""The store: per-user default location, exclusive writer, read-only readers, clear errors."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import graphkit.store
from graphkit.config import Backend, Engine, Settings, default_store_path
from graphkit.errors import StoreError
from graphkit.export import ExportFormat, export_store
from graphkit.store import BACKENDS, GraphStore, open_store
from graphkit.store.oxigraph import OxigraphStore
from graphkit.store.rdflib_store import RDFLibStore
from graphkit.store.remote import RemoteStore, endpoint_for


def test_default_store_is_per_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_store_path() == tmp_path / "graphkit" / "store"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_store_path() == Path.home() / ".local" / "share" / "graphkit" / "store"


def test_store_location_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GRAPHKIT_STORE", str(tmp_path / "elsewhere"))
    assert Settings().store == tmp_path / "elsewhere"


def test_a_second_writer_gets_a_clear_error(store: GraphStore, settings: Settings) -> None:
    with pytest.raises(StoreError) as raised:
        open_store(settings)
    assert str(settings.store) in raised.value.message
    assert "another" in raised.value.message.lower()


def test_readers_work_beside_the_writer(store: GraphStore, settings: Settings) -> None:
    reader = open_store(settings, read_only=True)
    try:
        assert reader.count() == 0
    finally:
        reader.close()


def test_reading_a_missing_store_says_to_load_first(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="graphkit load"):
        open_store(Settings(store=tmp_path / "nothing-here"), read_only=True)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_round_trips(loaded: GraphStore, fmt: ExportFormat) -> None:
    import rdflib

    from tests.conftest import isomorphic

    data = export_store(loaded, fmt)
    assert b"http://" in data
    if fmt is ExportFormat.TURTLE:
        merged = rdflib.Graph().parse(data=data, format="turtle")
        assert len(merged) <= loaded.count()
        return
    parser = {"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt.value]
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=parser)
    expected = rdflib.Dataset()
    expected.parse(data=loaded.dump_nquads(), format="nquads")
    for name in loaded.graph_names():
        got = dataset.graph(rdflib.URIRef(name))
        want = expected.graph(rdflib.URIRef(name))
        assert isomorphic(got, want), name


def test_jsonld_export_embeds_its_context(loaded: GraphStore) -> None:
    import json

    body = json.loads(export_store(loaded, ExportFormat.JSONLD))
    assert isinstance(body["@context"], dict)
    assert body["@context"]["gk"] == "https://w3id.org/graphkit/ontology#"


# --- the package's shape ------------------------------------------------------------------------

STORE = Path(graphkit.store.__file__).parent
#: One module per backend; they share only the modules below, never each other.
BACKEND_MODULES = {"oxigraph", "rdflib_store", "remote"}
SHARED_MODULES = {"base", "terms", "labels", "query", "writer", "versions", "dialects", "graph_chunks"}


def _store_imports(path: Path, *, typing: bool = True) -> set[str]:
    """The graphkit.store modules `path` imports anywhere in it (`typing`: imports for type checks too)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        is_typing = (
            isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        )
        if is_typing and not typing:
            return
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "graphkit.store":
                found.update(alias.name for alias in node.names if (STORE / f"{alias.name}.py").exists())
            elif node.module.startswith("graphkit.store."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("graphkit.store."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_store_modules_import_in_one_direction() -> None:
    modules = {p.stem for p in STORE.glob("*.py")} - {"__init__"}
    assert modules == BACKEND_MODULES | SHARED_MODULES, "a new store module: say whether it is a backend"
    graph = {name: _store_imports(STORE / f"{name}.py") for name in modules}
    for name in BACKEND_MODULES:
        assert not graph[name] & BACKEND_MODULES, f"the {name} backend imports another backend"
    for name in SHARED_MODULES:
        assert not graph[name] & BACKEND_MODULES, f"the shared module {name} imports a backend"

    # No cycle among the imports that run (`base` and `labels` name each other's types only).
    graph = {name: _store_imports(STORE / f"{name}.py", typing=False) for name in modules}

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join((*path, name))}"
        for imported in graph[name]:
            visit(imported, (*path, name))

    for name in modules:
        visit(name, ())


def test_no_caller_checks_a_store_class() -> None:
    package = STORE.parent
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for cls in ("OxigraphStore", "RDFLibStore", "RemoteStore"):
            assert f"isinstance(store, {cls})" not in text, path
        assert ":rdflib-memory:" not in text or path.name == "rdflib_store.py", path


def test_backends_are_opened_through_the_registry() -> None:
    assert set(BACKENDS) == set(Backend)
    code = (
        "import graphkit.store, sys; print('rdflib' in sys.modules, 'graphkit.store.remote' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]  # opening the package imports no optional backend


def test_the_rdflib_backend_changes_no_library_setting_at_import() -> None:
    code = (
        "import rdflib.plugins.sparql as s; before = s.SPARQL_LOAD_GRAPHS; "
        "import graphkit.store.rdflib_store; print(before, s.SPARQL_LOAD_GRAPHS)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]


@pytest.mark.parametrize(
    ("opened", "persistent", "workers", "datasets"),
    [
        (lambda tmp: OxigraphStore(tmp / "s"), True, True, True),
        (lambda tmp: OxigraphStore(None), False, False, True),
        (lambda tmp: RDFLibStore(), False, False, False),
        (lambda tmp: RemoteStore("http://127.0.0.1:9/sparql"), True, False, True),
    ],
    ids=["oxigraph", "oxigraph-memory", "rdflib", "remote"],
)
def test_each_backend_says_what_it_can_do(
    tmp_path: Path, opened: Callable[[Path], GraphStore], persistent: bool, workers: bool, datasets: bool
) -> None:
    store = opened(tmp_path)
    try:
        can = store.capabilities
        assert (can.persistent, can.worker_processes, can.dataset_selection) == (
            persistent,
            workers,
            datasets,
        )
        assert can.has_path == (can.persistent and store.local)
    finally:
        store.close()


def test_the_rdflib_backend_refuses_writes_read_only_and_keeps_a_failed_write_out() -> None:
    import pyoxigraph as ox

    with pytest.raises(StoreError, match="read-only"), RDFLibStore(read_only=True).write():
        pass
    store = RDFLibStore()
    good = ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:a"))
    inner = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("y"))
    nested = ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), inner, ox.NamedNode("urn:z"))
    with pytest.raises(StoreError, match="triple term"), store.write() as writer:
        writer.add_quads([good, nested])  # urn:a is written before urn:z would fail
    assert store.graph_names() == [] and store.version() == "0"
    with store.write() as writer:
        writer.add_quads([good])
    assert store.graph_names() == ["urn:a"] and store.version() == "1"


def test_a_remote_store_setting_selects_the_remote_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(store="sparql+http://127.0.0.1:7878", engine=Engine.OXIGRAPH)  # type: ignore[arg-type]
    assert settings.backend is Backend.REMOTE and settings.endpoint == "http://127.0.0.1:7878"
    store = open_store(settings)
    assert isinstance(store, RemoteStore)
    assert (store.endpoint.query, store.endpoint.update, store.endpoint.graph_store) == (
        "http://127.0.0.1:7878/query",
        "http://127.0.0.1:7878/update",
        "http://127.0.0.1:7878/store",
    )
    monkeypatch.setenv("GRAPHKIT_STORE", "sparql+https://example.org/ds")
    monkeypatch.setenv("GRAPHKIT_ENGINE", "fuseki")
    fuseki = open_store(Settings())
    assert isinstance(fuseki, RemoteStore) and fuseki.endpoint.update == "https://example.org/ds/update"
    with pytest.raises(StoreError, match="GRAPHKIT_ENDPOINT"):
        open_store(Settings(backend=Backend.REMOTE, endpoint=None, store=Path("x")))


@pytest.mark.parametrize(
    ("engine", "query", "update", "graph_store"),
    [
        (Engine.OXIGRAPH, "/query", "/update", "/store"),
        (Engine.FUSEKI, "/ds/query", "/ds/update", "/ds/data"),
        (Engine.VIRTUOSO, "/sparql", "/sparql-auth", "/sparql-graph-crud-auth"),
        (Engine.GRAPHKIT, "/sparql", "/sparql", None),
        (Engine.GENERIC, "/ds", "/ds", None),
    ],
)
def test_engine_presets_name_the_endpoints(
    engine: Engine, query: str, update: str, graph_store: str | None
) -> None:
    base = "http://h:1" + ("/ds" if engine in (Engine.FUSEKI, Engine.GENERIC) else "")
    found = endpoint_for("sparql+" + base, engine, user="u", password="p")
    assert found.query == "http://h:1" + query and found.update == "http://h:1" + update
    assert found.graph_store == (None if graph_store is None else "http://h:1" + graph_store)
    assert (found.user, found.password) == ("u", "p")
    assert endpoint_for(base, engine, update="http://other/u").update == "http://other/u"
    with pytest.raises(StoreError, match="http"):
        endpoint_for("file:///etc/passwd", engine)
