"""The store: per-user default location, exclusive writer, read-only readers, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.config import Settings, default_store_path
from graphkit.errors import StoreError
from graphkit.export import ExportFormat, export_store
from graphkit.store import GraphStore, open_store


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
    from rdflib.compare import isomorphic

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
