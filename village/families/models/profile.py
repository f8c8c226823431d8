"""A family's profile: how to reach them, when they are free, how they travel, what they need to take part."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from village.families.models.core import Household
from village.lib.vocab import Weekday


class FamilyProfile(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="profile")
    # An Ed-Fi LanguageDescriptor code (ISO 639-2): any language, not only the UI's.
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)
    preferred_channels = models.JSONField(_("how to reach you"), default=list, blank=True)
    best_times = models.CharField(_("best times to reach you"), max_length=200, blank=True)
    travel_modes = models.JSONField(_("how you travel"), default=list, blank=True)
    max_travel_minutes = models.PositiveSmallIntegerField(
        _("longest trip you can make, in minutes"), null=True, blank=True
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("farthest you can travel, in kilometres"), null=True, blank=True
    )
    # Where bus trips start: a stop's ID in the region's transit feed, or blank for the school. Never
    # an address; the name is kept so a stop that a new feed no longer serves can still be named.
    trip_stop = models.CharField(_("where your bus trips start"), max_length=255, blank=True)
    trip_stop_name = models.CharField(max_length=255, blank=True)
    accommodations = models.JSONField(_("what you need to take part"), default=list, blank=True)
    accommodations_other = models.CharField(_("anything else you need"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("family profile")
        verbose_name_plural = _("family profiles")

    def __str__(self) -> str:
        return str(self.household)


class AvailabilityWindow(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    profile = models.ForeignKey(FamilyProfile, on_delete=models.CASCADE, related_name="windows")
    weekday = models.SmallIntegerField(_("day"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("time you are available")
        verbose_name_plural = _("times you are available")
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts__lt=models.F("ends")), name="window_in_order"),
            models.CheckConstraint(condition=models.Q(weekday__gte=1, weekday__lte=7), name="window_iso_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"
