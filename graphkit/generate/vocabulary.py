"""The words, names and terms the synthetic world is made of, and the functions that pick them."""

from __future__ import annotations

from graphkit.namespaces import DCTERMS, GK, GRAPH, ID, RDF, RDFS, SCHEMA, SKOS, XSD


def _table(text: str) -> list[list[str]]:
    """Return the rows of a table: rows end at a newline or `;`, cells are split by `|`."""
    return [
        [cell.strip() for cell in row.split("|")]
        for line in text.strip().splitlines()
        for row in line.split(";")
    ]


_GK_TERMS = """
    country population partOf commissionedBy locatedIn administeredBy topic periodOf startDate endDate budget
    financedFromFund cofinancedBy fundingGrantedBy fundingPeriod partnerProgrammeOf numberOfProjects minGrant
    maxGrant homepage usesFundingProgramme hasMember memberOf subOrganizationOf numberOfCities affiliation
    roleHolder roleIn roleName withinProgramme presentedAt organizedBy hostedBy hasParticipant attendanceMode
    participantCount keynoteSpeaker speaker numberOfParts duration source certainty url factsAsOf publisher"""
_OTHER_TERMS = [RDF + "type", RDFS + "label", SKOS + "altLabel", SKOS + "inScheme", SKOS + "broader"]
_OTHER_TERMS += [DCTERMS + "title", DCTERMS + "issued", DCTERMS + "language", SCHEMA + "honorificPrefix"]
#: Properties as N-Quads terms, by local name.
_P = {name: f"<{GK}{name}>" for name in _GK_TERMS.split()}
_P |= {iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: f"<{iri}>" for iri in _OTHER_TERMS}
_MODES = [f"<{SCHEMA}{mode}EventAttendanceMode>" for mode in ("Online", "Offline", "Mixed")]
_SCHEME = f"<{ID}topic-scheme>"
_W = {
    row[0]: row[1].split()
    for row in _table("""
    onset | Val Bel Kor Mar San Lin Tor Vil Ros Gra Bre Ant Pol Ode Kas Lis Mal Nov Ost Hal Dor Fen Kel Tar
    vowel | a e i o u en an ar or el in au
    coda | burg ville grad polis stad havn ona ese berg ow ice ut ano heim dorf feld mund ingen ach os
    surname | ski sen mann ović er ini ez berg ek ou ić lund
    first | Anna Jonas Marta Luca Sofia Mateusz Elif Jan Ines Tomas Lea Piotr Clara Mehmet Eva Nils Sara Ida
    country | r l n s t ; network | Euro Inter Trans Pan Nord Medi Balt Alp Danu Atlant
    network_end | polis urban link net hub lab""")
}
_AREAS = _table("""
    Arbeit und Soziales | Labour and Social Affairs ; Familie und Jugend | Family and Youth
    Stadtentwicklung und Wohnen | Urban Development and Housing ; Gesundheit | Health
    Bildung und Forschung | Education and Research ; Umwelt und Klima | Environment and Climate
    Wirtschaft und Energie | Economic Affairs and Energy
    Integration und Vielfalt | Integration and Diversity""")
# German | English | index of the broader topic ("-": a top concept)
_TOPICS = _table("""
    Soziale Inklusion | Social inclusion | - ; Beschäftigung | Employment | - ; Bildung | Education | -
    Stadtentwicklung | Urban development | - ; Klima und Umwelt | Climate and environment | -
    Lokale Partnerschaften | Local partnerships | 3 ; Lokale Ökonomie | Local economy | 1
    Soziale Innovation | Social innovation | 0 ; Langzeitarbeitslosigkeit | Long-term unemployment | 1
    Jugendarbeitslosigkeit | Youth unemployment | 1 ; Weiterbildung | Continuous learning | 2
    Digitalisierung | Digitalisation | 2 ; Integration von Zugewanderten | Integration of migrants | 0
    Wohnungslosigkeit | Homelessness | 0 ; Bezahlbares Wohnen | Affordable housing | 3
    Quartiersmanagement | Neighbourhood management | 3 ; Bürgerbeteiligung | Civic participation | 3
    Gleichstellung | Gender equality | 0 ; Kinderarmut | Child poverty | 0 ; Mobilität | Mobility | 3
    Energiewende vor Ort | Local energy transition | 4 ; Grünflächen | Green spaces | 4
    Gesundheitsförderung | Health promotion | 0 ; Existenzgründung | Business start-ups | 6
    Kultur- und Kreativwirtschaft | Cultural and creative industries | 6""")
