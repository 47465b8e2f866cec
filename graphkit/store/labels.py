"""The label index: every label, alternative label and description, searchable, kept at write time.

A SQLite database with an FTS5 table (`sqlite3` from the standard library: no server, a
single file, prefix queries and ranking in C) beside each on-disk store version
(``versions/N/labels.sqlite``). A write copies the previous version's index and re-indexes
only the subjects whose labels or descriptions it changed (all of them after a very large
write), before the version is published, so a search never sees an index of another
version. Stores without versions (in memory, rdflib, a remote endpoint) get the same index
built in memory on first use, once per store version.

Matching folds case and diacritics (`graphkit.text.fold`); every word of the query must
start a word of the label. Ranking, best first: the whole label, then labels that start
with the query (shorter first), then labels whose words start with the query's words
(shorter first); labels and alternative labels before descriptions.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graphkit.model import Term
from graphkit.namespaces import DCTERMS, GK, GRAPH, RDFS, SCHEMA, SKOS
from graphkit.store.terms import to_ox
from graphkit.text import fold, words

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore

FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
#: Predicate → kind of text: 0 a label, 1 an alternative label, 2 a description.
INDEXED: dict[str, int] = {
    RDFS + "label": 0,
    SKOS + "prefLabel": 0,
    SCHEMA + "name": 0,
    FOAF_NAME: 0,
    DCTERMS + "title": 0,
    SKOS + "altLabel": 1,
    DCTERMS + "description": 2,
}
KINDS = ("label", "alt", "description")
#: IRIs that are vocabulary or bookkeeping, never search results.
SKIPPED = (GK, GRAPH, "https://w3id.org/graphkit/load/")
#: A write that changes more subjects than this rebuilds the index instead of patching it.
REBUILD_ABOVE = 20_000
FILE = "labels.sqlite"

_TABLES = """
CREATE TABLE labels (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, text TEXT NOT NULL,
                     kind INTEGER NOT NULL, lang TEXT NOT NULL, folded TEXT NOT NULL);
CREATE INDEX labels_iri ON labels (iri);
CREATE VIRTUAL TABLE words USING fts5 (folded, content='labels', content_rowid='id',
                                       tokenize='unicode61', prefix='2');
