"""The `graphkit` command line: parse options, call one core function, print the result.

Commands are grouped by what they do with the store (`data`: in and out; `read`: ask it;
`serve`: show it); all register on the one Typer `app` of `common`.
"""

from __future__ import annotations

from graphkit.cli import analyze, data, extract, read, review, serve
from graphkit.cli.common import app

__all__ = ["analyze", "app", "data", "extract", "read", "review", "serve"]
