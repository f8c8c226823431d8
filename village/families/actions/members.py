"""Who signs in for a household: linking a person's account to it and undoing that, with the family
told in its language each time. A claimed invitation links through the same function."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from village.accounts.actions import end_membership, ensure_person, grant_membership
from village.accounts.models import Membership, Role, User
from village.audit.actions import record
from village.families import notices
from village.families.models import Guardian, Household, HouseholdMember, Relationship, Student
from village.lib.links import absolute_reverse
from village.messaging.actions import queue_email


def link_member(
    actor: User | None,
    household: Household,
    *,
    email: str,
    name: str,
    relationship: str,
    language: str = "",
) -> HouseholdMember:
    """Link the account with this email (created, without a password, if new) to the household, as
    school staff do for a parent they know; the person and the household's other members are told."""
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": _("Choose how this person is related to the children.")})
    with transaction.atomic():
        user, _created = ensure_person(actor, email=email, name=name, language=language)
        if HouseholdMember.objects.filter(household=household, user=user).exists():
            raise ValidationError(
                {"email": _("This person can already sign in for this family.")}, code="already_member"
            )
        return attach(actor, household, user, relationship=relationship, language=language)


def attach(
    actor: User | None,
    household: Household,
    user: User,
    *,
    relationship: str,
    guardian: Guardian | None = None,
    language: str = "",
) -> HouseholdMember:
    """Make `user` a member of the household (inside the caller's transaction): the household
    member row, the family-member role in its district unless held, an audit event, and the notices."""
    # A guardian stands for one account: the first to claim an invitation to them.
    free = guardian if guardian is not None and not HouseholdMember.objects.filter(guardian=guardian).exists() else None
    member = HouseholdMember.objects.filter(household=household, user=user).first()
    if member is None:
        member = HouseholdMember.objects.create(
            household=household,
            user=user,
            relationship=relationship,
            district_id=household.district_id,
            guardian=free,
        )
    elif free is not None and member.guardian_id is None:
        member.guardian = free
        member.save(update_fields=["guardian"])
    held = Membership.objects.active().filter(
        user=user, role=Role.FAMILY_MEMBER, district_id=household.district_id, school__isnull=True
    )
    if not held.exists():
        grant_membership(
            actor,
            email=user.email,
            name=user.name,
            role=Role.FAMILY_MEMBER,
            district=household.district,
            language=language,
        )
    record(actor, "families.member.linked", household, person=user.email, member_id=member.pk)
    _tell(household, user, notices.LINKED_BODY, notices.MEMBER_ADDED_BODY, kind="families.member.linked")
    return member


def unlink_member(actor: User, member: HouseholdMember) -> None:
    """Undo a link: the person no longer signs in for the household (nor holds the family-member
    role in its district, when this was their only household there); they and the others are told."""
    household = member.household
    user = member.user
    with transaction.atomic():
        member.delete()
        elsewhere = HouseholdMember.objects.filter(user=user, district_id=household.district_id).exists()
        if not elsewhere:
            for membership in Membership.objects.active().filter(
                user=user, role=Role.FAMILY_MEMBER, district_id=household.district_id
            ):
                end_membership(actor, membership)
        record(actor, "families.member.unlinked", household, person=user.email)
        _tell(household, user, notices.UNLINKED_BODY, notices.MEMBER_REMOVED_BODY, kind="families.member.unlinked")


def _tell(household: Household, person: User, to_person: Promise, to_others: Promise, *, kind: str) -> None:
    """The person linked or unlinked, and every other member, each in their own language."""
    school = notices.school_of(household)
    common = {
        "family": household.name,
        "children": notices.children_names(household),
        "school": school.name if school else household.district.name,
        "link": absolute_reverse("account_request_login_code"),
    }
    messages = [
        notices.render(
            person,
            notices.language_of(person),
            notices.LINKED_SUBJECT,
            to_person,
            name=person.name or person.email,
            email=person.email,
            **common,
        )
    ]
    others = HouseholdMember.objects.filter(household=household).exclude(user=person).select_related("user")
    for other in others:
        messages.append(
            notices.render(
                other.user,
                notices.language_of(other.user),
                notices.LINKED_SUBJECT,
                to_others,
                name=other.user.name or other.user.email,
                person=person.name or person.email,
                **common,
            )
        )
    queue_email(kind, messages, district_id=household.district_id)


def link_student_account(actor: User, student: Student, user: User) -> Student:
    """Staff link a student's own sign-in account to their record (an account holds one record)."""
    with transaction.atomic():
        student.user = user
        student.validate_unique()
        student.save(update_fields=["user"])
        record(actor, "families.student.account_linked", student, person=user.email)
    return student
