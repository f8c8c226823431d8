"""Referrals from a student's need to a partner's service, followed until they close."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SENT = "sent", _("Sent")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_SERVICE = "in_service", _("Receiving the service")
    COMPLETED = "completed", _("Completed")
    CLOSED_UNMET = "closed_unmet", _("Closed, need not met")
    WITHDRAWN = "withdrawn", _("Withdrawn by the school")


OPEN_STATUSES = (Status.SENT, Status.WAITLISTED, Status.ACCEPTED, Status.IN_SERVICE)
CLOSED_STATUSES = (Status.DECLINED, Status.COMPLETED, Status.CLOSED_UNMET, Status.WITHDRAWN)

# Who may move a referral from one status to the next: "partner" (staff of the service's
# organization) or "school" (the referrer's side). No step may be skipped.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.SENT, Status.ACCEPTED): "partner",
    (Status.SENT, Status.WAITLISTED): "partner",
    (Status.SENT, Status.DECLINED): "partner",
    (Status.WAITLISTED, Status.ACCEPTED): "partner",
    (Status.WAITLISTED, Status.DECLINED): "partner",
    (Status.ACCEPTED, Status.IN_SERVICE): "partner",
    (Status.ACCEPTED, Status.CLOSED_UNMET): "partner",
    (Status.IN_SERVICE, Status.COMPLETED): "partner",
    (Status.IN_SERVICE, Status.CLOSED_UNMET): "partner",
    (Status.SENT, Status.WITHDRAWN): "school",
    (Status.WAITLISTED, Status.WITHDRAWN): "school",
    (Status.ACCEPTED, Status.WITHDRAWN): "school",
}
# A reason is required for these.
NEEDS_REASON = (Status.DECLINED, Status.CLOSED_UNMET, Status.WITHDRAWN)


def stalled_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """Referrals sent before this with no answer are stalled (VILLAGE_STALLED_REFERRAL_DAYS)."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.VILLAGE_STALLED_REFERRAL_DAYS)


