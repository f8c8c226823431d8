"""Fair seat allocation: exact lexicographic optimum, baselines, reasons and the fairness table.

Pure numpy/OR-Tools/scipy tests: no database.
"""

from __future__ import annotations

import numpy as np
import pytest

from village.matching import solver as al
from village.matching.tests import oracles


def problem(
    capacity: list[int],
    need_tier: list[int],
    pairs: list[tuple[int, int, int]],
    arrival: list[int] | None = None,
    group: list[int] | None = None,
) -> al.Problem:
    """A hand-built problem; pairs are (student, program, distance in metres)."""
    s, p, d = (list(column) for column in zip(*pairs, strict=True)) if pairs else ([], [], [])
    return al.Problem(
        n_students=len(need_tier),
        n_programs=len(capacity),
        capacity=np.array(capacity),
        need_tier=np.array(need_tier),
        arrival=np.array(arrival if arrival is not None else [], dtype=np.int64),
        group=np.array(group if group is not None else [], dtype=np.int64),
        pair_student=np.array(s, dtype=np.int64),
        pair_program=np.array(p, dtype=np.int64),
        pair_distance_m=np.array(d, dtype=np.int64),
    )


def random_problem(rng: np.random.Generator, n: int, n_programs: int, max_distance: int = 60) -> al.Problem:
    pairs = [
        (s, p, int(rng.integers(0, max_distance))) for s in range(n) for p in range(n_programs) if rng.random() < 0.6
    ]
    return problem(
        capacity=rng.integers(0, 3, n_programs).tolist(),
        need_tier=rng.integers(0, 4, n).tolist(),
        pairs=pairs,
        arrival=rng.permutation(n).tolist(),
        group=rng.integers(0, 3, n).tolist(),
    )


def assert_valid(p: al.Problem, a: al.Allocation) -> None:
    """Capacity respected, only eligible pairs used, distances and reasons consistent."""
    placed = a.placed
    load = np.bincount(a.program_of[placed], minlength=p.n_programs)
    assert (load <= p.capacity).all()
    eligible = {}
    for s, q, d in zip(p.pair_student.tolist(), p.pair_program.tolist(), p.pair_distance_m.tolist(), strict=True):
        eligible[(s, q)] = min(d, eligible.get((s, q), d))
    for s in np.flatnonzero(placed).tolist():
        assert (s, int(a.program_of[s])) in eligible
        assert a.distance_m[s] == eligible[(s, int(a.program_of[s]))]
        assert a.reason(s) == ""
    assert (a.distance_m[~placed] == -1).all()
    assert (a.reason_code[~placed] != al.REASON_NONE).all()
    assert (a.reason_code != al.REASON_NOT_ASSIGNED).all()
    assert sum(a.placed_by_tier) + sum(a.unplaced_by_tier) == p.n_students


def brute_force(p: al.Problem) -> tuple[tuple[int, ...], int]:
    """Best (placed per tier, travel) over every assignment: tier 3 count first, ..., then travel."""
    options: list[list[tuple[int, int]]] = [[(-1, 0)] for _ in range(p.n_students)]
    for s, q, d in zip(p.pair_student.tolist(), p.pair_program.tolist(), p.pair_distance_m.tolist(), strict=True):
        options[s].append((q, d))
    width = max(len(o) for o in options)
    prog = np.full((p.n_students, width), -2)
    dist = np.zeros((p.n_students, width), dtype=np.int64)
    for s, o in enumerate(options):
        for j, (q, d) in enumerate(o):
            prog[s, j], dist[s, j] = q, d
    choice = np.indices([len(o) for o in options]).reshape(p.n_students, -1).T  # every combination
    rows = np.arange(p.n_students)
    chosen_prog, chosen_dist = prog[rows, choice], dist[rows, choice]
    feasible = np.ones(choice.shape[0], dtype=bool)
    for q in range(p.n_programs):
        feasible &= (chosen_prog == q).sum(axis=1) <= p.capacity[q]
    placed = chosen_prog >= 0
    counts = np.stack([(placed & (p.need_tier == t)).sum(axis=1) for t in range(al.NEED_TIERS)], axis=1)
    travel = chosen_dist.sum(axis=1)
    keys = (travel[feasible], *(-counts[feasible, t] for t in range(al.NEED_TIERS)))  # last key sorts first
    best = np.lexsort(keys)[0]
    return tuple(int(c) for c in counts[feasible][best]), int(travel[feasible][best])


