"""The store: one interface (`GraphStore`), its backends, and `open_store`.

`OxigraphStore` (pyoxigraph, on disk, versioned) is the default; `RDFLibStore` (an rdflib
Dataset in memory) is the reference the benchmarks compare against and the tests run
beside it; `RemoteStore` speaks to a SPARQL 1.1 endpoint (Oxigraph server, Fuseki,
Virtuoso, another graphkit). Every query sees the set merge of the named graphs as its
default graph. Callers ask `store.capabilities` what a backend can do, never its class.

Each backend lives in a module of its own that imports only the shared modules (`base`,
`terms`, `labels`, `query`, `writer`, `versions`), never another backend; this package
imports a backend only when it is opened (`BACKENDS`), so the CLI starts without rdflib.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graphkit.config import Backend
from graphkit.errors import StoreError
from graphkit.store.base import Capabilities, GraphStore, GraphWriter, RawResult, query_error

if TYPE_CHECKING:
    from graphkit.config import Settings
    from graphkit.store.oxigraph import OxigraphStore
    from graphkit.store.rdflib_store import RDFLibStore
    from graphkit.store.remote import RemoteStore

#: Opens a backend: (settings, read_only) → store.
Opener = Callable[["Settings", bool], GraphStore]


def _open_oxigraph(settings: Settings, read_only: bool) -> GraphStore:
    from graphkit.store.oxigraph import OxigraphStore

    return OxigraphStore(settings.store, read_only=read_only)


def _open_rdflib(settings: Settings, read_only: bool) -> GraphStore:
    from graphkit.store.rdflib_store import RDFLibStore

    return RDFLibStore(read_only=read_only)


def _open_remote(settings: Settings, read_only: bool) -> GraphStore:
    from graphkit.store.remote import RemoteStore, endpoint_for

    if not settings.endpoint:
        raise StoreError(
            "The remote backend needs GRAPHKIT_ENDPOINT (the SPARQL server's URL), "
            "or --store sparql+http://host:port/path."
        )
    endpoint = endpoint_for(
        settings.endpoint,
        settings.engine,
        update=settings.update_endpoint,
        graph_store=settings.graph_store_endpoint,
        token=settings.endpoint_token,
        user=settings.endpoint_user,
        password=settings.endpoint_password,
    )
    return RemoteStore(
        endpoint,
        timeout=settings.query_timeout,
        read_only=read_only,
        version_interval=settings.endpoint_check_interval,
    )


#: Every backend by its name (GRAPHKIT_BACKEND); a new backend is one entry here.
BACKENDS: dict[Backend, Opener] = {
    Backend.OXIGRAPH: _open_oxigraph,
    Backend.RDFLIB: _open_rdflib,
    Backend.REMOTE: _open_remote,
}


def __getattr__(name: str) -> Any:
    # Backend classes are imported only when asked for (rdflib is slow to import).
    if name == "OxigraphStore":
        from graphkit.store.oxigraph import OxigraphStore

        return OxigraphStore
    if name == "RDFLibStore":
        from graphkit.store.rdflib_store import RDFLibStore

        return RDFLibStore
    if name == "RemoteStore":
        from graphkit.store.remote import RemoteStore

        return RemoteStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """Open the store the settings name.

    Args:
        settings: `backend` picks the opener; `store` (a folder) or `endpoint` and the
            other remote settings say where.
        read_only: open without taking the write lock, so it works beside a running
            server; the store must already exist. Writes are refused with StoreError.

    Raises:
        StoreError: the store is missing (read-only), locked or unreadable; a remote
            backend without an endpoint.
    """
    return BACKENDS[settings.backend](settings, read_only)


__all__ = [
    "BACKENDS",
    "Capabilities",
    "GraphStore",
    "GraphWriter",
    "OxigraphStore",
    "RDFLibStore",
    "RawResult",
    "RemoteStore",
    "open_store",
    "query_error",
]
