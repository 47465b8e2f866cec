"""Shared fixtures of the extraction tests: one spaCy pipeline per language for the session."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy", reason="graphkit extract needs spaCy: pip install 'graphkit[extract]'")

from graphkit.extract.gazetteer import KnownName, read_names
from graphkit.extract.pipeline import Extractor, build_extractor
from graphkit.store import GraphStore

#: The two source documents, beside the checkout in CI (`../shared/seeds/`).
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
DOCUMENTS = Path(__file__).with_name("documents")


@pytest.fixture(scope="session")
def graph_names(loaded: GraphStore) -> list[KnownName]:
    """The names of the bundled graph's entities."""
    return read_names(loaded)


@pytest.fixture(scope="session")
def extractor_de(loaded: GraphStore) -> Extractor:
    """The German pipeline with the bundled graph's names, built once."""
    return build_extractor("de", store=loaded)


@pytest.fixture(scope="session")
def extractor_en(loaded: GraphStore) -> Extractor:
    """The English pipeline with the bundled graph's names, built once."""
    return build_extractor("en", store=loaded)


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The folder of the two source documents (skipped where it is absent)."""
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not at {SEEDS} (CI has them at ../shared/seeds/)")
    return SEEDS
