"""Writing the synthetic world one named graph at a time, as N-Quads or TriG."""

from __future__ import annotations

import random
from typing import BinaryIO

from graphkit.generate.format import GenerateFormat
from graphkit.generate.vocabulary import _P, _PREFIXES, _date, _lit, _short, _typed
from graphkit.namespaces import GK, GRAPH, ID


class _Stream:
    """Buffers one named graph, opened with its provenance, and writes it when the next opens."""

    def __init__(self, out: BinaryIO, fmt: GenerateFormat, rng: random.Random) -> None:
        self.out, self.fmt, self.rand = out, fmt, rng.random
        self.buf: list[tuple[str, str, str]] = []
        self.flushed = self.graphs = self.entities = self.bytes = self.limit = 0
        self.graph = ""
        if fmt is GenerateFormat.TRIG:
            self.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _PREFIXES.items()) + "\n")

    @property
    def count(self) -> int:
        return self.flushed + len(self.buf)

    def full(self) -> bool:
        return len(self.buf) >= self.limit

    def put(self, s: str, **props: str | None) -> None:
        """Add `s p o` for each property `p` given a value `o` (None: not stated)."""
        self.buf += [(s, _P[p], o) for p, o in props.items() if o is not None]

    def thing(self, iri: str, cls: str, de: str, en: str, **props: str | None) -> None:
        """Add an entity: its class (a gk: class unless a full IRI), German and English label, `props`."""
        self.entities += 1
        cls = cls if cls[0] == "<" else f"<{GK}{cls}>"
        self.buf += [
            (iri, _P["type"], cls),
            (iri, _P["label"], _lit(de, "de")),
            (iri, _P["label"], _lit(en, "en")),
        ]
        self.put(iri, **props)

    def open(self, title_de: str, title_en: str, publisher: str | None = None) -> None:
        """Write the current graph and start the next, with its source document."""
        self.close()
        number, rand = self.graphs, self.rand
        self.graphs += 1
        self.graph, doc = f"<{GRAPH}synthetic-{number}>", f"<{ID}doc/synthetic-{number}>"
        self.limit = 300 + int(2700 * rand() ** 2)
        year, month, day = 2010 + int(15 * rand()), 1 + int(12 * rand()), 1 + int(28 * rand())
        self.put(self.graph, source=doc, certainty='"stated"')
        de, en = f"Synthetische Quelle {number}: {title_de}", f"Synthetic source {number}: {title_en}"
        self.thing(
            doc, "SourceDocument", de, en, title=_lit(title_de, "de"), language='"de"', publisher=publisher
        )
        url = _typed(f"https://example.org/graphkit-synthetic/{number}", "anyURI")
        self.put(doc, url=url, issued=_date(year, month, day), factsAsOf=_date(year, 1, 1))

    def close(self) -> None:
        if self.fmt is GenerateFormat.NQUADS:
            end = f" {self.graph} .\n"
            self.write("".join([f"{s} {p} {o}{end}" for s, p, o in self.buf]))
        elif self.buf:  # one block per graph, statements about one subject joined by `;`
            parts, previous, end = [f"GRAPH {_short(self.graph)} {{\n"], "", ""
            for s, p, o in self.buf:
                if s == previous:
                    parts.append(f" ;\n        {_short(p)} {_short(o)}")
                else:
                    parts.append(f"{end}    {_short(s)} {_short(p)} {_short(o)}")
                    previous, end = s, " .\n"
            self.write("".join(parts) + " .\n}\n\n")
        self.flushed += len(self.buf)
        self.buf.clear()

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.out.write(data)
        self.bytes += len(data)
