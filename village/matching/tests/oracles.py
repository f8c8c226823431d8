"""Test and benchmark companions of the solver: an independent LP oracle and a problem generator.

They need scipy (a test dependency), so they stay out of production code.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array
from scipy.spatial import cKDTree

from village.matching.solver import Problem, weights


def oracle_cost(problem: Problem, method: str = "highs-ipm") -> int:
    """The optimal objective by linear programming (scipy HiGHS), for tests and the benchmark.

    Same costs as `solve` (`weights`), but built independently from the raw pairs: one
    variable per pair and one "not placed" variable per student; each student's variables
    sum to 1, each program's pairs to at most its capacity. The constraint matrix is that of
    a transportation problem, totally unimodular, so the optimal vertex (interior point then
    crossover by default) is integral; the objective is recomputed exactly, in integers,
    from the rounded vertex.
    """
    w = weights(problem)
    n, m = problem.n_students, problem.pair_student.size
    penalty = np.asarray(w.penalty, dtype=np.int64)
    cost = np.concatenate((w.travel_cost(problem.pair_distance_m), penalty[problem.need_tier]))
    columns = np.arange(m + n)
    a_eq = csr_array(
        (np.ones(m + n), (np.concatenate((problem.pair_student, np.arange(n))), columns)), shape=(n, m + n)
    )
    a_ub = csr_array((np.ones(m), (problem.pair_program, np.arange(m))), shape=(problem.n_programs, m + n))
    result = linprog(
        cost.astype(np.float64),
        A_ub=a_ub,
        b_ub=problem.capacity.astype(np.float64),
        A_eq=a_eq,
        b_eq=np.ones(n),
        bounds=(0, None),
        method=method,
    )
    if result.status != 0:
        raise RuntimeError(f"LP failed: {result.message}")
    x = np.asarray(result.x, dtype=np.float64)
    rounded = np.rint(x)
    if float(np.abs(x - rounded).max(initial=0.0)) > 1e-6:
        raise RuntimeError("LP vertex is not integral")
    return int(cost[rounded > 0.5].sum())


def generate(n_students: int, seed: int = 2026, seat_ratio: tuple[float, float] = (1.02, 1.05)) -> Problem:
    """A seeded, clustered district (tests and benchmark; needs scipy for the k-d tree).

    Students live in lognormally sized neighbourhood clusters; programs (one per 100
    students) sit mostly where students are, a quarter anywhere. Each student considers
    their 10-30 nearest programs; about half of those pairs are ineligible (the program's
    grade band excludes the student's grade, or another constraint such as language), so a
    student has about 5-15 eligible pairs, a few none. Each program's capacity is its
    demand times `seat_ratio` (drawn per program; 1.02-1.05, tight, by default), floored,
    where a student's demand is spread evenly over the programs they consider. With
    `seat_ratio` above 1 nearly every student can be seated (but not by greedy rules); below
    1 there are fewer seats than applicants and need decides. Need tiers and groups (IEP,
    English learner, economically disadvantaged, none) are correlated, poverty by
    neighbourhood; disadvantaged and English-learner families tend to apply later. Travel
    is 1.25 times the straight line, in whole metres.
    """
    rng = np.random.default_rng(seed)
    n = int(n_students)
    n_programs = max(1, n // 100)
    side = 1000.0 * math.sqrt(max(n, 1) / 250)  # about 250 students per square kilometre
    n_clusters = max(8, n // 2000)
    centres = rng.uniform(0, side, (n_clusters, 2))
    size = rng.lognormal(0.0, 1.0, n_clusters)
    spread = rng.uniform(400, 1500, n_clusters)
    poverty = rng.beta(2, 3, n_clusters)
    cluster = rng.choice(n_clusters, n, p=size / size.sum())
    xy = centres[cluster] + rng.normal(0.0, 1.0, (n, 2)) * spread[cluster, None]
    np.clip(xy, 0, side, out=xy)

    near_students = round(n_programs * 0.75)
    anchors = xy[rng.integers(0, max(n, 1), near_students)] if n else np.zeros((near_students, 2))
    program_xy = np.concatenate(
        (anchors + rng.normal(0.0, 1000.0, (near_students, 2)), rng.uniform(0, side, (n_programs - near_students, 2)))
    )
    np.clip(program_xy, 0, side, out=program_xy)
    band = rng.choice(4, n_programs, p=[0.3, 0.2, 0.2, 0.3])  # K-5, 6-8, 9-12, K-12
    band_low = np.array([0, 6, 9, 0])[band]
    band_high = np.array([5, 8, 12, 12])[band]

    grade = rng.integers(0, 13, n)
    r = rng.random(n)
    econ = poverty[cluster] * 0.6
    group = np.where(r < 0.13, 1, np.where(r < 0.23, 2, np.where(r < 0.23 + econ, 3, 0)))
    tier_cdf = np.array(
        [[0.70, 0.90, 0.97], [0.10, 0.30, 0.60], [0.30, 0.60, 0.85], [0.35, 0.65, 0.85]]
    )  # P(tier <= 0, 1, 2) for groups none, IEP, EL, econ
    need_tier = (rng.random(n)[:, None] > tier_cdf[group]).sum(axis=1)
    late = np.isin(group, (2, 3)) * 0.25
    arrival = np.empty(n, dtype=np.int64)
    arrival[np.argsort(rng.random(n) + late, kind="stable")] = np.arange(n)

    k_max = min(30, n_programs)
    wanted = rng.integers(min(10, k_max), k_max + 1, n)
    tree = cKDTree(program_xy)
    students, programs, distances = [], [], []
    demand = np.zeros(n_programs)
    for lo in range(0, n, 200_000):
        hi = min(n, lo + 200_000)
        dist, idx = tree.query(xy[lo:hi], k=k_max, workers=-1)
        dist = np.asarray(dist).reshape(hi - lo, k_max)
        idx = np.asarray(idx).reshape(hi - lo, k_max)
        considered = np.arange(k_max)[None, :] < wanted[lo:hi, None]
        # Each student's demand is spread over the programs they consider, eligible or not.
        demand += np.bincount(
            idx[considered], weights=np.repeat(1.0 / wanted[lo:hi], wanted[lo:hi]), minlength=n_programs
        )
        g = grade[lo:hi, None]
        ok = considered & (band_low[idx] <= g) & (g <= band_high[idx])
        ok &= rng.random((hi - lo, k_max)) < 0.9
        rows, cols = np.nonzero(ok)  # row-major: by student, nearest first
        students.append(rows + lo)
        programs.append(idx[rows, cols])
        distances.append(np.rint(dist[rows, cols] * 1.25))
    pair_student = np.concatenate(students).astype(np.int64) if students else np.zeros(0, dtype=np.int64)
    pair_program = np.concatenate(programs).astype(np.int64) if programs else np.zeros(0, dtype=np.int64)
    pair_distance = np.concatenate(distances).astype(np.int64) if distances else np.zeros(0, dtype=np.int64)
    capacity = np.floor(demand * rng.uniform(*seat_ratio, n_programs)).astype(np.int64)
    return Problem(
        n_students=n,
        n_programs=n_programs,
        capacity=capacity,
        need_tier=need_tier.astype(np.int64),
        arrival=arrival,
        group=group.astype(np.int64),
        pair_student=pair_student,
        pair_program=pair_program,
        pair_distance_m=pair_distance,
    )
