"""Lincoln's casework: Amina Hassan's profile and plans, needs from a screening (some that nothing
in the directory fits, twelve for a full after-school program), consents and shared summaries.

Everything goes through the families, accounts and directory actions, by the people who would
take each step: Amina for her own family, Lincoln's coordinator for the screening and the paper
consent forms, families for their own profiles.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, time, timedelta

from django.utils import timezone, translation

from village.accounts.actions import grant_membership
from village.accounts.models import Membership, Role, User
from village.demo.common import LINCOLN, NORTHSIDE_CLINIC, by_pk
from village.demo.scans import consent_scan
from village.demo.transit import stop_near
from village.directory.actions import update_service
from village.directory.models import Service, ServiceStatus
from village.families.actions import (
    ConsentTerms,
    add_goal,
    add_need,
    assign_educator,
    change_need_status,
    give_consent,
    link_member,
    record_paper_consent,
    save_profile,
    share_student_summary,
    update_plan,
    withdraw_consent,
)
from village.families.models import (
    Consent,
    Household,
    Need,
    Relationship,
    Student,
)
from village.families.queries import plan_for, profile_for
from village.families.vocab import Barrier, NeedCategory, NeedSource, NeedStatus, Purpose, Urgency
from village.matching.runs import km_between
from village.orgs.models import District, Organization, School

# Paper consent forms are recorded with the language they are written in, as an Ed-Fi code.
FORM_LANGUAGE = "eng"
# The accounts of the families who fill in their own profiles; not the staff's domain.
FAMILY_EMAIL_DOMAIN = "families.example.org"


def paper_consent(
    coordinator: User,
    student: Student,
    recipient: Organization,
    elements: Sequence[str],
    *,
    signed_on: date,
    valid_until: date,
) -> Consent:
    """A parent's signed form, recorded by the coordinator with its scan; valid from the day it was signed."""
    signer = f"Parent of {student.given_name}"
    terms = ConsentTerms(
        recipient=recipient,
        elements=elements,
        purpose=Purpose.REFERRAL,
        purpose_detail="",
        valid_until=valid_until,
        signer_name=signer,
        signer_relationship=Relationship.PARENT,
        valid_from=signed_on,
    )
    number = Consent.objects.filter(student=student).count() + 1
    scan = consent_scan(student, recipient, signer, signed_on.isoformat(), number)
    return record_paper_consent(coordinator, student, terms, scan=scan, signed_on=signed_on, language=FORM_LANGUAGE)


def lincoln_coordinator(lincoln: School) -> User:
    membership = Membership.objects.filter(school=lincoln, role=Role.SCHOOL_COORDINATOR).select_related("user").first()
    assert membership is not None, "Lincoln's coordinator is a persona"
    return membership.user