class Referral(models.Model):
    """One student referred to one service, carrying only the data elements a consent covers."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey("families.Student", on_delete=models.PROTECT, related_name="referrals")
    need = models.ForeignKey(
        "families.Need", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="referrals")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="referrals")
    elements = models.JSONField(_("information shared"), default=list)
    purpose = models.CharField(_("purpose"), max_length=20)
    consent = models.ForeignKey("families.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    legal_basis = models.ForeignKey(
        "families.OtherLegalBasis", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SENT)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    service_started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # A form posted twice carries the same key: the second post finds the first referral.
    submission_key = models.CharField(max_length=64, unique=True)
    family_got_help = models.BooleanField(_("the family says it got the help"), null=True, blank=True)
    family_comment = models.TextField(_("the family's words"), blank=True)
    family_answered_at = models.DateTimeField(null=True, blank=True)
    # School staff read the family's answer: it leaves the worklist (a new answer brings it back).
    family_answer_read_at = models.DateTimeField(null=True, blank=True)
    family_answer_read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stalled_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["school", "status"]),
            models.Index(fields=["student", "status"]),
            # The worklist's answers not yet read, by school.
            models.Index(
                fields=["school", "family_answered_at"],
                condition=models.Q(family_got_help__isnull=False, family_answer_read_at__isnull=True),
                name="referral_unread_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.service_id} ({self.status})"

    @property
    def is_stalled(self) -> bool:
        return self.status == Status.SENT and self.created_at < stalled_before()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def family_answer_unread(self) -> bool:
        return self.family_got_help is not None and self.family_answer_read_at is None


class ReferralEvent(models.Model):
    """Each step of a referral, with who took it and when (the referral's history)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class NoteVisibility(models.TextChoices):
    SCHOOL = "school", _("School staff only")
    SHARED = "shared", _("Shared with the partner (under the consent)")


class ReferralNote(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    visibility = models.CharField(_("who can read it"), max_length=10, choices=NoteVisibility.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.pk} on referral {self.referral_id}"


DECLINE_REASON_MAX = 1000


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the family")
    CONSENTED = "consented", _("The family agreed")
    DECLINED = "declined", _("The family said no")
    WITHDRAWN = "withdrawn", _("Withdrawn by the school")


class ConsentRequest(models.Model):
    """A referrer asked the family for consent to share with a partner; nothing is shared meanwhile.

    The family answers once: it signs (a `families.Consent`, then the referral that waited is
    sent, at once or on the referrer's click) or says no. The school may withdraw it first."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey("families.Student", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("directory.Service", on_delete=models.SET_NULL, null=True, related_name="+")
    need = models.ForeignKey("families.Need", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    elements = models.JSONField(default=list)
    purpose = models.CharField(max_length=20)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    # The consent's proposed end date; the request expires with it. Older requests have none.
    valid_until = models.DateField(_("consent lasts until"), null=True, blank=True)
    send_automatically = models.BooleanField(_("send the referral as soon as the family agrees"), default=True)
    state = models.CharField(max_length=20, choices=RequestState.choices, default=RequestState.PENDING)
    # A request form posted twice carries the same key: the second post finds the first request.
    submission_key = models.CharField(max_length=64, blank=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent = models.ForeignKey("families.Consent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Why the family said no, in its own words (optional); the person who asked reads it.
    decline_reason = models.TextField(_("why the family said no"), blank=True, max_length=DECLINE_REASON_MAX)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["student", "state"], name="consentrequest_student_state")]

    def __str__(self) -> str:
        return f"consent request {self.pk}"

    @property
    def is_expired(self) -> bool:
        """Still waiting, but the end date it proposed has passed: it can no longer be signed."""
        return (
            self.state == RequestState.PENDING
            and self.valid_until is not None
            and self.valid_until < timezone.localdate()
        )

    @property
    def is_open(self) -> bool:
        """The family can still answer it."""
        return self.state == RequestState.PENDING and not self.is_expired

    def closed_message(self) -> str:
        """Why the family can no longer answer, in the reader's language; empty while it can."""
        if self.state in (RequestState.CONSENTED, RequestState.DECLINED):
            return str(_("This request was already answered. There is nothing more to do."))
        if self.state == RequestState.WITHDRAWN:
            return str(_("The school withdrew this request. Nothing is shared, and there is nothing to answer."))
        if self.is_expired:
            return str(_("This request has expired. If you still want to share, ask the school for a new one."))
        return ""

    @property
    def waits_for_click(self) -> bool:
        """The family agreed; the referral waits for the referrer to send it."""
        return self.state == RequestState.CONSENTED and self.referral_id is None and self.service_id is not None


class FamilyAsk(models.Model):
    """A family member asked the school for a service they found, for one of their children.

    It opens a need (in `families`) and waits on the school's worklist; nothing reaches the
    partner until the school refers with the family's consent. Its state is read from what the
    school did next (`referrals.asks.state_of`)."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey("families.Student", on_delete=models.PROTECT, related_name="+")
    need = models.OneToOneField("families.Need", on_delete=models.CASCADE, related_name="family_ask")
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    # A form posted twice carries the same key: the second post finds the first ask.
    submission_key = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-asked_at", "-id"]

    def __str__(self) -> str:
        return f"ask {self.pk}: student {self.student_id} → service {self.service_id}"

    def state(self) -> tuple[str, str]:
        """(what happened so far, in the reader's words; its tag style), from the annotations of
        `referrals.access.asks_of_family`: the newest referral, a consent request waiting, the need."""
        referral_status = getattr(self, "referral_status", None)
        if referral_status:
            label = str(_("Referred to the service: %(status)s")) % {"status": Status(referral_status).label}
            return label, "tag--active"
        if getattr(self, "consent_waiting", False):
            return str(_("The school asks for your consent before sharing anything")), "tag--awaiting"
        need_status = getattr(self, "need_status", "open")
        if need_status == "met":
            return str(_("Done: the need is met")), "tag--active"
        if need_status == "closed_unmet":
            return str(_("Closed by the school")), "tag--expired"
        return str(_("Waiting for the school")), "tag--awaiting"
