"""Relations between the entities of one sentence, read from cue phrases.

Each rule names its cue words and which mentions of the sentence are subject and object:

- funding (``aus Mitteln des``, ``durch … gefördert``, ``funded by``): programmes and projects
  before the cue; a fund after it → gk:financedFromFund; a body after it → gk:fundingGrantedBy
  when written "durch die …" beside a fund, gk:cofinancedBy beside a fund, else gk:fundedBy;
- ``auf Einladung des`` / ``organised by`` → gk:organizedBy (subject: the sentence's event, else
  the event the document spoke of last); an event followed by "des/der" and a network or
  organisation → gk:organizedBy (weaker);
- ``von der … ausgerichtet`` / ``hosted by`` → gk:hostedBy;
- ``Partnerprogramm des`` / ``partner programme of`` → gk:partnerProgrammeOf;
- ``Mitglied`` / ``member of`` → gk:memberOf;
- ``Fortführung von X in Y`` / ``X … in Y fortgeführt`` / ``continued in`` → gk:continuedIn;
- ``Keynote von`` / ``keynote by`` → gk:keynoteSpeaker (the event → the person).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graphkit.namespaces import GK

_ORGS = {
    "Organisation", "Ministry", "StateDepartment", "Agency", "PublicAuthority", "ResearchOrganisation",
    "Partnership", "CityNetwork", "Network", "SupranationalBody", "Agent",
}  # fmt: skip
_EVENTS = {"Event", "Forum", "Conference", "Workshop", "EventSeries", "EventPart", "Keynote", "Presentation"}
_PROGRAMMES = {"FundingProgramme", "Project", "FundingRound", "Partnership"}
_PERIODS = {"FundingPeriod", "FundingProgramme", "FundingRound"} | _EVENTS
_FUNDING_VERB = re.compile(
    r"gefördert|finanziert|kofinanziert|funded|financed|supported|co-funded", re.IGNORECASE
)
_FUNDING_START = re.compile(
    r"aus Mitteln|\bdurch\b|gefördert|finanziert|funded by|financed by|supported by|with funding from",
    re.IGNORECASE,
)
_ORGANISED = re.compile(
    r"auf Einladung (?:des|der|von)|organi[sz]ed by|organisiert (?:von|durch)|veranstaltet (?:von|durch)|"
    r"at the invitation of|invited by|convened by",
    re.IGNORECASE,
)
_HOSTED = re.compile(r"ausgerichtet|hosted by|Gastgeber", re.IGNORECASE)
_PARTNER = re.compile(r"Partnerprogramm\w*|partner programme of|partner program of", re.IGNORECASE)
_MEMBER = re.compile(r"Mitglied\w*|member of|a member", re.IGNORECASE)
_CONTINUED = re.compile(
    r"Fortführung von|Fortsetzung von|continuation of|fortgeführt|weitergeführt|continued", re.IGNORECASE
)
_KEYNOTE = re.compile(
    r"Keynote(?:-Beitrag|-Vortrag| speech| address| lecture)?\s+(?:von|by)|keynote speaker", re.IGNORECASE
)
_LIST_GAP = re.compile(
    r"^[\s,()]*(?:und|and|sowie|as well as)?\s*(?:des|der|dem|den|die|das|the|von)?[\s()]*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention in a sentence, as relations see it: its key, class and place."""

    key: str
    cls: str
    start: int
    end: int
    text: str

    @property
    def kind(self) -> str:
        """The local name of the class (``Ministry``)."""
        return self.cls.rsplit("#", 1)[-1]


@dataclass(frozen=True, slots=True)
class RelationFound:
    """A relation read from a sentence: subject and object keys, the predicate and the rule."""

    subject: str
    predicate: str
    object: str
    rule: str
    confidence: float
    cue: str


