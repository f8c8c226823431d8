"""Every write about people, roles and tokens. Views, the API and commands call these."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from village.accounts.models import ROLE_SCOPES, ApiScope, ApiToken, Membership, Role, User
from village.accounts.predicates import forget_memberships
from village.audit.actions import record

if TYPE_CHECKING:
    # For the type checker only: a membership points at a place in the tenancy tree, which sits
    # above accounts (its pages need people's roles). pyproject.toml names this one exception.
    from village.orgs.models import District, Organization, School

TOKEN_PREFIX = "vlg_"  # noqa: S105 - a public prefix, not a secret


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def set_language(user: User, language: str) -> None:
    """Remember the person's language choice; it follows them to every device."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("That language is not available."), code="invalid_language")
    if user.preferred_language == language:
        return
    with transaction.atomic():
        old = user.preferred_language
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        record(user, "accounts.user.language_changed", user, old=old, new=language)


def update_profile(user: User, *, name: str | None = None, preferred_language: str | None = None) -> None:
    """Save the fields given that differ from what is stored. A field left out (None) is kept, so
    a person who never chose a language does not get one by saving the page as it was shown."""
    given = [(f, v) for f, v in (("name", name), ("preferred_language", preferred_language)) if v is not None]
    with transaction.atomic():
        changed = [f for f, v in given if getattr(user, f) != v]
        if not changed:
            return
        for f, v in given:
            setattr(user, f, v)
        user.save(update_fields=changed)
        record(user, "accounts.user.profile_updated", user, fields=changed)


def set_password(actor: User | None, user: User, password: str) -> None:
    """Give the person a new password, checked against the password rules (which raise
    ValidationError). The password is never recorded; the event says only that it changed,
    and who changed it (None: an operator's command)."""
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(actor, "accounts.user.password_set", user)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def create_api_token(user: User, *, name: str, scopes: list[str], expires_at: datetime | None = None) -> IssuedToken:
    """Issue a personal API token. The secret is returned once and never stored."""
    valid = set(ApiScope.values)
    if not scopes:
        raise ValidationError(_("Choose at least one scope."), code="no_scopes")
    unknown = [s for s in scopes if s not in valid]
    if unknown:
        raise ValidationError(_("Unknown scope: %(scope)s.") % {"scope": ", ".join(unknown)}, code="unknown_scope")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(_("The expiry date must be in the future."), code="expiry_in_past")
    body = secrets.token_urlsafe(32)
    prefix = body[:8]
    secret = f"{TOKEN_PREFIX}{body}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            digest=hash_token(secret),
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
        )
        record(user, "accounts.api_token.created", token, scopes=token.scopes)
    return IssuedToken(token=token, secret=secret)


def revoke_api_token(actor: User, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, "accounts.api_token.revoked", token)


def authenticate_api_token(secret: str) -> ApiToken | None:
    """The usable token matching `secret`, with its last use noted (at most once a minute)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(digest=hash_token(secret)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def grant_membership(
    actor: User | None,
    *,
    email: str,
    name: str,
    role: str,
    district: District | None = None,
    school: School | None = None,
    organization: Organization | None = None,
    title: str = "",
    language: str = "",
) -> Membership:
    """Give a person (created if new, by email, with `language` as their language) a role at one place.
    `actor` is None when an operator's command grants it (the demo's personas).

    A new person gets no password: they sign in with an emailed code or set a password
    through "forgot password". Telling them is the caller's part (`village.orgs.actions.grant_role`
    grants and tells).
    """
    if role not in Role.values:
        raise ValidationError(_("Unknown role."), code="unknown_role")
    scope = "organization" if organization else "school" if school else "district" if district else None
    if scope is None or scope not in ROLE_SCOPES[role]:
        raise ValidationError(_scope_message(ROLE_SCOPES[role]), code="wrong_scope")
    if school is not None:
        district = school.district
    _check_language(language)
    with transaction.atomic():
        user, _created = _find_or_create(email, name, language)
        existing = Membership.objects.active().filter(
            user=user,
            role=role,
            district=district if not organization else None,
            school=school,
            organization=organization,
        )
        if existing.exists():
            raise ValidationError(_("This person already holds that role there."), code="duplicate_membership")
        membership = Membership.objects.create(
            user=user,
            role=role,
            district=None if organization else district,
            school=school,
            organization=organization,
            title=title,
        )
        target = organization or school or district
        record(
            actor,
            "accounts.membership.granted",
            target,
            district_id=district.pk if district and not organization else None,
            person=user.email,
            role=role,
        )
    forget_memberships(user)
    return membership


def ensure_person(actor: User | None, *, email: str, name: str, language: str = "") -> tuple[User, bool]:
    """The person with this email address, and whether they were created now: a new person gets
    no password (they sign in with an emailed code) and `language` as their language."""
    _check_language(language)
    with transaction.atomic():
        user, created = _find_or_create(email, name, language)
        if created:
            record(actor, "accounts.user.created", user, person=user.email)
    return user, created


def _check_language(language: str) -> None:
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(_("That language is not available."), code="invalid_language")


def _find_or_create(email: str, name: str, language: str) -> tuple[User, bool]:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Enter a valid email address."), code="invalid_email") from None
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    return User.objects.create_user(email=email, name=name.strip() or email, preferred_language=language), True


def end_membership(actor: User, membership: Membership) -> None:
    if membership.ended_at is not None:
        return
    with transaction.atomic():
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        target = membership.organization or membership.school or membership.district
        record(
            actor,
            "accounts.membership.ended",
            target,
            district_id=membership.district_id,
            person=membership.user.email,
            role=membership.role,
        )
    forget_memberships(membership.user)


def _scope_message(scopes: frozenset[str]) -> str:
    if scopes == {"school", "district"}:
        return _("This role is held at a school or for a whole district.")
    if scopes == {"school"}:
        return _("This role is held at a school: choose one.")
    if scopes == {"organization"}:
        return _("This role is held at a partner organization: choose one.")
    return _("This role is held for a whole district: choose no school and no organization.")