def lexicographic_lp(p: al.Problem) -> tuple[tuple[int, ...], int]:
    """Independent oracle without penalties: maximize tier 3, fix it, tier 2, ..., then min travel."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_array, vstack

    n, m = p.n_students, p.pair_student.size
    a_eq = csr_array(
        (np.ones(m + n), (np.concatenate((p.pair_student, np.arange(n))), np.arange(m + n))), shape=(n, m + n)
    )
    a_ub = csr_array((np.ones(m), (p.pair_program, np.arange(m))), shape=(p.n_programs, m + n))
    b_eq = [np.ones(n)]
    rows = [a_eq]
    counts = [0] * al.NEED_TIERS
    for t in range(al.NEED_TIERS - 1, -1, -1):
        in_tier = np.concatenate(((p.need_tier[p.pair_student] == t).astype(float), np.zeros(n)))
        result = linprog(
            -in_tier,
            A_ub=a_ub,
            b_ub=p.capacity.astype(float),
            A_eq=vstack(rows),
            b_eq=np.concatenate(b_eq),
            method="highs",
        )
        assert result.status == 0
        counts[t] = round(-result.fun)
        rows.append(csr_array(in_tier[None, :]))
        b_eq.append(np.array([counts[t]], dtype=float))
    travel = np.concatenate((p.pair_distance_m.astype(float), np.zeros(n)))
    result = linprog(
        travel, A_ub=a_ub, b_ub=p.capacity.astype(float), A_eq=vstack(rows), b_eq=np.concatenate(b_eq), method="highs"
    )
    assert result.status == 0
    return tuple(counts), round(result.fun)


# Hand-built problems with known answers


def test_capacity_respected_and_ineligible_pair_never_used() -> None:
    # Program 0 is nearest for everyone but has 1 seat; student 2 may not attend program 1.
    p = problem(
        capacity=[1, 2],
        need_tier=[0, 0, 0],
        pairs=[(0, 0, 100), (0, 1, 900), (1, 0, 100), (1, 1, 300), (2, 0, 100)],
    )
    a = al.solve(p)
    assert_valid(p, a)
    assert a.program_of.tolist() == [1, 1, 0]  # student 2 can only go to 0; the others fit in 1
    assert a.total_travel_m == 1300
    assert a.choice_rank.tolist() == [1, 1, 0]


def test_highest_need_placed_first_even_if_farther() -> None:
    p = problem(capacity=[1], need_tier=[0, 3], pairs=[(0, 0, 50), (1, 0, 20_000)], arrival=[0, 1])
    a = al.solve(p)
    assert a.program_of.tolist() == [-1, 0]
    assert a.reason_unplaced.tolist() == ["programs_full", ""]
    assert a.placed_by_tier == (0, 0, 0, 1)
    # First come serves the early low-need applicant; priority greedy and deferred acceptance do not.
    assert al.first_come(p).program_of.tolist() == [0, -1]
    assert al.priority_greedy(p).program_of.tolist() == [-1, 0]
    assert al.deferred_acceptance(p).program_of.tolist() == [-1, 0]


def test_every_tier_before_travel() -> None:
    # Tier 2 beats tier 1 beats tier 0 for the single seat, whatever the distances.
    p = problem(capacity=[1], need_tier=[0, 1, 2], pairs=[(0, 0, 1), (1, 0, 10), (2, 0, 99_999)])
    assert al.solve(p).program_of.tolist() == [-1, -1, 0]
    p = problem(capacity=[1], need_tier=[0, 1], pairs=[(0, 0, 1), (1, 0, 99_999)])
    assert al.solve(p).program_of.tolist() == [-1, 0]


def test_high_need_student_never_costs_a_seat() -> None:
    # Tier-3 student 0 can only go to A; tier-0 student 1 can go to A or B (far); student 2 only B.
    # Placing the tier-3 student displaces nobody: student 1 moves to B... which student 2 needs.
    # Max placed is 2 either way, and the tier-3 student is among them.
    p = problem(
        capacity=[1, 1],
        need_tier=[3, 0, 0],
        pairs=[(0, 0, 500), (1, 0, 10), (1, 1, 4000), (2, 1, 10)],
    )
    a = al.solve(p)
    assert a.n_placed == 2
    assert a.program_of[0] == 0
    assert a.program_of.tolist() == [0, -1, 1]  # among tier 0, the cheaper completion (10 m, not 4 km)


def test_equal_tiers_minimize_total_travel() -> None:
    # Two students, two seats: nearest-first greedy gives 1 + 100; the optimum is 10 + 10.
    p = problem(
        capacity=[1, 1], need_tier=[1, 1], pairs=[(0, 0, 1), (0, 1, 10), (1, 0, 10), (1, 1, 100)], arrival=[0, 1]
    )
    a = al.solve(p)
    assert a.program_of.tolist() == [1, 0]
    assert a.total_travel_m == 20
    assert al.first_come(p).total_travel_m == 101


def test_reasons_for_not_placed() -> None:
    p = problem(
        capacity=[1, 0],
        need_tier=[0, 3, 2, 1],
        pairs=[(1, 0, 100), (2, 0, 100), (3, 1, 10)],  # student 0 has no pair; program 1 has no seat
    )
    a = al.solve(p)
    assert a.program_of.tolist() == [-1, 0, -1, -1]
    assert a.reason_unplaced.tolist() == ["no_eligible_program", "", "programs_full", "programs_full"]
    assert [a.reason(s) for s in range(4)] == a.reason_unplaced.tolist()
    assert a.unplaced_by_tier == (1, 1, 1, 0)
    for baseline in (al.first_come, al.priority_greedy, al.deferred_acceptance):
        assert baseline(p).reason(0) == "no_eligible_program"


def test_empty_problems() -> None:
    nobody = problem(capacity=[3], need_tier=[], pairs=[])
    assert al.solve(nobody).n_placed == 0
    no_pairs = problem(capacity=[3], need_tier=[0, 2], pairs=[])
    a = al.solve(no_pairs)
    assert a.program_of.tolist() == [-1, -1]
    assert a.reason_unplaced.tolist() == ["no_eligible_program"] * 2
    assert al.objective(no_pairs, a) == sum(al.weights(no_pairs).penalty[t] for t in (0, 2))
    assert oracles.oracle_cost(no_pairs) == al.objective(no_pairs, a)


def test_invalid_problems_are_rejected() -> None:
    with pytest.raises(ValueError, match="need_tier"):
        problem(capacity=[1], need_tier=[4], pairs=[])
    with pytest.raises(ValueError, match="pair_program"):
        problem(capacity=[1], need_tier=[0], pairs=[(0, 1, 10)])
    with pytest.raises(ValueError, match="capacity"):
        problem(capacity=[-1], need_tier=[0], pairs=[])
    with pytest.raises(ValueError, match="pair_distance_m"):
        problem(capacity=[1], need_tier=[0], pairs=[(0, 0, -5)])
    with pytest.raises(ValueError, match="integers"):
        al.Problem(
            n_students=1,
            n_programs=1,
            capacity=np.array([1.5]),
            need_tier=np.array([0]),
            pair_student=np.array([0]),
            pair_program=np.array([0]),
            pair_distance_m=np.array([1]),
        )


def test_penalties_rise_with_need_and_exceed_any_travel() -> None:
    p = oracles.generate(2_000, seed=5)
    w = al.weights(p)
    c = al.candidates(p)
    farthest = sum(int(c.distance_m[c.start[s + 1] - 1]) for s in range(p.n_students) if c.start[s + 1] > c.start[s])
    assert w.big > farthest
    assert list(w.penalty) == [(t + 1) * w.big for t in range(al.NEED_TIERS)]
    assert w.distance_unit_m == 1


def test_distances_are_coarsened_rather_than_overflow() -> None:
    # 60,000 students a hundred thousand km away: in metres, costs would overflow OR-Tools' int64 range.
    n = 60_000
    p = al.Problem(
        n_students=n,
        n_programs=1,
        capacity=np.array([n - 1]),
        need_tier=np.r_[3, np.zeros(n - 1, dtype=np.int64)],
        pair_student=np.arange(n),
        pair_program=np.zeros(n, dtype=np.int64),
        pair_distance_m=np.full(n, al.MAX_DISTANCE_M),
    )
    a = al.solve(p)
    assert a.distance_unit_m > 1
    assert a.n_placed == n - 1
    assert a.program_of[0] == 0  # the tier-3 student still comes first


# Exactness against brute force and linear programming


def test_brute_force_on_tiny_random_problems() -> None:
    rng = np.random.default_rng(7)
    for _ in range(150):
        p = random_problem(rng, n=int(rng.integers(1, 8)), n_programs=int(rng.integers(1, 4)))
        a = al.solve(p)
        assert_valid(p, a)
        assert (a.placed_by_tier, a.total_travel_m) == brute_force(p)


def test_brute_force_with_large_distance_trade_offs() -> None:
    # Distances close to the penalty scale: travel must still never buy a lower-need seat.
    rng = np.random.default_rng(11)
    for _ in range(60):
        p = random_problem(rng, n=int(rng.integers(2, 8)), n_programs=int(rng.integers(1, 3)), max_distance=10**7)
        assert (al.solve(p).placed_by_tier, al.solve(p).total_travel_m) == brute_force(p)


@pytest.mark.parametrize(("seed", "seat_ratio"), [(1, (1.02, 1.05)), (2, (0.85, 0.95)), (3, (0.6, 0.8))])
def test_equals_linear_programming_optimum(seed: int, seat_ratio: tuple[float, float]) -> None:
    p = oracles.generate(2_000, seed=seed, seat_ratio=seat_ratio)
    a = al.solve(p)
    assert_valid(p, a)
    assert al.objective(p, a) == oracles.oracle_cost(p)
    assert (a.placed_by_tier, a.total_travel_m) == lexicographic_lp(p)


def test_deterministic_and_independent_of_input_order() -> None:
    p = oracles.generate(3_000, seed=4, seat_ratio=(0.85, 0.95))
    first = al.solve(p)
    assert np.array_equal(first.program_of, al.solve(p).program_of)
    rng = np.random.default_rng(0)
    order = rng.permutation(p.pair_student.size)
    extra = rng.choice(p.pair_student.size, 500, replace=False)  # duplicate pairs, farther away
    shuffled = al.Problem(
        n_students=p.n_students,
        n_programs=p.n_programs,
        capacity=p.capacity,
        need_tier=p.need_tier,
        arrival=p.arrival,
        group=p.group,
        pair_student=np.r_[p.pair_student[order], p.pair_student[extra]],
        pair_program=np.r_[p.pair_program[order], p.pair_program[extra]],
        pair_distance_m=np.r_[p.pair_distance_m[order], p.pair_distance_m[extra] + 7],
    )
    again = al.solve(shuffled)
    assert np.array_equal(first.program_of, again.program_of)
    assert np.array_equal(first.distance_m, again.distance_m)
    for baseline in (al.first_come, al.priority_greedy, al.deferred_acceptance):
        assert np.array_equal(baseline(p).program_of, baseline(shuffled).program_of)


# Baselines


@pytest.mark.parametrize("seat_ratio", [(1.02, 1.05), (0.8, 0.9)])
def test_baselines_are_valid_and_never_beat_the_optimum_on_need(seat_ratio: tuple[float, float]) -> None:
    p = oracles.generate(3_000, seed=9, seat_ratio=seat_ratio)
    ours = al.solve(p)
    assert_valid(p, ours)
    ours_at_least = np.cumsum(ours.placed_by_tier[::-1])  # placed of tier >= 3, >= 2, >= 1, >= 0
    for baseline in (al.first_come, al.priority_greedy, al.deferred_acceptance):
        b = baseline(p)
        assert_valid(p, b)
        # The optimum places the most students of tier >= t, for every t at once (Gale optimality).
        assert (ours_at_least >= np.cumsum(b.placed_by_tier[::-1])).all()
        assert al.objective(p, ours) <= al.objective(p, b)


def test_deferred_acceptance_is_stable_and_equals_priority_greedy() -> None:
    p = oracles.generate(3_000, seed=12, seat_ratio=(0.8, 0.9))
    da = al.deferred_acceptance(p)
    assert np.array_equal(da.program_of, al.priority_greedy(p).program_of)  # common priorities
    c = al.candidates(p)
    rank = np.empty(p.n_students, dtype=np.int64)
    rank[al.priority_order(p)] = np.arange(p.n_students)
    load = np.bincount(da.program_of[da.placed], minlength=p.n_programs)
    worst = np.full(p.n_programs, -1)  # the lowest-priority student each program holds
    np.maximum.at(worst, da.program_of[da.placed], rank[da.placed])
    position = np.arange(c.student.size) - c.start[c.student]
    choice = np.where(da.placed, da.choice_rank, np.iinfo(np.int64).max)
    preferred = position < choice[c.student]  # the student would rather have this program
    blocking = preferred & ((load[c.program] < p.capacity[c.program]) | (rank[c.student] < worst[c.program]))
    assert not blocking.any()


def test_first_come_serves_in_arrival_order() -> None:
    p = problem(
        capacity=[1, 1], need_tier=[3, 0, 1], pairs=[(0, 0, 5), (1, 0, 1), (2, 0, 1), (2, 1, 9)], arrival=[2, 0, 1]
    )
    a = al.first_come(p)
    assert a.program_of.tolist() == [-1, 0, 1]
    assert a.reason(0) == "programs_full"


# Fairness table


def test_fairness_rows_sum_up() -> None:
    p = oracles.generate(3_000, seed=3, seat_ratio=(0.8, 0.9))
    for a in (al.solve(p), al.first_come(p)):
        rows = al.fairness(p, a)
        everyone = rows[0]
        assert (everyone.dimension, everyone.applicants, everyone.placed) == ("all", p.n_students, a.n_placed)
        for dimension in ("group", "need_tier"):
            part = [r for r in rows if r.dimension == dimension]
            assert sum(r.applicants for r in part) == p.n_students
            assert sum(r.placed for r in part) == a.n_placed
            assert sum(r.mean_distance_m * r.placed for r in part) == pytest.approx(a.total_travel_m)
        tiers = [r for r in rows if r.dimension == "need_tier"]
        assert [r.value for r in tiers] == [3, 2, 1, 0]
        assert tuple(r.placed for r in reversed(tiers)) == a.placed_by_tier
        for r in rows:
            assert r.share_placed == pytest.approx(r.placed / r.applicants)
            served = a.distance_m[a.placed & ((p.group == r.value) if r.dimension == "group" else True)]
            if r.dimension in ("all", "group"):
                assert r.p95_distance_m == pytest.approx(np.percentile(served, 95))
    labels = {r.label for r in al.fairness(p, al.solve(p)) if r.dimension == "group"}
    assert labels <= set(al.GROUP_NAMES.values())


def test_fairness_when_nobody_is_placed() -> None:
    p = problem(capacity=[0], need_tier=[1, 2], pairs=[(0, 0, 10)], group=[0, 5])
    rows = al.fairness(p, al.solve(p), group_names={})
    assert [r.label for r in rows] == ["all", "0", "5", "tier 3", "tier 2", "tier 1", "tier 0"]
    assert all(r.placed == 0 for r in rows)
    assert np.isnan(rows[0].mean_distance_m) and np.isnan(rows[0].p95_distance_m)
    assert np.isnan(rows[3].share_placed)  # no tier-3 applicants
