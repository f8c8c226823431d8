"""Roster syncs from a student information system (OneRoster 1.2 CSV), with progress and rejections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SyncStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    CHECKED = "checked", _("Checked, nothing applied")
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Not applied: some rows were rejected")
    FAILED = "failed", _("Failed")


class RosterSync(models.Model):
    """One sync run. Rejections are stored as codes and rendered in the reader's language."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    source = models.CharField(max_length=500)
    dry_run = models.BooleanField(_("dry run"), default=False)
    apply_valid = models.BooleanField(_("apply valid rows"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=SyncStatus.choices, default=SyncStatus.QUEUED)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    rejections = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roster sync")
        verbose_name_plural = _("roster syncs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
