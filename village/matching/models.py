"""Allocation runs: scarce program seats shared among chosen needs, reviewed and approved by a coordinator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AllocationStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready for review")
    APPROVED = "approved", _("Approved: referrals sent")
    FAILED = "failed", _("Could not run")


class AllocationRun(models.Model):
    """Seats of chosen programs shared among chosen needs: the result a coordinator reviews and approves.

    `result` holds one row per applicant (need, student, program or none, distance, reason);
    `fairness` holds the table by student group for this allocation and a first-come baseline.
    """

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="+")
    services = models.ManyToManyField("directory.Service", related_name="+")
    needs = models.ManyToManyField("families.Need", related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=AllocationStatus.choices, default=AllocationStatus.QUEUED)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=list, blank=True)
    fairness = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"allocation {self.pk} ({self.status})"
