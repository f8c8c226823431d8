"""What each side brings: shared resources (both ways) and funding by source."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    SPACE = "space", _("Space")
    STAFF_TIME = "staff_time", _("Staff time")
    TECHNOLOGY = "technology", _("Technology")
    VOLUNTEERS = "volunteers", _("Volunteers")
    EXPERTISE = "expertise", _("Expertise or training")
    IN_KIND = "in_kind", _("In-kind goods")
    MONEY = "money", _("Money")


class Direction(models.TextChoices):
    SCHOOL_TO_PARTNER = "school_to_partner", _("School side to partner")
    PARTNER_TO_SCHOOL = "partner_to_school", _("Partner to school side")


class ResourceShare(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind of resource"), max_length=20, choices=ResourceKind.choices)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    description = models.CharField(_("description"), max_length=300)
    hours = models.DecimalField(
        _("hours"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("For staff time and volunteers."),
    )
    value = models.DecimalField(
        _("value in dollars"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("shared resource")
        verbose_name_plural = _("shared resources")
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=0) | Q(hours__isnull=True), name="resource_hours_positive"),
            models.CheckConstraint(condition=Q(value__gte=0) | Q(value__isnull=True), name="resource_value_positive"),
        ]

    def __str__(self) -> str:
        return self.description


class FundingSourceType(models.TextChoices):
    GRANT = "grant", _("Grant")
    CORPORATE = "corporate", _("Corporate sponsorship")
    IN_KIND = "in_kind", _("In-kind")
    DISTRICT_BUDGET = "district_budget", _("District budget")
    OTHER = "other", _("Other")


class FundingSource(models.Model):
    """Money behind a partnership, for a period. `district` (the partnership's) is the tenancy key."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="funding")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    source_type = models.CharField(_("source"), max_length=20, choices=FundingSourceType.choices)
    funder = models.CharField(_("funder"), max_length=200)
    amount = models.DecimalField(
        _("amount in dollars"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    restrictions = models.TextField(_("restrictions"), blank=True)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["end_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_positive"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="funding_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount}"
