"""Consent to share a student's information with a named partner, and other recorded legal bases.

Consents are never deleted and never edited after signing; withdrawal is recorded on the
row (and in its history), and takes effect for every disclosure from that moment.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from village.families.models.core import Household, Student
from village.families.vocab import DataElement, Purpose


class SignerRelationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Legal guardian")
    ADULT_STUDENT = "adult_student", _("The student (18 or older)")


class ConsentMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("Signed in Village")
    PAPER = "paper", _("Signed on paper (scan kept)")


class NeverDeleted(Exception):
    """Consents and legal bases are evidence; they are withdrawn or expire, never deleted."""


class ConsentQuerySet(models.QuerySet["Consent"]):
    def current(self, at: datetime.datetime | None = None) -> ConsentQuerySet:
        """Consents in force at `at` (now if not given): started, not expired, not withdrawn."""
        at = at or timezone.now()
        today = timezone.localdate(at)
        return self.filter(valid_from__lte=today, valid_until__gte=today).filter(
            Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=at)
        )

    def delete(self) -> tuple[int, dict[str, int]]:
        raise NeverDeleted("Consents are never deleted; withdraw them instead.")


class Consent(models.Model):
    """A FERPA-style written consent: which records, for what purpose, to whom, signed and dated."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="consents")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recipient = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="consents", verbose_name=_("partner")
    )
    elements = models.JSONField(_("information to share"), default=list)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    purpose_detail = models.TextField(_("purpose in your words"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(_("signed by (full name)"), max_length=200)
    signer_relationship = models.CharField(
        _("signer's relationship to the student"), max_length=20, choices=SignerRelationship.choices
    )
    signed_at = models.DateTimeField(_("signed"))
    language = models.CharField(_("language it was signed in"), max_length=12)
    method = models.CharField(_("how it was signed"), max_length=20, choices=ConsentMethod.choices)
    scan = models.FileField(_("scan of the signed form"), upload_to="consents/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-signed_at", "-id"]
        indexes = [models.Index(fields=["student", "recipient"])]

    def __str__(self) -> str:
        return f"{self.student} → {self.recipient} ({self.signed_at:%Y-%m-%d})"

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise NeverDeleted("Consents are never deleted; withdraw them instead.")

    def is_current(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        today = timezone.localdate(at)
        if self.withdrawn_at is not None and self.withdrawn_at <= at:
            return False
        return self.valid_from <= today <= self.valid_until

    def element_labels(self) -> list[str]:
        labels = dict(DataElement.choices)
        return [str(labels.get(e, e)) for e in self.elements]


class LegalBasisKind(models.TextChoices):
    HEALTH_SAFETY_EMERGENCY = "health_safety_emergency", _("Health or safety emergency")
    COURT_ORDER = "court_order", _("Court order or subpoena")
    SCHOOL_OFFICIAL = "school_official", _("Partner acting as a school official under contract")


class OtherLegalBasisQuerySet(models.QuerySet["OtherLegalBasis"]):
    def current(self, at: datetime.datetime | None = None) -> OtherLegalBasisQuerySet:
        at = at or timezone.now()
        today = timezone.localdate(at)
        return self.filter(valid_from__lte=today, valid_until__gte=today, ended_at__isnull=True)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise NeverDeleted("Legal bases are never deleted; end them instead.")


class OtherLegalBasis(models.Model):
    """A recorded basis other than consent (FERPA §99.31): named, justified, time-limited."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="legal_bases")
    recipient = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("legal basis"), max_length=30, choices=LegalBasisKind.choices)
    elements = models.JSONField(_("information to share"), default=list)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    justification = models.TextField(_("why this basis applies"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = OtherLegalBasisQuerySet.as_manager()

    class Meta:
        verbose_name = _("other legal basis")
        verbose_name_plural = _("other legal bases")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.student} → {self.recipient}"

    def element_labels(self) -> list[str]:
        labels = dict(DataElement.choices)
        return [str(labels.get(e, e)) for e in self.elements]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise NeverDeleted("Legal bases are never deleted; end them instead.")