"""
# Kept in step row by row once the index exists (a first build fills it in one go: faster).
_TRIGGERS = """
CREATE TRIGGER labels_added AFTER INSERT ON labels BEGIN
  INSERT INTO words (rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER labels_removed AFTER DELETE ON labels BEGIN
  INSERT INTO words (words, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
"""

# Row ids follow the ranking within a kind of text (labels before descriptions, shorter
# first), so the full-text table yields the best rows first and a search reads only a page.
_STARTING = """
SELECT l.id, l.iri, l.text, l.kind, l.lang, l.folded
FROM words JOIN labels l ON l.id = words.rowid
WHERE words MATCH :match ORDER BY words.rowid LIMIT :rows
"""

ALL_TEXTS = (
    "SELECT ?s ?p ?o WHERE { VALUES ?p { "
    + " ".join(f"<{p}>" for p in INDEXED)
    + " } ?s ?p ?o FILTER (isIRI(?s) && isLiteral(?o)) }"
)


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """One search result: the IRI, the text that matched, and how well (0 to 1)."""

    iri: str
    text: str
    kind: str  # "label" | "alt" | "description"
    lang: str  # "" for a text without a language tag
    score: float


def _score(folded: str, query: str, category: int, kind: int) -> float:
    if category == 0:
        score = 1.0
    elif category == 1:
        score = 0.9 - min(len(folded) - len(query), 50) / 500
    else:
        score = 0.7 - min(len(folded), 100) / 1000
    return round(score * (0.5 if kind == 2 else 1.0), 3)


def _rows(quads: Iterable[tuple[object, object, object]]) -> Iterator[tuple[str, str, int, str, str]]:
    """Yield (iri, text, kind, lang, folded) for each indexed statement."""
    for subject, predicate, obj in quads:
        if not isinstance(subject, ox.NamedNode) or not isinstance(obj, ox.Literal):
            continue
        kind = INDEXED.get(predicate.value)  # type: ignore[attr-defined]
        if kind is None or subject.value.startswith(SKIPPED):
            continue
        yield subject.value, obj.value, kind, obj.language or "", fold(obj.value)


def _fill(connection: sqlite3.Connection, rows: Iterable[tuple[str, str, int, str, str]]) -> None:
    connection.executemany("INSERT INTO labels (iri, text, kind, lang, folded) VALUES (?, ?, ?, ?, ?)", rows)


def _create(connection: sqlite3.Connection, rows: Iterable[tuple[str, str, int, str, str]]) -> None:
    """Make a new index holding `rows`, in ranking order."""
    connection.executescript(_TABLES)
    with connection:
        _fill(connection, sorted(rows, key=lambda r: (r[2] == 2, len(r[4]), r[4], r[0])))
        connection.execute("INSERT INTO words (words) VALUES ('rebuild')")
    connection.executescript(_TRIGGERS)


def _all_texts(store: ox.Store) -> Iterator[tuple[object, object, object]]:
    """Yield every indexed statement of the store's merged default graph."""
    for predicate in INDEXED:
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.DefaultGraph()):
            yield quad.subject, quad.predicate, quad.object


#: SQLite's primary result codes that mean the file could not be written (not a bug in the SQL).
_IO_CODES = {
    sqlite3.SQLITE_FULL: errno.ENOSPC,
    sqlite3.SQLITE_IOERR: errno.EIO,
    sqlite3.SQLITE_CANTOPEN: errno.EIO,
    sqlite3.SQLITE_READONLY: errno.EROFS,
}


def _io_error(error: sqlite3.OperationalError, target: Path) -> OSError | None:
    """Turn SQLite's "database or disk is full" (and other I/O failures) into the OSError they are.

    The store's writer reports an OSError as a failed write naming the cause and the file
    (a full disk is ENOSPC, as RocksDB reports it); any other SQLite error is a bug and
    stays what it is.
    """
    code = getattr(error, "sqlite_errorcode", None)
    number = _IO_CODES.get(code & 0xFF) if isinstance(code, int) else None
    if number is None:
        return None
    return OSError(number, f"{os.strerror(number)} (SQLite: {error})", str(target))


def build_index(
    store: ox.Store, target: Path, *, previous: Path | None = None, changed: set[str] | None
) -> None:
    """Write the label index of `store` (its merged default graph) to the file `target`.

    Args:
        store: the store as the write leaves it.
        target: where the index goes (a new file).
        previous: the index of the version the write started from, to patch.
        changed: subjects whose indexed texts the write may have changed; None (or too
            many, or no previous index): index everything.
    """
    patch = (
        previous is not None and previous.is_file() and changed is not None and len(changed) <= REBUILD_ABOVE
    )
    if patch:
        assert previous is not None and changed is not None
        shutil.copyfile(previous, target)
    try:
        connection = sqlite3.connect(target)
        try:
            # The file is new and only published with its version: no journal needed.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            if not patch:
                _create(connection, _rows(_all_texts(store)))
            else:
                assert changed is not None
                with connection:
                    for iri in sorted(changed):
                        connection.execute("DELETE FROM labels WHERE iri = ?", (iri,))
                        node = ox.NamedNode(iri)
                        quads = store.quads_for_pattern(node, None, None, ox.DefaultGraph())
                        _fill(connection, _rows((q.subject, q.predicate, q.object) for q in quads))
            connection.execute("PRAGMA optimize")
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        failure = _io_error(error, target)
        if failure is None:
            raise
        raise failure from error
    with open(target, "rb+") as written:  # on disk before its version is published
        os.fsync(written.fileno())


def texts_of(rows: Iterable[dict[str, Term]]) -> Iterator[tuple[object, object, object]]:
    """Turn the rows of `ALL_TEXTS` run by any backend into (subject, predicate, object) terms."""
    for row in rows:
        yield to_ox(row["s"]), to_ox(row["p"]), to_ox(row["o"])


class LabelIndex:
    """Search over one label index (a file, or built in memory); safe to share between threads.

    Args:
        path: the index file of a store version.
        texts: (subject, predicate, object) statements to index in memory instead.
    """

    def __init__(
        self, path: Path | None = None, *, texts: Iterable[tuple[object, object, object]] = ()
    ) -> None:
        self._path = path
        self._local = threading.local()
        self._memory: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        if path is None:
            # One in-memory database, shared under a lock (it cannot be opened twice).
            self._memory = sqlite3.connect(":memory:", check_same_thread=False)
            _create(self._memory, _rows(texts))

    @classmethod
    def of_store(cls, store: ox.Store) -> LabelIndex:
        """Index a pyoxigraph store's merged default graph in memory."""
        return cls(texts=_all_texts(store))

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            assert self._path is not None
            connection = sqlite3.connect(f"{self._path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    def search(self, text: str, *, limit: int, offset: int = 0) -> list[LabelMatch]:
        """Return the best matches for `text`, one per IRI (its best text), best first."""
        query = fold(text).strip()
        terms = words(text)
        if not terms or limit <= 0:
            return []
        every = " AND ".join(f'"{term}"*' for term in terms)
        # Enough rows to find offset + limit distinct IRIs among texts that repeat an IRI.
        rows = 4 * (offset + limit) + 20
        found = self._rows(f"^{every}", rows) + self._rows(every, rows)
        best: dict[str, tuple[float, int, LabelMatch]] = {}
        for row_id, iri, label, kind, lang, folded in found:
            category = 0 if folded == query else 1 if folded.startswith(query) else 2
            score = _score(folded, query, category, kind)
            if iri not in best or (-score, row_id) < (-best[iri][0], best[iri][1]):
                best[iri] = (score, row_id, LabelMatch(iri, label, KINDS[kind], lang, score))
        ranked = sorted(best.values(), key=lambda entry: (-entry[0], entry[1]))
        return [entry[2] for entry in ranked[offset : offset + limit]]

    def _rows(self, match: str, rows: int) -> list[tuple[int, str, str, int, str, str]]:
        parameters = {"match": match, "rows": rows}
        if self._memory is not None:
            with self._lock:
                return self._memory.execute(_STARTING, parameters).fetchall()
        return self._connection().execute(_STARTING, parameters).fetchall()


def label_index(store: GraphStore) -> LabelIndex:
    """Return the label index of the store's current version."""
    return store.labels()


__all__ = [
    "ALL_TEXTS",
    "FILE",
    "INDEXED",
    "LabelIndex",
    "LabelMatch",
    "build_index",
    "label_index",
    "texts_of",
]
