"""Exactly once under a worker that dies mid-send, and status callbacks in either order.

A worker is "killed" by an exception no code catches (`Killed`, a BaseException, as SIGKILL leaves
nothing behind): the row stays "being sent". `manage.py reconcile_deliveries`, after the timeout,
settles it: a text is looked up at the provider before it is sent again, an email is held for a
person. Twilio's API answers are recorded HTTP (`responses`), never the network."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import responses
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from django.utils.translation import gettext_lazy

from conftest import World
from village.audit.models import AuditEvent
from village.families.contact import reach_for
from village.messaging import sms
from village.messaging.actions import deliver, queue_each, reconcile_sending
from village.messaging.models import Channel, Delivery, DeliveryStatus
from village.messaging.tests.texting import AMINA_NUMBER, SID, choose_channels, texts_in, twilio_post, twilio_settings

RECORDED = json.loads((Path(__file__).parent / "recorded" / "twilio_message_created.json").read_text())
MESSAGES_API = f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json"
LATER = datetime.timedelta(minutes=11)


class Killed(BaseException):
    """The worker process dies here: nothing after this line runs, nothing is saved."""


def _queue(world: World) -> Delivery:
    """A message to Amina, queued (its worker has not run yet); her first channel's delivery."""
    outbox = queue_each(
        "test.update",
        [world.amina],
        gettext_lazy("Update on your referral"),
        gettext_lazy("The clinic accepted your referral."),
        reach=reach_for([world.amina]),
    )
    assert outbox is not None
    return Delivery.objects.get(outbox=outbox, rank=0)


def _kill_worker(monkeypatch: pytest.MonkeyPatch, backend: type, *, after_sending: bool) -> None:
    original = backend.send

    def dying(self: Any, to: str, body: str, *, status_callback: str) -> sms.SentText:
        if not after_sending:
            raise Killed
        original(self, to, body, status_callback=status_callback)
        raise Killed

    monkeypatch.setattr(backend, "send", dying)


