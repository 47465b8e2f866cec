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
    "graph.group": {"en": "{count} \u00d7 {what}", "de": "{count} \u00d7 {what}"},
    "graph.group_hint": {
        "en": "{count} neighbours along “{predicate}”: double-click to show them.",
        "de": "{count} Nachbarn über „{predicate}“: Doppelklick zeigt sie.",
    },
    "graph.summarised": {
        "en": "{count} more in summary nodes",
        "de": "{count} weitere in Sammelknoten",
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
    "details.also_called_names": {"en": "also called {names}", "de": "auch genannt {names}"},
    "details.iri": {"en": "IRI", "de": "IRI"},
    "details.loading": {
        "en": "Loading the statements and their sources…",
        "de": "Lade die Aussagen und ihre Quellen…",
    },
    "details.failed": {
        "en": "The statements could not be loaded.",
        "de": "Die Aussagen konnten nicht geladen werden.",
    },
    "details.certainty.stated": {"en": "stated", "de": "belegt"},
    "details.certainty.inferred": {"en": "inferred", "de": "erschlossen"},
    "details.certainty.curated": {"en": "curated", "de": "kuratiert"},
    "details.conflict": {"en": "sources differ", "de": "Quellen uneinig"},
    "details.as_of": {"en": "as of {date}", "de": "Stand {date}"},
    "details.valid": {"en": "valid {from} \u2013 {until}", "de": "gültig {from} \u2013 {until}"},
    "details.valid_from": {"en": "valid from {date}", "de": "gültig ab {date}"},
    "details.valid_until": {"en": "valid until {date}", "de": "gültig bis {date}"},
    "details.no_source": {"en": "no source given", "de": "keine Quelle angegeben"},
    "details.unknown_source": {"en": "a source not in this answer", "de": "eine hier nicht genannte Quelle"},
    "details.more": {
        "en": "{count} more on the entity page",
        "de": "{count} weitere auf der Seite des Eintrags",
    },
    "details.referred_by": {"en": "Referred to by", "de": "Verweise auf diesen Eintrag"},
    "details.group_tip": {
        "en": "{count} neighbours along “{predicate}”: double-click to show them.",
        "de": "{count} Nachbarn über „{predicate}“: Doppelklick zeigt sie.",
    },
    # <<< details
    # >>> export and timeline (export.js, timeline.js)
    "export.menu": {"en": "Export", "de": "Export"},
    "export.title": {
        "en": "Download the view as drawn: an image, or the graph for Gephi, yEd or networkx",
        "de": "Die Ansicht wie gezeichnet herunterladen: als Bild oder als Graph für Gephi, yEd, networkx",
    },
    "export.png": {"en": "Image (PNG)", "de": "Bild (PNG)"},
    "export.svg": {"en": "Vector image (SVG)", "de": "Vektorgrafik (SVG)"},
    "export.gexf": {"en": "Graph for Gephi (GEXF)", "de": "Graph für Gephi (GEXF)"},
    "export.graphml": {"en": "Graph (GraphML)", "de": "Graph (GraphML)"},
    "export.failed": {"en": "Export failed: {message}", "de": "Export fehlgeschlagen: {message}"},
    "timeline.title": {"en": "Timeline", "de": "Zeitleiste"},
    "timeline.count": {"en": "{count} dated entries in view", "de": "{count} datierte Einträge sichtbar"},
    "timeline.period": {"en": "{start} to {end}", "de": "{start} bis {end}"},
    "timeline.from": {"en": "from {date}", "de": "ab {date}"},
    "timeline.until": {"en": "until {date}", "de": "bis {date}"},
    "timeline.other": {"en": "{predicate}: {date}", "de": "{predicate}: {date}"},
    "timeline.partial_year": {
        "en": "Given as a year only: drawn as the whole year.",
        "de": "Nur als Jahr angegeben: als ganzes Jahr gezeichnet.",
    },
    "timeline.partial_month": {
        "en": "Given as a month only: drawn as the whole month.",
        "de": "Nur als Monat angegeben: als ganzer Monat gezeichnet.",
    },
    "timeline.click": {"en": "Click to show it in the network.", "de": "Klick zeigt es im Netzwerk."},
    # <<< export and timeline
    # >>> pages (server-rendered pages' keys go here)
    "pages.footer.sparql": {"en": "SPARQL endpoint", "de": "SPARQL-Endpunkt"},
    "pages.home.title": {"en": "Home", "de": "Start"},
    "pages.home.heading": {
        "en": "Urban social-innovation networks",
        "de": "Netzwerke urbaner sozialer Innovation",
    },
    "pages.home.intro": {
        "en": "Cities, city networks, district alliances, ministries and agencies, funding programmes and "
        "EU funds, projects and events — every statement traceable to the document it comes from.",
        "de": "Städte, Städtenetzwerke, Bezirksbündnisse, Ministerien und Behörden, Förderprogramme und "
        "EU-Fonds, Projekte und Veranstaltungen — jede Aussage zurückverfolgbar bis zu dem Dokument, "
        "aus dem sie stammt.",
    },
    "pages.home.triples": {"en": "triples", "de": "Tripel"},
    "pages.home.entities": {"en": "typed entities", "de": "typisierte Einträge"},
    "pages.home.graphs": {"en": "named graphs", "de": "benannte Graphen"},
    "pages.home.sources_count": {"en": "sources", "de": "Quellen"},
    "pages.home.data_version": {"en": "data version", "de": "Datenversion"},
    "pages.home.start": {"en": "Start here", "de": "Einstieg"},
    "pages.home.bbwa": {
        "en": "BBWA — District Alliances for Economy and Labour in Berlin",
        "de": "BBWA — Bezirkliche Bündnisse für Wirtschaft und Arbeit in Berlin",
    },
    "pages.home.biwaq": {
        "en": "BIWAQ — Education, Economy, Work in the Neighbourhood",
        "de": "BIWAQ — Bildung, Wirtschaft, Arbeit im Quartier",
    },
    "pages.home.questions": {"en": "Questions to ask", "de": "Fragen an die Daten"},
    "pages.home.classes": {"en": "Classes", "de": "Klassen"},
    "pages.home.class": {"en": "class", "de": "Klasse"},
    "pages.home.class_entities": {"en": "entities", "de": "Einträge"},
    "pages.home.cite": {"en": "How to cite", "de": "Zitieren"},
    "pages.home.citation": {
        "en": "graphkit data, version {version}",
        "de": "graphkit-Daten, Version {version}",
    },
    "pages.home.version": {"en": "Data version {version}", "de": "Datenversion {version}"},
    "pages.home.licensed": {"en": ", licensed under", "de": ", lizenziert unter"},
    "pages.home.quotes_terms": {
        "en": "Quotations from the sources stay under their own terms: each source's licence, rights holder "
        "and attribution are in the graph",
        "de": "Zitate aus den Quellen stehen unter deren eigenen Bedingungen: Lizenz, Rechteinhaber und "
        "Namensnennung jeder Quelle stehen im Graphen",
    },
    "pages.home.dataset_page": {"en": "the dataset's page", "de": "die Seite des Datensatzes"},
    "pages.home.sources": {"en": "Sources", "de": "Quellen"},
    "pages.entity.in_graph": {"en": "Show in the graph", "de": "Im Netzwerk zeigen"},
    "pages.entity.neighbourhood_json": {"en": "neighbourhood (JSON)", "de": "Nachbarschaft (JSON)"},
    "pages.entity.labels": {"en": "Labels", "de": "Bezeichnungen"},
    "pages.entity.statements": {"en": "Statements", "de": "Aussagen"},
    "pages.entity.property": {"en": "property", "de": "Eigenschaft"},
    "pages.entity.value": {"en": "value", "de": "Wert"},
    "pages.entity.source": {"en": "source", "de": "Quelle"},
    "pages.entity.subject": {"en": "subject", "de": "Subjekt"},
    "pages.entity.incoming": {"en": "Referred to by", "de": "Verweise auf diesen Eintrag"},
    "pages.entity.neighbours": {"en": "Neighbours", "de": "Nachbarn"},
    "pages.entity.sources": {"en": "Sources", "de": "Quellen"},
    "pages.entity.note": {
        "en": "Source numbers in the tables are per statement; each links to the document. Quotes are the "
        "source's own words, with their line in the local record the curators read (the news item, or the "
        "FACTS.md row recording the page).",
        "de": "Die Quellennummern in den Tabellen gelten je Aussage; jede verweist auf das Dokument. Zitate "
        "sind die Worte der Quelle, mit ihrer Zeile in der lokalen Aufzeichnung, die die Kuratoren gelesen "
        "haben (die Meldung oder die FACTS.md-Zeile, die die Seite festhält).",
    },
    "pages.search.title": {"en": "Search", "de": "Suche"},
    "pages.search.count": {"en": "{count} results for", "de": "{count} Treffer für"},
    "pages.search.count_one": {"en": "{count} result for", "de": "{count} Treffer für"},
    "pages.search.hint": {
        "en": "Type a name or an abbreviation (German or English) in the box above.",
        "de": "Geben Sie oben einen Namen oder eine Abkürzung ein (deutsch oder englisch).",
    },
    "pages.sparql.examples": {"en": "Examples", "de": "Beispiele"},
    "pages.docs.title": {"en": "graphkit API", "de": "graphkit-API"},
    "pages.error.title": {"en": "Error {status}", "de": "Fehler {status}"},
    "pages.error.home": {"en": "Home", "de": "Startseite"},
    "pages.error.code.bad_request": {"en": "bad request", "de": "ungültige Anfrage"},
    "pages.error.code.busy": {"en": "busy", "de": "ausgelastet"},
    "pages.error.code.config_error": {"en": "configuration error", "de": "Konfigurationsfehler"},
    "pages.error.code.error": {"en": "error", "de": "Fehler"},
    "pages.error.code.invalid_parameter": {"en": "invalid parameter", "de": "ungültiger Parameter"},
    "pages.error.code.load_error": {"en": "load error", "de": "Ladefehler"},
    "pages.error.code.method_not_allowed": {"en": "method not allowed", "de": "Methode nicht erlaubt"},
    "pages.error.code.not_acceptable": {"en": "not acceptable", "de": "Format nicht verfügbar"},
    "pages.error.code.not_found": {"en": "not found", "de": "nicht gefunden"},
    "pages.error.code.query_error": {"en": "query error", "de": "Fehler in der Abfrage"},
    "pages.error.code.query_refused": {"en": "query refused", "de": "Abfrage abgelehnt"},
    "pages.error.code.query_timeout": {"en": "query timed out", "de": "Zeitlimit der Abfrage überschritten"},
    "pages.error.code.store_error": {"en": "store error", "de": "Fehler im Speicher"},
    "pages.error.code.too_large": {"en": "too large", "de": "zu groß"},
    "pages.error.code.validation_failed": {"en": "validation failed", "de": "Prüfung fehlgeschlagen"},
    "pages.error.candidates": {"en": "Did you mean", "de": "Meinten Sie"},
    # <<< pages
    # >>> analysis (the analysis panel of the network view, analysis.js)
    "analysis.title": {"en": "Analysis", "de": "Analyse"},
    "analysis.colour": {"en": "Colour by", "de": "Farbe nach"},
    "analysis.colour.class": {"en": "class", "de": "Klasse"},
    "analysis.colour.community": {"en": "community", "de": "Gemeinschaft"},
    "analysis.size": {"en": "Size by", "de": "Größe nach"},
    "analysis.size.default": {"en": "links in view", "de": "Verbindungen"},
    "analysis.measure.degree": {"en": "degree", "de": "Grad"},
    "analysis.measure.betweenness": {"en": "betweenness", "de": "Zwischenzentralität"},
    "analysis.measure.closeness": {"en": "closeness", "de": "Nähezentralität"},
    "analysis.measure.pagerank": {"en": "PageRank", "de": "PageRank"},
    "analysis.measure.eigenvector": {"en": "eigenvector", "de": "Eigenvektorzentralität"},
    "analysis.loading": {"en": "Computing the measures…", "de": "Berechne die Maße…"},
    "analysis.communities": {"en": "Communities", "de": "Gemeinschaften"},
    "analysis.community": {"en": "community {number}", "de": "Gemeinschaft {number}"},
    "analysis.community_count": {"en": "{count} in view", "de": "{count} im Bild"},
    "analysis.outside": {
        "en": "not in the analysed network (classification)",
        "de": "nicht im analysierten Netzwerk (Klassifikation)",
    },
    "analysis.period": {"en": "Period", "de": "Zeitraum"},
    "analysis.period.from": {"en": "From year", "de": "Ab Jahr"},
    "analysis.period.to": {"en": "To year", "de": "Bis Jahr"},
    "analysis.period.span": {"en": "{from} to {to}", "de": "{from} bis {to}"},
    "analysis.period.all": {"en": "all time", "de": "gesamter Zeitraum"},
    "analysis.period.apply": {"en": "Show this period", "de": "Diesen Zeitraum zeigen"},
    "analysis.period.all_button": {"en": "All time", "de": "Gesamter Zeitraum"},
    "analysis.period.shown": {"en": "Shown: {span}", "de": "Gezeigt: {span}"},
    "analysis.period.none": {"en": "No dated entries in view.", "de": "Keine datierten Einträge im Bild."},
    "analysis.path": {"en": "Path between two entities", "de": "Pfad zwischen zwei Einträgen"},
    "analysis.path.from": {"en": "From", "de": "Von"},
    "analysis.path.to": {"en": "To", "de": "Nach"},
    "analysis.path.find": {"en": "Find paths", "de": "Pfade suchen"},
    "analysis.path.clear": {"en": "Clear", "de": "Zurücksetzen"},
    "analysis.path.pick": {
        "en": "Choose both ends from the lists.",
        "de": "Beide Enden aus den Listen wählen.",
    },
    "analysis.path.searching": {"en": "Looking for paths…", "de": "Suche Pfade…"},
    "analysis.path.none": {
        "en": "No path of at most {max} links.",
        "de": "Kein Pfad mit höchstens {max} Verbindungen.",
    },
    "analysis.path.length": {"en": "{count} links", "de": "{count} Verbindungen"},
    "analysis.path.steps": {"en": "Steps and evidence", "de": "Schritte und Belege"},
    "analysis.path.no_source": {"en": "no source given", "de": "keine Quelle angegeben"},
    # <<< analysis
    # >>> review (the review page of a candidates file: review.html.j2, review-page.js)
    "nav.review": {"en": "Review", "de": "Vorschläge"},
    "review.title": {"en": "Review candidate facts", "de": "Vorgeschlagene Fakten prüfen"},
    "review.intro": {
        "en": "Open a candidates file written by graphkit extract, decide on each candidate, check "
        "the accepted facts and load them (with the update token) or download the edited file.",
        "de": "Öffnen Sie eine Kandidatendatei von graphkit extract, entscheiden Sie über jeden "
        "Kandidaten, prüfen Sie die angenommenen Fakten und laden Sie sie (mit dem Update-Token) "
        "oder laden Sie die bearbeitete Datei herunter.",
    },
    "review.open": {"en": "Candidates file", "de": "Kandidatendatei"},
    "review.open_note": {
        "en": "Nothing is stored on the server until you load.",
        "de": "Auf dem Server wird nichts gespeichert, bevor Sie laden.",
    },
    "review.opened": {"en": "{file}: {count} candidates", "de": "{file}: {count} Kandidaten"},
    "review.counts": {
        "en": "{proposed} proposed, {accepted} accepted, {rejected} rejected",
        "de": "{proposed} offen, {accepted} angenommen, {rejected} abgelehnt",
    },
    "review.threshold": {
        "en": "Accept every proposed candidate with confidence at least",
        "de": "Alle offenen Kandidaten annehmen mit Konfidenz ab",
    },
    "review.accept_all": {"en": "Accept all", "de": "Alle annehmen"},
    "review.accepted_all": {
        "en": "{count} accepted; {left} left proposed (they lack a subject or predicate).",
        "de": "{count} angenommen; {left} bleiben offen (ihnen fehlt Subjekt oder Prädikat).",
    },
    "review.download": {"en": "Download YAML", "de": "YAML herunterladen"},
    "review.check": {"en": "Check", "de": "Prüfen"},
    "review.load": {"en": "Load", "de": "Laden"},
    "review.token": {"en": "Update token", "de": "Update-Token"},
    "review.token_note": {
        "en": "Kept in this page only, never stored.",
        "de": "Nur in dieser Seite gehalten, nie gespeichert.",
    },
    "review.document": {"en": "Document {id}", "de": "Dokument {id}"},
    "review.kind.entity": {"en": "Entities", "de": "Einträge"},
    "review.kind.relation": {"en": "Relations", "de": "Beziehungen"},
    "review.kind.date": {"en": "Dates", "de": "Daten"},
    "review.kind.count": {"en": "Counts", "de": "Anzahlen"},
    "review.status.proposed": {"en": "proposed", "de": "offen"},
    "review.status.accepted": {"en": "accepted", "de": "angenommen"},
    "review.status.rejected": {"en": "rejected", "de": "abgelehnt"},
    "review.accept": {"en": "Accept", "de": "Annehmen"},
    "review.reject": {"en": "Reject", "de": "Ablehnen"},
    "review.reset": {"en": "Undecide", "de": "Zurücksetzen"},
    "review.label": {"en": "Label", "de": "Bezeichnung"},
    "review.class": {"en": "Class", "de": "Klasse"},
    "review.class_other": {"en": "{value} (not in the graph)", "de": "{value} (nicht im Graphen)"},
    "review.iri": {"en": "IRI", "de": "IRI"},
    "review.subject": {"en": "Subject", "de": "Subjekt"},
    "review.predicate": {"en": "Predicate", "de": "Prädikat"},
    "review.object": {"en": "Object", "de": "Objekt"},
    "review.value": {"en": "Value", "de": "Wert"},
    "review.confidence": {"en": "confidence {value}", "de": "Konfidenz {value}"},
    "review.boilerplate": {"en": "boilerplate", "de": "Textbaustein"},
    "review.existing": {"en": "in the graph", "de": "im Graphen"},
    "review.line": {"en": "line {line}", "de": "Zeile {line}"},
    "review.merge": {"en": "Merge with an existing entity", "de": "Mit vorhandenem Eintrag zusammenführen"},
    "review.merge_search": {"en": "Search the graph…", "de": "Im Graphen suchen…"},
    "review.merged": {"en": "merged into {name}", "de": "zusammengeführt mit {name}"},
    "review.unmerge": {"en": "Undo merge", "de": "Zusammenführung aufheben"},
    "review.no_hits": {"en": "No entity found.", "de": "Kein Eintrag gefunden."},
    "review.working": {"en": "Working…", "de": "Wird bearbeitet…"},
    "review.check_ok": {
        "en": "No violations: a load would write {triples} triples.",
        "de": "Keine Verstöße: Laden würde {triples} Tripel schreiben.",
    },
    "review.check_bad": {
        "en": "{count} violation(s): the accepted facts cannot be loaded as they are.",
        "de": "{count} Verstoß/Verstöße: Die angenommenen Fakten können so nicht geladen werden.",
    },
    "review.warning": {"en": "warning", "de": "Warnung"},
    "review.loaded": {
        "en": "Loaded: {triples} triples into {graphs}.",
        "de": "Geladen: {triples} Tripel in {graphs}.",
    },
    "review.no_token": {
        "en": "Enter the update token to load.",
        "de": "Geben Sie das Update-Token ein, um zu laden.",
    },
    "review.refused": {"en": "Refused ({status}): {message}", "de": "Abgelehnt ({status}): {message}"},
    "review.failed": {"en": "Failed ({status}): {message}", "de": "Fehlgeschlagen ({status}): {message}"},
    "review.candidate": {"en": "candidate {id}", "de": "Kandidat {id}"},
    # <<< review
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
