"""Transit feeds: each import's job, each loaded version of a region's feed, and its stops.

A region may have several feeds (one per operator, by `name`); loading a feed again makes a new
version and, in the same transaction, the current one of that name (see `actions.apply_feed`),
so readers see either the old timetable or the new one, never half of each. The timetable itself
is one compressed numpy blob per version (docs/decisions/0009-transit.md says why).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from village.lib.imports import ImportJob
from village.lib.vocab import Weekday
from village.transit.timetable import Timetable


class FeedImport(ImportJob):
    """One GTFS load, run in the background; its report names every problem by file and row."""

    region = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    feed_name = models.CharField(_("feed name"), max_length=100)

    progress_message = gettext_noop("%(done)s of %(total)s rows read (%(percent)s%%).")

    class Meta(ImportJob.Meta):
        verbose_name = _("transit feed import")
        verbose_name_plural = _("transit feed imports")

    def __str__(self) -> str:
        return f"{self.feed_name}: {self.filename} ({self.get_status_display()})"


class FeedVersion(models.Model):
    region = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("feed name"), max_length=100)
    agency = models.CharField(_("agency"), max_length=255, blank=True)
    loaded_by = models.ForeignKey(FeedImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    first_day = models.DateField(_("first day of service"))
    last_day = models.DateField(_("last day of service"))
    is_current = models.BooleanField(_("current"), default=False)
    stop_count = models.PositiveIntegerField(default=0)
    trip_count = models.PositiveIntegerField(default=0)
    timetable_npz = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("transit feed version")
        verbose_name_plural = _("transit feed versions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], condition=Q(is_current=True), name="transit_one_current_version_per_feed"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_day}–{self.last_day})"

    def timetable(self) -> Timetable:
        return Timetable.from_bytes(bytes(self.timetable_npz))


class Stop(models.Model):
    """A boarding stop of one feed version; `index` is its position in the version's arrays."""

    version = models.ForeignKey(FeedVersion, on_delete=models.CASCADE, related_name="stops")
    index = models.PositiveIntegerField()
    code = models.CharField(_("stop ID"), max_length=255)
    name = models.CharField(_("name"), max_length=255)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["version", "index"]
        constraints = [
            models.UniqueConstraint(fields=["version", "index"], name="transit_stop_index_unique"),
            models.UniqueConstraint(fields=["version", "code"], name="transit_stop_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class WindowMatrix(models.Model):
    """Stop-to-stop travel minutes of one feed version over one weekly window (the median over its
    departure minutes) and the changes of that median journey, computed by the worker, never in a
    request. `minutes_npz` holds two arrays, `minutes` (uint16) and `changes` (uint8)."""

    version = models.ForeignKey(FeedVersion, on_delete=models.CASCADE, related_name="windows")
    weekday = models.SmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()
    service_day = models.DateField()  # the feed's date the timetable was taken from
    step_seconds = models.PositiveIntegerField(default=60)
    minutes_npz = models.BinaryField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("travel-time matrix")
        verbose_name_plural = _("travel-time matrices")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "weekday", "starts", "ends"], name="transit_one_matrix_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class WantedWindow(models.Model):
    """A weekly window someone in the region travels in (a family's free time): the worker computes
    its matrix for every current feed, after each load and when a new one is asked for."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="+")
    weekday = models.SmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()
    asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("travel window")
        verbose_name_plural = _("travel windows")
        constraints = [
            models.UniqueConstraint(fields=["region", "weekday", "starts", "ends"], name="transit_one_wanted_window"),
            models.CheckConstraint(condition=Q(starts__lt=models.F("ends")), name="transit_wanted_window_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"
