"""A referral made by phone or on paper, recorded afterwards with the days each step happened."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import World
from village.audit.models import AuditEvent
from village.families.tests.helpers import make_consent
from village.referrals.actions import move, refer
from village.referrals.models import Referral, Status
from village.referrals.tests.helpers import clinic_tutoring, layla_need


def _sent(world: World, at: datetime.datetime) -> Referral:
    make_consent(world)
    return refer(
        world.rosa,
        world.layla,
        clinic_tutoring(world, seats_total=None, seats_available=None),
        elements=["name", "grade"],
        need=layla_need(world),
        submission_key=uuid.uuid4().hex,
        at=at,
    )


def test_each_step_keeps_the_day_it_happened_and_the_trail_says_so(world: World) -> None:
    now = timezone.now()
    sent, answered, started, finished = (now - datetime.timedelta(days=d) for d in (30, 28, 21, 2))

    referral = _sent(world, sent)
    referral = move(world.mai, referral, Status.ACCEPTED, at=answered)
    referral = move(world.mai, referral, Status.IN_SERVICE, at=started)
    referral = move(world.mai, referral, Status.COMPLETED, at=finished)

    referral.refresh_from_db()
    assert referral.created_at == sent
    assert referral.first_response_at == answered and referral.service_started_at == started
    assert referral.closed_at == finished
    assert referral.updated_at == finished
    assert [e.at for e in referral.events.all()] == [sent, answered, started, finished]
    events = AuditEvent.objects.filter(code__startswith="referrals.referral.").order_by("pk")
    assert [e.details["at"] for e in events] == [t.isoformat() for t in (sent, answered, started, finished)]
    assert all(e.created_at >= finished for e in events)  # written down now, about then


def test_a_step_cannot_happen_in_the_future_or_before_the_step_before_it(world: World) -> None:
    referral = _sent(world, timezone.now() - datetime.timedelta(days=10))

    with pytest.raises(ValidationError):
        move(world.mai, referral, Status.ACCEPTED, at=timezone.now() + datetime.timedelta(hours=1))
    with pytest.raises(ValidationError):
        move(world.mai, referral, Status.ACCEPTED, at=timezone.now() - datetime.timedelta(days=11))
    referral.refresh_from_db()
    assert referral.status == Status.SENT and referral.first_response_at is None


def test_a_referral_cannot_be_sent_in_the_future(world: World) -> None:
    with pytest.raises(ValidationError):
        _sent(world, timezone.now() + datetime.timedelta(days=1))
    assert not Referral.objects.exists()


def test_without_a_date_a_step_happens_now(world: World) -> None:
    referral = _sent(world, timezone.now() - datetime.timedelta(days=3))
    before = timezone.now()

    referral = move(world.mai, referral, Status.ACCEPTED)

    assert referral.first_response_at is not None and referral.first_response_at >= before
    assert "at" not in AuditEvent.objects.get(code="referrals.referral.moved").details
