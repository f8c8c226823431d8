"""Every message about a service reaches an Arabic reader with the service's Arabic name and
links that open from a mail (absolute, never a bare path)."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from village.referrals.tests.helpers import clinic_tutoring, layla_need

pytestmark = pytest.mark.django_db

ARABIC = "نادي الواجبات في العيادة"
ENGLISH = "Clinic homework club"
# A path written alone (" /referrals/3/"), not inside an absolute link ("https://host/referrals/3/").
BARE_PATH = re.compile(r"(?<![\w:/.])/[a-z][\w\-/]*")


def _everyone_reads_arabic(w: World) -> None:
    from village.accounts.models import User

    User.objects.update(preferred_language="ar")


def _arabic_service(w: World) -> Any:
    service = clinic_tutoring(w)
    service.name = {"en": ENGLISH, "ar": ARABIC}
    service.save(update_fields=["name"])
    return service


def test_every_message_about_a_service_reads_its_arabic_name_with_absolute_links(world: World) -> None:
    from village.directory.reminders import remind_stale_listings
    from village.messaging.models import Delivery
    from village.referrals.actions import move, remind_stalled, request_consent
    from village.referrals.actions.asks import ask_for_service
    from village.referrals.actions.consent_requests import answer_consent_request
    from village.referrals.models import Referral

    _everyone_reads_arabic(world)
    service = _arabic_service(world)
    # The family asks; the school asks for consent; the family agrees and the referral goes.
    ask = ask_for_service(world.amina, world.layla, service, submission_key=uuid.uuid4().hex)
    request = request_consent(
        world.rosa, world.layla, service, elements=["name", "grade"], need=ask.need, submission_key=uuid.uuid4().hex
    )
    answer_consent_request(
        world.amina,
        request,
        elements=["name", "grade"],
        valid_until=timezone.localdate() + datetime.timedelta(days=90),
        signer_name="Amina Hassan",
        signer_relationship="parent",
        confirmed=True,
    )
    referral = Referral.objects.get()
    # The partner does not answer for weeks; then it puts Layla on its waiting list and accepts her.
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - datetime.timedelta(days=60))
    assert remind_stalled() == 1
    referral.refresh_from_db()
    move(world.mai, referral, "waitlisted")
    move(world.mai, referral, "accepted")
    # The clinic's listing was never checked.
    assert remind_stale_listings() == 1

    deliveries = list(Delivery.objects.select_related("outbox"))
    kinds = {d.outbox.kind for d in deliveries}
    assert kinds >= {
        "referrals.family_ask",
        "referrals.consent_request",
        "referrals.consent_answered",
        "referrals.received",
        "referrals.family_update",
        "referrals.school_update",
        "referrals.stalled",
        "directory.stale_listings",
    }, kinds
    for d in deliveries:
        text = f"{d.subject}\n{d.body}"
        assert d.language == "ar", d.outbox.kind
        assert ENGLISH not in text, (d.outbox.kind, text)
        assert ARABIC in text, (d.outbox.kind, text)
        assert not BARE_PATH.findall(text), (d.outbox.kind, text)
        assert re.search(r"https?://\S+/", d.body), (d.outbox.kind, d.body)


def test_a_name_not_yet_in_arabic_is_marked_so(world: World) -> None:
    from village.messaging.models import Delivery
    from village.referrals.actions.asks import ask_for_service

    _everyone_reads_arabic(world)
    service = clinic_tutoring(world)  # named in English only
    ask_for_service(world.amina, world.layla, service, submission_key=uuid.uuid4().hex)
    told = Delivery.objects.get(recipient=world.rosa)
    assert f"{ENGLISH} (لم تُترجم بعد)" in told.body


def test_queued_links_are_absolute_whatever_the_message(world: World, settings: Any) -> None:
    from village.messaging.actions import queue_each
    from village.messaging.models import Delivery

    settings.VILLAGE_SITE_URL = "https://village.example.org"
    layla_need(world)
    queue_each("test.notice", [world.amina], "%(path)s", "Open %(path)s or %(link)s", path="/a/1/", link="/b/2/")
    body, footer = Delivery.objects.get().body.split("\n\n-- \n")
    assert body == "Open https://village.example.org/a/1/ or https://village.example.org/b/2/"
    # The footer's link to what the person receives is absolute too.
    assert "https://village.example.org/account/messages/" in footer
