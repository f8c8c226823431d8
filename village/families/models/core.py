"""Households and students, in the minimal form the foundation needs.

Every table here carries its district: student data never crosses districts, and the
district is the distribution key should the database ever be sharded.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Household(models.Model):
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="households")
    name = models.CharField(_("household name"), max_length=200)
    # An ISO 639 code; the family may speak a language the UI does not (yet) offer.
    home_language = models.CharField(_("home language"), max_length=12, default="en")
    # The roster's sourcedId of the guardian the household was first built from (blank if entered by hand).
    sourced_id = models.CharField(_("roster ID"), max_length=100, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Guardian")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER = "other", _("Other family member")


class HouseholdMember(models.Model):
    """A person who signs in on behalf of a household."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="household_links")
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    # The roster's guardian this person is, when they came through an invitation to that guardian.
    guardian = models.OneToOneField("Guardian", on_delete=models.SET_NULL, null=True, blank=True, related_name="member")
    created_at = models.DateTimeField(_("linked"), default=timezone.now)
    # The person's own mobile number for texts (E.164), confirmed with a code sent to it; used
    # instead of the roster's. A number being confirmed waits in `mobile_pending`.
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True, db_index=True)
    mobile_confirmed_at = models.DateTimeField(null=True, blank=True)
    mobile_pending = models.CharField(max_length=20, blank=True)
    mobile_code = models.CharField(max_length=64, blank=True)  # keyed digest, never the code
    mobile_code_expires_at = models.DateTimeField(null=True, blank=True)
    mobile_code_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "user"], name="household_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_relationship_display()}) · {self.household}"


class RaceEthnicity(models.TextChoices):
    """Federal reporting categories (two-question format collapsed, as in EDFacts)."""

    HISPANIC = "hispanic", _("Hispanic or Latino")
    AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
    ASIAN = "asian", _("Asian")
    BLACK = "black", _("Black or African American")
    PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Other Pacific Islander")
    WHITE = "white", _("White")
    MULTIRACIAL = "multiracial", _("Two or more races")


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Student(models.Model):
    """A learner. `local_id` is a district-local pseudonymous identifier, not a SIS number."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="students")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, related_name="students")
    household = models.ForeignKey(Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="students")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="student_record"
    )
    local_id = models.CharField(_("student ID"), max_length=40)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    grade = models.SmallIntegerField(_("grade"), help_text=_("0 is kindergarten."))
    status = models.CharField(_("status"), max_length=20, choices=EnrollmentStatus.choices, default="enrolled")
    # Student-group flags of DOMAIN.md, used for disaggregation.
    has_iep = models.BooleanField(_("has an IEP"), default=False)
    has_504 = models.BooleanField(_("has a 504 plan"), default=False)
    english_learner = models.BooleanField(_("English learner"), default=False)
    economically_disadvantaged = models.BooleanField(_("economically disadvantaged"), default=False)
    homeless = models.BooleanField(_("experiencing homelessness"), default=False)
    foster_care = models.BooleanField(_("in foster care"), default=False)
    race_ethnicity = models.CharField(_("race/ethnicity"), max_length=20, choices=RaceEthnicity.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # FERPA directory information (name, grade, school) is not shared even without consent rules
    # when the family opted out.
    directory_opt_out = models.BooleanField(_("opted out of directory information"), default=False)
    anonymized_at = models.DateTimeField(_("anonymized"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "local_id"], name="student_unique_local_id"),
            models.CheckConstraint(condition=models.Q(grade__gte=-1, grade__lte=13), name="student_grade_range"),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def with_disability(self) -> bool:
        return self.has_iep or self.has_504

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Guardian(models.Model):
    """A parent, guardian or other contact from the roster: contact details, not a sign-in. Each is a
    possible member of the household, invited (by email or a printed letter) to claim an account."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="guardians")
    sourced_id = models.CharField(_("roster ID"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # OneRoster's `sms`: a number that takes text messages (none are sent until that channel exists).
    sms = models.CharField(_("mobile number for text messages"), max_length=40, blank=True)
    # An Ed-Fi LanguageDescriptor code (ISO 639-2) from the roster: any language, not only the UI's.
    language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        constraints = [models.UniqueConstraint(fields=["district", "sourced_id"], name="guardian_unique_sourced_id")]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class AssignmentRole(models.TextChoices):
    TEACHER = "teacher", _("Classroom teacher")
    SPECIALIST = "specialist", _("Specialist (special education, English learners, counseling)")


class EducatorAssignment(models.Model):
    """An educator serves a student: from the roster's class enrollments, or added by a coordinator.

    Educators see only the students they serve; specialists also see disability and program flags.
    """

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    educator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=20, choices=AssignmentRole.choices, default=AssignmentRole.TEACHER)
    from_roster = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("educator assignment")
        verbose_name_plural = _("educator assignments")
        constraints = [
            models.UniqueConstraint(fields=["educator", "student"], name="educator_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.educator} → {self.student}"
