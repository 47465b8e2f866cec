"""The versioned store: atomic writes, readers that follow new versions, clean-up, crash safety."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.errors import StoreError
from graphkit.store import OxigraphStore
from graphkit.store.versions import StoreFolder

G = "http://example.org/g"


def quad(n: int, graph: str = G) -> ox.Quad:
    return ox.Quad(
        ox.NamedNode(f"http://example.org/s{n}"),
        ox.NamedNode("http://example.org/p"),
        ox.Literal(str(n)),
        ox.NamedNode(graph),
    )


def test_a_reader_sees_each_write_at_its_next_call(tmp_path: Path) -> None:
    writer = OxigraphStore(tmp_path / "store")
    reader = OxigraphStore(tmp_path / "store", read_only=True)
    assert reader.count() == 0 and reader.version() == "0"
    with writer.write() as w:
        w.add_quads([quad(1), quad(2)])
    assert reader.count() == 2 and reader.version() == "1"
    with writer.write() as w:
        w.drop_graphs([G])
    assert reader.count() == 0 and reader.version() == "2"
    reader.close()
    writer.close()


def test_a_failed_write_leaves_the_version_and_no_trace(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    with store.write() as w:
        w.add_quads([quad(1)])
    with pytest.raises(RuntimeError, match="boom"), store.write() as w:
        w.add_quads([quad(2), quad(3)])
        raise RuntimeError("boom")
    assert store.count() == 1 and store.version() == "1"
    assert not [p for p in (tmp_path / "store" / "versions").iterdir() if p.name.startswith("tmp-")]
    store.close()


def test_a_query_reading_an_old_version_finishes_while_a_new_one_is_published(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    with store.write() as w:
        w.add_quads([quad(n) for n in range(1000)])
    rows = store.query("SELECT ?s WHERE { ?s ?p ?o }").rows
    assert rows is not None
    first = next(rows)
    with store.write() as w:
        w.drop_graphs([G])
    assert first and sum(1 for _ in rows) == 999  # the old version stays readable until read
    assert store.count() == 0
    store.close()


def test_old_versions_are_removed_once_no_reader_holds_them(tmp_path: Path) -> None:
    folder = StoreFolder(tmp_path / "store")
    writer = OxigraphStore(tmp_path / "store")
    with writer.write() as w:
        w.add_quads([quad(1)])
    reader = OxigraphStore(tmp_path / "store", read_only=True)
    assert reader.version() == "1"
    with writer.write() as w:
        w.add_quads([quad(2)])
    assert folder.version_dir(1).is_dir()  # the reader still holds version 1
    assert reader.count() == 2  # … until it moves on to version 2
    with writer.write() as w:
        w.add_quads([quad(3)])
    assert not folder.version_dir(1).is_dir()
    reader.close()
    writer.close()


def test_a_second_writer_is_refused_and_a_dead_writers_scratch_is_cleaned(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    with pytest.raises(StoreError, match="another graphkit process"):
        OxigraphStore(tmp_path / "store")
    stale = tmp_path / "store" / "versions" / "tmp-deadbeef"
    stale.mkdir()
    (stale / "000001.sst").write_bytes(b"half written")
    store.close()
    OxigraphStore(tmp_path / "store").close()
    assert not stale.exists()


def test_a_store_written_before_versions_is_migrated_with_its_merged_default_graph(tmp_path: Path) -> None:
    legacy = ox.Store(str(tmp_path / "store"))
    legacy.extend(
        [quad(1, "http://example.org/a"), quad(1, "http://example.org/b"), quad(2, "http://example.org/b")]
    )
    legacy.flush()
    del legacy
    reader = OxigraphStore(tmp_path / "store", read_only=True)  # reads the old layout as it is
    assert reader.count() == 3
    reader.close()
    store = OxigraphStore(tmp_path / "store")
    assert StoreFolder(tmp_path / "store").exists()
    assert sorted(store.graph_names()) == ["http://example.org/a", "http://example.org/b"]
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    assert rows is not None and next(rows)["n"].value == "2"  # a set: the shared triple once
    store.close()


def test_a_writer_removes_what_a_writer_killed_before_publishing_left(tmp_path: Path) -> None:
    # kill -9 between renaming a version into place and switching VERSION, or while writing
    # the new pointer: the folder was never published, the half pointer never read.
    store = OxigraphStore(tmp_path / "store")
    with store.write() as w:
        w.add_quads([quad(1)])
    store.close()
    folder = StoreFolder(tmp_path / "store")
    unpublished = folder.version_dir(2)
    unpublished.mkdir()
    (unpublished / "000001.sst").write_bytes(b"complete but never published")
    half_pointer = tmp_path / "store" / "VERSION.0123abcd"
    half_pointer.write_text("2")
    reader = OxigraphStore(tmp_path / "store", read_only=True)
    assert reader.version() == "1" and reader.count() == 1  # readers never see either
    reader.close()
    OxigraphStore(tmp_path / "store").close()
    assert not unpublished.exists() and not half_pointer.exists()
    store = OxigraphStore(tmp_path / "store")
    with store.write() as w:
        w.add_quads([quad(2)])
    assert store.version() == "2" and store.count() == 2
    store.close()
