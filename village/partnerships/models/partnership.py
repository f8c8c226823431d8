"""A partnership: one or more schools (or a whole district) working with one or more organizations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from village.orgs.models import PartnerType


class PartnershipStatus(models.TextChoices):
    EXPLORING = "exploring", _("Exploring")
    ACTIVE = "active", _("Active")
    RENEWING = "renewing", _("Renewing")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class Partnership(models.Model):
    """The school side (district, schools, champions, signer) and the partner side (organizations).

    `district` is the tenancy key. A district-wide partnership serves every school of its
    district; otherwise it serves the schools listed.
    """

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="partnerships")
    name = models.CharField(_("name"), max_length=200)
    district_wide = models.BooleanField(
        _("district-wide"), default=False, help_text=_("Serves every school of the district.")
    )
    schools = models.ManyToManyField("orgs.School", blank=True, related_name="partnerships", verbose_name=_("schools"))
    organizations = models.ManyToManyField(
        "orgs.Organization",
        through="PartnershipOrganization",
        related_name="partnerships",
        verbose_name=_("partner organizations"),
    )
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    shared_goals = models.TextField(_("shared goals"))
    services = models.TextField(
        _("services delivered"), blank=True, help_text=_("What the partner offers students and families.")
    )
    seats = models.PositiveIntegerField(
        _("student seats"),
        default=0,
        help_text=_("How many students the partner can serve at a time across the partnership's schools."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PartnershipStatus.choices, default=PartnershipStatus.EXPLORING
    )
    school_champion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school-side champion"),
    )
    school_backup = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school-side backup champion"),
    )
    school_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school-side authorized signer"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", kwargs={"pk": self.pk})


class PartnershipOrganization(models.Model):
    """One organization's side of a partnership: its champion, backup and authorized signer."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner-side champion"),
    )
    backup = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner-side backup champion"),
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner-side authorized signer"),
    )

    class Meta:
        verbose_name = _("partner organization in a partnership")
        verbose_name_plural = _("partner organizations in partnerships")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organization"], name="partnership_organization_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.partnership}"


class StatusChange(models.Model):
    """The partnership's status history, oldest first."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=PartnershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PartnershipStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.from_status} → {self.to_status}"
