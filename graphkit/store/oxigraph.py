"""The default backend: pyoxigraph on disk, one immutable version per write (see `versions`).

Readers hold the current version open read-only and notice a newer one (a cheap `stat` per
call), so a server sees a load made by another process at its next request. The writer
holds the store's write lock; each `write()` copies the current version (hard links),
changes the copy, flushes it, and publishes it atomically.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graphkit.errors import StoreError
from graphkit.model import Term
from graphkit.store import labels
from graphkit.store.base import Capabilities, Dataset, Pinned, RawResult
from graphkit.store.query import run_ox_query
from graphkit.store.versions import Lock, StoreFolder
from graphkit.store.writer import OxWriter, count_quads, named_graphs, write_failed

#: Writes of more quads than this are followed by `optimize()` (compaction) before publishing.
OPTIMIZE_AFTER = 100_000


@dataclass(slots=True)
class _Handle:
    """One opened version: the store, the lock that keeps the version on disk, its number."""

    store: ox.Store
    lock: Lock | None
    version: int
    stamp: tuple[int, int] | None


class OxigraphStore:
    """A pyoxigraph store on disk (or in memory when `path` is None).

    Args:
        path: the store folder (created by the first writable open).
        read_only: open without the write lock (works beside a running writer).

    Raises:
        StoreError: no store there (read-only), or another process holds the write lock.
    """

    local = True

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.location = str(path) if path else ":memory:"
        self.read_only = read_only
        on_disk = path is not None
        self.capabilities = Capabilities(
            persistent=on_disk, has_path=on_disk, worker_processes=on_disk, bulk_load=True
        )
        self._folder = StoreFolder(path) if path else None
        self._write_lock: Lock | None = None
        self._legacy = False
        self._mutex = threading.Lock()
        self._writing = threading.Lock()
        self._labels: tuple[_Handle, labels.LabelIndex] | None = None
        if self._folder is None:
            self._handle = _Handle(ox.Store(), None, 0, None)
            return
        try:
            if read_only:
                if self._folder.is_legacy():
                    self._legacy = True
                    self._handle = _Handle(ox.Store.read_only(str(path)), None, 0, None)
                    return
                self._folder.pointer()  # a clear error when there is no store
            else:
                self._write_lock = self._folder.lock_writer()
                if self._folder.is_legacy():
                    _migrate(self._folder)
                self._folder.create()
                self._folder.collect()
            self._handle = self._open_current()
        except OSError as error:
            raise StoreError(f"Cannot open the store at {path}: {error}.", store=str(path)) from error

    # --- versions ---------------------------------------------------------------------------

    def _open_current(self) -> _Handle:
        folder = self._folder
        assert folder is not None
        for _ in range(20):
            pointer = folder.pointer()
            if pointer.version == 0:
                return _Handle(ox.Store(), None, 0, pointer.stamp)
            lock = folder.lock_reader(pointer.version)
            if lock is None:
                continue  # published over while we looked: read the pointer again
            store = ox.Store.read_only(str(folder.version_dir(pointer.version)))
            return _Handle(store, lock, pointer.version, pointer.stamp)
        raise StoreError(f"The store at {self.location} keeps changing; cannot open its current version.")

    def _current(self) -> _Handle:
        """Return the handle of the newest published version (reopening if one was published)."""
        handle = self._handle
        if self._folder is None or self._legacy:
            return handle
        if self._folder.stamp() != handle.stamp:
            with self._mutex:
                if self._folder.stamp() != self._handle.stamp:
                    self._handle = self._open_current()
                handle = self._handle
        return handle

    def version(self) -> str:
        return str(self._current().version)

    def pin(self) -> Pinned | None:
        if self._legacy:
            return None  # its default graph is not the merge of its named graphs
        handle = self._current()
        return Pinned(handle.store, str(handle.version), handle)

    def labels(self) -> labels.LabelIndex:
        handle = self._current()
        with self._mutex:
            cached = self._labels
            if cached is None or cached[0] is not handle:
                path = self._folder.version_dir(handle.version) / labels.FILE if self._folder else None
                if path is not None and not path.is_file():
                    path = None
                index = labels.LabelIndex(path) if path else labels.LabelIndex.of_store(handle.store)
                self._labels = cached = (handle, index)
            return cached[1]

    # --- reads ------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        union: bool = True,
        dataset: Dataset | None = None,
    ) -> RawResult:
        handle = self._current()
        return run_ox_query(
            handle.store,
            sparql,
            bindings=bindings,
            union_bag=self._legacy and union,
            dataset=dataset,
            location=self.location,
            keepalive=handle,
        )

    def graph_names(self) -> list[str]:
        return named_graphs(self._current().store)

    def count(self, graph: str | None = None) -> int:
        return count_quads(self._current().store, graph)

    def dump_nquads(self, graphs: list[str] | None = None) -> bytes:
        store = self._current().store
        names = graphs if graphs is not None else named_graphs(store)
        parts = []
        for name in names:
            quads = store.quads_for_pattern(None, None, None, ox.NamedNode(name))
            parts.append(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
        return b"".join(parts)

    # --- writes -----------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[OxWriter]:
        if self.read_only:
            raise StoreError(f"The store at {self.location} is open read-only.")
        with self._writing:
            if self._folder is None:
                yield from self._write_in_memory()
                return
            handle = self._current()
            scratch, lock = self._folder.new_scratch()
            writer: OxWriter | None = None
            try:
                if handle.version == 0:
                    scratch.mkdir()
                else:
                    handle.store.backup(str(scratch))
                writer = OxWriter(ox.Store(str(scratch)), location=self.location)
                yield writer
                written = writer.written
                changed = writer.label_subjects
                store = writer.release()
                store.flush()
                # Compaction (Rust, off the GIL) and the label index (reads) run side by side.
                compaction = _Compaction(store) if written > OPTIMIZE_AFTER else None
                try:
                    if written:
                        previous = (
                            self._folder.version_dir(handle.version) / labels.FILE if handle.version else None
                        )
                        labels.build_index(store, scratch / labels.FILE, previous=previous, changed=changed)
                finally:
                    if compaction is not None:
                        compaction.finish()
                del store  # closes the new version before it is published
                if written:
                    self._folder.publish(scratch)
                else:
                    self._folder.discard(scratch)
            except OSError as error:
                _close(writer)
                self._folder.discard(scratch)
                raise write_failed(self.location, error) from error
            except BaseException:
                _close(writer)
                self._folder.discard(scratch)
                raise
            finally:
                lock.release()
            self._current()
            self._folder.collect()

    @contextmanager
    def scratch(self) -> Iterator[OxWriter]:
        if self._folder is None or self._legacy or self._current().version == 0:
            copy = ox.Store()
            copy.bulk_extend(self._current().store.quads_for_pattern(None, None, None, None))
            if self._legacy:
                OxWriter(copy, location=self.location).merge_graphs(named_graphs(copy))
            writer = OxWriter(copy, location=self.location)
            yield writer
            writer.release()
            return
        handle = self._current()
        scratch, lock = self._folder.new_scratch()
        try:
            handle.store.backup(str(scratch))
            writer = OxWriter(ox.Store(str(scratch)), location=self.location)
            yield writer
            writer.release()
        except OSError as error:
            raise StoreError(f"Checking against the store at {self.location} failed: {error}") from error
        finally:
            self._folder.discard(scratch)
            lock.release()

    def _write_in_memory(self) -> Iterator[OxWriter]:
        copy = ox.Store()
        copy.bulk_extend(self._handle.store.quads_for_pattern(None, None, None, None))
        writer = OxWriter(copy, location=self.location)
        yield writer
        writer.release()
        self._handle = _Handle(copy, None, self._handle.version + 1, None)

    def close(self) -> None:
        # Idempotent: releasing the store (and its locks) twice is not an error.
        self.__dict__.pop("_handle", None)
        if self._write_lock is not None:
            self._write_lock.release()
            self._write_lock = None


class _Compaction(threading.Thread):
    """`Store.optimize()` in a thread of its own; `finish()` waits and re-raises its error."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__(name="graphkit-compaction", daemon=True)
        self._store: ox.Store | None = store
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            assert self._store is not None
            self._store.optimize()
        except BaseException as error:  # handed to finish()
            self.error = error
        finally:
            self._store = None

    def finish(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error


def _close(writer: OxWriter | None) -> None:
    """Close the store a failed write was writing (so its folder can be removed)."""
    if writer is not None and writer._store is not None:
        writer.release()


def _migrate(folder: StoreFolder) -> None:
    """Turn a store written before versions existed into version 1 of the new layout."""
    legacy = ox.Store(str(folder.path))
    scratch, lock = folder.new_scratch()
    try:
        legacy.backup(str(scratch))
        del legacy
        copy = ox.Store(str(scratch))
        OxWriter(copy, location=str(folder.path)).merge_graphs(named_graphs(copy))
        labels.build_index(copy, scratch / labels.FILE, changed=None)
        copy.flush()
        del copy
        for entry in folder.path.iterdir():
            if entry.name not in ("versions", "write.lock"):
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        folder.create()
        folder.publish(scratch)
    finally:
        lock.release()
