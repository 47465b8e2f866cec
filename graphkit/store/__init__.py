"""The store: one interface (`GraphStore`), its backends, and `open_store`.

`OxigraphStore` (pyoxigraph, on disk, versioned) is the default; `RDFLibStore` (an rdflib
Dataset in memory) is the reference the benchmarks compare against and the tests run
beside it; `RemoteStore` (graphkit.remote) speaks to a SPARQL 1.1 endpoint. Every query
sees the set merge of the named graphs as its default graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.errors import StoreError
from graphkit.store.base import GraphStore, GraphWriter, RawResult, query_error
from graphkit.store.oxigraph import OxigraphStore

if TYPE_CHECKING:
    from graphkit.config import Settings
    from graphkit.store.rdflib_store import RDFLibStore


def __getattr__(name: str) -> Any:
    # The rdflib backend (and rdflib) is imported only when asked for.
    if name == "RDFLibStore":
        from graphkit.store.rdflib_store import RDFLibStore

        return RDFLibStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """Open the store the settings name.

    Args:
        settings: `store` (path) and `backend` are used.
        read_only: open without taking the write lock, so it works beside a running
            server; the store must already exist.

    Raises:
        StoreError: the store is missing (read-only), locked or unreadable.
    """
    from graphkit.config import Backend

    if settings.backend is Backend.RDFLIB:
        from graphkit.store.rdflib_store import RDFLibStore

        return RDFLibStore()
    if settings.backend is Backend.REMOTE:
        from graphkit.remote import RemoteStore

        if not settings.endpoint:
            raise StoreError("The remote backend needs GRAPHKIT_ENDPOINT (the SPARQL query URL).")
        return RemoteStore(
            settings.endpoint,
            update_endpoint=settings.update_endpoint,
            token=settings.endpoint_token,
            timeout=settings.query_timeout,
            read_only=read_only,
        )
    return OxigraphStore(settings.store, read_only=read_only)


__all__ = [
    "GraphStore",
    "GraphWriter",
    "OxigraphStore",
    "RDFLibStore",
    "RawResult",
    "open_store",
    "query_error",
]
