"""Write data/source-catalogue.trig: every source document's terms of use and what was read of it.

For each ``gk:SourceDocument`` in the curated data (``data/**/*.ttl|trig``, this file's
output excepted) the catalogue graph ``graph:source-catalogue`` (certainty "curated",
source: the graphkit curators) records

- its terms: ``dcterms:license`` (where the source grants one), ``dcterms:rightsHolder``
  and an attribution and reuse statement (``dcterms:rights``, en and de);
- what graphkit's curators read of it, kept in the shared source folder (``../shared``):
  one ``prov:Entity`` per local record (``prov:wasQuotedFrom`` the document), naming the
  file and lines (``dcterms:identifier``, ``path`` or ``path:line,line,…``), its size
  (``dcat:byteSize``), its SHA-256 (``spdx:checksum``, the SPDX pattern graphkit's load
  records use) and when the copy was read (``dcterms:created``, an EDTF interval: the
  source folder gives no retrieval date per page, only bounds);
- the dataset itself (``id:graphkit-dataset``): its version (``owl:versionInfo``, from
  ``data/VERSION``), licence and how to cite it.

A document's local records are its seed text or member list (``gk:localCopy`` /
``gk:localFile``), and the rows of ``facts/FACTS.md`` that cite its URL (a row cites a URL
when the URL occurs in it, compared without scheme, ``www.`` and a trailing slash; a GitHub
file also as ``owner/repo:path``). The SHA-256 of the rows is that of the rows' bytes, each
with its newline, in file order: for ``facts/FACTS.md:19,23-25``,
``sed -n '19p;23,25p' FACTS.md | sha256sum``.

Usage (from the repository root)::

    python scripts/source_catalogue.py [--shared ../shared] [-o data/source-catalogue.trig] [--check]

Deterministic: the same data and source folder give the same bytes (``--check`` exits 1
if the file on disk differs). A source host the terms table does not know stops the script
with its name: add it to ``HOSTS``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit import bundled  # noqa: E402
from graphkit.namespaces import GK, GRAPH, ID  # noqa: E402

OUTPUT_NAME = "source-catalogue.trig"
CATALOGUE_GRAPH = GRAPH + "source-catalogue"
DATASET = ID + "graphkit-dataset"
CURATORS = ID + "doc/graphkit-curation"
DOC = ID + "doc/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
FACTS = "facts/FACTS.md"
EDTF = "http://id.loc.gov/datatypes/edtf/EDTF"

#: When the local records were read. The source folder gives no date per page, only bounds:
#: FACTS.md was compiled after August 2025 (the newest page it cites is from then) and first
#: used by graphkit on 2026-11-25; the seeds were first used on 2026-11-24.
READ_FACTS = "2025-08/2026-11-25"
READ_SEEDS = {
    "seeds/000_a69ab9d00e4684dc.txt": "2021-12-07/2026-11-24",
    "seeds/002_3a617df06ec068d5.txt": "2021-03-25/2026-11-24",
}
#: Files of the c-riq/city-vote commit 00edd7b8 (2025-05-18), copied into the folder later.
READ_REPO_FILES = "2025-05-18/2026-11-25"

LICENCES = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-by-sa-3.0": "https://creativecommons.org/licenses/by-sa/3.0/",
    "gfdl-1.2": "https://www.gnu.org/licenses/old-licenses/fdl-1.2.html",
    "apache-2.0": "https://www.apache.org/licenses/LICENSE-2.0",
}

#: The data's own licence (see data/LICENSE.md for why).
DATA_LICENCE = LICENCES["cc-by-4.0"]


@dataclass(frozen=True, slots=True)
class Terms:
    """Who holds the rights in a source's text, and under which licence (None: not openly licensed)."""

    holder: str
    licence: str | None = None
    note: str = ""