def _reconcile_later() -> None:
    with time_machine.travel(timezone.now() + LATER, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        call_command("reconcile_deliveries")


@pytest.mark.parametrize("after_sending", [False, True], ids=["killed before the provider had it", "killed after"])
def test_a_text_whose_worker_died_is_sent_exactly_once(
    login: Any, world: World, settings: Any, monkeypatch: pytest.MonkeyPatch, after_sending: bool
) -> None:
    choose_channels(login, world, ["text", "email"])
    text = _queue(world)
    _kill_worker(monkeypatch, sms.FileBackend, after_sending=after_sending)
    with pytest.raises(Killed):
        deliver.call(text.pk)
    monkeypatch.undo()
    text.refresh_from_db()
    assert text.status == DeliveryStatus.SENDING
    # Before the timeout the worker may still be alive: nothing is touched.
    assert reconcile_sending() == {"texts_retried": 0, "emails_stopped": 0}
    _reconcile_later()
    text.refresh_from_db()
    [sent] = texts_in(settings.VILLAGE_SMS_DIR)
    assert text.status == DeliveryStatus.SENT and text.provider_id in sent
    assert AuditEvent.objects.filter(code="messaging.delivery.reconciled").count() == 1
    assert AuditEvent.objects.filter(code="messaging.delivery.found_at_provider").exists() == after_sending
    assert not mail.outbox, "the email held in reserve stays held"


def test_a_text_whose_worker_died_after_twilio_accepted_it_is_looked_up_not_sent_again(
    login: Any, world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    twilio_settings(settings)
    settings.VILLAGE_SMS_BACKEND = "twilio"
    choose_channels(login, world, ["text", "email"])
    text = _queue(world)
    with responses.RequestsMock() as api:
        api.post(MESSAGES_API, json=RECORDED | {"body": text.body}, status=201)
        _kill_worker(monkeypatch, sms.TwilioBackend, after_sending=True)
        with pytest.raises(Killed):
            deliver.call(text.pk)
        monkeypatch.undo()
    created = timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000")
    listed = RECORDED | {"body": text.body, "status": "delivered", "date_created": created}
    with responses.RequestsMock() as api:
        api.get(MESSAGES_API, json={"messages": [listed], "next_page_uri": None, "page": 0, "page_size": 50})
        _reconcile_later()
        [asked] = api.calls
    assert parse_qs(asked.request.url.split("?", 1)[1])["To"] == [AMINA_NUMBER]
    text.refresh_from_db()
    assert (text.status, text.provider_id) == (DeliveryStatus.SENT, RECORDED["sid"])


def test_an_email_whose_worker_died_is_held_for_a_person_not_sent_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.mail.backends.locmem import EmailBackend

    email = _queue(world)
    assert email.channel == Channel.EMAIL

    def dying(self: Any, messages: Any) -> int:
        raise Killed

    monkeypatch.setattr(EmailBackend, "send_messages", dying)
    with pytest.raises(Killed):
        deliver.call(email.pk)
    monkeypatch.undo()
    _reconcile_later()
    email.refresh_from_db()
    assert email.status == DeliveryStatus.FAILED and email.given_up
    assert "may have been sent" in email.last_error
    assert not mail.outbox
    assert deliver.call(email.pk) == "skipped"


@pytest.mark.parametrize("provider_status", ["delivered", "undelivered"])
def test_a_status_callback_arriving_before_the_send_is_saved_is_kept(
    login: Any, world: World, settings: Any, client: Any, monkeypatch: pytest.MonkeyPatch, provider_status: str
) -> None:
    twilio_settings(settings)
    settings.VILLAGE_SMS_BACKEND = "twilio"
    choose_channels(login, world, ["text", "email"])
    text = _queue(world)
    original = sms.TwilioBackend.send
    seen: dict[str, str] = {}

    def callback_first(self: Any, to: str, body: str, *, status_callback: str) -> sms.SentText:
        sent = original(self, to, body, status_callback=status_callback)
        seen["callback"] = status_callback
        # Twilio calls back before the worker gets to save its answer.
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = twilio_post(
                client,
                "messaging:text_status",
                {"MessageSid": sent.provider_id, "MessageStatus": provider_status, "ErrorCode": "30006"},
                query=f"?d={text.pk}",
            )
        assert response.status_code == 204
        return sent

    monkeypatch.setattr(sms.TwilioBackend, "send", callback_first)
    mail.outbox.clear()
    with responses.RequestsMock() as api:
        api.post(MESSAGES_API, json=RECORDED, status=201)
        with TestCase.captureOnCommitCallbacks(execute=True):
            deliver.call(text.pk)
    assert seen["callback"] == f"http://testserver/texts/status/?d={text.pk}"
    text.refresh_from_db()
    assert text.provider_id == RECORDED["sid"]
    if provider_status == "delivered":
        assert text.status == DeliveryStatus.DELIVERED
        assert not mail.outbox
    else:
        assert text.status == DeliveryStatus.FAILED and text.given_up and "30006" in text.last_error
        assert [m.to for m in mail.outbox] == [[world.amina.email]], "email goes once, as the fall-back"
    # The same callback again, now in the usual order: nothing changes, nothing is sent.
    with TestCase.captureOnCommitCallbacks(execute=True):
        twilio_post(client, "messaging:text_status", {"MessageSid": text.provider_id, "MessageStatus": provider_status})
    assert Delivery.objects.get(pk=text.pk).status == text.status
    assert len(mail.outbox) == (0 if provider_status == "delivered" else 1)


def test_a_callback_for_a_text_recorded_as_failed_by_a_lost_answer_stops_its_retry(
    login: Any, world: World, settings: Any, client: Any
) -> None:
    """The provider took the text but its answer was lost (a timeout): the worker recorded a
    failure and planned a retry. The provider's callback names the delivery: it moves on, and the
    retry sends nothing."""
    twilio_settings(settings)
    choose_channels(login, world, ["text", "email"])
    text = _queue(world)
    Delivery.objects.filter(pk=text.pk).update(status=DeliveryStatus.FAILED, attempts=1, last_error="timeout")
    response = twilio_post(
        client, "messaging:text_status", {"MessageSid": "SM" + "9" * 32, "MessageStatus": "sent"}, query=f"?d={text.pk}"
    )
    assert response.status_code == 204
    text.refresh_from_db()
    assert (text.status, text.provider_id) == (DeliveryStatus.SENT, "SM" + "9" * 32)
    assert deliver.call(text.pk) == "skipped"
    assert texts_in(settings.VILLAGE_SMS_DIR) == []
