"""Invitations to families to claim an account linked to their children, one or many at a time."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from village.families.models.core import Guardian, Household
from village.lib.codes import claim_code, grouped
from village.lib.imports import ImportJob, ImportStatus

# How long an invitation can be claimed. An email arrives in minutes, and a link left longer in a
# mailbox (shared, forwarded, later broken into) is a risk, while sending a new one is one click.
# A letter goes home in a backpack or by post, waits on a fridge, may need a neighbour to read it,
# and cannot be re-sent at once; two months also span a school holiday.
EMAIL_INVITATION_DAYS = 14
LETTER_INVITATION_DAYS = 60
# The code emailed during a claim works for 15 minutes (as allauth's sign-in codes do), for five
# tries; an invitation sends at most ten of them, then the school must send a new invitation.
PROOF_MINUTES = 15
PROOF_ATTEMPTS = 5
PROOFS_PER_INVITATION = 10


class InvitationChannel(models.TextChoices):
    """How an invitation reaches a family. Text messages (a claim code by SMS) come with the
    messaging channels work: they become a value here and a branch of
    `village.families.actions.invitations.usable_channels`; until then they are not offered."""

    EMAIL = "email", _("Email")
    LETTER = "letter", _("Printed letter")


class InvitationState(models.TextChoices):
    OPEN = "open", _("Not claimed yet")
    CLAIMED = "claimed", _("Claimed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


def expiry_for(channel: str, now: datetime.datetime | None = None) -> datetime.datetime:
    days = LETTER_INVITATION_DAYS if channel == InvitationChannel.LETTER else EMAIL_INVITATION_DAYS
    return (now or timezone.now()) + datetime.timedelta(days=days)


class InvitationBatch(ImportJob):
    """Invitations to many families of one school at once, sent in the background with progress."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="+")
    # Print letters for families with no email address (else they are reported as not reachable).
    letters = models.BooleanField(_("print letters for families with no email address"), default=True)
    households = models.JSONField(default=list)

    progress_message = gettext_noop("%(done)s of %(total)s families done (%(percent)s%%).")

    class Meta(ImportJob.Meta):
        verbose_name = _("batch of invitations")
        verbose_name_plural = _("batches of invitations")

    def __str__(self) -> str:
        return f"{self.school} · {self.created_at:%Y-%m-%d %H:%M}"

    # Django keeps a `get_status_display` a model defines itself; the type checker's plugin has made one.
    def get_status_display(self) -> str:  # type: ignore[no-redef]
        """The import pipeline's statuses, in words that fit sending invitations."""
        labels = {
            ImportStatus.QUEUED: _("Waiting to start"),
            ImportStatus.RUNNING: _("Sending invitations"),
            ImportStatus.APPLIED: _("Invitations sent"),
        }
        return str(labels.get(ImportStatus(self.status), ImportStatus(self.status).label))


class FamilyInvitation(models.Model):
    """One invitation to one guardian to claim an account for their household.

    The claim code is never stored (see `village.lib.codes`): `nonce` derives it and `digest` finds
    the invitation from it. Open until claimed, withdrawn or past `expires_at`; a new invitation to
    the same guardian withdraws the open one.
    """

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="invitations")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="invitations")
    batch = models.ForeignKey(
        InvitationBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    channel = models.CharField(_("sent by"), max_length=20, choices=InvitationChannel.choices)
    address = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    nonce = models.CharField(max_length=32, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The proof code emailed during a claim (email invitations): its keyed digest, expiry and tries.
    proof_digest = models.CharField(max_length=64, blank=True)
    proof_expires_at = models.DateTimeField(null=True, blank=True)
    proof_attempts = models.PositiveSmallIntegerField(default=0)
    proofs_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("family invitation")
        verbose_name_plural = _("family invitations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["guardian", "claimed_at", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.guardian} · {self.get_channel_display()} · {self.created_at:%Y-%m-%d}"

    def state(self, now: datetime.datetime | None = None) -> InvitationState:
        if self.claimed_at is not None:
            return InvitationState.CLAIMED
        if self.withdrawn_at is not None:
            return InvitationState.WITHDRAWN
        if self.expires_at <= (now or timezone.now()):
            return InvitationState.EXPIRED
        return InvitationState.OPEN

    @property
    def is_open(self) -> bool:
        return self.state() == InvitationState.OPEN

    def get_state_display(self) -> str:
        return str(self.state().label)

    @property
    def code(self) -> str:
        """The claim code (derived, never stored)."""
        return claim_code(self.nonce)

    @property
    def printed_code(self) -> str:
        return grouped(self.code)

    @property
    def proof_pending(self) -> bool:
        """A proof code was emailed and can still be typed."""
        return bool(
            self.proof_digest
            and self.proof_expires_at is not None
            and self.proof_expires_at > timezone.now()
            and self.proof_attempts < PROOF_ATTEMPTS
        )
