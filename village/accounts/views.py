from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts import actions
from village.accounts.access import access_own_token, has_totp, own_tokens
from village.accounts.forms import ApiTokenForm, LanguageForm, ProfileForm
from village.accounts.http import AuthenticatedHttpRequest, PublicHttpRequest
from village.accounts.models import User
from village.accounts.predicates import memberships


@require_http_methods(["GET", "POST"])
def set_language(request: PublicHttpRequest) -> HttpResponse:
    """Switch language. Works as a plain form post; signed-in people keep the choice on every device."""
    form = LanguageForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        next_url = form.cleaned_data.get("next") or "/"
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = "/"
        if isinstance(request.user, User):
            actions.set_language(request.user, language)
        response = redirect(next_url)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        )
        return response
    return render(request, "accounts/language.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"name": user.name, "preferred_language": user.preferred_language or translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        actions.update_profile(user, **{f: form.cleaned_data[f] for f in form.changed_data})
        translation.activate(form.cleaned_data["preferred_language"])
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships(user), "has_totp": has_totp(user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    tokens = own_tokens(request.user)
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        expires_on = form.cleaned_data.get("expires_on")
        expires_at = timezone.make_aware(datetime.combine(expires_on, time.max)) if expires_on is not None else None
        try:
            issued = actions.create_api_token(
                request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=expires_at,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiTokenForm()
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "issued": issued})


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = access_own_token(request.user, pk)
    actions.revoke_api_token(request.user, token)
    messages.success(request, _("The token was revoked. Programs using it can no longer sign in."))
    return redirect("accounts:api_tokens")


@login_required
def email_address(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sign-in addresses are managed by the district (or the roster sync), not changed by their owner.

    This replaces allauth's self-service email page: an unconfirmed self-service change
    could hand an account to whoever controls the new address.
    """
    return render(request, "accounts/email_address.html")
