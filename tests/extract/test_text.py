"""Documents into text: Markdown blanked in place, HTML as blocks, repeated blocks are boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import LoadError
from graphkit.extract.text import blank_markdown, document_from_text, html_to_text, read_document


def test_markdown_is_blanked_without_moving_offsets() -> None:
    text = "## Title\n\nSee [www.bbwa-berlin.de](http://www.bbwa-berlin.de) and **BBWA**.\n"
    blanked = blank_markdown(text)
    assert len(blanked) == len(text)
    assert "http" not in blanked and "**" not in blanked and "#" not in blanked
    start = text.index("BBWA**")
    assert blanked[start : start + 4] == "BBWA"
    assert blanked[text.index("www") : text.index("www") + 18] == "www.bbwa-berlin.de"


def test_repeated_blocks_are_boilerplate_and_lines_are_counted() -> None:
    footer = "EUROPÄISCHE UNION  \nEuropäischer Sozialfonds"
    doc = document_from_text(f"Erster Absatz.\n\n{footer}\n\nZweiter Absatz.\n\n{footer}\n")
    marks = [(doc.text[b.start : b.end].split()[0], b.boilerplate) for b in doc.blocks]
    assert marks == [("Erster", False), ("EUROPÄISCHE", True), ("Zweiter", False), ("EUROPÄISCHE", True)]
    assert doc.line_of(doc.text.index("Zweiter")) == 6


def test_html_becomes_blocks_without_scripts() -> None:
    text = html_to_text(
        "<html><head><title>x</title></head><body><h1>Titel</h1><p>Ein <b>Satz</b>.</p>"
        "<script>var a;</script></body></html>"
    )
    assert text == "Titel\n\nEin Satz.\n"


def test_read_document_reads_html_and_names_missing_files(tmp_path: Path) -> None:
    page = tmp_path / "Meldung 1.html"
    page.write_text("<p>Das BBSR lädt ein.</p>", encoding="utf-8")
    doc = read_document(page)
    assert doc.id == "meldung-1" and doc.text == "Das BBSR lädt ein.\n" and len(doc.sha256) == 64
    with pytest.raises(LoadError, match="no such file"):
        read_document(tmp_path / "missing.txt")
