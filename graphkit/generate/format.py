"""Output formats of the generator."""

from __future__ import annotations

from enum import StrEnum


class GenerateFormat(StrEnum):
    """Output formats of `generate_dataset`."""

    NQUADS = "nquads"
    TRIG = "trig"
