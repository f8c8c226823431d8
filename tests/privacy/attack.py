"""The interval attack: every published figure one role can read, as linear constraints over the
hidden counts, and each hidden or small count minimised and maximised with HiGHS.

Unknowns are named strings (see `model.cell_var`): a numerator, denominator and student count
per indicator × period × school × student group, a count per survey question × option ×
language, families per home language. A published figure becomes a `Row`: `low <= Σ coef·var
<= high`, tagged with the output it was read from. Each `Target` (a hidden or small count, or a
rate about a small group) is bounded in two passes:

1. the linear relaxation, rounded inwards because counts are whole numbers; its duals name the
   outputs that carry the bound;
2. where that leaves fewer than N values, the integer programme (HiGHS branch and bound, at most
   `MILP_NODES` nodes so a busy machine gets the same answer), keeping only what HiGHS proves
   (its dual bound when a limit stops it). Each bound it proves joins the block's rows, and the
   relaxation of every other count in the block runs again with it.

A rate target (a share of days about fewer than N students) is a ratio of two unknowns: it is
bounded by the Charnes–Cooper transformation of the linear relaxation, which is exact for the
relaxation and so a valid (if wider) interval for the integers.

Rows fall apart into independent blocks (figures of one indicator and period rarely touch
another's); each block is solved alone, HiGHS holding it between objectives, and a block whose
rows another role already read is not solved again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tests.privacy.linear import BIG, Row, Target, Terms
from tests.privacy.solver import EPS, Matrix, Solver, charnes_cooper


@dataclass(frozen=True)
class Finding:
    target: Target
    low: float  # -inf / inf when unbounded
    high: float
    outputs: tuple[str, ...]  # outputs whose figures bind the bound (from the relaxation's duals)
    facts: tuple[str, ...]
    method: str  # "lp", "milp", "charnes-cooper"
    role: str = ""

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def contains_truth(self) -> bool:
        slack = 1e-6 * max(1.0, abs(self.target.truth))
        return self.low - slack <= self.target.truth <= self.high + slack

    def narrowed(self, count_width: float, rate_width: float) -> bool:
        limit = count_width if self.target.kind == "count" else rate_width
        return self.width < limit

    def describe(self) -> str:
        low = "-∞" if math.isinf(self.low) else _number(self.low)
        high = "∞" if math.isinf(self.high) else _number(self.high)
        sources = "; ".join(self.facts[:4]) + (f"; … {len(self.facts) - 4} more" if len(self.facts) > 4 else "")
        return (
            f"{self.target.label} ({self.target.about}): [{low}, {high}] width {_number(self.width)}, "
            f"truth {_number(self.target.truth)}, {self.method}, role {self.role}; from {', '.join(self.outputs)}"
            f" — {sources}"
        )


def _number(value: float) -> str:
    if math.isinf(value):
        return "∞"
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.2f}"


# --- Blocks ----------------------------------------------------------------------------------


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, names: Iterable[str]) -> None:
        first: str | None = None
        for name in names:
            if first is None:
                first = self.find(name)
            else:
                other = self.find(name)
                if other != first:
                    self.parent[other] = first


@dataclass
class _Block:
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


def _blocks(rows: Sequence[Row], targets: Sequence[Target]) -> list[_Block]:
    union = _Union()
    for r in rows:
        union.join(name for name, _c in r.terms)
    for t in targets:
        union.join(t.variables())
    blocks: dict[str, _Block] = {}
    for r in rows:
        if r.terms:
            blocks.setdefault(union.find(r.terms[0][0]), _Block()).rows.append(r)
    for t in targets:
        names = sorted(t.variables())
        blocks.setdefault(union.find(names[0]), _Block()).targets.append(t)
    return [b for b in blocks.values() if b.targets]


@dataclass
class _Bound:
    low: float
    high: float
    binding: list[int]
    method: str


def _relaxed_count(relaxed: Solver, expression: Terms) -> _Bound:
    """The relaxation's interval, rounded inwards (counts are whole numbers)."""
    c = relaxed.matrix.objective(expression)
    low, binding_low = relaxed.minimum(c)
    high_negative, binding_high = relaxed.minimum(-c)
    whole = all(abs(coef - round(coef)) < 1e-12 for _n, coef in expression)
    high = -high_negative
    if whole:
        low = math.ceil(low - EPS) if math.isfinite(low) else low
        high = math.floor(high + EPS) if math.isfinite(high) else high
    return _Bound(float(low), float(high), binding_low + binding_high, "lp")


def _refine_count(relaxed: Solver, exact: Solver, expression: Terms, bound: _Bound) -> None:
    """The integer programme's interval; both solvers keep it for the targets after this one."""
    c = relaxed.matrix.objective(expression)
    low_ip = exact.minimum(c)[0]
    high_ip = -exact.minimum(-c)[0]
    if math.isfinite(low_ip):
        bound.low = max(bound.low, math.ceil(low_ip - EPS))
    if math.isfinite(high_ip):
        bound.high = min(bound.high, math.floor(high_ip + EPS))
    bound.method = "milp"
    relaxed.learn(c, bound.low, bound.high, bound.binding)
    exact.learn(c, bound.low, bound.high, bound.binding)


