"""Texts through Twilio's API (recorded HTTP answers, never the network), and Twilio's status
callbacks: signed or refused, moving each delivery forward once, a failed text falling back to email."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import responses
from django.core import mail
from django.test import TestCase

from conftest import World
from village.audit.models import AuditEvent
from village.messaging.models import Channel, Delivery, DeliveryStatus
from village.messaging.tests.texting import (
    AMINA_NUMBER,
    SID,
    choose_channels,
    move,
    texts_in,
    twilio_post,
    twilio_settings,
)
from village.referrals.tests.helpers import layla_referral

RECORDED = json.loads((Path(__file__).parent / "recorded" / "twilio_message_created.json").read_text())
MESSAGES_API = f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json"


@pytest.fixture
def twilio(settings: Any) -> Any:
    twilio_settings(settings)
    settings.VILLAGE_SMS_BACKEND = "twilio"
    with responses.RequestsMock() as api:
        yield api


def _text(world: World) -> Delivery:
    return Delivery.objects.filter(recipient=world.amina, channel=Channel.SMS).latest("id")


def test_a_text_goes_through_twilios_messages_api(login: Any, world: World, twilio: Any) -> None:
    twilio.post(MESSAGES_API, json=RECORDED, status=201)
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    move(login, referral, "accepted")
    [call] = twilio.calls
    sent = {k: v[0] for k, v in parse_qs(call.request.body).items()}
    assert sent["To"] == AMINA_NUMBER
    assert sent["MessagingServiceSid"] == "MG" + "2" * 32
    assert sent["StatusCallback"] == f"http://testserver/texts/status/?d={_text(world).pk}"
    assert "قبول" in sent["Body"] and f"http://testserver/referrals/{referral.pk}/" in sent["Body"]
    text = _text(world)
    assert (text.status, text.provider_id) == (DeliveryStatus.SENT, RECORDED["sid"])


def test_a_provider_outage_is_retried_later_and_email_stays_held(login: Any, world: World, twilio: Any) -> None:
    twilio.post(MESSAGES_API, json={"code": 20500, "message": "Internal Server Error", "status": 500}, status=500)
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    move(login, referral, "accepted")
    text = _text(world)
    assert text.status == DeliveryStatus.FAILED and text.next_attempt_at is not None
    assert "500" in text.last_error
    assert Delivery.objects.get(outbox=text.outbox, channel=Channel.EMAIL).status == DeliveryStatus.HELD


def _sent_text(login: Any, world: World, settings: Any) -> Delivery:
    twilio_settings(settings)  # callbacks are signed with the auth token; the text itself goes to the file
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    move(login, referral, "accepted")
    return _text(world)


def test_a_delivered_callback_marks_the_text_delivered_once(
    login: Any, world: World, settings: Any, client: Any
) -> None:
    text = _sent_text(login, world, settings)
    data = {"MessageSid": text.provider_id, "MessageStatus": "delivered", "To": AMINA_NUMBER}
    for _ in range(2):
        assert twilio_post(client, "messaging:text_status", data).status_code == 204
    text.refresh_from_db()
    assert text.status == DeliveryStatus.DELIVERED
    assert AuditEvent.objects.filter(code="messaging.delivery.status").count() == 1
    # A late "sent" does not take it back.
    twilio_post(client, "messaging:text_status", data | {"MessageStatus": "sent"})
    text.refresh_from_db()
    assert text.status == DeliveryStatus.DELIVERED


def test_an_undelivered_text_falls_back_to_email_once(login: Any, world: World, settings: Any, client: Any) -> None:
    text = _sent_text(login, world, settings)
    mail.outbox.clear()
    data = {"MessageSid": text.provider_id, "MessageStatus": "undelivered", "ErrorCode": "30006"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        twilio_post(client, "messaging:text_status", data)
    with TestCase.captureOnCommitCallbacks(execute=True):
        twilio_post(client, "messaging:text_status", data)
    text.refresh_from_db()
    assert text.status == DeliveryStatus.FAILED and "30006" in text.last_error and text.given_up
    [email] = [m for m in mail.outbox if world.amina.email in m.to]
    assert "قبول" in email.body
    assert Delivery.objects.get(outbox=text.outbox, channel=Channel.EMAIL).status == DeliveryStatus.SENT


@pytest.mark.parametrize("token", ["", "0" * 32])
def test_an_unsigned_or_wrongly_signed_callback_is_refused(
    login: Any, world: World, settings: Any, client: Any, token: str
) -> None:
    text = _sent_text(login, world, settings)
    data = {"MessageSid": text.provider_id, "MessageStatus": "undelivered"}
    if token:
        response = twilio_post(client, "messaging:text_status", data, token=token)
    else:
        response = client.post("/texts/status/", data)
    assert response.status_code == 403
    text.refresh_from_db()
    assert text.status == DeliveryStatus.SENT
    assert len(texts_in(settings.VILLAGE_SMS_DIR)) == 1
