"""How allauth fits Village: no public sign-up, and a recent sign-in counts as reauthentication.

The mail allauth sends (sign-in codes, password resets) goes through the outbox: that hook is
`village.messaging.adapter.MessagingAccountAdapter`, a subclass of this one, because `messaging`
sits above `accounts` and this module may not import it. `ACCOUNT_ADAPTER` names the subclass.
"""

from __future__ import annotations

import time

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.http import HttpRequest


class VillageAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People are added by their district (roles) or by the roster sync, never by sign-up.
        return False

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
