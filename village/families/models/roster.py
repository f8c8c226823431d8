"""Roster syncs from a student information system (OneRoster 1.2 CSV), with progress and rejections."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from village.lib.imports import ImportJob, ImportStatus

# The sync's statuses are every import's.
SyncStatus = ImportStatus


class RosterSync(ImportJob):
    """One sync run. Rejections are stored as codes and rendered in the reader's language."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")

    progress_message = gettext_noop("%(done)s of %(total)s rows checked (%(percent)s%%).")

    class Meta(ImportJob.Meta):
        verbose_name = _("roster sync")
        verbose_name_plural = _("roster syncs")

    def __str__(self) -> str:
        return f"{self.filename or self.stored_path} ({self.get_status_display()})"
