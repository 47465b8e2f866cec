"""Documents not used during development: a programme announcement (de) and a conference report (en).

They were written from public facts (`../shared/facts/FACTS.md`) with an expected-facts file
each, before the pipeline was tuned on the source documents; no rule names anything in them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graphkit.extract.candidates import Candidate, Kind
from graphkit.extract.pipeline import Extractor
from graphkit.extract.text import read_document

from .conftest import DOCUMENTS


def _check(candidates: list[Candidate], expected: dict) -> list[str]:  # type: ignore[type-arg]
    entities = [c for c in candidates if c.kind is Kind.ENTITY]
    forms = {f for c in entities for f in c.fields["forms"]}
    # a body is found when a form holds its name ("… Social Affairs of Berlin" holds "… Social Affairs")
    problems = [f"entity {e!r}" for e in expected["entities"] if not any(e in f for f in forms)]
    dates = {c.fields["value"] for c in candidates if c.kind is Kind.DATE}
    problems += [
        f"date {d}" for d in expected["dates"] if str(d) not in dates
    ]  # YAML reads 2025-06-26 as a date
    counts = {(c.fields["value"], c.fields["qualifier"]) for c in candidates if c.kind is Kind.COUNT}
    problems += [f"count {c}" for c in expected["counts"] if (c["value"], c["qualifier"]) not in counts]
    by_iri = {c.fields["iri"]: c for c in entities}

    def names(ident: str) -> list[str]:
        """The forms of an entity candidate and of the one it proposes to merge with ("forum" → "… Forum")."""
        c = next(e for e in entities if e.id == ident)
        merged = by_iri.get(c.fields.get("merge_with") or "")
        return [*c.fields["forms"], *(merged.fields["forms"] if merged else [])]

    relations = {
        (form, c.fields["predicate"], other)
        for c in candidates
        if c.kind is Kind.RELATION
        for form in names(c.fields["subject"])
        for other in names(c.fields["object"])
    }
    problems += [f"relation {r}" for r in expected["relations"] if tuple(r) not in relations]
    return problems


@pytest.mark.parametrize(("name", "lang"), [("biwaq-vi-aufruf", "de"), ("eurocities-saf-warsaw-2019", "en")])
def test_new_document_bodies_programmes_events_and_dates_are_found(
    name: str, lang: str, extractor_de: Extractor, extractor_en: Extractor
) -> None:
    extractor = extractor_de if lang == "de" else extractor_en
    expected = yaml.safe_load((DOCUMENTS / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    candidates = extractor.extract(read_document(Path(DOCUMENTS / f"{name}.md")))
    problems = _check(candidates, expected)
    total = (
        len(expected["entities"])
        + len(expected["dates"])
        + len(expected["counts"])
        + len(expected["relations"])
    )
    print(f"\n{name}: {total - len(problems)}/{total} expected facts found; missing {problems}")
    assert problems == []
