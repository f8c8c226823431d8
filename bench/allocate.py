"""Fair seat allocation at district scale: `python -m bench.allocate [--quick]`.

Generates seeded, clustered districts (`village.matching.tests.oracles.generate`: one program
per 100 students, 10-30 programs considered per student, about half of those pairs
ineligible) and allocates seats with the exact min-cost flow and the three baselines
(first come, priority greedy, deferred acceptance). Scenarios, each in its own process so
that its peak memory is its own:

- default: 50k, 200k and 1M students with tight seats (capacity 1.02-1.05 x demand), and
  50k with a shortage (0.85-0.95 x demand), where need decides who is seated;
- --quick: the two 50k scenarios only (no LP oracle at 50k, it takes about a minute), plus
  the oracle on 10k students with a shortage.

The LP oracle (scipy HiGHS, interior point + crossover) solves the same objective; it runs
up to 200k students and is skipped at 1M (10 million columns: hours, and more memory than
the solver needs), which the output says.

Prints `name: value` lines, each name prefixed by its scenario: seconds for generate, graph
build, solve and extraction (and their CPU seconds, as the machine may be shared); oracle
seconds, both costs and their ratio with 6 decimals (1.000000 when exact); baseline
seconds; placed and unplaced per need tier, travel and mean distance for each method; share
placed, mean and 95th-percentile distance per group and need tier for the solver and first
come; peak resident memory (ru_maxrss) before and after the oracle.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from collections.abc import Callable


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def scenario(label: str, n: int, seat_ratio: tuple[float, float], oracle: bool | str) -> None:
    """One scenario, printed as it goes; `oracle` False or a reason to skip it prints that reason."""
    import numpy as np

    from village.matching import solver as al
    from village.matching.tests import oracles

    def out(name: str, value: object) -> None:
        print(f"{label}_{name}: {value}", flush=True)

    started = time.perf_counter()
    problem = oracles.generate(n, seed=2026, seat_ratio=seat_ratio)
    generate_seconds = time.perf_counter() - started
    out("students", n)
    out("programs", problem.n_programs)
    out("seats", int(problem.capacity.sum()))
    out("seat_ratio", f"{seat_ratio[0]:.2f}-{seat_ratio[1]:.2f}")
    out("eligible_pairs", problem.pair_student.size)
    out("students_without_eligible_program", int((al.candidates(problem).degree == 0).sum()))
    out("generate_seconds", f"{generate_seconds:.2f}")

    cpu = time.process_time()
    ours = al.solve(problem)
    cpu = time.process_time() - cpu
    t = ours.timings
    out("build_seconds", f"{t['build']:.2f}")
    out("solve_seconds", f"{t['solve']:.2f}")
    out("extract_seconds", f"{t['extract']:.3f}")
    ours_seconds = t["build"] + t["solve"] + t["extract"]
    out("build_solve_extract_seconds", f"{ours_seconds:.2f}")
    out("build_solve_extract_cpu_seconds", f"{cpu:.2f}")  # the machine may be shared

    methods = [ours]
    for baseline in (al.deferred_acceptance, al.priority_greedy, al.first_come):
        allocation = baseline(problem)
        methods.append(allocation)
        out(f"{allocation.method}_seconds", f"{allocation.timings['total']:.2f}")
    out("deferred_acceptance_rounds", int(methods[1].timings["rounds"]))

    ours_cost = al.objective(problem, ours)
    for allocation in methods:
        name = allocation.method
        placed, unplaced = allocation.placed_by_tier, allocation.unplaced_by_tier
        out(f"{name}_placed_by_tier", " ".join(f"t{k}={placed[k]}" for k in range(3, -1, -1)))
        out(f"{name}_unplaced_by_tier", " ".join(f"t{k}={unplaced[k]}" for k in range(3, -1, -1)))
        out(f"{name}_placed", f"{allocation.n_placed} ({allocation.n_placed / n:.2%})")
        out(f"{name}_travel_km", f"{allocation.total_travel_m / 1000:.0f}")
        mean = allocation.total_travel_m / max(allocation.n_placed, 1)
        out(f"{name}_mean_distance_m", f"{mean:.0f}")
    assert np.array_equal(methods[1].program_of, methods[2].program_of), "DA differs from priority greedy"
    out("deferred_acceptance_equals_priority_greedy", "yes")

    for allocation in (ours, methods[3]):
        for row in al.fairness(problem, allocation):
            label_ = row.label.replace(" ", "")
            out(
                f"fairness_{allocation.method}_{row.dimension}_{label_}",
                f"share={row.share_placed:.4f} mean_m={row.mean_distance_m:.0f} p95_m={row.p95_distance_m:.0f} "
                f"placed={row.placed}/{row.applicants}",
            )
    out("peak_rss_mb_before_oracle", f"{_rss_mb():.0f}")

    if oracle is True:
        started = time.perf_counter()
        oracle_cost = oracles.oracle_cost(problem)
        oracle_seconds = time.perf_counter() - started
        out("oracle_seconds", f"{oracle_seconds:.2f}")
        out("oracle_cost", oracle_cost)
        out("ours_cost", ours_cost)
        out("cost_ratio_ours_over_oracle", f"{ours_cost / oracle_cost:.6f}")
        out("cost_difference", ours_cost - oracle_cost)
        out("speedup_vs_oracle", f"{oracle_seconds / ours_seconds:.1f}")
        out("peak_rss_mb_with_oracle", f"{_rss_mb():.0f}")
    else:
        out("ours_cost", ours_cost)
        out("oracle", f"skipped ({oracle})")


def oracle_check(label: str, n: int, seat_ratio: tuple[float, float]) -> None:
    """Only the solver against the oracle, on a smaller district."""
    from village.matching import solver as al
    from village.matching.tests import oracles

    problem = oracles.generate(n, seed=2026, seat_ratio=seat_ratio)
    ours = al.solve(problem)
    ours_seconds = sum(ours.timings.values())
    started = time.perf_counter()
    oracle_cost = oracles.oracle_cost(problem)
    oracle_seconds = time.perf_counter() - started
    ours_cost = al.objective(problem, ours)
    print(f"{label}_build_solve_extract_seconds: {ours_seconds:.2f}", flush=True)
    print(f"{label}_oracle_seconds: {oracle_seconds:.2f}", flush=True)
    print(f"{label}_cost_ratio_ours_over_oracle: {ours_cost / oracle_cost:.6f}", flush=True)
    print(f"{label}_cost_difference: {ours_cost - oracle_cost}", flush=True)


def _isolated(target: Callable[..., None], *args: object) -> None:
    """Run in a fresh process (fork), so each scenario's peak memory is its own."""
    process = multiprocessing.get_context("fork").Process(target=target, args=args)
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"scenario {args[0]} failed (exit code {process.exitcode})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="50k only, oracle on 10k (under 30 s)")
    args = parser.parse_args()
    tight, shortage = (1.02, 1.05), (0.85, 0.95)
    started = time.perf_counter()
    if args.quick:
        _isolated(scenario, "50k", 50_000, tight, "--quick: see the oracle_10k lines; the default run checks 50k")
        _isolated(scenario, "50k_shortage", 50_000, shortage, "--quick")
        _isolated(oracle_check, "oracle_10k_shortage", 10_000, shortage)
    else:
        _isolated(scenario, "50k", 50_000, tight, True)
        _isolated(scenario, "50k_shortage", 50_000, shortage, True)
        _isolated(scenario, "200k", 200_000, tight, True)
        _isolated(
            scenario,
            "1m",
            1_000_000,
            tight,
            "10.8 million LP columns; the 200k oracle above already takes minutes and about 1.7 GB "
            "beyond the solver, and HiGHS grows faster than linearly: hours, and past the 6 GB budget",
        )
    print(f"bench_seconds: {time.perf_counter() - started:.0f}")


if __name__ == "__main__":
    main()
