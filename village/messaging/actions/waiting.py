"""Messages that waited for the end of someone's quiet hours, sent when the wait is over."""

from __future__ import annotations

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from village.messaging.actions import _enqueue
from village.messaging.models import Delivery, DeliveryStatus


def release_due(now: datetime.datetime | None = None) -> int:
    """Send the queued deliveries whose wait has ended (quiet hours over), for task backends that
    cannot defer a task: each is released once (its wait cleared in the same update), so runs that
    overlap enqueue it once. Run by `reconcile_deliveries`. Returns how many were released."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now).values_list("pk", flat=True)
    )
    released = [
        pk
        for pk in ids
        if Delivery.objects.filter(pk=pk, status=DeliveryStatus.QUEUED, next_attempt_at__lte=now).update(
            next_attempt_at=None
        )
    ]
    if released:
        transaction.on_commit(partial(_enqueue, released))
    return len(released)
