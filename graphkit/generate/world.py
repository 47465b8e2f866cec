"""The phases of the synthetic world: who exists, and who is linked to whom."""

from __future__ import annotations

import random
from collections.abc import Callable

from graphkit.generate.stream import _Stream
from graphkit.generate.vocabulary import (
    _AGENT_KINDS,
    _ALLIANCES,
    _AREAS,
    _DISTRICTS,
    _EVENTS,
    _MODES,
    _ORGS,
    _P,
    _SCHEME,
    _TOPICS,
    _abbr,
    _date,
    _id,
    _lit,
    _mix,
    _typed,
    _unit,
    _word,
    _zipf,
)
from graphkit.namespaces import ID, SKOS


class _World:
    """The phases of the synthetic world; each refers only to entities already counted."""

    def __init__(self, stream: _Stream, seed: int, target: int) -> None:
        self.s, self.seed, self.target, self.rand = stream, seed, target, stream.rand
        self.n: dict[str, int] = {"round": 0}

    # Names and attributes that other entities mention: pure functions of (seed, index).

    def city(self, i: int) -> str:
        return _word(_mix(self.seed, 1, i), "onset", "vowel", "coda")

    def country_of(self, city: int) -> str:
        return _id("country", int(self.n["country"] * _unit(_mix(self.seed, 2, city)) ** 1.5))

    def district(self, d: int) -> tuple[int, str, str]:
        h = _mix(self.seed, 3, d)
        city, (de, en) = int(self.n["city"] * _unit(h) ** 2), _DISTRICTS[h % len(_DISTRICTS)]
        return city, f"{self.city(city)}-{de}", f"{self.city(city)} {en}"

    def country(self, c: int) -> tuple[str, str]:
        root = _word(_mix(self.seed, 4, c), "onset", "vowel", "country")
        return root + "ien", root + "ia"

    def authority(self, i: int) -> tuple[str, str, str, str]:
        """Return an authority's class, German and English name, and its country or city."""
        h, c = _mix(self.seed, 5, i), i // 4 % self.n["country"]
        area_de, area_en = _AREAS[h % len(_AREAS)]
        if i % 4 >= 2:
            city = _zipf(_unit(h), self.n["city"])
            name = self.city(city)
            de, en = f"Senatsverwaltung für {area_de} {name}", f"{name} Department for {area_en}"
            return "StateDepartment", de, en, _id("city", city)
        cls, de, en = (
            ("Ministry", "Ministerium", "Ministry of")
            if i % 4 == 0
            else ("Agency", "Bundesamt", "Federal Office for")
        )
        c_de, c_en = self.country(c)
        return cls, f"{de} für {area_de} ({c_de})", f"{en} {area_en} ({c_en})", _id("country", c)

    def network(self, j: int) -> str:
        return _word(_mix(self.seed, 6, j), "network", "network_end")

    def programme(self, p: int) -> tuple[str, str, str]:
        h = _mix(self.seed, 7, p)
        (de, en, _), abbr = _TOPICS[h % len(_TOPICS)], _abbr(h >> 8)
        return f"Förderprogramm „{de}“ ({abbr})", f"Funding programme '{en}' ({abbr})", abbr

    def person(self, k: int) -> str:
        h = _mix(self.seed, 8, k)
        return f"{_word(h, 'first')} {_word(h >> 8, 'onset', 'vowel', 'surname')}"

    # Random choices, in the order the phases make them.

    def index(self, kind: str) -> int:
        return _zipf(self.rand(), self.n[kind])

    def pick(self, kind: str) -> str:
        return _id(kind, self.index(kind))

    def maybe(self, share: float, value: Callable[[], str]) -> str | None:
        return value() if self.rand() < share else None

    def topic(self) -> int:
        """Return a topic, skewed more mildly than `pick`: a few topics are everywhere."""
        return int(len(_TOPICS) * self.rand() ** 2)

    def topics(self, iri: str, most: int) -> None:
        chosen = {self.topic() for _ in range(1 + int(most * self.rand()))}
        self.s.buf += [(iri, _P["topic"], _id("topic", t)) for t in sorted(chosen)]

    def agent(self) -> str:
        """Return a skewed choice of organisation, person, partnership, authority or network."""
        return self.pick(_AGENT_KINDS[int(20 * self.rand())])

    def date(self, first: int = 2008, years: int = 17) -> tuple[int, int, int]:
        return first + int(years * self.rand()), 1 + int(12 * self.rand()), 1 + int(26 * self.rand())

    def homepage(self, share: float, iri: str) -> str | None:
        return self.maybe(share, lambda: _typed(f"https://example.org/{iri[len(ID) + 1 : -1]}", "anyURI"))

    # Phases.

    def phase(self, share: float, title: str, make: Callable[[int], None], minimum: int = 3) -> int:
        """Call `make(0)`, `make(1)`, … until `share` of the target is written; return the count."""
        end, i, titles = self.s.count + int(self.target * share), 0, title.split(" | ")
        self.s.open(*titles)
        while i < minimum or self.s.count < end:
            if self.s.full():
                self.s.open(*titles)
            make(i)
            i += 1
        return i

    def run(self) -> None:
        s, n, phase = self.s, self.n, self.phase
        s.open("Stammdaten: Themen und Staaten", "Reference data: topics and countries")
        s.thing(_SCHEME, f"<{SKOS}ConceptScheme>", "Themen", "Topics")
        for t, (de, en, broader) in enumerate(_TOPICS):
            up = None if broader == "-" else _id("topic", broader)
            s.thing(_id("topic", t), "Topic", de, en, inScheme=_SCHEME, broader=up)
        n["country"] = max(6, min(40, self.target // 5000))
        for c in range(n["country"]):
            s.thing(_id("country", c), "Country", *self.country(c))
        s.thing(_id("union", 0), "SupranationalBody", "Staatenunion", "Union of States")
        n["city"] = phase(0.09, "Städtestatistik | City statistics", self.make_city)
        n["district"] = phase(0.06, "Bezirke und Stadtteile | Districts", self.make_district)
        n["authority"] = phase(0.03, "Behördenverzeichnis | Directory of authorities", self.make_authority, 4)
        n["fund"] = phase(0.01, "Fonds und Förderperioden | Funds and funding periods", self.make_fund)
        n["programme"] = phase(0.07, "Förderprogramme | Funding programmes", self.make_programme)
        n["org"] = phase(0.10, "Trägerverzeichnis | Directory of organisations", self.make_org)
        n["partnership"] = phase(0.04, "Lokale Bündnisse | Local alliances", self.make_partnership)
        n["network"] = phase(0.08, "Netzwerke | Networks", self.make_network)
        n["person"] = phase(0.06, "Personen | People", self.make_person)
        phase(0.04, "Ämter und Funktionen | Offices and roles", self.make_role)
        n["project"] = phase(0.18, "Projektdatenbank | Project database", self.make_project)
        n["event"] = phase(0.19, "Veranstaltungsdokumentation | Event documentation", self.make_event)
        self.fill()
        s.close()

    def make_city(self, i: int) -> None:
        name, population = self.city(i), 3_500_000 // (i + 1) + 20_000 + int(30_000 * self.rand())
        alt = self.maybe(0.2, lambda: _lit(f"Stadt {name}", "de"))
        self.s.thing(_id("city", i), "City", name, name, country=self.country_of(i), altLabel=alt)
        self.s.put(_id("city", i), population=_typed(population))

    def make_district(self, d: int) -> None:
        (city, de, en), population = self.district(d), _typed(5_000 + int(200_000 * self.rand() ** 2))
        self.s.thing(_id("district", d), "District", de, en, partOf=_id("city", city), population=population)

    def make_authority(self, i: int) -> None:
        iri, (cls, de, en, where) = _id("authority", i), self.authority(i)
        self.s.thing(iri, cls, de, en, homepage=self.homepage(0.3, iri))
        if cls == "StateDepartment":
            self.s.put(iri, locatedIn=where)
        else:
            self.s.put(
                iri, country=where, commissionedBy=_id("authority", i - 1) if cls == "Agency" else None
            )

    def make_fund(self, f: int) -> None:
        iri, h = _id("fund", f), _mix(self.seed, 9, f)
        (de, en), abbr = _AREAS[h % len(_AREAS)], _abbr(h >> 8)
        self.s.thing(iri, "Fund", f"Fonds für {de} ({abbr})", f"Fund for {en} ({abbr})", altLabel=f'"{abbr}"')
        self.s.put(iri, administeredBy=_id("union", 0) if f == 0 else self.pick("authority"))
        self.topics(iri, 2)
        for k, start in enumerate((2007, 2014, 2021)):
            de, en = f"{abbr}-Förderperiode {start}-{start + 6}", f"{abbr} funding period {start}-{start + 6}"
            self.s.thing(_id("period", f"{f}-{k}"), "FundingPeriod", de, en, periodOf=iri)
            self.s.put(
                _id("period", f"{f}-{k}"), startDate=_date(start, 1, 1), endDate=_date(start + 6, 12, 31)
            )

    def make_programme(self, p: int) -> None:
        iri, (de, en, abbr), rand, put = _id("programme", p), self.programme(p), self.rand, self.s.put
        fund, period = self.index("fund"), int(3 * rand())
        self.s.thing(
            iri, "FundingProgramme", de, en, altLabel=f'"{abbr}"', financedFromFund=_id("fund", fund)
        )
        put(iri, fundingPeriod=_id("period", f"{fund}-{period}"), administeredBy=self.pick("authority"))
        put(iri, cofinancedBy=self.maybe(0.7, lambda: self.pick("authority")))
        put(iri, fundingGrantedBy=self.maybe(0.5, lambda: self.pick("authority")))
        start, budget = 2007 + 7 * period + int(3 * rand()), 1_000_000 * (5 + int(400 * rand() ** 3))
        put(iri, startDate=_typed(start, "gYear"), budget=_typed(budget))
        put(iri, partnerProgrammeOf=_id("programme", int(p * rand())) if p and rand() < 0.1 else None)
        self.topics(iri, 2)
        for year in range(start, start + 4 * int(1 + 4 * rand() ** 2), 4):
            r, low = _id("round", self.n["round"]), 10_000 * (1 + int(10 * rand()))
            self.n["round"] += 1
            de, en = f"{abbr}-Förderrunde {year}-{year + 3}", f"{abbr} funding round {year}-{year + 3}"
            self.s.thing(r, "FundingRound", de, en, partOf=iri, startDate=_date(year, 1, 1))
            put(r, endDate=_date(year + 3, 12, 31), numberOfProjects=_typed(5 + int(120 * rand() ** 2)))
            put(r, minGrant=_typed(low), maxGrant=_typed(low * (5 + int(20 * rand()))))

    def make_org(self, o: int) -> None:
        iri, rand, city = _id("org", o), self.rand, self.index("city")
        cls, de, en = _ORGS[int(len(_ORGS) * rand())]
        name, where = self.city(city), _id("city", city)
        self.s.thing(
            iri, cls, de.format(name), en.format(name), locatedIn=where, country=self.country_of(city)
        )
        if rand() < 0.5:
            self.topics(iri, 1)
        self.s.put(iri, startDate=self.maybe(0.4, lambda: _typed(1950 + int(74 * rand()), "gYear")))
        programme = self.maybe(0.2, lambda: self.pick("programme"))
        self.s.put(iri, homepage=self.homepage(0.3, iri), usesFundingProgramme=programme)

    def make_partnership(self, i: int) -> None:
        iri, rand, d = _id("partnership", i), self.rand, self.index("district")
        (_city, where_de, where_en), (de, en) = self.district(d), _ALLIANCES[int(len(_ALLIANCES) * rand())]
        self.s.thing(
            iri, "Partnership", de.format(where_de), en.format(where_en), locatedIn=_id("district", d)
        )
        self.s.put(iri, startDate=_typed(1999 + int(25 * rand()), "gYear"))
        members = {self.index("org") for _ in range(2 + int(7 * rand()))}
        self.s.buf += [(iri, _P["hasMember"], _id("org", m)) for m in sorted(members)]
        self.s.put(iri, usesFundingProgramme=self.maybe(0.5, lambda: self.pick("programme")))
        self.s.put(iri, subOrganizationOf=_id("partnership", int(i * rand())) if i and rand() < 0.1 else None)
        self.topics(iri, 1)

    def make_network(self, j: int) -> None:
        """Write a network and its member list, split over pages (graphs) when long."""
        iri, name, rand = _id("network", j), self.network(j), self.rand
        of_cities = j % 7 != 3
        kind, pool = ("city", self.n["city"]) if of_cities else ("org", self.n["org"])
        wanted = max(3, int(pool * (0.5 if of_cities else 0.05) / (j + 1)))
        members = sorted(random.Random(_mix(self.seed, 10, j)).sample(range(pool), min(pool, wanted)))
        if of_cities:
            self.s.thing(iri, "CityNetwork", f"Städtenetzwerk {name}", f"{name} city network")
            self.s.put(iri, numberOfCities=_typed(len(members)))
        else:
            self.s.thing(
                iri, "Network", f"Netzwerk {name} für soziale Innovation", f"{name} social innovation network"
            )
        self.s.put(iri, altLabel=f'"{name.upper()}"', startDate=_typed(1986 + int(38 * rand()), "gYear"))
        self.s.put(iri, homepage=self.homepage(0.5, iri))
        self.topics(iri, 2)
        for m in members:
            if self.s.full():
                self.s.open(f"Mitgliederliste {name}", f"Member list of {name}", iri)
            if of_cities or rand() < 0.5:
                self.s.buf.append((iri, _P["hasMember"], _id(kind, m)))
            else:
                self.s.buf.append((_id(kind, m), _P["memberOf"], iri))

    def make_person(self, k: int) -> None:
        name, u = self.person(k), self.rand()
        employer = self.pick("org" if u < 0.7 else "authority" if u < 0.9 else "network")
        self.s.thing(_id("person", k), "Person", name, name, affiliation=employer)
        self.s.put(_id("person", k), honorificPrefix='"Dr."' if self.rand() < 0.15 else None)

    def make_role(self, r: int) -> None:
        """Write a role: a person chairing a network or heading an authority, for a period."""
        rand, holder, i = self.rand, self.index("person"), self.index("authority")
        target, (_cls, de, en, _where), title = _id("authority", i), self.authority(i), ("Leitung", "head")
        if rand() < 0.4:
            i = self.index("network")
            target, de, en, title = _id("network", i), self.network(i), self.network(i), ("Vorsitz", "chair")
        iri, name, (year, month, day) = _id("role", r), self.person(holder), self.date()
        self.s.thing(iri, "Role", f"{name}: {title[0]}, {de}", f"{name}: {title[1]}, {en}", roleIn=target)
        end = self.maybe(0.7, lambda: _date(year + 1 + int(6 * rand()), month, day))
        self.s.put(iri, roleHolder=_id("person", holder), startDate=_date(year, month, day), endDate=end)
        self.s.put(iri, roleName=_lit(title[0], "de"))
        self.s.buf.append((iri, _P["roleName"], _lit(title[1], "en")))

    def make_project(self, q: int) -> None:
        iri, rand, t, put = _id("project", q), self.rand, self.topic(), self.s.put
        if rand() < 0.3:
            d = self.index("district")
            place, (_city, where_de, where_en) = _id("district", d), self.district(d)
        else:
            city = self.index("city")
            place, where_de, where_en = _id("city", city), self.city(city), self.city(city)
        de, en = f"Projekt „{_TOPICS[t][0]}“ in {where_de}", f"Project '{_TOPICS[t][1]}' in {where_en}"
        self.s.thing(iri, "Project", de, en, locatedIn=place, topic=_id("topic", t))
        put(iri, withinProgramme=self.pick("round") if rand() < 0.8 else self.pick("programme"))
        put(iri, administeredBy=self.pick("org") if rand() < 0.8 else self.pick("partnership"))
        year, budget = 2008 + int(17 * rand()), 1_000 * (50 + int(3_000 * rand() ** 3))
        put(iri, startDate=_typed(year, "gYear"), endDate=_typed(year + 1 + int(4 * rand()), "gYear"))
        put(iri, budget=_typed(budget), financedFromFund=self.maybe(0.3, lambda: self.pick("fund")))
        put(iri, homepage=self.homepage(0.15, iri))

    def make_event(self, e: int) -> None:
        """Write an event with its participants and, sometimes, a keynote and talks."""
        rand, put, (year, month, day) = self.rand, self.s.put, self.date()
        iri, t, city = _id("event", e), self.topic(), self.index("city")
        cls, de, en = _EVENTS[int(len(_EVENTS) * rand())]
        name, date, where = self.city(city), _date(year, month, day), _id("city", city)
        de, en = f"{de.format(_TOPICS[t][0])} {year}, {name}", f"{en.format(_TOPICS[t][1])} {year}, {name}"
        self.s.thing(iri, cls, de, en, startDate=date, endDate=_date(year, month, day + int(3 * rand())))
        put(iri, locatedIn=where, topic=_id("topic", t), attendanceMode=_MODES[int(3 * rand())])
        organizer = self.pick("network") if cls == "Forum" else self.agent()
        put(iri, participantCount=_typed(10 + int(990 * rand() ** 3)), organizedBy=organizer)
        put(iri, hostedBy=where if rand() < 0.5 else None)
        put(iri, duration=_typed(f"PT{2 + int(6 * rand())}H", "duration") if cls == "Workshop" else None)
        put(iri, withinProgramme=self.maybe(0.3, lambda: self.pick("round" if rand() < 0.5 else "programme")))
        participants: list[str] = []
        for _ in range(2 + int(38 * rand() ** 3)):
            agent = self.agent()
            if agent not in participants and agent != organizer:
                participants.append(agent)
        self.s.buf += [(iri, _P["hasParticipant"], agent) for agent in participants]
        if rand() < 0.2:
            put(self.pick("project"), presentedAt=iri)
        if rand() < 0.15:
            speaker, keynote = self.pick("person"), _id("event", f"{e}-keynote")
            put(iri, keynoteSpeaker=speaker)
            self.s.thing(keynote, "Keynote", f"Keynote: {de}", f"Keynote: {en}", partOf=iri)
            put(keynote, speaker=speaker, startDate=date)
        if rand() < 0.25:
            parts = 2 + int(4 * rand())
            put(iri, numberOfParts=_typed(parts))
            for k in range(1, parts + 1):
                talk, speaker = _id("event", f"{e}-talk-{k}"), self.agent()
                self.s.thing(talk, "Presentation", f"Vortrag {k}: {de}", f"Talk {k}: {en}", partOf=iri)
                put(talk, speaker=speaker)

    def fill(self) -> None:
        """Top the output up to the target with participant lists, one quad at a time."""
        if self.target - self.s.count <= 12:  # no room for a graph beside its provenance
            return
        self.s.open("Teilnahmelisten", "Lists of participants")
        seen: set[tuple[str, str]] = set()
        while self.s.count < self.target:
            if self.s.full() and self.target - self.s.count > 50:
                self.s.open("Teilnahmelisten", "Lists of participants")
                seen.clear()
            pair = (self.pick("event"), self.agent())
            if pair not in seen:
                seen.add(pair)
                self.s.buf.append((pair[0], _P["hasParticipant"], pair[1]))
