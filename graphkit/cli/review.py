"""`graphkit review`: walk through a candidates file's proposed facts in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer

from graphkit.cli.common import StoreOption, app, opened_store, reported
from graphkit.errors import BadRequest

if TYPE_CHECKING:
    from graphkit.extract.candidates import Candidate
    from graphkit.extract.review import Review

_KEYS = "a(ccept) r(eject) s(kip) e(dit) m(erge) A(ccept all ≥ confidence) q(uit and save)"


@app.command()
def review(
    file: Annotated[
        Path, typer.Argument(help="The candidates file (from graphkit extract).", show_default=False)
    ],
    accept_all: Annotated[
        bool,
        typer.Option("--accept-all", help="Accept every proposed candidate that can be loaded, and save."),
    ] = False,
    min_confidence: Annotated[
        float, typer.Option(min=0, max=1, help="With --accept-all: only candidates this sure or more.")
    ] = 0.0,
    store: StoreOption = None,
) -> None:
    """Accept, reject, correct or merge each proposed candidate, then save the file.

    Shows each candidate's sentence with the words it was read from, its kind, label, class,
    IRI and confidence. Keys: a(ccept) r(eject) s(kip) e(dit label/class/IRI, or a date's or
    count's subject) m(erge with an existing entity found by name) A(ccept all remaining of at
    least a confidence) q(uit and save). Load the accepted facts with `graphkit load FILE`.
    """
    with reported():
        from graphkit.extract.review import Review

        session = Review.open(file)
        if accept_all:
            _accept_all(session, min_confidence)
        else:
            _walk(session, store)
        session.save()
        counts = ", ".join(f"{n} {status.value}" for status, n in session.counts().items())
        typer.echo(f"{file}: {counts}")


def _accept_all(session: Review, min_confidence: float) -> None:
    accepted, left = session.accept_all(min_confidence=min_confidence)
    typer.echo(f"accepted {len(accepted)}")
    for c, lacks in left:
        typer.echo(f"left proposed: {c.id} (needs {lacks}; set it with e)", err=True)


def _walk(session: Review, store: str | None) -> None:
    pending = session.pending()
    for number, candidate in enumerate(pending, 1):
        if candidate.status.value != "proposed":
            continue  # decided meanwhile (accept all)
        _show(session, candidate, number, len(pending))
        key = ""
        while key not in ("q", "A"):
            try:
                key = typer.prompt(_KEYS, default="s", show_default=False).strip()
            except click.Abort:
                return  # end of input: keep what was decided
            try:
                if _act(session, candidate, key, store):
                    break
            except BadRequest as error:
                typer.echo(f"  {error.message}")
        if key in ("q", "A"):
            return


def _act(session: Review, c: Candidate, key: str, store: str | None) -> bool:
    """Do what a key says; return whether to go on to the next candidate."""
    if key == "a":
        from graphkit.extract.review import missing

        lacks = missing(c)
        if lacks is not None:
            typer.echo(f"  it needs {lacks} to be loaded: set it with e")
            return False
        session.accept(c)
    elif key == "r":
        session.reject(c)
    elif key == "s":
        pass
    elif key == "e":
        from graphkit.extract.review import EDITABLE

        fields = EDITABLE[c.kind]
        name = typer.prompt(f"  field ({'/'.join(fields)})", default=fields[0])
        value = typer.prompt(f"  {name}", default=str(c.fields.get(name) or ""))
        session.edit(c, name, value)
        typer.echo(f"  {name}: {c.fields[name]}")
        return False
    elif key == "m":
        return _merge(session, c, store)
    elif key == "A":
        threshold = float(typer.prompt("  accept all remaining with confidence ≥", default="0.8"))
        _accept_all(session, threshold)
    elif key != "q":
        typer.echo(f"  keys: {_KEYS}")
        return False
    return True


def _merge(session: Review, c: Candidate, store: str | None) -> bool:
    from graphkit.extract.review import find_entities

    text = typer.prompt("  name to look for", default=str(c.fields.get("label") or c.evidence.text))
    with opened_store(store, read_only=True) as (_, opened):
        hits = find_entities(opened, text)
    if not hits:
        typer.echo("  nothing of that name")
        return False
    for n, hit in enumerate(hits, 1):
        typer.echo(f"  {n}. {hit.node.label} ({hit.node.id}, {hit.node.type_label})")
    choice = typer.prompt("  merge with (number, empty to go back)", default="", show_default=False).strip()
    if not choice.isdigit() or not 1 <= int(choice) <= len(hits):
        return False
    session.merge(c, hits[int(choice) - 1].node.iri)
    typer.echo(f"  merged into {hits[int(choice) - 1].node.iri}")
    return True


def _show(session: Review, c: Candidate, number: int, total: int) -> None:
    from graphkit.extract.review import marked_sentence

    ev = c.evidence
    marked = marked_sentence(c)
    typer.echo("")
    typer.echo(
        f"[{number}/{total}] {c.kind.value} {c.id}  confidence {c.confidence:.2f}  {ev.document}:{ev.line}"
    )
    typer.echo("  " + marked.before + typer.style(f"[{marked.match}]", bold=True) + marked.after)
    by_id = session.data.by_id()
    if c.kind.value == "relation":
        ends = [by_id.get(str(c.fields[e])) for e in ("subject", "object")]
        names = [
            str(e.fields.get("label")) if e else str(c.fields[k])
            for e, k in zip(ends, ("subject", "object"), strict=True)
        ]
        typer.echo(f"  {names[0]} —{c.fields['predicate']}→ {names[1]}")
    for key in ("label", "class", "iri", "merge_with", "value", "qualifier", "predicate", "subject"):
        if c.fields.get(key) not in (None, ""):
            typer.echo(f"  {key}: {c.fields[key]}")
