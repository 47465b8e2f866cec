"""The on-disk store folder: numbered versions, the pointer to the current one, and locks.

Every write makes a new version instead of changing the one readers see::

    store/
      FORMAT              "graphkit-store 2": this layout
      VERSION             the number of the current version, replaced atomically
      write.lock          held (flock) by the one process that may write
      versions/00000007/  an Oxigraph (RocksDB) folder, never written once published
      versions/00000007.readers   held shared (flock) by each process reading that version
      versions/tmp-<id>/  a version being written (with its own lock), published or removed

A write starts from a cheap copy of the current version (RocksDB's checkpoint: hard links to
its immutable files), changes the copy, flushes and closes it, and then publishes it by
replacing VERSION (`os.replace`, atomic on POSIX). Whatever happens before that rename —
an error, a full disk, `kill -9` — readers and the next writer see the old version; after
it, the new one. Old versions are removed once no process holds their readers lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import StoreError

FORMAT = "graphkit-store 2"
_VERSION_DIGITS = 8


@dataclass(frozen=True, slots=True)
class Pointer:
    """What VERSION said when it was read, and how to tell that it changed."""

    version: int
    stamp: tuple[int, int]  # (inode, mtime_ns) of VERSION


def _flock(path: Path, *, exclusive: bool, wait: bool) -> int | None:
    """Open `path` (creating it) and lock it; return the fd, or None if `wait` is False and it is taken."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB)
    try:
        fcntl.flock(fd, flags)
    except OSError as error:
        os.close(fd)
        if error.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return None
        raise
    return fd


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Lock:
    """A held flock; `release()` (or garbage collection of the fd) lets it go."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor releases the flock
            self._fd = None

    def __del__(self) -> None:
        self.release()


class StoreFolder:
    """The folder of one on-disk store and its versions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.versions = path / "versions"

    # --- what is there ------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether the folder holds a graphkit store of this layout."""
        return (self.path / "FORMAT").is_file() and (self.path / "VERSION").is_file()

    def is_legacy(self) -> bool:
        """Whether the folder is an Oxigraph store written by graphkit before versions existed."""
        return (self.path / "CURRENT").is_file() and not (self.path / "FORMAT").is_file()

    def pointer(self) -> Pointer:
        """Read VERSION.

        Raises:
            StoreError: the folder holds no store of this layout.
        """
        current = self.path / "VERSION"
        try:
            stat = current.stat()
            text = current.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            raise StoreError(
                f"No store at {self.path}: run `graphkit load` first "
                "(or choose another with --store / GRAPHKIT_STORE).",
                store=str(self.path),
            ) from None
        if not text.isdigit():
            raise StoreError(f"The store at {self.path} is damaged: VERSION holds {text[:40]!r}.")
        return Pointer(int(text), (stat.st_ino, stat.st_mtime_ns))

    def stamp(self) -> tuple[int, int] | None:
        """Return VERSION's (inode, mtime): a cheap check whether a new version was published."""
        try:
            stat = (self.path / "VERSION").stat()
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)

    def version_dir(self, version: int) -> Path:
        return self.versions / f"{version:0{_VERSION_DIGITS}d}"

    # --- creating ---------------------------------------------------------------------------

    def create(self) -> None:
        """Make an empty store (version 0, an empty folder) if the folder holds none."""
        if self.exists():
            return
        self.versions.mkdir(parents=True, exist_ok=True)
        self.version_dir(0).mkdir(exist_ok=True)
        (self.path / "FORMAT").write_text(FORMAT + "\n", encoding="ascii")
        self._write_pointer(0)

    def _write_pointer(self, version: int) -> None:
        temporary = self.path / f"VERSION.{uuid.uuid4().hex}"
        try:
            with open(temporary, "w", encoding="ascii") as out:
                out.write(f"{version}\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path / "VERSION")
        except OSError:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()  # e.g. a full disk: the old pointer stays, the half file goes
            raise
        _fsync_dir(self.path)

    # --- locks ------------------------------------------------------------------------------

    def lock_writer(self) -> Lock:
        """Take the one writer's lock.

        Raises:
            StoreError: another process holds it.
        """
        self.path.mkdir(parents=True, exist_ok=True)
        fd = _flock(self.path / "write.lock", exclusive=True, wait=False)
        if fd is None:
            raise StoreError(
                f"Cannot open the store at {self.path} for writing: another graphkit process "
                "(a server or a load) holds it; stop it or use another --store.",
                store=str(self.path),
            )
        return Lock(fd)

    def lock_reader(self, version: int) -> Lock | None:
        """Hold `version` for reading; None if it is gone (a newer one was published meanwhile)."""
        fd = _flock(self.versions / f"{self.version_dir(version).name}.readers", exclusive=False, wait=True)
        assert fd is not None
        if not self.version_dir(version).is_dir():
            os.close(fd)
            return None
        return Lock(fd)

    # --- writing a version ------------------------------------------------------------------

    def new_scratch(self) -> tuple[Path, Lock]:
        """Return a fresh folder for a version being written, locked against collection."""
        self.versions.mkdir(parents=True, exist_ok=True)
        name = f"tmp-{uuid.uuid4().hex}"
        fd = _flock(self.versions / f"{name}.lock", exclusive=True, wait=True)
        assert fd is not None
        return self.versions / name, Lock(fd)

    def publish(self, scratch: Path) -> int:
        """Make the written folder `scratch` the current version; return its number."""
        version = self.pointer().version + 1
        target = self.version_dir(version)
        if target.exists():  # left by a writer killed between rename and pointer
            shutil.rmtree(target)
        os.rename(scratch, target)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.versions / f"{scratch.name}.lock")
        _fsync_dir(self.versions)
        self._write_pointer(version)
        return version

    def discard(self, scratch: Path) -> None:
        """Remove a version that was written but will not be published."""
        shutil.rmtree(scratch, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.versions / f"{scratch.name}.lock")

    def collect(self) -> list[Path]:
        """Remove versions no process reads any more (never the current one); return them."""
        if not self.versions.is_dir():
            return []
        try:
            current = self.pointer().version
        except StoreError:
            return []
        removed = []
        for stray in self.path.glob("VERSION.*"):
            with contextlib.suppress(FileNotFoundError):
                stray.unlink()  # a pointer a writer killed before its rename left half written
        for entry in sorted(self.versions.iterdir()):
            if entry.suffix == ".readers" and not (self.versions / entry.stem).is_dir():
                with contextlib.suppress(FileNotFoundError):
                    entry.unlink()  # left by a reader that came after its version was removed
                continue
            if entry.name.startswith("tmp-") and entry.is_dir():
                fd = _flock(self.versions / f"{entry.name}.lock", exclusive=True, wait=False)
                if fd is None:
                    continue  # still being written (or validated) by a live process
                shutil.rmtree(entry, ignore_errors=True)
                os.unlink(self.versions / f"{entry.name}.lock")
                os.close(fd)
                removed.append(entry)
            elif entry.is_dir() and entry.name.isdigit() and int(entry.name) > current:
                # Renamed by a writer killed before it switched VERSION: never published, never read.
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
            elif entry.is_dir() and entry.name.isdigit() and int(entry.name) < current:
                readers = self.versions / f"{entry.name}.readers"
                fd = _flock(readers, exclusive=True, wait=False)
                if fd is None:
                    continue  # a process still reads it
                shutil.rmtree(entry, ignore_errors=True)
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(readers)
                os.close(fd)
                removed.append(entry)
        return removed
