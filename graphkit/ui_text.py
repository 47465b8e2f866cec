"""Every text of the user interface, in English and German: one translation table.

The server's pages take their texts from here (the Jinja global ``t``), and the network
view's scripts get the same table in the page's data (``data.text``) and translate with
``view.t(key)``: so the language switch changes every word on screen, and a missing
translation is a test failure (`tests/test_ui_text.py`), not an English word in German mode.

Keys are dotted names, grouped by where the text appears. ``{name}`` in a text is filled
from the keyword arguments of `translate` (in the scripts: the object passed to ``t``).
Data (labels of entities, classes and properties) is not translated here: it comes in both
languages from the graph.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"

TEXT: dict[str, dict[str, str]] = {
    # --- site chrome (base template) ---------------------------------------------------------
    "nav.graph": {"en": "Graph", "de": "Netzwerk"},
    "nav.sparql": {"en": "SPARQL", "de": "SPARQL"},
    "nav.stats": {"en": "Stats (JSON)", "de": "Statistik (JSON)"},
    "nav.api": {"en": "API", "de": "API"},
    "nav.language": {"en": "Language", "de": "Sprache"},
    "search.placeholder": {"en": "Search entities…", "de": "Einträge suchen…"},
    "search.label": {"en": "Search entities", "de": "Einträge suchen"},
    # --- network view: chrome ---------------------------------------------------------------
    "graph.title": {"en": "Network", "de": "Netzwerk"},
    "graph.drawing": {"en": "Network drawing", "de": "Netzwerkzeichnung"},
    "graph.labels": {"en": "Language", "de": "Sprache"},
    "graph.count": {"en": "{nodes} nodes, {edges} edges", "de": "{nodes} Knoten, {edges} Kanten"},
    "graph.count_shown": {"en": "{shown} shown", "de": "{shown} sichtbar"},
    "graph.classes": {"en": "Classes", "de": "Klassen"},
    "graph.other_class": {"en": "other", "de": "sonstige"},
    "graph.truncated": {
        "en": "This view is cut at {nodes} nodes.",
        "de": "Diese Ansicht ist bei {nodes} Knoten abgeschnitten.",
    },
    "graph.help": {
        "en": "Click a node for details, double-click to expand it. Drag to pan, scroll to zoom.",
        "de": "Klick auf einen Knoten zeigt Details, Doppelklick erweitert ihn. "
        "Ziehen verschiebt, Scrollen zoomt.",
    },
    "graph.help_static": {
        "en": "Click a node for details. Drag to pan, scroll to zoom.",
        "de": "Klick auf einen Knoten zeigt Details. Ziehen verschiebt, Scrollen zoomt.",
    },
    "graph.expand_note": {
        "en": "Only the first {shown} neighbours of {name} are shown.",
        "de": "Nur die ersten {shown} Nachbarn von „{name}“ sind gezeigt.",
    },
    "graph.expand_all": {"en": "All of them on its entity page", "de": "Alle auf der Seite des Eintrags"},
    "graph.nothing_new": {
        "en": "Every neighbour of {name} is already shown.",
        "de": "Alle Nachbarn von „{name}“ sind schon gezeigt.",
    },
    "graph.expanding": {"en": "Loading the neighbours of {name}…", "de": "Lade die Nachbarn von „{name}“…"},
    "graph.group": {"en": "{count} {what}", "de": "{count} {what}"},
    "graph.group_hint": {
        "en": "{count} neighbours along “{predicate}”: double-click to show them.",
        "de": "{count} Nachbarn über „{predicate}“: Doppelklick zeigt sie.",
    },
    "graph.share": {"en": "Share link", "de": "Link teilen"},
    "graph.share_done": {"en": "Link copied", "de": "Link kopiert"},
    "graph.fit": {"en": "Fit", "de": "Einpassen"},
    "graph.error": {"en": "Could not load: {message}", "de": "Konnte nicht geladen werden: {message}"},
    # --- network view: search ---------------------------------------------------------------
    "search.none": {"en": "Nothing found", "de": "Nichts gefunden"},
    # --- network view: tooltips and details (details.js) ------------------------------------
    "details.id": {"en": "id", "de": "ID"},
    "details.classes": {"en": "classes", "de": "Klassen"},
    "details.also_called": {"en": "also called", "de": "auch genannt"},
    "details.sources": {"en": "sources", "de": "Quellen"},
    "details.links": {"en": "links in view", "de": "Verbindungen"},
    "details.page": {"en": "Entity page", "de": "Seite des Eintrags"},
    "details.line": {"en": "line {line}", "de": "Zeile {line}"},
    # >>> details (the details panel's own keys go here)
    # <<< details
    # >>> export and timeline (export.js, timeline.js)
    # <<< export and timeline
    # >>> pages (server-rendered pages' keys go here)
    # <<< pages
}


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """Return the text of `key` in `lang` (English if `lang` is unknown), filled from `values`.

    Raises:
        KeyError: no text has this key (a programming error, caught by the tests).
    """
    texts = TEXT[key]
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def table(lang: str) -> dict[str, str]:
    """Return every text in `lang`: what a page script gets to translate with."""
    return {key: texts.get(lang) or texts[DEFAULT_LANGUAGE] for key, texts in TEXT.items()}


def tables() -> dict[str, dict[str, str]]:
    """Return the table in every language (``{lang: {key: text}}``): for a page that switches."""
    return {lang: table(lang) for lang in LANGUAGES}


def missing(texts: Mapping[str, Mapping[str, str]] = TEXT) -> list[str]:
    """Return ``key@lang`` for every text not given in every language."""
    return [f"{key}@{lang}" for key, by_lang in texts.items() for lang in LANGUAGES if not by_lang.get(lang)]


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TEXT", "missing", "table", "tables", "translate"]
