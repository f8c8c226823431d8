"""Lincoln's casework: Amina Hassan's profile and plans, needs from a screening (some that nothing
in the directory fits, twelve for a full after-school program), consents and disclosures."""

from __future__ import annotations

import random
from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from village.accounts.models import Membership, Role
from village.demo.common import BATCH_SIZE, LINCOLN, NORTHSIDE_CLINIC, by_pk
from village.directory.models import Service, ServiceStatus
from village.families.disclosure import disclose
from village.families.models import (
    AvailabilityWindow,
    Consent,
    DisclosureRecord,
    EducatorAssignment,
    FamilyProfile,
    Goal,
    Household,
    Need,
    OtherLegalBasis,
    Plan,
    RosterSync,
    Student,
)
from village.families.vocab import Barrier, Channel, NeedCategory, NeedSource, NeedStatus, Urgency
from village.matching.runs import km_between
from village.orgs.models import District, Organization, School
from village.referrals.models import ConsentRequest, Referral


def families_work(rng: random.Random, riverbend: District, lincoln: School, orgs: dict[str, Organization]) -> None:
    """Lincoln's families: Amina Hassan's profile and plans, needs from a screening, consents and disclosures."""

    now = timezone.now()
    today = timezone.localdate()
    clinic = orgs[NORTHSIDE_CLINIC]
    partners = [o for o in sorted(orgs.values(), key=by_pk) if o.region_id == riverbend.region_id][:12]
    hassan = Household.objects.get(district=riverbend, name="Hassan", members__user__email="family@village.test")
    profile = FamilyProfile.objects.create(
        district=riverbend,
        household=hassan,
        preferred_language="ara",
        preferred_channels=["text", "phone"],
        best_times="After 6 pm on weekdays",
        travel_modes=["bus", "walking"],
        max_travel_minutes=30,
        accommodations=["interpreter", "childcare"],
    )
    AvailabilityWindow.objects.bulk_create(
        [
            AvailabilityWindow(district=riverbend, profile=profile, weekday=d, starts=s, ends=e)
            for d, s, e in ((2, time(18), time(20)), (4, time(18), time(20)), (6, time(10), time(14)))
        ]
    )
    for child in Student.objects.filter(household=hassan).order_by("given_name"):
        plan = Plan.objects.create(
            district=riverbend,
            student=child,
            success_in_own_words="أن يحب المدرسة ويقرأ بثقة. (To love school and read with confidence.)",
        )
        Goal.objects.create(
            district=riverbend,
            plan=plan,
            text="Read a chapter book every week",
            target_date=today + timedelta(days=120),
        )
        Need.objects.create(
            district=riverbend,
            school=child.school,
            student=child,
            category=NeedCategory.TUTORING if child.given_name == "Yusuf" else NeedCategory.HEALTH,
            description="Reading help after school" if child.given_name == "Yusuf" else "Dental check-up",
            urgency=Urgency.SOON,
            source=NeedSource.FAMILY,
            barriers=[Barrier.TRANSPORTATION, Barrier.LANGUAGE],
            supports_in_place="Arabic interpreter at parent meetings",
        )
        if child.given_name == "Layla":
            consent = Consent.objects.create(
                district=riverbend,
                student=child,
                household=hassan,
                recipient=clinic,
                elements=["name", "grade", "school", "needs", "home_language"],
                purpose="referral",
                valid_from=today - timedelta(days=20),
                valid_until=today + timedelta(days=345),
                signed_by=hassan.members.get().user,
                signer_name="Amina Hassan",
                signer_relationship="parent",
                signed_at=now - timedelta(days=20),
                language="ar",
                method="electronic",
            )
            disclose(
                None,
                child,
                clinic,
                ["name", "grade", "needs"],
                "referral",
                Channel.REFERRAL,
                purpose_detail="Dental check-up referral",
            )

    # A screening at Lincoln: needs with barriers for about one student in eight; consents for some, a few withdrawn.
    coordinator = Membership.objects.filter(school=lincoln, role=Role.SCHOOL_COORDINATOR).select_related("user").first()
    educators = list(Membership.objects.filter(school=lincoln, role=Role.EDUCATOR).select_related("user"))
    students = list(Student.objects.filter(school=lincoln, status="enrolled").exclude(household=hassan).order_by("pk"))
    categories = list(NeedCategory.values)
    barriers = list(Barrier.values)
    needs: list[Need] = []
    assignments: list[EducatorAssignment] = []
    for i, student in enumerate(students):
        if educators:
            assignments.append(
                EducatorAssignment(
                    district=riverbend, educator=educators[i % len(educators)].user, student=student, role="teacher"
                )
            )
        if rng.random() < 0.125:
            needs.append(
                Need(
                    district=riverbend,
                    school=lincoln,
                    student=student,
                    category=rng.choice(categories),
                    urgency=rng.choice(list(Urgency.values)),
                    source=rng.choice(list(NeedSource.values)),
                    barriers=rng.sample(barriers, k=rng.randint(0, 3)),
                    status=rng.choice([NeedStatus.OPEN, NeedStatus.OPEN, NeedStatus.IN_PROGRESS, NeedStatus.MET]),
                    created_at=now - timedelta(days=rng.randint(1, 120)),
                )
            )
    Need.objects.bulk_create(needs, batch_size=BATCH_SIZE)
    EducatorAssignment.objects.bulk_create(assignments, batch_size=BATCH_SIZE, ignore_conflicts=True)
    hassan_children = Student.objects.filter(household=hassan)
    EducatorAssignment.objects.bulk_create(
        [
            EducatorAssignment(district=riverbend, educator=m.user, student=c, role="teacher")
            for m in educators[:1]
            for c in hassan_children
        ],
        ignore_conflicts=True,
    )
    for need in needs[:40]:
        partner = rng.choice(partners)
        consent = Consent.objects.create(
            district=riverbend,
            student=need.student,
            household=need.student.household,
            recipient=partner,
            elements=["name", "grade", "needs"],
            purpose="referral",
            valid_from=today - timedelta(days=60),
            valid_until=today + timedelta(days=300),
            signer_name=f"Parent of {need.student.given_name}",
            signer_relationship="parent",
            signed_at=now - timedelta(days=60),
            language="en",
            method="paper",
            recorded_by=coordinator.user if coordinator else None,
        )
        if rng.random() < 0.5:
            disclose(
                coordinator.user if coordinator else None,
                need.student,
                partner,
                ["name", "needs"],
                "referral",
                Channel.REFERRAL,
            )
        if rng.random() < 0.2:
            consent.withdrawn_at = now - timedelta(days=rng.randint(1, 30))
            consent.withdrawn_by = coordinator.user if coordinator else None
            consent.save(update_fields=["withdrawn_at", "withdrawn_by"])