_WIKI_NOTE = "Wikipedia text"
#: Terms per host (the longest matching suffix wins). Public bodies and organisations publish
#: without an open licence: graphkit keeps facts and short quotations with attribution.
HOSTS: dict[str, Terms] = {
    "berlin.de": Terms("Land Berlin"),
    "stadtentwicklung.berlin.de": Terms("Land Berlin, Senatsverwaltung für Stadtentwicklung"),
    "parlament-berlin.de": Terms("Abgeordnetenhaus Berlin"),
    "quartiersmanagement-berlin.de": Terms("Land Berlin, Senatsverwaltung für Stadtentwicklung"),
    "bbwa-berlin.de": Terms("Bezirkliche Bündnisse für Wirtschaft und Arbeit Berlin"),
    "zgs-consult.de": Terms("zgs consult GmbH"),
    "berlin-transfer.net": Terms("berlin-transfer.net"),
    "europa-in-fk.de": Terms("Bezirksamt Friedrichshain-Kreuzberg von Berlin"),
    "digital.zlb.de": Terms(
        "Bezirksamt Steglitz-Zehlendorf von Berlin (digitised by the Zentral- und Landesbibliothek Berlin)"
    ),
    "be-digital.berlin": Terms("Land Berlin"),
    "berlin-university-alliance.de": Terms("Berlin University Alliance"),
    "berliner-mieterverein.de": Terms("Berliner Mieterverein e.V."),
    "ecdf.tu-berlin.de": Terms("Technische Universität Berlin, Einstein Center Digital Future"),
    "einsteinfoundation.de": Terms("Einstein Stiftung Berlin"),
    "bmwsb.bund.de": Terms("Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen"),
    "bbsr.bund.de": Terms("Bundesinstitut für Bau-, Stadt- und Raumforschung"),
    "biwaq.de": Terms("Bundesinstitut für Bau-, Stadt- und Raumforschung (for the BMWSB)"),
    "staedtebaufoerderung.info": Terms("Bundesinstitut für Bau-, Stadt- und Raumforschung (for the BMWSB)"),
    "esf.de": Terms("Bundesministerium für Arbeit und Soziales"),
    "esfplus.de": Terms("Bundesministerium für Arbeit und Soziales"),
    "kreis-pinneberg.de": Terms("Kreis Pinneberg"),
    "leipzig-paunsdorf.de": Terms("Quartiersmanagement Leipzig-Paunsdorf"),
    "leipziger-messe.de": Terms("Leipziger Messe GmbH"),
    "treffpunkt-kommune.de": Terms("treffpunkt-kommune.de"),
    "europa.ruhr": Terms("Regionalverband Ruhr"),
    "diebewertung.de": Terms("diebewertung.de"),
    "soziale-stadt-gablenberg.de": Terms("Soziale Stadt Gablenberg (Stuttgart)"),
    "stadtteilzentrum-dingolfing.de": Terms("Stadtteilzentrum Dingolfing"),
    "ursula-sowa.de": Terms("Ursula Sowa"),
    "eurocities.eu": Terms("EUROCITIES"),
    "hel.fi": Terms("City of Helsinki"),
    "vantaa.fi": Terms("City of Vantaa"),
    "urbaaniakasvua.fi": Terms("City of Vantaa (Urban Growth Vantaa)"),
    "uia-initiative.eu": Terms("Urban Innovative Actions (European Union)"),
    "urbact.eu": Terms("URBACT (European Union)"),
    "housingeurope.eu": Terms("Housing Europe"),
    "lgiu.org": Terms("Local Government Information Unit"),
    "innovations.upsocial.org": Terms("UpSocial"),
    "merit.unu.edu": Terms("UNU-MERIT"),
    "wider.unu.edu": Terms("UNU-WIDER"),
    "econpapers.repec.org": Terms("Queen Elizabeth House, University of Oxford (via RePEc)"),
    "pgrdocblog.wordpress.com": Terms("the blog's authors"),
    "taylorfrancis.com": Terms("Taylor & Francis"),
    "ec.europa.eu": Terms("European Union", "cc-by-4.0", "Commission Decision 2011/833/EU"),
    # Document hosts: the text is the document's author's, not the host's.
    "docslib.org": Terms("EUROCITIES (document re-hosted by docslib.org)"),
    "readkong.com": Terms("the document's author (re-hosted by readkong.com)"),
    "studylib.net": Terms("the document's author (re-hosted by studylib.net)"),
    "issuu.com": Terms("Inclusive Cities for Europe (published on issuu.com)"),
    "p.pdfdokument.com": Terms("BMUB / BBSR (report re-hosted by pdfdokument.com)"),
    # Wikipedia and copies of it: the text is the Wikipedia contributors'.
    "en.wikipedia.org": Terms("Wikipedia contributors", "cc-by-sa-4.0", _WIKI_NOTE),
    "en.m.wikipedia.org": Terms("Wikipedia contributors", "cc-by-sa-4.0", _WIKI_NOTE),
    "en.wikipedia-on-ipfs.org": Terms(
        "Wikipedia contributors", "cc-by-sa-3.0", "Wikipedia text (2017 snapshot)"
    ),
    "wiki3.en-us.nina.az": Terms("Wikipedia contributors", "cc-by-sa-4.0", "a copy of English Wikipedia"),
    "wikiwand.com": Terms("Wikipedia contributors", "cc-by-sa-4.0", "a copy of German Wikipedia"),
    "de.wikiup.org": Terms("Wikipedia contributors", "cc-by-sa-4.0", "a copy of German Wikipedia"),
    "liquisearch.com": Terms("Wikipedia contributors", "cc-by-sa-3.0", "a copy of English Wikipedia"),
    "fact-index.com": Terms("Wikipedia contributors", "gfdl-1.2", "a 2004 copy of English Wikipedia"),
    "wikipreneurship.eu": Terms("the wiki's contributors"),
    # Repositories.
    "github.com/qtux": Terms("Matthias Gazzari (qtux/instmatcher)", "apache-2.0"),
    "github.com/c-riq": Terms("c-riq/city-vote (list copied from eurocities.eu: EUROCITIES)"),
}

