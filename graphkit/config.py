"""Settings: one object, read from `GRAPHKIT_*` environment variables.

Every field is documented here and in the README's settings table (a test keeps the two
in step).
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Backend(StrEnum):
    """Store backends behind the one `GraphStore` interface."""

    OXIGRAPH = "oxigraph"
    RDFLIB = "rdflib"
    REMOTE = "remote"


class Engine(StrEnum):
    """Presets for a remote SPARQL server: where its endpoints are, how its default graph behaves."""

    OXIGRAPH = "oxigraph"
    FUSEKI = "fuseki"
    VIRTUOSO = "virtuoso"
    GRAPHKIT = "graphkit"
    GENERIC = "generic"


#: A store setting with one of these schemes names a remote endpoint, not a folder.
REMOTE_STORE_SCHEMES = ("sparql+http://", "sparql+https://")


def default_store_path() -> Path:
    """Return the per-user default store: `$XDG_DATA_HOME/graphkit/store`."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "graphkit" / "store"


class Settings(BaseSettings):
    """graphkit's settings; each can be set as `GRAPHKIT_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="GRAPHKIT_", extra="ignore")

    store: Path = Field(
        default_factory=default_store_path,
        description=(
            "Folder of the on-disk store (created on first load); `sparql+http://host:port/path` "
            "selects the `remote` backend at that server instead (see GRAPHKIT_ENGINE)."
        ),
    )
    backend: Backend = Field(
        default=Backend.OXIGRAPH,
        description=(
            "Store backend: `oxigraph` (on disk, the default), `rdflib` (in memory, for tests and "
            "benchmarks) or `remote` (a SPARQL 1.1 endpoint, see GRAPHKIT_ENDPOINT)."
        ),
    )
    endpoint: str | None = Field(
        default=None,
        description=(
            "URL of the SPARQL server used by the `remote` backend: its query URL (engine "
            "`generic`) or the base the engine preset adds its paths to."
        ),
    )
    engine: Engine = Field(
        default=Engine.GENERIC,
        description=(
            "Preset for the remote server: `oxigraph` (/query, /update, /store), `fuseki` "
            "(/<dataset>/query, /update, /data), `virtuoso` (/sparql, /sparql-graph-crud-auth), "
            "`graphkit` (/sparql) or `generic` (the endpoint URL is the query URL)."
        ),
    )
    update_endpoint: str | None = Field(
        default=None,
        description="Update URL of the remote endpoint (default: the engine preset's, or GRAPHKIT_ENDPOINT).",
    )
    graph_store_endpoint: str | None = Field(
        default=None,
        description="SPARQL 1.1 Graph Store Protocol URL of the remote endpoint (default: the preset's).",
    )
    endpoint_token: str | None = Field(
        default=None,
        description="Bearer token sent to the remote endpoint (e.g. another graphkit server's update token).",
    )
    endpoint_user: str | None = Field(
        default=None,
        description="User name sent to the remote endpoint (HTTP Basic), with GRAPHKIT_ENDPOINT_PASSWORD.",
    )
    endpoint_password: str | None = Field(
        default=None,
        description="Password sent to the remote endpoint (HTTP Basic), with GRAPHKIT_ENDPOINT_USER.",
    )
    endpoint_check_interval: float = Field(
        default=1.0,
        ge=0,
        description=(
            "Seconds between two checks whether the remote endpoint's data changed (a write by "
            "another client shows up in the API within this time)."
        ),
    )
    max_rows: int = Field(
        default=10_000,
        ge=1,
        description="Most rows (or triples) a query returns; more are cut and flagged as truncated.",
    )
    query_timeout: float = Field(
        default=10.0,
        gt=0,
        description=(
            "Seconds a query may run before it is stopped "
            "(served queries run in worker processes that are killed at the limit)."
        ),
    )
    max_result_bytes: int = Field(
        default=10_000_000,
        ge=1,
        description=(
            "Approximate bytes of terms one query result may hold; "
            "more rows are cut and flagged as truncated."
        ),
    )
    max_query_bytes: int = Field(
        default=1_000_000,
        ge=1,
        description=(
            "Longest SPARQL query or update text accepted, in UTF-8 bytes; a longer one (or a "
            "/sparql request body or query string that must hold one) is refused with 413."
        ),
    )
    max_body_bytes: int = Field(
        default=50_000_000,
        ge=1,
        description=(
            "Largest request body accepted for a graph upload (/rdf-graphs PUT or POST); a larger "
            "one is refused with 413 while it is read."
        ),
    )
    sparql_workers: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Worker processes that run SPARQL for the server (queries that can run at once).",
    )
    update_token: str | None = Field(
        default=None,
        description=(
            "Bearer token that allows SPARQL Update at /sparql; unset means the endpoint is read-only."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _remote_store(cls, values: Any) -> Any:
        """Read `store = sparql+http://…` as the remote backend at that URL.

        Checked before the store becomes a `Path`, which would fold the URL's ``//``.
        """
        if isinstance(values, dict):
            store = values.get("store")
            if isinstance(store, str) and store.startswith(REMOTE_STORE_SCHEMES):
                values = {k: v for k, v in values.items() if k != "store"}
                values["backend"] = Backend.REMOTE
                values["endpoint"] = store[len("sparql+") :]
        return values
