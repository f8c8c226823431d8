"""The outbox: every message Village sends, and one delivery row per recipient.

Messages are rendered in each recipient's language before they are queued, so a
delivery row holds exactly what that person receives. A message goes by the channel the person
chose (email, text message or paper); the channels after the first are written too, held in
reserve, and one is released only when the one before it fails for good.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A delivery that failed this many times is given up on.
MAX_ATTEMPTS = 5
# After the nth failure the next attempt waits RETRY_BASE * 2**(n-1): 5, 10, 20, 40 minutes.
RETRY_BASE = datetime.timedelta(minutes=5)


def retry_delay(attempts: int) -> datetime.timedelta:
    factor: int = 2 ** max(attempts - 1, 0)
    return RETRY_BASE * factor


class Outbox(models.Model):
    """One message sent to one or more people (e.g. one reminder about one agreement)."""

    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Sent at once whatever the person chose, quiet hours included (`village.messaging.topics`).
    urgent = models.BooleanField(_("urgent"), default=False)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    PAPER = "paper", _("Paper")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    # A later channel of the person's: used only if the ones before it fail.
    HELD = "held", _("Held in reserve")
    TO_PRINT = "to_print", _("Waiting to be printed")
    PRINTED = "printed", _("Printed")
    # A later channel of the person's that is no longer needed: the message reached them before it.
    NOT_NEEDED = "not_needed", _("Not needed: reached by another channel")
    # The person chose a daily summary for this kind of message, or turned it off.
    FOR_DIGEST = "for_digest", _("Waiting for the daily summary")
    IN_DIGEST = "in_digest", _("Sent in a daily summary")
    TURNED_OFF = "turned_off", _("Not sent: the person turned these messages off")


# Statuses after which a delivery is never sent again.
DONE_STATUSES = frozenset({DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.PRINTED})


class Delivery(models.Model):
    """One message to one person, already rendered in their language."""

    outbox = models.ForeignKey(Outbox, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    address = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=10, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # 0 for the person's first channel; the held fallbacks of the same message follow (1, 2).
    rank = models.PositiveSmallIntegerField(default=0)
    # A text message's length in segments (what providers bill), counted when it is queued.
    segments = models.PositiveSmallIntegerField(_("segments"), null=True, blank=True)
    # The provider's id of a sent text (Twilio's MessageSid): its status callbacks name it.
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    # What the message is about ("referrals.referral:12") and the answer it asks for ("yes_no"),
    # so a reply by text reaches the right thing.
    about = models.CharField(max_length=80, blank=True)
    asks = models.CharField(max_length=20, blank=True)
    # The daily summary this message went out in (its status is then "sent in a daily summary").
    digest = models.ForeignKey(Outbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="digested")

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["address", "asks"])]
        constraints = [
            # Exactly once: one delivery per message, person and rank, however often queueing runs.
            models.UniqueConstraint(fields=["outbox", "recipient", "rank"], name="delivery_once_per_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.address}: {self.subject}"

    @property
    def cost(self) -> Decimal | None:
        """What a text costs by VILLAGE_SMS_SEGMENT_COST (an estimate: providers bill by segment)."""
        return None if self.segments is None else settings.VILLAGE_SMS_SEGMENT_COST * self.segments

    @property
    def retryable(self) -> bool:
        return self.status == DeliveryStatus.FAILED and self.attempts < MAX_ATTEMPTS

    @property
    def given_up(self) -> bool:
        return self.status == DeliveryStatus.FAILED and self.attempts >= MAX_ATTEMPTS


class MessageSettings(models.Model):
    """What one person chose about the messages Village sends them: for each topic
    (`village.messaging.topics`), as it happens, a daily summary or off (`frequencies` holds only
    the topics they changed from the default), and quiet hours in their time zone."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_settings")
    frequencies = models.JSONField(default=dict, blank=True)
    quiet_start = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet until"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message settings")
        verbose_name_plural = _("message settings")

    def __str__(self) -> str:
        return f"message settings of {self.person_id}"

    @property
    def zone(self) -> str:
        return self.time_zone or settings.TIME_ZONE


class TextOptOut(models.Model):
    """A number that answered STOP (in any supported language): never texted until it answers START."""

    number = models.CharField(_("number"), max_length=20, unique=True)  # E.164
    keyword = models.CharField(_("keyword"), max_length=40)
    opted_out_at = models.DateTimeField(_("opted out"), default=timezone.now)

    class Meta:
        verbose_name = _("number that opted out")
        verbose_name_plural = _("numbers that opted out")

    def __str__(self) -> str:
        return self.number


class InboundOutcome(models.TextChoices):
    STOPPED = "stopped", _("Opted out")
    STARTED = "started", _("Opted back in")
    HELPED = "helped", _("Asked for help")
    ANSWERED = "answered", _("Answer recorded")
    UNKNOWN_NUMBER = "unknown_number", _("Unknown number: kept for staff")
    SHARED_NUMBER = "shared_number", _("Number shared by more than one person: kept for staff")
    NOT_UNDERSTOOD = "not_understood", _("Not understood: kept for staff")
    REPLIED = "replied", _("Reply added to a conversation")
    CONVERSATION_CLOSED = "conversation_closed", _("Reply to a closed conversation: kept for staff")
    # Emails only: the reply address names a person, and only that person's address may use it.
    WRONG_SENDER = "wrong_sender", _("Sent from another address than the family's: kept for staff")
    UNKNOWN_ADDRESS = "unknown_address", _("Sent to an address Village did not give: kept for staff")


class InboundText(models.Model):
    """A text message someone sent to Village, kept as received, with what Village did with it."""

    provider_id = models.CharField(max_length=64, unique=True)  # Twilio's MessageSid: a retried webhook is one text
    number = models.CharField(_("from"), max_length=20)  # E.164 when it parses, else as received
    body = models.TextField(_("text"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=InboundOutcome.choices, blank=True)
    about = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("text received")
        verbose_name_plural = _("texts received")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number}: {self.body[:40]}"


class InboundEmail(models.Model):
    """An email someone sent to a conversation's reply address (through the district's email
    provider's inbound webhook), kept with the new text of the reply and what Village did with it."""

    # The email's Message-ID: a provider delivering the same email twice keeps one.
    message_id = models.CharField(max_length=255, unique=True)
    from_address = models.CharField(_("from"), max_length=254)
    to_address = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("message"))  # the new text only: the quoted earlier messages are cut off
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=InboundOutcome.choices, blank=True)
    about = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("email received")
        verbose_name_plural = _("emails received")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.body[:40]}"


# What a message to a family is about, when it belongs to a conversation: "messaging.conversation:12".
ABOUT_CONVERSATION = "messaging.conversation:"


class Conversation(models.Model):
    """One thread between a school's staff and a family (a household): what staff wrote, sent by
    each family member's channels, and what the family answered by text or on the web."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("families.Household", on_delete=models.CASCADE, related_name="conversations")
    subject = models.CharField(_("subject"), max_length=200)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ConversationMessage(models.Model):
    """One message in a conversation: from staff (sent through the outbox: `outbox` holds its
    deliveries and their states) or from the family (on the web, a text: `inbound`, or an email:
    `inbound_email`)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_family = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    # The language it was written in (a UI language code).
    language = models.CharField(_("language"), max_length=10, blank=True)
    channel = models.CharField(_("channel"), max_length=20, blank=True)  # "web", "sms" or "email" for a family's
    outbox = models.ForeignKey(Outbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    inbound = models.OneToOneField(InboundText, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    inbound_email = models.OneToOneField(
        InboundEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]
