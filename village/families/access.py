"""Fetch-and-authorise helpers for households, students, consents and roster syncs."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from village.accounts.models import Role, User
from village.accounts.predicates import district_ids, school_ids
from village.families.models import (
    Consent,
    FamilyInvitation,
    GroupMessage,
    Guardian,
    Household,
    HouseholdMember,
    InvitationBatch,
    Need,
    OtherLegalBasis,
    RosterSync,
    Student,
)
from village.families.queries import (
    assigned_students,
    children_for,
    children_ids,
    family_school_ids,
    households_for,
)
from village.families.scans import KINDS
from village.lib.access import get_authorized
from village.messaging.models import Conversation
from village.orgs.models import District, School

__all__ = [
    "access_batch",
    "access_consent",
    "access_district_for",
    "access_group_message",
    "access_guardian",
    "access_household",
    "access_household_for_staff",
    "access_invitation",
    "access_legal_basis",
    "access_member",
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


def access_consent_scan(user: User, pk: int) -> Consent:
    """A paper consent with a kept scan, for someone who sees the student's consents."""
    consent = get_authorized(
        user, Consent.objects.select_related("student").exclude(scan=""), "families.view_consent_scan", pk=pk
    )
    if (consent.scan.name or "").rsplit(".", 1)[-1] not in KINDS:
        raise Http404  # kept before scans were checked: never served
    return consent


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


def access_household_for_staff(user: User, pk: int) -> Household:
    """A household whose accounts the person manages (its district's leads, its school's coordinators)."""
    return get_authorized(user, Household.objects.select_related("district"), "families.manage_household", pk=pk)


def access_guardian(user: User, pk: int) -> Guardian:
    guardian = Guardian.objects.select_related("household__district").filter(pk=pk).first()
    if guardian is None or not user.has_perm("families.manage_household", guardian.household):
        raise Http404
    return guardian


def access_invitation(user: User, pk: int) -> FamilyInvitation:
    invitation = (
        FamilyInvitation.objects.select_related("household__district", "guardian", "district").filter(pk=pk).first()
    )
    if invitation is None or not user.has_perm("families.manage_household", invitation.household):
        raise Http404
    return invitation


def access_member(user: User, pk: int) -> HouseholdMember:
    member = HouseholdMember.objects.select_related("household__district", "user").filter(pk=pk).first()
    if member is None or not user.has_perm("families.manage_household", member.household):
        raise Http404
    return member


def access_batch(user: User, pk: int) -> InvitationBatch:
    batch = InvitationBatch.objects.select_related("school__district", "started_by").filter(pk=pk).first()
    if batch is None or not user.has_perm("families.invite_families", batch.school):
        raise Http404
    return batch


def access_conversation(user: User, pk: int, perm: str = "families.view_conversation") -> Conversation:
    return get_authorized(user, Conversation.objects.select_related("school", "household", "district"), perm, pk=pk)


def access_group_message(user: User, pk: int) -> GroupMessage:
    return get_authorized(
        user, GroupMessage.objects.select_related("school", "author"), "families.view_group_message", pk=pk
    )
