"""Colours and shapes of classes, fixed for the whole app: from the ontology, not the view.

A class looks the same in every view, after every expansion and in every exported file,
because its style depends only on the classes the ontology declares:

- **Families.** The top-level classes of the ontology (no superclass among the declared
  classes) head a family each; a top-level class with more than `SPLIT_ABOVE` subclasses
  below it (``gk:Agent``) is split, so its direct subclasses (``gk:Person``,
  ``gk:Organisation``) head families of their own. Families are ordered by size (most
  classes first), then by IRI — graphkit's own (``gk:``) before any other vocabulary's, so
  loading a researcher's ontology never changes graphkit's colours — and get the hues of
  `HUES` in that order: Okabe and Ito's colour-blind-safe set first, then further hues.
- **Members.** Inside a family every class has the family's hue, lighter the deeper it
  lies, and a shape of its own (`SHAPES`, in order of the class's IRI), so two classes of
  one family differ in shape even where colours are hard to tell apart.
- Classes the ontology does not declare (another vocabulary's) are grey, with a shape
  picked from the IRI's hash; an entity without a class is light grey.

Pure: the input is the subclass closure (`graphkit.classes.ClassIndex`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graphkit.namespaces import GK

#: Hues of families, in the order families get them: Okabe and Ito's colour-blind-safe set
#: (its yellow darkened, unreadable on white), then hues far from those and from the lighter
#: shades of the first families (no second light or dark blue).
HUES = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermilion
    "#CC79A7",  # reddish purple
    "#B8A100",  # dark yellow
    "#8C613C",  # brown
    "#9467BD",  # violet
    "#2B2B2B",  # near black
    "#7F8C1F",  # olive
    "#E15759",  # red
    "#F781BF",  # pink
    "#17BECF",  # cyan
    "#6B4226",  # dark brown
)
#: vis-network shapes that draw their label below the shape; a family's classes cycle them.
SHAPES = ("dot", "square", "triangle", "diamond", "star", "triangleDown", "hexagon")
#: A top-level class with more subclasses below it than this is split into families.
SPLIT_ABOVE = 8
#: Style of a class the ontology does not declare, and of an entity without a class.
FOREIGN_COLOUR = "#9E9E9E"
NO_CLASS_COLOUR = "#CFCFCF"


@dataclass(frozen=True, slots=True)
class ClassStyle:
    """How entities of one class are drawn."""

    color: str
    shape: str
    family: str  # the class heading its family ("" for undeclared classes)
    order: int  # position in legends: families in hue order, then members by depth and IRI


def _shade(colour: str, depth: int) -> str:
    """Return `colour` mixed with white: 25 % per level below the family's head, at most 50 %."""
    share = min(depth, 2) * 0.25
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(round(c + (255 - c) * share) for c in (r, g, b)))


def class_styles(supers: Mapping[str, Iterable[str]]) -> dict[str, ClassStyle]:
    """Return the style of every declared class.

    Args:
        supers: each declared class → its superclasses (transitively; itself included or not).
    """
    declared = set(supers)
    above = {cls: set(found) & declared - {cls} for cls, found in supers.items()}
    below: dict[str, set[str]] = {cls: set() for cls in declared}
    for cls, found in above.items():
        for sup in found:
            below[sup].add(cls)
    top = sorted(cls for cls in declared if not above[cls])
    heads: list[str] = []
    for cls in top:
        heads.append(cls)
        if len(below[cls]) > SPLIT_ABOVE:
            heads += sorted(sub for sub in below[cls] if above[sub] == {cls})
    head_set = set(heads)

    def family_of(cls: str) -> str:
        # The most specific family head among the class and its superclasses.
        candidates = [h for h in (above[cls] | {cls}) if h in head_set]
        return max(candidates, key=lambda h: (len(above[h]), h))

    members: dict[str, list[str]] = {head: [] for head in heads}
    for cls in declared:
        members[family_of(cls)].append(cls)
    # graphkit's own families first, so a researcher's ontology loaded beside it never
    # changes graphkit's colours; within each part, bigger families first, then by IRI.
    families = sorted(
        (h for h in heads if members[h]), key=lambda h: (not h.startswith(GK), -len(members[h]), h)
    )
    styles: dict[str, ClassStyle] = {}
    order = 0
    for i, head in enumerate(families):
        hue = HUES[i % len(HUES)]
        base_depth = len(above[head])
        ranked = sorted(members[head], key=lambda c: (len(above[c]) - base_depth, c))
        for j, cls in enumerate(ranked):
            depth = len(above[cls]) - base_depth
            styles[cls] = ClassStyle(
                color=_shade(hue, depth), shape=SHAPES[j % len(SHAPES)], family=head, order=order
            )
            order += 1
    return styles


def foreign_style(cls: str, order: int) -> ClassStyle:
    """Return the style of a class the ontology does not declare (or of "no class", ``""``)."""
    if not cls:
        return ClassStyle(color=NO_CLASS_COLOUR, shape="dot", family="", order=order)
    # FNV-1a (32 bits) over the UTF-8 bytes: the network view's script picks the same shape.
    digest = 0x811C9DC5
    for byte in cls.encode("utf-8"):
        digest = ((digest ^ byte) * 0x01000193) & 0xFFFFFFFF
    index = digest % len(SHAPES)
    return ClassStyle(color=FOREIGN_COLOUR, shape=SHAPES[index], family="", order=order)


__all__ = [
    "FOREIGN_COLOUR",
    "HUES",
    "NO_CLASS_COLOUR",
    "SHAPES",
    "ClassStyle",
    "class_styles",
    "foreign_style",
]
