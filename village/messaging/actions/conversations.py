"""Conversations between a school's staff and a family: start one, write in it (sent through the
outbox by each family member's channels), a family's reply (on the web, by text or by email),
close it.

Who may do what, and who the family's members are, is decided by `families` (it knows the
household); these actions only write. A closed conversation takes no more messages: the caller
gets a `ValidationError` saying so, and a text replying to it is kept for staff (see
`families.conversations.reply_by_text`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.messaging.actions import Rendered, queue_email
from village.messaging.models import ABOUT_CONVERSATION, Conversation, ConversationMessage, InboundEmail, InboundText

REPLY = "reply"  # what a conversation's texts ask for: any words, added to the thread


def _check_open(conversation: Conversation) -> None:
    if not conversation.is_open:
        raise ValidationError(_("This conversation is closed: it takes no more messages. Start a new one."))


def _check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message before sending it."))
    return body


def start_conversation(
    actor: User, *, district_id: int, school_id: int, household_id: int, subject: str
) -> Conversation:
    subject = subject.strip()
    if not subject:
        raise ValidationError(_("Give the conversation a subject."))
    with transaction.atomic():
        conversation = Conversation.objects.create(
            district_id=district_id,
            school_id=school_id,
            household_id=household_id,
            subject=subject[:200],
            started_by=actor,
        )
        record(actor, "messaging.conversation.started", conversation)
    return conversation


def write_to_family(
    actor: User, conversation: Conversation, body: str, language: str, messages: Sequence[Rendered]
) -> ConversationMessage:
    """Staff write in a conversation: the message is kept in the thread and sent to each family
    member (`messages`, already rendered in each one's language, with the channels they accept)."""
    _check_open(conversation)
    body = _check_body(body)
    with transaction.atomic():
        outbox = queue_email(
            "messaging.conversation",
            messages,
            district_id=conversation.district_id,
            about=f"{ABOUT_CONVERSATION}{conversation.pk}",
            asks=REPLY,
        )
        message = ConversationMessage.objects.create(
            conversation=conversation, author=actor, body=body, language=language, channel="", outbox=outbox
        )
        record(actor, "messaging.conversation.written", conversation, message=message.pk, recipients=len(messages))
    return message


def family_reply(
    author: User | None,
    conversation: Conversation,
    body: str,
    language: str,
    *,
    channel: str,
    inbound: InboundText | None = None,
    inbound_email: InboundEmail | None = None,
) -> ConversationMessage:
    """A family's answer, on the web (`channel="web"`), by text (`"sms"`, with the text kept) or by
    email (`"email"`, with the email kept)."""
    _check_open(conversation)
    body = _check_body(body)
    with transaction.atomic():
        message = ConversationMessage.objects.create(
            conversation=conversation,
            author=author,
            from_family=True,
            body=body[:4000],
            language=language,
            channel=channel,
            inbound=inbound,
            inbound_email=inbound_email,
        )
        record(author, "messaging.conversation.replied", conversation, message=message.pk, channel=channel)
    return message


def close_conversation(actor: User, conversation: Conversation) -> Conversation:
    with transaction.atomic():
        if Conversation.objects.filter(pk=conversation.pk, closed_at__isnull=True).update(closed_at=timezone.now()):
            record(actor, "messaging.conversation.closed", conversation)
    conversation.refresh_from_db()
    return conversation
