from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

from village.messaging.models import MAX_ATTEMPTS, Delivery, DeliveryStatus, retry_delay


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery. A failure is recorded on the row (attempts, last error) with the time
    of the next attempt, backing off exponentially; a worker backend that can defer tasks
    runs it then, and `send_reminders` (daily) or the outbox page retry what is due."""
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
        delivery.next_attempt_at = (
            delivery.last_attempt_at + retry_delay(delivery.attempts) if delivery.attempts < MAX_ATTEMPTS else None
        )
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.next_attempt_at = None
    delivery.save(update_fields=["attempts", "last_attempt_at", "status", "last_error", "sent_at", "next_attempt_at"])
    if delivery.next_attempt_at is not None and deliver.get_backend().supports_defer:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return str(delivery.status)