def families_work(rng: random.Random, riverbend: District, lincoln: School, orgs: dict[str, Organization]) -> None:
    """Lincoln's families: Amina Hassan's profile and plans, needs from a screening, consents and summaries."""
    now = timezone.now()
    today = timezone.localdate()
    clinic = orgs[NORTHSIDE_CLINIC]
    partners = [o for o in sorted(orgs.values(), key=by_pk) if o.region_id == riverbend.region_id][:12]
    hassan = Household.objects.get(district=riverbend, name="Hassan", members__user__email="family@village.test")
    amina = hassan.members.get().user
    coordinator = lincoln_coordinator(lincoln)

    # Amina fills in her family's profile and her children's plans herself, in Arabic.
    with translation.override(amina.preferred_language or None):
        profile = profile_for(hassan)
        profile.preferred_language = "ara"
        profile.preferred_channels = ["text", "phone"]
        profile.best_times = "After 6 pm on weekdays"
        profile.travel_modes = ["bus", "walking"]
        profile.max_travel_minutes = 30
        profile.accommodations = ["interpreter", "childcare"]
        windows = [(2, time(18), time(20)), (4, time(18), time(20)), (6, time(10), time(14))]
        changed = ["preferred_language", "preferred_channels", "best_times", "travel_modes", "max_travel_minutes"]
        # Her bus trips start at the stop near home, a few streets past the school (not an address).
        home_stop = stop_near(riverbend.region, (float(lincoln.latitude), float(lincoln.longitude)), not_within_m=300)  # type: ignore[arg-type]
        if home_stop is not None:
            profile.trip_stop, profile.trip_stop_name = home_stop.code, home_stop.name
            changed.append("trip_stop")
        save_profile(amina, profile, [*changed, "accommodations"], windows)
        for child in Student.objects.filter(household=hassan).order_by("given_name"):
            plan = update_plan(
                amina,
                plan_for(child),
                "أن يحب المدرسة ويقرأ بثقة. (To love school and read with confidence.)",
            )
            add_goal(amina, plan, "Read a chapter book every week", today + timedelta(days=120))
            add_need(
                amina,
                child,
                category=NeedCategory.TUTORING if child.given_name == "Yusuf" else NeedCategory.HEALTH,
                description="Reading help after school" if child.given_name == "Yusuf" else "Dental check-up",
                urgency=Urgency.SOON,
                source=NeedSource.FAMILY,
                barriers=[Barrier.TRANSPORTATION, Barrier.LANGUAGE],
                supports_in_place="Arabic interpreter at parent meetings",
            )
            if child.given_name == "Layla":
                terms = ConsentTerms(
                    recipient=clinic,
                    elements=["name", "grade", "school", "needs", "home_language"],
                    purpose=Purpose.REFERRAL,
                    purpose_detail="",
                    valid_until=today + timedelta(days=345),
                    signer_name="Amina Hassan",
                    signer_relationship=Relationship.PARENT,
                )
                give_consent(amina, child, terms, confirmed=True)
                share_student_summary(
                    coordinator, child, clinic, ["name", "grade", "needs"], Purpose.REFERRAL, "Dental check-up referral"
                )

    # A screening at Lincoln: needs with barriers for about one student in eight; consents for some, a few withdrawn.
    educators = list(Membership.objects.filter(school=lincoln, role=Role.EDUCATOR).select_related("user"))
    students = list(Student.objects.filter(school=lincoln, status="enrolled").exclude(household=hassan).order_by("pk"))
    categories = list(NeedCategory.values)
    barriers = list(Barrier.values)
    needs: list[Need] = []
    for i, student in enumerate(students):
        if educators:
            assign_educator(coordinator, educators[i % len(educators)].user, student, "teacher")
        if rng.random() < 0.125:
            category = rng.choice(categories)
            urgency = rng.choice(list(Urgency.values))
            source = rng.choice(list(NeedSource.values))
            raised_barriers = rng.sample(barriers, k=rng.randint(0, 3))
            status = rng.choice([NeedStatus.OPEN, NeedStatus.OPEN, NeedStatus.IN_PROGRESS, NeedStatus.MET])
            raised_at = now - timedelta(days=rng.randint(1, 120))
            need = add_need(
                coordinator,
                student,
                category=category,
                urgency=urgency,
                source=source,
                barriers=raised_barriers,
                raised_at=raised_at,
            )
            change_need_status(coordinator, need, status)
            needs.append(need)
    for m in educators[:1]:
        for child in Student.objects.filter(household=hassan):
            assign_educator(coordinator, m.user, child, "teacher")
    for need in needs[:40]:
        partner = rng.choice(partners)
        consent = paper_consent(
            coordinator,
            need.student,
            partner,
            ["name", "grade", "needs"],
            signed_on=today - timedelta(days=60),
            valid_until=today + timedelta(days=300),
        )
        if rng.random() < 0.5:
            share_student_summary(coordinator, need.student, partner, ["name", "needs"], Purpose.REFERRAL)
        if rng.random() < 0.2:
            # A withdrawal takes effect when it is recorded. The demo once back-dated it by a drawn number
            # of days; the draw stays so that every later choice from the seed stays as it was.
            rng.randint(1, 30)
            withdraw_consent(coordinator, consent)


