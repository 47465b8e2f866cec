"""Documents → candidate facts: the extraction pipeline.

`Extractor` holds what is built once (the spaCy pipeline, the patterns, the gazetteer of the
graph's names); `Extractor.extract(document)` reads one document sentence by sentence:
names the graph knows and new names the patterns find (the longest wins where they overlap;
a new name that is a known one's inflected form is the known one), dates, counts and
relations, and collects each into one candidate per entity, relation, date or count with
every place it was read. `extract_files` is what ``graphkit extract`` calls.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.extract.candidates import Candidate, CandidatesFile, Evidence, Kind
from graphkit.extract.counts import find_counts
from graphkit.extract.dates import find_dates, first_full_date
from graphkit.extract.gazetteer import Gazetteer, KnownName, is_capitals, norm_key, read_names, shipped_names
from graphkit.extract.nlp import build_nlp
from graphkit.extract.patterns import Found, build_matcher, find_new
from graphkit.extract.relations import Mention, find_relations
from graphkit.extract.text import Document, read_document
from graphkit.namespaces import GK, ID, entity_id, shorten, slug

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Span

    from graphkit.store import GraphStore

_GERMAN = re.compile(
    r"\b(der|die|das|und|des|mit|für|von|wird|werden|wurde|sich|nicht|auf|ist)\b", re.IGNORECASE
)
_ENGLISH = re.compile(r"\b(the|and|of|with|for|from|was|were|is|are|has|have|this|that)\b", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:der|die|das|des|dem|den|the|im|beim|zum|zur|vom)\s+)+", re.IGNORECASE)
_EVENTS = {"Event", "Forum", "Conference", "Workshop", "EventSeries", "EventPart"}
_PLACES = {GK + "City", GK + "Country", GK + "Region", GK + "District"}


def guess_language(text: str) -> str:
    """Return ``de`` or ``en``: whichever language's common words the text uses more."""
    return "de" if len(_GERMAN.findall(text)) >= len(_ENGLISH.findall(text)) else "en"


@dataclass(slots=True)
class _Entity:
    """An entity of one document while it is being read: its key and what is known of it."""

    key: str
    iri: str
    cls: str
    label: str
    existing: bool
    rule: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    short: str | None = None
    title: str | None = None
    norm: str = ""


class Extractor:
    """The pipeline, patterns and gazetteer for one language, built once and used for many documents."""

    def __init__(self, lang: str, names: Iterable[KnownName]) -> None:
        self.lang = lang
        self.nlp: Language = build_nlp(lang)
        self.matcher: Matcher = build_matcher(self.nlp)
        self.gazetteer = Gazetteer(self.nlp, names)

    def extract(self, document: Document) -> list[Candidate]:
        """Return the candidates of one document, entities first, then relations, dates, counts."""
        return _Reading(self, document).run()


def build_extractor(
    lang: str, *, store: GraphStore | None = None, without_graphs: Iterable[str] = ()
) -> Extractor:
    """Return an `Extractor` with the names of the store's entities and the shipped places."""
    names = read_names(store, without_graphs=without_graphs) if store is not None else []
    return Extractor(lang, [*names, *shipped_names()])


def extract_files(
    paths: Sequence[Path], *, lang: str = "auto", store: GraphStore | None = None
) -> CandidatesFile:
    """Read documents and return their candidates (``lang`` ``auto`` guesses it per document).

    Raises:
        LoadError: a file cannot be read.
        ConfigError: spaCy is not installed.
    """
    documents = [read_document(path) for path in paths]
    extractors: dict[str, Extractor] = {}
    candidates: list[Candidate] = []
    entries: list[dict[str, Any]] = []
    for document in documents:
        language = guess_language(document.text) if lang == "auto" else lang
        if language not in extractors:
            extractors[language] = build_extractor(language, store=store)
        found = extractors[language].extract(document)
        if len(documents) > 1:
            for c in found:
                c.id = f"{document.id}/{c.id}"
                for end in ("subject", "object"):
                    if c.fields.get(end) and c.kind in (Kind.RELATION, Kind.DATE, Kind.COUNT):
                        c.fields[end] = f"{document.id}/{c.fields[end]}"
        candidates += found
        entries.append(
            {
                "id": document.id,
                "path": document.path,
                "sha256": document.sha256,
                "lang": language,
                "characters": len(document.text),
            }
        )
    return CandidatesFile(documents=entries, candidates=candidates)


