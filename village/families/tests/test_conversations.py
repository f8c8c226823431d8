"""Conversations: Rosa (Lincoln's coordinator) writes to the Hassan family; Amina, who chose text
messages and reads Arabic, gets it by text and answers by text and on the web; a reply once the
conversation is closed is kept for staff with a clear answer; texts from unknown numbers are kept
for district leads, never guessed to a family."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import TestCase
from django.urls import reverse

from conftest import World
from village.messaging.models import Channel, Conversation, ConversationMessage, Delivery, InboundOutcome, InboundText
from village.messaging.tests.texting import AMINA_NUMBER, choose_channels, texts_in, twilio_post, twilio_settings

pytestmark = pytest.mark.django_db
_sids = itertools.count()


def text_from(client: Any, body: str, number: str = AMINA_NUMBER) -> str:
    """A text arriving through Twilio's signed inbound webhook; returns Village's TwiML answer."""
    data = {"MessageSid": f"SM{next(_sids):032d}", "From": number, "To": "+16125550100", "Body": body}
    response = twilio_post(client, "referrals:inbound_text", data)
    assert response.status_code == 200
    return str(response.content.decode())


def rosa_writes(login: Any, world: World) -> Conversation:
    rosa = login("rosa", language="en")
    url = reverse("families:school_conversations", kwargs={"pk": world.lincoln.pk})
    assert "The Hassan family" in rosa.get(url).content.decode()
    data = {
        "household": world.household.pk,
        "subject": "Bus to the clinic",
        "body": "Can Layla take the bus to the clinic on Tuesday?",
        "language": "en",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = rosa.post(url, data)
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "families:conversation", kwargs={"pk": conversation.pk}
    )
    return conversation


def test_a_coordinator_writes_and_the_family_answers_by_text_and_on_the_web(
    login: Any, world: World, settings: Any, client: Any
) -> None:
    twilio_settings(settings)
    choose_channels(login, world, ["text", "email"])
    conversation = rosa_writes(login, world)
    [sent] = texts_in(settings.VILLAGE_SMS_DIR)
    # Amina reads it in Arabic; what Rosa wrote in English is marked as not yet translated.
    assert "Lincoln Elementary" in sent and "Can Layla take the bus" in sent
    assert f"http://testserver/conversations/{conversation.pk}/" in sent
    delivery = Delivery.objects.get(recipient=world.amina, rank=0)
    assert (delivery.channel, delivery.language) == (Channel.SMS, "ar")

    answer = text_from(client, "نعم، شكرا")
    assert "شكر" in answer  # the answer is in Arabic
    reply = ConversationMessage.objects.get(from_family=True)
    assert (reply.conversation, reply.channel, reply.body) == (conversation, "sms", "نعم، شكرا")
    assert InboundText.objects.get().outcome == InboundOutcome.REPLIED

    amina = login("amina")
    assert reverse("families:family_conversations") in amina.get(reverse("home")).content.decode()
    listing = amina.get(reverse("families:family_conversations")).content.decode()
    assert "Bus to the clinic" in listing
    thread_url = reverse("families:conversation", kwargs={"pk": conversation.pk})
    response = amina.post(thread_url, {"body": "سنكون هناك"})
    assert response.status_code == 302
    assert conversation.messages.filter(from_family=True, channel="web").count() == 1

    page = login("rosa", language="en").get(thread_url).content.decode()
    for shown in ("Can Layla take the bus", "نعم، شكرا", "سنكون هناك", "by text message", "on Village"):
        assert shown in page
    assert "Text message, Arabic" in page and "Sent" in page  # the delivery: channel, language, state


def test_a_reply_to_a_closed_conversation_is_kept_and_the_family_is_told(
    login: Any, world: World, settings: Any, client: Any
) -> None:
    twilio_settings(settings)
    choose_channels(login, world, ["text", "email"])
    conversation = rosa_writes(login, world)
    thread_url = reverse("families:conversation", kwargs={"pk": conversation.pk})
    rosa = login("rosa", language="en")
    assert rosa.post(reverse("families:conversation_close", kwargs={"pk": conversation.pk})).status_code == 302

    answer = text_from(client, "متى الموعد؟")
    assert "مغلقة" in answer or "closed" in answer
    assert not ConversationMessage.objects.filter(from_family=True).exists()
    assert InboundText.objects.get().outcome == InboundOutcome.CONVERSATION_CLOSED
    assert "متى الموعد؟" in rosa.get(thread_url).content.decode()

    amina = login("amina", language="en")
    page = amina.get(thread_url).content.decode()
    assert "This conversation is closed" in page and 'name="body"' not in page
    response = amina.post(thread_url, {"body": "Hello?"})
    assert response.status_code == 200 and "This conversation is closed" in response.content.decode()
    assert not ConversationMessage.objects.filter(from_family=True).exists()


def test_conversations_stay_with_the_familys_school(login: Any, world: World, settings: Any) -> None:
    choose_channels(login, world, ["email"])
    conversation = rosa_writes(login, world)
    url = reverse("families:conversation", kwargs={"pk": conversation.pk})
    for outsider in ("omar", "mai", "sam", "grace"):
        assert login(outsider).get(url).status_code == 404
    page = login("omar", language="en").get(reverse("families:school_conversations", kwargs={"pk": world.bayview.pk}))
    assert "Hassan" not in page.content.decode()


def test_an_empty_message_is_refused_with_a_clear_error(login: Any, world: World) -> None:
    rosa = login("rosa", language="en")
    url = reverse("families:school_conversations", kwargs={"pk": world.lincoln.pk})
    response = rosa.post(url, {"household": world.household.pk, "subject": "Hi", "body": "   ", "language": "en"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_text_from_an_unknown_number_is_kept_for_district_leads(
    login: Any, world: World, settings: Any, client: Any
) -> None:
    twilio_settings(settings)
    answer = text_from(client, "Who is this?", number="+16125550999")
    assert "kept for the school" in answer
    kept = InboundText.objects.get()
    assert kept.sender is None and kept.outcome == InboundOutcome.UNKNOWN_NUMBER
    dana = login("dana", language="en")
    district = dana.get(reverse("orgs:district", kwargs={"slug": world.riverbend.slug})).content.decode()
    url = reverse("orgs:texts_received", kwargs={"slug": world.riverbend.slug})
    assert url in district
    page = dana.get(url).content.decode()
    assert "+16125550999" in page and "Who is this?" in page
    assert login("rosa").get(url).status_code == 404