def needs_no_service_fits(riverbend: District) -> None:
    """Lincoln families whose needs nothing in the directory fits: languages no partner offers
    (Pashto, Amharic, Burmese), free only early on Sunday, on foot within fifteen minutes. These are
    the gaps the gap map shows and the partners a district would go and recruit.

    A family profile is the family's own, so each family gets an account (granted by the
    district's lead and linked to its household, without a usable password) and fills it in."""
    lincoln = School.objects.get(district=riverbend, name=LINCOLN)
    lead = Membership.objects.filter(district=riverbend, role=Role.DISTRICT_LEAD, school__isnull=True).first()
    assert lead is not None, "Riverbend's lead is a persona"
    taken = set(Need.objects.filter(school=lincoln).values_list("student_id", flat=True))
    candidates = Student.objects.filter(school=lincoln, status="enrolled", household__isnull=False).exclude(
        household__profile__isnull=False
    )
    students = sorted(candidates, key=lambda s: (s.pk in taken, s.pk))[:9]  # students without needs first
    languages = ["pus", "amh", "bur"]
    categories = ["mental_health", "tutoring", "health"]
    barriers = [
        [Barrier.LANGUAGE],
        [Barrier.LANGUAGE, Barrier.TRANSPORTATION],
        [Barrier.SCHEDULE, Barrier.TRANSPORTATION],
    ]
    parents: dict[int, User] = {}
    for i, student in enumerate(students):
        household = student.household
        assert household is not None
        if household.pk not in parents:
            parent = grant_membership(
                lead.user,
                email=f"family.{student.local_id.lower()}@{FAMILY_EMAIL_DOMAIN}",
                name=f"Parent of {student.given_name}",
                role=Role.FAMILY_MEMBER,
                district=riverbend,
            ).user
            link_member(lead.user, household, email=parent.email, name=parent.name, relationship=Relationship.PARENT)
            parents[household.pk] = parent
            profile = profile_for(household)
            profile.preferred_language = languages[i % 3]
            profile.travel_modes = ["walking"]
            profile.max_travel_minutes = 15
            profile.accommodations = ["interpreter"]
            changed = ["preferred_language", "travel_modes", "max_travel_minutes", "accommodations"]
            save_profile(parent, profile, changed, [(7, time(7), time(8))])
        add_need(
            parents[household.pk],
            student,
            category=categories[i % 3],
            urgency=Urgency.SOON,
            source=NeedSource.FAMILY,
            barriers=barriers[i % 3],
            description="Help in our language at a time we can come",
        )


def full_after_school_program(riverbend: District, coordinator: User) -> None:
    """Twelve Lincoln students need an after-school program and the nearest one has four seats
    left (the district's lead updates its listing): the case a coordinator shares out with
    "Share program seats fairly"."""
    lincoln = School.objects.get(district=riverbend, name=LINCOLN)
    if lincoln.latitude is None or lincoln.longitude is None:
        return
    programs = Service.objects.filter(
        status=ServiceStatus.ACTIVE,
        categories__code="after_school",
        seats_total__isnull=False,
        organization__region_id=riverbend.region_id,
    ).prefetch_related("service_at_locations__location")

    def distance(service: Service) -> float:
        places = [sal.location for sal in service.service_at_locations.all() if sal.location.latitude is not None]
        return min(
            (km_between(float(lincoln.latitude), float(lincoln.longitude), p.latitude, p.longitude) for p in places),  # type: ignore[arg-type]
            default=1e9,
        )

    nearest = min(programs, key=lambda s: (distance(s), s.pk), default=None)
    if nearest is None:
        return
    lead = Membership.objects.filter(district=riverbend, role=Role.DISTRICT_LEAD, school__isnull=True).first()
    assert lead is not None, "Riverbend's lead is a persona"
    nearest.seats_available = min(4, nearest.seats_total or 4)
    update_service(lead.user, nearest, ["seats_available"], verify=False)
    taken = set(Need.objects.filter(school=lincoln).values_list("student_id", flat=True))
    students = [
        s for s in Student.objects.filter(school=lincoln, status="enrolled").order_by("pk") if s.pk not in taken
    ][:12]
    urgencies = [Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE]
    now = timezone.now()
    for i, student in enumerate(students):
        add_need(
            coordinator,
            student,
            category="after_school",
            urgency=urgencies[i % 3],
            source=NeedSource.EDUCATOR,
            description="A safe place after school while parents work",
            raised_at=now - timedelta(days=30 - i),
        )
        if i % 2 == 0:  # half the families already consented to share with the program
            paper_consent(
                coordinator,
                student,
                nearest.organization,
                ["name", "grade", "school", "needs"],
                signed_on=now.date() - timedelta(days=10),
                valid_until=now.date() + timedelta(days=300),
            )
