"""Volunteering: opportunities posted by schools and partners, the people who sign up (without a
staff account), the clearances the district requires (status and dates only: Village never runs
a check), and the hours volunteers log through their private link and staff confirm."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A clearance expiring within this many days is "expiring soon": its reminder goes out then.
EXPIRY_NOTICE_DAYS = 30


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ClearanceKind(models.TextChoices):
    BACKGROUND_CHECK = "background_check", _("Background check")
    TRAINING = "training", _("Volunteer training")
    TB_TEST = "tb_test", _("Tuberculosis test")
    REFERENCES = "references", _("References")


class Opportunity(models.Model):
    """A volunteer role at a school, posted by its staff or by a partner serving it. People sign
    up through the page behind `token`; the role's text is the poster's own (not a catalog phrase)."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="volunteer_opportunities")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # the partner posting it, if any
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # confirmed hours are recorded as this partnership's shared resources
    role = models.CharField(_("role"), max_length=200)
    description = models.TextField(_("what volunteers do"), blank=True)
    schedule = models.CharField(_("when (days, times or shifts)"), max_length=300)
    skills = models.CharField(_("skills that help"), max_length=300, blank=True)
    languages = models.JSONField(_("languages that help"), default=list, blank=True)
    clearances = models.JSONField(_("clearances required"), default=list, blank=True)
    places = models.PositiveIntegerField(_("volunteers needed"), null=True, blank=True)
    is_open = models.BooleanField(_("taking sign-ups"), default=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("volunteer opportunity")
        verbose_name_plural = _("volunteer opportunities")

    def __str__(self) -> str:
        return self.role

    def clearance_names(self) -> list[str]:
        names = dict(ClearanceKind.choices)
        return [str(names.get(code, code)) for code in self.clearances]


class Volunteer(models.Model):
    """Someone who volunteers in a district, known by their email address there. They reach their
    own page (sign-ups, hours) through a private link; only its hash is kept."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10)
    link_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [models.UniqueConstraint(fields=["district", "email"], name="volunteer_one_per_email")]

    def __str__(self) -> str:
        return self.name


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Not approved")


class Signup(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("message to the coordinator"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SignupStatus.choices, default=SignupStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("volunteer sign-up")
        verbose_name_plural = _("volunteer sign-ups")
        constraints = [models.UniqueConstraint(fields=["opportunity", "volunteer"], name="signup_one_per_volunteer")]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.opportunity}"


class ClearanceStatus:
    """What a clearance record says today (the pages word each one)."""

    CURRENT = "current"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"


class Clearance(models.Model):
    """A clearance the volunteer holds, as recorded by staff from what they were shown: the kind,
    when it was cleared and when it expires (empty: it does not expire)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="clearances")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("clearance"), max_length=30, choices=ClearanceKind.choices)
    cleared_on = models.DateField(_("cleared on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    note = models.CharField(_("note (who checked it, reference)"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)  # the expiry reminder went out

    class Meta:
        ordering = ["kind", "-cleared_on", "id"]
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("cleared_on")),
                name="clearance_expires_after_cleared",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def status(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.expires_on is None:
            return ClearanceStatus.CURRENT
        if self.expires_on <= today:
            return ClearanceStatus.EXPIRED
        if self.expires_on <= today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS):
            return ClearanceStatus.EXPIRING
        return ClearanceStatus.CURRENT


class HoursStatus(models.TextChoices):
    LOGGED = "logged", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not confirmed")


class HoursLog(models.Model):
    """Hours a volunteer says they gave on a day, for an approved sign-up; staff confirm them."""

    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="hours")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    note = models.CharField(_("what you did"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=HoursStatus.choices, default=HoursStatus.LOGGED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    resource = models.ForeignKey(
        "partnerships.ResourceShare", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )  # the partnership's ledger line these hours became
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="hours_in_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.signup} · {self.date} · {self.hours}"
