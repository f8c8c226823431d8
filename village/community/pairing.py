"""Mentor suggestions for a student, and the pairing of a whole cohort at once.

Plain data in, plain data out (no models): the mentoring pages will build `Mentee` and `Mentor`
from what families, students and mentors said, and keep the result through actions.

Hard constraints (a mentor who breaks one is never suggested): a language in common, a time in
common, and room left under the mentor's capacity. Among the rest, a suggestion scores and says
why: the languages they share, the same cultural background or shared experience (only when the
family chose to say it: `Mentee.background` is None otherwise, and the mentor's is their own
choice too), interests in common, and more times in common.

A cohort is paired with the exact allocation solver (`village.matching.solver`): each mentor is
a "program" with their capacity, each eligible pair costs `MAX_SCORE - score` (the solver places
as many students as possible, highest need first, then minimizes the total cost, so it maximizes
the total score), and `solver.first_come` over the same problem is the baseline beside it in the
fairness table by student group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from village.matching import solver

LANGUAGE_POINTS = 3
BACKGROUND_POINTS = 2
INTEREST_POINTS = 1  # each, up to MAX_INTERESTS
MAX_INTERESTS = 3
EXTRA_TIME_POINTS = 1  # each time in common after the first, up to MAX_EXTRA_TIMES
MAX_EXTRA_TIMES = 2
MAX_SCORE = LANGUAGE_POINTS + BACKGROUND_POINTS + INTEREST_POINTS * MAX_INTERESTS + EXTRA_TIME_POINTS * MAX_EXTRA_TIMES
COST_UNIT = 1000  # the solver's "metres" per point short of a perfect match


@dataclass(frozen=True)
class Mentee:
    key: int
    languages: frozenset[str]
    times: frozenset[str]  # e.g. "tue_pm"
    interests: frozenset[str] = frozenset()
    background: str | None = None  # only what the family chose to say
    group: int = 0  # student group code, for the fairness table
    need_tier: int = 0  # 0..3, 3 the highest need
    arrival: int = 0  # order of referral


@dataclass(frozen=True)
class Mentor:
    key: int
    languages: frozenset[str]
    times: frozenset[str]
    capacity: int  # students they can still take
    interests: frozenset[str] = frozenset()
    background: str | None = None


@dataclass(frozen=True)
class Reason:
    """Why a mentor is suggested: `code` is "language", "background", "interests" or "times";
    `values` are what they have in common (sorted)."""

    code: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    mentor: int
    score: int
    reasons: tuple[Reason, ...]


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.strip().casefold() == b.strip().casefold())


def explain(mentee: Mentee, mentor: Mentor) -> Suggestion | None:
    """The suggestion of this mentor for this student, or None when a hard constraint breaks."""
    languages = mentee.languages & mentor.languages
    times = mentee.times & mentor.times
    if not languages or not times or mentor.capacity < 1:
        return None
    interests = mentee.interests & mentor.interests
    reasons = [Reason("language", tuple(sorted(languages)))]
    score = LANGUAGE_POINTS
    if _same(mentee.background, mentor.background):
        reasons.append(Reason("background", (str(mentee.background).strip(),)))
        score += BACKGROUND_POINTS
    if interests:
        reasons.append(Reason("interests", tuple(sorted(interests))))
        score += INTEREST_POINTS * min(len(interests), MAX_INTERESTS)
    reasons.append(Reason("times", tuple(sorted(times))))
    score += EXTRA_TIME_POINTS * min(len(times) - 1, MAX_EXTRA_TIMES)
    return Suggestion(mentor.key, score, tuple(reasons))


def suggest(mentee: Mentee, mentors: Sequence[Mentor], limit: int = 3) -> list[Suggestion]:
    """The best `limit` mentors for the student, best first (ties by mentor key)."""
    found = [s for s in (explain(mentee, m) for m in mentors) if s is not None]
    return sorted(found, key=lambda s: (-s.score, s.mentor))[:limit]


@dataclass(frozen=True)
class CohortPairing:
    pairs: dict[int, Suggestion]  # mentee key -> the mentor chosen, with why
    unpaired: dict[int, str]  # mentee key -> "no_eligible_program" (no mentor fits) or "programs_full"
    fairness: list[solver.FairnessRow]
    baseline_pairs: dict[int, Suggestion]  # first come, first served, over the same problem
    baseline_fairness: list[solver.FairnessRow]


def pair_cohort(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], group_names: Mapping[int, str] | None = None
) -> CohortPairing:
    """Pair every student it can, highest need first, best total match, with the first-come
    baseline over the same students and mentors beside it."""
    eligible: list[tuple[int, int, Suggestion]] = []
    for s, mentee in enumerate(mentees):
        for p, mentor in enumerate(mentors):
            found = explain(mentee, mentor)
            if found is not None:
                eligible.append((s, p, found))
    problem = solver.Problem(
        n_students=len(mentees),
        n_programs=len(mentors),
        capacity=np.array([max(0, m.capacity) for m in mentors], dtype=np.int64),
        need_tier=np.array([m.need_tier for m in mentees], dtype=np.int64),
        pair_student=np.array([s for s, _p, _x in eligible], dtype=np.int64),
        pair_program=np.array([p for _s, p, _x in eligible], dtype=np.int64),
        pair_distance_m=np.array([(MAX_SCORE - x.score) * COST_UNIT for _s, _p, x in eligible], dtype=np.int64),
        arrival=np.array([m.arrival for m in mentees], dtype=np.int64),
        group=np.array([m.group for m in mentees], dtype=np.int64),
    )
    chosen_pair = {(s, p): x for s, p, x in eligible}
    best = solver.solve(problem)
    baseline = solver.first_come(problem)

    def chosen(allocation: solver.Allocation) -> dict[int, Suggestion]:
        return {
            mentees[s].key: chosen_pair[(s, int(p))]
            for s, p in enumerate(allocation.program_of.tolist())
            if p != solver.NOT_PLACED
        }

    return CohortPairing(
        pairs=chosen(best),
        unpaired={mentees[s].key: best.reason(s) for s in range(len(mentees)) if not best.placed[s]},
        fairness=solver.fairness(problem, best, group_names),
        baseline_pairs=chosen(baseline),
        baseline_fairness=solver.fairness(problem, baseline, group_names),
    )