_DISTRICTS = _table(
    "Mitte | Centre ; Nord | North ; Süd | South ; Ost | East ; West | West ; Hafen | Harbour"
)
_ORGS = _table("""
    Organisation | Nachbarschaftsverein {} e. V. | {} Neighbourhood Association
    Organisation | Stiftung Soziale Stadt {} | {} Social City Foundation
    Organisation | Beschäftigungsgesellschaft {} mbH | {} Employment Company
    Organisation | Bildungswerk {} | {} Education Centre
    Organisation | Quartiersgenossenschaft {} | {} Neighbourhood Cooperative
    Organisation | Jugendhilfe {} gGmbH | {} Youth Services
    Organisation | Wirtschaftsförderung {} | {} Economic Development Agency
    ResearchOrganisation | Institut für Stadtforschung {} | {} Institute for Urban Research
    ResearchOrganisation | Hochschule {} | {} University of Applied Sciences""")
_ALLIANCES = _table("""
    Bündnis für Wirtschaft und Arbeit {} | {} Alliance for Economy and Labour
    Kiezbündnis {} | {} Neighbourhood Alliance ; Lokale Partnerschaft {} | {} Local Partnership
    Präventionskette {} | {} Prevention Chain""")
_EVENTS = _table("""
    Conference | Fachkonferenz „{}“ | Conference '{}' ; Forum | Forum „{}“ | Forum '{}'
    Workshop | Themenwerkstatt „{}“ | Thematic workshop '{}'""")
#: TriG prefixes, the longest namespace first where one contains another.
_PREFIXES = dict(
    doc=ID + "doc/", id=ID, graph=GRAPH, gk=GK, rdfs=RDFS, skos=SKOS, dcterms=DCTERMS, schema=SCHEMA, xsd=XSD
)
_AGENT_KINDS = ["org"] * 8 + ["person"] * 5 + ["partnership"] * 2 + ["authority"] * 3 + ["network"] * 2
_MASK = (1 << 64) - 1


def _mix(*parts: int) -> int:
    """Return a 64-bit hash of integers (splitmix64 steps), the same on every run."""
    h = 0x9E3779B97F4A7C15
    for part in parts:
        h = ((h ^ (part & _MASK)) * 0xBF58476D1CE4E5B9) & _MASK
        h = ((h ^ (h >> 31)) * 0x94D049BB133111EB) & _MASK
    return h ^ (h >> 29)


def _unit(h: int) -> float:
    return (h >> 11) * 2.0**-53


def _zipf(u: float, n: int) -> int:
    """Return an index below `n` for `u` in [0, 1), skewed to 0: index 0 gets n^(-1/3) of all."""
    return int(n * u * u * u)


def _word(h: int, *rows: str) -> str:
    """Return a made-up name: one piece from each row of `_W`, chosen by the bits of `h`."""
    return "".join(_W[row][(h >> (8 * k)) % len(_W[row])] for k, row in enumerate(rows))


def _abbr(h: int) -> str:
    return "".join(chr(65 + (h >> (5 * k)) % 26) for k in range(3 + h % 3))


def _lit(text: str, lang: str) -> str:
    if '"' in text or "\\" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"@{lang}'


def _typed(value: object, datatype: str = "integer") -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def _date(year: int, month: int, day: int) -> str:
    return f'"{year:04d}-{month:02d}-{day:02d}"^^<{XSD}date>'


def _id(kind: str, index: int | str) -> str:
    return f"<{ID}{kind}-{index}>"


def _short(term: str) -> str:
    """Return an N-Quads term as TriG writes it: prefixed names, `a` for rdf:type."""
    if term[0] == "<":
        if term == _P["type"]:
            return "a"
        for prefix, namespace in _PREFIXES.items():
            if term.startswith(namespace, 1):
                return f"{prefix}:{term[len(namespace) + 1 : -1]}"
        return term
    if term[-1] == ">":  # a typed literal
        at = term.rindex("^^<")
        return term[: at + 2] + _short(term[at + 2 :])
    return term
