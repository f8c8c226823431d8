"""Linking the people who sign in for a student, and needs noted down after they were raised."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import World, _user
from village.audit.models import AuditEvent
from village.families import actions
from village.families.models import Household, HouseholdMember, Student
from village.referrals.actions import family_members


def test_a_linked_parent_signs_in_for_the_household(world: World) -> None:
    omar_household = Household.objects.create(district=world.riverbend, name="Farah", home_language="so")
    child = Student.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        household=omar_household,
        local_id="RB-9",
        given_name="Hodan",
        family_name="Farah",
        grade=1,
    )
    parent = _user("hawa@example.org", "Hawa Farah", "en")

    link = actions.link_household_member(world.rosa, omar_household, parent, "parent")

    assert link.district == world.riverbend and link.relationship == "parent"
    assert family_members(child) == [parent]
    event = AuditEvent.objects.get(code="families.household.member_linked")
    assert event.actor == world.rosa and event.district_id == world.riverbend.pk
    assert event.details == {"person": "hawa@example.org", "relationship": "parent"}


def test_a_person_is_linked_to_a_household_once_and_with_a_known_relationship(world: World) -> None:
    with pytest.raises(ValidationError):
        actions.link_household_member(world.rosa, world.household, world.amina, "parent")
    with pytest.raises(ValidationError):
        actions.link_household_member(world.rosa, world.household, world.grace, "neighbour")

    assert HouseholdMember.objects.filter(household=world.household).count() == 1
    assert not AuditEvent.objects.filter(code="families.household.member_linked").exists()


def test_a_student_account_is_linked_to_one_record(world: World) -> None:
    account = _user("layla.hassan@example.org", "Layla Hassan")

    student = actions.link_student_account(world.dana, world.layla, account)

    assert Student.objects.get(user=account) == world.layla == student
    assert student.history.first().user_id == account.pk  # type: ignore[union-attr]
    event = AuditEvent.objects.get(code="families.student.account_linked")
    assert event.details == {"person": "layla.hassan@example.org"}
    lucas = Student.objects.get(user=world.lucas)
    with pytest.raises(ValidationError):
        actions.link_student_account(world.dana, lucas, account)  # the account is Layla's already


def test_a_need_noted_after_a_screening_keeps_the_day_it_was_raised(world: World) -> None:
    screened = timezone.now() - dt.timedelta(days=12)

    need = actions.add_need(world.rosa, world.layla, category="tutoring", source="educator", raised_at=screened)

    need.refresh_from_db()
    assert need.created_at == screened and need.raised_by == world.rosa
    event = AuditEvent.objects.get(code="families.need.added")
    assert event.details["raised_at"] == screened.isoformat()
    assert event.created_at > screened  # the trail still says when it was written down


def test_a_need_cannot_be_raised_in_the_future(world: World) -> None:
    with pytest.raises(ValidationError):
        actions.add_need(
            world.rosa, world.layla, category="tutoring", source="educator", raised_at=timezone.now() + dt.timedelta(1)
        )
    assert not AuditEvent.objects.filter(code="families.need.added").exists()