def needs_no_service_fits(riverbend: District) -> None:
    """Lincoln families whose needs nothing in the directory fits: languages no partner offers
    (Pashto, Dari, Burmese), free only early on Sunday, on foot within fifteen minutes. These are
    the gaps the gap map shows and the partners a district would go and recruit."""

    lincoln = School.objects.get(district=riverbend, name=LINCOLN)
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
    profiled: set[int] = set()
    for i, student in enumerate(students):
        assert student.household_id is not None
        if student.household_id not in profiled:
            profiled.add(student.household_id)
            profile = FamilyProfile.objects.create(
                district=riverbend,
                household_id=student.household_id,
                preferred_language=languages[i % 3],
                travel_modes=["walking"],
                max_travel_minutes=15,
                accommodations=["interpreter"],
            )
            AvailabilityWindow.objects.create(
                district=riverbend, profile=profile, weekday=7, starts=time(7), ends=time(8)
            )
        Need.objects.create(
            district=riverbend,
            school=lincoln,
            student=student,
            category=categories[i % 3],
            urgency=Urgency.SOON,
            source=NeedSource.FAMILY,
            barriers=barriers[i % 3],
            description="Help in our language at a time we can come",
        )


def full_after_school_program(riverbend: District, coordinator: Any) -> None:
    """Twelve Lincoln students need an after-school program and the nearest one has four seats
    left: the case a coordinator shares out with "Share program seats fairly"."""

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
    nearest.seats_available = min(4, nearest.seats_total or 4)
    nearest.save(update_fields=["seats_available"])
    taken = set(Need.objects.filter(school=lincoln).values_list("student_id", flat=True))
    students = [
        s for s in Student.objects.filter(school=lincoln, status="enrolled").order_by("pk") if s.pk not in taken
    ][:12]
    urgencies = [Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE]
    now = timezone.now()
    for i, student in enumerate(students):
        Need.objects.create(
            district=riverbend,
            school=lincoln,
            student=student,
            category="after_school",
            urgency=urgencies[i % 3],
            source=NeedSource.EDUCATOR,
            description="A safe place after school while parents work",
            created_at=now - timedelta(days=30 - i),
        )
        if i % 2 == 0:  # half the families already consented to share with the program
            Consent.objects.create(
                district=riverbend,
                student=student,
                household=student.household,
                recipient=nearest.organization,
                elements=["name", "grade", "school", "needs"],
                purpose="referral",
                valid_from=now.date() - timedelta(days=10),
                valid_until=now.date() + timedelta(days=300),
                signer_name=f"Parent of {student.given_name}",
                signer_relationship="parent",
                signed_at=now - timedelta(days=10),
                language="en",
                method="paper",
                recorded_by=coordinator,
            )


def reset_families_work(district_ids: list[int]) -> None:
    """Remove the demo's consents and disclosure records, which the app itself never deletes."""

    ConsentRequest.objects.filter(district_id__in=district_ids).delete()
    Referral.objects.filter(district_id__in=district_ids).delete()

    # Append-only in the product; the demo reset is the one place that removes them, bypassing the guard.
    for model in (DisclosureRecord, OtherLegalBasis, Consent):
        rows = model.objects.filter(district_id__in=district_ids)
        rows._raw_delete(rows.db)
    Consent.history.filter(district_id__in=district_ids).delete()
    OtherLegalBasis.history.filter(district_id__in=district_ids).delete()
    RosterSync.objects.filter(district_id__in=district_ids).delete()
