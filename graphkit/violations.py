"""One way data breaks a shape: the record every validator returns and every adapter prints."""

from __future__ import annotations

from dataclasses import dataclass

from graphkit.namespaces import shorten


@dataclass(frozen=True, slots=True)
class Violation:
    """One way the data breaks a shape (or the provenance rule)."""

    message: str
    focus: str
    constraint: str
    path: str | None = None
    value: str | None = None
    file: str | None = None
    line: int | None = None
    severity: str = "Violation"

    def describe(self) -> str:
        """Return one line a person can act on: where, what, which constraint."""
        where = f"{self.file}:{self.line}" if self.file and self.line else self.file or "(store)"
        path = self.path if not self.path or "|" in self.path or " " in self.path else shorten(self.path)
        # A node without a name (the annotation of a statement) has only a generated label.
        focus = shorten(self.focus) if ":" in self.focus else "an annotation"
        on = focus + (f" {path}" if path else "")
        value = f" (value {self.value})" if self.value else ""
        return f"{where}: {on}{value}: {self.message} [{self.constraint}]"
