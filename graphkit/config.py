"""Settings: one object, read from `GRAPHKIT_*` environment variables.

Every field is documented here and in the README's settings table (a test keeps the two
in step).
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Backend(StrEnum):
    """Store backends behind the one `GraphStore` interface."""

    OXIGRAPH = "oxigraph"
    RDFLIB = "rdflib"


def default_store_path() -> Path:
    """Return the per-user default store: `$XDG_DATA_HOME/graphkit/store`."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "graphkit" / "store"


class Settings(BaseSettings):
    """graphkit's settings; each can be set as `GRAPHKIT_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="GRAPHKIT_", extra="ignore")

    store: Path = Field(
        default_factory=default_store_path,
        description="Folder of the on-disk store (created on first load).",
    )
    backend: Backend = Field(
        default=Backend.OXIGRAPH,
        description="Store backend: `oxigraph` (on disk, the default) or `rdflib` (in memory).",
    )
    max_rows: int = Field(
        default=10_000,
        ge=1,
        description="Most rows (or triples) a query returns; more are cut and flagged as truncated.",
    )
    query_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds a query may run while its results are read before it is stopped.",
    )
