"""Agreements (MOUs): versioned text that every party's authorized signer accepts."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataElement(models.TextChoices):
    """Data an agreement may let a partner receive; the families work enforces them through consent."""

    CONTACT = "contact", _("Family contact details")
    ATTENDANCE = "attendance", _("Attendance")
    GRADES = "grades", _("Grades and assessments")
    PARTICIPATION = "participation", _("Program participation")
    HEALTH = "health", _("Health information")
    SERVICE_NEEDS = "service_needs", _("Service needs")
    DEMOGRAPHICS = "demographics", _("Demographics (aggregated)")


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    TWICE_A_YEAR = "twice_a_year", _("Twice a year")
    YEARLY = "yearly", _("Yearly")


FREQUENCY_MONTHS = {
    ReportingFrequency.MONTHLY: 1,
    ReportingFrequency.QUARTERLY: 3,
    ReportingFrequency.TWICE_A_YEAR: 6,
    ReportingFrequency.YEARLY: 12,
}


class AgreementState(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting signatures")
    NOT_STARTED = "not_started", _("Signed, not yet started")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")


class Agreement(models.Model):
    """A partnership's agreement. Its text lives in versions; the active one is the latest fully signed."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="agreements")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    active_version = models.ForeignKey(
        "partnerships.AgreementVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:agreement", kwargs={"pk": self.pk})

    def state(self, today: datetime.date | None = None) -> str:
        """Awaiting signatures, signed but not started, active, or expired (by the active version's term)."""
        version = self.active_version
        if version is None:
            return AgreementState.AWAITING
        today = today or timezone.localdate()
        if version.end_date < today:
            return AgreementState.EXPIRED
        if version.start_date > today:
            return AgreementState.NOT_STARTED
        return AgreementState.ACTIVE

    def get_state_display(self) -> str:
        return str(AgreementState(self.state()).label)


class AgreementVersion(models.Model):
    """One version of an agreement's text. Versions are never edited once anyone has signed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    purpose = models.TextField(_("purpose and shared goals"))
    school_roles = models.TextField(_("roles and responsibilities of the school side"))
    partner_roles = models.TextField(_("roles and responsibilities of the partner side"))
    decision_authority = models.TextField(_("decision authority"))
    data_elements = models.JSONField(_("data elements shared"), default=list, blank=True)
    data_purposes = models.TextField(_("purposes of data sharing"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    renewal_terms = models.TextField(_("renewal terms"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_unique_number"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="agreement_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    def data_element_labels(self) -> list[str]:
        labels = dict(DataElement.choices)
        return [str(labels.get(value, value)) for value in self.data_elements]


class AgreementMetric(models.Model):
    """A shared performance metric both sides report on."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(_("metric"), max_length=200)
    target = models.CharField(_("target"), max_length=200)
    measurement = models.CharField(_("how it is measured"), max_length=300)
    frequency = models.CharField(_("reporting frequency"), max_length=20, choices=ReportingFrequency.choices)
    # The Village indicator this metric follows, so both sides read the same (suppressed) figures.
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Village indicator it follows"),
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def next_report_date(self, today: datetime.date) -> datetime.date | None:
        """The first reporting date on or after today within the term (every N months from the start)."""
        months = FREQUENCY_MONTHS[ReportingFrequency(self.frequency)]
        start, end = self.version.start_date, self.version.end_date
        step = 1
        while True:
            month_index = start.month - 1 + months * step
            year, month = start.year + month_index // 12, month_index % 12 + 1
            day = min(start.day, 28)
            due = datetime.date(year, month, day)
            if due > end:
                return None
            if due >= today:
                return due
            step += 1


class Signature(models.Model):
    """One party's acceptance of one version: who, when, and from where (IP address).

    `organization` is the partner party signing; empty means the school side.
    """

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, null=True, blank=True)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(_("signed from"), null=True, blank=True)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organization"],
                condition=Q(organization__isnull=False),
                name="signature_one_per_partner_party",
            ),
            models.UniqueConstraint(
                fields=["version"], condition=Q(organization__isnull=True), name="signature_one_per_school_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer} · {self.version}"
