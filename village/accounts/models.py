"""People, the roles they hold where, and their API tokens."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. What they may see comes from their memberships, never from flags here."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_staff(self) -> bool:
        # Village has no Django admin; nobody is "staff" in Django's sense.
        return False


# Whoever is asking: a signed-in person, or a visitor (rules and public pages see both).
type Person = User | AnonymousUser


class Role(models.TextChoices):
    DISTRICT_LEAD = "district_lead", _("District partnership lead")
    SCHOOL_COORDINATOR = "school_coordinator", _("School coordinator")
    EDUCATOR = "educator", _("Educator or specialist")
    PARTNER_STAFF = "partner_staff", _("Partner staff")
    FAMILY_MEMBER = "family_member", _("Family member")
    STUDENT = "student", _("Student")
    COUNCIL_MEMBER = "council_member", _("Council member")


# Roles that handle other people's data: they must enrol a second factor (TOTP).
STAFF_ROLES = frozenset({Role.DISTRICT_LEAD, Role.SCHOOL_COORDINATOR, Role.EDUCATOR, Role.PARTNER_STAFF})

# Where each role is held.
ROLE_SCOPES: dict[str, frozenset[str]] = {
    Role.DISTRICT_LEAD: frozenset({"district"}),
    Role.SCHOOL_COORDINATOR: frozenset({"school"}),
    Role.EDUCATOR: frozenset({"school"}),
    Role.PARTNER_STAFF: frozenset({"organization"}),
    Role.FAMILY_MEMBER: frozenset({"district"}),
    Role.STUDENT: frozenset({"school"}),
    Role.COUNCIL_MEMBER: frozenset({"school", "district"}),
}


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A role one person holds at one district, school or partner organization.

    Exactly one of school and organization, or neither (a district-wide role), is set;
    district is set for every district or school membership, as the tenancy key.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_one_scope",
                condition=(
                    Q(organization__isnull=False, district__isnull=True, school__isnull=True)
                    | Q(organization__isnull=True, district__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=Q(ended_at__isnull=True, organization__isnull=False),
                name="membership_unique_active_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(ended_at__isnull=True, school__isnull=False),
                name="membership_unique_active_school",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district"],
                condition=Q(ended_at__isnull=True, school__isnull=True, organization__isnull=True),
                name="membership_unique_active_district",
            ),
        ]
        indexes = [models.Index(fields=["district", "role"]), models.Index(fields=["school", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.scope_name}"

    @property
    def scope(self) -> str:
        if self.organization_id:
            return "organization"
        if self.school_id:
            return "school"
        return "district"

    @property
    def scope_name(self) -> str:
        target = self.organization or self.school or self.district
        return str(target)


class ApiScope(models.TextChoices):
    PROFILE_READ = "profile:read", _("Read your own profile and roles")
    ORGS_READ = "orgs:read", _("Read the schools and partner organizations you can see")
    DISCLOSURES_READ = "disclosures:read", _("Read the record of disclosures of the districts you lead")
    PARTNERSHIPS_READ = "partnerships:read", _("Read the partnerships and agreements you take part in")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the secret is shown once, at creation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
