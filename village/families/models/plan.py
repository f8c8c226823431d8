"""Family-centered plans: goals, needs with their barriers and supports, status over time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from village.families.models.core import Student
from village.families.vocab import Barrier, NeedCategory, NeedSource, NeedStatus, Urgency


class Plan(models.Model):
    """One plan per student, built by the family and the school together."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="plan")
    success_in_own_words = models.TextField(_("What success looks like for this child, in your own words"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("family-centered plan")
        verbose_name_plural = _("family-centered plans")

    def __str__(self) -> str:
        return str(self.student)


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Working on it")
    REACHED = "reached", _("Reached")
    SET_ASIDE = "set_aside", _("Set aside")


class Goal(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    target_date = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class Need(models.Model):
    """A need of a student or their family, with the barriers in its way. History keeps every status."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="needs")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="needs")
    category = models.CharField(_("category"), max_length=30, choices=NeedCategory.choices)
    description = models.TextField(_("what is needed"), blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    source = models.CharField(_("raised by"), max_length=20, choices=NeedSource.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    barriers = models.JSONField(_("barriers in the way"), default=list, blank=True)
    supports_in_place = models.TextField(_("supports already in place"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    created_at = models.DateTimeField(_("raised"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["school", "status", "category"]),
            models.Index(fields=["student", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.student}"

    def barrier_labels(self) -> list[str]:
        labels = dict(Barrier.choices)
        return [str(labels.get(b, b)) for b in self.barriers]
