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


# --- Mentoring --------------------------------------------------------------------------------
# A program at a school, run through a directory service of the organization that runs it (the
# recipient every consent names): students reach it by a referral to that service, so the usual
# consent gate lets them in. Its mentors are cleared volunteers; what a mentor sees of a student
# is what the referral's consent covers, and nothing else.


class Interest(models.TextChoices):
    READING = "reading", _("Reading and stories")
    MATH = "math", _("Math")
    SCIENCE = "science", _("Science")
    ART = "art", _("Art")
    MUSIC = "music", _("Music")
    SPORTS = "sports", _("Sports")
    TECHNOLOGY = "technology", _("Computers and technology")
    GAMES = "games", _("Games")
    NATURE = "nature", _("Nature and animals")
    COOKING = "cooking", _("Cooking")
    CAREERS = "careers", _("Jobs and careers")
    COLLEGE = "college", _("College")


class MeetingTime(models.TextChoices):
    MON = "mon", _("Monday after school")
    TUE = "tue", _("Tuesday after school")
    WED = "wed", _("Wednesday after school")
    THU = "thu", _("Thursday after school")
    FRI = "fri", _("Friday after school")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


class EndReason(models.TextChoices):
    GOALS_MET = "goals_met", _("The student reached their goals")
    STUDENT_MOVED = "student_moved", _("The student moved or changed school")
    FAMILY_ASKED = "family_asked", _("The student or family asked to stop")
    MENTOR_LEFT = "mentor_left", _("The mentor could not continue")
    NO_CONTACT = "no_contact", _("They stopped meeting")
    NOT_A_FIT = "not_a_fit", _("The match was not a good fit")
    PROGRAM_ENDED = "program_ended", _("The program ended")


class CheckInSide(models.TextChoices):
    STUDENT = "student", _("Student and family")
    MENTOR = "mentor", _("Mentor")


class CheckInScore(models.IntegerChoices):
    BADLY = 1, _("Not well")
    OKAY = 2, _("Okay")
    WELL = 3, _("Well")


class MentoringProgram(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="mentoring_programs")
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    clearances = models.JSONField(_("clearances mentors need"), default=list, blank=True)
    max_mentees = models.PositiveSmallIntegerField(
        _("most students one mentor may take"), default=3, validators=[MinValueValidator(1)]
    )
    stall_days = models.PositiveSmallIntegerField(
        _("days without a meeting before a match counts as stalled"), default=30, validators=[MinValueValidator(7)]
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("mentoring program")
        verbose_name_plural = _("mentoring programs")

    def __str__(self) -> str:
        return self.name


class Mentor(models.Model):
    """A cleared volunteer joined to a program, with what they offer (languages, interests, times)
    and, only if they chose to say it, a cultural background or experience they share."""

    program = models.ForeignKey(MentoringProgram, on_delete=models.CASCADE, related_name="mentors")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="mentoring")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    capacity = models.PositiveSmallIntegerField(_("students they can take"), validators=[MinValueValidator(1)])
    languages = models.JSONField(_("languages"), default=list)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    times = models.JSONField(_("times they can meet"), default=list)
    background = models.CharField(_("background or experience they choose to share"), max_length=200, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["volunteer__name", "id"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [models.UniqueConstraint(fields=["program", "volunteer"], name="mentor_once_per_program")]

    def __str__(self) -> str:
        return self.volunteer.name


class Mentee(models.Model):
    """A student in a program's cohort, come through a referral to the program's service (so a
    consent covers it). `background` is filled only when the family chose to say it."""

    program = models.ForeignKey(MentoringProgram, on_delete=models.CASCADE, related_name="mentees")
    referral = models.OneToOneField("referrals.Referral", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey("families.Student", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    languages = models.JSONField(_("languages"), default=list)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    times = models.JSONField(_("times they can meet"), default=list)
    background = models.CharField(_("background or experience the family chose to share"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("mentee")
        verbose_name_plural = _("mentees")

    def __str__(self) -> str:
        return f"mentee {self.pk}"


class Pair(models.Model):
    program = models.ForeignKey(MentoringProgram, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="pairs")
    mentee = models.ForeignKey(Mentee, on_delete=models.PROTECT, related_name="pairs")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=EndReason.choices, blank=True)
    reasons = models.JSONField(default=list, blank=True)  # why they were paired: [[code, [values]], ...]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(ended_on__isnull=True), name="pair_one_active_per_mentee"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | (Q(ended_on__gte=models.F("started_on")) & ~Q(end_reason="")),
                name="pair_ends_after_start_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"pair {self.pk}"

    @property
    def active(self) -> bool:
        return self.ended_on is None


class Meeting(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("mentoring meeting")
        verbose_name_plural = _("mentoring meetings")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=5, minutes__lte=600), name="meeting_minutes_in_range")
        ]

    def __str__(self) -> str:
        return f"{self.pair_id} · {self.date}"


class CheckIn(models.Model):
    """How it goes, asked once a month of each side of a pair: the student (and family) by the
    messaging app in their language, the mentor by email or on their private page."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="check_ins")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("who"), max_length=10, choices=CheckInSide.choices)
    month = models.DateField()  # the first day of the month it is about
    token = models.CharField(max_length=64, unique=True, default=new_token)
    requested_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("how it goes"), choices=CheckInScore.choices, null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)  # the coordinator read a bad one
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-month", "side", "id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["pair", "side", "month"], name="check_in_once_a_month"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=3), name="check_in_score"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair_id} · {self.side} · {self.month}"
