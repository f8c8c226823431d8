"""Family and student voice: themes, surveys, listening sessions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """What families and students said, gathered from sessions and surveys."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    # null: district-wide
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    # codes of village.families.vocab.Barrier
    barriers = models.JSONField(_("barriers"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.title
