"""Letters: messages for people whose channel is paper, printed by their school's staff.

A letter waits "to be printed" until someone marks it printed (each letter once: only a letter
still waiting moves). A letter whose person now accepts email is sent by email instead, when staff
choose so; either way it leaves the print list, so nothing is printed twice or lost.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from village.accounts.models import User
from village.audit.actions import record
from village.messaging.actions import _enqueue
from village.messaging.models import Channel, Delivery, DeliveryStatus


def waiting_letters(ids: Iterable[int]) -> list[Delivery]:
    """The letters among these deliveries that still wait to be printed."""
    return list(
        Delivery.objects.filter(pk__in=list(ids), channel=Channel.PAPER, status=DeliveryStatus.TO_PRINT)
        .select_related("recipient", "outbox")
        .order_by("pk")
    )


def mark_printed(actor: User, letters: Iterable[Delivery], *, district_id: int | None = None) -> int:
    """Staff printed these letters: each still waiting becomes printed (its `sent_at` the moment).
    Returns how many moved; a letter marked already, or sent another way since, is left as it is."""
    ids = [d.pk for d in letters]
    now = timezone.now()
    with transaction.atomic():
        moved = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=ids, channel=Channel.PAPER, status=DeliveryStatus.TO_PRINT)
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=moved).update(
            status=DeliveryStatus.PRINTED, sent_at=now, last_attempt_at=now, attempts=F("attempts") + 1
        )
        if moved:
            record(actor, "messaging.letters.printed", None, district_id=district_id, deliveries=moved)
    return len(moved)


def send_letters_by_email(actor: User, letters: Iterable[Delivery], *, district_id: int | None = None) -> int:
    """These letters go by email instead (their people now accept it): each still waiting becomes
    a queued email to its person's address, sent after commit. Returns how many."""
    chosen = {d.pk: d for d in letters if d.recipient is not None and d.recipient.email}
    with transaction.atomic():
        moved = []
        for pk in (
            Delivery.objects.select_for_update()
            .filter(pk__in=list(chosen), channel=Channel.PAPER, status=DeliveryStatus.TO_PRINT)
            .values_list("pk", flat=True)
        ):
            recipient = chosen[pk].recipient
            assert recipient is not None
            Delivery.objects.filter(pk=pk).update(
                channel=Channel.EMAIL, address=recipient.email, status=DeliveryStatus.QUEUED, next_attempt_at=None
            )
            moved.append(pk)
        if moved:
            record(actor, "messaging.letters.emailed", None, district_id=district_id, deliveries=moved)
            transaction.on_commit(lambda: _enqueue(moved))
    return len(moved)
