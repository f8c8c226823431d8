"""Queueing and retrying messages. Callers render text in the recipient's language first."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from village.audit.actions import record
from village.messaging.models import MAX_ATTEMPTS, Channel, Delivery, DeliveryStatus, Outbox


@dataclass(frozen=True)
class Rendered:
    """One recipient's message: `recipient` is a User; subject and body are in their language."""

    recipient: Any
    subject: str
    body: str
    language: str = ""


def queue_email(kind: str, messages: Iterable[Rendered], *, district_id: int | None = None) -> Outbox | None:
    """Write one outbox message with a delivery per recipient, and send each after commit.

    Recipients without an email address, or inactive accounts, are skipped. Returns None
    when nobody is left to write to.
    """
    usable = [m for m in messages if m.recipient is not None and m.recipient.is_active and m.recipient.email]
    if not usable:
        return None
    with transaction.atomic():
        outbox = Outbox.objects.create(kind=kind, district_id=district_id)
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                outbox=outbox,
                recipient=m.recipient,
                channel=Channel.EMAIL,
                address=m.recipient.email,
                language=m.language,
                subject=m.subject[:300],
                body=m.body,
            )
            for m in usable
        )
        record(None, "messaging.outbox.queued", outbox, district_id=district_id, kind=kind, recipients=len(usable))
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: _enqueue(ids))
    return outbox


def queue_each(
    kind: str, people: Iterable[Any], subject: Any, body: Any, *, district_id: int | None = None, **values: Any
) -> Outbox | None:
    """Render one message per person in that person's language, then queue them.

    `subject` and `body` are lazy translations (`gettext_lazy`) with %(name)s placeholders.
    """
    from django.conf import settings
    from django.utils import translation

    messages = []
    for person in people:
        language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            messages.append(Rendered(person, str(subject) % values, str(body) % values, language))
    return queue_email(kind, messages, district_id=district_id)


def _enqueue(ids: list[int]) -> None:
    from village.messaging.tasks import deliver

    for pk in ids:
        deliver.enqueue(pk)


def retry_failed_deliveries(now: datetime.datetime | None = None) -> int:
    """Re-send every failed delivery that has attempts left and whose back-off has passed.
    Returns how many were queued."""
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now or timezone.now()))
        .values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def retry_now(actor: Any, delivery: Delivery) -> None:
    """A person asks for one failed delivery to be tried again at once (it gets one more attempt
    even if it had given up)."""
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(_("Only a failed message can be sent again."))
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=min(delivery.attempts, MAX_ATTEMPTS - 1), next_attempt_at=None
        )
        record(actor, "messaging.delivery.retried", delivery.outbox, delivery=delivery.pk)
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
