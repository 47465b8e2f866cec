"""`graphkit extract`: candidate facts from documents, with their sentences, for review."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graphkit.cli.common import StoreOption, app, opened_store, reported


class ExtractLanguage(StrEnum):
    """The language of the documents (``auto``: guessed per document)."""

    AUTO = "auto"
    DE = "de"
    EN = "en"


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Documents: .txt, .md or .html.", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The candidates file to write (YAML).")
    ] = Path("candidates.yaml"),
    lang: Annotated[
        ExtractLanguage, typer.Option("--lang", help="Language of the documents.")
    ] = ExtractLanguage.AUTO,
    store: StoreOption = None,
) -> None:
    """Find candidate entities, relations, dates and counts in documents, each with its sentence.

    Names the graph already has are matched to its entities (inflected forms too); new
    organisations, programmes, events and persons are proposed with a minted id. Review the
    file, then load the accepted facts.
    """
    with reported():
        from graphkit.extract.nlp import require_spacy

        require_spacy()
        from graphkit.extract.candidates import Kind, write_candidates
        from graphkit.extract.pipeline import extract_files

        with opened_store(store, read_only=True) as (_, opened):
            data = extract_files(files, lang=lang.value, store=opened)
        write_candidates(data, output)
        counts = {kind: sum(c.kind is kind for c in data.candidates) for kind in Kind}
        plural = {
            Kind.ENTITY: "entities",
            Kind.RELATION: "relations",
            Kind.DATE: "dates",
            Kind.COUNT: "counts",
        }
        summary = ", ".join(f"{n} {kind.value if n == 1 else plural[kind]}" for kind, n in counts.items())
        typer.echo(f"{output}: {summary} from {len(data.documents)} document(s)")
