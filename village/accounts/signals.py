"""Sign-in successes and failures go into the audit trail."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from village.accounts.models import User
from village.audit.actions import record


@receiver(user_logged_in)
def audit_login(sender: object, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    record(user, "accounts.user.logged_in", user)


@receiver(user_login_failed)
def audit_login_failed(
    sender: object, credentials: dict[str, object], request: HttpRequest | None = None, **kwargs: object
) -> None:
    record(None, "accounts.user.login_failed", None, email=str(credentials.get("email", ""))[:254])