RIGHTS = {
    None: (
        "© {holder}. Not openly licensed: graphkit keeps only facts and short quotations from it, "
        "each with this attribution (quotation right: § 51 UrhG, Art. 5(3)(d) Directive 2001/29/EC).",
        "© {holder}. Nicht offen lizenziert: graphkit übernimmt nur Fakten und kurze Zitate daraus, "
        "jeweils mit dieser Quellenangabe (Zitatrecht, § 51 UrhG).",
    ),
    "licensed": (
        "© {holder}{note}, licensed under {licence}: quotations from it stay under that licence, "
        "with this attribution.",
        "© {holder}{note}, lizenziert unter {licence}: Zitate daraus bleiben unter dieser Lizenz, "
        "mit dieser Quellenangabe.",
    ),
}
LICENCE_NAMES = {
    "cc-by-4.0": "CC BY 4.0",
    "cc-by-sa-4.0": "CC BY-SA 4.0",
    "cc-by-sa-3.0": "CC BY-SA 3.0",
    "gfdl-1.2": "the GNU FDL 1.2",
    "apache-2.0": "the Apache License 2.0",
}
C_RIQ_RIGHTS = (
    "No licence declared (the c-riq/city-vote repository has no licence file). graphkit takes only "
    "facts from it (member names and their countries as listed by EUROCITIES; Wikidata identifiers, "
    "which Wikidata publishes under CC0) and does not redistribute its files.",
    "Keine Lizenz angegeben (das Repository c-riq/city-vote hat keine Lizenzdatei). graphkit übernimmt "
    "daraus nur Fakten (Mitgliedsnamen und ihre Länder, wie EUROCITIES sie führt; Wikidata-Kennungen, "
    "die Wikidata unter CC0 veröffentlicht) und gibt seine Dateien nicht weiter.",
)


