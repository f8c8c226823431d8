"""Deliveries: exponential back-off after failures, and the outbox page where a lead sees and retries them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.messaging.actions import Rendered, queue_email, retry_failed_deliveries
from village.messaging.models import MAX_ATTEMPTS, Delivery, DeliveryStatus


class Broken(Exception):
    pass


@pytest.fixture
def failing_mail(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make the email transport fail until the test sets `state["up"] = True`."""
    state = {"up": False}
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def send(self: Any, messages: Any) -> int:
        if not state["up"]:
            raise Broken("connection refused")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send)
    return state


def _queue(world: World, capture: Any) -> Delivery:
    with capture(execute=True):
        queue_email(
            "test.notice", [Rendered(world.rosa, "Seats are open", "Hello", "es")], district_id=world.riverbend.pk
        )
    return Delivery.objects.get()


def test_a_failed_delivery_backs_off_exponentially_and_then_gives_up(
    world: World, failing_mail: Any, django_capture_on_commit_callbacks: Any
) -> None:
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        delivery = _queue(world, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert delivery.next_attempt_at == start + datetime.timedelta(minutes=5)
    waits = []
    now = start
    for _attempt in range(2, MAX_ATTEMPTS + 1):
        # Not due a minute early; due at its time.
        assert retry_failed_deliveries(delivery.next_attempt_at - datetime.timedelta(minutes=1)) == 0
        now = delivery.next_attempt_at
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            assert retry_failed_deliveries() == 1
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - now)
    assert waits == [datetime.timedelta(minutes=m) for m in (10, 20, 40)]
    assert delivery.attempts == MAX_ATTEMPTS and delivery.given_up and delivery.next_attempt_at is None
    assert retry_failed_deliveries(now + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_the_lead_sees_the_failure_and_sends_it_again(
    client: Any, world: World, failing_mail: Any, django_capture_on_commit_callbacks: Any
) -> None:
    delivery = _queue(world, django_capture_on_commit_callbacks)
    Delivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS, next_attempt_at=None)
    client.force_login(world.dana)
    url = reverse("orgs:outbox", kwargs={"slug": world.riverbend.slug})
    page = client.get(url, {"status": "failed"}, headers={"accept-language": "en"}).content.decode()
    assert "Seats are open" in page and "Broken: connection refused" in page
    assert "Gave up after the last attempt." in page
    failing_mail["up"] = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orgs:outbox_retry", kwargs={"slug": world.riverbend.slug, "pk": delivery.pk}), follow=True
        )
    assert "is being sent again" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and len(mail.outbox) == 1
    # A sent message cannot be "sent again".
    response = client.post(
        reverse("orgs:outbox_retry", kwargs={"slug": world.riverbend.slug, "pk": delivery.pk}), follow=True
    )
    assert "Only a failed message can be sent again." in response.content.decode()
    assert len(mail.outbox) == 1


def test_another_districts_lead_cannot_see_or_retry_riverbends_messages(
    client: Any, world: World, failing_mail: Any, django_capture_on_commit_callbacks: Any
) -> None:
    delivery = _queue(world, django_capture_on_commit_callbacks)
    client.force_login(world.omar)
    retry = reverse("orgs:outbox_retry", kwargs={"slug": world.riverbend.slug, "pk": delivery.pk})
    assert client.post(retry).status_code == 404
    lakeside = reverse("orgs:outbox_retry", kwargs={"slug": world.lakeside.slug, "pk": delivery.pk})
    assert client.post(lakeside).status_code == 404
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and timezone.now() < delivery.next_attempt_at
