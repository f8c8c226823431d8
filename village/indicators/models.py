"""The indicator framework: indicators, periods, values at the finest grain, reviews and celebrations.

Values are stored once per indicator × period × school × student group as a numerator and a
denominator, so any roll-up (district, several periods) is a sum and never a recomputation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from village.accounts.models import Role
from village.indicators.vocab import CelebrationKind, Direction, Frequency, Practice, ReviewStatus, Source, Unit
from village.lib.translation import text_in

ALL_STUDENTS = "all"


class Period(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("name"), max_length=60)
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))

    class Meta:
        ordering = ["starts"]
        constraints = [
            models.UniqueConstraint(fields=["district", "label"], name="indicators_period_label_unique"),
            models.CheckConstraint(condition=models.Q(ends__gte=models.F("starts")), name="indicators_period_order"),
        ]

    def __str__(self) -> str:
        return self.label


class Indicator(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("short code"), max_length=40)
    # Translatable ({language: text}, docs/decisions/0001): written in `source_language`. The
    # starter indicators carry their catalog translations.
    name = models.JSONField(_("name"), default=dict)
    source_language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")
    definition = models.TextField(_("definition"))
    numerator = models.CharField(_("numerator"), max_length=200)
    denominator = models.CharField(_("denominator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.PERCENT)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField(_("target"), max_digits=7, decimal_places=2, null=True, blank=True)
    gap_margin = models.DecimalField(
        _("gap that opens a review"),
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text=_("How far a group may trail all students (in the indicator's unit) before a review opens."),
    )
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    groups = models.JSONField(_("student groups to show"), default=list, blank=True)
    source = models.CharField(_("data source"), max_length=40, choices=Source.choices, default=Source.IMPORT)
    active = models.BooleanField(_("in use"), default=True)
    # For a survey-fed indicator: the share of answers to this 1-5 scale question at or above the threshold.
    survey_question = models.ForeignKey(
        "voice.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey question (1 to 5 scale)"),
    )
    survey_threshold = models.PositiveSmallIntegerField(
        _("answers that count"),
        default=4,
        help_text=_("Answers at or above this point of the 1 to 5 scale count in the numerator."),
    )

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["district", "code"], name="indicators_code_unique")]

    def __str__(self) -> str:
        return text_in(self.name, self.source_language)

    def value_of(self, numerator: int, denominator: int) -> float | None:
        if denominator <= 0:
            return None
        scale = 100 if self.unit in (Unit.PERCENT, Unit.PER_100) else 1
        return scale * numerator / denominator

    def better(self, a: float, b: float) -> bool:
        """Whether `a` is at least as good as `b`."""
        return a >= b if self.direction == Direction.HIGHER else a <= b


class Value(models.Model):
    """The finest grain: one indicator, period, school and student group ("all" for everyone)."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="values")
    school = models.ForeignKey("orgs.School", on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=40, default=ALL_STUDENTS)
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    students = models.PositiveIntegerField(help_text="How many students the figure is about (for suppression).")
    source = models.CharField(max_length=20, default="computed")  # "computed" or "import"
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "school", "group"], name="indicators_value_unique")
        ]
        indexes = [models.Index(fields=["district", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.period_id}/{self.school_id}/{self.group}"


class Review(models.Model):
    """A gap review: opened when a group misses the target or trails all students, worked to closure."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="reviews")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=40)
    reason = models.CharField(max_length=20)  # "target" or "gap"
    evidence = models.JSONField(default=dict)
    convener_role = models.CharField(
        _("convener"), max_length=30, choices=Role.choices, default=Role.SCHOOL_COORDINATOR
    )
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    due = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    findings = models.TextField(_("findings"), blank=True)
    reallocations = models.TextField(_("resources moved"), blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "school", "group"], name="indicators_review_once_per_gap"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.school} · {self.group}"


class ReviewAction(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due = models.DateField(_("due"))
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.text


class Celebration(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=CelebrationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("what happened"), blank=True)
    partners = models.ManyToManyField("orgs.Organization", blank=True, related_name="+", verbose_name=_("partners"))
    indicator = models.ForeignKey(Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    happened_on = models.DateField(_("date"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "school", "kind"],
                condition=models.Q(indicator__isnull=False),
                name="indicators_celebrate_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PracticeLog(models.Model):
    """An educator's note that an inclusive practice happened: the ten-second form."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="+")
    educator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    practice = models.CharField(_("practice"), max_length=30, choices=Practice.choices)
    happened_on = models.DateField(_("date"))
    students = models.PositiveSmallIntegerField(_("students reached"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.practice} {self.happened_on}"


class StudentValue(models.Model):
    """One student's figure for an imported indicator in a period (the student-period grain).

    Imports at this grain are summed into `Value` rows by `actions.rebuild_cube` in one GROUP BY per
    indicator; pages never read these rows.
    """

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey("families.Student", on_delete=models.CASCADE, related_name="+")
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "student"], name="indicators_student_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.period_id}/{self.student_id}"


class PublishedRelease(models.Model):
    """A district's release for one period (`village.indicators.release`), as published: every
    cell's printed form, protected together. Written by `actions.publish_release`; `fingerprint`
    names the figures it was built from, so a release of older figures is never read."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    cells = models.JSONField(default=list)  # [indicator, [school ids], group, display, value, reason]
    scopes = models.JSONField(default=list)  # [[school ids], ...]
    audited = models.PositiveIntegerField(default=0)
    solves = models.PositiveIntegerField(default=0)
    hidden = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period"], name="indicators_release_once_per_period")]

    def __str__(self) -> str:
        return f"{self.district_id}/{self.period_id}"