def _bound_rate(matrix: Matrix, target: Target) -> _Bound:
    low, binding_low = charnes_cooper(matrix, target.numerator, target.denominator, target.scale, 1.0)
    high_negative, binding_high = charnes_cooper(matrix, target.numerator, target.denominator, target.scale, -1.0)
    return _Bound(low, -high_negative, binding_low + binding_high, "charnes-cooper")


@dataclass
class _Solving:
    """One block being attacked: its matrix, its solvers, its bounds by target expression."""

    matrix: Matrix
    relaxed: Solver
    bounds: dict[tuple[str, Terms, Terms, float], _Bound]
    exact: Solver | None = None

    def integer(self) -> Solver:
        if self.exact is None:
            self.exact = Solver(self.matrix, whole=True)
        return self.exact


def _key(target: Target) -> tuple[str, Terms, Terms, float]:
    return (target.kind, target.numerator, target.denominator, target.scale)


class Attack:
    """Bounds targets under rows; remembers blocks already solved (roles share most figures).

    Every target gets the relaxation. Then the integer programme refines the count targets whose
    relaxed interval has a width in `refine` (default [1, N): narrow enough for whole numbers to
    matter), for at most `milp_limit` targets per run (None: all): it costs a hundred
    relaxations, and on wider intervals it never brought a count under the protection interval
    in our runs.
    """

    def __init__(self, *, refine: tuple[float, float] | None = None, milp_limit: int | None = None) -> None:
        self.refine = refine
        self.milp_limit = milp_limit
        self._solved: dict[tuple[frozenset[tuple[Terms, float, float]], Target], Finding] = {}
        self.solves = 0
        self.refined = 0

    def run(
        self,
        rows: Sequence[Row],
        targets: Sequence[Target],
        role: str = "",
        whole: Callable[[str], bool] = lambda _name: True,
    ) -> list[Finding]:
        """`whole` names the unknowns the integer programme keeps whole (all are, in truth;
        leaving days and minutes continuous only widens intervals, and keeps it quick)."""
        from django.conf import settings

        n = int(settings.VILLAGE_SMALL_N)
        refine = self.refine if self.refine is not None else (1.0, float(n))
        blocks = [(frozenset(r.key for r in b.rows), b) for b in _blocks(rows, targets)]
        solving: dict[frozenset[tuple[Terms, float, float]], _Solving] = {}
        candidates: list[tuple[tuple[bool, float], int, frozenset[tuple[Terms, float, float]], Target]] = []
        for signature, block in blocks:
            pending = [t for t in block.targets if (signature, t) not in self._solved]
            if not pending:
                continue
            matrix = Matrix.of(block.rows, (v for t in pending for v in t.variables()), whole)
            state = _Solving(matrix, Solver(matrix, whole=False), {})
            solving[signature] = state
            for target in pending:
                key = _key(target)
                if key in state.bounds:
                    continue
                self.solves += 1
                if target.kind == "rate":
                    state.bounds[key] = _bound_rate(matrix, target)
                    continue
                bound = state.bounds[key] = _relaxed_count(state.relaxed, target.numerator)
                if refine[0] <= bound.high - bound.low < refine[1]:
                    # Group sizes first (one unknown each: pinning one narrows its cell's other
                    # counts too), the widest first (a "*" leaves 1 to N-1, which whole numbers
                    # pin most often); then the rest, widest first.
                    priority = (len(target.numerator) > 1, -(bound.high - bound.low))
                    candidates.append((priority, len(candidates), signature, target))
        learnt: set[frozenset[tuple[Terms, float, float]]] = set()
        for _priority, _order, signature, target in sorted(candidates):
            if self.milp_limit is not None and self.refined >= self.milp_limit:
                break
            state = solving[signature]
            _refine_count(state.relaxed, state.integer(), target.numerator, state.bounds[_key(target)])
            self.refined += 1
            learnt.add(signature)
        # What the integer programme proved narrows the relaxation for every other count too.
        for signature in learnt:
            state = solving[signature]
            for key, bound in state.bounds.items():
                kind, numerator, _denominator, _scale = key
                if kind == "count" and bound.method == "lp":
                    again = _relaxed_count(state.relaxed, numerator)
                    if again.high - again.low < bound.high - bound.low:
                        state.bounds[key] = again
        found: list[Finding] = []
        for signature, block in blocks:
            for target in block.targets:
                if (signature, target) not in self._solved:
                    state = solving[signature]
                    bound = state.bounds[_key(target)]
                    chosen = [state.matrix.rows[i] for i in dict.fromkeys(bound.binding)]
                    high = math.inf if bound.high >= BIG / 2 else bound.high  # only the solver's box bounds it
                    self._solved[(signature, target)] = Finding(
                        target,
                        bound.low,
                        high,
                        tuple(dict.fromkeys(o for r in chosen for o in r.output.split(" + "))),
                        tuple(dict.fromkeys(r.fact for r in chosen)),
                        bound.method,
                        role,
                    )
                known = self._solved[(signature, target)]
                found.append(known if known.role == role else _with_role(known, role))
        return found


def _with_role(finding: Finding, role: str) -> Finding:
    return Finding(finding.target, finding.low, finding.high, finding.outputs, finding.facts, finding.method, role)


def violated(rows: Iterable[Row], truth: Mapping[str, float]) -> list[Row]:
    """Rows the true counts break: each one is a bug in the attacker (a misread figure or a wrong model)."""
    return [r for r in rows if not r.holds(truth)]
