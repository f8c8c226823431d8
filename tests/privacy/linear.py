"""Linear facts over named unknowns: the rows an attacker reads off published figures, and the
counts it attacks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

BIG = 1_000_000.0  # an upper bound on every count: no district counts a million of anything per cell

Terms = tuple[tuple[str, float], ...]


def terms(mapping: Mapping[str, float]) -> Terms:
    """A canonical, hashable linear expression (zero coefficients dropped)."""
    merged: dict[str, float] = {}
    for name, coef in mapping.items():
        merged[name] = merged.get(name, 0.0) + coef
    return tuple(sorted((k, v) for k, v in merged.items() if v != 0))


def plus(*parts: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in parts:
        for name, coef in part.items():
            out[name] = out.get(name, 0.0) + coef
    return out


def times(factor: float, part: Mapping[str, float]) -> dict[str, float]:
    return {name: factor * coef for name, coef in part.items()}


@dataclass(frozen=True)
class Row:
    """`low <= Σ coef·var <= high`, read from `output` (what it says: `fact`)."""

    terms: Terms
    low: float
    high: float
    output: str
    fact: str

    @property
    def key(self) -> tuple[Terms, float, float]:
        return (self.terms, self.low, self.high)

    def holds(self, truth: Mapping[str, float], tolerance: float = 1e-6) -> bool:
        value = sum(coef * truth.get(name, 0.0) for name, coef in self.terms)
        scale = max(1.0, abs(value))
        return self.low - tolerance * scale <= value <= self.high + tolerance * scale


def row(mapping: Mapping[str, float], low: float, high: float, output: str, fact: str) -> Row:
    return Row(terms(mapping), low, high, output, fact)


TargetKind = Literal["count", "rate"]


@dataclass(frozen=True)
class Target:
    """A hidden or small count (`numerator`), or a rate `scale·numerator/denominator` about a small group."""

    label: str
    kind: TargetKind
    numerator: Terms
    truth: float
    denominator: Terms = ()
    scale: float = 1.0
    about: str = ""  # what makes it protected: "small group", "complement of a group", "few who did", ...

    def variables(self) -> set[str]:
        return {name for name, _c in self.numerator} | {name for name, _c in self.denominator}
