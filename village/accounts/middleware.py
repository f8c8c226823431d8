"""Per-person language, and the MFA requirement for staff and partner roles."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from village.accounts.predicates import is_staff_member


class UserLanguageMiddleware:
    """A signed-in person's saved language wins over the browser's and the cookie's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


# Paths a person without MFA may still reach: enrolment itself, signing out, language, assets.
_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/language/", "/api/")


class RequireMFAMiddleware:
    """Send staff and partner roles to TOTP enrolment until they have it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.VILLAGE_MFA_REQUIRED and self._must_enrol(request):
            return redirect(f"{reverse('mfa_activate_totp')}?required=1")
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(_MFA_EXEMPT_PREFIXES):
            return False
        if not is_staff_member(user):
            return False

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
