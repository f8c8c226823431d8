"""A family that chose text messages gets its referral updates by text, in its language, with a
link anyone can open; the outbox counts segments and estimates the cost; delivery is exactly once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from conftest import World
from village.messaging.actions import deliver
from village.messaging.models import Channel, Delivery, DeliveryStatus, Outbox
from village.messaging.tests.texting import AMINA_NUMBER, choose_channels, move, texts_in
from village.messaging.texts import segments
from village.referrals.tests.helpers import layla_referral

UPDATE = "referrals.family_update"


def _last_update() -> Outbox:
    found = Outbox.objects.filter(kind=UPDATE).first()
    assert found is not None
    return found


def test_a_family_that_chose_text_gets_the_referral_update_by_text_in_arabic(
    login: Any, world: World, _texts_in_tmp: Path
) -> None:
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    mail.outbox.clear()
    move(login, referral, "accepted")
    [text] = texts_in(_texts_in_tmp)
    assert f"To: {AMINA_NUMBER}" in text
    assert "قبول" in text  # "accepted", in Arabic
    assert f"http://testserver/referrals/{referral.pk}/" in text
    # Amina is not emailed too: email is held in reserve in case the text fails.
    assert not [m for m in mail.outbox if world.amina.email in m.to]
    sms, email = Delivery.objects.filter(recipient=world.amina, outbox=_last_update()).order_by("rank")
    assert (sms.channel, sms.status, sms.language) == (Channel.SMS, DeliveryStatus.SENT, "ar")
    assert sms.segments == segments(sms.body) and sms.provider_id.startswith("FILE")
    assert (email.channel, email.status) == (Channel.EMAIL, DeliveryStatus.HELD)


def test_a_family_that_chose_email_or_has_no_number_gets_email(login: Any, world: World, _texts_in_tmp: Path) -> None:
    referral = layla_referral(world)
    choose_channels(login, world, ["text"], sms="not a number")
    mail.outbox.clear()
    move(login, referral, "accepted")
    assert texts_in(_texts_in_tmp) == []
    assert [m for m in mail.outbox if world.amina.email in m.to]


def test_paper_waits_to_be_printed(login: Any, world: World) -> None:
    referral = layla_referral(world)
    choose_channels(login, world, ["paper"])
    move(login, referral, "accepted")
    [paper] = Delivery.objects.filter(recipient=world.amina, outbox=_last_update())
    assert (paper.channel, paper.status) == (Channel.PAPER, DeliveryStatus.TO_PRINT)


def test_the_outbox_shows_channel_segments_and_cost(login: Any, world: World, settings: Any) -> None:
    settings.VILLAGE_SMS_SEGMENT_COST = Decimal("0.01")
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    move(login, referral, "accepted")
    sms = Delivery.objects.get(recipient=world.amina, channel=Channel.SMS, outbox=_last_update())
    assert sms.segments and sms.segments >= 2  # Arabic is UCS-2: 70 characters a segment
    body = login("dana", language="en").get(reverse("orgs:outbox", kwargs={"slug": world.riverbend.slug}))
    page = body.content.decode()
    assert "Text message" in page and "Held in reserve" in page
    assert f"{sms.segments} segments · USD {Decimal('0.01') * sms.segments:.4f}" in page
    assert f"Text messages: {sms.segments} segments in all, about USD {Decimal('0.01') * sms.segments:.2f}" in page


def test_segments_are_counted_as_carriers_bill_them() -> None:
    assert segments("") == 0
    assert segments("a" * 160) == 1 and segments("a" * 161) == 2 and segments("a" * 306) == 2
    assert segments("€" * 80) == 1 and segments("€" * 81) == 2  # an extension character takes two
    assert segments("ب" * 70) == 1 and segments("ب" * 71) == 2 and segments("ب" * 134) == 2
    assert segments("Tiếng Việt") == 1 and segments("ế" * 135) == 3
    assert segments("😀" * 35) == 1 and segments("😀" * 36) == 2  # outside the BMP: two UCS-2 units


def test_running_the_send_task_twice_sends_one_text(login: Any, world: World, _texts_in_tmp: Path) -> None:
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    move(login, referral, "accepted")
    sms = Delivery.objects.get(recipient=world.amina, channel=Channel.SMS, outbox=_last_update())
    assert deliver.call(sms.pk) == "skipped"
    Delivery.objects.filter(pk=sms.pk).update(status=DeliveryStatus.QUEUED)  # as if queued twice
    deliver.call(sms.pk)
    assert deliver.call(sms.pk) == "skipped"
    # Put back, it is a second attempt: the provider is asked first, has it, and it is not sent again.
    assert len(texts_in(_texts_in_tmp)) == 1


def test_a_delivery_being_sent_is_not_sent_by_a_second_worker(login: Any, world: World, _texts_in_tmp: Path) -> None:
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    move(login, referral, "accepted")
    sms = Delivery.objects.get(recipient=world.amina, channel=Channel.SMS, outbox=_last_update())
    Delivery.objects.filter(pk=sms.pk).update(status=DeliveryStatus.SENDING)  # another worker holds it
    assert deliver.call(sms.pk) == "skipped"
    assert len(texts_in(_texts_in_tmp)) == 1


@pytest.mark.parametrize("channels", [["text", "email"], ["text", "paper"]])
def test_a_number_that_said_stop_is_never_texted(
    login: Any, world: World, _texts_in_tmp: Path, channels: list[str]
) -> None:
    from village.messaging.actions.inbound import opt_out

    referral = layla_referral(world)
    choose_channels(login, world, channels)
    opt_out(AMINA_NUMBER, "STOP")
    mail.outbox.clear()
    move(login, referral, "accepted")
    assert texts_in(_texts_in_tmp) == []
    assert not Delivery.objects.filter(recipient=world.amina, channel=Channel.SMS).exists()
    first = Delivery.objects.get(recipient=world.amina, rank=0, outbox=_last_update())
    assert first.channel == channels[1].replace("text", "sms")


def test_while_texts_are_off_a_family_that_chose_text_gets_email(
    login: Any, world: World, settings: Any, _texts_in_tmp: Path
) -> None:
    settings.VILLAGE_SMS_BACKEND = "off"
    referral = layla_referral(world)
    choose_channels(login, world, ["text"])
    mail.outbox.clear()
    move(login, referral, "accepted")
    assert texts_in(_texts_in_tmp) == []
    [email] = Delivery.objects.filter(recipient=world.amina, outbox=_last_update())
    assert (email.channel, email.status) == (Channel.EMAIL, DeliveryStatus.SENT)
