"""The outbox: every message Village sends, and one delivery row per recipient.

Messages are rendered in each recipient's language before they are queued, so a
delivery row holds exactly what that person receives. Only email exists so far; the
messaging work adds other channels as further values of `Channel`.
"""

from __future__ import annotations

import datetime

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

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


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

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.address}: {self.subject}"

    @property
    def retryable(self) -> bool:
        return self.status == DeliveryStatus.FAILED and self.attempts < MAX_ATTEMPTS

    @property
    def given_up(self) -> bool:
        return self.status == DeliveryStatus.FAILED and self.attempts >= MAX_ATTEMPTS
