"""Fetch-and-authorise helpers for households, students, consents and roster syncs."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from village.accounts.models import Role, User
from village.accounts.predicates import district_ids, school_ids
from village.families.models import Consent, Household, Need, OtherLegalBasis, RosterSync, Student
from village.families.queries import (
    assigned_students,
    children_for,
    children_ids,
    family_school_ids,
    households_for,
)
from village.lib.access import get_authorized
from village.orgs.models import District, School

__all__ = [
    "access_consent",
    "access_district_for",
    "access_household",
    "access_legal_basis",
    "access_need",
    "access_roster_sync",
    "access_school_for",
    "access_student",
    "children_for",
    "children_ids",
    "family_school_ids",
    "households_for",
    "visible_students",
]


def visible_students(user: User) -> QuerySet[Student]:
    """Students the person may open as staff, matching `families.view_student`."""
    if not user.is_authenticated:
        return Student.objects.none()
    return Student.objects.filter(
        Q(district_id__in=district_ids(user, Role.DISTRICT_LEAD))
        | Q(school_id__in=school_ids(user, Role.SCHOOL_COORDINATOR))
        | Q(pk__in=list(assigned_students(user)))
    ).filter(anonymized_at__isnull=True)


def access_student(user: User, pk: int, perm: str = "families.view_student") -> Student:
    return get_authorized(user, Student.objects.select_related("school", "district", "household"), perm, pk=pk)


def access_consent(user: User, pk: int, perm: str = "families.withdraw_consent") -> Consent:
    return get_authorized(user, Consent.objects.select_related("student", "recipient"), perm, pk=pk)


def access_legal_basis(user: User, pk: int, perm: str = "families.end_legal_basis") -> OtherLegalBasis:
    return get_authorized(user, OtherLegalBasis.objects.select_related("student", "recipient"), perm, pk=pk)


def access_household(user: User, perm: str = "families.change_profile") -> Household:
    """The signed-in family's household (the first, should a person belong to several)."""
    household = households_for(user).order_by("pk").first()
    if household is None:
        raise Http404
    return get_authorized(user, Household.objects.select_related("district"), perm, pk=household.pk)


def access_school_for(user: User, pk: int, perm: str = "families.view_needs_registry") -> School:
    return get_authorized(user, School.objects.select_related("district"), perm, pk=pk)


def access_district_for(user: User, slug: str, perm: str) -> District:
    return get_authorized(user, District.objects.all(), perm, slug=slug)


def access_roster_sync(user: User, pk: int) -> RosterSync:
    sync = RosterSync.objects.select_related("district").filter(pk=pk).first()
    if sync is None or not user.has_perm("families.sync_roster", sync.district):
        raise Http404
    return sync


def access_need(user: User, pk: int, perm: str = "families.change_plan") -> Need:
    """A need, authorised through its student."""
    need = Need.objects.select_related("student__school", "student__district").filter(pk=pk).first()
    if need is None or not user.has_perm(perm, need.student):
        raise Http404
    return need
