"""The family's "did you get the help?" reaches the school's staff, never the partner."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from village.audit.models import AuditEvent
from village.referrals import actions
from village.referrals.models import Referral
from village.referrals.tests.helpers import layla_referral


def _closed(world: World) -> Referral:
    referral = layla_referral(world)
    Referral.objects.filter(pk=referral.pk).update(status="completed")
    referral.refresh_from_db()
    return referral


def test_the_school_reads_the_familys_answer_and_comment_on_the_referral(world: World, login: Any) -> None:
    referral = _closed(world)
    url = reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert "The family has not answered yet." in login("rosa", language="en").get(url).content.decode()
    family = login("amina")
    family.post(
        reverse("referrals:feedback", kwargs={"pk": referral.pk}), {"got_help": "no", "comment": "لم يتصل بنا أحد"}
    )
    referral.refresh_from_db()
    assert referral.family_got_help is False and referral.family_answered_at is not None
    for staff in ("rosa", "sam", "dana"):
        body = login(staff, language="en").get(url).content.decode()
        assert "Did not get the help" in body and 'dir="auto">لم يتصل بنا أحد' in body, staff
        assert "Mark as read" in body
    # The family's words are for the school: the partner's page does not show them.
    partner = login("mai", language="en").get(url).content.decode()
    assert "لم يتصل بنا أحد" not in partner and "The family's answer" not in partner


def test_marking_read_is_recorded_once_and_only_the_school_may(world: World, login: Any) -> None:
    referral = _closed(world)
    actions.family_feedback(world.amina, referral, True, "Thank you")
    read_url = reverse("referrals:read_answer", kwargs={"pk": referral.pk})
    assert login("mai").post(read_url).status_code == 404
    assert login("amina").post(read_url).status_code == 404
    rosa = login("rosa", language="en")
    assert rosa.post(read_url)["Location"] == reverse("referrals:detail", kwargs={"pk": referral.pk})
    rosa.post(read_url)
    assert AuditEvent.objects.filter(code="referrals.referral.family_answer_read").count() == 1
    body = rosa.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content.decode()
    assert "Read by Rosa Martínez" in body and "Mark as read" not in body
    back = rosa.post(read_url, {"back": "worklist"})
    assert back["Location"] == reverse("home:worklist_kind", kwargs={"pk": world.lincoln.pk, "kind": "answers"})


def test_an_answer_that_was_not_given_cannot_be_read(world: World) -> None:
    referral = _closed(world)
    with pytest.raises(ValidationError):
        actions.read_family_answer(world.rosa, referral)
