"""spaCy patterns for entities the graph does not know yet.

Organisations and public bodies are found by their head word (Bundesministerium…,
Senatsverwaltung…, Bundesinstitut…, Stiftung, Verein, Jobcenter, Universität, University…)
and the name that follows it ("für Bau, Stadt- und Raumforschung"); events by theirs
(Werkstatt, Forum, Konferenz, Workshop, Auftakt…) and the capitalised words before it;
persons by a title or role before their name (Prof., Dr., Senatorin…); funding rounds and
periods by their head word and years ("Förderrunde 2019 bis 2022"); funds by theirs
("Europäischer Sozialfonds", "Fonds für regionale Entwicklung"); programmes and
funds by a quoted name after "Programm", or by an abbreviation with its expansion in
either order ("BIWAQ (Bildung, …)", "Bildung, … - BIWAQ", "Lokales Soziales Kapital (LSK)").
Every found span carries its class and the rule that found it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphkit.namespaces import GK

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Span

#: Head words of organisations, and the class each gives (first match wins).
ORG_HEADS: tuple[tuple[str, str], ...] = (
    (r"\w*ministeri(um|ums|en)|ministry", "Ministry"),
    (r"senatsverwaltung|senate", "StateDepartment"),
    (r"bundesinstitut\w*|bundesamt\w*|bundesagentur|\w*agentur|agency|landesamt\w*", "Agency"),
    (r"jobcent(er|ern|ers|re|res)|bezirksamt\w*|department", "PublicAuthority"),
    (r"universität|hochschule|university|\w*institut(e|s)?|akademie|academy", "ResearchOrganisation"),
    (
        r"\w*stiftung|\w*verein(s|e)?|\w*verband(s|es)?|\w*initiative|foundation|association|trust|council",
        "Organisation",
    ),
)
#: Head words of events.
EVENT_HEAD = (
    r"\w*werkstatt|\w*werkstätten|werkstattreihe|\w*forum|\w*foren|\w*konferenz|conference|\w*workshops?|"
    r"workshopreihe|auftakt\w*|abschlussveranstaltung|\w*tagung|kongress|congress|summit|symposium|"
    r"webinar|keynote|festival"
)
#: Titles and roles before a person's name.
PERSON_TITLES = (
    r"prof\.|dr\.|professor(in)?|senator(in)?|minister(in)?|bürgermeister(in)?|staatssekretär(in)?|"
    r"mayor|president|präsident(in)?|direktor(in)?|director|geschäftsführer(in)?|mr\.|ms\.|mrs\."
)
_CONNECTORS = {"für", "des", "der", "und", "of", "for", "the", "and", ",", "-", "&", "de", "du"}
_ARTICLES = {"des", "der", "die", "das", "den", "dem", "the", "a", "an", "ein", "eine", "einer", "einen"}
_LEAD_STOP = _ARTICLES | {
    "im",
    "in",
    "am",
    "beim",
    "zum",
    "zur",
    "vom",
    "von",
    "mit",
    "auf",
    "an",
    "at",
    "this",
    "dieser",
    "diese",
    "dieses",
    "weitere",
    "eine",
    "einer",
    "jährliche",
    "zweite",
    "erste",
    "dritte",
    "und",
}
_CAP = r"[A-ZÄÖÜ][\w.'’&-]*-?"  # noqa: RUF001
_ACRONYM = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9&]{1,9}")


@dataclass(frozen=True, slots=True)
class Found:
    """A span a pattern found: what it is and which rule said so.

    Attributes:
        span: the name in the sentence.
        cls: the class proposed (a gk: IRI).
        rule: the pattern's name (``org-head``, ``event-head``, ``person-title``,
            ``acronym-after``, ``acronym-before``, ``quoted-programme``).
        confidence: how sure the rule is (0-1).
        short: the abbreviation given with the name, if any.
        title: the title or role before a person's name, if any.
    """

    span: Span
    cls: str
    rule: str
    confidence: float
    short: str | None = None
    title: str | None = None


def build_matcher(nlp: Language) -> Matcher:
    """Return the token `Matcher` of organisation, event and person patterns for a pipeline."""
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    continuation = {
        "TEXT": {"REGEX": rf"^({_CAP}|{'|'.join(re.escape(c) for c in _CONNECTORS)})$"},
        "OP": "*",
    }
    for index, (head, _) in enumerate(ORG_HEADS):
        matcher.add(f"org-{index}", [[{"LOWER": {"REGEX": rf"^({head})$"}, "IS_TITLE": True}, continuation]])
        matcher.add(f"org-{index}", [[{"LOWER": {"REGEX": rf"^({head})$"}, "IS_TITLE": True}]])
    lead = {"TEXT": {"REGEX": rf"^({_CAP}|-)$"}, "LOWER": {"NOT_IN": sorted(_LEAD_STOP)}, "OP": "*"}
    year = {"TEXT": {"REGEX": r"^(19|20)\d\d$"}, "OP": "?"}
    matcher.add("event", [[lead, {"LOWER": {"REGEX": rf"^({EVENT_HEAD})$"}}, year]])
    to = {"LOWER": {"IN": ["bis", "-", "\u2013", "to"]}}  # en dash
    period: list[dict[str, Any]] = [
        {"TEXT": {"REGEX": r"^(19|20)\d\d$"}},
        to,
        {"TEXT": {"REGEX": r"^(19|20)\d\d$"}},
    ]
    matcher.add("round", [[lead, {"LOWER": {"REGEX": r"^\w*förderrunde$"}}, *period]])
    matcher.add("round", [[lead, {"LOWER": "funding"}, {"LOWER": "round"}, *period]])
    matcher.add("period", [[lead, {"LOWER": {"REGEX": r"^\w*förderperiode$"}}, *period]])
    matcher.add(
        "period", [[lead, {"LOWER": {"IN": ["funding", "programming"]}}, {"LOWER": "period"}, *period]]
    )
    adjective = {"TEXT": {"REGEX": r"^[A-ZÄÖÜ]\w+$"}, "LOWER": {"NOT_IN": sorted(_LEAD_STOP)}, "OP": "*"}
    matcher.add(
        "fund",
        [
            [
                adjective,
                {"LOWER": {"REGEX": r"^\w*(sozialfonds|fonds|fund)$"}},
                {"LOWER": {"IN": ["plus", "+"]}, "OP": "?"},
            ]
        ],
    )
    matcher.add(
        "fund",
        [
            [
                adjective,
                {"LOWER": {"IN": ["fonds", "fund"]}},
                {"LOWER": {"IN": ["für", "for"]}},
                {"IS_ALPHA": True},
                {"IS_ALPHA": True},
            ]
        ],
    )
    name = {"TEXT": {"REGEX": r"^[A-ZÄÖÜ][a-zäöüßéèáàíóúñç'-]+$"}}
    matcher.add(
        "person",
        [[{"LOWER": {"REGEX": rf"^({PERSON_TITLES})$"}, "OP": "+"}, name, name, {**name, "OP": "?"}]],
    )
    return matcher


def find_new(sentence: Span, matcher: Matcher) -> Iterator[Found]:
    """Yield the spans of a sentence the patterns find (overlapping ones too)."""
    doc = sentence.doc
    for match_id, start, end in matcher(doc[sentence.start : sentence.end]):
        start, end = start + sentence.start, end + sentence.start
        key = doc.vocab.strings[match_id]
        if key.startswith("org-"):
            span = _trim(doc[start:end])
            if span is not None:
                yield Found(span, GK + ORG_HEADS[int(key[4:])][1], "org-head", 0.7)
        elif key == "event":
            span = doc[start:end]
            while len(span) > 1 and span[0].text == "-":
                span = span[1:]
            yield Found(span, GK + "Event", "event-head", 0.6 if len(span) == 1 else 0.7)
        elif key in {"round", "period", "fund"}:
            span = doc[start:end]
            while len(span) > 1 and span[0].text == "-":
                span = span[1:]
            cls = {"round": "FundingRound", "period": "FundingPeriod", "fund": "Fund"}[key]
            yield Found(span, GK + cls, f"{key}-head", 0.7)
        elif key == "person":
            titles = [t for t in doc[start:end] if re.fullmatch(PERSON_TITLES, t.lower_)]
            span = doc[titles[-1].i + 1 : end]
            yield Found(span, GK + "Person", "person-title", 0.8, title=" ".join(t.text for t in titles))
    yield from _acronyms(sentence)
    yield from _quoted(sentence)


def _trim(span: Span) -> Span | None:
    """Cut an organisation's name where its continuation stops being part of it."""
    tokens = list(span)
    cut = len(tokens)
    for i, token in enumerate(tokens[1:], 1):
        nxt = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
        if i == 1 and token.lower_ in {",", "und", "and", "-"}:
            cut = i
            break
        if token.lower_ in {"und", "and", ","} and nxt in _ARTICLES:
            cut = i
            break
    while cut > 1 and tokens[cut - 1].lower_ in _CONNECTORS:
        cut -= 1
    return span[:cut] if cut else None


