"""Allow `python -m graphkit`."""

from graphkit.cli import app

app(prog_name="graphkit")