@dataclass(slots=True)
class Document:
    """A source document as the curated data describes it."""

    iri: str
    url: str | None = None
    local: list[str] = field(default_factory=list)  # paths relative to the shared folder


@dataclass(frozen=True, slots=True)
class Record:
    """What was read of a document, as kept in the shared folder."""

    identifier: str  # "path" or "path:line,line"
    size: int
    sha256: str
    read: str  # EDTF date or interval
    whole_file: bool


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_documents(files: Iterable[Path]) -> dict[str, Document]:
    """Return the source documents the data files describe (IRI → url and local copies)."""
    from graphkit.loader import expand_inputs, read_quads

    found: dict[str, Document] = {}
    values: dict[tuple[str, str], set[str]] = {}
    for source in expand_inputs(list(files), curated=False):
        for quad in read_quads(source):
            s, p, o = quad.subject, quad.predicate.value, quad.object
            if not hasattr(s, "value") or type(s).__name__ != "NamedNode":
                continue
            if p == RDF_TYPE and o.value == GK + "SourceDocument":
                found.setdefault(s.value, Document(s.value))
            elif p in (GK + "url", GK + "localCopy", GK + "localFile"):
                values.setdefault((s.value, p), set()).add(o.value)
    for (iri, p), seen in values.items():
        doc = found.get(iri)
        if doc is None:
            continue
        if p == GK + "url":
            doc.url = sorted(seen)[0]
        else:  # gk:localCopy (a path below the shared folder) or gk:localFile (a bare file name)
            doc.local.extend(v for v in seen if v != FACTS)  # FACTS.md rows: found by URL, below
    return found


def _normalise(url: str) -> str:
    url = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE)
    return re.sub(r"^www\.", "", url).rstrip("/")


def cited_forms(url: str) -> set[str]:
    """The forms in which FACTS.md may cite `url` (normalised)."""
    forms = {_normalise(url)}
    github = re.match(r"^(?:https?://)?github\.com/([^/]+/[^/]+)(?:/blob/[^/]+/(.+))?$", url)
    if github:
        repo, path = github.groups()
        forms.add(f"{repo}:{path}" if path else f"{repo}:")
    return forms


_URL = re.compile(r"https?://[^\s;|()'\"]+")
_REPO = re.compile(r"\b([\w.-]+/[\w.-]+):(\S*)")


def row_cites(row: str, forms: set[str]) -> bool:
    """Whether a FACTS.md row cites the URL given by its normalised `forms`."""
    if not row.count(" | ") >= 3:
        return False
    for found in _URL.findall(row):
        if _normalise(found.rstrip(".,")) in forms:
            return True
    # A repository file as owner/repo:path; a whole repository as owner/repo: (any path in it).
    return any(f"{repo}:{path}" in forms or f"{repo}:" in forms for repo, path in _REPO.findall(row))


def facts_rows(facts: list[str], url: str) -> list[int]:
    """Return the 1-based numbers of the FACTS.md rows that cite `url`."""
    forms = cited_forms(url)
    return [n for n, row in enumerate(facts, start=1) if row_cites(row, forms)]


def line_ranges(rows: list[int]) -> str:
    """Line numbers as ranges: [104, 140, 141, 142] → "104,140-142" (sed: ``-n '104p;140,142p'``)."""
    runs: list[list[int]] = []
    for n in rows:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _resolve(shared: Path, name: str) -> str | None:
    """A local file's path relative to the shared folder (a bare gk:localFile name is looked up)."""
    if (shared / name).is_file():
        return name
    for folder in ("seeds", "facts"):
        if (shared / folder / name).is_file():
            return f"{folder}/{name}"
    return None


