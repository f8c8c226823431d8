"""Mail allauth sends (sign-in codes, password resets) goes through the outbox like any other."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from conftest import World
from village.messaging.actions import PROMPT_PRIORITY, deliver
from village.messaging.models import Delivery, DeliveryStatus

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


def test_a_sign_in_code_is_a_delivery_in_the_readers_language(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "amina@example.org"})
    delivery = Delivery.objects.select_related("outbox").get()
    assert delivery.outbox.kind == "accounts.login_code" and delivery.outbox.district_id is None
    assert delivery.recipient == world.amina and delivery.language == "ar"
    assert delivery.status == DeliveryStatus.SENT
    assert mail.outbox[0].body == delivery.body


def test_a_sign_in_code_goes_ahead_of_other_waiting_work(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with override_settings(TASKS=DUMMY_TASKS):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("account_request_login_code"), {"email": "amina@example.org"})
        (queued,) = deliver.get_backend().results
    assert queued.task.priority == PROMPT_PRIORITY
    assert queued.args == [Delivery.objects.get().pk]


def test_a_reset_for_an_unknown_address_is_delivered_to_the_address_alone(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    delivery = Delivery.objects.select_related("outbox").get()
    assert delivery.recipient is None and delivery.address == "nobody@example.org"
    assert delivery.outbox.kind == "accounts.unknown_account"
    assert [m.to for m in mail.outbox] == [["nobody@example.org"]]
