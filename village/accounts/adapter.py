"""How allauth fits Village: no public sign-up, and a recent sign-in counts as reauthentication.

The mail allauth sends (sign-in codes, password resets) goes through the outbox: that hook is
`village.messaging.adapter.MessagingAccountAdapter`, a subclass of this one, because `messaging`
sits above `accounts` and this module may not import it. `ACCOUNT_ADAPTER` names the subclass.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.http import HttpRequest
from django.utils import translation


class VillageAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People are added by their district (roles) or by the roster sync, never by sign-up.
        return False

    def login(self, request: HttpRequest, user: Any) -> None:
        """Sign in, then read the rest of the request in the person's saved language, so the
        welcome message (rendered now, shown on the next page) is in their language rather than
        the browser's: the language middleware ran before anyone was signed in."""
        super().login(request, user)
        language = getattr(user, "preferred_language", "")
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language

    def is_reauthentication_required(self, *, app: str, **kwargs: object) -> bool:
        """A sign-in within the reauthentication window counts, so enrolling MFA right after
        signing in does not ask for the password twice."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = getattr(self, "request", None)
        if request is None or not request.user.is_authenticated:
            return True
        records = get_authentication_records(request, request.user)
        return not any(time.time() - r["at"] < app_settings.REAUTHENTICATION_TIMEOUT for r in records)
