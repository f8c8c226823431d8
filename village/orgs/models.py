"""The tenancy tree: a region holds districts and a shared directory of partners."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Region(models.Model):
    """One Village instance serves a region; districts in it share the partner directory."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    nces_id = models.CharField(_("NCES district ID"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:district", kwargs={"slug": self.slug})


class SchoolLevel(models.TextChoices):
    ELEMENTARY = "elementary", _("Elementary school")
    MIDDLE = "middle", _("Middle school")
    HIGH = "high", _("High school")
    OTHER = "other", _("Other school")


class School(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=SchoolLevel.choices, default=SchoolLevel.ELEMENTARY)
    lowest_grade = models.SmallIntegerField(_("lowest grade"), default=0, help_text=_("0 is kindergarten."))
    highest_grade = models.SmallIntegerField(_("highest grade"), default=5)
    address = models.CharField(_("street address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The student information system's identifier (OneRoster `sourcedId`): the roster sync
    # matches on it, so a renamed school is updated rather than created twice.
    sis_id = models.CharField(_("student information system ID"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="school_unique_name_in_district"),
            models.UniqueConstraint(
                fields=["district", "sis_id"], condition=~models.Q(sis_id=""), name="school_unique_sis_id_in_district"
            ),
            models.CheckConstraint(
                condition=models.Q(lowest_grade__lte=models.F("highest_grade")),
                name="school_grades_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("home:school", kwargs={"pk": self.pk})


class PartnerType(models.TextChoices):
    """The partner types of DOMAIN.md."""

    BUSINESS = "business", _("Business")
    COLLEGE = "college", _("College or university")
    NONPROFIT = "nonprofit", _("Nonprofit or community-based organization")
    FAITH = "faith", _("Faith-based organization")
    HEALTH = "health", _("Health or mental-health provider")
    LIBRARY = "library", _("Library")
    MUSEUM_ARTS = "museum_arts", _("Museum or arts organization")
    GOVERNMENT = "government", _("Government or civic body")
    FAMILY_ORG = "family_org", _("Family or parent organization")


class Organization(models.Model):
    """A community partner. Partners belong to the region, so every district can work with them."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organizations")
    name = models.CharField(_("name"), max_length=200)
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="organization_unique_name_in_region"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:organization", kwargs={"pk": self.pk})
