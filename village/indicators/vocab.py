"""The words of the indicator framework."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PERCENT = "percent", _("Percent of students")
    DAYS = "days", _("Days (average)")
    PER_100 = "per_100", _("Per 100 students")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    TERM = "term", _("Each term")
    YEARLY = "yearly", _("Yearly")


class Source(models.TextChoices):
    """Where values come from: computed from Village's own records, or fed by imports."""

    REFERRAL_COMPLETION = "referral_completion", _("Village: referrals completed")
    TIME_TO_SERVICE = "time_to_service", _("Village: days from referral to service")
    NEEDS_MET = "needs_met", _("Village: needs met")
    FAMILY_PARTICIPATION = "family_participation", _("Village: families who shared their preferences")
    PARTNERSHIP_OPPORTUNITIES = "partnership_opportunities", _("Village: active partnerships")
    EVENT_ATTENDANCE = "event_attendance", _("Village: family attendances at school events")
    SURVEY_ITEM = "survey_item", _("Village: answers to a survey question")
    IMPORT = "import", _("Imported values")


COMPUTED = frozenset(Source.values) - {Source.IMPORT}


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class CelebrationKind(models.TextChoices):
    TARGET_REACHED = "target_reached", _("Target reached")
    GAP_CLOSED = "gap_closed", _("Gap closed")
    AGREEMENT_RENEWED = "agreement_renewed", _("Agreement renewed")
    MILESTONE = "milestone", _("Milestone met")


class Practice(models.TextChoices):
    CO_TEACHING = "co_teaching", _("Co-teaching")
    ACCOMMODATIONS = "accommodations", _("Accommodations provided")
    UDL_LESSON = "udl_lesson", _("Universal-design lesson")
