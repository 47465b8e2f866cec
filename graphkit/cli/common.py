"""What every command shares: the Typer app, the store option, errors as one line on stderr."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from graphkit.errors import ConfigError, GraphkitError

if TYPE_CHECKING:
    from graphkit.config import Settings
    from graphkit.store import GraphStore

app = typer.Typer(
    help="graphkit: a knowledge graph of urban social-innovation networks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help text: "[default: …]" stays visible
)

# A string, not a Path: `sparql+http://host:port/path` (a remote server) must keep its `//`.
StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="GRAPHKIT_STORE",
        help="Store folder, or sparql+http://host:port/path for a remote SPARQL server "
        "[default: $XDG_DATA_HOME/graphkit/store, or ~/.local/share/graphkit/store].",
        show_default=False,
    ),
]

EngineOption = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="Remote server preset: oxigraph, fuseki, virtuoso, graphkit or generic "
        "[default: GRAPHKIT_ENGINE or generic].",
        show_default=False,
    ),
]

#: What a command that must keep its data says on a backend that keeps nothing.
IN_MEMORY = "the rdflib backend is in-memory, for tests and benchmarks; it keeps nothing between commands"


PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="RDF files, folders, or '-' for stdin [default: the bundled ontology and data].",
        show_default=False,
    ),
]


@contextmanager
def reported() -> Iterator[None]:
    """Turn graphkit's errors into a message on stderr and exit code 1 (no traceback)."""
    try:
        yield
    except GraphkitError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(1) from None


def make_settings(store: str | Path | None, **overrides: object) -> Settings:
    import pydantic

    from graphkit.config import Settings

    values: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
    if store is not None:
        values["store"] = str(store)
    try:
        return Settings(**values)
    except pydantic.ValidationError as error:
        problems = "; ".join(
            f"GRAPHKIT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors()
        )
        raise ConfigError(f"Bad setting: {problems}") from None


@contextmanager
def opened_store(
    store: str | None, *, read_only: bool, **overrides: object
) -> Iterator[tuple[Settings, GraphStore]]:
    """Open the store for one command.

    A command that writes refuses a backend that keeps nothing (its write would be gone
    when the command ends); one that reads says on stderr that such a store starts empty.

    Raises:
        ConfigError: a writing command on a backend that is not persistent.
    """
    from graphkit.store import open_store

    settings = make_settings(store, **overrides)
    opened = open_store(settings, read_only=read_only)
    try:
        if not opened.capabilities.persistent:
            if not read_only:
                raise ConfigError(
                    f"Refused: {IN_MEMORY}. Use GRAPHKIT_BACKEND=oxigraph (a folder) or a remote "
                    "server (--store sparql+http://…); `graphkit serve` on rdflib loads the bundled "
                    "data into memory for as long as it runs."
                )
            typer.echo(f"note: {IN_MEMORY}; this store starts empty.", err=True)
        yield settings, opened
    finally:
        opened.close()