def _acronyms(sentence: Span) -> Iterator[Found]:
    """Abbreviations with their expansion: "Name (ABC)", "ABC (Name)", "Name - ABC"."""
    tokens = list(sentence)
    for i, token in enumerate(tokens):
        if not _ACRONYM.fullmatch(token.text):
            continue
        short = token.text
        before = tokens[i - 1].text if i else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if (before == "(" and after == ")") or before in {"-", "–"}:  # noqa: RUF001
            expansion = _expansion_before(tokens[: i - 1], short)
            if expansion is not None:
                yield Found(expansion, _programme_or_body(expansion), "acronym-after", 0.85, short=short)
        elif after == "(":
            close = next((j for j in range(i + 2, len(tokens)) if tokens[j].text == ")"), None)
            if close is not None and close > i + 2:
                inner = sentence.doc[tokens[i + 2].i : tokens[close].i]
                if _initials_fit(short, inner.text):
                    yield Found(inner, _programme_or_body(inner), "acronym-before", 0.85, short=short)


def _expansion_before(tokens: list, short: str) -> Span | None:  # type: ignore[type-arg]
    """The longest run of name words before an abbreviation whose initials fit it."""
    best = None
    for k in range(len(tokens) - 1, max(-1, len(tokens) - 12), -1):
        word = tokens[k]
        if word.text in {"(", ")", '"', "„", "“", "”", ".", ":", ";"}:
            break
        if word.text[:1].islower() and word.lower_ not in _CONNECTORS | {"im", "in", "am"}:
            break
        span = word.doc[word.i : tokens[-1].i + 1]
        if word.text[:1].upper() == short[0] and _initials_fit(short, span.text):
            best = span
    return best


