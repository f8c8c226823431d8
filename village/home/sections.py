"""What a person's home page shows for each role they hold, read in as few queries as the roles need."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from village.accounts.models import Membership, Role, User
from village.families.access import children_for, households_for
from village.orgs.models import District, Organization, School


def welcome_districts() -> QuerySet[District]:
    return District.objects.order_by("name")[:20]


def sections_for(user: User, held: list[Membership]) -> dict[str, Any]:
    """The sections of the home page, one per kind of role the person holds."""
    sections: dict[str, Any] = {}
    lead = [m for m in held if m.role == Role.DISTRICT_LEAD]
    if lead:
        district_ids = [m.district_id for m in lead]
        sections["districts"] = [
            {
                "membership": m,
                "schools": School.objects.filter(district=m.district)
                .annotate(enrolled=Count("students", filter=Q(students__status="enrolled")))
                .order_by("name"),
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
    if any(m.role == Role.FAMILY_MEMBER for m in held):
        sections["households"] = households_for(user).prefetch_related("members__user")
        sections["children"] = children_for(user).order_by("given_name")
    student_roles = [m for m in held if m.role == Role.STUDENT]
    if student_roles:
        sections["student"] = getattr(user, "student_record", None)
        sections["student_schools"] = [m.school for m in student_roles]
    return sections


def school_page(school: School) -> dict[str, Any]:
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
