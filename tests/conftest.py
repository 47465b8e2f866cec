"""Shared fixtures: settings on a temp dir, a real on-disk store loaded with the bundled data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import rdflib

from graphkit.config import Backend, Settings
from graphkit.ingest import load_files
from graphkit.model import QueryResult, Term
from graphkit.namespaces import shorten
from graphkit.store import GraphStore, RDFLibStore, open_store

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

DATA = Path(__file__).parent / "data"


def read_graphs(paths: list[Path]) -> dict[str, rdflib.Graph]:
    """Each named graph of the files (as the loader reads them) as an rdflib graph."""
    from graphkit.loader import expand_inputs, read_quads
    from graphkit.store.terms import ox_to_rdflib

    graphs: dict[str, rdflib.Graph] = {}
    for source in expand_inputs(paths):
        for quad in read_quads(source):
            graph = graphs.setdefault(quad.graph_name.value, rdflib.Graph())  # type: ignore[union-attr]
            graph.add((ox_to_rdflib(quad.subject), ox_to_rdflib(quad.predicate), ox_to_rdflib(quad.object)))
    return graphs


def isomorphic(first: rdflib.Graph, second: rdflib.Graph) -> bool:
    """Whether two graphs are the same up to blank-node names (W3C RDFC-1.0, in pyoxigraph).

    Not `rdflib.compare.isomorphic`: the curated data's reified statements are blank nodes
    (over a thousand in one graph), which rdflib's canonicaliser takes minutes over.
    """
    import pyoxigraph as ox

    from graphkit.store.terms import from_rdflib, to_ox

    def canonical(graph: rdflib.Graph) -> set[str]:
        dataset = ox.Dataset(
            ox.Quad(to_ox(from_rdflib(s)), to_ox(from_rdflib(p)), to_ox(from_rdflib(o)))  # type: ignore[arg-type]
            for s, p, o in graph
        )
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return {str(quad) for quad in dataset}

    return len(first) == len(second) and canonical(first) == canonical(second)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store=tmp_path / "store", backend=Backend.OXIGRAPH)


@pytest.fixture
def store(settings: Settings) -> Iterator[GraphStore]:
    """An empty on-disk oxigraph store in a temp dir."""
    opened = open_store(settings)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def bundled_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder holding the bundled ontology and data, loaded (and validated) once."""
    path = tmp_path_factory.mktemp("bundled") / "store"
    opened = open_store(Settings(store=path))
    load_files(opened)
    opened.close()
    return path


@pytest.fixture(scope="session")
def loaded(bundled_store_path: Path) -> Iterator[GraphStore]:
    """The bundled graph in an on-disk oxigraph store, opened read-only."""
    opened = open_store(Settings(store=bundled_store_path), read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def loaded_rdflib() -> RDFLibStore:
    """The bundled graph in the rdflib reference backend."""
    opened = RDFLibStore()
    load_files(opened, validate=False)
    return opened


def cell(term: Term | None) -> str | None:
    """A term as tests compare it: IRIs shortened (id:berlin), literals by their value."""
    if term is None:
        return None
    if term.kind.value == "uri":
        return shorten(term.value)
    return term.value


def answer(result: QueryResult, *variables: str) -> set[tuple[str | None, ...]]:
    """The rows of a SELECT result as a set of tuples of `cell`s."""
    names = variables or tuple(result.variables)
    return {tuple(cell(row.get(v)) for v in names) for row in result.rows}


@pytest.fixture(scope="session")
def api_client(bundled_store_path: Path) -> Iterator[TestClient]:
    """The real FastAPI app over the bundled store (read-only; queries in-process)."""
    from fastapi.testclient import TestClient

    from graphkit.api.app import create_app

    settings = Settings(store=bundled_store_path)
    app = create_app(settings, open_store(settings, read_only=True), workers=False)
    with TestClient(app) as client:
        yield client


def error_shape(body: dict[str, object]) -> bool:
    """Whether a JSON body is the one error shape: {"error": {"code", "message", "detail"}}."""
    error = body.get("error")
    return (
        set(body) == {"error"}
        and isinstance(error, dict)
        and set(error) == {"code", "message", "detail"}
        and isinstance(error["message"], str)
        and isinstance(error["detail"], dict)
    )
