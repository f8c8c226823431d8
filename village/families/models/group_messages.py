"""A message a school's staff sent to a group of its families, written once per language.

It carries no student information (a group is named by grade or language, never by student), so
it passes no consent gate. The record keeps what was written, the languages it went out in and,
per language, how many families got it and how many did not (their language had no translation):
staff-internal counts, never shown to families. Who received it is in its outbox's deliveries,
one per person, so no family learns who else was in the group.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GroupMessage(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # "all", "grade:3" or "language:ar" (`village.families.group_messages.Group`).
    group = models.CharField(_("group"), max_length=40)
    written_in = models.CharField(_("written in"), max_length=10)
    # Language code -> {"subject": ..., "body": ...}, only the languages written.
    texts = models.JSONField(default=dict)
    sent_languages = models.JSONField(default=list)
    # Language code -> number of families, for those who got it and those who did not.
    sent_counts = models.JSONField(default=dict)
    not_sent_counts = models.JSONField(default=dict)
    outbox = models.ForeignKey("messaging.Outbox", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The compose form's one-time token: the same form posted twice sends once.
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("group message")
        verbose_name_plural = _("group messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.group} #{self.pk}"
