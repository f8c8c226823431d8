"""Conversations with a family, as `families` sees them: who may read and write (rules
`families.view_conversation`, `families.write_to_family`), who receives a message (the household's
members with an account, each by the channels the family chose, in their own language), and where
a family's reply by text or email lands (`reply_by_text`, `reply_by_email`).

What staff write is sent as written: a reader whose language differs gets it marked as not yet
translated (`messaging.actions.message_text`), never silently in another language."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy

from village.accounts.models import User
from village.families.contact import reach_for
from village.families.models import Household, HouseholdMember
from village.lib.links import absolute_reverse
from village.messaging.actions import Rendered, message_text, queue_email
from village.messaging.actions.conversations import REPLY, family_reply, start_conversation, write_to_family
from village.messaging.actions.inbound import last_question, receive_email, settle_email
from village.messaging.models import (
    ABOUT_CONVERSATION,
    Conversation,
    ConversationMessage,
    Delivery,
    DeliveryStatus,
    InboundEmail,
    InboundOutcome,
    InboundText,
)
from village.messaging.replies import is_configured, new_text, read_reply_address
from village.orgs.models import School

SUBJECT = gettext_lazy("%(school)s: %(subject)s")
BODY = gettext_lazy(
    "%(author)s at %(school)s wrote to you:\n\n%(text)s\n\nAnswer on Village: %(link)s\n"
    "If this message came by text, you can also answer the text."
)
TEXT = gettext_lazy("%(school)s: %(text)s Answer this text, or open %(link)s")
# Only when the district receives email (`village.messaging.replies`): the email has a reply address.
BY_EMAIL = gettext_lazy("You can also answer this email.")
CLOSED = gettext_lazy(
    "This conversation is closed, so your message was kept for the school's staff. Call or visit the school."
)


def family_of(conversation: Conversation) -> list[User]:
    """The people who receive what staff write: the household's members with an active account."""
    return [
        m.user
        for m in HouseholdMember.objects.filter(household_id=conversation.household_id, user__is_active=True)
        .select_related("user")
        .order_by("created_at", "pk")
    ]


def _rendered(actor: User, conversation: Conversation, body: str, language: str) -> list[Rendered]:
    people = family_of(conversation)
    reach = reach_for(people)
    link = absolute_reverse("families:conversation", pk=conversation.pk)
    school = conversation.school.name
    by_email = is_configured()
    messages = []
    for person in people:
        reader = person.preferred_language or language
        with translation.override(reader):
            text = message_text({language: body})
            values = {"author": actor.name or actor.email, "school": school, "text": text, "link": link}
            body_text = str(BODY) % values
            if by_email:
                body_text = f"{body_text}{BY_EMAIL}\n"
            messages.append(
                Rendered(
                    person,
                    str(SUBJECT) % {"school": school, "subject": conversation.subject},
                    body_text,
                    reader,
                    text=str(TEXT) % values,
                    reach=reach.get(person.pk),
                )
            )
    return messages


def start(actor: User, school: School, household: Household, subject: str, body: str, language: str) -> Conversation:
    """Staff start a conversation with a family and send its first message, in one transaction."""
    with transaction.atomic():
        conversation = start_conversation(
            actor, district_id=school.district_id, school_id=school.pk, household_id=household.pk, subject=subject
        )
        write(actor, conversation, body, language)
    return conversation


def write(actor: User, conversation: Conversation, body: str, language: str) -> ConversationMessage:
    return write_to_family(actor, conversation, body, language, _rendered(actor, conversation, body.strip(), language))


def for_school(school: School) -> QuerySet[Conversation]:
    return Conversation.objects.filter(school=school).select_related("household", "started_by")


def for_family(user: User) -> QuerySet[Conversation]:
    return Conversation.objects.filter(household__members__user=user).select_related("school").distinct()


def thread(conversation: Conversation) -> list[ConversationMessage]:
    """The conversation's messages, oldest first, with their deliveries (for staff's messages)."""
    messages = list(conversation.messages.select_related("author", "outbox"))
    outboxes = [m.outbox_id for m in messages if m.outbox_id]
    by_outbox: dict[int, list[Delivery]] = {}
    # Each recipient's channels that were used (the held reserve and letters not needed are left out).
    used = (
        Delivery.objects.filter(outbox_id__in=outboxes)
        .exclude(status__in=[DeliveryStatus.HELD, DeliveryStatus.NOT_NEEDED])
        .select_related("recipient")
        .order_by("recipient_id", "rank")
    )
    for d in used:
        by_outbox.setdefault(d.outbox_id, []).append(d)
    for m in messages:
        m.deliveries = by_outbox.get(m.outbox_id or 0, [])  # type: ignore[attr-defined]
    return messages


