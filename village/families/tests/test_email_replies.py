"""Replies by email: Rosa (Lincoln's coordinator) writes to the Hassan family; Amina gets the email
with a reply address naming the conversation and her, answers from her mail program, and the
district's email provider posts the reply to Village's inbound webhook (django-anymail, Postmark's
format here) with the webhook secret. Her new words reach the thread; anything Village cannot
trust is kept for staff, never matched by guess."""

from __future__ import annotations

import base64
import itertools
import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from conftest import World
from village.messaging.models import Conversation, ConversationMessage, InboundEmail, InboundOutcome
from village.messaging.replies import reply_address

pytestmark = pytest.mark.django_db
DOMAIN = "reply.riverbend.example"
SECRET = "anymail:test-secret"
_ids = itertools.count()
WEBHOOK = "/anymail/postmark/inbound/"


@pytest.fixture(autouse=True)
def inbound_email(settings: Any) -> None:
    settings.VILLAGE_INBOUND_EMAIL_DOMAIN = DOMAIN
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def email_from(
    sender: str, to: str, text: str, *, message_id: str = "", auth: str | None = SECRET, stripped: str = ""
) -> Any:
    """One email arriving through the provider's inbound webhook (Postmark's JSON)."""
    payload = {
        "FromFull": {"Email": sender, "Name": ""},
        "ToFull": [{"Email": to, "Name": ""}],
        "OriginalRecipient": to,
        "Subject": "Re: Lincoln Elementary: Bus to the clinic",
        "MessageID": f"pm-{next(_ids)}",
        "TextBody": text,
        "StrippedTextReply": stripped,
        "Headers": [{"Name": "Message-ID", "Value": message_id or f"<reply-{next(_ids)}@mail.example.org>"}],
    }
    extra = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(auth.encode()).decode()} if auth else {}
    return Client().post(WEBHOOK, json.dumps(payload), content_type="application/json", **extra)


