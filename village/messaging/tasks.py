from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

from village.messaging.models import Delivery, DeliveryStatus


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery. A failure is recorded on the row (attempts, last error) for a later retry."""
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.status == DeliveryStatus.SENT:
        return "skipped"
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    try:
        EmailMessage(
            subject=delivery.subject,
            body=delivery.body,
            to=[delivery.address],
            from_email=settings.DEFAULT_FROM_EMAIL,
        ).send()
    except Exception as exc:  # any transport error: keep it and retry later
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
    delivery.save(update_fields=["attempts", "last_attempt_at", "status", "last_error", "sent_at"])
    return str(delivery.status)
