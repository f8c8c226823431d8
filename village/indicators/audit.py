"""Complementary suppression of a release by linear programming (HiGHS through SciPy).

The audit reads the release as an outsider would: each school × group × indicator is three
unknowns (who did `n`, the denominator `d`, students `s`), whole and non-negative; a figure for
several schools is the sum of theirs; a group is part of its school (all students but the group
is non-negative); a share of people has `d = s`, and shares with the same denominator (enrolled
students) share their students across indicators. Each printed figure adds what its text says
(`release.publish`). Then every small count (a group of 1 to N-1 students, all students but such
a group, the 1 to N-1 who did or did not) is minimised and maximised; while one of them lies in
an interval narrower than the protection interval (N/2), one more published cell on a line with
it is hidden, the one about the fewest students first, and the audit runs again.

Counts are bounded by the linear relaxation, rounded inwards (they are whole numbers); counts it
leaves within N are bounded again as integers (HiGHS branch and bound), so the audit is at least
as strict as an attacker who solves the integer programme.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from village.indicators.cells import CellKey, Counts, Release, Scope, complementary
from village.indicators.highs import HIGHS, HighsSolver, one_sided
from village.indicators.models import ALL_STUDENTS, Indicator
from village.indicators.vocab import Unit

Terms = dict[int, float]


@dataclass
class _Target:
    terms: Terms
    cell: tuple[int, int, str]  # indicator, school, group it is about


@dataclass
class _Block:
    """One linear programme: indicators linked by a shared student count."""

    indicators: list[Indicator]
    n: int
    names: dict[tuple[object, ...], int] = field(default_factory=dict)
    rows: list[tuple[Terms, float, float]] = field(default_factory=list)
    solvers: dict[bool, HighsSolver] = field(default_factory=dict)
    truth: np.ndarray | None = None  # the real counts, one per unknown (a whole solution)
    locals: dict[frozenset[int], _Local | None] = field(default_factory=dict)
    built: tuple[csr_matrix, np.ndarray, np.ndarray] | None = None

    def matrices(self) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
        if self.built is None:
            self.built = _matrices(self)
        return self.built

    def solver(self, *, whole: bool) -> HighsSolver:
        if whole not in self.solvers:
            self.solvers[whole] = HighsSolver(*self.matrices(), whole)
        return self.solvers[whole]

    def local(self, schools: frozenset[int]) -> _Local | None:
        if schools not in self.locals:
            self.locals[schools] = _local(self, schools)
        return self.locals[schools]

    def var(self, *key: object) -> int:
        if key not in self.names:
            self.names[key] = len(self.names)
        return self.names[key]


def protection(n: int) -> float:
    return n / 2


def protect(
    release: Release,
    indicators: Sequence[Indicator],
    schools: Sequence[int],
    found: Mapping[tuple[int, int, str], Counts],
    people: Mapping[int, bool],
    sums: Mapping[CellKey, Counts],
    n: int,
) -> None:
    """Hide cells of `release` until no small count can be narrowed below the protection interval."""
    for members in _linked(indicators, people):
        targets = _targets(members, schools, found, n)
        if not targets:
            continue
        block = _programme(release, members, schools, people, n, found)
        # Hiding a cell only removes rows, so a count once safe stays safe: one pass suffices.
        for target in targets:
            release.audited_targets += 1
            while _narrowed(block, target, people, release):
                cell = _cheapest(release, target, sums)
                if cell is None:
                    break
                release.cells[cell] = complementary()
                release.hidden_complementary += 1
                block = _programme(release, members, schools, people, n, found)


Target = tuple[Indicator, str, int, str, str]  # indicator, quantity, school, group, "" or "rest"


RATE_PROTECTION = 50.0  # percentage points: what N/2 of about N students leaves of a share


def _narrowed(block: _Block, target: Target, people: Mapping[int, bool], release: Release) -> bool:
    if target[1] == "rate":
        num = _terms(block, (*target[:1], "n", *target[2:]), people)
        den = _terms(block, (*target[:1], "d", *target[2:]), people)
        return _rate_width(block, num, den, release) < RATE_PROTECTION
    return _width(block, _terms(block, target, people), release, target[2]) < protection(block.n)


def _terms(block: _Block, target: Target, people: Mapping[int, bool]) -> Terms:
    indicator, quantity, school, group, part = target
    v_n, v_d, v_s = _vars(block, indicator, school, group, people)
    mine: Terms = {v_s: 1.0} if quantity == "s" else {v_n: 1.0} if quantity == "n" else {v_d: 1.0}
    if quantity == "rest":
        _add(mine, v_n, -1.0)
    if part != "rest":
        return mine
    a_n, a_d, a_s = _vars(block, indicator, school, ALL_STUDENTS, people)
    every: Terms = {a_s: 1.0} if quantity == "s" else {a_n: 1.0} if quantity == "n" else {a_d: 1.0}
    if quantity == "rest":
        _add(every, a_n, -1.0)
    for k, c in mine.items():
        _add(every, k, -c)
    return every


def _matrices(block: _Block) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
    data: list[float] = []
    rows: list[int] = []
    cols: list[int] = []
    for r, (terms, _low, _high) in enumerate(block.rows):
        for k, c in terms.items():
            if c:
                rows.append(r)
                cols.append(k)
                data.append(c)
    matrix = csr_matrix((data, (rows, cols)), shape=(len(block.rows), len(block.names)))
    low = np.array([lo for _t, lo, _h in block.rows], dtype=float)
    high = np.array([hi for _t, _l, hi in block.rows], dtype=float)
    return matrix, low, high


def _width(block: _Block, terms: Terms, release: Release, school: int) -> float:
    """How narrow an outsider can make `terms`: the relaxation rounded inwards, and the integer
    programme where the relaxation leaves fewer than N values (as the test suite's attacker does)."""
    size = len(block.names)
    objective = np.zeros(size)
    for k, c in terms.items():
        objective[k] += c
    ends: list[float] = []
    whole_ends: list[bool] = []
    for sign in (1.0, -1.0):
        release.solves += 1
        solver = block.solver(whole=False)
        status, value = solver.minimum(sign * objective)
        whole_ends.append(solver.integral)
        if status == "infeasible":
            return math.inf  # the printed figures contradict each other: nothing to narrow
        if status == "unproven":
            return 0.0  # no proof either way: count it as narrowed, so one more cell is hidden
        ends.append(sign * value)
    if not all(math.isfinite(e) for e in ends):
        return math.inf
    lowest, highest = math.ceil(ends[0] - 1e-6), math.floor(ends[1] + 1e-6)
    if highest - lowest + 1 >= block.n:
        return highest - lowest  # N or more values: the integer programme is for fewer
    if highest - lowest < protection(block.n) or all(whole_ends):
        return highest - lowest  # whole numbers can only narrow it, or they reach both ends
    certified = _certified(block, objective, highest, release, school)
    if certified is not None:
        return certified
    proven: list[float] = list(ends)
    for k, sign in enumerate((1.0, -1.0)):
        if whole_ends[k]:
            continue  # whole numbers reach this end of the relaxation: the integers reach it too
        release.solves += 1
        status, value = block.solver(whole=True).minimum(sign * objective)
        if status != "ok" or not math.isfinite(value):
            continue
        proven[k] = sign * value
    return min(highest, math.floor(proven[1] + 1e-6)) - max(lowest, math.ceil(proven[0] - 1e-6))


def _certified(block: _Block, objective: np.ndarray, highest: int, release: Release, school: int) -> float | None:
    """The width whole numbers leave, settled by feasibility questions instead of optimisations
    (each stops at the first whole solution, so it is much quicker): is there a whole solution at
    most `highest - P`, and then one at least P above it? Two such solutions prove the count may
    take values P apart (any attacker's interval is at least that wide); no solution to the first
    proves every whole solution lies within P below `highest`. They are looked for first among the
    solutions that keep every other school at its real counts (a programme the size of one school:
    what it finds is a solution of the whole), then in the whole programme. None when HiGHS cannot
    tell within its limits (the optimisations then decide)."""
    gap = protection(block.n)
    for free in _neighbourhoods(release, school):
        local = block.local(free)
        if local is None:
            continue
        release.solves += 2
        lowest_found, highest_found = local.reached(objective), -local.reached(-objective)
        if highest_found - lowest_found >= gap:
            return highest_found - lowest_found
    solver = block.solver(whole=True)
    release.solves += 1
    low = solver.feasible(objective, -math.inf, highest - gap)
    if low == "infeasible":
        return math.ceil(gap) - 1  # every whole solution lies above highest - P
    if not isinstance(low, float):
        return None
    release.solves += 1
    high = solver.feasible(objective, low + gap, math.inf)
    return high - low if isinstance(high, float) else None


@dataclass
class _Local:
    """The programme with every unknown outside a few schools fixed at its real count."""

    solver: HighsSolver
    free: np.ndarray  # which unknowns are the school's
    truth: np.ndarray

    def reached(self, c: np.ndarray) -> float:
        """The least c·x over whole solutions found (the real counts' value when none lower is)."""
        fixed = float(c[~self.free] @ self.truth[~self.free])
        found = self.solver.reached(c[self.free])
        return min(float(c @ self.truth), found + fixed)


def _neighbourhoods(release: Release, school: int) -> list[frozenset[int]]:
    """The school with the schools it is published with in smaller sums (its partnerships), or,
    where there are none, with its neighbour in the district: so that a count can move between
    schools without moving the district's figure (the school alone is too tight: measured, it
    settles fewer than half the counts the pair settles)."""
    whole = max(release.scopes, key=len)
    around = set().union(*(scope for scope in release.scopes if school in scope and scope != whole))
    if len(around) <= 1:
        others = sorted(whole - {school})
        around = {school, *others[:1]}
    return [frozenset(around)]


def _local(block: _Block, schools: frozenset[int]) -> _Local | None:
    """None when the real counts do not satisfy the rows outside the school (figures that do
    not add up): then no solution can be read off them."""
    if block.truth is None or HIGHS is None:
        return None
    matrix, low, high = block.matrices()
    free = np.array([key[2] in schools for key in block.names], dtype=bool)
    if not free.any():
        return None
    offset = matrix[:, ~free] @ block.truth[~free]
    inner = matrix[:, free].tocsr()
    touches = np.diff(inner.indptr) > 0
    rest = ~touches
    if np.any(offset[rest] < low[rest] - 1e-6) or np.any(offset[rest] > high[rest] + 1e-6):
        return None
    solver = HighsSolver(inner[touches], (low - offset)[touches], (high - offset)[touches], whole=True)
    if solver.highs is not None:
        # A programme of a few schools: presolving and primal heuristics cost more than they save
        # (measured: about half the time per solve).
        solver.highs.setOptionValue("presolve", "off")  # type: ignore[attr-defined]
        solver.highs.setOptionValue("mip_heuristic_effort", 0.0)  # type: ignore[attr-defined]
    return _Local(solver, free, block.truth)


def _truth(block: _Block, found: Mapping[tuple[int, int, str], Counts], people: Mapping[int, bool]) -> np.ndarray:
    truth = np.zeros(len(block.names))
    for indicator in block.indicators:
        for (pk, school, group), counts in found.items():
            if pk != indicator.pk:
                continue
            names = block.names
            student_key = ("s", _students_key(indicator, people), school, group)
            if student_key not in names:
                continue  # a group the indicator does not report
            truth[names[student_key]] = counts.students
            truth[names[("n", indicator.pk, school, group)]] = counts.numerator
            if not people[indicator.pk]:
                truth[names[("d", indicator.pk, school, group)]] = counts.denominator
    return truth


def _rate_width(block: _Block, num: Terms, den: Terms, release: Release) -> float:
    """How narrow 100·num/den can be made: the Charnes–Cooper transformation of the relaxation
    (y = t·x with den·y = 1, t >= 0), exact for the relaxation and so no wider than any attack."""
    size = len(block.names)
    matrix, low, high = _matrices(block)
    # Rows low·t <= A y <= high·t, as one-sided rows over (y, t).
    a, b = one_sided(matrix, low, high)
    finite_high, finite_low = np.isfinite(high), np.isfinite(low)
    t_column = np.concatenate([-high[finite_high], low[finite_low]])
    from scipy.sparse import hstack

    a_ub = hstack([a, csr_matrix(t_column.reshape(-1, 1))]).tocsr()
    del b
    b_ub = np.zeros(a_ub.shape[0])
    equality = np.zeros((1, size + 1))
    for k, c in den.items():
        equality[0, k] += c
    objective = np.zeros(size + 1)
    for k, c in num.items():
        objective[k] += 100.0 * c
    ends: list[float] = []
    for sign in (1.0, -1.0):
        release.solves += 1
        found = linprog(
            sign * objective, A_ub=a_ub, b_ub=b_ub, A_eq=equality, b_eq=[1.0], bounds=[(0, None)] * (size + 1)
        )
        if found.status in (2, 3):
            return math.inf  # contradictory figures, or a share with no bound: nothing to narrow
        if found.status != 0 or found.fun is None:
            return 0.0
        ends.append(sign * float(found.fun))
    return ends[1] - ends[0]


def _cheapest(release: Release, target: Target, sums: Mapping[CellKey, Counts]) -> CellKey | None:
    """The published cell to hide next: on a line with the target (its indicator, its group or all
    students, a scope holding its school or beside it), about the fewest students; a single
    school's cell before a sum of schools."""
    indicator, _quantity, _school, group, _part = target
    groups = {group, ALL_STUDENTS}
    candidates = [
        key
        for key, rate in release.cells.items()
        if key[0] == indicator.pk and key[2] in groups and rate.reason not in ("complementary", "no_data")
    ]
    if not candidates:
        return None

    whole = max(len(scope) for scope in release.scopes)

    def cost(key: CellKey) -> tuple[bool, int, int, str]:
        scope = key[1]
        return (len(scope) == whole, sums[key].students, len(scope), key[2])

    return min(candidates, key=cost)


def _linked(indicators: Sequence[Indicator], people: Mapping[int, bool]) -> list[list[Indicator]]:
    shared: dict[str, list[Indicator]] = defaultdict(list)
    alone: list[list[Indicator]] = []
    for indicator in indicators:
        if people[indicator.pk]:
            shared[indicator.denominator.strip().casefold()].append(indicator)
        else:
            alone.append([indicator])
    return [*shared.values(), *alone]


def _students_key(indicator: Indicator, people: Mapping[int, bool]) -> object:
    return indicator.denominator.strip().casefold() if people[indicator.pk] else indicator.pk


def _vars(
    block: _Block, indicator: Indicator, school: int, group: str, people: Mapping[int, bool]
) -> tuple[int, int, int]:
    s = block.var("s", _students_key(indicator, people), school, group)
    d = s if people[indicator.pk] else block.var("d", indicator.pk, school, group)
    return block.var("n", indicator.pk, school, group), d, s


def _add(terms: Terms, var: int, coef: float) -> None:
    terms[var] = terms.get(var, 0.0) + coef


_WHOLE = re.compile(r"^(\d+)%$")


def _programme(
    release: Release,
    members: Sequence[Indicator],
    schools: Sequence[int],
    people: Mapping[int, bool],
    n: int,
    found: Mapping[tuple[int, int, str], Counts],
) -> _Block:
    block = _Block(list(members), n)
    rows = block.rows
    for indicator in members:
        percent = indicator.unit == Unit.PERCENT
        for school in schools:
            na, da, sa = _vars(block, indicator, school, ALL_STUDENTS, people)
            for group in (ALL_STUDENTS, *indicator.groups):
                v_n, v_d, v_s = _vars(block, indicator, school, group, people)
                if v_d != v_s:
                    rows.append(({v_d: 1, v_s: -1}, 0, math.inf))
                if percent:
                    rows.append(({v_d: 1, v_n: -1}, 0, math.inf))
                if group == ALL_STUDENTS:
                    continue
                rows.append(({na: 1, v_n: -1}, 0, math.inf))
                rows.append(({sa: 1, v_s: -1}, 0, math.inf))
                if v_d != v_s:
                    rows.append(({da: 1, v_d: -1, sa: -1, v_s: 1}, 0, math.inf))
                if percent:
                    rows.append(({da: 1, na: -1, v_d: -1, v_n: 1}, 0, math.inf))
        for scope in release.scopes:
            for group in (ALL_STUDENTS, *indicator.groups):
                rows.extend(_printed(block, release, indicator, scope, group, people, n))
    block.truth = _truth(block, found, people)
    return block


def _printed(
    block: _Block,
    release: Release,
    indicator: Indicator,
    scope: Scope,
    group: str,
    people: Mapping[int, bool],
    n: int,
) -> list[tuple[Terms, float, float]]:
    rate = release.cells.get((indicator.pk, scope, group))
    if rate is None or rate.reason == "complementary":
        return []
    num: Terms = {}
    den: Terms = {}
    stu: Terms = {}
    for school in scope:
        v_n, v_d, v_s = _vars(block, indicator, school, group, people)
        _add(num, v_n, 1)
        _add(den, v_d, 1)
        _add(stu, v_s, 1)
    rest = dict(den)
    for k, c in num.items():
        _add(rest, k, -c)
    if rate.reason == "no_data":
        return [(den, 0, 0), (stu, 0, 0)]
    if rate.reason == "small_denominator":
        return [(stu, 1, n - 1), (den, 1, math.inf)]
    out: list[tuple[Terms, float, float]] = [(stu, n, math.inf), (den, n, math.inf)]
    if rate.reason == "bottom_coded":
        return [*out, (num, 1, n - 1)]
    if rate.reason == "top_coded":
        return [*out, (num, n, math.inf), (rest, 1, n - 1)]
    assert rate.value is not None
    half = 0.5 if _WHOLE.match(rate.display) else 0.05
    scale = 1.0 if indicator.unit == Unit.DAYS else 100.0
    low, high = rate.value - half - 1e-7, rate.value + half + 1e-7
    ratio_low = {k: scale * c for k, c in num.items()}
    ratio_high = dict(ratio_low)
    for k, c in den.items():
        _add(ratio_low, k, -low * c)
        _add(ratio_high, k, -high * c)
    out += [(ratio_low, 0, math.inf), (ratio_high, -math.inf, 0)]
    if indicator.unit == Unit.PERCENT:
        if rate.value > 0:
            out.append((num, n, math.inf))
        if rate.value < 100:
            out.append((rest, n, math.inf))
    return out


def _targets(
    members: Sequence[Indicator], schools: Sequence[int], found: Mapping[tuple[int, int, str], Counts], n: int
) -> list[tuple[Indicator, str, int, str, str]]:
    """(indicator, quantity, school, group, "" or "rest") of every small count in the block."""
    out: list[tuple[Indicator, str, int, str, str]] = []
    for indicator in members:
        percent = indicator.unit == Unit.PERCENT
        for school in schools:
            everyone = found.get((indicator.pk, school, ALL_STUDENTS), Counts(0, 0, 0))
            for group in (ALL_STUDENTS, *indicator.groups):
                mine = found.get((indicator.pk, school, group), Counts(0, 0, 0))
                cases = [("", mine)]
                if group != ALL_STUDENTS:
                    cases.append(
                        (
                            "rest",
                            Counts(
                                everyone.numerator - mine.numerator,
                                everyone.denominator - mine.denominator,
                                everyone.students - mine.students,
                            ),
                        )
                    )
                for part, counts in cases:
                    small = 0 < counts.students < n
                    if small:
                        out.append((indicator, "s", school, group, part))
                        if percent and counts.denominator > 0:
                            out.append((indicator, "rate", school, group, part))
                    if percent and (small or counts.students >= n):
                        did, did_not = counts.numerator, counts.denominator - counts.numerator
                        if small or 0 < did < n:
                            out.append((indicator, "n", school, group, part))
                        if small or 0 < did_not < n:
                            out.append((indicator, "rest", school, group, part))
    return out