def rosa_writes(login: Any, world: World) -> tuple[Conversation, str]:
    """Rosa starts a conversation; returns it and the Reply-To of Amina's email."""
    rosa = login("rosa", language="en")
    url = reverse("families:school_conversations", kwargs={"pk": world.lincoln.pk})
    data = {
        "household": world.household.pk,
        "subject": "Bus to the clinic",
        "body": "Can Layla take the bus to the clinic on Tuesday?",
        "language": "en",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert rosa.post(url, data).status_code == 302
    [sent] = [m for m in mail.outbox if m.to == [world.amina.email]]
    [address] = sent.reply_to
    return Conversation.objects.get(), address


def test_a_reply_by_email_reaches_its_conversation_without_the_quoted_text(login: Any, world: World) -> None:
    conversation, address = rosa_writes(login, world)
    assert address == reply_address(conversation.pk, world.amina.pk)
    assert address.startswith(f"reply+{conversation.pk}-{world.amina.pk}-") and address.endswith(f"@{DOMAIN}")
    reply = (
        "نعم، ستأخذ الحافلة.\n\n"
        "On Mon, Dec 7, 2026 at 9:00 AM Rosa Diaz <no-reply@village.localhost>\nwrote:\n"
        "> Can Layla take the bus to the clinic on Tuesday?\n"
    )
    response = email_from("Amina@Example.org", address, reply)
    assert response.status_code == 200
    message = ConversationMessage.objects.get(from_family=True)
    assert (message.conversation, message.channel, message.body, message.author) == (
        conversation,
        "email",
        "نعم، ستأخذ الحافلة.",
        world.amina,
    )
    kept = InboundEmail.objects.get()
    assert (kept.outcome, kept.sender, message.inbound_email) == (InboundOutcome.REPLIED, world.amina, kept)

    page = login("rosa", language="en").get(reverse("families:conversation", kwargs={"pk": conversation.pk}))
    html = page.content.decode()
    assert "نعم، ستأخذ الحافلة." in html and "by email" in html and "Can Layla take the bus" in html
    assert html.count("Can Layla take the bus") == 1  # the quoted copy was not added


def test_the_same_email_delivered_twice_is_added_once(login: Any, world: World) -> None:
    conversation, address = rosa_writes(login, world)
    for _attempt in range(2):
        assert email_from(world.amina.email, address, "Yes", message_id="<once@mail.example.org>").status_code == 200
    assert conversation.messages.filter(from_family=True).count() == 1
    assert InboundEmail.objects.count() == 1


def test_an_email_from_another_sender_is_kept_for_staff_and_not_added(login: Any, world: World) -> None:
    conversation, address = rosa_writes(login, world)
    assert email_from("someone@elsewhere.example", address, "Send me Layla's records").status_code == 200
    assert not conversation.messages.filter(from_family=True).exists()
    kept = InboundEmail.objects.get()
    assert (kept.outcome, kept.sender) == (InboundOutcome.WRONG_SENDER, None)
    html = login("rosa", language="en").get(reverse("families:conversation", kwargs={"pk": conversation.pk}))
    assert "Send me Layla&#x27;s records" in html.content.decode()
    assert "Emails kept for the school" in html.content.decode()
    # The family does not see what was kept for staff.
    family_view = login("amina", language="en").get(reverse("families:conversation", kwargs={"pk": conversation.pk}))
    assert "Send me Layla" not in family_view.content.decode()


@pytest.mark.parametrize("change", ["signature", "person", "conversation", "domain"])
def test_a_forged_or_altered_reply_address_is_kept_and_never_matched(login: Any, world: World, change: str) -> None:
    _conversation, address = rosa_writes(login, world)
    local, domain = address.split("@")
    _prefix, conversation_id, person_id, signature = local.replace("+", "-").split("-")
    forged = {
        "signature": f"reply+{conversation_id}-{person_id}-{'0' * 32}@{domain}",
        "person": f"reply+{conversation_id}-{world.rosa.pk}-{signature}@{domain}",
        "conversation": f"reply+{int(conversation_id) + 1}-{person_id}-{signature}@{domain}",
        "domain": f"{local}@other.example",
    }[change]
    assert email_from(world.amina.email, forged, "Hello").status_code == 200
    assert not ConversationMessage.objects.filter(from_family=True).exists()
    assert InboundEmail.objects.get().outcome == InboundOutcome.UNKNOWN_ADDRESS


def test_an_upper_cased_reply_address_still_matches(login: Any, world: World) -> None:
    conversation, address = rosa_writes(login, world)
    assert email_from(world.amina.email, address.upper(), "Yes").status_code == 200
    assert conversation.messages.filter(from_family=True).count() == 1


@pytest.mark.parametrize("auth", [None, "anymail:wrong"])
def test_the_webhook_refuses_a_request_without_the_secret(login: Any, world: World, auth: str | None) -> None:
    conversation, address = rosa_writes(login, world)
    response = email_from(world.amina.email, address, "Yes", auth=auth)
    assert 400 <= response.status_code < 500
    assert not InboundEmail.objects.exists() and not conversation.messages.filter(from_family=True).exists()


def test_a_reply_to_a_closed_conversation_is_kept_with_its_state(login: Any, world: World) -> None:
    amina_reads_english(world)
    conversation, address = rosa_writes(login, world)
    rosa = login("rosa", language="en")
    assert rosa.post(reverse("families:conversation_close", kwargs={"pk": conversation.pk})).status_code == 302
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert email_from(world.amina.email, address, "When is the appointment?").status_code == 200
    [told] = mail.outbox
    assert told.to == [world.amina.email] and "This conversation is closed" in told.body and not told.reply_to
    assert not conversation.messages.filter(from_family=True).exists()
    kept = InboundEmail.objects.get()
    assert (kept.outcome, kept.sender) == (InboundOutcome.CONVERSATION_CLOSED, world.amina)
    html = rosa.get(reverse("families:conversation", kwargs={"pk": conversation.pk})).content.decode()
    assert "When is the appointment?" in html and "Reply to a closed conversation: kept for staff" in html


def test_the_providers_reply_only_text_is_used_when_it_gives_one(login: Any, world: World) -> None:
    conversation, address = rosa_writes(login, world)
    email_from(world.amina.email, address, "Yes please\n\nolder words", stripped="Yes please")
    assert conversation.messages.get(from_family=True).body == "Yes please"


def amina_reads_english(world: World) -> None:
    world.amina.preferred_language = "en"
    world.amina.save(update_fields=["preferred_language"])


def test_without_inbound_email_the_email_has_no_reply_address(login: Any, world: World, settings: Any) -> None:
    settings.VILLAGE_INBOUND_EMAIL_DOMAIN = ""
    amina_reads_english(world)
    rosa = login("rosa", language="en")
    url = reverse("families:school_conversations", kwargs={"pk": world.lincoln.pk})
    data = {"household": world.household.pk, "subject": "Bus", "body": "Can Layla take the bus?", "language": "en"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert rosa.post(url, data).status_code == 302
    [sent] = [m for m in mail.outbox if m.to == [world.amina.email]]
    assert sent.reply_to == [] and "Answer on Village" in sent.body
    assert "answer this email" not in sent.body


def test_with_inbound_email_the_email_says_it_can_be_answered(login: Any, world: World) -> None:
    amina_reads_english(world)
    rosa_writes(login, world)
    [sent] = [m for m in mail.outbox if m.to == [world.amina.email]]
    assert "Answer on Village" in sent.body and "You can also answer this email." in sent.body


def test_the_webhook_is_no_page(login: Any) -> None:
    for name in ("rosa", "amina", "anonymous"):
        assert login(name).get(WEBHOOK).status_code == 405
