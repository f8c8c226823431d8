"""Who signs in for a student: a household's parents and guardians, and the student's own account."""

from __future__ import annotations

from django.db import transaction

from village.accounts.models import User
from village.audit.actions import record
from village.families.models import Household, HouseholdMember, Student


def link_household_member(actor: User, household: Household, user: User, relationship: str) -> HouseholdMember:
    """Staff link a parent's, guardian's or relative's account to a household: from then on that
    person signs in for the household's children (sees them, signs consents, gets their messages)."""
    with transaction.atomic():
        member = HouseholdMember(
            household=household, user=user, relationship=relationship, district_id=household.district_id
        )
        member.full_clean()
        member.save()
        record(actor, "families.household.member_linked", household, person=user.email, relationship=relationship)
    return member


def link_student_account(actor: User, student: Student, user: User) -> Student:
    """Staff link a student's own sign-in account to their record (an account holds one record)."""
    with transaction.atomic():
        student.user = user
        student.validate_unique()
        student.save(update_fields=["user"])
        record(actor, "families.student.account_linked", student, person=user.email)
    return student