def records_of(doc: Document, shared: Path, facts_lines: list[str]) -> list[Record]:
    """Return what was read of `doc`: its own local files, then its FACTS.md rows."""
    records = []
    paths = set()
    for name in doc.local:
        path = _resolve(shared, name)
        if path is None:
            raise SystemExit(f"{doc.iri}: local copy {name!r} not found under {shared}")
        paths.add(path)
    for path in sorted(paths):
        data = (shared / path).read_bytes()
        read = READ_SEEDS.get(path, READ_REPO_FILES)
        records.append(Record(path, len(data), _sha256(data), read, whole_file=True))
    if doc.url:
        rows = facts_rows(facts_lines, doc.url)
        if rows:
            data = b"".join((facts_lines[n - 1] + "\n").encode("utf-8") for n in rows)
            ident = f"{FACTS}:{line_ranges(rows)}"
            records.append(Record(ident, len(data), _sha256(data), READ_FACTS, whole_file=False))
    return records


def terms_of(doc: Document) -> Terms:
    """Return the terms of `doc`'s host (longest suffix match; GitHub by owner)."""
    if not doc.url:
        raise SystemExit(f"{doc.iri}: no gk:url, so no terms: add one, or describe it in HOSTS")
    parts = urlsplit(doc.url)
    host = parts.hostname or ""
    if host == "github.com":
        host = "github.com/" + parts.path.strip("/").split("/")[0]
    host = host.removeprefix("www.")
    candidates = [h for h in HOSTS if host == h or host.endswith("." + h)]
    if not candidates:
        raise SystemExit(f"{doc.iri}: host {host!r} is not in HOSTS: add its rights holder and licence")
    return HOSTS[max(candidates, key=len)]


def _lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _iri(iri: str) -> str:
    if iri.startswith(DOC):
        return "doc:" + iri[len(DOC) :]
    if iri.startswith(ID):
        return ":" + iri[len(ID) :]
    return f"<{iri}>"


def _checksum(value: str) -> str:
    return f"[ spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue {_lit(value)} ]"


def citation_text(version: str) -> str:
    return (
        f"graphkit curators (2026): graphkit data: urban social-innovation networks, version {version}. "
        "Licensed under CC BY 4.0; quotations from the sources under their own terms."
    )