def reply_by_text(text: InboundText, person: User) -> tuple[Conversation | None, bool]:
    """A text from a known person that is no keyword: it answers the latest conversation text
    sent to that number and person. Returns (the conversation, whether it was added); (None, False)
    when no conversation text was sent to them; (conversation, False) when it is closed."""
    question = last_question(text.number, person, REPLY)
    if question is None or not question.about.startswith(ABOUT_CONVERSATION):
        return None, False
    conversation = Conversation.objects.filter(pk=question.about.removeprefix(ABOUT_CONVERSATION)).first()
    if conversation is None:
        return None, False
    if not conversation.is_open:
        return conversation, False
    family_reply(person, conversation, text.body, person.preferred_language or "", channel="sms", inbound=text)
    return conversation, True


def replies_after_closing(conversation: Conversation) -> list[InboundText]:
    """Texts that answered the conversation once it was closed: kept for staff, not in the thread."""
    return list(
        InboundText.objects.filter(
            about=f"{ABOUT_CONVERSATION}{conversation.pk}", outcome=InboundOutcome.CONVERSATION_CLOSED
        ).order_by("received_at", "id")
    )


@dataclass(frozen=True)
class ReceivedEmail:
    """An email as the provider's inbound webhook passed it on: its Message-ID, the sender's
    address, every address it was sent to, and its plain text (the provider's reply-only text
    when it gives one)."""

    message_id: str
    from_address: str
    to_addresses: tuple[str, ...]
    subject: str
    text: str


def reply_by_email(received: ReceivedEmail) -> InboundEmail:
    """An email sent to a conversation's reply address: its new text (the quoted earlier messages
    cut off) is added to the thread when it comes from the person the address was given to, at the
    address Village has for them, while they belong to the family and the conversation is open.

    Otherwise it is kept for staff, never matched by guess: an address Village did not give (made
    up, altered, or another domain's) as "unknown address"; another sender as "wrong sender"; a
    closed conversation as "closed", as a text would be, and the family member is told by email.
    The same email delivered again (same Message-ID) is kept and added once."""
    named, to_address = None, received.to_addresses[0] if received.to_addresses else ""
    for address in received.to_addresses:
        named = read_reply_address(address)
        if named is not None:
            to_address = address
            break
    with transaction.atomic():
        email, created = receive_email(
            received.message_id, received.from_address, to_address, received.subject, new_text(received.text)
        )
        if not created:
            return email
        conversation = Conversation.objects.filter(pk=named.conversation_id).first() if named else None
        person = User.objects.filter(pk=named.person_id, is_active=True).first() if named else None
        if conversation is None or person is None:
            return settle_email(email, InboundOutcome.UNKNOWN_ADDRESS)
        about = f"{ABOUT_CONVERSATION}{conversation.pk}"
        member = HouseholdMember.objects.filter(household_id=conversation.household_id, user=person).exists()
        if not member or received.from_address.strip().lower() != person.email.strip().lower():
            return settle_email(email, InboundOutcome.WRONG_SENDER, about=about)
        if not conversation.is_open:
            # Told by email, as a text gets its answer; from the usual sender, so no reply comes back here.
            language = person.preferred_language or settings.LANGUAGE_CODE
            with translation.override(language):
                subject = str(SUBJECT) % {"school": conversation.school.name, "subject": conversation.subject}
                notice = Rendered(person, subject, f"{CLOSED}\n", language)
            queue_email("messaging.conversation", [notice], district_id=conversation.district_id)
            return settle_email(email, InboundOutcome.CONVERSATION_CLOSED, sender=person, about=about)
        if not email.body:
            return settle_email(email, InboundOutcome.NOT_UNDERSTOOD, sender=person, about=about)
        language = person.preferred_language or ""
        family_reply(person, conversation, email.body, language, channel="email", inbound_email=email)
        return settle_email(email, InboundOutcome.REPLIED, sender=person, about=about)


def emails_kept(conversation: Conversation) -> list[InboundEmail]:
    """Emails to the conversation's reply addresses kept for staff, not in the thread: sent once
    it was closed, or from another address than the family member's."""
    return list(
        InboundEmail.objects.filter(
            about=f"{ABOUT_CONVERSATION}{conversation.pk}",
            outcome__in=[InboundOutcome.CONVERSATION_CLOSED, InboundOutcome.WRONG_SENDER],
        ).order_by("received_at", "id")
    )
