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

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from village.accounts.models import User

        user = User.objects.filter(email__iexact=email).only("preferred_language").first()
        language = (user.preferred_language if user else "") or translation.get_language()
        with translation.override(language):
            msg = self.render_mail(template_prefix, email, context)
        send_email.enqueue(
            subject=str(msg.subject),
            body=str(msg.body),
            to=list(msg.to),
            from_email=str(msg.from_email),
        )
