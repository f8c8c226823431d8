"""Claiming a reminder once, so a daily run that is missed or repeated never sends it twice."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from village.partnerships.models import ReminderLog


def claim_reminder(key: str) -> bool:
    """True the first time a key is claimed; False if that reminder already went out."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(key=key)
    except IntegrityError:
        return False
    return True
