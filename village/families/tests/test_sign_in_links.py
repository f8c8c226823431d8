"""Linking a student's own account to their record, and needs noted down after they were raised.

(Linking parents to a household: test_claims.py.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import World, _user
from village.audit.models import AuditEvent
from village.families import actions
from village.families.models import Student


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