def find_relations(
    sentence: str, offset: int, mentions: Sequence[Mention], *, last_event: Mention | None = None
) -> Iterator[RelationFound]:
    """Yield the relations the cue phrases of a sentence state between its mentions.

    Args:
        sentence: the sentence's text.
        offset: where the sentence starts in the document (mention offsets are the document's).
        mentions: the entity mentions in the sentence, in order.
        last_event: the event the document mentioned last before this sentence (the subject
            of "auf Einladung des …" when the sentence names none).
    """
    ms = sorted(mentions, key=lambda m: m.start)

    def at(match: re.Match[str]) -> tuple[int, int]:
        return offset + match.start(), offset + match.end()

    def events_in(chosen: Sequence[Mention]) -> list[Mention]:
        return [m for m in chosen if m.kind in _EVENTS and "keynote" not in m.text.lower()]

    if _FUNDING_VERB.search(sentence) and (cue := _FUNDING_START.search(sentence)):
        c0, _ = at(cue)
        subjects = [m for m in ms if m.end <= c0 and m.kind in _PROGRAMMES | _EVENTS]
        objects = [m for m in ms if m.start >= c0 and m.kind in _ORGS | {"Fund"}]
        has_fund = any(m.kind == "Fund" for m in objects)
        for s in subjects:
            for o in objects:
                before = sentence[: o.start - offset][-12:].lower()
                if o.kind == "Fund":
                    predicate = "financedFromFund"
                elif has_fund and re.search(r"durch (die|den|das)\s*$", before):
                    predicate = "fundingGrantedBy"
                elif has_fund:
                    predicate = "cofinancedBy"
                else:
                    predicate = "fundedBy"
                yield RelationFound(s.key, GK + predicate, o.key, "cue-funding", 0.8, cue.group(0))
    for cue in _ORGANISED.finditer(sentence):
        c0, c1 = at(cue)
        objects = _list_after(ms, c1, sentence, offset, _ORGS)
        events = events_in(ms)
        subject = min(events, key=lambda m: abs(m.start - c0)) if events else last_event
        confidence = 0.8 if events else 0.5
        for o in objects:
            if subject is not None and subject.key != o.key:
                yield RelationFound(
                    subject.key, GK + "organizedBy", o.key, "cue-organised", confidence, cue.group(0)
                )
    for e in events_in(ms):
        following = [m for m in ms if m.start >= e.end and m.kind in _ORGS]
        if following:
            o = following[0]
            gap = sentence[e.end - offset : o.start - offset]
            if re.fullmatch(r"\s+(?:des|der)\s+(?:[A-ZÄÖÜ]\w+\s+)?", gap):
                yield RelationFound(e.key, GK + "organizedBy", o.key, "genitive-organiser", 0.5, gap.strip())
    for cue in _HOSTED.finditer(sentence):
        c0, c1 = at(cue)
        if cue.group(0).lower().startswith("hosted"):
            hosts = _list_after(ms, c1, sentence, offset, _ORGS)
        else:
            von = [m.end() for m in re.finditer(r"\b(?:von|vom|durch)\b", sentence[: cue.start()])]
            hosts = [m for m in ms if von and offset + von[-1] <= m.start and m.end <= c0 and m.kind in _ORGS]
        events = [m for m in events_in(ms) if m.end <= (hosts[0].start if hosts else c0)]
        for h in hosts:
            if events:
                yield RelationFound(events[-1].key, GK + "hostedBy", h.key, "cue-hosted", 0.8, cue.group(0))
    yield from _pair(ms, _PARTNER.search(sentence), offset, "partnerProgrammeOf", _PROGRAMMES, _PROGRAMMES)
    yield from _pair(ms, _MEMBER.search(sentence), offset, "memberOf", None, _ORGS)
    for cue in _CONTINUED.finditer(sentence):
        c0, c1 = at(cue)
        after = [m for m in ms if m.start >= c1]
        continued: Mention | None
        if cue.group(0).lower().startswith(("fortführung", "fortsetzung", "continuation")):
            continued = after[0] if after else None
        else:
            preceding = [m for m in ms if m.end <= c0]
            continued = preceding[-1] if preceding else None
        if continued is None:
            continue
        rest = sentence[continued.end - offset :]
        into = re.search(r"\b(?:in|als|as|into)\b", rest)
        if into:
            targets = [m for m in ms if m.start >= continued.end + into.end() and m.kind in _PERIODS]
            if targets and targets[0].key != continued.key:
                yield RelationFound(
                    continued.key, GK + "continuedIn", targets[0].key, "cue-continued", 0.7, cue.group(0)
                )
    for cue in _KEYNOTE.finditer(sentence):
        c0, c1 = at(cue)
        people = [m for m in ms if m.start >= c1 and m.kind == "Person"]
        events = events_in(ms)
        if people and events:
            yield RelationFound(
                events[0].key, GK + "keynoteSpeaker", people[0].key, "cue-keynote", 0.8, cue.group(0)
            )


def _list_after(
    ms: Sequence[Mention], start: int, sentence: str, offset: int, kinds: set[str]
) -> list[Mention]:
    """The mentions of `kinds` listed right after a cue ("des BMI und des BBSR")."""
    found: list[Mention] = []
    position = start
    for m in ms:
        if m.start < position:
            continue
        if m.kind not in kinds or not _LIST_GAP.match(sentence[position - offset : m.start - offset]):
            break
        found.append(m)
        position = m.end
    return found


def _pair(
    ms: Sequence[Mention], cue: re.Match[str] | None, offset: int, predicate: str,
    subjects: set[str] | None, objects: set[str],
) -> Iterator[RelationFound]:  # fmt: skip
    """The nearest mention before a cue → the nearest mention after it."""
    if cue is None:
        return
    c0, c1 = offset + cue.start(), offset + cue.end()
    before = [m for m in ms if m.end <= c0 and (subjects is None or m.kind in subjects)]
    after = [m for m in ms if m.start >= c1 and m.kind in objects]
    if before and after and before[-1].key != after[0].key:
        yield RelationFound(
            before[-1].key, GK + predicate, after[0].key, f"cue-{predicate}", 0.7, cue.group(0)
        )
