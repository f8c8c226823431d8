"""Fair seat allocation: highest need first, then the least travel, exactly.

When a program has fewer seats than applicants, a coordinator runs `solve(problem)`. The
input is plain numpy arrays (`Problem`): capacities, each student's need tier (0-3, 3 is the
highest need), a group code for the fairness table, the order of application, and the
eligible student-program pairs with their travel distance in metres. Pairs that are not
given do not exist: a hard constraint (grade band, language, schedule...) is expressed by
leaving the pair out.

Objective (lexicographic, in this order):

1. place as many tier-3 students as possible;
2. then as many tier-2 students as possible, and so on down to tier 0;
3. then minimize total travel (sum of metres over placed students).

It is solved exactly as one min-cost flow (OR-Tools SimpleMinCostFlow): every student with
a usable pair supplies one unit, which goes either to an eligible program (cost = distance,
capacity 1) and from there to the sink (capacity = the program's seats), or straight to the
sink through a "not placed" arc whose cost is `penalty(t) = (t + 1) * BIG` for a student of
tier t, with BIG = 1 + the sum over students of their farthest candidate distance (more than
any total travel, so more than any difference in travel between two allocations).

Why these penalties give exactly the lexicographic objective (and not only approximately):
the sets of students that can be seated together are the independent sets of a matroid
(a transversal matroid: replicate each program into one node per seat; sets of students
matchable into seats). Minimizing the flow cost is minimizing travel minus the weight
W = sum over placed students of (t + 1) * BIG. For a matroid, the greedy algorithm by tier
gives a "Gale-optimal" set G: for every t, G places the largest possible number of students
of tier >= t, *simultaneously for all t*. Writing W = BIG * sum_t N(>= t), where N(>= t) is
the number placed of tier >= t, a set has the maximum weight exactly when it maximizes every
N(>= t), which fixes the count per tier to the lexicographic optimum. Any other set has
W at least BIG lower, which no travel saving (< BIG) can repay, so the optimum of the flow
maximizes the counts first and only then minimizes travel. Two consequences the
coordinator can rely on:

- no seat is lost to priority: the total number placed is the maximum possible (it is
  N(>= 0)); serving one more high-need student never displaces more than one lower-need
  student (matroid exchange), so there is never a "one tier-3 versus many tier-0" trade-off
  to arbitrate, and weights growing geometrically with the tier are unnecessary;
- the penalties stay small (4 * BIG is about 6.5e9 for the benchmark's million students),
  far below the int64 range OR-Tools needs after it scales costs by the number of nodes
  (lexicographic weights per tier would overflow it at that size); if a problem
  were ever too large for metres, distances are counted in coarser units
  (`Allocation.distance_unit_m`) and travel becomes approximate, placement counts stay exact.

Ties: input pairs are put in a canonical order (by student, distance, program; duplicate
pairs keep the shorter distance) and nodes are numbered from the problem alone (students by
their nearest program, which also keeps competing students close in memory and halves the
solve time at scale), so the result depends only on the problem, not on the order of the
input arrays, and two runs give the same placements.
Among allocations with equal counts and equal total travel the choice is the solver's
(deterministic, not otherwise meaningful).

Baselines for the fairness table: `first_come` (arrival order, nearest free seat),
`priority_greedy` (tier, then arrival) and `deferred_acceptance` (student-proposing, students
prefer nearer programs, programs prefer higher tier then earlier arrival). With one common
priority order for all programs, deferred acceptance gives the same allocation as the
priority greedy (serial dictatorship); they are computed differently and the tests check
that they agree. `fairness` reports applicants, placed, share placed, mean and 95th
percentile distance per group and per need tier. The linear-programming oracle and the
seeded problem generator used by the tests and the benchmark live in
`village/matching/tests/oracles.py`.

This module does not import Django; numpy and OR-Tools are its only dependencies at run time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

IntArray = npt.NDArray[np.int64]

NEED_TIERS: Final = 4  # need tiers 0..3, 3 is the highest need
NOT_PLACED: Final = -1

REASON_NONE: Final = 0  # placed
REASON_NO_ELIGIBLE: Final = 1  # no candidate pair at all
REASON_FULL: Final = 2  # every eligible program is at capacity
REASON_NOT_ASSIGNED: Final = 3  # an eligible program still had a seat: never produced by this module
REASONS: Final = ("", "no_eligible_program", "programs_full", "not_assigned")

# Group codes used by `generate` (any small non-negative ints work for `fairness`).
GROUP_NAMES: Final[Mapping[int, str]] = {0: "none", 1: "iep", 2: "english_learner", 3: "econ_disadvantaged"}

MAX_DISTANCE_M: Final = 10**8  # a sanity bound on input distances: longer than any trip on Earth


def _empty() -> IntArray:
    return np.empty(0, dtype=np.int64)


def _ints(values: npt.ArrayLike, name: str) -> IntArray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must hold integers, not {array.dtype}")
    return np.ascontiguousarray(array, dtype=np.int64)


@dataclass(frozen=True, kw_only=True, eq=False)
class Problem:
    """An allocation problem as parallel numpy arrays (converted to int64 and validated).

    `arrival` (order of application, smaller is earlier) defaults to the student index;
    `group` (small codes for the fairness table) defaults to 0 for everyone. Only eligible
    pairs are given: `pair_student[k]` may attend `pair_program[k]`, `pair_distance_m[k]`
    metres away.
    """

    n_students: int
    n_programs: int
    capacity: IntArray
    need_tier: IntArray
    pair_student: IntArray
    pair_program: IntArray
    pair_distance_m: IntArray
    arrival: IntArray = field(default_factory=_empty)
    group: IntArray = field(default_factory=_empty)

    def __post_init__(self) -> None:
        n, p = int(self.n_students), int(self.n_programs)
        if n < 0 or p < 0:
            raise ValueError("n_students and n_programs must be non-negative")
        object.__setattr__(self, "n_students", n)
        object.__setattr__(self, "n_programs", p)
        for name in ("capacity", "need_tier", "pair_student", "pair_program", "pair_distance_m", "arrival", "group"):
            object.__setattr__(self, name, _ints(getattr(self, name), name))
        if not self.arrival.size and n:
            object.__setattr__(self, "arrival", np.arange(n, dtype=np.int64))
        if not self.group.size and n:
            object.__setattr__(self, "group", np.zeros(n, dtype=np.int64))
        for name, length in (("capacity", p), ("need_tier", n), ("arrival", n), ("group", n)):
            if getattr(self, name).size != length:
                raise ValueError(f"{name} must have {length} entries")
        m = self.pair_student.size
        if self.pair_program.size != m or self.pair_distance_m.size != m:
            raise ValueError("pair_student, pair_program and pair_distance_m must have the same length")
        if p and self.capacity.min() < 0:
            raise ValueError("capacity must be >= 0")
        if n and (self.need_tier.min() < 0 or self.need_tier.max() >= NEED_TIERS):
            raise ValueError(f"need_tier must be in 0..{NEED_TIERS - 1}")
        if n and self.group.min() < 0:
            raise ValueError("group codes must be >= 0")
        if m:
            if self.pair_student.min() < 0 or self.pair_student.max() >= n:
                raise ValueError("pair_student out of range")
            if self.pair_program.min() < 0 or self.pair_program.max() >= p:
                raise ValueError("pair_program out of range")
            if self.pair_distance_m.min() < 0 or self.pair_distance_m.max() > MAX_DISTANCE_M:
                raise ValueError(f"pair_distance_m must be in 0..{MAX_DISTANCE_M}")


@dataclass(frozen=True, eq=False)
class Candidates:
    """The pairs in canonical order: by student, then distance, then program (a CSR by student).

    Duplicate pairs keep their shortest distance. `start[s]:start[s + 1]` are student s's
    candidates, nearest first, so the position in that slice is the student's preference rank.
    """

    student: IntArray
    program: IntArray
    distance_m: IntArray
    start: IntArray

    @property
    def degree(self) -> IntArray:
        return np.diff(self.start)


def candidates(problem: Problem) -> Candidates:
    """Sort and deduplicate the pairs (the sort is skipped when they already are in order)."""
    s, p, d = problem.pair_student, problem.pair_program, problem.pair_distance_m
    n_p = max(problem.n_programs, 1)
    max_d = int(d.max()) + 1 if d.size else 1
    if problem.n_students * max_d * n_p < 2**62:
        key = (s * max_d + d) * n_p + p
        if key.size > 1 and not bool(np.all(key[1:] > key[:-1])):
            order = np.argsort(key)
            s, p, d = s[order], p[order], d[order]
    else:  # astronomically large inputs: a slower three-key sort
        order = np.lexsort((p, d, s))
        s, p, d = s[order], p[order], d[order]
    if s.size > 1:
        pair = s * n_p + p
        ordered = np.sort(pair)
        if bool(np.any(ordered[1:] == ordered[:-1])):  # duplicate pairs: keep the nearest copy
            by_pair = np.argsort(pair, kind="stable")  # stable: the nearest copy comes first
            sorted_pair = pair[by_pair]
            first = np.zeros(pair.size, dtype=bool)
            first[by_pair[np.concatenate(([True], sorted_pair[1:] != sorted_pair[:-1]))]] = True
            s, p, d = s[first], p[first], d[first]
    start = np.zeros(problem.n_students + 1, dtype=np.int64)
    np.cumsum(np.bincount(s, minlength=problem.n_students), out=start[1:])
    return Candidates(student=s, program=p, distance_m=d, start=start)


@dataclass(frozen=True)
class Weights:
    """Cost units shared by the solver, `objective` and `oracle_cost`."""

    distance_unit_m: int  # 1 unless distances had to be coarsened to fit int64 (never in practice)
    big: int  # exceeds any total travel, in distance units
    penalty: tuple[int, ...]  # cost of leaving a student of tier t unplaced: (t + 1) * big

    def travel_cost(self, distance_m: IntArray) -> IntArray:
        if self.distance_unit_m == 1:
            return distance_m
        return (distance_m + self.distance_unit_m - 1) // self.distance_unit_m


def weights(problem: Problem, cands: Candidates | None = None) -> Weights:
    """BIG = 1 + sum over students of their farthest candidate; penalty(t) = (t + 1) * BIG.

    OR-Tools multiplies costs by (nodes + 1) and rejects a cost above
    int64_max / (2 * (nodes + 1)); a further factor 8 leaves room for node potentials.
    """
    cands = cands if cands is not None else candidates(problem)
    ends = cands.start[1:]
    has = ends > cands.start[:-1]
    farthest = cands.distance_m[ends[has] - 1]  # the last candidate of each student is its farthest
    n_nodes = int(has.sum()) + problem.n_programs + 1
    limit = (2**63 - 1) // (16 * (n_nodes + 1))
    unit = 1
    while True:
        big = 1 + int(((farthest + unit - 1) // unit).sum())
        if NEED_TIERS * big <= limit:
            break
        unit *= 10
    return Weights(unit, big, tuple((t + 1) * big for t in range(NEED_TIERS)))


@dataclass(eq=False)
class Allocation:
    """Who got which seat, how far, and why someone was not placed.

    `program_of[s]` is the program or -1; `distance_m[s]` and `choice_rank[s]` (0 = the
    student's nearest eligible program) are -1 when not placed; `reason_code[s]` indexes
    `REASONS` ("" when placed).
    """

    method: str
    program_of: IntArray
    distance_m: IntArray
    choice_rank: IntArray
    reason_code: npt.NDArray[np.int8]
    need_tier: IntArray
    distance_unit_m: int = 1
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def placed(self) -> npt.NDArray[np.bool_]:
        return self.program_of >= 0

    @property
    def n_placed(self) -> int:
        return int(np.count_nonzero(self.placed))

    @property
    def total_travel_m(self) -> int:
        return int(self.distance_m[self.placed].sum())

    @property
    def placed_by_tier(self) -> tuple[int, ...]:
        counts = np.bincount(self.need_tier[self.placed], minlength=NEED_TIERS)
        return tuple(int(c) for c in counts)

    @property
    def unplaced_by_tier(self) -> tuple[int, ...]:
        counts = np.bincount(self.need_tier[~self.placed], minlength=NEED_TIERS)
        return tuple(int(c) for c in counts)

    @property
    def reason_unplaced(self) -> npt.NDArray[np.object_]:
        """Reason per student as text ("" when placed); the strings are shared, not copied."""
        return np.array(REASONS, dtype=object)[self.reason_code]

    def reason(self, student: int) -> str:
        return REASONS[int(self.reason_code[student])]


def _finish(
    problem: Problem,
    cands: Candidates,
    pair_index: IntArray,
    method: str,
    timings: dict[str, float] | None = None,
    distance_unit_m: int = 1,
) -> Allocation:
    """Build the Allocation from the chosen candidate index per student (-1 = not placed)."""
    placed = pair_index >= 0
    chosen = pair_index[placed]
    program_of = np.full(problem.n_students, NOT_PLACED, dtype=np.int64)
    distance = np.full(problem.n_students, -1, dtype=np.int64)
    rank = np.full(problem.n_students, -1, dtype=np.int64)
    program_of[placed] = cands.program[chosen]
    distance[placed] = cands.distance_m[chosen]
    rank[placed] = chosen - cands.start[:-1][placed]
    load = np.bincount(program_of[placed], minlength=problem.n_programs)
    has_free_seat = load < problem.capacity
    free_candidates = np.bincount(
        cands.student, weights=has_free_seat[cands.program].astype(np.float64), minlength=problem.n_students
    )
    reason = np.full(problem.n_students, REASON_NONE, dtype=np.int8)
    reason[~placed & (cands.degree == 0)] = REASON_NO_ELIGIBLE
    reason[~placed & (cands.degree > 0)] = REASON_FULL
    reason[~placed & (free_candidates > 0)] = REASON_NOT_ASSIGNED
    return Allocation(
        method=method,
        program_of=program_of,
        distance_m=distance,
        choice_rank=rank,
        reason_code=reason,
        need_tier=problem.need_tier,
        distance_unit_m=distance_unit_m,
        timings=timings or {},
    )


def solve(problem: Problem) -> Allocation:
    """The exact lexicographic optimum (see the module docstring) by one min-cost flow.

    `Allocation.timings` holds seconds for "build" (canonical pairs and the graph), "solve"
    and "extract".
    """
    started = time.perf_counter()
    cands = candidates(problem)
    w = weights(problem, cands)
    usable = np.flatnonzero(problem.capacity[cands.program] > 0)  # pairs into programs with seats
    arc_student = cands.student[usable]  # sorted by student, nearest program first
    first = np.flatnonzero(np.concatenate(([True], arc_student[1:] != arc_student[:-1]))) if usable.size else usable
    active = arc_student[first]  # students with at least one usable pair
    n_active, n_programs = active.size, problem.n_programs
    # Number students by their nearest program: students who compete for the same seats get
    # neighbouring nodes, which halves the solver's time on large problems (memory locality).
    by_nearest = np.argsort(cands.program[usable[first]], kind="stable")
    node = np.full(problem.n_students, -1, dtype=np.int64)
    node[active[by_nearest]] = np.arange(n_active)
    sink = n_active + n_programs
    # Nodes: active students 0..n_active-1, programs next, then the sink.
    # Arcs: eligible pairs first (so their flows are arcs 0..len(usable)-1), "not placed", seats.
    tails = np.concatenate((node[arc_student], node[active], n_active + np.arange(n_programs)))
    heads = np.concatenate(
        (n_active + cands.program[usable], np.full(n_active, sink), np.full(n_programs, sink))
    ).astype(np.int32)
    capacities = np.concatenate((np.ones(usable.size + n_active, dtype=np.int64), problem.capacity.astype(np.int64)))
    penalty = np.asarray(w.penalty, dtype=np.int64)
    costs = np.concatenate(
        (
            w.travel_cost(cands.distance_m[usable]),
            penalty[problem.need_tier[active]],
            np.zeros(n_programs, dtype=np.int64),
        )
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads, capacities, costs)
    del tails, heads, capacities, costs
    supplies = np.ones(n_active + 1, dtype=np.int64)
    supplies[-1] = -n_active
    flow.set_nodes_supplies(np.concatenate((np.arange(n_active), [sink])).astype(np.int32), supplies)
    built = time.perf_counter()
    status = flow.solve()
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status.name}")
    solved = time.perf_counter()
    used = np.asarray(flow.flows(np.arange(usable.size, dtype=np.int32))) > 0
    pair_index = np.full(problem.n_students, -1, dtype=np.int64)
    pair_index[arc_student[used]] = usable[used]
    allocation = _finish(problem, cands, pair_index, "min_cost_flow", distance_unit_m=w.distance_unit_m)
    finished = time.perf_counter()
    allocation.timings.update(build=built - started, solve=solved - built, extract=finished - solved)
    return allocation


def objective(problem: Problem, allocation: Allocation, w: Weights | None = None) -> int:
    """The solver's objective for any allocation: travel + sum of penalties of the unplaced."""
    w = w if w is not None else weights(problem)
    placed = allocation.placed
    travel = int(w.travel_cost(allocation.distance_m[placed]).sum())
    unplaced = np.bincount(problem.need_tier[~placed], minlength=NEED_TIERS)
    return travel + sum(int(c) * pen for c, pen in zip(unplaced, w.penalty, strict=True))


def _serial(problem: Problem, cands: Candidates, order: IntArray, method: str) -> Allocation:
    """Students in `order` each take their nearest eligible program that still has a seat."""
    started = time.perf_counter()
    seats = problem.capacity.tolist()
    program = memoryview(cands.program)
    start = cands.start.tolist()
    pair_index = np.full(problem.n_students, -1, dtype=np.int64)
    chosen = memoryview(pair_index)
    for s in order.tolist():
        for k in range(start[s], start[s + 1]):
            p = program[k]
            if seats[p]:
                seats[p] -= 1
                chosen[s] = k
                break
    return _finish(problem, cands, pair_index, method, {"allocate": time.perf_counter() - started})


def priority_order(problem: Problem) -> IntArray:
    """Students by need tier (highest first), then arrival, then index."""
    return np.lexsort((np.arange(problem.n_students), problem.arrival, -problem.need_tier)).astype(np.int64)


def first_come(problem: Problem) -> Allocation:
    """Baseline: in order of arrival, each student takes the nearest eligible program with a seat."""
    started = time.perf_counter()
    cands = candidates(problem)
    order = np.lexsort((np.arange(problem.n_students), problem.arrival)).astype(np.int64)
    allocation = _serial(problem, cands, order, "first_come")
    allocation.timings["total"] = time.perf_counter() - started
    return allocation


def priority_greedy(problem: Problem) -> Allocation:
    """Baseline: by need tier (highest first) then arrival, nearest eligible program with a seat."""
    started = time.perf_counter()
    cands = candidates(problem)
    allocation = _serial(problem, cands, priority_order(problem), "priority_greedy")
    allocation.timings["total"] = time.perf_counter() - started
    return allocation


def deferred_acceptance(problem: Problem) -> Allocation:
    """Student-proposing deferred acceptance (Gale-Shapley with capacities), in vectorized rounds.

    Students propose to programs nearest first; a program tentatively holds its best
    proposers (higher tier, then earlier arrival) up to its capacity and rejects the rest,
    who propose to their next choice in the following round. The result is stable: no
    student prefers a program that holds someone it ranks lower or has a free seat.
    """
    started = time.perf_counter()
    cands = candidates(problem)
    n = problem.n_students
    rank = np.empty(n, dtype=np.int64)
    rank[priority_order(problem)] = np.arange(n)  # 0 = the programs' favourite
    next_k = cands.start[:-1].copy()  # next candidate each student will propose to
    end = cands.start[1:]
    held = np.full(n, -1, dtype=np.int64)  # candidate index currently holding the student
    capacity = problem.capacity
    rounds = 0
    while True:
        proposers = np.flatnonzero((held < 0) & (next_k < end))
        if not proposers.size:
            break
        rounds += 1
        proposal = next_k[proposers]
        next_k[proposers] += 1
        touched = np.zeros(problem.n_programs, dtype=bool)
        touched[cands.program[proposal]] = True
        holders = np.flatnonzero(held >= 0)
        holders = holders[touched[cands.program[held[holders]]]]
        pool_s = np.concatenate((holders, proposers))
        pool_k = np.concatenate((held[holders], proposal))
        pool_p = cands.program[pool_k]
        order = np.argsort(pool_p * n + rank[pool_s], kind="stable")
        pool_s, pool_k, pool_p = pool_s[order], pool_k[order], pool_p[order]
        boundary = np.concatenate(([True], pool_p[1:] != pool_p[:-1]))
        group_start = np.maximum.accumulate(np.where(boundary, np.arange(pool_p.size), 0))
        keep = np.arange(pool_p.size) - group_start < capacity[pool_p]
        held[pool_s[~keep]] = -1
        held[pool_s[keep]] = pool_k[keep]
    allocation = _finish(problem, cands, held, "deferred_acceptance")
    allocation.timings.update(total=time.perf_counter() - started, rounds=float(rounds))
    return allocation


@dataclass(frozen=True)
class FairnessRow:
    """One line of the fairness table; distances are over placed students (nan if none)."""

    dimension: str  # "all", "group" or "need_tier"
    value: int  # the group code or tier (-1 for "all")
    label: str
    applicants: int
    placed: int
    share_placed: float
    mean_distance_m: float
    p95_distance_m: float


def fairness(
    problem: Problem, allocation: Allocation, group_names: Mapping[int, str] | None = None
) -> list[FairnessRow]:
    """Rows for everyone, then per group code, then per need tier (highest first)."""
    names = GROUP_NAMES if group_names is None else group_names
    placed = allocation.placed
    distance = allocation.distance_m

    def row(dimension: str, value: int, label: str, mask: npt.NDArray[np.bool_]) -> FairnessRow:
        applicants = int(np.count_nonzero(mask))
        served = distance[mask & placed]
        if served.size:
            mean, p95 = float(served.mean()), float(np.percentile(served, 95))
        else:
            mean = p95 = math.nan
        share = served.size / applicants if applicants else math.nan
        return FairnessRow(dimension, value, label, applicants, int(served.size), share, mean, p95)

    rows = [row("all", -1, "all", np.ones(problem.n_students, dtype=bool))]
    for code in np.unique(problem.group).tolist():
        rows.append(row("group", code, names.get(code, str(code)), problem.group == code))
    for tier in range(NEED_TIERS - 1, -1, -1):
        rows.append(row("need_tier", tier, f"tier {tier}", problem.need_tier == tier))
    return rows
