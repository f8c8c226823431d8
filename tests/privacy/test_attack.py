"""The interval attack on a system small enough to solve by hand."""

from __future__ import annotations

import math

import pytest

from tests.privacy import attack, solver
from tests.privacy.attack import Attack
from tests.privacy.linear import Target, row, terms

# Two hidden counts x and y with x + y <= 10 and 3x - 7y = 1: the relaxation leaves x anywhere
# in [1/3, 7.1], whole numbers only x = 5, y = 2. A third, z, is bounded by nothing but the box.
ROWS = [
    row({"x": 1, "y": 1}, 0, 10, "a total", "x + y <= 10"),
    row({"x": 3, "y": -7}, 1, 1, "a difference", "3x - 7y = 1"),
    row({"x": 1, "z": -1}, -math.inf, 0, "a bound", "x <= z"),
]
TARGETS = [
    Target("x", "count", terms({"x": 1}), 5),
    Target("y", "count", terms({"y": 1}), 2),
    Target("z", "count", terms({"z": 1}), 5),
    Target("x share", "rate", terms({"x": 1}), 500 / 7, terms({"x": 1, "y": 1}), 100.0),
]


def bounds(found: list[attack.Finding]) -> dict[str, tuple[float, float]]:
    return {f.target.label: (round(f.low, 6), round(f.high, 6)) for f in found}


def test_whole_numbers_pin_what_the_relaxation_leaves_open() -> None:
    found = bounds(Attack().run(ROWS, TARGETS))
    assert found["x"] == (5, 5) and found["y"] == (2, 2)
    assert found["z"] == (5, math.inf)  # only the solver's box bounds it: reported as unbounded
    low, high = found["x share"]  # the ratio is bounded on the relaxation: a valid, wider interval
    assert low <= 500 / 7 <= high and high - low < 100
    relaxed = bounds(Attack(refine=(0, 0)).run(ROWS, TARGETS))
    assert relaxed["x"] == (1, 7)


def test_scipys_public_calls_give_the_same_intervals(monkeypatch: pytest.MonkeyPatch) -> None:
    held = bounds(Attack().run(ROWS, TARGETS))
    monkeypatch.setattr(solver, "_core", None)
    assert bounds(Attack().run(ROWS, TARGETS)) == held


def test_the_rows_binding_a_bound_name_its_outputs() -> None:
    found = {f.target.label: f for f in Attack(refine=(0, 0)).run(ROWS, TARGETS)}
    assert set(found["x"].outputs) == {"a total", "a difference"}
