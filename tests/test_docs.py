"""The README's contracts: settings table, commands, set-up commands and CI agree with the code."""

from __future__ import annotations

import re
from pathlib import Path

from graphkit.cli import app
from graphkit.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_and_nothing_else() -> None:
    documented = set(re.findall(r"^\| `GRAPHKIT_(\w+)` \|", README, flags=re.MULTILINE))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_every_command_is_documented() -> None:
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}  # type: ignore[union-attr]
    for command in commands:
        assert f"`graphkit {command}" in README, command


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)
    test_command = blocks[1].strip()
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_readme_counts_the_bundled_queries() -> None:
    from graphkit.query import list_named_queries

    assert f"{len(list_named_queries())} bundled competency queries" in README
