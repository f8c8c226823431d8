"""Fetch-and-authorise helpers for a person's own account: API tokens (404 alike for missing and forbidden)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet
from django.http import Http404

from village.accounts.models import ApiToken, User


def require_token_manager(user: User) -> None:
    """Personal API tokens are for staff and partner integrations; anyone else gets 404."""
    if not user.has_perm("accounts.manage_api_tokens"):
        raise Http404


def own_tokens(user: User) -> QuerySet[ApiToken]:
    require_token_manager(user)
    return ApiToken.objects.filter(user=user)


def access_own_token(user: User, pk: int) -> ApiToken:
    """One of the person's own tokens."""
    token = own_tokens(user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def has_totp(user: User) -> bool:
    """Whether the person has enrolled an authenticator app for two-step sign-in."""
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())
