"""The translation table holds every UI text, in every language, and the code asks only for its keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphkit import ui_text
from graphkit.ui_text import TEXT

PACKAGE = Path(ui_text.__file__).parent
TEMPLATES = sorted((PACKAGE / "templates").glob("*.j2"))
SCRIPTS = sorted((PACKAGE / "static" / "graph").glob("*.js"))
GROUPS = {key.split(".", 1)[0] for key in TEXT}
# A quoted dotted name in a known group: a key (`t("nav.graph", lang)`, `t("a" if x else "b")`),
# or, ending in a dot, the start of keys completed at run time (`t("details.certainty." ~ c)`).
_GROUP_NAMES = "|".join(sorted(GROUPS))
KEY = re.compile(rf"""["']((?:{_GROUP_NAMES})\.[a-z0-9_.]+)["']""")
# A call of the table in a script: view.t("…") or a local t("…").
SCRIPT_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
# An English word written straight into the page by a script, past the table: a text property
# set to a literal, or util.el(tag, "literal").
LITERAL_TEXT = re.compile(
    r"""\.(?:textContent|innerText|placeholder|title)\s*=\s*["'][^"']*[A-Za-z]{3,}"""
    r"""|\bel\(\s*["']\w+["']\s*,\s*["'][^"']*[A-Za-z]{3,}"""
)


def keys_used(text: str, pattern: re.Pattern[str]) -> set[str]:
    return set(pattern.findall(text))


def known(key: str) -> bool:
    if key.endswith("."):
        return any(k.startswith(key) for k in TEXT)
    return key in TEXT


def test_every_text_is_in_every_language() -> None:
    assert ui_text.missing() == []


def test_a_missing_translation_is_found() -> None:
    assert ui_text.missing({"x.y": {"en": "Yes"}}) == ["x.y@de"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_every_key_a_template_uses_is_in_the_table(template: Path) -> None:
    unknown = sorted(k for k in keys_used(template.read_text(encoding="utf-8"), KEY) if not known(k))
    assert unknown == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_key_a_script_uses_is_in_the_table(script: Path) -> None:
    unknown = sorted(k for k in keys_used(script.read_text(encoding="utf-8"), SCRIPT_KEY) if not known(k))
    assert unknown == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_script_writes_a_ui_word_past_the_table(script: Path) -> None:
    found = [m.group(0) for m in LITERAL_TEXT.finditer(script.read_text(encoding="utf-8"))]
    assert found == []


def test_the_pages_use_the_table() -> None:
    used = set().union(*(keys_used(p.read_text(encoding="utf-8"), KEY) for p in TEMPLATES))
    assert {"nav.graph", "pages.home.heading", "pages.entity.statements", "details.line"} <= used


def test_filling_a_text() -> None:
    assert ui_text.translate("details.line", "de", line=16) == "Zeile 16"
    assert ui_text.translate("details.line", "xx", line=16) == "line 16"
