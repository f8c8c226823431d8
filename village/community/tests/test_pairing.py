"""Mentor suggestions say why, never break a hard constraint, and a cohort is paired with the
exact solver, which never seats fewer students than first come, first served."""

from __future__ import annotations

from village.community.pairing import MAX_SCORE, Mentee, Mentor, Reason, explain, pair_cohort, suggest

AR, ES, EN = frozenset({"ar"}), frozenset({"es"}), frozenset({"en"})
TUE, WED = frozenset({"tue_pm"}), frozenset({"wed_pm"})


def test_a_suggestion_says_what_they_share() -> None:
    layla = Mentee(1, AR | EN, TUE | WED, frozenset({"drawing", "soccer"}), background="Syrian")
    huda = Mentor(10, AR, TUE | WED, 2, frozenset({"drawing"}), background="syrian ")
    found = explain(layla, huda)
    assert found is not None
    assert found.reasons == (
        Reason("language", ("ar",)),
        Reason("background", ("Syrian",)),
        Reason("interests", ("drawing",)),
        Reason("times", ("tue_pm", "wed_pm")),
    )
    assert found.score == 3 + 2 + 1 + 1 <= MAX_SCORE


def test_background_counts_only_when_the_family_chose_to_say_it() -> None:
    quiet = Mentee(1, AR, TUE)  # the family said nothing about background
    mentor = Mentor(10, AR, TUE, 1, background="Syrian")
    found = explain(quiet, mentor)
    assert found is not None and "background" not in {r.code for r in found.reasons}


def test_no_common_language_time_or_capacity_is_never_suggested() -> None:
    student = Mentee(1, AR, TUE)
    mentors = [Mentor(10, ES, TUE, 1), Mentor(11, AR, WED, 1), Mentor(12, AR, TUE, 0), Mentor(13, AR, TUE, 1)]
    assert [s.mentor for s in suggest(student, mentors)] == [13]


def test_suggestions_come_best_first() -> None:
    student = Mentee(1, AR, TUE | WED, frozenset({"chess"}))
    plain, close = Mentor(10, AR, TUE, 1), Mentor(11, AR, TUE | WED, 1, frozenset({"chess"}))
    assert [s.mentor for s in suggest(student, [plain, close])] == [11, 10]


def test_the_solver_pairs_more_students_than_first_come() -> None:
    # Amal asked first and fits both mentors, Sara best; Bilal fits only Sara. First come gives
    # Sara to Amal and leaves Bilal alone; the solver pairs both.
    amal = Mentee(1, AR | ES, TUE, frozenset({"math"}), group=0, arrival=0)
    bilal = Mentee(2, AR, TUE, group=1, arrival=1)
    sara = Mentor(10, AR | ES, TUE, 1, frozenset({"math"}))
    omar = Mentor(11, ES, TUE, 1)
    result = pair_cohort([amal, bilal], [sara, omar], {0: "none", 1: "english_learner"})
    assert {k: s.mentor for k, s in result.pairs.items()} == {1: 11, 2: 10}
    assert {k: s.mentor for k, s in result.baseline_pairs.items()} == {1: 10}
    by_group = {r.label: r.placed for r in result.fairness if r.dimension == "group"}
    baseline = {r.label: r.placed for r in result.baseline_fairness if r.dimension == "group"}
    assert by_group == {"none": 1, "english_learner": 1} and baseline == {"none": 1, "english_learner": 0}


def test_a_student_nobody_fits_is_left_unpaired_with_the_reason() -> None:
    result = pair_cohort([Mentee(1, AR, TUE), Mentee(2, AR, TUE)], [Mentor(10, AR, TUE, 1), Mentor(11, ES, WED, 3)])
    assert len(result.pairs) == 1 and list(result.unpaired.values()) == ["programs_full"]
    lonely = pair_cohort([Mentee(3, EN, TUE)], [Mentor(10, AR, TUE, 1)])
    assert lonely.unpaired == {3: "no_eligible_program"} and not lonely.pairs
