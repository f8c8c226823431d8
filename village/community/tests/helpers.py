"""Volunteering at Lincoln for the community tests and the authorization matrix (made through the actions)."""

from __future__ import annotations

from typing import Any

from conftest import World


def clinic_partnership(w: World) -> Any:
    """An active partnership between Lincoln and the clinic (Mai's organization)."""
    from village.partnerships.actions import change_status, create_partnership

    partnership = create_partnership(
        w.rosa,
        w.riverbend,
        schools=[w.lincoln],
        organizations=[w.clinic],
        name="Lincoln and the clinic",
        partner_type="health",
        shared_goals="Healthy readers.",
    )
    return change_status(w.rosa, partnership, "active")


def lincoln_opportunity(w: World, **fields: object) -> Any:
    from village.community.actions import post_opportunity

    partnership = fields.pop("partnership", None)
    values = {
        "role": "Reading buddy",
        "description": "Read with a second grader.",
        "schedule": "Tuesdays 3 to 4 pm",
        "skills": "Patience",
        "languages": ["ar", "es"],
        "clearances": ["background_check"],
        "places": 4,
    } | fields
    return post_opportunity(w.rosa, w.lincoln, fields=values, partnership=partnership)


def signed_up(w: World, opportunity: Any, email: str = "nadia@example.org") -> Any:
    from village.community.actions import sign_up

    return sign_up(opportunity, name="Nadia Karim", email=email, language="ar")


# --- Mentoring --------------------------------------------------------------------------------


def mentoring_service(w: World) -> Any:
    """The clinic's mentoring service, where Lincoln's students are referred."""
    from village.directory.models import Service
    from village.directory.tests.factories import add_service, need_terms

    found = Service.objects.filter(name__en="Clinic mentors").first()
    if found is not None:
        return found
    mentoring = next(t for t in need_terms() if t.code == "mentoring")
    return add_service(w.clinic, name="Clinic mentors", latitude=41.885, longitude=-87.63, categories=[mentoring])


def lincoln_program(w: World, **fields: object) -> Any:
    from village.community.actions.mentoring import create_program
    from village.community.models import MentoringProgram

    found = MentoringProgram.objects.filter(school=w.lincoln).first()
    if found is not None:
        return found
    values = {"name": "Lincoln mentors", "clearances": ["background_check"], "max_mentees": 2} | fields
    return create_program(w.rosa, w.lincoln, mentoring_service(w), fields=values)


def cleared_volunteer(w: World, name: str, email: str, language: str = "ar", *, cleared: bool = True) -> Any:
    """A volunteer of Riverbend (signed up for a Lincoln role) with a current background check."""
    import datetime

    from django.utils import timezone

    from village.community.actions import record_clearance, sign_up
    from village.community.models import Opportunity, Volunteer

    known = Volunteer.objects.filter(email=email).first()
    if known is not None:
        return known
    opportunity = Opportunity.objects.filter(school=w.lincoln).first() or lincoln_opportunity(w)
    volunteer = sign_up(opportunity, name=name, email=email, language=language).signup.volunteer
    if cleared:
        today = timezone.localdate()
        record_clearance(
            w.rosa,
            volunteer,
            kind="background_check",
            cleared_on=today - datetime.timedelta(days=30),
            expires_on=today + datetime.timedelta(days=700),
        )
    return volunteer


def mentor(w: World, name: str, email: str, **fields: Any) -> Any:
    from village.community.actions.mentoring import add_mentor
    from village.community.models import Mentor

    known = Mentor.objects.filter(volunteer__email=email).first()
    if known is not None:
        return known
    values = {"capacity": 2, "languages": ["ar", "en"], "times": ["tue", "thu"], "interests": ["reading"]} | fields
    return add_mentor(w.rosa, lincoln_program(w), cleared_volunteer(w, name, email), **values)


def referred(w: World, student: Any = None, elements: tuple[str, ...] = ("name", "grade")) -> Any:
    """A referral of the student (Layla unless given) to the program's service, under a consent."""
    import uuid

    from village.families.tests.helpers import make_consent
    from village.referrals.actions import refer
    from village.referrals.models import Referral

    student = student or w.layla
    known = Referral.objects.filter(student=student, service=mentoring_service(w)).first()
    if known is not None:
        return known
    household = w.household if student.pk == w.layla.pk else None
    make_consent(w, student=student, household=household, elements=elements)
    return refer(w.rosa, student, mentoring_service(w), elements=list(elements), submission_key=uuid.uuid4().hex)


def lincoln_student(w: World, n: int, **flags: Any) -> Any:
    from village.families.models import Student

    known = Student.objects.filter(district=w.riverbend, local_id=f"RB-M{n}").first()
    if known is not None:
        return known
    return Student.objects.create(
        district=w.riverbend,
        school=w.lincoln,
        local_id=f"RB-M{n}",
        given_name=f"Student{n}",
        family_name="Mentee",
        grade=4,
        **flags,
    )


def mentee(w: World, referral: Any = None, **fields: Any) -> Any:
    from village.community.actions.mentoring import add_mentee
    from village.community.models import Mentee

    referral = referral or referred(w)
    known = Mentee.objects.filter(referral=referral).first()
    if known is not None:
        return known
    values = {"languages": ["ar"], "times": ["tue"], "interests": ["reading"]} | fields
    return add_mentee(w.rosa, lincoln_program(w), referral, **values)


def paired(w: World) -> Any:
    """Layla paired with Huda (Arabic, Tuesdays), started today."""
    from village.community.actions.mentoring import pair
    from village.community.models import Pair

    known = Pair.objects.filter(mentee__student=w.layla).first()
    if known is not None:
        return known
    found_mentor = mentor(w, "Huda Mansour", "huda@example.org")
    found_mentee = mentee(w)
    return pair(w.rosa, lincoln_program(w), [(found_mentee.pk, found_mentor.pk)])[0]