class _Reading:
    """One document being read: the state that spans its sentences."""

    def __init__(self, extractor: Extractor, document: Document) -> None:
        self.x = extractor
        self.doc = document
        self.year = next(iter(first_full_date(document.text[:400])), None)
        self.entities: dict[str, _Entity] = {}
        self.local_short: dict[str, str] = {}
        self.relations: dict[tuple[str, str, str], tuple[Evidence, list[Evidence], float, str]] = {}
        self.dates: dict[str, tuple[Evidence, list[Evidence], dict[str, Any]]] = {}
        self.counts: dict[tuple[int, str], tuple[Evidence, list[Evidence], dict[str, Any]]] = {}
        self.last_event: Mention | None = None

    def run(self) -> list[Candidate]:
        blocks = self.doc.blocks
        docs = list(self.x.nlp.pipe(self.doc.text[b.start : b.end] for b in blocks))
        sentences = [(b, s) for b, d in zip(blocks, docs, strict=True) for s in d.sents]
        for _, sentence in sentences:  # abbreviations defined anywhere name their entity everywhere
            for found in find_new(sentence, self.x.matcher):
                if (
                    found.short
                    and not self.x.gazetteer.lookup(found.span)
                    and found.short not in self.x.gazetteer.by_text
                ):
                    self.local_short.setdefault(found.short, norm_key(found.span))
        for block, sentence in sentences:
            self.read_sentence(block.start, block.boilerplate, sentence)
        return self.candidates()

    def evidence(
        self, offset: int, boilerplate: bool, sentence: Span, start: int, end: int, rule: str
    ) -> Evidence:
        return Evidence(
            document=self.doc.id,
            sentence=" ".join(sentence.text.split()),
            start=start,
            end=end,
            line=self.doc.line_of(start),
            text=" ".join(self.doc.text[start:end].split()),
            rule=rule,
            boilerplate=boilerplate,
        )

    def read_sentence(self, offset: int, boilerplate: bool, sentence: Span) -> None:
        s0 = offset + sentence.start_char
        mentions: list[Mention] = []
        for span, entity, rule in self.entities_in(sentence):
            start, end = offset + span.start_char, offset + span.end_char
            ev = self.evidence(offset, boilerplate, sentence, start, end, rule)
            entity.evidence.append(ev)
            if ev.text not in entity.forms:
                entity.forms.append(ev.text)
            mentions.append(Mention(entity.key, entity.cls, start, end, span.text))
        text = self.doc.text[s0 : offset + sentence.end_char]
        for r in find_relations(text, s0, mentions, last_event=self.last_event):
            ev = self.evidence(offset, boilerplate, sentence, s0, offset + sentence.end_char, r.rule)
            key = (r.subject, r.predicate, r.object)
            if key in self.relations:
                self.relations[key][1].append(ev)
            else:
                self.relations[key] = (ev, [], r.confidence, r.cue)
        for d in find_dates(text, year=self.year):
            ev = self.evidence(offset, boilerplate, sentence, s0 + d.start, s0 + d.end, f"date-{d.rule}")
            date: dict[str, Any] = {
                "value": d.value,
                "begin": d.begin,
                "until": d.until,
                "precision": d.precision,
            }
            if d.year_inferred:
                date["year_inferred"] = True
            if d.value in self.dates:
                self.dates[d.value][1].append(ev)
            else:
                self.dates[d.value] = (ev, [], date)
        events = [m for m in mentions if m.kind in _EVENTS]
        for c in find_counts(text):
            ev = self.evidence(offset, boilerplate, sentence, s0 + c.start, s0 + c.end, f"count-{c.rule}")
            subject = _count_subject(mentions, s0 + c.start, self.last_event)
            count: dict[str, Any] = {
                "value": c.value, "qualifier": shorten(c.qualifier) if c.qualifier else None, "noun": c.noun,
                "predicate": shorten(c.predicate) if c.predicate else None, "subject": subject,
            }  # fmt: skip
            seen = (c.value, c.noun.lower())
            if seen in self.counts:
                self.counts[seen][1].append(ev)
            else:
                self.counts[seen] = (ev, [], count)
        if events:
            self.last_event = events[-1]

    def entities_in(self, sentence: Span) -> list[tuple[Span, _Entity, str]]:
        """The entity mentions of a sentence: known and new names, overlaps resolved."""
        options: list[tuple[Span, KnownName | Found | str]] = []
        for match in self.x.gazetteer.find(sentence):
            options.append((match.span, match.names[0]))
        for found in find_new(sentence, self.x.matcher):
            known = self.x.gazetteer.lookup(found.span) or (
                self.x.gazetteer.by_text.get(found.short, []) if found.short else []
            )
            options.append((found.span, known[0] if known else found))
        for token in sentence:
            if token.text in self.local_short:
                options.append((sentence.doc[token.i : token.i + 1], self.local_short[token.text]))
        # longest first; on a tie the graph's own name before a pattern's
        options.sort(key=lambda o: (-len(o[0]), not isinstance(o[1], KnownName), o[0].start))
        taken: set[int] = set()
        chosen: list[tuple[Span, _Entity, str]] = []
        for span, what in options:
            if not len(span) or any(i in taken for i in range(span.start, span.end)):
                continue
            entity, rule = self.entity_for(span, what)
            if entity is None:
                continue
            taken.update(range(span.start, span.end))
            chosen.append((span, entity, rule))
        # a place named inside a longer name is mentioned too ("Projektbeispiel aus der Stadt Glasgow")
        for span, what in options:
            if (
                isinstance(what, KnownName)
                and what.cls in _PLACES
                and not any(
                    c[0].start <= span.start and span.end <= c[0].end and c[1].iri == what.iri for c in chosen
                )
            ):
                inside = [
                    c
                    for c in chosen
                    if c[0].start <= span.start
                    and span.end <= c[0].end
                    and len(c[0]) > len(span)
                    and c[1].cls != GK + "Person"
                ]
                if inside:
                    entity, rule = self.entity_for(span, what)
                    if entity is not None:
                        chosen.append((span, entity, "gazetteer-nested"))
        return sorted(chosen, key=lambda c: c[0].start)

    def entity_for(self, span: Span, what: KnownName | Found | str) -> tuple[_Entity | None, str]:
        if isinstance(what, KnownName):
            rule = "gazetteer-alt" if what.alt else "gazetteer-label"
            key = what.iri
            if key not in self.entities:
                self.entities[key] = _Entity(
                    key, what.iri, what.cls, what.label, True, rule, 0.9 if what.alt else 0.95
                )
            return self.entities[key], rule
        if isinstance(what, str):  # an abbreviation the document defined
            entity = self.entities.get("new:" + what)
            return entity, "document-abbreviation"
        norm = norm_key(what.span)
        key = "new:" + norm
        if key not in self.entities:
            label = _LEADING.sub("", " ".join(what.span.text.split()))
            if not label or len(label) < 3:
                return None, what.rule
            self.entities[key] = _Entity(
                key, ID + ascii_slug(label), what.cls, label, False, what.rule, what.confidence,
                short=what.short, title=what.title, norm=norm,
            )  # fmt: skip
        return self.entities[key], what.rule

    def candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        ids: dict[str, str] = {}
        used: set[str] = set()

        def unique(base: str) -> str:
            ident, n = base, 2
            while ident in used:
                ident, n = f"{base}-{n}", n + 1
            used.add(ident)
            return ident

        mentioned = [e for e in self.entities.values() if e.existing and e.evidence]
        for e in self.entities.values():
            if not e.evidence:
                continue
            ident = unique("entity-" + (entity_id(e.iri) if e.existing else ascii_slug(e.label)))
            ids[e.key] = ident
            fields: dict[str, Any] = {
                "label": e.label, "class": shorten(e.cls), "iri": e.iri, "existing": e.existing,
                "merge_with": None if e.existing else self.merge_target(e, mentioned),
                "forms": e.forms,
            }  # fmt: skip
            if e.short:
                fields["short"] = e.short
            if e.title:
                fields["title"] = e.title
            out.append(
                Candidate(
                    ident, Kind.ENTITY, e.evidence[0], e.confidence, mentions=e.evidence[1:], fields=fields
                )
            )
        for (s, p, o), (ev, more, confidence, cue) in self.relations.items():
            if s not in ids or o not in ids:
                continue
            ident = unique(f"relation-{ids[s][7:]}-{p.rsplit('#', 1)[-1].lower()}-{ids[o][7:]}")
            fields = {"subject": ids[s], "predicate": shorten(p), "object": ids[o], "cue": cue}
            out.append(Candidate(ident, Kind.RELATION, ev, confidence, mentions=more, fields=fields))
        for value, (ev, more, found) in self.dates.items():
            fields = dict(found)  # what a date is about is the reviewer's to say (graphkit review: e)
            out.append(
                Candidate(
                    unique("date-" + slug(value.replace("/", "--"))),
                    Kind.DATE,
                    ev,
                    0.9,
                    mentions=more,
                    fields=fields,
                )
            )
        for (number, noun), (ev, more, found) in self.counts.items():
            fields = {**found, "subject": ids.get(found["subject"]) if found["subject"] else None}
            out.append(
                Candidate(
                    unique(f"count-{number}-{ascii_slug(noun)}"),
                    Kind.COUNT,
                    ev,
                    0.8,
                    mentions=more,
                    fields=fields,
                )
            )
        return out

    def merge_target(self, entity: _Entity, known: list[_Entity]) -> str | None:
        """The graph's entity this new name is a short form of, if one fits.

        First an entity the document names in full whose name holds the new one's words
        ("Themenwerkstatt" → "Virtuelle BIWAQ-Themenwerkstatt 2020"); else an entity of the
        graph whose name holds them and an abbreviation the document uses ("Werkstattreihe" →
        "BIWAQ-Werkstattreihe" in a document about BIWAQ). The shortest label wins.
        """
        words = entity.norm.split()
        named = {e.iri for e in known}
        shorts = {
            w
            for e in known
            for key in self.x.gazetteer.names_of(e.iri)
            for w in key.split()
            if is_capitals(w.upper()) and len(w) >= 3 and w.upper() in {f.upper() for f in e.forms}
        }
        context = {w for e in known for key in self.x.gazetteer.names_of(e.iri) for w in key.split()}
        best: tuple[int, int, int, str] | None = None
        for key, names in self.x.gazetteer.by_norm.items():
            theirs = key.split()
            if len(theirs) <= len(words) or not _contains(theirs, words):
                continue
            for name in names:
                rank = 0 if name.iri in named else 1 if shorts & set(theirs) else None
                score = (rank, -len(context & set(theirs)), len(name.label)) if rank is not None else None
                if score is not None and (best is None or score < best[:3]):
                    best = (*score, name.iri)
        return best[3] if best else None


def _count_subject(mentions: list[Mention], at: int, last_event: Mention | None) -> str | None:
    """What a count is about: the nearest event, body or programme before it, else the last event."""
    kinds = _EVENTS | {
        "Organisation",
        "CityNetwork",
        "Network",
        "Partnership",
        "FundingProgramme",
        "FundingRound",
        "Project",
    }
    fitting = [m for m in mentions if m.kind in kinds]
    before = [m for m in fitting if m.end <= at]
    if before:
        return before[-1].key
    if last_event is not None:
        return last_event.key
    return fitting[0].key if fitting else None


def ascii_slug(text: str) -> str:
    """Return `slug` of `text` spelled in ASCII (ä → ae, ß → ss, é → e), for a proposed id."""
    import unicodedata

    for letter, ascii_form in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ß", "ss"),
    ):
        text = text.replace(letter, ascii_form)
    return slug(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii"))


def _contains(whole: list[str], part: list[str]) -> bool:
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))
