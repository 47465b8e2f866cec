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

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        envvar="GRAPHKIT_STORE",
        help="Store folder [default: $XDG_DATA_HOME/graphkit/store, or ~/.local/share/graphkit/store].",
        show_default=False,
    ),
]


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


def make_settings(store: Path | None, **overrides: object) -> Settings:
    import pydantic

    from graphkit.config import Settings

    values: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
    if store is not None:
        values["store"] = store
    try:
        return Settings(**values)
    except pydantic.ValidationError as error:
        problems = "; ".join(
            f"GRAPHKIT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors()
        )
        raise ConfigError(f"Bad setting: {problems}") from None


@contextmanager
def opened_store(
    store: Path | None, *, read_only: bool, **overrides: object
) -> Iterator[tuple[Settings, GraphStore]]:
    from graphkit.store import open_store

    settings = make_settings(store, **overrides)
    opened = open_store(settings, read_only=read_only)
    try:
        yield settings, opened
    finally:
        opened.close()
