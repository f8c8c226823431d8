"""How allauth fits Village: no public sign-up, and mail in the recipient's language via the task queue."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from village.accounts.tasks import send_email


class VillageAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People are added by their district (roles) or by the roster sync, never by sign-up.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A sign-in within the reauthentication window counts, so enrolling MFA right after
        signing in does not ask for the password twice."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = getattr(self, "request", None)
        if request is None or not request.user.is_authenticated:
            return True
        import time

        from allauth.account import app_settings
        from allauth.account.internal.flows.login import get_authentication_records

        records = get_authentication_records(request, request.user)
        return not any(time.time() - r["at"] < app_settings.REAUTHENTICATION_TIMEOUT for r in records)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        from village.accounts.models import User

        request = allauth_context.request
        user = User.objects.filter(email__iexact=email).only("preferred_language").first()
        language = (user.preferred_language if user else "") or translation.get_language()
        full_context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        with translation.override(language):
            msg = self.render_mail(template_prefix, email, full_context)
        send_email.enqueue(
            subject=str(msg.subject),
            body=str(msg.body),
            to=list(msg.to),
            from_email=str(msg.from_email),
        )
