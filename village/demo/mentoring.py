"""Demo mentoring at Lincoln: the partner's mentoring service, a program the coordinator runs with
the cleared demo volunteers as mentors, six students referred under their parents' signed
consents, the cohort paired four months ago by the exact solver, meetings since, this month's
check-ins (one student says it is not going well), one match stalled, one student waiting for a
mentor with suggestions, and one referral still waiting to join the cohort."""

from __future__ import annotations

import datetime

from django.utils import timezone

from village.accounts.models import User
from village.community.actions.mentoring import (
    add_mentee,
    add_mentor,
    answer_check_in,
    create_program,
    log_meeting,
    pair,
    request_check_ins,
)
from village.community.mentoring import cohort
from village.community.models import CheckIn, CheckInSide, Volunteer
from village.demo.needs import paper_consent
from village.directory.actions import create_service
from village.directory.models import Service, ServiceStatus, TaxonomyTerm
from village.families.models import Student
from village.orgs.models import Organization, School
from village.referrals.actions import refer

# Mentors (by email of a demo volunteer): languages, interests, times, capacity, what they chose to share.
MENTORS: dict[str, tuple[list[str], list[str], list[str], int, str]] = {
    "huda.mansour@example.org": (["ar", "en"], ["reading", "science"], ["tue", "thu"], 3, "Arab American"),
    "carmen.ortiz@example.org": (["es", "en"], ["art", "music"], ["tue", "wed"], 2, "Mexican American"),
    "tran.minh@example.org": (["vi", "en"], ["technology", "math"], ["thu", "sat"], 2, "Vietnamese American"),
}
# Students' preferences, in turn: languages, interests, times, the background the family chose to say.
PREFERENCES: list[tuple[list[str], list[str], list[str], str]] = [
    (["ar", "en"], ["reading"], ["tue"], "Arab American"),
    (["es"], ["art"], ["wed", "tue"], "Mexican American"),
    (["en"], ["technology"], ["thu"], ""),
    (["es", "en"], ["music", "sports"], ["tue"], ""),
    (["vi"], ["math"], ["sat"], "Vietnamese American"),
    (["ar"], ["science"], ["thu"], ""),
    (["en"], ["reading"], ["tue"], ""),
]
PAIRED_DAYS_AGO = 120


def _service(partner: User, organization: Organization) -> Service:
    found = (
        Service.objects.filter(organization=organization, status=ServiceStatus.ACTIVE, categories__code="mentoring")
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    term = TaxonomyTerm.objects.filter(code="mentoring").order_by("pk").first()
    return create_service(
        partner,
        organization,
        categories=[term] if term is not None else [],
        languages=("ar", "en", "es", "vi"),
        name={"en": "Family Mentors", "es": "Mentores para familias", "ar": "مرشدون للعائلات"},
        description={"en": "A caring adult who meets a student every week after school."},
        cost="free",
    )


def build(coordinator: User, partner: User, organization: Organization, lincoln: School) -> None:
    today = timezone.localdate()
    started = today - datetime.timedelta(days=PAIRED_DAYS_AGO)
    service = _service(partner, organization)
    program = create_program(
        coordinator,
        lincoln,
        service,
        fields={
            "name": "Lincoln Family Mentors",
            "description": "Students meet a mentor who speaks their family's language, once a week after school.",
            "languages": ["ar", "en", "es", "vi"],
            "clearances": ["background_check"],
            "max_mentees": 3,
            "stall_days": 30,
        },
    )
    for email, (languages, interests, times, capacity, background) in MENTORS.items():
        volunteer = Volunteer.objects.filter(district_id=lincoln.district_id, email=email).first()
        if volunteer is not None:
            add_mentor(
                coordinator,
                program,
                volunteer,
                capacity=capacity,
                languages=languages,
                interests=interests,
                times=times,
                background=background,
            )
    students = list(
        Student.objects.filter(school=lincoln, status="enrolled", grade__gte=3)
        .exclude(given_name="Layla")
        .order_by("pk")[: len(PREFERENCES)]
    )
    referrals = []
    for student in students:
        paper_consent(
            coordinator,
            student,
            organization,
            ["name", "grade"],
            signed_on=started - datetime.timedelta(days=10),
            valid_until=today + datetime.timedelta(days=240),
        )
        referrals.append(
            refer(
                coordinator,
                student,
                service,
                elements=["name", "grade"],
                submission_key=f"demo-mentoring-{student.pk}",
            )
        )
    mentees = [
        add_mentee(coordinator, program, referral, languages=lang, interests=likes, times=times, background=said)
        for referral, (lang, likes, times, said) in zip(referrals[:5], PREFERENCES, strict=False)
    ]
    proposed = cohort(program).pairing.pairs
    made = pair(coordinator, program, [(key, s.mentor) for key, s in proposed.items()], today=started)
    # Meetings every few weeks; the last match has not met for over a month (it shows as stalled).
    for index, match in enumerate(made):
        volunteer = match.mentor.volunteer
        last = 45 if index == len(made) - 1 else 6
        for days in range(PAIRED_DAYS_AGO - 4, last - 1, -21):
            log_meeting(
                volunteer, match, date=today - datetime.timedelta(days=days), minutes=60, note="Homework and a walk"
            )
    request_check_ins(today)
    students_side = 0
    for check_in in CheckIn.objects.filter(pair__in=made).order_by("pair_id", "side"):
        if check_in.side == CheckInSide.MENTOR:
            answer_check_in(check_in, score=3)
            continue
        # The first family says it is not going well (the coordinator is alerted); the others, well or okay.
        score = 1 if students_side == 0 else 2 + students_side % 2
        comment = "My child says they mostly sit in the office." if score == 1 else ""
        answer_check_in(check_in, score=score, comment=comment)
        students_side += 1
    # Referred later: one waits for a mentor (suggestions shown), one waits to join the cohort.
    waiting = [r for r in referrals if r.pk not in {m.referral_id for m in mentees}]
    if waiting and len(PREFERENCES) > len(mentees):
        lang, likes, times, said = PREFERENCES[len(mentees)]
        add_mentee(coordinator, program, waiting[0], languages=lang, interests=likes, times=times, background=said)
