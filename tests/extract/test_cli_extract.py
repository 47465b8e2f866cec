"""`graphkit extract FILE… -o candidates.yaml`: the command, and its one-line error without spaCy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.extract.candidates import Kind, read_candidates

from .conftest import DOCUMENTS


def test_extract_writes_a_candidates_file(bundled_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "candidates.yaml"
    paths = [str(DOCUMENTS / "biwaq-vi-aufruf.md"), str(DOCUMENTS / "eurocities-saf-warsaw-2019.md")]
    result = CliRunner().invoke(app, ["extract", *paths, "-o", str(out), "--store", str(bundled_store_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{out}: ") and "from 2 document(s)" in result.output
    data = read_candidates(out)
    assert [d["lang"] for d in data.documents] == ["de", "en"]
    ids = {c.id for c in data.candidates if c.kind is Kind.ENTITY}
    assert "biwaq-vi-aufruf/entity-biwaq" in ids and "eurocities-saf-warsaw-2019/entity-eurocities" in ids


def test_extract_names_a_missing_file(bundled_store_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path / "nope.txt"), "--store", str(bundled_store_path)]
    )
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_without_spacy_the_error_names_the_extra(tmp_path: Path) -> None:
    """A Python that cannot import spaCy (blocked in sys.modules) runs the real command."""
    program = (
        "import sys; sys.modules['spacy'] = None\n"
        "from graphkit.cli import app\n"
        f"app(['extract', {str(DOCUMENTS / 'biwaq-vi-aufruf.md')!r}, '-o', {str(tmp_path / 'c.yaml')!r}])\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip() == "error: graphkit extract needs spaCy: pip install 'graphkit[extract]'"
