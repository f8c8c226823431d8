"""Matching, referring through the consent check, and following a referral to its end."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.directory.models import Service
from village.families.actions import withdraw_consent
from village.families.disclosure import NotCovered
from village.families.models import DisclosureRecord
from village.families.tests.helpers import make_consent
from village.referrals.actions import move, refer
from village.referrals.models import ConsentRequest, Referral, Status
from village.referrals.tests.helpers import clinic_tutoring, layla_need, layla_referral

pytestmark = pytest.mark.usefixtures("_english_staff")


@pytest.fixture
def _english_staff(world: World) -> None:
    for person in (world.rosa, world.mai, world.dana):
        person.preferred_language = "en"
        person.save()


def test_a_referral_with_consent_sends_only_covered_elements_and_tells_everyone(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    need = layla_need(world)
    service = clinic_tutoring(world)
    make_consent(world, elements=("name", "grade", "needs"))
    client.force_login(world.rosa)
    url = reverse("referrals:refer", kwargs={"pk": need.pk, "service_pk": service.pk})
    key = uuid.uuid4().hex
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"elements": ["name", "grade"], "submission_key": key})
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert referral.elements == ["grade", "name"] and referral.consent is not None
    assert DisclosureRecord.objects.filter(student=world.layla, recipient=world.clinic).count() == 1
    family = [m for m in mail.outbox if world.amina.email in m.to]
    assert family and any("\u0600" <= ch <= "\u06ff" for ch in family[0].subject)  # Amina reads Arabic
    assert any(world.mai.email in m.to for m in mail.outbox)
    # The same form posted again makes no second referral.
    client.post(url, {"elements": ["name", "grade"], "submission_key": key})
    assert Referral.objects.count() == 1


def test_without_consent_nothing_is_shared_and_the_family_is_asked(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    need = layla_need(world)
    service = clinic_tutoring(world)
    client.force_login(world.rosa)
    response = client.post(
        reverse("referrals:refer", kwargs={"pk": need.pk, "service_pk": service.pk}),
        {"elements": ["name"], "submission_key": uuid.uuid4().hex},
    )
    assert "The family's consent is needed first" in response.content.decode()
    assert not Referral.objects.exists() and not DisclosureRecord.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("referrals:request_consent", kwargs={"pk": world.layla.pk, "service_pk": service.pk}),
            {
                "elements": ["name"],
                "need": need.pk,
                "valid_until": "2099-06-30",
                "send": "automatic",
                "submission_key": "k",
            },
        )
    assert ConsentRequest.objects.count() == 1
    asked = [m for m in mail.outbox if world.amina.email in m.to]
    assert len(asked) == 1 and "Northside Family Health Clinic" in asked[0].subject
    assert not DisclosureRecord.objects.exists()


def test_a_withdrawn_consent_stops_a_new_referral_cold(world: World) -> None:
    layla_need(world)
    consent = make_consent(world)
    withdraw_consent(world.amina, consent)
    with pytest.raises(NotCovered):
        refer(world.rosa, world.layla, clinic_tutoring(world), elements=["name"], submission_key="k1")
    assert not Referral.objects.exists() and not DisclosureRecord.objects.exists()


def test_a_partner_works_a_referral_to_completion(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    referral = layla_referral(world)
    seats = referral.service.seats_available
    client.force_login(world.mai)
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert reverse("referrals:detail", kwargs={"pk": referral.pk}) in inbox
    before = DisclosureRecord.objects.count()
    page = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content.decode()
    assert "Layla Hassan" in page and "English-learner status" not in page  # only covered elements
    assert DisclosureRecord.objects.count() == before + 1  # the partner's view is recorded
    # Skipping a step is refused.
    client.post(reverse("referrals:move", kwargs={"pk": referral.pk, "to": "completed"}), {"expected": "sent"})
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    with django_capture_on_commit_callbacks(execute=True):
        for step, expected in (("accepted", "sent"), ("in_service", "accepted"), ("completed", "in_service")):
            client.post(reverse("referrals:move", kwargs={"pk": referral.pk, "to": step}), {"expected": expected})
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED and referral.first_response_at and referral.closed_at
    assert [e.to_status for e in referral.events.all()] == ["sent", "accepted", "in_service", "completed"]
    service = Service.objects.get(pk=referral.service_id)
    assert service.seats_available == seats  # taken on acceptance, given back on completion
    assert referral.need.status == "met"
    # The family heard of each step, in Arabic, and can say whether it got the help.
    family_mail = [m for m in mail.outbox if world.amina.email in m.to]
    assert len(family_mail) >= 3
    client.force_login(world.amina)
    page = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk}), headers={"accept-language": "ar"})
    assert 'dir="rtl"' in page.content.decode()
    client.post(reverse("referrals:feedback", kwargs={"pk": referral.pk}), {"got_help": "yes", "comment": "شكرا"})
    referral.refresh_from_db()
    assert referral.family_got_help is True


def test_a_decline_needs_a_reason_and_the_school_cannot_act_for_the_partner(client: Any, world: World) -> None:
    referral = layla_referral(world)
    client.force_login(world.mai)
    response = client.post(
        reverse("referrals:move", kwargs={"pk": referral.pk, "to": "declined"}), {"expected": "sent"}, follow=True
    )
    assert "Give the reason" in response.content.decode()
    client.force_login(world.rosa)
    response = client.post(
        reverse("referrals:move", kwargs={"pk": referral.pk, "to": "accepted"}), {"expected": "sent"}, follow=True
    )
    assert "Only the other side of the referral can take this step." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_a_full_service_puts_the_referral_on_its_waiting_list(world: World) -> None:
    referral = layla_referral(world)
    Service.objects.filter(pk=referral.service_id).update(seats_available=0)
    moved = move(world.mai, referral, Status.ACCEPTED, expected=Status.SENT)
    assert moved.status == Status.WAITLISTED


def test_a_stale_form_is_refused_with_the_current_status(world: World) -> None:
    referral = layla_referral(world)
    move(world.mai, referral, Status.ACCEPTED)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="changed while you were looking"):
        move(world.mai, referral, Status.DECLINED, "no room", expected=Status.SENT)


def test_stalled_referrals_remind_the_partner_and_alert_the_school(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.VILLAGE_STALLED_REFERRAL_DAYS = 7
    referral = layla_referral(world)
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_stalled_referrals")
        call_command("remind_stalled_referrals")  # once only
        call_command("send_digests")  # reminders go in each person's daily summary by default
    assert len([m for m in mail.outbox if world.mai.email in m.to]) == 1
    assert len([m for m in mail.outbox if world.rosa.email in m.to]) == 1


def test_a_referral_to_a_closed_service_is_refused(world: World) -> None:
    from django.core.exceptions import ValidationError

    layla_need(world)
    make_consent(world)
    service = clinic_tutoring(world)
    Service.objects.filter(pk=service.pk).update(status="inactive")
    service.refresh_from_db()
    with pytest.raises(ValidationError, match="not taking referrals"):
        refer(world.rosa, world.layla, service, elements=["name"], submission_key="k2")