def _initials_fit(short: str, text: str) -> bool:
    """Whether the letters of an abbreviation occur in order in `text`, the first one first."""
    letters = text.lower()
    if not letters or letters[0] != short[0].lower():
        return False
    position = 0
    for letter in short.lower():
        position = letters.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def _programme_or_body(span: Span) -> str:
    """The class of a name given with an abbreviation: from its head words or the words before it."""
    context = " ".join(t.lower_ for t in span.doc[max(0, span.start - 12) : span.start])
    for head, cls in ORG_HEADS:
        if re.match(rf"({head})$", span[0].lower_):
            return GK + cls
    if "fonds" in span.text.lower() or "fund" in span.text.lower():
        return GK + "Fund"
    if "programm" in context or "programme" in context or "program" in context:
        return GK + "FundingProgramme"
    return GK + "Organisation"


def _quoted(sentence: Span) -> Iterator[Found]:
    """Quoted names after a word naming a programme ("Programm „Soziale Stadt“")."""
    tokens = list(sentence)
    opening = {'"', "„", "“", "«", "‚"}  # noqa: RUF001
    i = 0
    while i < len(tokens):
        if tokens[i].text in opening and i > 0 and "programm" in tokens[i - 1].lower_:
            close = next((j for j in range(i + 1, len(tokens)) if tokens[j].is_quote), None)
            if close is None:
                break
            inner = sentence.doc[tokens[i + 1].i : tokens[close].i] if close > i + 1 else None
            if inner is not None:
                parts = [t for t in inner if t.text in {"-", "–"}]  # noqa: RUF001
                short = None
                if parts and _ACRONYM.fullmatch(inner[-1].text):
                    short = inner[-1].text
                    inner = sentence.doc[inner.start : parts[-1].i]
                yield Found(inner, GK + "FundingProgramme", "quoted-programme", 0.8, short=short)
            i = close + 1
        else:
            i += 1