def render(documents: dict[str, Document], shared: Path, version: str, *, declare_curators: bool) -> str:
    """Return the catalogue as TriG text (deterministic)."""
    facts_path = shared / FACTS
    facts_bytes = facts_path.read_bytes()
    facts_lines = facts_bytes.decode("utf-8").split("\n")
    out = [
        "# GENERATED by scripts/source_catalogue.py from the curated data and ../shared: do not edit.",
        "# Each source document's terms (licence, rights holder, attribution) and what was read of it",
        "# (the local records, their SHA-256 and when they were read); the dataset's version and licence.",
        "",
        f"@prefix :        <{ID}> .",
        f"@prefix doc:     <{DOC}> .",
        f"@prefix graph:   <{GRAPH}> .",
        f"@prefix gk:      <{GK}> .",
        "@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix owl:     <http://www.w3.org/2002/07/owl#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix dcat:    <http://www.w3.org/ns/dcat#> .",
        "@prefix void:    <http://rdfs.org/ns/void#> .",
        "@prefix prov:    <http://www.w3.org/ns/prov#> .",
        "@prefix spdx:    <http://spdx.org/rdf/terms#> .",
        "@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .",
        f"@prefix edtf:    <{EDTF.rsplit('/', 1)[0]}/> .",
        "",
        "graph:source-catalogue {",
        '    graph:source-catalogue gk:source doc:graphkit-curation ; gk:certainty "curated" .',
        "",
    ]
    if declare_curators:
        out += [
            "    doc:graphkit-curation a gk:SourceDocument ;",
            '        rdfs:label "graphkit-Kuratorinnen und -Kuratoren"@de , "graphkit curators"@en .',
            "",
        ]
    out += [
        "    :graphkit-dataset a void:Dataset , dcat:Dataset ;",
        '        rdfs:label "graphkit-Daten: Netzwerke urbaner sozialer Innovation"@de ,',
        '            "graphkit data: urban social-innovation networks"@en ;',
        f"        owl:versionInfo {_lit(version)} ;",
        f"        dcterms:license <{DATA_LICENCE}> ;",
        '        dcterms:rightsHolder "graphkit curators" ;',
        f"        dcterms:bibliographicCitation {_lit(citation_text(version), 'en')} .",
        "",
        f"    _:facts-md a prov:Entity ; dcterms:identifier {_lit(FACTS)} ;",
        f"        dcat:byteSize {len(facts_bytes)} ; dcterms:created {_lit(READ_FACTS)}^^edtf:EDTF ;",
        f"        spdx:checksum {_checksum(_sha256(facts_bytes))} .",
    ]
    for iri in sorted(documents):
        doc = documents[iri]
        if iri == CURATORS or not doc.url:
            continue
        terms = terms_of(doc)
        if terms.holder.startswith("c-riq/"):
            rights = C_RIQ_RIGHTS
        elif terms.licence is None:
            rights = tuple(t.format(holder=terms.holder) for t in RIGHTS[None])  # type: ignore[assignment]
        else:
            note = f" ({terms.note})" if terms.note else ""
            name = LICENCE_NAMES[terms.licence]
            rights = tuple(  # type: ignore[assignment]
                t.format(holder=terms.holder, note=note, licence=name) for t in RIGHTS["licensed"]
            )
        out += ["", f"    {_iri(iri)}"]
        if terms.licence:
            out.append(f"        dcterms:license <{LICENCES[terms.licence]}> ;")
        out += [
            f"        dcterms:rightsHolder {_lit(terms.holder)} ;",
            f"        dcterms:rights {_lit(rights[0], 'en')} ,",
            f"            {_lit(rights[1], 'de')} .",
        ]
        for record in records_of(doc, shared, facts_lines):
            out += [
                f"    [] a prov:Entity ; prov:wasQuotedFrom {_iri(iri)} ;",
                f"        dcterms:identifier {_lit(record.identifier)} ;",
                f"        dcat:byteSize {record.size} ; dcterms:created {_lit(record.read)}^^edtf:EDTF ;",
            ]
            if not record.whole_file:
                out.append("        dcterms:isPartOf _:facts-md ;")
            out.append(f"        spdx:checksum {_checksum(record.sha256)} .")
    out += ["}", ""]
    return "\n".join(out)


def data_inputs(data_dir: Path, output: Path) -> list[Path]:
    """The curated data files the catalogue describes (its own file excepted)."""
    return [
        p
        for p in sorted(data_dir.rglob("*"))
        if p.suffix in (".ttl", ".trig") and p.resolve() != output.resolve()
    ]


def build(shared: Path, data_dir: Path | None = None, output: Path | None = None) -> str:
    """Return the catalogue for the data in `data_dir` and the records in `shared`."""
    data_dir = data_dir or bundled.data_dir()
    output = output or data_dir / OUTPUT_NAME
    documents = read_documents(data_inputs(data_dir, output))
    version = (data_dir / "VERSION").read_text(encoding="utf-8").strip()
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise SystemExit(f"{data_dir / 'VERSION'}: {version!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    return render(documents, shared, version, declare_curators=CURATORS not in documents)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=ROOT.parent / "shared", help="the shared source folder"
    )
    parser.add_argument("-o", "--output", type=Path, default=bundled.data_dir() / OUTPUT_NAME)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file on disk is not up to date")
    args = parser.parse_args(argv)
    if not (args.shared / FACTS).is_file():
        parser.error(f"--shared: no {FACTS} under {args.shared}")
    text = build(args.shared, output=args.output)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python scripts/source_catalogue.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date.")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"Wrote {args.output}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
