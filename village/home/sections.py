"""What a person's home page shows for each role they hold, read in as few queries as the roles need."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from village.accounts.models import Membership, Role, User
from village.community.mentoring import alerts as mentoring_alerts
from village.community.models import MentoringProgram
from village.families.access import children_for, households_for
from village.home.worklist import SchoolWorklist, district_counts, educator_scope, school_scope, worklists
from village.orgs.models import District, Organization, School
from village.referrals.access import asks_of_family, waiting_for_family


def welcome_districts() -> QuerySet[District]:
    return District.objects.order_by("name")[:20]


def sections_for(user: User, held: list[Membership]) -> dict[str, object]:
    """The sections of the home page, one per kind of role the person holds."""
    sections: dict[str, object] = {}
    lead = [m for m in held if m.role == Role.DISTRICT_LEAD]
    if lead:
        district_ids = [m.district_id for m in lead if m.district_id is not None]
        led_schools = list(
            School.objects.filter(district_id__in=district_ids)
            .annotate(enrolled=Count("students", filter=Q(students__status="enrolled")))
            .order_by("name")
        )
        counts = district_counts(led_schools)
        sections["districts"] = [
            {
                "membership": m,
                "schools": [s for s in led_schools if s.district_id == m.district_id],
                "worklist": counts.of_district(m.district_id),
                "partner_count": Organization.objects.filter(region_id=m.district.region_id).count()
                if m.district
                else 0,
            }
            for m in lead
        ]
        sections["partner_types"] = (
            Organization.objects.filter(region__districts__in=district_ids)
            .values("partner_type")
            .annotate(n=Count("id", distinct=True))
            .order_by("-n")
        )
    school_roles = [m for m in held if m.school_id and m.role != Role.STUDENT]
    if school_roles:
        found = _worklists(user, held)
        sections["schools"] = [
            {
                "membership": m,
                "enrolled": m.school.students.filter(status="enrolled").count()
                if m.role == Role.SCHOOL_COORDINATOR and m.school
                else None,
                "staff": Membership.objects.active()
                .filter(school=m.school, role__in=[Role.SCHOOL_COORDINATOR, Role.EDUCATOR])
                .exclude(user=user)
                .select_related("user")
                .order_by("role", "user__name"),
                "worklist": found.pop((m.school_id or 0, m.role), None),
                "mentoring": mentoring_alerts(MentoringProgram.objects.filter(school=m.school))
                if m.role == Role.SCHOOL_COORDINATOR
                else [],
            }
            for m in school_roles
        ]
    partner_roles = [m for m in held if m.role == Role.PARTNER_STAFF]
    if partner_roles:
        sections["organizations"] = [
            {
                "membership": m,
                "colleagues": Membership.objects.active()
                .filter(organization=m.organization)
                .exclude(user=user)
                .select_related("user")
                .order_by("user__name"),
            }
            for m in partner_roles
        ]
    if any(m.role in (Role.FAMILY_MEMBER, Role.STUDENT) for m in held):
        sections["consent_requests"] = waiting_for_family(user)
    if any(m.role == Role.FAMILY_MEMBER for m in held):
        sections["asks"] = list(asks_of_family(user)[:20])
        sections["households"] = households_for(user).prefetch_related("members__user")
        sections["children"] = children_for(user).order_by("given_name")
    student_roles = [m for m in held if m.role == Role.STUDENT]
    if student_roles:
        sections["student"] = getattr(user, "student_record", None)
        sections["student_schools"] = [m.school for m in student_roles]
    return sections


def _worklists(user: User, held: list[Membership]) -> dict[tuple[int, str], SchoolWorklist]:
    """The worklist of each school the person coordinates (the whole school) or teaches at (the
    students they serve), keyed by (school, role): one query per kind and school."""
    coordinated = [m.school for m in held if m.role == Role.SCHOOL_COORDINATOR and m.school]
    taught = [
        m.school
        for m in held
        if m.role == Role.EDUCATOR and m.school and m.school_id not in {s.pk for s in coordinated}
    ]
    found: dict[tuple[int, str], SchoolWorklist] = {}
    if coordinated:
        for wl in worklists(coordinated, school_scope(s.pk for s in coordinated)):
            found[(wl.school.pk, Role.SCHOOL_COORDINATOR)] = wl
    if taught:
        for wl in worklists(taught, educator_scope(user, (s.pk for s in taught))):
            found[(wl.school.pk, Role.EDUCATOR)] = wl
    return found


def school_page(school: School) -> dict[str, object]:
    """Enrollment by grade, the school's team and its audit trail, for the staff who may see them."""
    enrolled = school.students.filter(status="enrolled")
    return {
        "enrolled": enrolled.count(),
        "grades": enrolled.values("grade").annotate(n=Count("id")).order_by("grade"),
        "staff": Membership.objects.active()
        .filter(school=school)
        .exclude(role=Role.STUDENT)
        .select_related("user")
        .order_by("role", "user__name"),
    }
